"""The result cap pushed into a query as its LIMIT (sparql/capping.py), and result tables serialised by
pyoxigraph by way of TSV (sparql/results.py): the same rows, the same cap and its marking as before."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from laget_graph.sparql.capping import capped
from laget_graph.sparql.guard import CheckedQuery, check_query
from laget_graph.sparql.results import TABLE_FORMATS, serialise
from laget_graph.store import Store
from tests.sparql.conftest import serve, settings_for

TEN = "VALUES ?x { 1 2 3 4 5 6 7 8 9 10 }"


def check(text: str) -> CheckedQuery:
    return check_query(text, lambda iri: True)


def rows_of(store: ox.Store, text: str) -> list[str]:
    """Each row as its values, space-separated (``-`` for an unbound one)."""
    return [" ".join("-" if t is None else t.value for t in row) for row in store.query(text)]  # type: ignore[union-attr]


#: (query, rows asked for, the LIMIT the outermost query has then, what the answer holds)
CASES = [
    (f"SELECT ?x WHERE {{ {TEN} }} ORDER BY DESC(?x)", 4, 4, ["10", "9", "8", "7"]),
    (f"SELECT ?x WHERE {{ {TEN} }} ORDER BY DESC(?x) OFFSET 2", 4, 4, ["8", "7", "6", "5"]),
    (f"SELECT ?x WHERE {{ {TEN} }} ORDER BY DESC(?x) LIMIT 2", 4, 2, ["10", "9"]),
    (f"SELECT ?x WHERE {{ {TEN} }} ORDER BY DESC(?x) LIMIT 50", 4, 4, ["10", "9", "8", "7"]),
    (f"SELECT ?x WHERE {{ {TEN} }} ORDER BY ?x LIMIT 50 OFFSET 7", 4, 4, ["8", "9", "10"]),
    (f"SELECT DISTINCT ?x WHERE {{ {TEN} {TEN} }} ORDER BY ?x", 3, 3, ["1", "2", "3"]),
    # aggregates count every row before the cap cuts groups
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES (?g ?x) { (1 1) (1 2) (1 3) (2 4) (3 5) (4 6) (5 7) } } "
     "GROUP BY ?g HAVING (COUNT(*) >= 1) ORDER BY ?g", 2, 2, ["1 3", "2 1"]),
    ("SELECT (COUNT(*) AS ?n) WHERE { " + TEN + " }", 2, 2, ["10"]),
    # a subquery keeps its own LIMIT; only the outermost query is capped
    (f"SELECT ?x WHERE {{ {{ SELECT ?x WHERE {{ {TEN} }} ORDER BY ?x LIMIT 6 }} }} ORDER BY DESC(?x)", 3, 3,
     ["6", "5", "4"]),
    # a trailing VALUES clause: the LIMIT goes before it
    ("SELECT ?x ?y WHERE { VALUES ?x { 1 2 3 } } ORDER BY ?x ?y VALUES ?y { 7 8 }", 3, 3, ["1 7", "1 8", "2 7"]),
    # LIMIT in a string, a variable, a prefixed name, an EXISTS: none of them is the query's own
    ('PREFIX limit: <urn:limit:> SELECT ?x ?limit WHERE { ' + TEN + ' BIND("} LIMIT 1" AS ?limit) '
     'FILTER(!EXISTS { SELECT ?x WHERE { ?x limit:offset ?o } LIMIT 1 }) } ORDER BY ?x', 2, 2,
     ["1 } LIMIT 1", "2 } LIMIT 1"]),
    (f"SELECT ?x WHERE {{ {TEN} }} ORDER BY DESC(EXISTS {{ SELECT * {{ ?s ?p ?o }} LIMIT 3 }}) ?x", 2, 2,
     ["1", "2"]),
]


@pytest.mark.parametrize(("text", "rows", "limit", "expected"), CASES)
def test_the_cap_becomes_the_outermost_limit_and_keeps_the_answer(text: str, rows: int, limit: int,
                                                                  expected: list[str]) -> None:
    store = ox.Store()
    original = check(text)
    rewritten = capped(original, rows)
    assert rewritten is not None
    assert check(rewritten).modifiers.limit == limit  # type: ignore[union-attr]  # as rdflib reads it
    assert check(rewritten).modifiers.offset == original.modifiers.offset  # type: ignore[union-attr]
    assert rows_of(store, rewritten) == expected
    assert rows_of(store, rewritten) == rows_of(store, text)[:rows]  # the first rows of the whole answer


@pytest.mark.parametrize("text", ["ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }",
                                  "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50", "DESCRIBE <urn:x>"])
def test_other_forms_are_left_alone(text: str) -> None:
    """A CONSTRUCT's or DESCRIBE's LIMIT counts solutions or resources, not the triples the cap counts."""
    assert capped(check(text), 11) is None


def test_a_text_that_does_not_match_its_parse_is_left_alone() -> None:
    """The parse tree says "no LIMIT"; a text showing one at the top is not rewritten by guesswork."""
    checked = check(f"SELECT ?x WHERE {{ {TEN} }}")
    assert capped(replace(checked, text=checked.text + " LIMIT 3"), 11) is None


ODD = ox.Literal('tab\there, line\nbreak, "quote" \\ back\r')


def _odd_store() -> ox.Store:
    store = ox.Store()
    g = ox.NamedNode("urn:g")
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    for o in (ODD, ox.Literal("hei", language="nb"), ox.Literal("3", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer")), ox.BlankNode("b1"), ox.NamedNode("urn:o")):
        store.add(ox.Quad(s, p, o, g))
    return store


ODD_QUERY = ("SELECT ?s ?o ?none ?t WHERE { ?s ?p ?o OPTIONAL { ?s <urn:nothing> ?none } "
             "BIND(<<( ?s ?p <urn:o> )>> AS ?t) } ORDER BY STR(?o)")


@pytest.mark.parametrize("media", list(TABLE_FORMATS))
@pytest.mark.parametrize("bounded", [True, False])
def test_every_table_format_is_what_pyoxigraph_writes(media: str, bounded: bool) -> None:
    """Literals with tabs, line breaks and quotes, language tags, numbers, blank nodes, unbound
    values and triple terms come out as pyoxigraph writes them, whether written whole (bounded) or
    read row by row; cut at the cap, the rows are the first ones."""
    store = _odd_store()
    fmt = TABLE_FORMATS[media]
    whole = serialise(store.query(ODD_QUERY, use_default_graph_as_union=True), media, 10, bounded=bounded)
    assert (whole.count, whole.truncated) == (5, False)
    cut = serialise(store.query(ODD_QUERY + (" LIMIT 4" if bounded else ""), use_default_graph_as_union=True),
                    media, 3, bounded=bounded)
    assert (cut.count, cut.truncated, cut.limit) == (3, True, 3)
    for answer, floor in ((whole, ODD_QUERY), (cut, ODD_QUERY + " LIMIT 3")):
        expected = store.query(floor, use_default_graph_as_union=True).serialize(format=fmt)
        if fmt == ox.QueryResultsFormat.JSON:
            document = json.loads(answer.body)
            cap = {"count": answer.count, "truncated": answer.truncated, "limit": answer.limit}
            assert document.pop("laget") == cap
            assert document == json.loads(expected)
            assert list(json.loads(answer.body)) == ["head", "results", "laget"]
        else:
            assert answer.body == expected


def test_an_external_stores_own_limit_is_marked_as_its_own() -> None:
    tsv = b"?x\n1\n2\n3\n"
    answer = serialise(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV),
                       "application/sparql-results+json", 10, store_limit=3, bounded=True)
    assert json.loads(answer.body)["laget"] == {"count": 3, "truncated": True, "limit": 3, "limited_by": "store"}


def test_the_server_caps_in_the_query_and_marks_it(bundled_store: Store, tmp_path: Path) -> None:
    """Through the endpoint and its workers: an ordered answer is cut to its first rows and marked in
    every format; a query's own smaller LIMIT is kept and not marked; OFFSET keeps its meaning."""
    ordered = "SELECT DISTINCT ?s WHERE { ?s a <http://www.w3.org/2004/02/skos/core#Concept> } ORDER BY DESC(STR(?s))"
    floor = bundled_store.oxigraph
    with serve(settings_for(tmp_path, result_limit=5), bundled_store) as server:
        url = f"{server.url}/sparql"
        r = httpx.get(url, params={"query": ordered})
        assert r.headers["laget-truncated"] == "true" and r.json()["laget"] == {"count": 5, "truncated": True,
                                                                              "limit": 5}
        expected = json.loads(floor.query(ordered + " LIMIT 5", use_default_graph_as_union=True).serialize(
            format=ox.QueryResultsFormat.JSON))
        assert r.json()["results"] == expected["results"]
        for media, fmt in TABLE_FORMATS.items():
            if fmt == ox.QueryResultsFormat.JSON:
                continue
            got = httpx.get(url, params={"query": ordered + " OFFSET 2"}, headers={"Accept": media})
            assert got.headers["laget-truncated"] == "true"
            assert got.content == floor.query(ordered + " OFFSET 2 LIMIT 5", use_default_graph_as_union=True
                                              ).serialize(format=fmt)
        own = httpx.get(url, params={"query": ordered + " LIMIT 3"})
        assert own.headers["laget-truncated"] == "false" and own.json()["laget"]["count"] == 3
        exactly = httpx.get(url, params={"query": ordered + " LIMIT 5"})
        assert exactly.headers["laget-truncated"] == "false" and exactly.json()["laget"]["count"] == 5
        larger = httpx.get(url, params={"query": ordered + " LIMIT 6"})
        assert larger.headers["laget-truncated"] == "true" and larger.json()["laget"]["count"] == 5


