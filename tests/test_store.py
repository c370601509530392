"""The store: named graphs, all-or-nothing loading, clear errors, persistence across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from laget_graph.ingest import InputError, ParseError, load, load_bundled, load_data, load_files, parse_data
from laget_graph.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, graph_iri
from laget_graph.resources import example_files, ontology_files, reference_files
from laget_graph.store import Store, StoreBusyError, StoreError, WriteRefused
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


def test_one_load_writes_bundled_data_and_files_in_one_step(fresh_store: Store, tmp_path: Path) -> None:
    """``laget load --bundled FILES`` is one write: the bundled graphs replaced, the files' graphs appended to."""
    load_files(fresh_store, [FIXTURES / "good-setup.ttl"])
    bundled = Store(None)
    load_bundled(bundled)
    generation = fresh_store.generation
    written = load(fresh_store, [FIXTURES / "good-setup.jsonld"], graph="setup/4601", append=True, bundled=True)
    assert fresh_store.generation == generation + 2  # the one write, then the default graph rebuilt from it
    counts = dict(current(fresh_store))
    assert counts["setup/4601"] == 7 + 3 and written[graph_iri("setup/4601")] == 3
    assert {k: v for k, v in counts.items() if k != "setup/4601"} == dict(current(bundled))
    load(fresh_store, bundled=True)  # again: replaced, not doubled
    assert dict(current(fresh_store)) == counts


def test_the_operator_may_load_the_ontology_graph_but_a_confined_write_may_not(fresh_store: Store,
                                                                                tmp_path: Path) -> None:
    trig = tmp_path / "ontology.trig"
    trig.write_text(f'<{GRAPH_ONTOLOGY}> {{ <urn:x:a> <urn:x:b> "c" . }}\n<urn:x:a> <urn:x:b> "d" .\n')
    assert load_files(fresh_store, [trig], graph="setup/own") == {GRAPH_ONTOLOGY: 1, graph_iri("setup/own"): 1}
    with pytest.raises(WriteRefused) as refused:
        load_data(fresh_store, trig.read_text(), "trig", "setup/own", "upload.trig", confined=True)
    assert refused.value.status == 400 and "ontology" in refused.value.message("nb")
    for graph in ("ontology", "reference"):
        with pytest.raises(WriteRefused) as refused:
            load_data(fresh_store, '<urn:x:a> <urn:x:b> "e" .', "nt", graph, "upload.nt", confined=True)
        assert refused.value.status == 403
        with pytest.raises(WriteRefused):
            fresh_store.drop_graph(graph, confined=True)
    assert fresh_store.export("ontology", "nt").count(b"\n") == 1


def test_a_graph_named_by_a_blank_node_is_a_clear_error(fresh_store: Store, tmp_path: Path) -> None:
    trig = tmp_path / "blank.trig"
    trig.write_text("_:g { <urn:x:a> <urn:x:b> <urn:x:c> . }\n")
    with pytest.raises(ParseError, match=r"blank\.trig.*blank node"):
        load_files(fresh_store, [trig])
    assert fresh_store.is_empty()


def test_literals_and_blank_nodes_survive_the_write_exactly(fresh_store: Store) -> None:
    """A write is one SPARQL Update built from the parsed terms: escapes, languages, datatypes and
    blank nodes must come out as they went in, and no text in the data can end the update early."""
    import pyoxigraph as ox

    values = ["\\u0041 stays", 'quote " and } } ; DROP ALL', "line\nbreak\r\ttab", "\x00\x1f\x7f", "æøå 𝄞 \u2028",
              "# not a comment", "'''", '"""', "\\"]
    quads = []
    for i, v in enumerate(values):
        s = ox.NamedNode(f"urn:x:s{i}")
        quads += [ox.Quad(s, ox.NamedNode("urn:x:p"), ox.Literal(v), ox.DefaultGraph()),
                  ox.Quad(s, ox.NamedNode("urn:x:p"), ox.Literal(v, language="nb"), ox.DefaultGraph()),
                  ox.Quad(s, ox.NamedNode("urn:x:p"), ox.Literal(v, datatype=ox.NamedNode("urn:x:dt")),
                          ox.DefaultGraph())]
    quads.append(ox.Quad(ox.BlankNode(), ox.NamedNode("urn:x:p"), ox.BlankNode(), ox.DefaultGraph()))
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    load_data(fresh_store, data, "nq", "setup/odd", "odd.nq")
    expected = ox.Store()
    expected.load(data, format=ox.RdfFormat.N_QUADS, to_graph=ox.NamedNode(graph_iri("setup/odd")))
    stored = list(fresh_store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri("setup/odd"))))
    got = sorted(str(q) for q in stored if not isinstance(q.subject, ox.BlankNode))
    assert got == sorted(str(q) for q in expected if not isinstance(q.subject, ox.BlankNode))
    assert len(stored) == len(expected) == len(quads)


def test_a_replaced_graph_holds_exactly_its_new_content(fresh_store: Store) -> None:
    """A replacement changes only what differs (deleting costs more than inserting); the result must be
    the new content exactly, with or without blank nodes, and the same content again changes nothing."""
    def lines(*objects: str) -> str:
        return "".join(f"<urn:x:s> <urn:x:p> {o} .\n" for o in objects)

    def content() -> list[str]:
        return sorted(fresh_store.export("setup/diff", "nt").decode().splitlines())

    load_data(fresh_store, lines('"1"', '"2"', '"3"'), "nt", "setup/diff", "a.nt")
    load_data(fresh_store, lines('"2"', '"3"', '"4"', '"4"'), "nt", "setup/diff", "b.nt")
    assert content() == sorted(lines('"2"', '"3"', '"4"').splitlines())
    generation = fresh_store.generation
    fresh_store.write([parse_data(lines('"2"', '"3"', '"4"'), "nt", "setup/diff", "b.nt")])  # the store itself
    assert content() == sorted(lines('"2"', '"3"', '"4"').splitlines()) and fresh_store.generation == generation + 1
    load_data(fresh_store, lines('"2"', '"3"', '"4"'), "nt", "setup/diff", "b.nt")  # a load sees the same content
    assert fresh_store.generation == generation + 1  # and writes nothing
    load_data(fresh_store, lines('"2"', "_:b1", "_:b2"), "nt", "setup/diff", "c.nt")
    assert len(content()) == 3
    load_data(fresh_store, lines('"2"', "_:b1"), "nt", "setup/diff", "d.nt")  # blank nodes on both sides
    assert len(content()) == 2 and '<urn:x:s> <urn:x:p> "2" .' in content()
    load_data(fresh_store, lines('"5"'), "nt", "setup/diff", "e.nt")
    assert content() == ['<urn:x:s> <urn:x:p> "5" .']
