"""pyshacl as the reference validator, and as the fallback for shapes the compiler cannot handle.

pyshacl only ever gets rdflib graphs from here: given a string it would open it as a path or URL.
Inference stays off (the ontology's subclass axioms are in the data graph, which is all SHACL's
class checks need) and so does SHACL-AF.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyshacl
import rdflib
from rdflib.namespace import RDF, RDFS

from .report import Finding
from .shapes import SH


def run_pyshacl(data: rdflib.Graph, shapes: rdflib.Graph,
                scope: Iterable[rdflib.term.Node] | None = None) -> list[Finding]:
    """Validate ``data`` with pyshacl; with ``scope``, only focus nodes in it are validated.

    The scope is applied by rewriting each shape's targets to the ``sh:targetNode`` list of its
    focus nodes in scope, not with pyshacl's ``focus_nodes`` option: that option also filters the
    value nodes of nested shapes (a qualified value shape then "conforms" for every value outside the
    list), which silently drops findings (seen with pyshacl 0.40)."""
    nodes = None if scope is None else set(scope)
    if nodes is not None:
        shapes = scoped_shapes(shapes, data, nodes)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                    allow_warnings=True)
    # implicit class targets (a shape that is also a class) are not rewritten; keep to the scope anyway
    return [f for f in findings_from_report(report) if nodes is None or f.focus in nodes]


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def scoped_shapes(shapes: rdflib.Graph, data: rdflib.Graph, scope: set[rdflib.term.Node]) -> rdflib.Graph:
    """A copy of ``shapes`` whose targeted shapes target exactly their focus nodes within ``scope``."""
    out = rdflib.Graph()
    for triple in shapes:
        if triple[1] not in _TARGETS:
            out.add(triple)
    for shape in {s for p in _TARGETS for s in shapes.subjects(p, None)}:
        for node in focus_nodes(shapes, data, shape) & scope:
            out.add((shape, SH.targetNode, node))
    return out


def focus_nodes(shapes: rdflib.Graph, data: rdflib.Graph, shape: rdflib.term.Node) -> set[rdflib.term.Node]:
    """The focus nodes of a shape's explicit targets in ``data`` (SHACL 2.1.3)."""
    nodes: set[rdflib.term.Node] = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        for sub in data.transitive_subjects(RDFS.subClassOf, cls):
            nodes |= set(data.subjects(RDF.type, sub))
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(data.subjects(p, None))  # type: ignore[arg-type]
    for p in shapes.objects(shape, SH.targetObjectsOf):
        nodes |= set(data.objects(None, p))  # type: ignore[arg-type]
    return nodes


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
