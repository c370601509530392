"""The SPARQL service: guard, then run, for any backend. Used by the HTTP API and the CLI.

On the embedded store the server runs queries in killable worker processes (:mod:`.runner`); the
CLI, a short-lived process of its own, runs them in-process. An external store gets the query
over HTTP with the same time limit; its own engine does the work. A query sent on behalf of a
client (the server names it, see :mod:`.clients`) is admitted within that client's bounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence

from ..config import Settings
from ..store import Backend, Store
from ..versions import reads_current, with_refresh
from .capping import capped
from .clients import ClientLimits
from .errors import SparqlError
from .guard import CheckedQuery, IsLocal, check_query, check_update, local_graph_checker
from .request import QueryRequest
from .results import Answer
from .runner import QueryRunner, Sent

#: How many texts :meth:`SparqlService.check_soon` remembers as checked (as many as the guard keeps).
_CHECKED_TEXTS = 1024


class SparqlService:
    """One per store. ``workers=False`` answers in this process (for the CLI)."""

    def __init__(self, store: Backend, settings: Settings, workers: bool = True) -> None:
        self.store, self.settings = store, settings
        self.runner = (QueryRunner(store, settings.query_timeout_s, settings.query_memory_mb,
                                   settings.query_workers, queue_limit=settings.query_queue,
                                   queue_wait_s=settings.query_queue_wait_s,
                                   in_memory_max=settings.query_in_memory_max,
                                   memory_total_mb=settings.query_memory_total_mb)
                       if workers and isinstance(store, Store) else None)
        long_after_s = self.runner.demote_after_s if self.runner is not None else settings.query_timeout_s / 4
        self.limits = ClientLimits(settings.client_queries, settings.client_query_seconds, long_after_s)
        self._write_lock = threading.Lock()
        self._local: tuple[int, IsLocal] | None = None
        #: Texts checked on the store's current data, most recently asked last (see check_soon).
        self._checked_texts: tuple[int, OrderedDict[str, None]] = (-1, OrderedDict())

    def is_local(self, iri: str) -> bool:
        """Is ``iri`` a graph of this store (cached until the next write)?"""
        generation = self.store.generation
        if self._local is None or self._local[0] != generation:
            self._local = (generation, local_graph_checker(g.iri for g in self.store.graphs()))
        return self._local[1](iri)

    def check(self, text: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
              ) -> CheckedQuery:
        return check_query(text, self.is_local, default_graphs, named_graphs)

    def run(self, checked: CheckedQuery, media_type: str, default_graphs: Sequence[str] = (),
            named_graphs: Sequence[str] = (), limit: int | None = -1, client: str | None = None) -> Answer:
        """Answer a checked query; ``limit=-1`` means the configured result limit. With ``client``,
        within that client's bounds (429 past them). Blocking. A query that names no dataset reads the
        current data (versions left out, :func:`..versions.reads_current`)."""
        request = self._request(checked, media_type, default_graphs, named_graphs, limit)
        if client is None:
            return self._run(request, False, None)
        with self.limits.admitted(client) as turn:
            return self._run(request, turn.long, turn.spend)

    @property
    def answers_soon(self) -> bool:
        """Whether :meth:`run_soon` can await answers on an event loop (queries run in workers here):
        for an external store, even checking a query may ask it over HTTP, so all of it is threaded."""
        return self.runner is not None

    async def check_soon(self, text: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
                         *, in_thread: Callable[..., Awaitable[CheckedQuery]]) -> CheckedQuery:
        """:meth:`check` for an event loop: on the loop itself for a text checked before on the current
        data (the guard keeps its reading, so that takes microseconds), else through ``in_thread``:
        reading a new text costs milliseconds, and so does the store's list of graphs after a write."""
        generation = self.store.generation
        if self._checked_texts[0] != generation:
            self._checked_texts = (generation, OrderedDict())
        seen = self._checked_texts[1]
        if text in seen:
            seen.move_to_end(text)
            return self.check(text, default_graphs, named_graphs)
        checked = await in_thread(self.check, text, default_graphs, named_graphs)
        seen[text] = None
        if len(seen) > _CHECKED_TEXTS:
            seen.popitem(last=False)
        return checked

    async def run_soon(self, checked: CheckedQuery, media_type: str, default_graphs: Sequence[str] = (),
                       named_graphs: Sequence[str] = (), client: str | None = None, *,
                       in_thread: Callable[..., Awaitable[Answer]]) -> Answer:
        """:meth:`run` for an event loop. A short query that finds a worker idle is sent at once and
        its answer awaited on the loop itself: no thread, so none of the hand-overs between threads
        that were a measurable share of a light query's time (issue 14). With every worker busy it
        waits for one in the same fair line, on the loop too. A query of a client sent to the long-query
        lane, one that needs a worker started, and one still running when it is first watched for
        stepping aside go on through ``in_thread`` (the server's thread pool), as :meth:`run` does."""
        if self.runner is None:
            return await in_thread(self.run, checked, media_type, default_graphs, named_graphs, client=client)
        request = self._request(checked, media_type, default_graphs, named_graphs, -1)
        with self.limits.admitted(client) if client is not None else contextlib.nullcontext() as turn:
            long, spend = (turn.long, turn.spend) if turn is not None else (False, None)
            if long:
                return await in_thread(self._run, request, long, spend)
            sent = self.runner.send_now(request, spend)
            if sent is None:  # every regular slot taken: wait in the line on the loop too
                held = await self.runner.wait_soon()
                sent = self.runner.send_now(request, spend, held)
                if sent is None:  # no idle worker: one is started, which may take a while
                    return await in_thread(self.runner.run, request, False, spend, held)
            try:
                answered = await _readable(sent.fileno(), self.runner.first_watch(sent))
            except BaseException:  # cancelled: the worker still goes back when its answer comes
                threading.Thread(target=self._finish_quietly, args=(sent,), daemon=True).start()
                raise
            if answered and sent.whole():
                return self.runner.finish(sent)
            return await in_thread(self.runner.finish, sent)

    def _finish_quietly(self, sent: Sent) -> None:
        assert self.runner is not None
        with contextlib.suppress(SparqlError):
            self.runner.finish(sent)

    def _request(self, checked: CheckedQuery, media_type: str, default_graphs: Sequence[str],
                 named_graphs: Sequence[str], limit: int | None) -> QueryRequest:
        current = not (default_graphs or named_graphs or checked.has_dataset) and reads_current(self.store)
        rows = self.settings.result_limit if limit == -1 else limit
        # The embedded engine is asked for one row more than the cap (another store may treat a LIMIT
        # its own way: Virtuoso refuses a sorted one past its MaxSortedTopRows).
        text = capped(checked, rows + 1) if rows is not None and isinstance(self.store, Store) else None
        return QueryRequest(text or checked.text, checked.form, media_type, rows, tuple(default_graphs),
                            tuple(named_graphs), checked.has_dataset, current=current, bounded=text is not None)

    def _run(self, request: QueryRequest, long: bool, spend: Callable[[float], None] | None) -> Answer:
        if self.runner is not None:
            return self.runner.run(request, long=long, spend=spend)
        started = time.monotonic()
        try:
            return self.store.query(request)
        finally:
            if spend is not None:
                spend(time.monotonic() - started)

    def update(self, text: str) -> None:
        """Check and run a SPARQL Update, one at a time. Blocking."""
        text = check_update(text, self.is_local)  # the canonical text: the one that was checked
        with self._write_lock:
            self.store.update(with_refresh(self.store, text))  # and the current data rebuilt, in one transaction

    def status(self) -> dict[str, object]:
        """For /health: where queries are answered from now (``memory``, ``disk`` or ``external``) and
        whether in-memory copies of the on-disk store are being made meanwhile (see :mod:`.runner`)."""
        if self.runner is None:
            return {"queries_from": "external" if not isinstance(self.store, Store) else "process",
                    "copying": False}
        return {"queries_from": self.runner.answering_from, "copying": self.runner.copying}

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()


async def _readable(fd: int, timeout: float) -> bool:
    """Wait on the running event loop until ``fd`` can be read (True) or ``timeout`` seconds pass.
    The pipe is left blocking, as the runner reads it: uvloop makes a descriptor it waits on
    non-blocking, and a large answer read in pieces would then fail half way (EAGAIN)."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()

    def settle(value: bool) -> None:
        if not ready.done():
            ready.set_result(value)

    loop.add_reader(fd, settle, True)
    timer = loop.call_later(timeout, settle, False)
    try:
        return await ready
    finally:
        loop.remove_reader(fd)
        timer.cancel()
        os.set_blocking(fd, True)
