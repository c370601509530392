"""The fair, bounded waiting line in front of the query workers: first come first served, a full line
refuses at once with Retry-After, a request that waits past the wait limit is refused, and one that
waits longer than a query's time limit is still answered."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from laget_graph.sparql import runner as runner_module
from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.request import QueryRequest
from laget_graph.sparql.runner import QueryRunner
from laget_graph.sparql.slots import FairSlots, LineFull
from laget_graph.store import Store
from tests.conftest import LiveServer

from .conftest import serve, settings_for
from .test_safety import ENDLESS, JSON

SHORT = QueryRequest("ASK { ?s ?p ?o }", "ASK", JSON, 10)


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_slots_go_to_the_longest_waiting_caller() -> None:
    slots = FairSlots(1)
    assert slots.acquire(0)
    order: list[int] = []

    def wait(n: int) -> None:
        assert slots.acquire(30)
        order.append(n)

    threads = []
    for n in range(4):
        threads.append(threading.Thread(target=wait, args=(n,)))
        threads[-1].start()
        _until(lambda n=n: slots.waiting == n + 1)  # type: ignore[misc]
    assert not slots.try_acquire(), "a newcomer may not jump the line"
    for expected in range(4):
        slots.release()
        _until(lambda expected=expected: len(order) == expected + 1)  # type: ignore[misc]
    for t in threads:
        t.join()
    assert order == [0, 1, 2, 3]
    slots.release()
    assert slots.try_acquire()


def test_a_full_line_refuses_and_a_timed_out_caller_leaves_it() -> None:
    slots = FairSlots(1, limit=1)
    assert slots.acquire(0)
    waiter = threading.Thread(target=lambda: slots.acquire(30))
    waiter.start()
    _until(lambda: slots.waiting == 1)
    with pytest.raises(LineFull):
        slots.acquire(30)
    slots.release()
    waiter.join()
    assert not slots.acquire(0.05) and slots.waiting == 0


def _in_background(runner: QueryRunner, request: QueryRequest) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["answer"] = runner.run(request)
        except SparqlError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@contextmanager
def _busy_runner(store: Store, timeout_s: float, queue_limit: int, queue_wait_s: float
                 ) -> Iterator[tuple[QueryRunner, threading.Thread, dict[str, object]]]:
    """A one-worker runner whose worker is busy with a runaway until the time limit (it never steps
    aside: demotion comes only at the limit). Yields the runner, the runaway's thread and outcome."""
    runner = QueryRunner(store, timeout_s=timeout_s, memory_mb=1024, workers=1, demote_after_s=timeout_s,
                         queue_limit=queue_limit, queue_wait_s=queue_wait_s)
    try:
        runner.warm()
        runaway, outcome = _in_background(runner, QueryRequest(ENDLESS, "SELECT", JSON, 10))
        _until(lambda: not runner._idle)
        yield runner, runaway, outcome
    finally:
        runner.close()


def test_callers_on_an_event_loop_wait_in_the_same_fair_line() -> None:
    """A thread and a coroutine wait for one slot: they get it in the order they came, the coroutine
    without a thread of its own; one that gives up passes on the slot it was handed."""
    slots = FairSlots(1, limit=2)
    assert slots.acquire(0)
    order: list[str] = []

    def in_thread() -> None:
        assert slots.acquire(10)
        order.append("thread")
        time.sleep(0.05)
        slots.release()

    async def on_loop() -> None:
        waiter = threading.Thread(target=in_thread)
        waiter.start()
        _until(lambda: slots.waiting == 1)
        task = asyncio.ensure_future(slots.acquire_soon(10))
        while slots.waiting < 2:
            await asyncio.sleep(0.005)
        with pytest.raises(LineFull):
            await slots.acquire_soon(10)
        slots.release()  # to the thread, which came first, then on to the coroutine
        assert await task
        order.append("loop")
        await asyncio.to_thread(waiter.join)
        assert not await slots.acquire_soon(0.05), "the slot is held: a short wait runs out"
        assert slots.waiting == 0
        given_up = asyncio.ensure_future(slots.acquire_soon(10))
        await asyncio.sleep(0.01)
        slots.release()  # handed to given_up ...
        given_up.cancel()  # ... which is cancelled before it runs: the slot is passed on, not lost
        with pytest.raises(asyncio.CancelledError):
            await given_up
        assert slots.try_acquire()

    asyncio.run(on_loop())
    assert order == ["thread", "loop"]


