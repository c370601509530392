"""The SPARQL 1.1 Protocol tests of tests/sparql/test_protocol.py, through laget-graph over Virtuoso.

The same test functions run here with ``endpoint`` pointing at an app whose store is the real
Virtuoso (loaded by ``laget load``), so every protocol case is checked on both stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from laget_graph.store_external import ExternalSparqlStore
from tests.sparql import test_protocol
from tests.sparql.conftest import serve, settings_for

pytestmark = [pytest.mark.store, pytest.mark.slow]

#: Every protocol test but the CORS one, which starts servers of its own over the embedded store.
globals().update({name: test for name, test in vars(test_protocol).items()
                  if name.startswith("test_") and name != "test_cors_is_configurable"})


@pytest.fixture(scope="module")
def endpoint(on_virtuoso: ExternalSparqlStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(settings_for(tmp_path_factory.mktemp("protocol")), on_virtuoso) as server:
        yield f"{server.url}/sparql"
