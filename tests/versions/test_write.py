"""The versioned write itself, on real stores: one store write per load, drop and restore; nothing a
SPARQL Update changed is lost by the next load; appends and foreign graph names keep versions too."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from laget_graph import versions
from laget_graph.ingest import load_data, load_files
from laget_graph.store import ParsedFile, Store

from .conftest import file_triples


class CountingStore(Store):
    """The embedded store, remembering the graphs of every ``write`` call."""

    def __init__(self) -> None:
        super().__init__(None)
        self.writes: list[dict[str, int]] = []

    def write(self, parsed: Sequence[ParsedFile], append: bool = False) -> dict[str, int]:
        self.writes.append({g: len(q) for p in parsed for g, q in p.graphs.items()})
        return super().write(parsed, append)


def test_a_load_and_the_record_of_what_it_replaced_are_one_write(last_year: Path, this_year: Path) -> None:
    store = CountingStore()
    graph = versions.setup_iri("3201")
    load_files(store, [last_year])
    assert [set(w) for w in store.writes] == [{graph, versions.history_iri(graph)}]
    load_files(store, [this_year])
    replaced = store.writes[-1]
    assert set(replaced) == {graph, versions.version_iri(graph, 1), versions.history_iri(graph)}
    assert replaced[versions.version_iri(graph, 1)] == len(file_triples(last_year))
    versions.drop(store, graph)
    assert store.writes[-1][graph] == 0 and len(store.writes) == 3  # replaced by nothing: removed, in one write
    versions.restore(store, graph, 1)
    assert len(store.writes) == 4


def test_what_a_sparql_update_changed_is_kept_by_the_next_load(last_year: Path, this_year: Path) -> None:
    store = Store(None)
    graph = versions.setup_iri("3201")
    load_files(store, [this_year])
    store.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:edited> <urn:x:by> "hand" }} }}')
    load_files(store, [last_year])
    kept = set(versions.read_triples(store, versions.version_iri(graph, 1)))
    assert ox.Triple(ox.NamedNode("urn:x:edited"), ox.NamedNode("urn:x:by"), ox.Literal("hand")) in kept


def test_an_append_keeps_the_version_before_it(tmp_path: Path) -> None:
    store = Store(None)
    load_data(store, '<urn:x:a> <urn:x:p> "1" .', "nt", "setup/append", "a.nt")
    load_data(store, '<urn:x:b> <urn:x:p> "2" .', "nt", "setup/append", "b.nt", append=True)
    graph = versions.setup_iri("setup/append")
    assert len(versions.read_triples(store, graph)) == 2
    assert len(versions.read_triples(store, versions.version_iri(graph, 1))) == 1
    assert [s.name for v in versions.history(store, graph) for s in v.sources] == ["a.nt", "b.nt"]


def test_a_graph_outside_the_projects_names_keeps_versions_too(tmp_path: Path) -> None:
    store = Store(None)
    trig = tmp_path / "other.trig"
    for value in ("one", "two"):
        trig.write_text(f'<http://example.org/g> {{ <urn:x:a> <urn:x:p> "{value}" }}', encoding="utf-8")
        load_files(store, [trig])
    records = versions.history(store, "http://example.org/g")
    assert [r.number for r in records] == [1, 2]
    assert versions.parse_version_iri(records[0].iri) == ("http://example.org/g", 1)
    assert versions.read_triples(store, records[0].iri)[0].object == ox.Literal("one")


@pytest.mark.parametrize("graph", ["version/setup/3201/1", "history/setup/3201"])
def test_versions_and_histories_cannot_be_loaded_into(graph: str) -> None:
    store = Store(None)
    with pytest.raises(versions.VersionError, match="cannot be written"):
        load_data(store, '<urn:x:a> <urn:x:p> "1" .', "nt", graph, "x.nt")
    assert store.graphs() == []


@pytest.mark.parametrize("ending", ["", " ;", " ; # a comment"])
def test_a_sparql_update_and_the_current_data_are_one_transaction(last_year: Path, ending: str) -> None:
    """The endpoint's update runs with the rebuild of the default graph appended (one request to the
    store), whatever the update ends with."""
    from laget_graph.config import Settings
    from laget_graph.sparql.service import SparqlService

    store = Store(None)
    load_files(store, [last_year])
    service = SparqlService(store, Settings(store="memory"), workers=False)
    generation = store.generation
    graph = versions.setup_iri("3201")
    service.update(f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:new> <urn:x:p> "v" }} }}{ending}')
    assert store.generation == generation + 1  # one write
    answer = service.run(service.check("ASK { <urn:x:new> <urn:x:p> ?v }"), "application/sparql-results+json")
    assert b"true" in answer.body  # the default graph has it at once
