"""Run queries on the embedded store in worker processes that are killed at the time limit.

Start method: the on-disk store is opened read-only by each worker, so its workers come from a *fork
server* (a clean interpreter started once, which has imported only the worker module; forking the
server itself, which holds RocksDB handles and threads, is unsafe). Each is forked from it in a few
milliseconds, where a *spawned* one would start a new interpreter, which matters whenever a query
killed at its time limit needs a successor. Neither way may the worker import the server's main
module, as multiprocessing does by default (for ``laget serve``, the command line and all it
imports: a second of CPU on a busy machine): the worker needs nothing from it, so it is hidden while
a worker starts (:func:`_start_without_main`). The in-memory store exists only in the server's
memory, so its workers are *forked* and inherit a copy-on-write snapshot of it, forked under the
store's write lock so that no write is half done in the copy. Either way a worker sees the store as
it was when it started: the store's ``generation`` counts writes, and a worker from an older
generation is retired and replaced before it answers anything; after a write, fresh workers start in
the background.

Disk first, memory when ready: an on-disk store small enough (``in_memory_max``) is copied into the
memory of each worker, which makes joins several times faster but takes seconds per worker (about
6 s for a million quads). No request waits for that: a worker started on a request's path opens the
store read-only and answers from disk at once, while workers that copy start in the background (at
start and after every write, one at a time and at most one per regular slot); each copy, when ready,
takes the place of an idle disk worker. :attr:`QueryRunner.answering_from` says which serves now.

Long queries step aside: a query still running after ``demote_after_s`` drops its worker to a low
CPU priority (nice 10: about a tenth of a core against a busy worker, yet not starved by every other
process on the machine) and moves from a regular slot to a long-query slot (as many as there are
regular ones), so a runaway query running to its time limit costs short queries neither a worker nor
most of the CPU. The priority drops only once the query has used CPU time (half the time after which
it stepped aside), or when it is paused: on a machine busy with other work a query slowed by that
work has used little CPU, and at nice 10 it would starve up to its time limit. Short queries keep
their capacity: when a query waits for a regular slot, a query that has held one for
``long_after_s`` (three times the median answer of late: a second beside light queries; for a text
answered before, at least three times its own usual answer, so a known heavy query is not taken for
a runaway because light ones came before it) steps aside at once, and when every long-query slot is
taken it is paused (SIGSTOP: no CPU, its memory kept) and its regular slot handed on, until a
long-query slot frees within its time limit; at most ``workers`` wait so, and beyond that a long
query keeps its slot. A client that keeps sending long queries is sent straight to the long-query
lane (``run(long=True)``, decided per client in :mod:`.clients`): it waits there for a long-query
slot and never takes a regular one.
A worker killed at the time limit is replaced in the background, off any request's path.

Memory: each worker may grow by ``memory_mb`` (its own address-space cap), and all of them together,
idle ones included, may hold ``memory_total_mb``: a watchdog reads their memory (:mod:`.memory`) a
few times a second and, past the bound, stops the busy query that holds the most (503, ``memory_total``).

Dying together: every worker is started from one thread of the runner's own (``_forker``) that lives
until :meth:`QueryRunner.close`, because the kernel's parent-death signal, which takes the workers
down with the server however it ends (see :mod:`.worker`), follows the thread that started a process,
not the process: a worker started from a request thread would die when that thread idles out.

Waiting: when every worker is busy a request waits its turn in a fair line (first come, first served;
see :mod:`.slots`) for up to ``queue_wait_s``. The line holds at most ``queue_limit`` requests; one
more is refused at once with 503 and ``Retry-After``, so a crowd cannot tie up every server thread.
A heavy query under many clients therefore gets slower answers, not refusals, as long as the line
moves within the wait limit.

Blocking: :meth:`QueryRunner.run` blocks its caller; call it from a thread (FastAPI runs plain
``def`` routes in its thread pool), never from ``async def``. For an event loop there is a way in two
steps that never waits: :meth:`QueryRunner.send_now` sends a short query to an idle worker if there
is one (None if not), the loop waits on the worker's pipe (:meth:`Sent.fileno`) and, once the whole
answer is there (:meth:`Sent.whole`), :meth:`QueryRunner.finish` reads it without blocking; a query
still running when it would first be watched, or a large answer, is finished in a thread. A light
query then crosses two threads of control instead of four (see :mod:`.service`, ``run_soon``).

Each worker answers on a thread of its own, not its main thread (see :mod:`.worker`), and says with
every reply how much CPU time it has used, so no query's path reads ``/proc``.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import math
import multiprocessing as mp
import os
import signal
import socket
import statistics
import struct
import sys
import termios
import threading
import time
import types
from array import array
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import overload

from ..store import Store
from . import memory, worker
from .errors import SparqlError
from .request import QueryRequest
from .results import Answer
from .slots import FairSlots, LineFull

_START_TIMEOUT_S = 60.0
LONG_QUERY_NICENESS = 10
#: How often a long query in a regular slot looks whether a short one waits for it, and how often the
#: memory watchdog reads the workers' memory.
_STEP_S = 0.02
_WATCH_S = 0.2
#: A query in a regular slot steps aside for a waiting one once it has run this many times as long as
#: the median of recent answers, and at least this many seconds (see QueryRunner.long_after_s).
_LONG_AFTER_TIMES = 3
_LONG_AFTER_MIN_S = 1.0
_RECENT = 200
#: How many texts' usual answer times are kept (the most recently answered), and how many answers each.
_USUAL_TEXTS = 512
_USUAL_ANSWERS = 16
_MB = 1024 * 1024


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    generation: int
    isolated: bool
    #: Holds an in-memory copy of the on-disk store (see the module doc).
    copied: bool = False
    demoted: bool = False
    #: Stopped by the memory watchdog (all workers together held too much).
    overdrawn: bool = False
    #: CPU seconds the worker had used when it last replied (it says so in every reply): where a
    #: query's CPU time is counted from, without a read of /proc on every query's path. /proc counts
    #: in clock ticks, so the two differ by a tick at most, against the half second that is looked for.
    cpu: float = 0.0

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


class _Held:
    """The slot a query holds: regular, then perhaps long-query, and none while it is paused."""

    def __init__(self, slots: FairSlots | None) -> None:
        self.slots = slots

    def move(self, to: FairSlots) -> None:
        """Hold ``to`` (already acquired) instead."""
        self.release()
        self.slots = to

    def release(self) -> None:
        if self.slots is not None:
            self.slots.release()
            self.slots = None


@dataclass(eq=False)
class Sent:
    """A query sent to a worker whose answer is not read yet (:meth:`QueryRunner.send_now`)."""

    request: QueryRequest
    worker: _Worker
    held: _Held
    long: bool
    spend: Callable[[float], None] | None
    started: float
    cpu_start: float
    #: When it steps aside for a waiting query (:meth:`QueryRunner.long_after`), known when it is sent.
    long_after_s: float
    lost: bool = False  # the worker was gone when the query was sent

    def fileno(self) -> int:
        """The worker's end of the pipe, readable once its answer (or its end) is there."""
        return self.worker.conn.fileno()

    def whole(self) -> bool:
        """Whether the whole answer waits in the pipe, so that :meth:`QueryRunner.finish` cannot block:
        the length multiprocessing writes before a message, and that many bytes, are in the socket's
        buffer (an answer larger than the buffer never is; its reading is left to a thread). Also true
        when the worker is gone: reading then fails at once."""
        if self.lost:
            return True
        waiting = array("i", [0])
        fcntl.ioctl(self.fileno(), termios.FIONREAD, waiting)
        if waiting[0] == 0:  # nothing yet, or the worker's end closed (readable, and empty)
            return self.worker.conn.poll(0)
        if waiting[0] < 4:
            return False
        with socket.socket(fileno=os.dup(self.fileno())) as peek:
            (size,) = struct.unpack("!i", peek.recv(4, socket.MSG_PEEK))
        return 0 <= size <= waiting[0] - 4


