"""The SPARQL 1.1 Protocol on a live server, driven by httpx, SPARQLWrapper and rdflib's SPARQLStore.

The W3C protocol test cases that apply to a read-only endpoint are named after their test ids
(https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/)."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

from laget_graph.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE

COUNT_MUNICIPALITIES = ("PREFIX lg: <https://w3id.org/laget/def#> "
                        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a lg:Municipality }")
BAERUM = "https://w3id.org/laget/id/kommune/3201"
CONSTRUCT_BAERUM = f"CONSTRUCT {{ <{BAERUM}> ?p ?o }} WHERE {{ <{BAERUM}> ?p ?o }}"


@pytest.fixture(scope="module")
def endpoint(live_server) -> str:  # type: ignore[no-untyped-def]
    return f"{live_server.url}/sparql"


# -- W3C protocol tests: query operations ------------------------------------------------------

def test_query_get(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.json()["boolean"] is True


def test_query_post_form(endpoint: str) -> None:
    r = httpx.post(endpoint, data={"query": COUNT_MUNICIPALITIES})
    assert r.status_code == 200
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 300


def test_query_post_direct(endpoint: str) -> None:
    r = httpx.post(endpoint, content=COUNT_MUNICIPALITIES.encode(),
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 300


def test_query_dataset_default_graph_and_named_graphs(endpoint: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    whole = httpx.get(endpoint, params={"query": count}).json()
    only_ontology = httpx.get(endpoint, params={"query": count, "default-graph-uri": GRAPH_ONTOLOGY}).json()
    both = httpx.post(endpoint, data={"query": count, "default-graph-uri": [GRAPH_ONTOLOGY, GRAPH_REFERENCE]}).json()
    n = [int(x["results"]["bindings"][0]["n"]["value"]) for x in (whole, only_ontology, both)]
    assert 0 < n[1] < n[2] < n[0]
    named = httpx.post(endpoint, data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                       "named-graph-uri": GRAPH_REFERENCE}).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [GRAPH_REFERENCE]


def test_query_from_local_graph(endpoint: str) -> None:
    q = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH_ONTOLOGY}> WHERE {{ ?s ?p ?o }}"
    via_from = httpx.get(endpoint, params={"query": q}).json()
    via_protocol = httpx.get(endpoint, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                               "default-graph-uri": GRAPH_ONTOLOGY}).json()
    assert via_from["results"] == via_protocol["results"]


@pytest.mark.parametrize(("accept", "check"), [
    ("application/sparql-results+json", lambda b: json.loads(b)["head"]["vars"] == ["n"]),
    ("application/sparql-results+xml", lambda b: b.startswith("<?xml") and "<variable name=\"n\"/>" in b),
    ("text/csv", lambda b: b.splitlines()[0] == "n"),
    ("text/tab-separated-values", lambda b: b.splitlines()[0] == "?n"),
])
def test_query_content_type_select(endpoint: str, accept: str, check) -> None:  # type: ignore[no-untyped-def]
    r = httpx.get(endpoint, params={"query": COUNT_MUNICIPALITIES}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept) and check(r.text)


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json",
                                    "application/rdf+xml"])
def test_query_content_type_construct_and_describe(endpoint: str, accept: str) -> None:
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml"}[accept]
    for query in (CONSTRUCT_BAERUM, f"DESCRIBE <{BAERUM}>"):
        r = httpx.post(endpoint, data={"query": query}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        g = rdflib.Graph().parse(data=r.content, format=fmt)
        assert (rdflib.URIRef(BAERUM), rdflib.RDFS.label, rdflib.Literal("Bærum", lang="nb")) in g


def test_query_content_type_ask_and_406(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and "<boolean>true</boolean>" in r.text
    assert httpx.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(endpoint, params={"query": CONSTRUCT_BAERUM}, headers={"Accept": "image/png"}).status_code == 406
    # a generic client asking for result tables gets Turtle for a graph query, as from Fuseki
    r = httpx.get(endpoint, params={"query": CONSTRUCT_BAERUM}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")


# -- W3C protocol tests: bad requests ----------------------------------------------------------

def test_bad_query_syntax_names_line_and_column(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "SELECT * WHERE {\n ?s ?p ?o .\n FILTER(?o = ) }", "lang": "en"})
    assert r.status_code == 400 and "line 3" in r.text and "column" in r.text


def test_bad_query_method(endpoint: str) -> None:
    assert httpx.put(endpoint, content=b"ASK {}", headers={"Content-Type": "application/sparql-query"}
                     ).status_code in (405, 400)


def test_bad_multiple_queries(endpoint: str) -> None:
    r = httpx.get(endpoint, params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400


def test_bad_query_wrong_media_type_and_missing_type(endpoint: str) -> None:
    assert httpx.post(endpoint, content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert httpx.post(endpoint, content=b"ASK {}", headers={"Content-Type": ""}).status_code == 400


def test_bad_query_non_utf8(endpoint: str) -> None:
    body = 'SELECT * WHERE { ?s ?p "Bærum" }'.encode("latin-1")
    r = httpx.post(endpoint, content=body, headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"})
    assert r.status_code == 400


def test_bad_update_get(endpoint: str) -> None:
    assert httpx.get(endpoint, params={"update": "CLEAR ALL"}).status_code == 400


def test_bad_query_and_update_together(endpoint: str) -> None:
    assert httpx.post(endpoint, data={"query": "ASK {}", "update": "CLEAR ALL"}).status_code == 400


# -- service description and errors in both languages ------------------------------------------

def test_service_description_for_clients(endpoint: str) -> None:
    r = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = rdflib.URIRef(endpoint)
    assert (service, rdflib.RDF.type, sd.Service) in g
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in g  # no token configured
    assert rdflib.URIRef(GRAPH_ONTOLOGY) in set(g.objects(None, sd.name))


def test_plain_clients_get_the_description_not_the_page(endpoint: str) -> None:
    for accept in ("*/*", None):
        r = httpx.get(endpoint, headers={"Accept": accept} if accept else {})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert httpx.get(endpoint, headers={"Accept": "image/png"}).status_code == 406


def test_editor_page_for_browsers(endpoint: str) -> None:
    r = httpx.get(endpoint, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'id="named-queries"' in r.text


def test_errors_follow_the_language(endpoint: str) -> None:
    q = {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
    assert "ikke tillatt" in httpx.get(endpoint, params=q, headers={"Accept-Language": "nb"}).text
    assert "not allowed" in httpx.get(endpoint, params=q, headers={"Accept-Language": "en"}).text


# -- real clients ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_every_result_format(endpoint: str, fmt: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(COUNT_MUNICIPALITIES)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == JSON:
        value = result["results"]["bindings"][0]["n"]["value"]
    elif fmt == XML:
        value = result.getElementsByTagName("literal")[0].firstChild.data
    else:
        rows = list(csv.reader(io.StringIO(result.decode()), delimiter="," if fmt == CSV else "\t"))
        value = rows[1][0].split("^^")[0].strip('"')
    assert int(value) > 300


@pytest.mark.parametrize("fmt", ["turtle", "n3", "xml", "json-ld"])
def test_sparqlwrapper_construct(endpoint: str, fmt: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(CONSTRUCT_BAERUM)
    client.setReturnFormat({"turtle": "turtle", "n3": "n3", "xml": XML, "json-ld": "json-ld"}[fmt])
    result = client.queryAndConvert()
    g = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(
        data=result, format={"turtle": "turtle", "n3": "turtle", "json-ld": "json-ld"}[fmt])
    assert (rdflib.URIRef(BAERUM), rdflib.RDFS.label, rdflib.Literal("Bærum", lang="nb")) in g


@pytest.mark.parametrize("returns", ["json", "xml", "csv", "tsv"])
def test_rdflib_sparqlstore(endpoint: str, returns: str) -> None:
    store = SPARQLStore(endpoint, returnFormat=returns, method="POST_FORM")
    graph = rdflib.Graph(store)
    rows = list(graph.query(COUNT_MUNICIPALITIES))
    assert int(rows[0][0]) > 300
    triples = graph.query(CONSTRUCT_BAERUM)
    assert (rdflib.URIRef(BAERUM), rdflib.RDFS.label, rdflib.Literal("Bærum", lang="nb")) in set(triples)
    assert bool(graph.query("ASK { ?s ?p ?o }"))


def test_cors_is_configurable(bundled_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import serve, settings_for

    origin = "https://researcher.example"
    query = {"query": "ASK { ?s ?p ?o }"}
    with serve(settings_for(tmp_path, cors_origins=(origin,)), bundled_store) as server:
        r = httpx.get(f"{server.url}/sparql", params=query, headers={"Origin": origin})
        assert r.headers["access-control-allow-origin"] == origin
        assert "laget-truncated" in r.headers["access-control-expose-headers"].lower()
        other = httpx.get(f"{server.url}/sparql", params=query, headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
    with serve(settings_for(tmp_path), bundled_store) as server:  # default: no cross-origin access
        r = httpx.get(f"{server.url}/sparql", params=query, headers={"Origin": origin})
        assert "access-control-allow-origin" not in r.headers
