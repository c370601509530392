"""A bounded load generator for loopback endpoints: N concurrent async clients for D seconds.

Only ever targets 127.0.0.1; every loop is bounded in count and time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

import httpx

MAX_REQUESTS = 200_000


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    #: The first words of each kind of refusal, and how often it came (at most 10 kinds).
    refusals: dict[str, int] = field(default_factory=dict)
    #: CPU seconds the server's processes used meanwhile (``cpu`` given to :func:`load`), else None.
    cpu_s: float | None = None

    def refused(self, text: str) -> None:
        key = text[:70]
        if key in self.refusals or len(self.refusals) < 10:
            self.refusals[key] = self.refusals.get(key, 0) + 1

    @property
    def rps(self) -> float:
        """Answered requests per second: a refusal (503 busy, timeout) is not throughput."""
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")

    @property
    def cpu_ms(self) -> float | None:
        """The server's CPU milliseconds per request: unlike throughput, hardly moved by other
        processes on the machine, so the cost of what a server does is seen on a busy machine too."""
        return None if self.cpu_s is None or not self.requests else self.cpu_s / self.requests * 1000

    def as_dict(self) -> dict[str, float]:
        row = {"rps": self.rps, "p50_ms": self.pct(50) * 1000, "p99_ms": self.pct(99) * 1000,
               "requests": self.requests, "errors": self.errors}
        return row if self.cpu_ms is None else {**row, "cpu_ms": self.cpu_ms}


def merged(rounds: list[LoadResult]) -> LoadResult:
    """Rounds of one target, taken in turns with other targets, as one result: taking turns spreads
    a noisy neighbour's bursts over every target instead of one."""
    out = LoadResult()
    for r in rounds:
        out.requests += r.requests
        out.errors += r.errors
        out.seconds += r.seconds
        out.latencies += r.latencies
        for status, n in r.statuses.items():
            out.statuses[status] = out.statuses.get(status, 0) + n
        for text, n in r.refusals.items():
            out.refusals[text] = out.refusals.get(text, 0) + n
        if r.cpu_s is not None:
            out.cpu_s = (out.cpu_s or 0.0) + r.cpu_s
    return out


async def _client(http: httpx.AsyncClient, url: str, params: dict[str, str] | None, headers: dict[str, str],
                  deadline: float, result: LoadResult) -> None:
    while time.monotonic() < deadline and result.requests < MAX_REQUESTS:
        start = time.perf_counter()
        try:
            response = await http.get(url, params=params, headers=headers)
            result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
            if response.status_code != 200:
                result.errors += 1
                result.refused(f"{response.status_code} {response.text}")
        except httpx.HTTPError:
            result.errors += 1
        result.latencies.append(time.perf_counter() - start)
        result.requests += 1


async def _run(url: str, clients: int, seconds: float, headers: dict[str, str], params: dict[str, str] | None,
               timeout: float, identity: Callable[[int], dict[str, str]] | None) -> LoadResult:
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"refusing to load anything but loopback, got {host}")
    result = LoadResult()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:
        start = time.monotonic()
        await asyncio.gather(*(_client(http, url, params, {**headers, **(identity(i) if identity else {})},
                                       start + seconds, result) for i in range(clients)))
        result.seconds = time.monotonic() - start
    return result


def load(url: str, clients: int, seconds: float, headers: dict[str, str] | None = None,
         params: dict[str, str] | None = None, timeout: float = 60,
         identity: Callable[[int], dict[str, str]] | None = None,
         cpu: Callable[[], float] | None = None) -> LoadResult:
    """Keep ``clients`` requests in flight for ``seconds`` (a request started in time may finish
    later, up to ``timeout``; one that times out counts as an error). ``identity(i)`` gives client
    ``i`` headers of its own (e.g. ``X-Forwarded-For``, so a server behind a trusted proxy setting
    tells the clients apart). ``cpu()``: the server's CPU seconds so far, read before and after."""
    before = cpu() if cpu is not None else 0.0
    result = asyncio.run(_run(url, clients, seconds, headers or {}, params, timeout, identity))
    if cpu is not None:
        result.cpu_s = cpu() - before
    return result
