"""Resource descriptions for linked data: what the store says about one IRI, and what points at it.

Every IRI the project mints resolves to a page and to RDF (``web/resources.py``); this module does
the reading, through the guarded :class:`.service.SparqlService`, so it works the same on the
embedded store and on an external SPARQL database. The SPARQL is in ``queries/describe-*.rq``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import PREFIXES
from . import queries
from .named import inject_rows
from .queries import Term, select
from .service import SparqlService

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: At most this many statements about one resource, and links to it, are read (each says when cut).
OUTGOING_LIMIT = 5000
INCOMING_LIMIT = 500

@dataclass(frozen=True)
class Statement:
    """One triple and the named graph it was read from."""

    graph: str
    subject: ox.NamedNode | ox.BlankNode
    property: ox.NamedNode
    value: Term


@dataclass
class Description:
    """What the store holds about ``iri``: its statements (blank nodes it leads to included), the
    statements that point at it, and labels for every IRI on either side."""

    iri: str
    statements: list[Statement]
    incoming: list[Statement]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    truncated: bool = False
    incoming_truncated: bool = False
    #: Statements that use the resource as their property (counted only when nothing else is known).
    uses: int = 0

    @property
    def exists(self) -> bool:
        return bool(self.statements or self.incoming or self.uses)

    def triples(self) -> list[ox.Triple]:
        """The description as RDF: the resource's own statements and its blank nodes, once each
        (the same triple in two graphs is one triple); links pointing in are left to the page."""
        seen: dict[ox.Triple, None] = {}
        for s in self.statements:
            seen.setdefault(ox.Triple(s.subject, s.property, s.value), None)
        return list(seen)

    def about(self, subject: ox.NamedNode | ox.BlankNode) -> list[Statement]:
        """Statements whose subject is ``subject`` (the resource itself or one of its blank nodes)."""
        return [s for s in self.statements if s.subject == subject]

    def graphs(self) -> list[str]:
        """The named graphs the statements come from, in first-seen order."""
        return list(dict.fromkeys(s.graph for s in [*self.statements, *self.incoming]))

    def label(self, iri: str, lang: str) -> str | None:
        """The label of ``iri`` in ``lang``, else in the other language, else without a language."""
        found = self.labels.get(iri, {})
        return found.get(lang) or found.get("nb") or found.get("en") or found.get("")

    def types(self) -> list[str]:
        me = ox.NamedNode(self.iri)
        return sorted({s.value.value for s in self.statements
                       if s.subject == me and s.property.value == RDF_TYPE and isinstance(s.value, ox.NamedNode)})


#: Properties whose literals name a resource, best first (as ``queries/labels.rq`` ranks them).
LABEL_PROPERTIES = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
                    "http://purl.org/dc/terms/title", "http://xmlns.com/foaf/0.1/name")


def from_triples(iri: str, triples: Iterable[ox.Triple], source: str) -> Description:
    """A description of ``iri`` from triples that are not in the store (the catalogue), read as if they
    were the named graph ``source``."""
    me = ox.NamedNode(iri)
    triples = list(triples)
    statements = [Statement(source, t.subject, t.predicate, t.object) for t in triples if t.subject == me]
    incoming = [Statement(source, t.subject, t.predicate, me) for t in triples
                if t.object == me and isinstance(t.subject, ox.NamedNode)]
    description = Description(iri, statements, incoming, uses=sum(1 for t in triples if t.predicate == me))
    wanted = _iris_in(description)
    found: dict[str, dict[str, tuple[int, str]]] = {}
    for t in triples:
        if t.subject.value in wanted and t.predicate.value in LABEL_PROPERTIES and isinstance(t.object, ox.Literal):
            rank, lang = LABEL_PROPERTIES.index(t.predicate.value), t.object.language or ""
            slot = found.setdefault(t.subject.value, {})
            if lang not in slot or rank < slot[lang][0]:
                slot[lang] = (rank, t.object.value)
    description.labels = {i: {lang: text for lang, (_, text) in by.items()} for i, by in found.items()}
    return description


def merged(first: Description, second: Description) -> Description:
    """Both descriptions of one resource as one (the store's and the catalogue's)."""
    labels = {**second.labels}
    for iri, by_lang in first.labels.items():
        labels[iri] = {**labels.get(iri, {}), **by_lang}
    return Description(first.iri, [*first.statements, *second.statements], [*first.incoming, *second.incoming],
                       labels, first.truncated or second.truncated,
                       first.incoming_truncated or second.incoming_truncated, first.uses + second.uses)


def describe(service: SparqlService, iri: str) -> Description:
    """Read the description of ``iri`` (three or four guarded queries; none if the IRI is unusable)."""
    resource = ox.NamedNode(iri)
    rows, truncated = select(service, "describe-outgoing", ["resource"], [[resource]], OUTGOING_LIMIT)
    statements = [Statement(r["graph"].value, r["subject"], r["property"], r["value"]) for r in rows]
    rows, in_truncated = select(service, "describe-incoming", ["resource"], [[resource]], INCOMING_LIMIT)
    incoming = [Statement(r["graph"].value, r["subject"], r["property"], resource) for r in rows]
    description = Description(iri, statements, incoming, truncated=truncated, incoming_truncated=in_truncated)
    if not statements and not incoming:
        rows, _ = select(service, "describe-usage", ["resource"], [[resource]], None)
        description.uses = int(rows[0]["uses"].value) if rows else 0
    description.labels = labels(service, _iris_in(description))
    return description


def labels(service: SparqlService, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """Labels by IRI and language (skos:prefLabel before rdfs:label, dcterms:title, foaf:name)."""
    wanted = sorted(set(iris))
    found: dict[str, dict[str, tuple[int, str]]] = {}
    for start in range(0, len(wanted), 400):  # keep each query short
        chunk = [[ox.NamedNode(i)] for i in wanted[start:start + 400]]
        rows, _ = select(service, "labels", ["term"], chunk, None)
        for r in rows:
            kind, label = int(r["kind"].value), r["label"]
            slot = found.setdefault(r["term"].value, {})
            lang = label.language or ""
            if lang not in slot or kind < slot[lang][0]:
                slot[lang] = (kind, label.value)
    return {iri: {lang: text for lang, (_, text) in by_lang.items()} for iri, by_lang in found.items()}


def editor_query(iri: str, as_property: bool = False) -> str:
    """The query the page's "open in the editor" link starts with: every statement about the
    resource by graph, or, for a property nothing else is known of, statements that use it."""
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p in ("rdf", "rdfs", "lg"))
    name = "editor-property" if as_property else "editor-resource"
    body = inject_rows(queries.text(name), ["resource"], [[ox.NamedNode(iri)]])
    return prefixes + "".join(line + "\n" for line in body.splitlines() if not line.startswith(("#", "PREFIX")))


def _iris_in(description: Description) -> set[str]:
    iris = {description.iri}
    for s in [*description.statements, *description.incoming]:
        for term in (s.subject, s.property, s.value):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
        iris.add(s.graph)
    return iris
