"""A fair, bounded waiting line for query workers.

``threading.Semaphore`` lets a newly arrived caller take a slot that was just freed for a caller who
has waited longer; under steady load the unlucky ones wait again and again, which is what turns a
busy endpoint's p99 into refusals. Here a freed slot is handed to the longest-waiting caller
(first come, first served), and the line itself is bounded: a caller who would make it longer than
``limit`` is refused at once instead of holding a server thread for nothing.

Callers on an event loop wait in the same line without a thread (:meth:`FairSlots.acquire_soon`):
their place is a future that a freed slot settles, from whichever thread frees it.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from typing import TypeVar

_Turn = TypeVar("_Turn", threading.Event, "_LoopTurn")


class LineFull(Exception):
    """The waiting line is at its limit; the caller is refused without waiting."""


class FairSlots:
    """``capacity`` slots, handed out first come, first served, with at most ``limit`` callers waiting."""

    def __init__(self, capacity: int, limit: int | None = None) -> None:
        self._free = capacity
        self.limit = limit
        self._waiting: deque[threading.Event | _LoopTurn] = deque()
        self._lock = threading.Lock()

    @property
    def waiting(self) -> int:
        """Callers waiting for a slot now."""
        return len(self._waiting)

    def try_acquire(self) -> bool:
        """Take a free slot if nobody is waiting for it; never waits."""
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return True
            return False

    def acquire(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a slot; False when the time ran out.
        Raises :class:`LineFull` when ``limit`` callers are already waiting."""
        turn = self._join(threading.Event)
        if turn is None or turn.wait(timeout):
            return True
        return self._leave(turn)  # handed a slot just as the time ran out: kept

    async def acquire_soon(self, timeout: float) -> bool:
        """:meth:`acquire` for a caller on an event loop: it waits in the same line, without a thread.
        A caller cancelled while it waits leaves the line, or passes on the slot it was handed."""
        loop = asyncio.get_running_loop()
        turn = self._join(lambda: _LoopTurn(loop))
        if turn is None:
            return True
        timer = loop.call_later(timeout, _settle, turn.future, False)
        try:
            await turn.future
        except BaseException:
            if self._leave(turn):
                self.release()
            raise
        finally:
            timer.cancel()
        return self._leave(turn)

    def _join(self, make_turn: Callable[[], _Turn]) -> _Turn | None:
        """None with a slot taken when one is free and nobody waits, else a new turn at the end of
        the line; :class:`LineFull` when the line is at its limit."""
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return None
            if self.limit is not None and len(self._waiting) >= self.limit:
                raise LineFull
            turn = make_turn()
            self._waiting.append(turn)
            return turn

    def _leave(self, turn: threading.Event | _LoopTurn) -> bool:
        """Whether ``turn`` was handed a slot; if not, it leaves the line."""
        with self._lock:
            if turn.is_set():
                return True
            self._waiting.remove(turn)
            return False

    def release(self) -> None:
        """Hand the slot to the longest-waiting caller, or free it."""
        with self._lock:
            while self._waiting:
                if self._waiting.popleft().set() is not False:  # False: an event loop that has closed
                    return
            self._free += 1


class _LoopTurn:
    """A place in the line for a caller on an event loop, handed its slot from any thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop, self.future = loop, loop.create_future()
        self._set = False

    def set(self) -> bool:
        """Hand the slot over (the line's lock is held); False if the loop has closed, nobody to take it."""
        try:
            self.loop.call_soon_threadsafe(_settle, self.future, True)
        except RuntimeError:
            return False
        self._set = True
        return True

    def is_set(self) -> bool:
        return self._set


def _settle(future: asyncio.Future[bool], value: bool) -> None:
    if not future.done():
        future.set_result(value)