def test_a_waiting_request_outlasts_the_time_limit_and_a_full_line_refuses(bundled_store: Store) -> None:
    """One worker busy with a runaway until its 2 s limit: the next request waits (longer than a query's
    time limit) and is answered; one more finds the line full and is told when to come back."""
    with _busy_runner(bundled_store, timeout_s=2, queue_limit=1, queue_wait_s=30) as (runner, runaway, outcome):
        waiting, waiting_outcome = _in_background(runner, SHORT)
        _until(lambda: runner._slots.waiting == 1)
        with pytest.raises(SparqlError) as full:
            runner.run(SHORT)
        assert full.value.key == "line_full" and full.value.status == 503
        assert full.value.headers == {"Retry-After": "2"}
        runaway.join(timeout=60)
        waiting.join(timeout=60)
        assert isinstance(outcome["error"], SparqlError) and outcome["error"].key == "timeout"
        assert b"true" in waiting_outcome["answer"].body  # type: ignore[attr-defined]


def test_a_request_that_waits_past_the_wait_limit_is_refused(bundled_store: Store) -> None:
    with _busy_runner(bundled_store, timeout_s=3, queue_limit=8, queue_wait_s=0.3) as (runner, runaway, _):
        with pytest.raises(SparqlError) as busy:
            runner.run(SHORT)
        assert busy.value.key == "busy" and "0.3 s" in str(busy.value) and runner._slots.waiting == 0
        runaway.join(timeout=60)
        assert b"true" in runner.run(SHORT).body


def _hold_every_slot(server: LiveServer, runaway: Callable[[], None]) -> QueryRunner:
    """Two runaways in the background: the first steps aside to the one long-query slot, the second
    then keeps the one regular slot until it would step aside too, so any other query must wait in line.
    Returns the server's runner (made on the first query)."""
    state = server.server.config.app.state
    threading.Thread(target=runaway, daemon=True).start()
    _until(lambda: getattr(state, "sparql_service", None) is not None)
    runner = state.sparql_service.runner
    _until(lambda: runner._long_slots._free == 0)
    threading.Thread(target=runaway, daemon=True).start()
    _until(lambda: runner._slots._free == 0)
    return runner


def test_the_endpoint_and_named_queries_send_retry_after_when_full(bundled_store: Store, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, query_workers=1, query_timeout_s=3.0, query_queue=0)
    with serve(settings, bundled_store) as server:
        def runaway() -> None:
            httpx.get(f"{server.url}/sparql", params={"query": ENDLESS}, timeout=60)

        _hold_every_slot(server, runaway)
        refused = [httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}),
                   httpx.get(f"{server.url}/api/queries/programme-bodies", headers={"Accept-Language": "nb"})]
    for r in refused:
        assert r.status_code == 503 and r.headers["retry-after"] == "3", r.text
    assert "queries are already waiting" in refused[0].text
    assert "spørringer venter allerede" in refused[1].json()["error"]


@pytest.mark.slow  # a runaway holds the one worker for a quarter of its 40 s limit
def test_pages_answer_while_the_line_is_full(bundled_store: Store, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """48 requests waiting for the one worker (more than anyio's default 40 threads): /health and the
    landing page still answer, because the thread pool is sized for the line. (All from one address,
    so without the per-client bound; and the runaway in the regular slot yields it to waiting short
    queries only after a quarter of its 40 s, not after a second, so that the line can fill.)"""
    monkeypatch.setattr(runner_module, "_LONG_AFTER_MIN_S", 60.0)
    settings = settings_for(tmp_path, query_workers=1, query_timeout_s=40.0, query_queue=48, client_queries=0)
    with serve(settings, bundled_store) as server:
        def runaway() -> None:
            httpx.get(f"{server.url}/sparql", params={"query": ENDLESS}, timeout=60)

        def waiting() -> None:
            httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)

        runner = _hold_every_slot(server, runaway)
        crowd = [threading.Thread(target=waiting) for _ in range(48)]
        for thread in crowd:
            thread.start()
        _until(lambda: runner._slots.waiting == 48)
        assert httpx.get(f"{server.url}/health", timeout=5).status_code == 200
        assert httpx.get(f"{server.url}/", timeout=5).status_code == 200
        for thread in crowd:
            thread.join(timeout=90)


def test_a_heavy_query_answered_before_is_not_taken_for_a_runaway(bundled_store: Store) -> None:
    """A query steps aside for a waiting one after three times the median answer of late (at least a
    second); a text answered before gets three times its own median, so a known heavy query that
    follows many light ones keeps its slot, while a text never answered (a runaway is killed, never
    answered) steps aside as early as before. Never later than a quarter of the time limit."""
    runner = QueryRunner(bundled_store, timeout_s=10, memory_mb=1024, workers=1)
    try:
        for _ in range(100):
            runner._answered("SELECT light", 0.002)
        assert runner.long_after_s == 1.0
        for _ in range(3):
            runner._answered("SELECT heavy", 0.6)
        assert runner.long_after("SELECT heavy") == pytest.approx(1.8)
        assert runner.long_after("SELECT never answered") == runner.long_after("SELECT light") == 1.0
        for _ in range(3):
            runner._answered("SELECT slower still", 5.0)
        assert runner.long_after("SELECT slower still") == runner.demote_after_s == 2.5
    finally:
        runner.close()
