"""A fair, bounded waiting line for query workers.

``threading.Semaphore`` lets a newly arrived caller take a slot that was just freed for a caller who
has waited longer; under steady load the unlucky ones wait again and again, which is what turns a
busy endpoint's p99 into refusals. Here a freed slot is handed to the longest-waiting caller
(first come, first served), and the line itself is bounded: a caller who would make it longer than
``limit`` is refused at once instead of holding a server thread for nothing.
"""

from __future__ import annotations

import threading
from collections import deque


class LineFull(Exception):
    """The waiting line is at its limit; the caller is refused without waiting."""


class FairSlots:
    """``capacity`` slots, handed out first come, first served, with at most ``limit`` callers waiting."""

    def __init__(self, capacity: int, limit: int | None = None) -> None:
        self._free = capacity
        self.limit = limit
        self._waiting: deque[threading.Event] = deque()
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
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return True
            if self.limit is not None and len(self._waiting) >= self.limit:
                raise LineFull
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout):
            return True
        with self._lock:
            if turn.is_set():  # handed a slot just as the time ran out: keep it
                return True
            self._waiting.remove(turn)
            return False

    def release(self) -> None:
        """Hand the slot to the longest-waiting caller, or free it."""
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._free += 1
