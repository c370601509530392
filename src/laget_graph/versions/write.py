"""Loads, drops and restores that keep what they replace, each as **one** store write.

Before anything is written, the plan is computed in full: the new content of each graph, the old
content moved into its version graph, and the rewritten history (:mod:`.record`). All of it goes to the
store's single ``write()`` call, so a load and the record of what it replaced land together or not at
all. Every graph in that call is replaced; a graph given no quads is removed (that is a drop). Then
``lgg:current`` (the default graph of queries) is rebuilt from the current graphs: derived data, so a
process that dies in between loses nothing, and ``laget serve`` rebuilds it when it starts.

Reading the old content and writing the plan happen under the store's write lock (the embedded store's
lock is also taken by SPARQL Update), so no change slips in between and is lost.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

import pyoxigraph as ox

from ..i18n import Catalog
from ..namespaces import graph_short_name
from ..store import Backend, ParsedFile, StoreError
from .names import history_iri, is_current, is_versioned, refresh, version_iri
from .record import Source, Version, from_json, history, now, read_triples, to_json

T = Catalog({
    "not_writable": {
        "nb": "{graph} er en tidligere versjon eller en historikk og kan ikke skrives til (bruk laget restore).",
        "en": "{graph} is an earlier version or a history and cannot be written to (use laget restore).",
    },
    "not_versioned": {
        "nb": "{graph} er ikke et oppsett med versjoner: ontologien, referansedataene og lagrede analyser "
              "lastes inn på nytt i stedet.",
        "en": "{graph} is not a setup with versions: the ontology, reference data and saved analyses are "
              "loaded again instead.",
    },
    "no_graph": {"nb": "Ingen gjeldende graf med navnet {graph}.", "en": "No current graph named {graph}."},
    "no_history": {"nb": "{graph} har ingen versjoner.", "en": "{graph} has no versions."},
    "no_version": {"nb": "{graph} har ingen versjon {number}; versjonene er {known}.",
                   "en": "{graph} has no version {number}; its versions are {known}."},
    "no_content": {"nb": "Innholdet i versjon {number} av {graph} finnes ikke lenger (slettet).",
                   "en": "The content of version {number} of {graph} no longer exists (deleted)."},
    "already_current": {"nb": "Versjon {number} er allerede gjeldende for {graph}.",
                        "en": "Version {number} is already the current one of {graph}."},
})

_LOCK = threading.RLock()


#: The HTTP status each refusal answers with.
_STATUS = {"no_graph": 404, "no_history": 404, "no_version": 404, "no_content": 410, "already_current": 409}


class VersionError(StoreError):
    """A version operation that cannot be done; :meth:`message` gives it in nb or en."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        self.status = _STATUS.get(key, 400)
        super().__init__(T(key, "en", **values))

    def message(self, lang: str) -> str:
        return T(self.key, lang, **self.values)


