"""The memory watchdog's cost: reading a worker's proportional set size (``smaps_rollup``) walks its
page tables, about 12 ms of kernel time per worker on national data, five times a second while
queries run. The resident set (``statm``) is read in microseconds and is never smaller, so the
proportional sizes are read only once the resident sets together pass the bound."""

from __future__ import annotations

import multiprocessing as mp
import os
import time

import pytest

from laget_graph.sparql import memory
from laget_graph.sparql import runner as runner_module
from laget_graph.sparql.runner import QueryRunner
from laget_graph.store import Store

from .test_clients import RUNAWAY, _Calls, _until

pytestmark = pytest.mark.skipif(not memory.measurable(), reason="no /proc: nothing is measured or bounded")


def _hold(megabytes: int, ready: mp.synchronize.Event, done: mp.synchronize.Event) -> None:
    kept = bytearray(megabytes * 1024 * 1024)  # touched: resident
    ready.set()
    done.wait(30)
    del kept


def test_the_resident_set_is_never_smaller_than_the_proportional_size() -> None:
    """The shortcut's premise, on this process and on a forked child sharing its pages."""
    ctx = mp.get_context("fork")
    ready, done = ctx.Event(), ctx.Event()
    child = ctx.Process(target=_hold, args=(64, ready, done))
    child.start()
    try:
        assert ready.wait(30)
        for pid in (os.getpid(), child.pid):
            assert pid is not None
            assert 0 < memory.held_bytes(pid) <= memory.resident_bytes(pid)
        assert memory.resident_bytes(child.pid) >= 64 * 1024 * 1024  # type: ignore[arg-type]
    finally:
        done.set()
        child.join(30)
    assert memory.resident_bytes(child.pid) == 0  # type: ignore[arg-type]  # gone: nothing held


def test_below_the_bound_the_watchdog_reads_only_the_resident_sets(bundled_store: Store,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A runaway query keeps a worker busy for a second (five watchdog rounds); with the bound far
    above what the workers hold, no proportional size is read, yet the resident sets are."""
    calls = {"held": 0, "resident": 0}
    held, resident = memory.held_bytes, memory.resident_bytes

    def counted_held(pid: int) -> int:
        calls["held"] += 1
        return held(pid)

    def counted_resident(pid: int) -> int:
        calls["resident"] += 1
        return resident(pid)

    monkeypatch.setattr(runner_module.memory, "held_bytes", counted_held)
    monkeypatch.setattr(runner_module.memory, "resident_bytes", counted_resident)
    runner = QueryRunner(bundled_store, timeout_s=30, memory_mb=1024, workers=1, memory_total_mb=1_000_000)
    try:
        _Calls(runner).start(RUNAWAY)
        _until(lambda: bool(runner._busy))
        time.sleep(1.0)
        assert calls["resident"] >= 3 and calls["held"] == 0
    finally:
        runner.close()
