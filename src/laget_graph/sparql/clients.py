"""Per-client bounds on the query service, as Wikidata's query service has them: how many queries one
client may have running or waiting at once, and how many seconds of query time it may use per minute.
Past either bound the client is refused at once with 429 and ``Retry-After``, before it takes a place
in the waiting line, so every other client keeps its turn. A client that spent more than a long
query's worth of its minute (``long_after_s``) sends its next queries straight to the long-query lane
(see :mod:`.runner`): a loop of runaway queries holds a regular worker once, then never again while it
keeps running them.

Who is a client: the remote address. Behind a reverse proxy every request comes from the proxy, so a
request from a trusted proxy (``LAGET_TRUSTED_PROXIES``) is charged to the address the proxy passed on
in ``LAGET_CLIENT_HEADER`` (``X-Forwarded-For`` by default: its right-most address that is not itself
a trusted proxy, the one the proxy saw). The header from anyone else is ignored, so a client cannot
choose whom it is charged as.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from .errors import SparqlError

#: Accounts kept at most; idle clients whose minute has refilled are forgotten first.
_MAX_ACCOUNTS = 10_000


def client_address(peer: str | None, forwarded: str | None, trusted: Sequence[str]) -> str:
    """The address a request is charged to (see the module doc)."""
    if not peer:
        return "unknown"
    if not forwarded or not trusted or not _is_trusted(peer, tuple(trusted)):
        return peer
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, tuple(trusted)):
            return hop
    return hops[0] if hops else peer


@lru_cache(maxsize=64)
def _networks(trusted: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in trusted)


def _is_trusted(address: str, trusted: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(trusted) if net.version == ip.version)


@dataclass
class _Account:
    tokens: float  # seconds of query time left in the client's minute
    stamp: float  # when ``tokens`` was last topped up
    running: int = 0  # queries running or waiting


@dataclass
class Turn:
    """One admitted query: which lane it goes to, and the worker time it used (added by the runner)."""

    long: bool
    seconds: float = 0.0

    def spend(self, seconds: float) -> None:
        self.seconds += seconds


class ClientLimits:
    """``queries`` at once and ``seconds_per_minute`` of query time per client (0: no bound)."""

    def __init__(self, queries: int, seconds_per_minute: float, long_after_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.queries, self.budget, self.long_after_s = queries, seconds_per_minute, long_after_s
        self._clock = clock
        self._accounts: dict[str, _Account] = {}
        self._lock = threading.Lock()

    @contextmanager
    def admitted(self, client: str) -> Iterator[Turn]:
        """Admit one query of ``client`` or raise :class:`SparqlError` (429); charge its time after."""
        turn = self._admit(client)
        try:
            yield turn
        finally:
            self._release(client, turn.seconds)

    def _admit(self, client: str) -> Turn:
        with self._lock:
            account = self._account(client)
            if self.queries > 0 and account.running >= self.queries:
                raise SparqlError("client_busy", status=429, headers={"Retry-After": "1"}, limit=self.queries)
            if self.budget > 0 and account.tokens <= 0:
                wait = max(1, math.ceil(-account.tokens * 60 / self.budget))
                raise SparqlError("client_budget", status=429, headers={"Retry-After": str(wait)},
                                  budget=f"{self.budget:g}", retry=wait)
            account.running += 1
            return Turn(long=self.budget > 0 and self.budget - account.tokens >= self.long_after_s)

    def _release(self, client: str, seconds: float) -> None:
        with self._lock:
            account = self._account(client)
            account.running -= 1
            account.tokens -= seconds

    def _account(self, client: str) -> _Account:
        """The client's account, its minute topped up to now (caller holds the lock)."""
        now = self._clock()
        account = self._accounts.get(client)
        if account is None:
            if len(self._accounts) >= _MAX_ACCOUNTS:
                self._forget_idle(now)
            account = self._accounts[client] = _Account(self.budget, now)
        elif self.budget > 0:
            account.tokens = min(self.budget, account.tokens + (now - account.stamp) * self.budget / 60)
            account.stamp = now
        return account

    def _forget_idle(self, now: float) -> None:
        for client, account in list(self._accounts.items()):
            refilled = account.tokens + (now - account.stamp) * self.budget / 60 >= self.budget
            if account.running == 0 and (self.budget <= 0 or refilled):
                del self._accounts[client]
