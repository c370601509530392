"""Run queries on the embedded store in worker processes that are killed at the time limit.

Start method: the on-disk store is opened read-only by each worker, so workers are *spawned*
(a clean interpreter; forking a process that holds RocksDB handles and threads is unsafe). The
in-memory store exists only in the server's memory, so its workers are *forked* and inherit a
copy-on-write snapshot of it, forked under the store's write lock so that no write is half done in
the copy. Either way a worker sees the store as it was when it started: the store's ``generation``
counts writes, and a worker from an older generation is retired and replaced before it answers
anything; after a write, fresh workers start in the background.

Long queries step aside: a query still running after ``demote_after_s`` drops its worker to a low
CPU priority (nice 10: about a tenth of a core against a busy worker, yet not starved by every other
process on the machine) and moves from a regular slot to a long-query slot (as many as there are
regular ones), so a runaway query running to its time limit costs short queries neither a worker
nor most of the CPU.
A worker killed at the time limit is replaced in the background, off any request's path.

Waiting: when every worker is busy a request waits its turn in a fair line (first come, first served;
see :mod:`.slots`) for up to ``queue_wait_s``. The line holds at most ``queue_limit`` requests; one
more is refused at once with 503 and ``Retry-After``, so a crowd cannot tie up every server thread.
A heavy query under many clients therefore gets slower answers, not refusals, as long as the line
moves within the wait limit.

Blocking: :meth:`QueryRunner.run` blocks its caller; call it from a thread (FastAPI runs plain
``def`` routes in its thread pool), never from ``async def``.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import multiprocessing as mp
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from ..store import Store
from . import worker
from .errors import SparqlError
from .request import QueryRequest
from .results import Answer
from .slots import FairSlots, LineFull

_START_TIMEOUT_S = 60.0
LONG_QUERY_NICENESS = 10


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    generation: int
    isolated: bool
    demoted: bool = False

    def demote(self) -> None:
        """Low CPU priority for a long query, so short queries come first."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, LONG_QUERY_NICENESS)
            self.demoted = True
        except OSError:  # already gone, or not allowed: the slot move still helps
            pass

    def restore(self) -> bool:
        """Normal priority again for the next query; False if the system does not allow it."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 0)
        except OSError:
            return False
        self.demoted = False
        return True

    def stop(self) -> None:
        """Kill and reap the worker. Not ``join``: it waits for the worker's sentinel pipe to close,
        and a sibling forked meanwhile from another thread holds a copy of that pipe, so ``join``
        would sit out its whole timeout; ``is_alive`` reaps by pid."""
        if self.process.is_alive():
            self.process.kill()
        _reap(self.process)
        self.conn.close()


class QueryRunner:
    """A small pool of query workers over one embedded store."""

    def __init__(self, store: Store, timeout_s: float, memory_mb: int, workers: int = 2,
                 demote_after_s: float | None = None, queue_limit: int = 32, queue_wait_s: float = 60.0,
                 in_memory_max: int = 0) -> None:
        self.store, self.timeout_s, self.memory_mb = store, timeout_s, memory_mb
        self.workers = max(1, workers)
        #: After this long a query counts as long (see the module doc): a quarter of the time limit, so
        #: a heavy but legitimate query slowed by contention keeps its priority and adds no concurrency.
        self.demote_after_s = timeout_s / 4 if demote_after_s is None else demote_after_s
        self._ctx = mp.get_context("fork" if store.path is None else "spawn")
        self.queue_wait_s = queue_wait_s
        #: On-disk stores of at most this many quads are copied into each worker's memory (see worker.main).
        self.in_memory_max = in_memory_max
        self._slots = FairSlots(self.workers, limit=max(0, queue_limit))
        self._long_slots = FairSlots(self.workers)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self.network_isolated: bool | None = None
        #: Whether the last worker started holds an in-memory copy of an on-disk store.
        self.in_memory: bool | None = None
        store.on_write.append(self._renew)
        atexit.register(self.close)

    @property
    def start_method(self) -> str:
        """``spawn`` for the on-disk store, ``fork`` for the in-memory one (see the module doc)."""
        return self._ctx.get_start_method()

    def run(self, request: QueryRequest) -> Answer:
        """Answer one request, or raise :class:`SparqlError` (timeout, memory, busy, failed)."""
        self._wait_for_slot()
        held = self._slots
        try:
            w = self._take()
            try:
                w.conn.send(request)
                started = time.monotonic()
                if not w.conn.poll(min(self.demote_after_s, self.timeout_s)):
                    held = self._step_aside(w)
                    if not w.conn.poll(max(0.0, self.timeout_s - (time.monotonic() - started))):
                        w.stop()
                        self._replace()
                        raise SparqlError("timeout", status=503, seconds=_seconds(self.timeout_s))
                status, payload = w.conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                w.stop()
                self._replace()
                raise self._death(w) from None
            self._give_back(w)
        finally:
            held.release()
        if status == "ok":
            return payload
        if status == "memory":
            raise SparqlError("memory", status=503, mb=self.memory_mb)
        raise SparqlError("failed", status=400, detail=payload)

    def _wait_for_slot(self) -> None:
        """Wait in line for a regular slot, or refuse with 503 and a hint when to come back."""
        retry = {"Retry-After": str(max(1, math.ceil(self.timeout_s)))}
        try:
            if self._slots.acquire(self.queue_wait_s):
                return
        except LineFull:
            raise SparqlError("line_full", status=503, headers=retry, waiting=self._slots.waiting) from None
        raise SparqlError("busy", status=503, headers=retry, seconds=_seconds(self.queue_wait_s))

    def warm(self) -> None:
        """Start one worker ahead of the first query (optional)."""
        self._give_back(self._take())

    def close(self) -> None:
        """Stop every idle worker; busy ones are stopped when their query returns."""
        with contextlib.suppress(ValueError):
            self.store.on_write.remove(self._renew)
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for w in idle:
            w.stop()

    # -- pool --------------------------------------------------------------------------------

    def _step_aside(self, w: _Worker) -> FairSlots:
        """Demote a long query and hand its regular slot to the next query, if a long-query slot is
        free; return the slot the query now holds."""
        w.demote()
        if self._long_slots.try_acquire():
            self._slots.release()
            return self._long_slots
        return self._slots

    def _renew(self) -> None:
        """After a write: stop the idle workers (their snapshot is stale) and start fresh ones in the
        background, so the next query need not wait for a worker to copy the store."""
        with self._lock:
            if self._closed:
                return
            stale, self._idle = self._idle, []
        for w in stale:
            w.stop()
        for _ in range(self.workers):
            self._replace()

    def _replace(self) -> None:
        """Start a worker in the background for one that was killed, unless enough are idle."""
        with self._lock:
            if self._closed or len(self._idle) >= self.workers:
                return

        def start() -> None:
            with contextlib.suppress(SparqlError):  # the next query then starts one and reports it
                self._give_back(self._start(self.store.generation))

        threading.Thread(target=start, daemon=True, name="laget-query-worker-start").start()

    def _take(self) -> _Worker:
        generation = self.store.generation
        stale: list[_Worker] = []
        chosen = None
        with self._lock:
            while self._idle and chosen is None:
                w = self._idle.pop()
                if w.generation == generation and w.process.is_alive():
                    chosen = w
                else:
                    stale.append(w)
        for w in stale:
            w.stop()
        return chosen or self._start(generation)

    def _give_back(self, w: _Worker) -> None:
        """Keep a worker for the next query: same generation, normal priority, and no more idle ones
        than there are regular slots (long queries may have needed extra workers)."""
        if not w.demoted or w.restore():
            with self._lock:
                if not self._closed and w.generation == self.store.generation and len(self._idle) < self.workers:
                    self._idle.append(w)
                    return
        w.stop()

    def _start(self, generation: int) -> _Worker:
        parent, child = self._ctx.Pipe()
        source = self.store.oxigraph if self.store.path is None else str(self.store.path)
        process = self._ctx.Process(target=worker.main, args=(child, source, self.memory_mb, self.in_memory_max),
                                    daemon=True, name="laget-query-worker")
        with self.store.write_lock if self.store.path is None else contextlib.nullcontext():
            process.start()  # a fork copies the in-memory store: never in the middle of a write
        child.close()
        if not parent.poll(_START_TIMEOUT_S):
            process.kill()
            raise SparqlError("failed", status=503, detail="query worker did not start")
        try:
            _, isolated, self.in_memory = parent.recv()
        except EOFError:
            _reap(process)
            raise SparqlError("failed", status=503,
                              detail=f"query worker exited at start ({process.exitcode})") from None
        self.network_isolated = isolated
        return _Worker(process, parent, generation, isolated)

    def _death(self, w: _Worker) -> SparqlError:
        """Explain a worker that died mid-query. Past the address-space cap an allocation fails and
        the engine aborts (SIGABRT), or the kernel's OOM killer sends SIGKILL: the memory limit. Any
        other death is a crash (SIGSEGV is most often a stack overflow from deep nesting), said as such."""
        code = w.process.exitcode
        if code in (-signal.SIGABRT, -signal.SIGKILL):
            return SparqlError("memory", status=503, mb=self.memory_mb)
        if code is not None and code < 0:
            try:
                how = f"signal {-code}, {signal.Signals(-code).name}"
            except ValueError:
                how = f"signal {-code}"
        else:
            how = f"exit code {code}"
        return SparqlError("crashed", status=500, how=how)


def _reap(process: BaseProcess, seconds: float = 5.0) -> None:
    """Wait for a finished or killed worker by its pid (see :meth:`_Worker.stop` for why not ``join``)."""
    deadline = time.monotonic() + seconds
    while process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)


def _seconds(value: float) -> str:
    return f"{value:g}"

