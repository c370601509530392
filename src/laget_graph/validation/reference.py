"""pyshacl as the reference validator, and as the fallback for shapes the compiler cannot handle.

pyshacl only ever gets rdflib graphs from here: given a string it would open it as a path or URL.
Inference stays off (the ontology's subclass axioms are in the data graph, which is all SHACL's
class checks need) and so does SHACL-AF.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyshacl
import rdflib
from rdflib.namespace import RDF

from .report import Finding
from .shapes import SH


def run_pyshacl(data: rdflib.Graph, shapes: rdflib.Graph) -> list[Finding]:
    """Validate ``data`` with plain pyshacl: no rewritten targets, no focus-node option. The shapes
    target only what a setup describes, so this is what any SHACL engine reports for the same data."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                    allow_warnings=True)
    return findings_from_report(report)


def findings_from_report(report: rdflib.Graph) -> list[Finding]:
    """Read the results of an ``sh:ValidationReport`` graph."""
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        findings.append(Finding(
            focus=report.value(result, SH.focusNode),  # type: ignore[arg-type]
            shape=report.value(result, SH.sourceShape),  # type: ignore[arg-type]
            severity=report.value(result, SH.resultSeverity),  # type: ignore[arg-type]
            component=report.value(result, SH.sourceConstraintComponent),  # type: ignore[arg-type]
            path=report.value(result, SH.resultPath),
            value=report.value(result, SH.value),
        ))
    return findings


def shapes_subgraph(shapes: rdflib.Graph, roots: Iterable[rdflib.term.Node]) -> rdflib.Graph:
    """Only the given shapes, with everything they reach through blank nodes and their prefix
    declarations, so pyshacl runs the fallback shapes and nothing else."""
    out = rdflib.Graph()
    todo = list(roots)
    seen: set[rdflib.term.Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, rdflib.BNode) or p == SH.prefixes:
                todo.append(o)
    return out
