"""The one place that loads and reads RDF.

Data lives in named graphs: the ontology, the reference data, and one graph per municipal or
regional setup. The embedded default is pyoxigraph on disk (RocksDB), chosen over rdflib's
in-memory graph and over oxrdflib because it parses and answers SPARQL in Rust, keeps data across
restarts and loads transactionally; ``Store(None)`` is the same engine in memory, for tests.

Loading is all-or-nothing: every file of a call is parsed completely before anything is written,
so a file that fails to parse changes nothing and its error names the file, line and column; and
everything a call writes (every graph it replaces or adds to) is one transaction (one ``extend`` or
one SPARQL Update, see :meth:`Store.write`), so a process killed mid-write leaves every graph as it
was before the call or as the call meant it, never in between.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
import rdflib

from .i18n import Catalog
from .namespaces import (
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    LG,
    PREFIXES,
    SETUP_GRAPH_PREFIX,
    graph_iri,
    graph_short_name,
)
from .resources import example_files, ontology_files, reference_files
from .sparql.request import QueryRequest, execute
from .sparql.results import Answer

#: File extensions we read, and the pyoxigraph format for each.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

#: Export formats by their short names.
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}

_MUNICIPALITY_NUMBER = re.compile(r"/kommune/(\d{4})$")


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


class ParseError(StoreError):
    """A file could not be parsed. Carries the file and, when known, line and column."""

    def __init__(self, file: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.file, self.line, self.column, self.detail = file, line, column, message
        where = file if line is None else f"{file}:{line}:{column or 0}"
        super().__init__(f"{where}: {message}")


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


def data_files_in(folder: Path, extra_suffixes: Iterable[str] = ()) -> list[Path]:
    """The RDF files (and files with ``extra_suffixes``) below a folder, recursively, in a stable order:
    what a folder stands for when it is given to ``laget load`` or ``laget validate``."""
    wanted = {*FORMATS, *extra_suffixes}
    return sorted(f for f in folder.rglob("*") if f.suffix.lower() in wanted and f.is_file())


def rdf_format_for(path: str | Path, explicit: str | None = None) -> ox.RdfFormat:
    """The parser format for a file, from an explicit short name or the file's extension."""
    if explicit:
        key = explicit if explicit.startswith(".") else f".{explicit}"
        if key not in FORMATS:
            raise StoreError(f"{path}: unknown format {explicit!r}; use one of {sorted(FORMATS)}")
        return FORMATS[key]
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise StoreError(f"{path}: cannot tell the RDF format from {suffix or 'no extension'!r}; "
                         f"known: {', '.join(sorted(FORMATS))}")
    return FORMATS[suffix]


def parse_rdf(
    data: bytes | str | Path,
    fmt: ox.RdfFormat,
    default_graph: str | None,
    source_name: str,
) -> ParsedFile:
    """Parse one document completely. Triples go to ``default_graph`` (or the graph the data
    implies, see :func:`setup_graph_for`); quads in named graphs keep theirs. Never fetches
    anything: pyoxigraph refuses remote JSON-LD contexts."""
    try:
        if isinstance(data, Path):
            items = list(ox.parse(path=str(data), format=fmt, rename_blank_nodes=True))
        else:
            items = list(ox.parse(data, format=fmt, rename_blank_nodes=True))
    except SyntaxError as exc:
        detail = re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ column \d+)?: ", "", exc.msg)
        raise ParseError(source_name, detail, exc.lineno, exc.offset) from None
    except (ValueError, OSError) as exc:
        raise ParseError(source_name, str(exc)) from None
    triples = [x for x in items if isinstance(x, ox.Triple)]
    quads = [x for x in items if isinstance(x, ox.Quad) and not isinstance(x.graph_name, ox.DefaultGraph)]
    if any(isinstance(q.graph_name, ox.BlankNode) for q in quads):
        raise ParseError(source_name, "a named graph needs an IRI as its name, not a blank node")
    quads_default = [ox.Triple(x.subject, x.predicate, x.object) for x in items
                     if isinstance(x, ox.Quad) and isinstance(x.graph_name, ox.DefaultGraph)]
    triples += quads_default
    graphs: dict[str, list[ox.Quad]] = {}
    if triples:
        target = default_graph or setup_graph_for(triples, source_name)
        node = ox.NamedNode(target)
        graphs[target] = [ox.Quad(t.subject, t.predicate, t.object, node) for t in triples]
    for q in quads:
        graphs.setdefault(q.graph_name.value, []).append(q)
    if not graphs:
        raise ParseError(source_name, "the file holds no RDF statements")
    return ParsedFile(source_name, graphs)


