"""Which graphs are current, which are versions, and the IRIs a version and a history get.

A setup's current content stays in its graph (``lgg:setup/3201``), so every query, link and download
keeps working. What a load replaced moves to a version graph (``lgg:version/setup/3201/1``), and the
record of every version (PROV) lives in the setup's history graph (``lgg:history/setup/3201``).
Everything under ``lgg:version/`` and ``lgg:history/`` is *not current*: the default graph of a query
leaves it out, a named graph of that name reads it, and the named queries filter it out of ``GRAPH ?g``.

The default graph of a query is then the union of the current graphs, kept as a graph of its own and
rebuilt after every write: the embedded store's default graph (``current-default.ru``; a ``GRAPH ?g``
never meets it), an external store's ``lgg:current`` (``current.ru``; sent as ``default-graph-uri``).
Why not a list of the current graphs as the query's default graph: pyoxigraph looks each pattern up in
every graph of such a list, and with one graph per municipality that made the named queries 7 to 176
times slower on national data (``bench/versions.py``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote

from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, LGG_IRI, graph_iri
from ..store import Backend, Store

HISTORY_PREFIX = f"{LGG_IRI}history/"
VERSION_PREFIX = f"{LGG_IRI}version/"
#: On an external store, the union of the current graphs: the default graph of every query once the
#: store keeps versions (the embedded store keeps it in its own default graph).
CURRENT_GRAPH = f"{LGG_IRI}current"
#: Results of ``laget network analyse --save``: derived, rebuilt at will, never versioned.
ANALYSIS_PREFIX = f"{LGG_IRI}analysis/"


def is_current(iri: str) -> bool:
    """Does this graph belong to the current data (not a version, a history or ``lgg:current``)?"""
    return iri != CURRENT_GRAPH and not iri.startswith((HISTORY_PREFIX, VERSION_PREFIX))


def is_versioned(iri: str) -> bool:
    """Is this a graph whose replaced content is kept: every current graph but the bundled ontology
    and reference data (the project's, reloaded with each release) and saved analyses (derived)."""
    return is_current(iri) and iri not in (GRAPH_ONTOLOGY, GRAPH_REFERENCE) and not iri.startswith(ANALYSIS_PREFIX)


def _key(graph: str) -> str:
    """The part of a version's IRI that names its graph: the short name under ``lgg:``, else the
    whole IRI percent-encoded (so it stays one path of plain characters)."""
    return graph[len(LGG_IRI):] if graph.startswith(LGG_IRI) else quote(graph, safe="")


def history_iri(graph: str) -> str:
    """The graph holding the records of every version of ``graph``."""
    return HISTORY_PREFIX + _key(graph)


def version_iri(graph: str, number: int) -> str:
    """The graph holding version ``number`` of ``graph`` once it is no longer current."""
    return f"{VERSION_PREFIX}{_key(graph)}/{number}"


def _graph_of(key: str) -> str:
    return unquote(key) if "%" in key else LGG_IRI + key


def parse_history_iri(iri: str) -> str | None:
    """The graph a history IRI is about, or None."""
    return _graph_of(iri[len(HISTORY_PREFIX):]) if iri.startswith(HISTORY_PREFIX) and len(iri) > len(HISTORY_PREFIX) \
        else None


def parse_version_iri(iri: str) -> tuple[str, int] | None:
    """The graph and number a version IRI stands for, or None."""
    if not iri.startswith(VERSION_PREFIX):
        return None
    key, _, number = iri[len(VERSION_PREFIX):].rpartition("/")
    if not key or not number.isdigit():
        return None
    return _graph_of(key), int(number)


def setup_iri(name: str) -> str:
    """What a user means by a setup's name: ``3201`` and ``setup/3201`` are ``lgg:setup/3201``; a
    short name with a slash, a full IRI, ``ontology``, ``reference`` and ``current`` are taken as they are."""
    name = name.strip()
    if "/" not in name and ":" not in name and graph_iri(name) not in (GRAPH_ONTOLOGY, GRAPH_REFERENCE, CURRENT_GRAPH):
        name = f"setup/{name}"
    return graph_iri(name)


def current_graphs(store: Backend) -> list[str]:
    """The current graphs of a store: what a query's default graph is made of. The embedded store keeps
    its graph list until the next write, so this costs nothing per query there."""
    return [g.iri for g in store.graphs() if is_current(g.iri)]


def kept_versions(store: Backend) -> dict[str, int]:
    """For every graph with a history: how many earlier versions of it are kept (0: only its current
    one). A graph with a history and no current graph was dropped (``laget restore`` brings it back)."""
    counts: dict[str, int] = {}
    for g in store.graphs():
        about = parse_history_iri(g.iri)
        if about is not None:
            counts.setdefault(about, 0)
        version = parse_version_iri(g.iri)
        if version is not None:
            counts[version[0]] = counts.get(version[0], 0) + 1
    return counts


def keeps_versions(store: Backend) -> bool:
    """Has this store ever recorded a version? Until then the union of all graphs is the current data."""
    return any(g.iri.startswith(HISTORY_PREFIX) for g in store.graphs())


def reads_current(store: Backend) -> bool:
    """Does a query that names no dataset read the current data (the store's copy of the union of the
    current graphs) rather than the union of all graphs? Once the store keeps versions, it must.
    ``GRAPH ?g`` still ranges over every named graph (so ``GRAPH <version>`` reads one); the named
    queries keep their ``GRAPH ?g`` to the current graphs by a FILTER of their own (tests/versions/
    test_named_filters.py): a list of named graphs would cost pyoxigraph a lookup per graph, and
    Virtuoso fails on hundreds of them."""
    return keeps_versions(store) and getattr(store, "reads_current_graph", True)


@cache
def refresh_update(embedded: bool) -> str:
    """The SPARQL Update that rebuilds the current data: into the embedded store's default graph, or
    into ``lgg:current`` on an external store."""
    return (Path(__file__).with_name("current-default.ru" if embedded else "current.ru")).read_text(encoding="utf-8")


def with_refresh(store: Backend, update: str) -> str:
    """A SPARQL Update followed, in the same request (one transaction), by the rebuild of the current
    data, when the store keeps versions. ``update`` is the guard's canonical text (no comments), so
    its end is its last operation or a ``;``."""
    if not (keeps_versions(store) and getattr(store, "reads_current_graph", True)):
        return update
    update = update.rstrip()
    return f"{update}{chr(10) if update.endswith(';') else ' ;' + chr(10)}{refresh_update(isinstance(store, Store))}"


def refresh(store: Backend) -> None:
    """Rebuild the current data after a write (or at a server's start, in case a process died between a
    write and this): one SPARQL Update, done by the store itself."""
    if getattr(store, "reads_current_graph", True):  # else no query reads it (Virtuoso)
        store.update(refresh_update(isinstance(store, Store)))