class QueryRunner:
    """A small pool of query workers over one embedded store."""

    def __init__(self, store: Store, timeout_s: float, memory_mb: int, workers: int = 2,
                 demote_after_s: float | None = None, queue_limit: int = 32, queue_wait_s: float = 60.0,
                 in_memory_max: int = 0, memory_total_mb: int = 0) -> None:
        self.store, self.timeout_s, self.memory_mb = store, timeout_s, memory_mb
        self.workers = max(1, workers)
        #: After this long a query counts as long (see the module doc): a quarter of the time limit, so
        #: a heavy but legitimate query slowed by contention keeps its priority and adds no concurrency.
        self.demote_after_s = timeout_s / 4 if demote_after_s is None else demote_after_s
        self._ctx = mp.get_context("fork") if store.path is None else _fork_server()
        self.queue_wait_s = queue_wait_s
        #: On-disk stores of at most this many quads are copied into each worker's memory (see worker.main).
        self.in_memory_max = in_memory_max
        self.memory_total_mb = memory_total_mb
        self._cpu_known = memory.measurable()  # else a query stepping aside is lowered at once
        self._slots = FairSlots(self.workers, limit=max(0, queue_limit))
        self._long_slots = FairSlots(self.workers, limit=max(0, queue_limit))
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._paused = 0  # queries paused until a long-query slot frees
        self._recent: deque[float] = deque(maxlen=_RECENT)  # how long recent answers took
        #: How long recent answers of each text took (by the text's hash), most recently answered last.
        self._usual: OrderedDict[int, deque[float]] = OrderedDict()
        #: A query that has held a regular slot this long steps aside for a waiting one: three times the
        #: median answer of late, at least a second, at most ``demote_after_s``. Long for this server's
        #: usual work, so a runaway makes way for light queries within a second, while a workload of
        #: heavy queries (each one "long" against a light one) is not made to shuffle places.
        self.long_after_s = min(self.demote_after_s, _LONG_AFTER_MIN_S)
        self._lock = threading.Lock()
        self._closed = False
        self._forker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="laget-query-forker")
        self.network_isolated: bool | None = None
        self._starting = 0  # background starts under way
        self._start_turn = threading.Lock()
        self._copied_generation = -1  # the newest generation an in-memory copy is ready for
        store.on_write.append(self._renew)
        atexit.register(self.close)
        if self.copies:
            self._fill()
        if memory_total_mb > 0 and memory.measurable():
            threading.Thread(target=self._watch_memory, daemon=True, name="laget-query-memory").start()

    @property
    def copies(self) -> bool:
        """Whether workers copy the on-disk store into memory (when it holds at most ``in_memory_max``)."""
        return self.store.path is not None and self.in_memory_max > 0

    @property
    def answering_from(self) -> str:
        """``memory`` when queries are answered from in-memory data (the in-memory store, or copies of
        the current on-disk store), ``disk`` while they read the on-disk store."""
        if self.store.path is None or self._copied_generation == self.store.generation:
            return "memory"
        return "disk"

    @property
    def copying(self) -> bool:
        """Whether workers are copying the store into memory now (queries meanwhile go to the copies
        already made, else to the disk)."""
        return self.copies and self._starting > 0

    @property
    def start_method(self) -> str:
        """``forkserver`` for the on-disk store, ``fork`` for the in-memory one (see the module doc)."""
        return self._ctx.get_start_method()

    def run(self, request: QueryRequest, long: bool = False, spend: Callable[[float], None] | None = None,
            held: _Held | None = None) -> Answer:
        """Answer one request, or raise :class:`SparqlError` (timeout, memory, busy, long_full, failed).
        ``long``: wait for a long-query slot and run at low priority from the start; ``spend`` is told
        how many seconds the query held a worker; ``held``: a regular slot already waited for
        (:meth:`wait_soon`)."""
        held = held or _Held(self._wait_for_slot(self._long_slots if long else self._slots))
        try:
            w = self._take(copy_wanted=not long)
        except BaseException:
            held.release()
            raise
        return self.finish(self._send(request, w, held, long, spend))

    async def wait_soon(self) -> _Held:
        """Wait for a regular slot in the fair line on an event loop, without a thread, or refuse as
        :meth:`run` does (503 ``busy`` or ``line_full``); for :meth:`send_now` or :meth:`run`."""
        try:
            if await self._slots.acquire_soon(self.queue_wait_s):
                return _Held(self._slots)
        except LineFull:
            raise self._refusal(self._slots, line_full=True) from None
        raise self._refusal(self._slots, line_full=False)

    def send_now(self, request: QueryRequest, spend: Callable[[float], None] | None = None,
                 held: _Held | None = None) -> Sent | None:
        """Send a short query to an idle worker at once, or None when that would mean waiting: no
        regular slot free, or no idle worker of the current data (one would have to be started).
        The caller may wait for the answer without a thread of its own (:meth:`Sent.whole`, as the
        server's event loop does) and must then call :meth:`finish`. Saves a light query the hand-overs
        between threads that :meth:`run`, blocking, needs (issue 14). With ``held`` (a slot waited for,
        :meth:`wait_soon`) only a worker is looked for; the slot stays held when None is returned."""
        own = held is None  # a slot taken here is given back here when no worker is idle
        if held is None:
            if not self._slots.try_acquire():
                return None
            held = _Held(self._slots)
        w = self._take(start=False)
        if w is None:
            if own:
                held.release()
            return None
        return self._send(request, w, held, False, spend)

    def _send(self, request: QueryRequest, w: _Worker, held: _Held, long: bool,
              spend: Callable[[float], None] | None) -> Sent:
        if long:
            w.demote()
        with self._lock:
            self._busy.add(w)
        sent = Sent(request, w, held, long, spend, time.monotonic(), w.cpu, self.long_after(request.text))
        try:
            w.conn.send(request)
        except OSError:  # the worker is gone: finish() says how
            sent.lost = True
        return sent

    def finish(self, sent: Sent) -> Answer:
        """Wait for a sent query's answer, watching it (stepping aside, the time limit) as :meth:`run`
        does, then give its worker back. Blocks, unless :meth:`Sent.whole` said the answer is there."""
        w = sent.worker
        try:
            try:
                if sent.lost:
                    raise EOFError
                if not sent.long:
                    self._watch_short(sent)
                if not w.conn.poll(max(0.0, self.timeout_s - (time.monotonic() - sent.started))):
                    w.stop()
                    self._replace()
                    raise SparqlError("timeout", status=503, seconds=_seconds(self.timeout_s))
                status, payload, w.cpu = w.conn.recv()
                self._answered(sent.request.text, time.monotonic() - sent.started)
            except (EOFError, OSError):
                w.stop()
                self._replace()
                raise self._death(w) from None
            finally:
                with self._lock:
                    self._busy.discard(w)
                if sent.spend is not None:
                    sent.spend(time.monotonic() - sent.started)
            self._give_back(w)
        finally:
            sent.held.release()
        if status == "ok":
            return payload
        if status == "memory":
            raise SparqlError("memory", status=503, mb=self.memory_mb)
        raise SparqlError("failed", status=400, detail=payload)

    def first_watch(self, sent: Sent) -> float:
        """How long a sent short query may run before it is watched for stepping aside (see
        :meth:`_watch_short`): how long a caller may wait for its answer without :meth:`finish`."""
        return min(sent.long_after_s, self.demote_after_s, self.timeout_s)

    def _wait_for_slot(self, slots: FairSlots) -> FairSlots:
        """Wait in line for a slot, or refuse with 503 and a hint when to come back."""
        try:
            if slots.acquire(self.queue_wait_s):
                return slots
        except LineFull:
            raise self._refusal(slots, line_full=True) from None
        raise self._refusal(slots, line_full=False)

    def _refusal(self, slots: FairSlots, line_full: bool) -> SparqlError:
        """503 with a hint when to come back: the line was full, or the wait ran out."""
        if line_full:
            return SparqlError("line_full", status=503, headers=self._retry_after(), waiting=slots.waiting)
        return SparqlError("busy", status=503, headers=self._retry_after(), seconds=_seconds(self.queue_wait_s))

    def _retry_after(self) -> dict[str, str]:
        """A slot frees within one query's time limit."""
        return {"Retry-After": str(max(1, math.ceil(self.timeout_s)))}

    def warm(self) -> None:
        """Start one worker ahead of the first query, waiting for its copy of the store if it makes one."""
        self._give_back(self._start(self.store.generation, copy=True))

    def close(self) -> None:
        """Stop every idle worker now; busy ones get the kernel's parent-death signal as the
        starting thread ends."""
        with contextlib.suppress(ValueError):
            self.store.on_write.remove(self._renew)
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for w in idle:
            w.stop()
        self._forker.shutdown(wait=False)

    # -- pool --------------------------------------------------------------------------------

    def _watch_short(self, sent: Sent) -> None:
        """Watch a query in a regular slot until it is answered or reaches its time limit. After
        ``demote_after_s`` it steps aside (a long-query slot when one is free). Sooner, when a query
        waits for its slot and it has run ``long_after_s`` (:meth:`long_after`), it steps aside at
        once, or with every long-query slot taken is paused until one frees (see the module doc).

        Stepping aside lowers its CPU priority once it has used CPU time, half of ``long_after_s`` (a
        runaway with a core has used about all of it), or when it must be paused: a query slowed by
        other processes' work has used little, and a lower priority would only starve it on a busy
        machine, up to its time limit."""
        w, started, held, long_after_s = sent.worker, sent.started, sent.held, sent.long_after_s
        if w.conn.poll(max(0.0, self.first_watch(sent) - (time.monotonic() - started))):  # less what was waited
            return
        moved = False
        while (elapsed := time.monotonic() - started) < self.timeout_s:
            waiting = not moved and self._slots.waiting > 0
            aside = moved or waiting or elapsed >= self.demote_after_s
            if aside and not w.demoted and (not self._cpu_known or
                                            memory.cpu_seconds(w.process.pid) - sent.cpu_start >= long_after_s / 2):
                w.demote()
            if not moved and aside:
                if self._long_slots.try_acquire():
                    held.move(self._long_slots)
                    moved = True
                elif waiting:
                    w.demote()  # in the way of a waiting query with every long-query place taken: long by any measure
                    if self._pause_for_long_slot(w, started, held):
                        return
            if moved and w.demoted:
                return
            if w.conn.poll(_STEP_S):
                return

    def _pause_for_long_slot(self, w: _Worker, started: float, held: _Held) -> bool:
        """Stop the worker (SIGSTOP: no CPU, memory kept), give its regular slot to the next query and
        wait in the long-query line until the time limit; then let it go on (SIGCONT). At most
        ``workers`` queries wait so; False (nothing done) when that many already do."""
        with self._lock:
            if self._paused >= self.workers:
                return False
            self._paused += 1
        try:
            os.kill(w.process.pid, signal.SIGSTOP)
            held.release()
            try:
                if self._long_slots.acquire(max(0.0, self.timeout_s - (time.monotonic() - started))):
                    held.slots = self._long_slots
            except LineFull:
                self._stop_long(w, started)
        finally:
            with self._lock:
                self._paused -= 1
        os.kill(w.process.pid, signal.SIGCONT)  # at its time limit the caller stops it
        return True

    def _answered(self, text: str, seconds: float) -> None:
        """Note how long an answer took, for :attr:`long_after_s` and :meth:`long_after`."""
        key = hash(text)
        with self._lock:
            self._recent.append(seconds)
            self.long_after_s = min(self.demote_after_s,
                                    max(_LONG_AFTER_MIN_S, _LONG_AFTER_TIMES * statistics.median(self._recent)))
            usual = self._usual.pop(key, None) or deque(maxlen=_USUAL_ANSWERS)
            usual.append(seconds)
            self._usual[key] = usual
            if len(self._usual) > _USUAL_TEXTS:
                self._usual.popitem(last=False)

    def long_after(self, text: str) -> float:
        """When a query of ``text`` in a regular slot steps aside for a waiting one: after
        :attr:`long_after_s`, or three times its own median answer of late if that is longer (a
        heavy query asked before is usual work, not a runaway), and never later than
        ``demote_after_s``. A text never answered (a runaway is killed, never answered) gets
        :attr:`long_after_s`."""
        with self._lock:
            usual = self._usual.get(hash(text))
            own = _LONG_AFTER_TIMES * statistics.median(usual) if usual else 0.0
            return min(self.demote_after_s, max(self.long_after_s, own))

    def _stop_long(self, w: _Worker, started: float) -> None:
        """Stop a long query that has nowhere to go (``long_full``)."""
        w.stop()
        self._replace()
        raise SparqlError("long_full", status=503, headers=self._retry_after(),
                          seconds=_seconds(round(time.monotonic() - started, 1)))

    def _watch_memory(self) -> None:
        """Stop the busy query holding the most memory while all workers together hold more than
        ``memory_total_mb`` (see the module doc)."""
        while not self._closed:
            time.sleep(_WATCH_S)
            with self._lock:
                busy, idle = list(self._busy), list(self._idle)
            if not busy:
                continue
            bound = self.memory_total_mb * _MB
            if sum(memory.resident_bytes(w.process.pid) for w in busy + idle) <= bound:
                continue  # the proportional sizes, never larger, are under it too (see memory's doc)
            held = {w: memory.held_bytes(w.process.pid) for w in busy + idle}
            if sum(held.values()) > bound:
                victim = max(busy, key=lambda w: held[w])
                victim.overdrawn = True
                with contextlib.suppress(OSError):
                    victim.process.kill()

    def _renew(self) -> None:
        """After a write: stop the idle workers (their snapshot is stale) and start fresh ones in the
        background, so the next query need not wait for a worker to copy the store."""
        with self._lock:
            if self._closed:
                return
            stale, self._idle = self._idle, []
        for w in stale:
            w.stop()
        self._fill()

    def _fill(self) -> None:
        """Start as many workers in the background as there are regular slots."""
        for _ in range(self.workers):
            self._replace()

    def _replace(self) -> None:
        """Start a worker in the background (one that copies the store, where it may), unless enough
        are there or starting. One that turns out stale (a write came while it started) is replaced by
        the same thread, so however fast writes come, at most ``workers`` copies are made at a time."""
        with self._lock:
            if self._closed or self._enough():
                return
            self._starting += 1

        def start() -> None:
            try:
                while not self._closed:
                    with self._start_turn:  # one at a time: the first copy is ready sooner, queries keep a core
                        generation = self.store.generation
                        try:
                            w = self._start(generation, copy=True)
                        except SparqlError:  # the next query then starts one and reports it
                            return
                    if self._give_back(w) or generation == self.store.generation:
                        return
            finally:
                with self._lock:
                    self._starting -= 1

        threading.Thread(target=start, daemon=True, name="laget-query-worker-start").start()

    def _enough(self) -> bool:
        """Whether the pool needs no worker started in the background (the caller holds the lock):
        ``workers`` copies of the current store, busy or idle, where workers copy it (a disk worker
        killed in the long-query lane needs no successor: the next long query starts its own in a few
        milliseconds, and a copy would cost a core for seconds); else ``workers`` idle ones."""
        if self.copies:
            generation = self.store.generation
            have = sum(w.copied and w.generation == generation for w in (*self._idle, *self._busy))
        else:
            have = len(self._idle)
        return have + self._starting >= self.workers

    @overload
    def _take(self, copy_wanted: bool = True) -> _Worker: ...
    @overload
    def _take(self, copy_wanted: bool = True, *, start: bool) -> _Worker | None: ...

    def _take(self, copy_wanted: bool = True, *, start: bool = True) -> _Worker | None:
        """An idle worker of the current generation, a copy first and of those the one given back
        last (its copy of the data is still in the processor's caches; taking them in turn made every
        query read a cold copy); else one started now that reads the disk (a copy would keep the
        request waiting: see the module doc), or without ``start`` None. Without
        ``copy_wanted`` (a query sent to the long-query lane, which often runs to its time limit
        and so costs its worker), never a copy: those stay for short queries."""
        generation = self.store.generation
        with self._lock:
            fresh = [w for w in self._idle if w.generation == generation and w.process.is_alive()]
            stale = [w for w in self._idle if w not in fresh]
            chosen = max((w for w in reversed(fresh) if copy_wanted or not w.copied), key=lambda w: w.copied,
                         default=None)
            self._idle = [w for w in fresh if w is not chosen]
        for w in stale:
            w.stop()
        if chosen is not None or not start:
            return chosen
        return self._start(generation, copy=False)

    def _give_back(self, w: _Worker) -> bool:
        """Keep a worker for the next query: same generation, normal priority, and no more idle ones
        than there are regular slots (long queries may have needed extra workers); a copy takes the
        place of an idle disk worker. True if kept."""
        kept, evicted = False, None
        if not w.demoted or w.restore():
            with self._lock:
                if not self._closed and w.generation == self.store.generation:
                    if len(self._idle) >= self.workers and w.copied:
                        evicted = next((x for x in self._idle if not x.copied), None)
                        if evicted is not None:
                            self._idle.remove(evicted)
                    if len(self._idle) < self.workers:
                        self._idle.append(w)
                        kept = True
        for gone in ([] if evicted is None else [evicted]) + ([] if kept else [w]):
            gone.stop()
        return kept

    def _start(self, generation: int, copy: bool) -> _Worker:
        """Start a worker for ``generation``; with ``copy``, one that copies a small enough on-disk
        store into memory first (it takes longer to be ready)."""
        parent, child = self._ctx.Pipe()
        source = self.store.oxigraph if self.store.path is None else str(self.store.path)
        process = self._ctx.Process(target=worker.main, daemon=True, name="laget-query-worker",
                                    args=(child, source, self.memory_mb, self.in_memory_max if copy else 0,
                                          os.getpid() if self.store.path is None else None))
        try:
            # A fork copies the in-memory store: never in the middle of a write.
            with self.store.write_lock if self.store.path is None else contextlib.nullcontext():
                launch = process.start if self.store.path is None else partial(_start_without_main, process)
                self._forker.submit(launch).result()
        except RuntimeError:  # closed meanwhile: the forker takes no more work
            raise SparqlError("failed", status=503, detail="the query service is closed") from None
        finally:
            child.close()
        if not parent.poll(_START_TIMEOUT_S):
            process.kill()
            raise SparqlError("failed", status=503, detail="query worker did not start")
        try:
            _, isolated, copied, cpu = parent.recv()
        except EOFError:
            _reap(process)
            raise SparqlError("failed", status=503,
                              detail=f"query worker exited at start ({process.exitcode})") from None
        self.network_isolated = isolated
        if copied:
            with self._lock:
                self._copied_generation = max(self._copied_generation, generation)
        return _Worker(process, parent, generation, isolated, copied, cpu=cpu)

    def _death(self, w: _Worker) -> SparqlError:
        """Explain a worker that died mid-query. Past the address-space cap an allocation fails and
        the engine aborts (SIGABRT), or the kernel's OOM killer sends SIGKILL: the memory limit. Any
        other death is a crash (SIGSEGV is most often a stack overflow from deep nesting), said as such."""
        if w.overdrawn:  # stopped by the watchdog of all workers' memory together
            return SparqlError("memory_total", status=503, mb=self.memory_total_mb)
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


def _start_without_main(process: BaseProcess) -> None:
    """Start a worker from the fork server while ``__main__`` is an empty module, so multiprocessing
    tells the worker no main module to import (see the module doc). Runs on the runner's one starting
    thread only (``_forker``), so no two starts swap ``__main__`` at once."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        process.start()
    finally:
        sys.modules["__main__"] = main


def _fork_server() -> mp.context.BaseContext:
    """The fork server's context, preloading nothing but the worker (see the module doc)."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([worker.__name__])
    return ctx


def _reap(process: BaseProcess, seconds: float = 5.0) -> None:
    """Wait for a finished or killed worker by its pid (see :meth:`_Worker.stop` for why not ``join``)."""
    deadline = time.monotonic() + seconds
    while process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)


def _seconds(value: float) -> str:
    return f"{value:g}"