def setup_graph_for(triples: Sequence[ox.Triple], source_name: str) -> str:
    """Choose a setup graph: ``setup/<kommunenummer>`` when the file is about exactly one
    municipality (all ``lg:municipality`` links point to it), else ``setup/<file stem>``."""
    pred = str(LG.municipality)
    numbers = set()
    for t in triples:
        if t.predicate.value == pred and isinstance(t.object, ox.NamedNode):
            m = _MUNICIPALITY_NUMBER.search(t.object.value)
            if m:
                numbers.add(m.group(1))
    if len(numbers) == 1:
        return f"{SETUP_GRAPH_PREFIX}{numbers.pop()}"
    stem = re.sub(r"[^a-z0-9]+", "-", Path(source_name).stem.lower()).strip("-") or "unnamed"
    return f"{SETUP_GRAPH_PREFIX}{stem}"


def merge_graphs(parsed: Iterable[ParsedFile]) -> dict[str, list[ox.Quad]]:
    """The quads of several parsed files by target graph: files aimed at one graph are merged."""
    merged: dict[str, list[ox.Quad]] = {}
    for p in parsed:
        for g, quads in p.graphs.items():
            merged.setdefault(g, []).extend(quads)
    return merged


def replacement_update(insert: dict[str, list[ox.Quad]], drop: Iterable[str] = (),
                       delete: dict[str, list[ox.Quad]] | None = None) -> str:
    """One SPARQL Update that drops the graphs ``drop``, deletes ``delete`` and inserts ``insert``:
    what one write stores, as one request, which pyoxigraph applies as one transaction (and SPARQL 1.1
    Update, 2.2, asks every store to apply atomically). Terms are written by pyoxigraph (N-Triples,
    which SPARQL reads unchanged), never pasted from input, so nothing in the data can change the
    update. ``delete`` must hold no blank nodes (DELETE DATA cannot name them)."""
    operations = [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in drop]
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
    def load(self, paths: Iterable[Path] = (), graph: str | None = None, fmt: str | None = None,
             append: bool = False, bundled: bool = False, progress: Callable[[Path], None] | None = None
             ) -> dict[str, int]: ...
    def load_files(self, paths: Iterable[Path], graph: str | None = None, fmt: str | None = None,
                   append: bool = False, progress: Callable[[Path], None] | None = None) -> dict[str, int]: ...
    def load_data(self, data: bytes | str, fmt: str, graph: str, source_name: str, append: bool = False,
                  confined: bool = False) -> dict[str, int]: ...
    def load_bundled(self, progress: Callable[[Path], None] | None = None) -> dict[str, int]: ...
    def drop_graph(self, graph: str, confined: bool = False) -> bool: ...
    def query(self, request: QueryRequest) -> Answer: ...
    def update(self, sparql: str) -> None: ...
    def to_rdflib(self, graphs: Iterable[str] | None = None) -> rdflib.Graph: ...
    def close(self) -> None: ...


