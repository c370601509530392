"""The floor for the endpoint benchmark: a bare FastAPI ``/sparql`` over pyoxigraph, no guards.

What laget-graph's endpoint should come close to: no query check, no worker process, no time or
result limit. Opens the on-disk store named by ``BARE_STORE`` read-only in each uvicorn worker and,
as laget-graph's query workers do, copies it into memory when it holds at most
``LAGET_QUERY_IN_MEMORY_MAX`` quads, so the comparison measures the guards, not the storage. It
reads the same dataset as laget-graph: once the store keeps versions, the store's default graph (the
current data), else the union of all named graphs (reading the union of a store with versions would
meet three times the quads, and make the floor slower than what it is the floor of).

    BARE_STORE=DIR uvicorn bare_endpoint:app --app-dir bench/baselines --workers 2
"""

from __future__ import annotations

import os

import pyoxigraph as ox
from fastapi import FastAPI
from fastapi.responses import Response

from laget_graph.config import Settings
from laget_graph.sparql.worker import open_snapshot
from laget_graph.versions.names import HISTORY_PREFIX

store, _ = open_snapshot(os.environ["BARE_STORE"], Settings.from_env().query_in_memory_max)
union = not any(g.value.startswith(HISTORY_PREFIX) for g in store.named_graphs())
app = FastAPI()


@app.get("/sparql")
def sparql(query: str) -> Response:
    """Plain ``def``: FastAPI runs it in its thread pool, as laget-graph runs its queries."""
    results = store.query(query, use_default_graph_as_union=union)
    return Response(results.serialize(format=ox.QueryResultsFormat.JSON),
                    media_type="application/sparql-results+json")
