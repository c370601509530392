"""The network built from an external SPARQL database (a real ``oxigraph serve``) is the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from laget_graph.ingest import load_files
from laget_graph.network import Scope, analyse, build_graph
from laget_graph.resources import ontology_files
from laget_graph.store_external import ExternalSparqlStore
from tests.conftest import running_oxigraph

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def external(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExternalSparqlStore]:
    """Our own Oxigraph server (the SPARQL tests' one holds their data), loaded with the fixtures."""
    with running_oxigraph(tmp_path_factory.mktemp("oxi-network")) as url:
        store = ExternalSparqlStore(f"{url}/query", f"{url}/update")
        load_files(store, ontology_files(), graph="ontology")
        load_files(store, [Path(FIXTURES / "small.ttl")], graph="setup/small")
        yield store
        store.close()


def test_external_store_gives_the_same_network(external: ExternalSparqlStore, small_store: object) -> None:
    for scope in (Scope(), Scope(("9901",)), Scope(county="99", year=2023)):
        remote, local = build_graph(external, scope), build_graph(small_store, scope)  # type: ignore[arg-type]
        assert sorted(remote.nodes(data="group")) == sorted(local.nodes(data="group"))
        assert sorted(remote.edges(keys=True)) == sorted(local.edges(keys=True))
        assert analyse(remote).figures() == analyse(local).figures()
