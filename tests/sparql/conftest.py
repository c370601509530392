"""Fixtures for the SPARQL tests: servers with their own settings, a loopback listener, and a real
Oxigraph server (``oxigraph serve`` from PyPI) for the external-store mode."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled
from laget_graph.store_external import ExternalSparqlStore, open_backend
from tests.conftest import LiveServer, running_oxigraph

TOKEN = "test-token-0123456789"


def settings_for(tmp: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp, store="memory", lang="en", **values)  # type: ignore[arg-type]


class Listener:
    """A TCP listener on loopback that records every connection it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(addr)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port, union default graph, its own folder. Yields its URL."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def external(oxigraph_server: str) -> Iterator[ExternalSparqlStore]:
    """The bundled data loaded into the Oxigraph server through the Graph Store Protocol."""
    settings = Settings.from_env({"LAGET_SPARQL_URL": f"{oxigraph_server}/query",
                                  "LAGET_SPARQL_UPDATE_URL": f"{oxigraph_server}/update",
                                  "LAGET_GSP_URL": f"{oxigraph_server}/store"})
    store = open_backend(settings)
    assert isinstance(store, ExternalSparqlStore)
    load_bundled(store)
    yield store
    store.close()


def serve(settings: Settings, store: object) -> LiveServer:
    return LiveServer(settings, store)  # type: ignore[arg-type]
