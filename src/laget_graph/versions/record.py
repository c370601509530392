"""The record of a version, in PROV: when it was made, from which files (name and SHA-256), by what
kind of load, how many triples, which version it revised, and when it stopped being current.

One history graph per setup holds its records (``lgg:history/setup/3201``); it is small and is
rewritten whole by each change, in the same write as the content, so a record and its content never
part. Only W3C and well-known terms are used (PROV-O, DCMI terms, DCAT 3's ``dcat:version``, VoID's
``void:triples``, SPDX checksums as DCAT 3 recommends), so any RDF tool can read a history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..store import Backend, StoreError
from .names import history_iri, version_iri

PROV = PREFIXES["prov"]
DCTERMS = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]
RDF_TYPE = PREFIXES["rdf"] + "type"
DCAT_VERSION = "http://www.w3.org/ns/dcat#version"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
SPDX = "http://spdx.org/rdf/terms#"
SHA256 = SPDX + "checksumAlgorithm_sha256"
#: The kinds of load that make a version, as named PROV activities.
ACTIVITY = "https://w3id.org/laget/id/activity/"
ORIGINS = ("load", "bundled", "upload", "restore")
_ACTIVITY_OF = {"load": "load", "bundled": "load-bundled", "upload": "upload", "restore": "restore"}
_ORIGIN_OF = {v: k for k, v in _ACTIVITY_OF.items()}


@dataclass(frozen=True)
class Source:
    """A file (or upload) a version was read from: its name as given and the SHA-256 of its bytes."""

    name: str
    sha256: str


@dataclass(frozen=True)
class Version:
    """One version of a graph. ``origin`` is how it came: ``load`` (a user's file), ``bundled`` (the
    data shipped with laget-graph), ``upload`` (over HTTP), ``restore`` (a copy of an older version) or
    ``""`` for content found without a record (written before versions were kept, or by SPARQL Update)."""

    graph: str
    number: int
    generated: datetime | None = None
    origin: str = ""
    sources: tuple[Source, ...] = ()
    triples: int | None = None
    revision_of: int | None = None
    restored_from: int | None = None
    invalidated: datetime | None = None

    @property
    def iri(self) -> str:
        return version_iri(self.graph, self.number)

    @property
    def current(self) -> bool:
        return self.invalidated is None

    def to_triples(self) -> list[ox.Triple]:
        me = ox.NamedNode(self.iri)
        out = [ox.Triple(me, ox.NamedNode(RDF_TYPE), ox.NamedNode(PROV + "Entity")),
               ox.Triple(me, ox.NamedNode(PROV + "specializationOf"), ox.NamedNode(self.graph)),
               ox.Triple(me, ox.NamedNode(DCAT_VERSION), ox.Literal(str(self.number)))]

        def add(p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode, s: ox.NamedNode | ox.BlankNode = me) -> None:
            out.append(ox.Triple(s, ox.NamedNode(p), o))

        if self.generated:
            add(PROV + "generatedAtTime", _when(self.generated))
        if self.origin:
            add(PROV + "wasGeneratedBy", ox.NamedNode(ACTIVITY + _ACTIVITY_OF[self.origin]))
        if self.triples is not None:
            add(VOID_TRIPLES, ox.Literal(str(self.triples), datatype=ox.NamedNode(XSD + "integer")))
        if self.revision_of is not None:
            add(PROV + "wasRevisionOf", ox.NamedNode(version_iri(self.graph, self.revision_of)))
        if self.restored_from is not None:
            add(PROV + "wasDerivedFrom", ox.NamedNode(version_iri(self.graph, self.restored_from)))
        if self.invalidated:
            add(PROV + "invalidatedAtTime", _when(self.invalidated))
        for number, source in enumerate(self.sources):
            node = ox.NamedNode(f"{self.iri}#source-{number + 1}")
            checksum = ox.NamedNode(f"{self.iri}#source-{number + 1}-sha256")
            add(DCTERMS + "source", node)
            add(RDF_TYPE, ox.NamedNode(PROV + "Entity"), node)
            add(DCTERMS + "title", ox.Literal(source.name), node)
            add(SPDX + "checksum", checksum, node)
            add(SPDX + "algorithm", ox.NamedNode(SHA256), checksum)
            add(SPDX + "checksumValue", ox.Literal(source.sha256, datatype=ox.NamedNode(XSD + "hexBinary")), checksum)
        return out


def _when(moment: datetime) -> ox.Literal:
    return ox.Literal(moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
                      datatype=ox.NamedNode(XSD + "dateTime"))


def _moment(literal: ox.Literal) -> datetime | None:
    try:
        return datetime.fromisoformat(literal.value.replace("Z", "+00:00"))
    except ValueError:
        return None


def now() -> datetime:
    """This moment, to the second (what a record keeps)."""
    return datetime.now(UTC).replace(microsecond=0)


def from_triples(graph: str, triples: Iterable[ox.Triple]) -> list[Version]:
    """The versions recorded in a history graph, oldest first."""
    Term = ox.NamedNode | ox.Literal | ox.BlankNode
    by_subject: dict[str, dict[str, list[Term]]] = {}
    for t in triples:
        by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)

    def one(props: dict[str, list[Term]], p: str) -> ox.NamedNode | ox.Literal | None:
        values = props.get(p)
        return values[0] if values else None  # type: ignore[return-value]

    def number_of(term: ox.NamedNode | ox.Literal | None) -> int | None:
        if term is None:
            return None
        tail = term.value.rpartition("/")[2]
        return int(tail) if tail.isdigit() else None

    versions = []
    for props in by_subject.values():
        number = one(props, DCAT_VERSION)
        if number is None or not number.value.isdigit():
            continue
        sources = []
        for node in props.get(DCTERMS + "source", []):
            detail = by_subject.get(node.value, {})
            title = one(detail, DCTERMS + "title")
            checksum = one(detail, SPDX + "checksum")
            value = one(by_subject.get(checksum.value, {}), SPDX + "checksumValue") if checksum else None
            sources.append(Source(title.value if title else "", value.value if value else ""))
        activity = one(props, PROV + "wasGeneratedBy")
        triples = one(props, VOID_TRIPLES)
        generated, invalidated = one(props, PROV + "generatedAtTime"), one(props, PROV + "invalidatedAtTime")
        versions.append(Version(
            graph, int(number.value),
            generated=_moment(generated) if isinstance(generated, ox.Literal) else None,
            origin=_ORIGIN_OF.get(activity.value.removeprefix(ACTIVITY), "") if activity else "",
            sources=tuple(sorted(sources, key=lambda s: s.name)),
            triples=int(triples.value) if triples is not None and triples.value.isdigit() else None,
            revision_of=number_of(one(props, PROV + "wasRevisionOf")),
            restored_from=number_of(one(props, PROV + "wasDerivedFrom")),
            invalidated=_moment(invalidated) if isinstance(invalidated, ox.Literal) else None,
        ))
    return sorted(versions, key=lambda v: v.number)


def read_triples(store: Backend, iri: str, present: set[str] | None = None) -> list[ox.Triple]:
    """The triples of one graph of any backend (an absent graph has none)."""
    if present is not None and iri not in present:
        return []
    try:
        data = store.export(iri, "nt")
    except StoreError:
        return []
    return [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def history(store: Backend, graph: str, present: set[str] | None = None) -> list[Version]:
    """Every recorded version of ``graph``, oldest first (empty when none was recorded)."""
    return from_triples(graph, read_triples(store, history_iri(graph), present))


def content(store: Backend, graph: str, version: Version, present: set[str] | None = None) -> list[ox.Triple]:
    """What version ``version`` of ``graph`` holds: the graph itself while it is current, else its
    version graph (empty when that was deleted)."""
    present = {g.iri for g in store.graphs()} if present is None else present
    if version.current and graph in present:
        return read_triples(store, graph, present)
    return read_triples(store, version_iri(graph, version.number), present)


def to_json(version: Version) -> dict[str, object]:
    """A version as JSON (the web API and ``laget history --format json``)."""
    def when(moment: datetime | None) -> str | None:
        return moment.isoformat().replace("+00:00", "Z") if moment else None
    return {"number": version.number, "iri": version.iri, "graph": version.graph, "current": version.current,
            "generated": when(version.generated), "invalidated": when(version.invalidated),
            "origin": version.origin or None, "triples": version.triples,
            "sources": [{"name": s.name, "sha256": s.sha256} for s in version.sources],
            "revision_of": version.revision_of, "restored_from": version.restored_from}


def from_json(data: dict[str, object]) -> Version:
    """The inverse of :func:`to_json` (what a running server answered)."""
    def when(value: object) -> datetime | None:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    sources = tuple(Source(str(s["name"]), str(s["sha256"])) for s in data.get("sources") or [])  # type: ignore[union-attr,index]
    return Version(str(data["graph"]), int(data["number"]), when(data.get("generated")),  # type: ignore[arg-type]
                   str(data.get("origin") or ""), sources, data.get("triples"),  # type: ignore[arg-type]
                   data.get("revision_of"), data.get("restored_from"), when(data.get("invalidated")))  # type: ignore[arg-type]
