"""The one place that stores and reads RDF (parsing input is ``ingest``'s job).

Data lives in named graphs: the ontology, the reference data, and one graph per municipal or
regional setup. The embedded default is pyoxigraph on disk (RocksDB), chosen over rdflib's
in-memory graph and over oxrdflib because it parses and answers SPARQL in Rust, keeps data across
restarts and loads transactionally; ``Store(None)`` is the same engine in memory, for tests.

Writing is all-or-nothing: ``ingest`` parses every file of a call completely before ``write`` is
called, so a file that fails to parse changes nothing.
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


class StoreError(Exception):
    """A problem the user can act on; the message says what and where."""


class StoreBusyError(StoreError):
    """The on-disk store is held by another process (usually a running ``laget serve``)."""


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
    def write(self, parsed: Sequence[ParsedFile], append: bool = False) -> dict[str, int]: ...
    def drop_graph(self, graph: str) -> bool: ...
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

    def write(self, parsed: Sequence[ParsedFile], append: bool = False) -> dict[str, int]:
        """Write parsed files; several files aimed at one graph are merged, not replaced in turn."""
        merged: dict[str, list[ox.Quad]] = {}
        for p in parsed:
            for g, quads in p.graphs.items():
                merged.setdefault(g, []).extend(quads)
        with self._writing():
            for g, quads in merged.items():
                if not append and self._has_graph(g):
                    self._ox.remove_graph(ox.NamedNode(g))
                self._ox.extend(quads)
        return {g: len(q) for g, q in merged.items()}

    def drop_graph(self, graph: str) -> bool:
        """Remove a named graph; False if it did not exist."""
        iri = graph_iri(graph)
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