class Written(dict[str, int]):
    """Triples written per graph (what a load reports), and what else happened to each setup:
    ``versions`` (graph → the number of its current version), ``kept`` (graph → the version a load of
    the bundled data left in place because it is not the bundled data's; None when it has no record)
    and ``unchanged`` (graphs whose content was already the same; nothing was written for them)."""

    def __init__(self) -> None:
        super().__init__()
        self.versions: dict[str, int] = {}
        self.kept: dict[str, Version | None] = {}
        self.unchanged: list[str] = []

    def to_json(self) -> dict[str, object]:
        return {"written": dict(self), "versions": self.versions, "unchanged": self.unchanged,
                "kept": {g: to_json(v) if v else None for g, v in self.kept.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Written:
        result = cls()
        result.update(data.get("written") or {})  # type: ignore[call-overload]
        result.versions.update(data.get("versions") or {})  # type: ignore[call-overload]
        result.unchanged.extend(data.get("unchanged") or [])  # type: ignore[arg-type]
        result.kept.update({g: from_json(v) if v else None for g, v in (data.get("kept") or {}).items()})  # type: ignore[union-attr]
        return result

    def merge(self, other: Written) -> Written:
        self.update(other)
        self.versions.update(other.versions)
        self.kept.update(other.kept)
        self.unchanged.extend(other.unchanged)
        return self


@contextmanager
def _locked(store: Backend) -> Iterator[None]:
    with getattr(store, "write_lock", None) or _LOCK:
        yield


def _in(quads: Sequence[ox.Quad] | Sequence[ox.Triple], graph: str) -> list[ox.Quad]:
    node = ox.NamedNode(graph)
    return [ox.Quad(q.subject, q.predicate, q.object, node) for q in quads]


def _triples(quads: Sequence[ox.Quad]) -> set[ox.Triple]:
    """The triples as a store keeps them: pyoxigraph writes literals in canonical form (``"05"^^xsd:integer``
    and ``xsd:nonNegativeInteger`` both become ``"5"^^xsd:integer``), so content read back from a store
    compares equal to the same file parsed again."""
    kept = ox.Store()
    kept.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in kept}


def _same(old: Sequence[ox.Quad], new: Sequence[ox.Quad]) -> bool:
    """Do two contents say the same? Blank nodes get new names at every parse, so content with blank
    nodes (the ontology's OWL lists) is compared as graphs (rdflib's isomorphism test)."""
    a, b = _triples(old), _triples(new)
    if len(a) != len(b):
        return False
    if not any(isinstance(x, ox.BlankNode) for t in (*a, *b) for x in (t.subject, t.object)):
        return a == b
    import rdflib
    from rdflib.compare import isomorphic

    def graph(triples: set[ox.Triple]) -> rdflib.Graph:
        data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
        return rdflib.Graph().parse(data=data.decode(), format="nt")
    return isomorphic(graph(a), graph(b))


def _history_quads(graph: str, records: Sequence[Version]) -> list[ox.Quad]:
    return _in([t for r in records for t in r.to_triples()], history_iri(graph))


def _short(graph: str) -> str:
    return graph_short_name(graph)


class _Plan:
    """What one write will hold, built graph by graph."""

    def __init__(self, store: Backend) -> None:
        self.store = store
        self.present = {g.iri: g.triples for g in store.graphs()}
        self.graphs: dict[str, list[ox.Quad]] = {}
        self.moment = now()

    def old(self, graph: str) -> list[ox.Quad]:
        return _in(read_triples(self.store, graph, set(self.present)), graph) if graph in self.present else []

    def retire(self, graph: str, records: list[Version]) -> int | None:
        """Move the graph's present content into a version graph and close its record; returns the
        number of the version it became (None when the graph holds nothing)."""
        last = records[-1] if records else None
        if graph not in self.present:
            if last is not None and last.current:  # removed behind our back: close the record
                records[-1] = replace(last, invalidated=self.moment)
            return last.number if last else None
        if last is not None and last.current:
            records[-1] = replace(last, invalidated=self.moment)
            number = last.number
        else:  # content without a record (loaded before versions were kept, or by SPARQL Update)
            number = (last.number if last else 0) + 1
            records.append(Version(graph, number, triples=self.present[graph],
                                   revision_of=last.number if last else None, invalidated=self.moment))
        self.graphs[version_iri(graph, number)] = _in(self.old(graph), version_iri(graph, number))
        return number

    def write(self) -> None:
        """The one write, then ``lgg:current`` rebuilt when a current graph changed."""
        if not self.graphs:
            return
        self.store.write([ParsedFile("versions", self.graphs)])
        if any(is_current(g) for g in self.graphs):
            refresh(self.store)


def _sources(files: Sequence[str], sources: Mapping[str, Source | Sequence[Source]]) -> tuple[Source, ...]:
    found: list[Source] = []
    for f in files:
        given = sources.get(f) or Source(f, "")
        found += [given] if isinstance(given, Source) else list(given)
    return tuple(dict.fromkeys(found))


def write(store: Backend, parsed: Sequence[ParsedFile], append: bool = False, origin: str = "load",
          sources: Mapping[str, Source | Sequence[Source]] | None = None, origins: Mapping[str, str] | None = None,
          replace: Iterable[str] = ()) -> Written:
    """Write parsed files like ``Store.write`` (each target graph replaced, or appended to), keeping what
    each setup graph held as a version and recording the new one (``origin``; ``sources`` gives the name
    and checksum of each parsed file, by its ``path``: one source, or several when the file stands for
    several, e.g. a load sent through a running server).

    ``origins`` gives a file's own origin (a ``laget load --bundled my.ttl`` names both kinds) and
    ``replace`` the graphs replaced even when appending (the bundled ones), as for ``Store.write``.

    A load of the bundled data (``origin="bundled"``) never replaces a setup that did not come from the
    bundled data: that graph is left as it is and listed in ``Written.kept``.

    A running ``laget serve`` as the store (a command beside it) keeps the versions itself: the parsed
    files go to it, with their origin and sources, and it does all of the above."""
    if getattr(store, "versions_by_server", False):
        return store.write_versions(parsed, append, origin, sources or {}, origins or {},  # type: ignore[attr-defined]
                                    set(replace))
    return _write(store, parsed, append, origin, sources or {}, origins or {}, set(replace))


def graph_origin(files: Sequence[str], origin: str, origins: Mapping[str, str]) -> str:
    """The origin of what a graph receives: a user's file among the bundled ones makes it the user's."""
    found = [origins.get(f, origin) for f in files]
    return next((o for o in found if o != "bundled"), found[0] if found else origin)


def _write(store: Backend, parsed: Sequence[ParsedFile], append: bool, origin: str,
           sources: Mapping[str, Source | Sequence[Source]], origins: Mapping[str, str] | None = None,
           replace: set[str] | None = None, restored: Version | None = None) -> Written:
    restored_from = restored.number if restored else None
    origins, replace = origins or {}, replace or set()
    merged: dict[str, list[ox.Quad]] = {}
    files: dict[str, list[str]] = {}
    for p in parsed:
        for g, quads in p.graphs.items():
            if not is_current(g):
                raise VersionError("not_writable", graph=_short(g))
            merged.setdefault(g, []).extend(quads)
            files.setdefault(g, []).append(p.path)
    result = Written()
    with _locked(store):
        plan = _Plan(store)
        for g, quads in merged.items():
            appending = append and g not in replace
            content = [*plan.old(g), *_in(quads, g)] if appending and g in plan.present else _in(quads, g)
            here = graph_origin(files[g], origin, origins)
            if not is_versioned(g):
                if g in plan.present and _same(plan.old(g), content):
                    result.unchanged.append(g)
                else:
                    plan.graphs[g] = content
                    result[g] = len(quads)
                continue
            records = history(store, g, set(plan.present))
            last = records[-1] if records else None
            current = last if last is not None and last.current and g in plan.present else None
            found = restored.sources if restored else _sources(files[g], sources)
            if g in plan.present and _same(plan.old(g), content):
                result.unchanged.append(g)
                if current is None:  # the same content, but no record yet: record it now
                    number = (last.number if last else 0) + 1
                    records.append(Version(g, number, plan.moment, here, found, len(_triples(content)),
                                           revision_of=last.number if last else None, restored_from=restored_from))
                    plan.graphs[history_iri(g)] = _history_quads(g, records)
                result.versions[g] = records[-1].number
                continue
            if here == "bundled" and g in plan.present and (current is None or current.origin != "bundled"):
                result.kept[g] = current
                continue
            previous = plan.retire(g, records)
            number = (records[-1].number if records else 0) + 1
            records.append(Version(g, number, plan.moment, here, found, len(_triples(content)),
                                   revision_of=previous, restored_from=restored_from))
            plan.graphs[g] = content
            plan.graphs[history_iri(g)] = _history_quads(g, records)
            result[g] = len(quads)
            result.versions[g] = number
        plan.write()
    return result


def drop(store: Backend, graph: str) -> Version:
    """Take a setup out of the current data, recoverably: its content becomes a version (restore it
    with :func:`restore`). Returns that version."""
    if not is_versioned(graph):
        raise VersionError("not_writable" if not is_current(graph) else "not_versioned", graph=_short(graph))
    if getattr(store, "versions_by_server", False):
        return store.drop_version(graph)  # type: ignore[attr-defined]
    with _locked(store):
        plan = _Plan(store)
        if graph not in plan.present:
            raise VersionError("no_graph", graph=_short(graph))
        records = history(store, graph, set(plan.present))
        number = plan.retire(graph, records)
        plan.graphs[graph] = []  # replaced by nothing: removed
        plan.graphs[history_iri(graph)] = _history_quads(graph, records)
        plan.write()
    return next(r for r in records if r.number == number)


def restore(store: Backend, graph: str, number: int) -> Written:
    """Make version ``number`` current again, as a new version (``prov:wasDerivedFrom`` the old one);
    the content it replaces is kept like any load's."""
    if not is_versioned(graph):
        raise VersionError("not_writable" if not is_current(graph) else "not_versioned", graph=_short(graph))
    if getattr(store, "versions_by_server", False):
        return store.restore_version(graph, number)  # type: ignore[attr-defined]
    with _locked(store):
        present = {g.iri for g in store.graphs()}
        records = history(store, graph, present)
        if not records:
            raise VersionError("no_history", graph=_short(graph))
        chosen = next((r for r in records if r.number == number), None)
        if chosen is None:
            raise VersionError("no_version", graph=_short(graph), number=number,
                               known=", ".join(str(r.number) for r in records))
        if chosen.current and graph in present:
            raise VersionError("already_current", graph=_short(graph), number=number)
        content = read_triples(store, version_iri(graph, number), present)
        if not content:
            raise VersionError("no_content", graph=_short(graph), number=number)
        return _write(store, [ParsedFile(version_iri(graph, number), {graph: _in(content, graph)})], False,
                      "restore", {}, restored=chosen)
