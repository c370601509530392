"""Load the shapes graph and read what a report needs about each shape (messages, severity, source).

Each call of :func:`load_shapes_graph` parses a fresh graph: pyshacl mutates and caches state on a
shapes graph, so concurrent validations must never share one (pyshacl issue 314).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, RDF, RDFS

from ..resources import shapes_dir

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
LGSH = rdflib.Namespace("https://w3id.org/laget/shapes#")

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


def shape_files(folder: Path | None = None) -> list[Path]:
    """The Turtle files of the shapes graph, in a stable order."""
    return sorted((folder or shapes_dir()).glob("*.ttl"))


@cache
def _shapes_ntriples(folder: Path | None) -> str:
    g = rdflib.Graph()
    for path in shape_files(folder):
        g.parse(path, format="turtle")
    return g.serialize(format="nt")


def load_shapes_graph(folder: Path | None = None) -> rdflib.Graph:
    """A new rdflib graph with every shape (parsed once per process, copied per call)."""
    g = rdflib.Graph()
    g.parse(data=_shapes_ntriples(folder), format="nt")
    g.bind("sh", SH)
    g.bind("lgsh", LGSH)
    return g


@dataclass(frozen=True)
class ShapeInfo:
    """What a reader is told about a shape."""

    iri: str
    severity: rdflib.URIRef
    concern: str
    labels: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    comment: str = ""
    sources: tuple[str, ...] = ()

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.severity, "Violation")

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("nb") or self.iri.rsplit("#", 1)[-1]

    def message(self, lang: str) -> str:
        return self.messages.get(lang) or self.messages.get("nb") or self.label(lang)


def _by_lang(g: rdflib.Graph, s: rdflib.term.Node, p: rdflib.URIRef) -> dict[str, str]:
    return {o.language or "": str(o) for o in g.objects(s, p) if isinstance(o, rdflib.Literal)}


def shape_catalogue(folder: Path | None = None) -> dict[str, ShapeInfo]:
    """Every named shape (node or property shape with an IRI) by IRI, with its concern (file stem)."""
    return dict(_catalogue(folder))


@cache
def _catalogue(folder: Path | None) -> tuple[tuple[str, ShapeInfo], ...]:
    items: list[tuple[str, ShapeInfo]] = []
    for path in shape_files(folder):
        g = rdflib.Graph().parse(path, format="turtle")
        for s in sorted(set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))):
            if not isinstance(s, rdflib.URIRef):
                continue
            items.append((str(s), ShapeInfo(
                iri=str(s),
                severity=g.value(s, SH.severity) or SH.Violation,  # type: ignore[arg-type]
                concern=path.stem,
                labels=_by_lang(g, s, RDFS.label),
                messages=_by_lang(g, s, SH.message),
                comment=str(g.value(s, RDFS.comment) or ""),
                sources=tuple(sorted(str(o) for o in g.objects(s, DCTERMS.source))),
            )))
    return tuple(items)
