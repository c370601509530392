"""The versions API on a real server: history and diff are open, drop and restore need the token;
the Graph Store Protocol keeps what it replaces and drops recoverably."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from laget_graph import versions
from laget_graph.config import Settings
from laget_graph.ingest import load_bundled, load_files
from laget_graph.store import Store
from tests.conftest import LiveServer

from .conftest import COVERAGE_IRI, SENTENCE_EN, SENTENCE_NB, file_triples, sha256, triples

TOKEN = "versions-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def server(tmp_path: Path, last_year: Path, this_year: Path) -> Iterator[tuple[LiveServer, Store]]:
    store = Store(None)
    load_bundled(store)
    load_files(store, [last_year])
    load_files(store, [this_year])
    with LiveServer(Settings(data_dir=tmp_path, store="memory", lang="nb", update_token=TOKEN), store) as live:
        yield live, store


def current_coverage(url: str) -> bool:
    query = f"ASK {{ <{COVERAGE_IRI}> ?p ?o }}"
    return httpx.post(f"{url}/sparql", data={"query": query},
                      headers={"Accept": "application/sparql-results+json"}).json()["boolean"]


def test_history_and_diff_are_open_to_read(server: tuple[LiveServer, Store], last_year: Path) -> None:
    live, _ = server
    history = httpx.get(f"{live.url}/api/setups/3201/history").json()
    assert history["graph"] == "setup/3201"
    numbers = [(v["number"], v["origin"], v["current"]) for v in history["versions"]]
    assert numbers == [(1, "bundled", False), (2, "load", False), (3, "load", True)]
    assert history["versions"][1]["sources"] == [{"name": str(last_year), "sha256": sha256(last_year)}]
    assert httpx.get(f"{live.url}/api/setups/setup/3201/history").json() == history  # the short graph name
    diff = httpx.get(f"{live.url}/api/setups/3201/diff", params={"lang": "en"}).json()
    assert (diff["from"], diff["to"], diff["sentences"]) == (2, 3, [SENTENCE_EN])
    assert all(COVERAGE_IRI in t for t in diff["removed"]) and len(diff["removed"]) == 4
    text = httpx.get(f"{live.url}/api/setups/3201/diff", params={"from": "2", "to": "3", "format": "text"},
                     headers={"Accept-Language": "nb"})
    assert text.headers["content-type"].startswith("text/plain") and SENTENCE_NB in text.text
    ttl = httpx.get(f"{live.url}/api/setups/3201/diff", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle") and "ppt-autisme-2" in ttl.text
    listed = {s["name"]: s for s in httpx.get(f"{live.url}/api/setups").json()}
    assert listed["setup/3201"]["versions"] == 2 and listed["setup/3201"]["current"]
    assert httpx.get(f"{live.url}/").status_code == 200  # the landing page lists current graphs with versions
    refused = httpx.get(f"{live.url}/api/setups/3201/diff", params={"from": "7"}, headers={"Accept-Language": "en"})
    assert refused.status_code == 404 and "has no version 7" in refused.json()["error"]
    assert httpx.get(f"{live.url}/api/setups/0000/history").status_code == 404


def test_drop_and_restore_need_the_token_and_bring_it_back(server: tuple[LiveServer, Store], last_year: Path) -> None:
    live, store = server
    before = triples(store.export("setup/3201", "nt"))
    assert httpx.post(f"{live.url}/api/setups/3201/drop").status_code == 401
    wrong = httpx.post(f"{live.url}/api/setups/3201/drop", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and triples(store.export("setup/3201", "nt")) == before
    dropped = httpx.post(f"{live.url}/api/setups/3201/drop", headers=AUTH)
    assert dropped.status_code == 200 and dropped.json()["dropped"]["number"] == 3
    assert "setup/3201" not in {g["name"] for g in httpx.get(f"{live.url}/api/graphs").json() if g["current"]}
    ppt = "ASK { <https://w3id.org/laget/id/unit/3201/ppt> ?p ?o }"
    assert not httpx.post(f"{live.url}/sparql", data={"query": ppt},
                          headers={"Accept": "application/sparql-results+json"}).json()["boolean"]
    assert httpx.post(f"{live.url}/api/setups/3201/restore", params={"version": "2"}).status_code == 401
    restored = httpx.post(f"{live.url}/api/setups/3201/restore", params={"version": "2"}, headers=AUTH)
    assert restored.status_code == 200 and restored.json()["versions"] == {versions.setup_iri("3201"): 4}
    assert triples(store.export("setup/3201", "nt")) == file_triples(last_year) and current_coverage(live.url)
    again = httpx.post(f"{live.url}/api/setups/3201/restore", params={"version": "4"}, headers=AUTH)
    assert again.status_code == 409
    bad = httpx.post(f"{live.url}/api/setups/3201/restore", params={"version": "x"}, headers=AUTH)
    assert bad.status_code == 400 and "versjonsnummer" in bad.json()["error"]


def test_the_graph_store_keeps_what_it_replaces(server: tuple[LiveServer, Store], this_year: Path) -> None:
    live, store = server
    gsp = f"{live.url}/sparql/graphs"
    body = this_year.read_bytes()
    unchanged = httpx.put(gsp, params={"graph": "setup/3201"}, content=body,
                          headers={**AUTH, "Content-Type": "text/turtle"})
    assert unchanged.status_code == 204 and unchanged.headers["laget-outcome"] == "unchanged"
    small = b'<https://w3id.org/laget/id/unit/3201/ppt> <http://www.w3.org/2000/01/rdf-schema#label> "PPT"@nb .'
    put = httpx.put(gsp, params={"graph": "setup/3201"}, content=small, headers={**AUTH, "Content-Type": "text/turtle"})
    assert put.status_code == 204 and put.headers["laget-version"] == "4"
    assert len(triples(store.export("setup/3201", "nt"))) == 1
    record = versions.history(store, versions.setup_iri("3201"))[-1]
    assert record.origin == "upload" and record.sources[0].name == "upload.ttl"
    assert httpx.delete(gsp, params={"graph": "setup/3201"}, headers=AUTH).status_code == 204
    assert "setup/3201" not in {g.name for g in store.graphs()}
    restored = httpx.post(f"{live.url}/api/setups/3201/restore", params={"version": "3"}, headers=AUTH)
    assert restored.status_code == 200
    assert triples(store.export("setup/3201", "nt")) == file_triples(this_year)
    # the records and the old versions cannot be written through the Graph Store
    setup = versions.setup_iri("3201")
    for graph in (versions.version_iri(setup, 1), versions.history_iri(setup)):
        refused = httpx.put(gsp, params={"graph": graph}, content=small,
                            headers={**AUTH, "Content-Type": "text/turtle"})
        assert refused.status_code == 400, graph
