"""OWL 2 RL consistency check: does the ontology, with the data, contradict itself?

owlrl computes the closure in memory (fine for the ontology, reference data and a few setups; the
national data set is checked with SHACL instead). Problems come back as readable strings.
"""

from __future__ import annotations

import owlrl
import rdflib
from rdflib.namespace import OWL, RDF

ERRNS = rdflib.Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def owl_rl_closure(graph: rdflib.Graph) -> rdflib.Graph:
    """A copy of ``graph`` expanded with every OWL 2 RL entailment (the input is left untouched)."""
    closure = rdflib.Graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    return closure


def consistency_problems(graph: rdflib.Graph) -> list[str]:
    """Clashes owlrl reports (disjointness, owl:Nothing members, …), sorted; empty if consistent."""
    closure = owl_rl_closure(graph)
    problems = {str(msg) for msg in closure.objects(None, ERRNS.error)}
    problems |= {f"{member} is a member of owl:Nothing" for member in closure.subjects(RDF.type, OWL.Nothing)}
    return sorted(problems)
