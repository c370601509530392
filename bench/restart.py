"""Restart and write on a large store: how soon ``laget serve`` answers a query on a store of
``--quads`` quads small enough for its workers to copy into memory (``LAGET_QUERY_IN_MEMORY_MAX``),
and when the copies take over (``/health``: ``queries_from``, ``copying``); the same after a write
(Graph Store PUT) on a running server and after ``kill -9`` right after that write. Side by side: the
same server with copying off (``LAGET_QUERY_IN_MEMORY_MAX=0``), which answers from disk only.

    python bench/restart.py [--quads 900000]

The server runs in a subprocess on 127.0.0.1; every wait is bounded.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox
from common import laget_server, save, stop_on_sigterm, table

from laget_graph.ingest import load_bundled
from laget_graph.store import Store

TOKEN = "bench-restart-token"
ASK = {"query": "ASK { ?s ?p ?o }"}
JSON = {"Accept": "application/sparql-results+json"}
SMALL_GRAPH = "".join(f"<urn:x:w{i}> <urn:x:p> \"{i}\" .\n" for i in range(1000))


def build(path: Path, quads: int) -> int:
    """The bundled data plus ``quads`` filler quads in one graph, as after a large PUT."""
    store = Store(path)
    load_bundled(store)
    graph, p = ox.NamedNode("https://w3id.org/laget/graph/setup/bulk"), ox.NamedNode("urn:x:p")
    store.oxigraph.bulk_extend(ox.Quad(ox.NamedNode(f"urn:x:s{i}"), p, ox.Literal(str(i)), graph)
                               for i in range(quads))
    total = len(store)
    store.close()
    return total


def until(condition: Callable[[], bool], seconds: float = 300) -> float:
    """Seconds until ``condition`` holds (polled every 20 ms), or NaN after ``seconds``."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            if condition():
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    return float("nan")


def answered(url: str) -> bool:
    return httpx.get(f"{url}/sparql", params=ASK, headers=JSON, timeout=120).status_code == 200


def settled(url: str) -> bool:
    health = httpx.get(f"{url}/health", timeout=10).json()
    return health["queries_from"] == "memory" and not health["copying"]


def one_server(db: Path, copies: bool, restart_after_crash: bool) -> dict[str, float]:
    """Start, first answer, copies ready; then a write and a first answer after it; then (optionally)
    ``kill -9`` right after a write and the same figures for the restart."""
    env = {"LAGET_UPDATE_TOKEN": TOKEN, **({} if copies else {"LAGET_QUERY_IN_MEMORY_MAX": "0"})}
    row: dict[str, float] = {}
    started = time.perf_counter()
    with laget_server(f"restart-{'copies' if copies else 'disk'}", db, env) as server:
        row["health_s"] = time.perf_counter() - started
        row["first_answer_s"] = row["health_s"] + until(lambda: answered(server.url))
        if copies:
            row["copies_ready_s"] = row["health_s"] + until(lambda: settled(server.url))
        put = httpx.put(f"{server.url}/sparql/graphs", params={"graph": "setup/bench-write"}, content=SMALL_GRAPH,
                        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"}, timeout=120)
        assert put.status_code in (201, 204), put.text
        row["answer_after_write_s"] = until(lambda: answered(server.url))
        if copies:
            row["copies_ready_after_write_s"] = until(lambda: settled(server.url))
        if restart_after_crash:
            put = httpx.put(f"{server.url}/sparql/graphs", params={"graph": "setup/bench-write"},
                            content=SMALL_GRAPH, timeout=120,
                            headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
            assert server.process is not None
            os.kill(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=30)
    if restart_after_crash:
        started = time.perf_counter()
        with laget_server(f"restart-{'copies' if copies else 'disk'}-after-crash", db, env) as server:
            row["crash_health_s"] = time.perf_counter() - started
            row["crash_first_answer_s"] = row["crash_health_s"] + until(lambda: answered(server.url))
            if copies:
                row["crash_copies_ready_s"] = row["crash_health_s"] + until(lambda: settled(server.url))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quads", type=int, default=900_000, help="filler quads beside the bundled data")
    args = parser.parse_args()
    stop_on_sigterm()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db"
        total = build(db, args.quads)
        print(f"{total} quads in {db}", file=sys.stderr)
        rows = {"disk only (IN_MEMORY_MAX=0)": one_server(db, copies=False, restart_after_crash=True),
                "copies (default)": one_server(db, copies=True, restart_after_crash=True)}
    table(f"laget serve on {total} quads: seconds from start (or from the write)", rows,
          "disk only (IN_MEMORY_MAX=0)", ["health_s", "first_answer_s", "answer_after_write_s",
                                          "crash_first_answer_s"])
    for name, row in rows.items():
        print(f"  {name}: " + ", ".join(f"{k} {v:.2f}" for k, v in row.items()))
    save("restart", {"quads": total, "results": rows})


if __name__ == "__main__":
    main()
