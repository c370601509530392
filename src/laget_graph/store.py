"""The one place that stores and reads RDF (parsing input is ``ingest``'s job).

Data lives in named graphs: the ontology, the reference data, and one graph per municipal or
regional setup. The embedded default is pyoxigraph on disk (RocksDB), chosen over rdflib's
in-memory graph and over oxrdflib because it parses and answers SPARQL in Rust, keeps data across
restarts and loads transactionally; ``Store(None)`` is the same engine in memory, for tests.

Writing is all-or-nothing: ``ingest`` parses every file of a call completely before ``write`` is
called, so a file that fails to parse changes nothing; and
everything a call writes (every graph it replaces or adds to) is one transaction (one ``extend`` or
one SPARQL Update, see :meth:`Store.write`), so a process killed mid-write leaves every graph as it
was before the call or as the call meant it, never in between.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from .i18n import Catalog
from .namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, PREFIXES, graph_iri, graph_short_name
from .sparql.request import QueryRequest, execute
from .sparql.results import Answer

if TYPE_CHECKING:
    import rdflib

#: Export formats by their short names.
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}

T = Catalog({
    "foreign_graph": {
        "nb": "Innholdet nevner andre grafer enn {target} ({others}); en skriving hit kan bare endre {target}. "
              "Send grafene hver for seg, uten navngitte grafer i innholdet.",
        "en": "The content names graphs other than {target} ({others}); a write here may change {target} only. "
              "Send each graph on its own, without named graphs in the content.",
    },
    "protected_graph": {
        "nb": "Grafen {graph} kan ikke endres herfra; ontologien og referansedataene lastes med 'laget load'.",
        "en": "The graph {graph} cannot be changed from here; the ontology and reference data are loaded "
              "with 'laget load'.",
    },
})

#: Graphs only the operator writes (``laget load``), never a request from outside: the vocabulary
#: and the reference data every setup is checked against.
PROTECTED_GRAPHS = frozenset({GRAPH_ONTOLOGY, GRAPH_REFERENCE})


class StoreError(Exception):
    """A problem the user can act on; the message says what and where. ``status`` is the HTTP
    status a request that caused it gets."""

    status = 400

    def message(self, lang: str) -> str:
        """The message in ``lang``; most store errors name a file and line and are given in English."""
        return str(self)


class StoreBusyError(StoreError):
    """The on-disk store is held by another process (usually a running ``laget serve``)."""


class WriteRefused(StoreError):
    """A confined write (a request from outside) reached for a graph it may not change. Raised
    before anything is written; the message is given in nb and en."""

    def __init__(self, key: str, status: int, **values: object) -> None:
        self.key, self.status, self.values = key, status, values
        super().__init__(T(key, "en", **values))

    def message(self, lang: str) -> str:
        return T(self.key, lang, **self.values)


def confine(graphs: Iterable[str], target: str | None = None) -> None:
    """Refuse a write from outside that would change the ontology or reference graph (403) or, given
    ``target``, any graph but ``target`` (400: e.g. a JSON-LD upload whose content names a graph).
    Refusing, rather than folding named graphs into the target, keeps each statement where its
    author put it and tells the client why nothing was written."""
    graphs = set(graphs)
    if target is not None:
        if target in PROTECTED_GRAPHS:
            raise WriteRefused("protected_graph", 403, graph=graph_short_name(target))
        if graphs - {target}:
            raise WriteRefused("foreign_graph", 400, target=graph_short_name(target),
                               others=", ".join(sorted(map(graph_short_name, graphs - {target}))))
    if graphs & PROTECTED_GRAPHS:
        raise WriteRefused("protected_graph", 403,
                           graph=", ".join(sorted(map(graph_short_name, graphs & PROTECTED_GRAPHS))))


@dataclass(frozen=True)
class GraphInfo:
    iri: str
    triples: int

    @property
    def name(self) -> str:
        return graph_short_name(self.iri)


@dataclass(frozen=True)
class ParsedFile:
    """A fully parsed file, ready to be written: its quads, grouped by target graph."""

    path: str
    graphs: dict[str, list[ox.Quad]]

    @property
    def triples(self) -> int:
        return sum(len(q) for q in self.graphs.values())


def merge_graphs(parsed: Iterable[ParsedFile]) -> dict[str, list[ox.Quad]]:
    """The quads of several parsed files by target graph: files aimed at one graph are merged."""
    merged: dict[str, list[ox.Quad]] = {}
    for p in parsed:
        for g, quads in p.graphs.items():
            merged.setdefault(g, []).extend(quads)
    return merged


def replacement_update(insert: dict[str, list[ox.Quad]], drop: Iterable[str] = (),
                       delete: dict[str, list[ox.Quad]] | None = None, create: Iterable[str] = ()) -> str:
    """One SPARQL Update that drops the graphs ``drop``, deletes ``delete`` and inserts ``insert``:
    what one write stores, as one request, which pyoxigraph applies as one transaction (and SPARQL 1.1
    Update, 2.2, asks every store to apply atomically). Terms are written by pyoxigraph (N-Triples,
    which SPARQL reads unchanged), never pasted from input, so nothing in the data can change the
    update. ``delete`` must hold no blank nodes (DELETE DATA cannot name them). ``create`` names graphs
    to create explicitly (no-op where they exist) after the drops."""
    operations = [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in drop]
    operations += [f"CREATE SILENT GRAPH {ox.NamedNode(g)}" for g in create]  # after the drops: some stores
    # (Virtuoso) want a graph created explicitly before they will drop it again later
    for operation, graphs in (("DELETE DATA", delete or {}), ("INSERT DATA", insert)):
        if any(graphs.values()):
            lines = [f"{operation} {{"]
            for g, quads in graphs.items():
                lines.append(f"GRAPH {ox.NamedNode(g)} {{")
                lines.extend(f"{q.triple} ." for q in quads)
                lines.append("}")
            lines.append("}")
            operations.append("\n".join(lines))
    return " ;\n".join(operations)


def _has_blank_node(quads: Iterable[ox.Quad]) -> bool:
    return any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads)


#: Triples per named graph (the one internal query every backend runs the same way).
GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def sorted_graphs(counts: dict[str, int]) -> list[GraphInfo]:
    """Graphs with their counts, ontology and reference first."""
    order = {GRAPH_ONTOLOGY: 0, GRAPH_REFERENCE: 1}
    return [GraphInfo(g, n) for g, n in sorted(counts.items(), key=lambda kv: (order.get(kv[0], 2), kv[0]))]


class Backend(Protocol):
    """What the app and the CLI need from a store: the embedded :class:`Store` (on disk or in
    memory) or an external SPARQL 1.1 database (:class:`.store_external.ExternalSparqlStore`)."""

    path: Path | None
    generation: int

    @property
    def kind(self) -> str:
        """"oxigraph" (embedded, on disk), "memory" or "external", for health checks and logs."""
        ...

    def graphs(self) -> list[GraphInfo]: ...
    def is_empty(self) -> bool: ...
    def export(self, graph: str, fmt: str = "ttl") -> bytes: ...
    def write(self, parsed: Sequence[ParsedFile], append: bool = False, replace: Iterable[str] = ()
              ) -> dict[str, int]: ...
    def drop_graph(self, graph: str, confined: bool = False) -> bool: ...
    def query(self, request: QueryRequest) -> Answer: ...
    def update(self, sparql: str) -> None: ...
    def to_rdflib(self, graphs: Iterable[str] | None = None) -> rdflib.Graph: ...
    def close(self) -> None: ...


class Store:
    """Named-graph RDF store on pyoxigraph. ``path=None`` keeps everything in memory."""

    def __init__(self, path: Path | None = None, read_only: bool = False) -> None:
        self.path = path
        #: A read-only store is an in-memory snapshot of the on-disk store as it was when opened; it can
        #: be taken while another process (``laget serve``) holds the store for writing.
        self.read_only = read_only
        #: Counts writes, so readers holding a snapshot (query workers) know when to reopen.
        self.generation = 0
        #: Called after every write (query workers start fresh snapshots in the background).
        self.on_write: list[Callable[[], None]] = []
        #: Held by every write; whoever forks a copy of the in-memory store holds it too, so no child
        #: starts with the store half written or its internal locks taken.
        self.write_lock = threading.RLock()
        self._graphs: tuple[int, list[GraphInfo]] | None = None
        try:
            if read_only and path is not None:
                self._ox = snapshot(path)
            else:
                self._ox = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"the store at {path} is in use by another process (is 'laget serve' running?)"
                ) from None
            raise StoreError(f"cannot open the store at {path}: {exc}") from None

    @property
    def kind(self) -> str:
        return "memory" if self.path is None else "oxigraph"

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for the query and validation engines."""
        return self._ox

    # -- writing ---------------------------------------------------------------------------

    def write(self, parsed: Sequence[ParsedFile], append: bool = False, replace: Iterable[str] = ()
              ) -> dict[str, int]:
        """Write parsed files as one transaction, so a crash at any moment leaves all of it or none of
        it: one SPARQL Update when anything must go (deleting what the replaced graphs lose, inserting
        what they gain), else one ``extend`` (also a transaction, but it can only add). Several files
        aimed at one graph are merged, not replaced in turn. ``bulk_extend`` would be faster but
        gives up atomicity (bench/load.py measures each way)."""
        merged = merge_graphs(parsed)
        replaced = set(replace) if append else set(merged)
        with self._writing():
            drop, delete, insert = self._changes(merged, replaced)
            if drop or any(delete.values()):
                self._ox.update(replacement_update(insert, drop, delete))
            elif any(insert.values()):
                self._ox.extend(q for quads in insert.values() for q in quads)  # one transaction too
        return {g: len(q) for g, q in merged.items()}

    def _changes(self, merged: dict[str, list[ox.Quad]], replaced: set[str]
                 ) -> tuple[list[str], dict[str, list[ox.Quad]], dict[str, list[ox.Quad]]]:
        """What to drop, delete and insert so each graph in ``replaced`` ends up holding exactly its new
        quads and the others gain theirs. A graph replaced by its own content again (a repeated
        ``laget load``) changes nothing, and an edited one only where it changed: deleting costs
        about three times as much as inserting on disk. A graph that keeps less than half of its
        quads, or has blank nodes (their labels never match), is dropped and written anew: the
        store does the same work and the update's text stays smaller. Needs the write lock."""
        drop: list[str] = []
        delete: dict[str, list[ox.Quad]] = {}
        insert: dict[str, list[ox.Quad]] = {}
        for g, quads in merged.items():
            if g not in replaced or not self._has_graph(g):
                insert[g] = quads
                continue
            old = list(self._ox.quads_for_pattern(None, None, None, ox.NamedNode(g)))
            if _has_blank_node(old) or _has_blank_node(quads):
                drop.append(g)
                insert[g] = quads
                continue
            new_set = set(quads)
            gone = [q for q in old if q not in new_set]
            if 2 * len(gone) > len(old):  # mostly new: dropping costs the store the same, and less text
                drop.append(g)
                insert[g] = quads
                continue
            old_set = set(old)
            delete[g] = gone
            insert[g] = [q for q in quads if q not in old_set]
        return drop, delete, insert

    def drop_graph(self, graph: str, confined: bool = False) -> bool:
        """Remove a named graph; False if it did not exist. ``confined``: as for a confined
        :meth:`load_data`, the ontology and reference graphs are refused."""
        iri = graph_iri(graph)
        if confined:
            confine([], iri)
        if not self._has_graph(iri):
            return False
        with self._writing():
            self._ox.remove_graph(ox.NamedNode(iri))
        return True

    # -- reading ---------------------------------------------------------------------------

    def _has_graph(self, iri: str) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(iri))

    def graphs(self) -> list[GraphInfo]:
        """Every named graph with its triple count, ontology and reference first. Counting reads every
        quad (65 ms on national data), so the answer is kept until the next write: /health and the
        landing page ask for it on every request."""
        if self._graphs is None or self._graphs[0] != self.generation:
            counts: dict[str, int] = {}
            for sol in self._ox.query(GRAPH_COUNTS):
                counts[sol["g"].value] = int(sol["n"].value)
            self._graphs = (self.generation, sorted_graphs(counts))
        return list(self._graphs[1])

    def is_empty(self) -> bool:
        return not any(True for _ in self._ox.named_graphs())

    def __len__(self) -> int:
        return len(self._ox)

    def export(self, graph: str, fmt: str = "ttl") -> bytes:
        """Serialise one named graph; Turtle gets the project's prefixes."""
        iri = graph_iri(graph)
        if not self._has_graph(iri):
            raise StoreError(f"no graph named {graph!r}")
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        rdf_format = EXPORT_FORMATS[fmt][0]
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return self._ox.dump(format=rdf_format, from_graph=ox.NamedNode(iri), prefixes=prefixes)

    def to_rdflib(self, graphs: Iterable[str] | None = None) -> rdflib.Graph:
        """Copy some named graphs (default: all) into one rdflib graph, for pyshacl and owlrl."""
        import rdflib

        g = rdflib.Graph()
        for name in graphs if graphs is not None else [gi.iri for gi in self.graphs()]:
            iri = graph_iri(name)
            if self._has_graph(iri):
                g.parse(data=self._ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)),
                        format="nt")
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        return g

    def query(self, request: QueryRequest) -> Answer:
        """Answer a guarded query in this process (CLI, tests); the server uses killable workers."""
        return execute(self._ox, request)

    def update(self, sparql: str) -> None:
        """Run a guarded SPARQL Update (only ever with the update token)."""
        with self._writing():
            self._ox.update(sparql)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Every write: under the write lock and flushed to disk; then announced, so readers holding a
        snapshot (query workers) renew it and may start doing so at once. A write that fails is not
        announced."""
        with self.write_lock:
            yield
            if self.path is not None:
                self._ox.flush()
        self.generation += 1
        for listener in list(self.on_write):
            listener()

    def close(self) -> None:
        """Flush to disk and release the store (the lock goes with the object)."""
        if self.path is not None and not self.read_only:
            self._ox.flush()
        del self._ox


def _file_gone(exc: BaseException) -> bool:
    return "No such file" in str(exc)


def open_read_only(path: Path | str, attempts: int = 20) -> ox.Store:
    """A read-only view of an on-disk store that another process may be writing. RocksDB lists the
    files of the store and then opens them; when the writer compacts in between, a listed file is
    gone ("Corruption: … No such file or directory"). Trying again sees the new list. Reading from
    the view can still meet a file the writer deleted later: see :func:`snapshot`."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if not _file_gone(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def snapshot(path: Path | str, attempts: int = 20) -> ox.Store:
    """An in-memory copy of an on-disk store that another process may be writing. A read-only view
    does not keep the writer from deleting the files it reads after a compaction, so the copy is
    made at once, and made again from a fresh view when a file went missing under it."""
    for attempt in range(attempts):
        try:
            copy = ox.Store()
            copy.bulk_extend(open_read_only(path))
            return copy
        except (OSError, RuntimeError) as exc:
            if not _file_gone(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def open_store(data_dir: Path | None, read_only: bool = False) -> Store:
    """Open the embedded store in ``data_dir`` (created if missing) or, with None, in memory.
    ``read_only`` opens a snapshot that may be taken while another process writes."""
    if data_dir is not None and not read_only:
        data_dir.mkdir(parents=True, exist_ok=True)
    if read_only and data_dir is not None and not data_dir.is_dir():
        raise StoreError(f"there is no store at {data_dir}")
    return Store(data_dir, read_only=read_only)