def test_named_query_rows_from_the_worker_agree_with_the_endpoint(bundled_store: Store, tmp_path: Path) -> None:
    """``/api/queries`` passes on the rows the worker wrote (names and numbers as plain JSON); for
    every named query they are the endpoint's SPARQL JSON answer read as plain rows, and a cut answer
    says so in its members, its headers and its notice."""
    from laget_graph.sparql import named
    from laget_graph.sparql.results import Answer, plain_rows

    cut: set[bool] = set()
    with serve(settings_for(tmp_path, result_limit=3), bundled_store) as server:
        for name, query in named.registry().items():
            got = httpx.get(f"{server.url}/api/queries/{name}", params={"lang": "en"})
            assert got.status_code == 200 and got.headers["content-type"].startswith("application/json")
            endpoint = httpx.get(f"{server.url}/sparql", params={"query": query.bind({})})
            cap = endpoint.json()["laget"]
            answer = Answer(endpoint.content, "application/sparql-results+json", cap["count"], cap["truncated"],
                            cap["limit"])
            body = got.json()
            assert list(body) == ["query", "columns", "rows", "count", "truncated", "limit", "notice"]
            assert {k: v for k, v in body.items() if k != "notice"} == plain_rows(answer, name), name
            assert got.headers["laget-truncated"] == str(cap["truncated"]).lower()
            assert (body["notice"] is not None) == cap["truncated"]
            if cap["truncated"]:
                assert "LAGET_RESULT_LIMIT" in body["notice"] and len(body["rows"]) == 3
            cut.add(cap["truncated"])
    assert cut == {True, False}  # answers cut short and whole ones
