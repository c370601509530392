"""The standard ``sh:ValidationReport`` in Turtle, one report per setup, messages in nb and en."""

from __future__ import annotations

import rdflib
from rdflib.namespace import DCTERMS, RDF, RDFS

from ...namespaces import PREFIXES
from ..report import Report
from ..shapes import LGSH, SH
from .common import message


def report_graph(report: Report, lang: str = "nb") -> rdflib.Graph:
    g = rdflib.Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("sh", SH)
    g.bind("lgsh", LGSH)
    for setup in report.setups:
        node = rdflib.BNode()
        g.add((node, RDF.type, SH.ValidationReport))
        g.add((node, SH.conforms, rdflib.Literal(setup.conforms)))
        g.add((node, DCTERMS.subject, rdflib.URIRef(setup.graph)))
        g.add((node, DCTERMS.source, rdflib.Literal(setup.source)))
        for f in setup.sorted_findings():
            result = rdflib.BNode()
            g.add((node, SH.result, result))
            g.add((result, RDF.type, SH.ValidationResult))
            g.add((result, SH.focusNode, f.focus))
            g.add((result, SH.sourceShape, f.shape))
            g.add((result, SH.resultSeverity, f.severity))
            if f.component is not None:
                g.add((result, SH.sourceConstraintComponent, f.component))
            if isinstance(f.path, rdflib.URIRef):
                g.add((result, SH.resultPath, f.path))
            if f.value is not None:
                g.add((result, SH.value, f.value))
            for lang in ("nb", "en"):
                g.add((result, SH.resultMessage, rdflib.Literal(message(setup, f, lang), lang=lang)))
    for problem in report.problems:  # a file that could not be used does not conform, and says why
        node = rdflib.BNode()
        g.add((node, RDF.type, SH.ValidationReport))
        g.add((node, SH.conforms, rdflib.Literal(False)))
        g.add((node, DCTERMS.source, rdflib.Literal(problem.source)))
        g.add((node, RDFS.comment, rdflib.Literal(problem.message, lang=lang)))
    return g


def render_ttl(report: Report, lang: str = "nb", fail_on: str = "violation") -> str:
    return report_graph(report, lang).serialize(format="turtle")
