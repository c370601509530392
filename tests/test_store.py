"""The store: named graphs, all-or-nothing loading, clear errors, persistence across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from laget_graph.ingest import InputError, ParseError, load_data, load_files
from laget_graph.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, graph_iri
from laget_graph.resources import example_files, ontology_files, reference_files
from laget_graph.store import Store, StoreBusyError, StoreError
from laget_graph.versions import is_current

FIXTURES = Path(__file__).parent / "fixtures" / "rdf"


def current(store: Store) -> list[tuple[str, int]]:
    """The current graphs with their counts (versions, histories and lgg:current left out)."""
    return [(g.name, g.triples) for g in store.graphs() if is_current(g.iri)]


def test_bundled_data_lands_in_named_graphs(bundled_store: Store) -> None:
    names = {g.name: g.triples for g in bundled_store.graphs()}
    assert names["ontology"] > 500
    assert names["reference"] > 357 * 3
    assert "setup/3201" in names, names
    assert any(n.startswith("setup/") and n != "setup/3201" for n in names)
    assert ontology_files() and reference_files() and example_files()


def test_file_about_one_municipality_goes_to_its_setup_graph(fresh_store: Store) -> None:
    written = load_files(fresh_store, [FIXTURES / "good-setup.ttl"])
    assert written == {graph_iri("setup/4601"): 7}
    assert current(fresh_store) == [("setup/4601", 7)]


def test_jsonld_loads_and_explicit_graph_wins(fresh_store: Store) -> None:
    written = load_files(fresh_store, [FIXTURES / "good-setup.jsonld"], graph="setup/custom")
    assert written == {graph_iri("setup/custom"): 3}


def test_reload_replaces_and_append_adds(fresh_store: Store) -> None:
    load_files(fresh_store, [FIXTURES / "good-setup.ttl"])
    load_files(fresh_store, [FIXTURES / "good-setup.ttl"])
    assert current(fresh_store) == [("setup/4601", 7)]
    load_files(fresh_store, [FIXTURES / "good-setup.jsonld"], graph="setup/4601", append=True)
    assert current(fresh_store) == [("setup/4601", 10)]


@pytest.mark.parametrize(("name", "line"), [("bad-turtle.ttl", 7), ("bad-jsonld.jsonld", 7)])
def test_malformed_file_names_file_and_line_and_changes_nothing(fresh_store: Store, name: str, line: int) -> None:
    load_files(fresh_store, [FIXTURES / "good-setup.ttl"])
    before = fresh_store.export("setup/4601", "nt")
    with pytest.raises(ParseError) as info:
        # the good file comes first: it must not be written either
        load_files(fresh_store, [FIXTURES / "good-setup.jsonld", FIXTURES / name], graph="setup/4601")
    assert info.value.file.endswith(name)
    assert info.value.line == line
    assert f"{name}, line {line}," in str(info.value)
    assert fresh_store.export("setup/4601", "nt") == before
    assert current(fresh_store) == [("setup/4601", 7)]


def test_remote_jsonld_context_is_refused_not_fetched(fresh_store: Store) -> None:
    with pytest.raises(ParseError, match=r"remote-context\.jsonld"):
        load_files(fresh_store, [FIXTURES / "remote-context.jsonld"])
    assert fresh_store.is_empty()


def test_unknown_extension_and_missing_file_are_clear(fresh_store: Store, tmp_path: Path) -> None:
    odd = tmp_path / "setup.xyz"
    odd.write_text("x")
    with pytest.raises(StoreError, match=r"setup\.xyz.*\.xyz"):
        load_files(fresh_store, [odd])
    with pytest.raises(StoreError, match="no such file"):
        load_files(fresh_store, [tmp_path / "missing.ttl"])


def test_empty_file_is_an_error(fresh_store: Store, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    with pytest.raises(InputError, match="no RDF statements"):
        load_files(fresh_store, [empty])


def test_export_formats_round_trip(bundled_store: Store) -> None:
    import rdflib

    ttl = bundled_store.export("setup/3201", "ttl")
    assert ttl.startswith(b"@prefix")
    g_ttl = rdflib.Graph().parse(data=ttl, format="turtle")
    g_json = rdflib.Graph().parse(data=bundled_store.export("setup/3201", "jsonld"), format="json-ld")
    assert len(g_ttl) == len(g_json) == next(g.triples for g in bundled_store.graphs() if g.name == "setup/3201")
    with pytest.raises(StoreError, match="no graph"):
        bundled_store.export("setup/0000")


def test_persistence_across_restart_and_lock(tmp_path: Path) -> None:
    store = Store(tmp_path / "db")
    load_files(store, [FIXTURES / "good-setup.ttl"])
    with pytest.raises(StoreBusyError, match="in use"):
        Store(tmp_path / "db")
    store.close()
    reopened = Store(tmp_path / "db")
    assert current(reopened) == [("setup/4601", 7)]
    reopened.close()


def test_to_rdflib_copies_chosen_graphs(bundled_store: Store) -> None:
    g = bundled_store.to_rdflib([GRAPH_ONTOLOGY, GRAPH_REFERENCE])
    counts = {x.name: x.triples for x in bundled_store.graphs()}
    assert len(g) <= counts["ontology"] + counts["reference"]
    assert len(g) > counts["reference"]


def test_graph_counts_follow_every_kind_of_write(fresh_store: Store) -> None:
    """The counts are kept between writes (they read every quad); each write must show at once."""
    assert fresh_store.graphs() == []
    load_data(fresh_store, '<urn:x:a> <urn:x:b> "c" .', "nt", "setup/test", "test.nt")
    assert current(fresh_store) == [("setup/test", 1)]
    fresh_store.update(f'INSERT DATA {{ GRAPH <{graph_iri("setup/test")}> {{ <urn:x:a> <urn:x:b> "d" }} }}')
    assert current(fresh_store) == [("setup/test", 2)]
    load_data(fresh_store, '<urn:x:e> <urn:x:b> "f" .', "nt", "setup/test", "again.nt", append=True)
    assert current(fresh_store) == [("setup/test", 3)]
    assert fresh_store.drop_graph("setup/test") and current(fresh_store) == []