class Loader:
    """Parsing and loading, shared by every backend: each file is parsed completely here, and the
    backend's ``write`` stores the result in one step."""

    def write(self, parsed: Sequence[ParsedFile], append: bool = False, replace: Iterable[str] = ()
              ) -> dict[str, int]:
        """Store parsed files in one atomic step: each target graph is replaced or, with ``append``,
        added to (the graphs in ``replace`` are replaced even then). Returns triples per graph."""
        raise NotImplementedError

    def load(
        self,
        paths: Iterable[Path] = (),
        graph: str | None = None,
        fmt: str | None = None,
        append: bool = False,
        bundled: bool = False,
        progress: Callable[[Path], None] | None = None,
    ) -> dict[str, int]:
        """Everything one ``laget load`` names, in one write: the bundled data (its graphs always
        replaced) and the files (replaced or, with ``append``, added to)."""
        base = self.parse_bundled(progress) if bundled else []
        files = self.parse_files(paths, graph, fmt, progress)
        return self.write([*base, *files], append=append, replace={g for p in base for g in p.graphs})

    def parse_files(
        self,
        paths: Iterable[Path],
        graph: str | None = None,
        fmt: str | None = None,
        progress: Callable[[Path], None] | None = None,
    ) -> list[ParsedFile]:
        """Parse every file completely (into ``graph`` if given). Raises :class:`ParseError`."""
        target = graph_iri(graph) if graph else None
        parsed: list[ParsedFile] = []
        for path in paths:
            if not path.is_file():
                raise StoreError(f"{path}: no such file")
            parsed.append(parse_rdf(path, rdf_format_for(path, fmt), target, str(path)))
            if progress:
                progress(path)
        return parsed

    def parse_bundled(self, progress: Callable[[Path], None] | None = None) -> list[ParsedFile]:
        """The bundled ontology, reference data and example setups, parsed."""
        parsed: list[ParsedFile] = []
        groups: list[tuple[list[Path], str | None]] = [
            (ontology_files(), GRAPH_ONTOLOGY),
            (reference_files(), GRAPH_REFERENCE),
            (example_files(), None),
        ]
        for files, target in groups:
            for path in files:
                parsed.append(parse_rdf(path, rdf_format_for(path), target, str(path)))
                if progress:
                    progress(path)
        return parsed

    def load_files(
        self,
        paths: Iterable[Path],
        graph: str | None = None,
        fmt: str | None = None,
        append: bool = False,
        progress: Callable[[Path], None] | None = None,
    ) -> dict[str, int]:
        """Parse every file, then write them all in one step: each target graph is replaced (or
        appended to). Returns triples written per graph. Raises :class:`ParseError` before writing."""
        return self.write(self.parse_files(paths, graph, fmt, progress), append=append)

    def load_data(self, data: bytes | str, fmt: str, graph: str, source_name: str, append: bool = False,
                  confined: bool = False) -> dict[str, int]:
        """Parse and write one in-memory document (e.g. an HTTP upload) into ``graph``. ``confined``
        (a request from outside, e.g. the Graph Store Protocol): write ``graph`` and nothing else, and
        never the ontology or reference graph (:func:`confine`), refused before anything is written."""
        iri = graph_iri(graph)
        if confined:
            confine([], iri)
        parsed = parse_rdf(data, rdf_format_for(source_name, fmt), iri, source_name)
        if confined:
            confine(parsed.graphs, iri)
        return self.write([parsed], append=append)

    def load_bundled(self, progress: Callable[[Path], None] | None = None) -> dict[str, int]:
        """Load the bundled ontology, reference data and example setups (all in one write)."""
        return self.write(self.parse_bundled(progress))


class Store(Loader):
    """Named-graph RDF store on pyoxigraph. ``path=None`` keeps everything in memory."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        #: Counts writes, so readers holding a snapshot (query workers) know when to reopen.
        self.generation = 0
        #: Called after every write (query workers start fresh snapshots in the background).
        self.on_write: list[Callable[[], None]] = []
        #: Held by every write; whoever forks a copy of the in-memory store holds it too, so no child
        #: starts with the store half written or its internal locks taken.
        self.write_lock = threading.RLock()
        self._graphs: tuple[int, list[GraphInfo]] | None = None
        try:
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
        if self.path is not None:
            self._ox.flush()
        del self._ox


def open_store(data_dir: Path | None) -> Store:
    """Open the embedded store in ``data_dir`` (created if missing) or, with None, in memory."""
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
    return Store(data_dir)
