"""Queries see only the current versions; an old version is read by its graph's name. Over real
HTTP on a live server, on the embedded store and on an external one (``oxigraph serve``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from laget_graph import versions
from laget_graph.config import Settings
from laget_graph.ingest import load_bundled, load_files
from laget_graph.network.build import build_graph
from laget_graph.sparql import named
from laget_graph.sparql.service import SparqlService
from laget_graph.store import Store
from laget_graph.store_external import ExternalSparqlStore
from tests.conftest import LiveServer, running_oxigraph

from .conftest import COVERAGE_IRI

JSON = {"Accept": "application/sparql-results+json"}
ASK_COVERAGE = f"ASK {{ <{COVERAGE_IRI}> ?p ?o }}"


def with_versions(store: Store | ExternalSparqlStore, last_year: Path, this_year: Path) -> str:
    """Bundled data, then last year's Bærum, then this year's: returns the old version's graph IRI."""
    load_bundled(store)
    load_files(store, [last_year])
    load_files(store, [this_year])
    old = next(v for v in versions.history(store, versions.setup_iri("3201")) if v.sources[0].name == str(last_year))
    return old.iri


@pytest.fixture
def stores(last_year: Path, this_year: Path) -> tuple[Store, Store, str]:
    """A store that went through last year's setup, and one that only ever saw this year's."""
    kept, fresh = Store(None), Store(None)
    old = with_versions(kept, last_year, this_year)
    load_bundled(fresh)
    load_files(fresh, [this_year])
    return kept, fresh, old


@pytest.fixture
def server(stores: tuple[Store, Store, str], tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(Settings(data_dir=tmp_path, store="memory", lang="nb"), stores[0]) as live:
        yield live


def ask(url: str, query: str, **params: str | list[str]) -> bool:
    response = httpx.post(f"{url}/sparql", data={"query": query, **params}, headers=JSON, timeout=60)
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


def test_the_default_graph_holds_only_current_versions(server: LiveServer, stores: tuple[Store, Store, str]) -> None:
    _, _, old = stores
    assert not ask(server.url, ASK_COVERAGE)  # last year's coverage is gone from the current data
    assert ask(server.url, f"ASK {{ GRAPH <{old}> {{ <{COVERAGE_IRI}> ?p ?o }} }}")  # the old version, by name
    assert ask(server.url, f"ASK FROM NAMED <{old}> {{ GRAPH ?g {{ <{COVERAGE_IRI}> ?p ?o }} }}")
    assert ask(server.url, f"ASK FROM <{old}> {{ <{COVERAGE_IRI}> ?p ?o }}")
    assert ask(server.url, ASK_COVERAGE, **{"default-graph-uri": old})
    # the record of the version says where it came from
    history = versions.history_iri(versions.setup_iri("3201"))
    invalidated = "<http://www.w3.org/ns/prov#invalidatedAtTime>"
    assert ask(server.url, f"ASK {{ GRAPH <{history}> {{ <{old}> {invalidated} ?t }} }}")
    assert not ask(server.url, f"ASK {{ <{old}> ?p ?o }}")  # histories are not in the default graph either


def test_named_queries_and_the_network_answer_as_if_no_old_version_existed(
        server: LiveServer, stores: tuple[Store, Store, str], tmp_path: Path) -> None:
    kept, fresh, _ = stores
    with LiveServer(Settings(data_dir=tmp_path / "fresh", store="memory", lang="nb"), fresh) as never:
        for name in named.registry():
            ours = httpx.get(f"{server.url}/api/queries/{name}", timeout=60).json()
            theirs = httpx.get(f"{never.url}/api/queries/{name}", timeout=60).json()
            assert "rows" in ours, (name, ours)
            assert sorted(map(str, ours["rows"])) == sorted(map(str, theirs["rows"])), name
    a, b = build_graph(kept), build_graph(fresh)
    assert sorted(a.nodes) == sorted(b.nodes)
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))


def test_a_store_without_versions_still_reads_the_union_of_all_graphs(this_year: Path) -> None:
    """A store written before versions existed (no history yet): nothing to leave out."""
    store = Store(None)
    from laget_graph.ingest import parse_file

    store.write([parse_file(this_year)])  # a plain write, as before versions
    assert not versions.keeps_versions(store)
    service = SparqlService(store, Settings(store="memory"), workers=False)
    query = "ASK { <https://w3id.org/laget/id/unit/3201/ppt> ?p ?o }"
    assert service.run(service.check(query), "application/sparql-results+json").body.find(b"true") > 0


def test_versions_on_an_external_store(tmp_path: Path, last_year: Path, this_year: Path) -> None:
    """The same on ``oxigraph serve`` (union default graph): lgg:current and the named graphs are sent
    as the protocol dataset, so the old version stays out of the default graph there too."""
    with running_oxigraph(tmp_path / "oxigraph") as url:
        store = ExternalSparqlStore(f"{url}/query", f"{url}/update", f"{url}/store")
        try:
            old = with_versions(store, last_year, this_year)
            service = SparqlService(store, Settings(store="memory"), workers=False)

            def answer(query: str) -> bool:
                body = service.run(service.check(query), "application/sparql-results+json").body
                return b"true" in body
            assert not answer(ASK_COVERAGE)
            assert answer(f"ASK {{ GRAPH <{old}> {{ <{COVERAGE_IRI}> ?p ?o }} }}")
            graph = versions.setup_iri("3201")
            assert [v.number for v in versions.history(store, graph)] == [1, 2, 3]
            versions.drop(store, graph)
            assert graph not in {g.iri for g in store.graphs()}
            assert not answer("ASK { <https://w3id.org/laget/id/unit/3201/ppt> ?p ?o }")
            versions.restore(store, graph, 2)
            assert answer(ASK_COVERAGE)
        finally:
            store.close()
