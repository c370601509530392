"""What the SPARQL guards cost: parsing and checking each named query, the worker-process round
trip against running in-process, and queries per second over HTTP on a live loopback server.

Run: ``.venv/bin/python bench/sparql_overhead.py`` (prints medians; nothing leaves loopback)."""

from __future__ import annotations

import statistics
import threading

import httpx
import uvicorn
from common import repeat

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled
from laget_graph.sparql import named
from laget_graph.sparql.guard import _read_query, check_query, local_graph_checker
from laget_graph.sparql.request import QueryRequest
from laget_graph.sparql.runner import QueryRunner
from laget_graph.store import Store
from laget_graph.web.app import create_app

JSON = "application/sparql-results+json"
SMALL = "SELECT ?m WHERE { ?m a <https://w3id.org/laget/def#Municipality> } LIMIT 10"


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    store = Store(None)
    load_bundled(store)
    is_local = local_graph_checker(g.iri for g in store.graphs())
    guard, cached, run = [], [], []
    for q in named.registry().values():
        text = q.bind({})
        guard.append(ms(repeat(lambda t=text: (_read_query.cache_clear(), check_query(t, is_local)), 10)))
        cached.append(ms(repeat(lambda t=text: check_query(t, is_local), 100)))
        checked = check_query(text, is_local)
        request = QueryRequest(text, checked.form, JSON, 10_000, has_dataset=checked.has_dataset)
        run.append(ms(repeat(lambda r=request: store.query(r), 5)))
    print(f"guard (rdflib parse + check), median over {len(guard)} named queries: first time "
          f"{statistics.median(guard):.2f} ms (max {max(guard):.2f} ms), repeated (cached) "
          f"{statistics.median(cached) * 1000:.1f} µs; running them in-process: median {statistics.median(run):.2f} ms")

    small = QueryRequest(SMALL, "SELECT", JSON, 10_000)
    in_process = ms(repeat(lambda: store.query(small), 200))
    runner = QueryRunner(store, timeout_s=10, memory_mb=2048, workers=2)
    runner.warm()
    in_worker = ms(repeat(lambda: runner.run(small), 200))
    runner.close()
    print(f"small SELECT in-process {in_process:.3f} ms, through a worker process {in_worker:.3f} ms "
          f"(round trip +{in_worker - in_process:.3f} ms)")

    settings = Settings(store="memory", lang="en", port=0)
    config = uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=8799, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.05)
    with httpx.Client() as client:
        client.get("http://127.0.0.1:8799/sparql", params={"query": SMALL})
        samples = repeat(lambda: client.get("http://127.0.0.1:8799/sparql", params={"query": SMALL}), 300)
    server.should_exit = True
    thread.join(timeout=10)
    print(f"HTTP /sparql, one client, keep-alive: median {ms(samples):.2f} ms, "
          f"{len(samples) / sum(samples):.0f} queries/s")


if __name__ == "__main__":
    main()
