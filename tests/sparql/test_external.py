"""The same app on an external SPARQL 1.1 database: a real ``oxigraph serve`` on loopback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from laget_graph.ingest import load_bundled, load_data
from laget_graph.sparql import named
from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.request import QueryRequest
from laget_graph.store import Store
from laget_graph.store_external import ExternalSparqlStore
from laget_graph.versions import CURRENT_GRAPH
from tests.conftest import free_port, running_oxigraph

from .conftest import TOKEN, Listener, serve, settings_for


def canonical(rows: list[dict[str, object]]) -> list[str]:
    """Rows in a fixed order; GROUP_CONCAT lists (``names``) in a fixed order too."""
    def fix(row: dict[str, object]) -> str:
        return str({k: "|".join(sorted(str(v).replace(", ", " | ").split(" | "))) if k == "names" else v
                    for k, v in row.items()})
    return sorted(map(fix, rows))


def test_same_graphs_as_the_embedded_store(external: ExternalSparqlStore, bundled_store: Store) -> None:
    # the external store keeps the current data in lgg:current, the embedded one in its default graph
    assert [(g.iri, g.triples) for g in external.graphs() if g.iri != CURRENT_GRAPH] == \
        [(g.iri, g.triples) for g in bundled_store.graphs()]
    assert b"Statped" in external.export("reference", "ttl")
    assert len(external.to_rdflib(["ontology"])) == next(g.triples for g in bundled_store.graphs()
                                                         if g.name == "ontology")


def test_app_on_the_external_store(external: ExternalSparqlStore, bundled_store: Store, tmp_path: Path,
                                   listener: Listener) -> None:
    settings = replace(settings_for(tmp_path, update_token=TOKEN), sparql_url=external.query_url)
    with serve(settings, external) as server:
        client = SPARQLWrapper(f"{server.url}/sparql")
        client.setQuery("PREFIX lg: <https://w3id.org/laget/def#> SELECT (COUNT(DISTINCT ?m) AS ?n) "
                        "WHERE { ?m a lg:Municipality }")
        client.setReturnFormat(JSON)
        assert int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) > 300
        assert httpx.get(f"{server.url}/health").json()["store"] == "external"
        # every named query gives the same rows as on the embedded store
        with serve(settings_for(tmp_path / "local"), bundled_store) as local_server:
            for name in named.registry():
                remote = httpx.get(f"{server.url}/api/queries/{name}", timeout=30).json()
                local = httpx.get(f"{local_server.url}/api/queries/{name}", timeout=30).json()
                assert "rows" in remote, (name, remote)
                assert canonical(remote["rows"]) == canonical(local["rows"]), name
        # refused before the external server is ever asked
        r = httpx.post(f"{server.url}/sparql", data={
            "query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"})
        assert r.status_code == 400 and listener.accepted == []
        # writes need the token and reach the external store
        gsp = f"{server.url}/sparql/graphs"
        body = b'<urn:x:ext> <http://www.w3.org/2000/01/rdf-schema#label> "Ekstern"@nb .'
        assert httpx.put(gsp, params={"graph": "setup/ext"}, content=body,
                         headers={"Content-Type": "text/turtle"}).status_code == 401
        assert httpx.put(gsp, params={"graph": "setup/ext"}, content=body,
                         headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"}).status_code == 201
        assert "https://w3id.org/laget/graph/setup/ext" in {g.iri for g in external.graphs()}
        update = "DROP GRAPH <https://w3id.org/laget/graph/setup/ext>"
        assert httpx.post(f"{server.url}/sparql", data={"update": update},
                          headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 204
        assert "https://w3id.org/laget/graph/setup/ext" not in {g.iri for g in external.graphs()}


def test_writes_without_graph_store_protocol_use_update(oxigraph_server: str) -> None:
    store = ExternalSparqlStore(f"{oxigraph_server}/query", f"{oxigraph_server}/update")
    try:
        load_data(store, '<urn:x:a> <urn:x:b> "één \\"quoted\\"" .', "ttl", "setup/viaupdate", "x.ttl")
        assert b'\\"quoted\\"' in store.export("setup/viaupdate", "nt")
        load_data(store, "<urn:x:a> <urn:x:b> <urn:x:c> .", "ttl", "setup/viaupdate", "x.ttl")  # replaces
        assert store.export("setup/viaupdate", "nt").count(b"\n") == 1
        assert store.drop_graph("setup/viaupdate") and not store.drop_graph("setup/viaupdate")
    finally:
        store.close()


def test_unreachable_external_store_is_a_clear_error() -> None:
    store = ExternalSparqlStore(f"http://127.0.0.1:{free_port()}/query", timeout_s=2)
    with pytest.raises(SparqlError) as err:
        store.graphs()
    assert err.value.status == 502 and "127.0.0.1" in err.value.message("nb")
    store.close()


def test_the_oxigraph_servers_time_limit_is_a_clear_503(tmp_path: Path) -> None:
    """``oxigraph serve --timeout-s`` ends a started answer with a notice; that is the store's time
    limit (503), not a broken answer (it was a 500)."""
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d FILTER(STR(?b) = STR(?d)) }"
    with running_oxigraph(tmp_path / "oxigraph", "--timeout-s", "1") as url:
        store = ExternalSparqlStore(f"{url}/query", f"{url}/update", f"{url}/store", timeout_s=30)
        load_bundled(store)
        with pytest.raises(SparqlError) as stopped:
            store.query(QueryRequest(heavy, "SELECT", "application/sparql-results+json", 10))
        store.close()
    assert stopped.value.status == 503 and "own time limit" in stopped.value.message("en")
