"""Disk first, memory when ready: on an on-disk store small enough to copy into the workers' memory,
queries are answered from disk at once while the copies are made in the background, at start and
after every write; /health says which serves. The copying workers are held with SIGSTOP, so nothing
here depends on how fast a copy is."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from laget_graph.ingest import load_bundled
from laget_graph.sparql.request import QueryRequest
from laget_graph.sparql.runner import QueryRunner
from laget_graph.store import Store
from laget_graph.versions import refresh

from .conftest import TOKEN, serve, settings_for
from .test_safety import INSERT, _count

#: Enough quads that a copy takes seconds (the bundled data alone copies in a blink).
EXTRA = 100_000


def _until(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


def _big_store(path: Path) -> Store:
    store = Store(path)
    load_bundled(store)
    graph, p = ox.NamedNode("https://w3id.org/laget/graph/setup/bulk"), ox.NamedNode("urn:x:p")
    store.oxigraph.bulk_extend(ox.Quad(ox.NamedNode(f"urn:x:s{i}"), p, ox.Literal(str(i)), graph)
                               for i in range(EXTRA))
    refresh(store)  # written past the store's API: rebuild the current data, as every write does
    store.oxigraph.flush()
    return store


def _current(store: Store) -> int:
    """Quads a query that names no dataset reads: the current data, which the embedded store keeps in
    its default graph once it keeps versions (versions.reads_current)."""
    return sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _workers() -> set[int]:
    return {p.pid for p in mp.active_children() if p.name == "laget-query-worker"}


def _hold_copies(runner: QueryRunner, before: set[int]) -> set[int]:
    """Stop the worker copying the store now (copies are made one at a time, so the others wait for
    it): the one worker the runner has that is not idle and was not there ``before``."""
    _until(lambda: runner._starting == runner.workers and len(_workers() - before) >= 1)
    copying = _workers() - before - {w.process.pid for w in runner._idle}
    assert len(copying) == 1, copying
    for pid in copying:
        os.kill(pid, signal.SIGSTOP)
    return copying


def _go_on(pids: set[int]) -> None:
    for pid in pids:
        os.kill(pid, signal.SIGCONT)


@pytest.mark.slow  # a store of 100 000 extra quads, copied into every worker twice
def test_queries_answer_from_disk_until_the_copies_are_ready(tmp_path: Path) -> None:
    store = _big_store(tmp_path / "store")
    total = _current(store)
    settings = replace(settings_for(tmp_path, update_token=TOKEN, query_in_memory_max=1_000_000),
                       store="oxigraph", data_dir=tmp_path / "store")
    held: set[int] = set()
    try:
        before = _workers()
        with serve(settings, store) as server:  # its first /health made the service: copies began
            url = f"{server.url}/sparql"
            runner = server.server.config.app.state.sparql_service.runner
            held = _hold_copies(runner, before)
            assert _count(url) == total  # answered while every copy is held
            health = httpx.get(f"{server.url}/health").json()
            assert (health["queries_from"], health["copying"]) == ("disk", True)
            _go_on(held)
            _until(lambda: httpx.get(f"{server.url}/health").json()["copying"] is False)
            assert httpx.get(f"{server.url}/health").json()["queries_from"] == "memory"
            assert len(runner._idle) == runner.workers and all(w.copied for w in runner._idle)
            assert _workers() - before == {w.process.pid for w in runner._idle}, "the disk worker made way"
            assert _count(url) == total

            ok = httpx.post(url, data={"update": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"},
                            timeout=120)  # the write rebuilds the current data (versions) of 100 000 quads
            assert ok.status_code == 204
            held = _hold_copies(runner, before | {w.process.pid for w in runner._idle})
            assert _count(url) == total + 1  # the write is seen at once, from disk
            health = httpx.get(f"{server.url}/health").json()
            assert (health["queries_from"], health["copying"]) == ("disk", True)
            _go_on(held)
            _until(lambda: httpx.get(f"{server.url}/health").json()["queries_from"] == "memory")
            assert _count(url) == total + 1
    finally:
        _go_on({pid for pid in held if pid in _workers()})
        store.close()


def test_the_in_memory_store_answers_from_memory(live_server) -> None:  # type: ignore[no-untyped-def]
    health = httpx.get(f"{live_server.url}/health").json()
    assert (health["queries_from"], health["copying"]) == ("memory", False)


def test_queries_one_after_another_go_to_the_same_warm_worker(tmp_path: Path) -> None:
    """Each worker holds a copy of its own, so a worker that answers the next query has that query's
    data in the processor's caches; taking the idle workers in turn answered every query from a
    cold copy (issue 14: the light query cost 1.8× the CPU time it costs in one process)."""
    store = Store(tmp_path / "db")
    load_bundled(store)
    runner = QueryRunner(store, timeout_s=30, memory_mb=1024, workers=2, in_memory_max=10_000_000)
    try:
        _until(lambda: len(runner._idle) == 2 and all(w.copied for w in runner._idle))
        request = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT",
                               "application/sparql-results+json", 10)
        answered = []
        for _ in range(6):
            runner.run(request)
            answered.append(runner._idle[-1].process.pid)  # given back last
        assert len(set(answered)) == 1 and len(runner._idle) == 2
    finally:
        runner.close()
        store.close()
