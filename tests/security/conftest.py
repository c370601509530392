"""Fixtures for the hostile-input table: a loopback listener that must never be reached, and a real
server whose query workers are *not* walled into an empty network namespace (as where ``unshare``
is refused, in many containers), so the guard is tested as the first wall on its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from laget_graph.sparql import worker
from laget_graph.store import Store
from tests.conftest import LiveServer
from tests.sparql.conftest import TOKEN, Listener, settings_for

GRAPH = "https://w3id.org/laget/graph/setup/security"


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def open_network() -> Iterator[None]:
    """Workers keep the host's network (no namespace): forked workers inherit this patch."""
    mp = pytest.MonkeyPatch()
    mp.setattr(worker, "isolate_network", lambda: False)
    yield
    mp.undo()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, open_network: None) -> Iterator[LiveServer]:
    """A real server on loopback over a small in-memory store, updates allowed with :data:`TOKEN`."""
    store = Store(None)
    store.oxigraph.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"),
                               ox.NamedNode(GRAPH)))
    settings = settings_for(Path(tmp_path_factory.mktemp("security")), update_token=TOKEN, query_workers=1)
    with LiveServer(settings, store) as live:
        yield live
