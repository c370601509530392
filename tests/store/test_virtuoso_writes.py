"""Writes to Virtuoso: through laget-graph with its token and Virtuoso credentials of an update user,
refused (clearly, in both languages, nothing changed) without either."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from laget_graph.ingest import load_data
from laget_graph.store_external import ExternalSparqlStore
from tests.conftest import LiveServer
from tests.sparql.conftest import TOKEN, serve, settings_for
from tests.virtuoso import Virtuoso

from .conftest import external_store, laget

pytestmark = [pytest.mark.store, pytest.mark.slow]

GRAPH = "https://w3id.org/laget/graph/setup/virtuoso-write"
BODY = b'<urn:x:ext> <http://www.w3.org/2000/01/rdf-schema#label> "Ekstern"@nb .'
BEARER = {"Authorization": f"Bearer {TOKEN}"}
TURTLE = {"Content-Type": "text/turtle"}


def graph_iris(store: ExternalSparqlStore) -> set[str]:
    return {g.iri for g in store.graphs()}


@pytest.fixture
def app_on(tmp_path: Path) -> Iterator[callable]:  # type: ignore[valid-type]
    """Start the app over a given external store (closed afterwards)."""
    opened: list[tuple[LiveServer, ExternalSparqlStore]] = []

    def start(store: ExternalSparqlStore) -> LiveServer:
        server = serve(settings_for(tmp_path / str(len(opened)), update_token=TOKEN), store).__enter__()
        opened.append((server, store))
        return server

    yield start
    for server, store in opened:
        server.__exit__()
        store.close()


def test_writes_with_token_and_credentials_reach_virtuoso(virtuoso: Virtuoso, on_virtuoso: ExternalSparqlStore,
                                                          app_on) -> None:  # type: ignore[no-untyped-def]
    server = app_on(external_store(virtuoso))
    gsp = f"{server.url}/sparql/graphs"
    try:
        assert httpx.put(gsp, params={"graph": GRAPH}, content=BODY, headers=TURTLE).status_code == 401
        assert GRAPH not in graph_iris(on_virtuoso)
        assert httpx.put(gsp, params={"graph": GRAPH}, content=BODY, headers={**TURTLE, **BEARER}).status_code == 201
        assert GRAPH in graph_iris(on_virtuoso)  # seen by another client of the same Virtuoso
        insert = f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:x:ext> <urn:x:note> "to" }} }}'
        assert httpx.post(f"{server.url}/sparql", data={"update": insert}, headers=BEARER).status_code == 204
        assert {g.iri: g.triples for g in on_virtuoso.graphs()}[GRAPH] == 2
        # DROP GRAPH as a client sends it: Virtuoso accepts it because laget created the graph first
        drop = f"DROP GRAPH <{GRAPH}>"
        assert httpx.post(f"{server.url}/sparql", data={"update": drop}).status_code == 401
        assert httpx.post(f"{server.url}/sparql", data={"update": drop}, headers=BEARER).status_code == 204
        assert GRAPH not in graph_iris(on_virtuoso)
    finally:
        on_virtuoso.drop_graph(GRAPH)


@pytest.mark.parametrize("credentials", [{"LAGET_SPARQL_USER": ""}, {"LAGET_SPARQL_PASSWORD": "wrong"}],
                         ids=["none", "wrong-password"])
def test_writes_without_virtuoso_credentials_are_refused_clearly(virtuoso: Virtuoso, on_virtuoso: ExternalSparqlStore,
                                                                 app_on, credentials: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    server = app_on(external_store(virtuoso, **credentials))
    before = on_virtuoso.graphs()
    r = httpx.put(f"{server.url}/sparql/graphs", params={"graph": GRAPH, "lang": "en"}, content=BODY,
                  headers={**TURTLE, **BEARER})
    assert r.status_code == 502 and "refused laget-graph (HTTP 401)" in r.text and "LAGET_SPARQL_PASSWORD" in r.text
    r = httpx.post(f"{server.url}/sparql", data={"update": f"DROP SILENT GRAPH <{GRAPH}>"},
                   headers={**BEARER, "Accept-Language": "nb"})
    assert r.status_code == 502 and "avviste laget-graph" in r.text
    assert httpx.get(f"{server.url}/api/queries/coverage-matrix").status_code == 200  # reading needs none
    assert on_virtuoso.graphs() == before


def test_a_user_without_the_update_role_is_refused(virtuoso: Virtuoso, on_virtuoso: ExternalSparqlStore) -> None:
    virtuoso.sql("DB.DBA.USER_CREATE('reader', 'reader-pw');")
    store = external_store(virtuoso, LAGET_SPARQL_USER="reader", LAGET_SPARQL_PASSWORD="reader-pw")
    try:
        with pytest.raises(Exception) as refused:
            load_data(store, BODY, "nt", GRAPH, "x.nt")
        assert refused.value.key == "store_auth"  # type: ignore[attr-defined]
        assert GRAPH not in graph_iris(on_virtuoso)
    finally:
        store.close()


def test_laget_load_without_credentials_exits_2_with_the_reason(virtuoso: Virtuoso, on_virtuoso: ExternalSparqlStore,
                                                              tmp_path: Path) -> None:
    before = on_virtuoso.graphs()
    data = tmp_path / "setup.nt"
    data.write_bytes(BODY)
    for lang, words in (("nb", "avviste laget-graph (HTTP 401)"), ("en", "refused laget-graph (HTTP 401)")):
        done = laget("load", str(data), env={**virtuoso.env, "LAGET_SPARQL_PASSWORD": ""}, lang=lang)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
    assert on_virtuoso.graphs() == before
