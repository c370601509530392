"""Answers awaited on the event loop (issue 14): ``SparqlService.check_soon`` and ``run_soon`` answer
a short query that finds a worker idle without a thread of their own, and hand everything else to
the thread they are given (``in_thread``; the server gives its thread pool) with the same answers and
the same guards as ``run``. Real workers on the bundled data, on asyncio's own event loop and on
uvloop's, which ``laget serve`` runs (uvloop sets a pipe it waits on to non-blocking); ``Threads``
runs what it is handed in a real thread and counts it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import uvloop

from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.service import SparqlService
from laget_graph.store import Store

from .conftest import settings_for
from .test_safety import ENDLESS

JSON = "application/sparql-results+json"
LIGHT = "SELECT ?c WHERE { ?c a <https://w3id.org/laget/def#County> } ORDER BY ?c"
#: Every triple as N-Triples: far more than a socket's buffer holds, so it is never read on the loop.
EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


class Threads:
    """``in_thread`` as the server passes it (``run_in_threadpool``): the call in a thread, counted."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def __call__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self.calls.append(getattr(fn, "__name__", repr(fn)))
        return await asyncio.to_thread(fn, *args, **kwargs)


@pytest.fixture(params=["asyncio", "uvloop"])
def loop_factory(request: pytest.FixtureRequest) -> Callable[[], asyncio.AbstractEventLoop]:
    return asyncio.new_event_loop if request.param == "asyncio" else uvloop.new_event_loop


@pytest.fixture
def service(bundled_store: Store, tmp_path: Path, loop_factory: Callable[[], asyncio.AbstractEventLoop]
            ) -> Iterator[SparqlService]:
    settings = replace(settings_for(tmp_path), query_timeout_s=3.0, query_workers=1)
    service = SparqlService(bundled_store, settings)
    service.runner.warm()  # type: ignore[union-attr]
    service.loop_factory = loop_factory  # type: ignore[attr-defined]
    yield service
    service.close()


def _soon(service: SparqlService, text: str, threads: Threads, media: str = JSON, client: str | None = None
          ) -> Any:
    async def ask() -> Any:
        checked = await service.check_soon(text, in_thread=threads)
        return await service.run_soon(checked, media, client=client, in_thread=threads)
    with asyncio.Runner(loop_factory=service.loop_factory) as runner:  # type: ignore[attr-defined]
        return runner.run(ask())


def test_a_query_checked_before_is_answered_without_a_thread(service: SparqlService) -> None:
    first, again = Threads(), Threads()
    answer = _soon(service, LIGHT, first, client="10.0.0.1")
    assert first.calls == ["check"], "a new text is read in a thread, then answered on the loop"
    assert _soon(service, LIGHT, again, client="10.0.0.1") == answer
    assert again.calls == []
    assert answer == service.run(service.check(LIGHT), JSON)
    assert answer.count > 0 and b'"laget":' in answer.body
    (worker,) = service.runner._idle  # type: ignore[union-attr]
    assert os.get_blocking(worker.conn.fileno()), "the loop left the pipe blocking, as run() reads it"


def test_a_long_query_goes_on_in_a_thread_and_meets_its_time_limit(service: SparqlService) -> None:
    threads = Threads()
    started = time.monotonic()
    with pytest.raises(SparqlError) as err:
        _soon(service, ENDLESS, threads)
    assert err.value.key == "timeout"
    assert threads.calls == ["check", "finish"]
    assert time.monotonic() - started < 30
    assert service.run(service.check("ASK { ?s ?p ?o }"), JSON).count == 1  # a new worker answers


def test_an_answer_larger_than_the_pipe_holds_is_read_in_a_thread(service: SparqlService) -> None:
    threads = Threads()
    _soon(service, "ASK { ?s ?p ?o }", Threads())  # the worker is warm and idle again
    answer = _soon(service, EVERYTHING, threads, media="application/n-triples")
    assert threads.calls[-1] == "finish"
    # Read in pieces by a blocking read, after the loop waited on the same pipe (uvloop: non-blocking)
    assert answer == service.run(service.check(EVERYTHING), "application/n-triples")
    assert answer.count == 10_000 and answer.truncated and len(answer.body) > 1_000_000


def test_with_the_worker_busy_a_query_waits_on_the_loop_and_is_answered_there(service: SparqlService) -> None:
    """Two queries at once, one worker: the second waits in the fair line on the loop, and is sent to
    the worker as soon as the first is answered, neither of them through a thread."""
    threads = Threads()
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r }"  # tenths of a second here
    for text in (slow, LIGHT):
        _soon(service, text, Threads())  # checked once, so neither needs a thread to be read

    async def both() -> list[Any]:
        checked = [await service.check_soon(text, in_thread=threads) for text in (slow, LIGHT)]
        return await asyncio.gather(*(service.run_soon(c, JSON, in_thread=threads) for c in checked))

    with asyncio.Runner(loop_factory=service.loop_factory) as loop:  # type: ignore[attr-defined]
        answers = loop.run(both())
    assert threads.calls == []
    assert [a.count for a in answers] == [1, service.run(service.check(LIGHT), JSON).count]


def test_a_query_that_needs_a_worker_started_waits_for_it_in_a_thread(service: SparqlService) -> None:
    """With the one worker held by a runaway, a second query waits in the line on the loop, then for
    a worker that must be started, in a thread, as ``run`` waits."""
    runaway = threading.Thread(target=_expect_timeout, args=(service,))
    runaway.start()
    try:
        _until(lambda: not service.runner._idle)  # type: ignore[union-attr]
        threads = Threads()
        answer = _soon(service, "ASK { ?s ?p ?o }", threads)
        assert threads.calls == ["check", "run"] and answer.count == 1
    finally:
        runaway.join()


def test_a_worker_that_dies_while_awaited_is_reported_as_a_crash(service: SparqlService) -> None:
    pid = service.runner._idle[0].process.pid  # type: ignore[union-attr]
    threading.Timer(0.3, os.kill, (pid, signal.SIGSEGV)).start()
    with pytest.raises(SparqlError) as err:
        _soon(service, ENDLESS, Threads())
    assert err.value.key == "crashed" and "SIGSEGV" in str(err.value)


def test_a_cancelled_wait_still_gives_the_worker_back(service: SparqlService) -> None:
    runner = service.runner
    assert runner is not None

    async def ask_and_give_up() -> None:
        checked = await service.check_soon("SELECT * WHERE { ?s ?p ?o . FILTER(false) }", in_thread=Threads())
        task = asyncio.ensure_future(service.run_soon(checked, JSON, in_thread=Threads()))
        await asyncio.sleep(0)  # sent, and awaited
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    with asyncio.Runner(loop_factory=service.loop_factory) as loop:  # type: ignore[attr-defined]
        loop.run(ask_and_give_up())
    _until(lambda: len(runner._idle) == 1 and not runner._busy)
    assert service.run(service.check("ASK { ?s ?p ?o }"), JSON).count == 1


def _expect_timeout(service: SparqlService) -> None:
    with contextlib.suppress(SparqlError):
        service.run(service.check(ENDLESS), JSON)


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)
