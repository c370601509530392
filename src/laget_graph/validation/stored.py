"""Validate what the store already holds: a municipality's setups against the store's own ontology
and reference data, as the municipality page shows them ("the latest validation findings").

The base graphs are exported once and kept until their sizes change; each result is kept until the
store's ``generation`` changes, so the page does not re-validate a setup nobody has touched."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence

import pyoxigraph as ox

from ..ingest import parse_rdf, rdf_format_for
from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, graph_short_name
from ..store import Backend, ParsedFile, Store
from .dataset import Dataset
from .engine import validate
from .report import Report

_base_cache: dict[tuple[int, tuple[tuple[str, int], ...]], list[ox.Quad]] = {}
_results: weakref.WeakKeyDictionary[Store, dict[tuple[str, ...], tuple[int, Report]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _graph_quads(store: Store | Backend, graph: str) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    data = store.export(graph, "nt")
    for qs in parse_rdf(data, rdf_format_for("x.nt"), graph, graph).graphs.values():
        quads += qs
    return quads


def base_quads(store: Store | Backend) -> list[ox.Quad] | None:
    """Ontology + reference data as the store holds them (None if either is missing), cached
    until their sizes change."""
    graphs = {g.iri: g.triples for g in store.graphs()}
    if GRAPH_ONTOLOGY not in graphs or GRAPH_REFERENCE not in graphs:
        return None
    key = (id(store), ((GRAPH_ONTOLOGY, graphs[GRAPH_ONTOLOGY]), (GRAPH_REFERENCE, graphs[GRAPH_REFERENCE])))
    with _lock:
        if key not in _base_cache:
            _base_cache.clear()
            _base_cache[key] = _graph_quads(store, GRAPH_ONTOLOGY) + _graph_quads(store, GRAPH_REFERENCE)
        return _base_cache[key]


def validate_stored(store: Store | Backend, graphs: Sequence[str]) -> Report:
    """The compiled validation of the named setup graphs, as stored (empty report for none)."""
    key = tuple(sorted(graphs))
    cacheable = isinstance(store, Store)
    if cacheable:
        with _lock:
            hit = _results.get(store, {}).get(key)
        if hit and hit[0] == store.generation:
            return hit[1]
    report = Report()
    if key:
        ds = Dataset(base_quads(store))
        for graph in key:
            ds.add(ParsedFile(graph_short_name(graph), {graph: _graph_quads(store, graph)}))
        report = validate(ds)
    if cacheable:
        with _lock:
            _results.setdefault(store, {})[key] = (store.generation, report)  # type: ignore[index]
    return report


__all__ = ["base_quads", "validate_stored"]
