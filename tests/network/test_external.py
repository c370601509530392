"""The network built from an external SPARQL database (a real ``oxigraph serve``) is the same."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from laget_graph.network import Scope, analyse, build_graph
from laget_graph.resources import ontology_files
from laget_graph.store_external import ExternalSparqlStore
from tests.conftest import free_port
from tests.sparql.conftest import oxigraph_command

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def external(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ExternalSparqlStore]:
    """Our own Oxigraph server (the SPARQL tests' one holds their data), loaded with the fixtures."""
    command = oxigraph_command()
    if command is None:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    port = free_port()
    process = subprocess.Popen([command, "serve", "--location", str(tmp_path_factory.mktemp("oxi-network")),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        store = ExternalSparqlStore(f"{url}/query", f"{url}/update")
        store.load_files(ontology_files(), graph="ontology")
        store.load_files([Path(FIXTURES / "small.ttl")], graph="setup/small")
        yield store
        store.close()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_external_store_gives_the_same_network(external: ExternalSparqlStore, small_store: object) -> None:
    for scope in (Scope(), Scope(("9901",)), Scope(county="99", year=2023)):
        remote, local = build_graph(external, scope), build_graph(small_store, scope)  # type: ignore[arg-type]
        assert sorted(remote.nodes(data="group")) == sorted(local.nodes(data="group"))
        assert sorted(remote.edges(keys=True)) == sorted(local.edges(keys=True))
        assert analyse(remote).figures() == analyse(local).figures()
