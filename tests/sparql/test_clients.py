"""A few runaway clients cannot starve everyone: per-client bounds on concurrent queries and on
query-seconds per minute (429 with Retry-After, in nb and en), clients told apart by address or,
behind a trusted proxy only, by its header; a client that keeps sending long queries goes straight
to the long-query lane; short queries keep their capacity (a long query in their way steps aside or
is paused); and the workers' memory together is bounded. Every server here is a real uvicorn on
loopback."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from laget_graph.sparql.clients import ClientLimits, client_address
from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.request import QueryRequest
from laget_graph.sparql.runner import LONG_QUERY_NICENESS, QueryRunner
from laget_graph.store import Store

from .conftest import serve, settings_for
from .test_safety import ENDLESS, GREEDY

ASK = {"query": "ASK { ?s ?p ?o }"}
RUNAWAY = QueryRequest(ENDLESS, "SELECT", "application/sparql-results+json", 10)
SHORT = QueryRequest("ASK {}", "ASK", "application/sparql-results+json", 10)
PROXY = ("127.0.0.1",)


def _as(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def _until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def _in_background(call: Callable[[], httpx.Response]) -> tuple[threading.Thread, dict[str, httpx.Response]]:
    outcome: dict[str, httpx.Response] = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("r", call()), daemon=True)
    thread.start()
    return thread, outcome


# -- who is a client ---------------------------------------------------------------------------

def test_the_client_is_the_peer_unless_a_trusted_proxy_names_it() -> None:
    assert client_address("203.0.113.9", "10.0.0.1", ()) == "203.0.113.9"
    assert client_address("203.0.113.9", "10.0.0.1", PROXY) == "203.0.113.9", "only a trusted proxy is believed"
    assert client_address("127.0.0.1", "10.0.0.1", PROXY) == "10.0.0.1"
    # the proxy appends what it saw: what the client wrote itself stands further left
    assert client_address("127.0.0.1", "6.6.6.6, 10.0.0.1", PROXY) == "10.0.0.1"
    # a chain of trusted proxies (a network): the right-most untrusted hop
    assert client_address("10.1.0.5", "198.51.100.7, 10.1.0.9", ("10.1.0.0/16",)) == "198.51.100.7"
    assert client_address("::1", "2001:db8::1", ("::1",)) == "2001:db8::1"
    assert client_address("127.0.0.1", None, PROXY) == "127.0.0.1"
    assert client_address(None, "10.0.0.1", PROXY) == "unknown"


def test_a_bad_trusted_proxy_setting_is_named() -> None:
    from laget_graph.config import Settings, SettingsError

    assert Settings.from_env({"LAGET_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"}).trusted_proxies == (
        "127.0.0.1/32", "10.0.0.0/8")
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"LAGET_TRUSTED_PROXIES": "proxy.example", "LAGET_LANG": "en"})
    assert err.value.variable == "LAGET_TRUSTED_PROXIES"


# -- the bounds themselves (a clock of our own) -------------------------------------------------

def test_query_seconds_refill_over_the_minute_and_say_when_to_come_back() -> None:
    now = [0.0]
    limits = ClientLimits(queries=2, seconds_per_minute=30, long_after_s=2.5, clock=lambda: now[0])
    with limits.admitted("a") as turn:
        assert not turn.long
        turn.spend(45)  # one query ran 45 s: 15 s over the minute's 30
    with pytest.raises(SparqlError) as refused:
        limits.admitted("a").__enter__()
    assert refused.value.status == 429 and refused.value.headers == {"Retry-After": "30"}
    assert "30 sekunder spørretid per minutt" in refused.value.message("nb")
    assert "try again in 30 s" in refused.value.message("en")
    with limits.admitted("b"):  # another client is untouched
        pass
    now[0] = 31.0  # 15.5 s back: positive again, and still a long query's worth spent
    with limits.admitted("a") as turn:
        assert turn.long
    now[0] = 120.0
    with limits.admitted("a") as turn:
        assert not turn.long, "a full minute later the client starts afresh"


def test_concurrent_queries_are_counted_per_client() -> None:
    limits = ClientLimits(queries=2, seconds_per_minute=0, long_after_s=2.5)
    with limits.admitted("a"), limits.admitted("a"):
        with pytest.raises(SparqlError) as refused:
            limits.admitted("a").__enter__()
        assert refused.value.status == 429 and refused.value.headers == {"Retry-After": "1"}
        assert "2 queries under way" in refused.value.message("en")
        with limits.admitted("b"):
            pass
    with limits.admitted("a"):  # both finished: room again
        pass


# -- on a real server -------------------------------------------------------------------------

def test_one_client_over_its_concurrency_is_refused_and_another_is_answered(bundled_store: Store,
                                                                          tmp_path: Path) -> None:
    settings = settings_for(tmp_path, query_workers=2, query_timeout_s=4.0, client_queries=1,
                            trusted_proxies=PROXY)
    with serve(settings, bundled_store) as server:
        url = f"{server.url}/sparql"
        runaway, _ = _in_background(lambda: httpx.get(url, params={"query": ENDLESS}, headers=_as("10.0.0.1"),
                                                      timeout=60))
        runner = server.server.config.app.state.sparql_service.runner
        _until(lambda: runner._busy)
        second = httpx.get(url, params=ASK, headers={**_as("10.0.0.1"), "Accept-Language": "nb"})
        named = httpx.get(f"{server.url}/api/queries/programme-bodies", headers=_as("10.0.0.1"))
        other = httpx.get(url, params=ASK, headers=_as("10.0.0.2"))
        assert runaway.is_alive()
    assert second.status_code == 429 and second.headers["retry-after"] == "1"
    assert "Du har allerede 1 spørringer i gang" in second.text
    assert named.status_code == 429 and "queries under way" in named.json()["error"]
    assert other.status_code == 200 and other.json()["boolean"] is True
    runaway.join(timeout=60)


def test_a_client_over_its_query_seconds_waits_and_a_header_from_it_changes_nothing(
        bundled_store: Store, tmp_path: Path) -> None:
    """No trusted proxy: clients are their addresses, so the header cannot buy a fresh budget."""
    settings = settings_for(tmp_path, query_timeout_s=2.0, client_query_seconds=1.5)
    with serve(settings, bundled_store) as server:
        url = f"{server.url}/sparql"
        stopped = httpx.get(url, params={"query": ENDLESS}, timeout=60)
        assert stopped.status_code == 503, stopped.text  # ran its 2 s: half a second past the 1.5 s per minute
        refused = [httpx.get(url, params=ASK, headers={"Accept-Language": "en"}),
                   httpx.get(url, params=ASK, headers={"Accept-Language": "en", **_as("10.0.0.9")})]
    for r in refused:
        assert r.status_code == 429, r.text
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert "used up your 1.5 seconds of query time per minute" in r.text


def test_a_client_that_ran_a_long_query_goes_straight_to_the_long_lane(bundled_store: Store,
                                                                        tmp_path: Path) -> None:
    settings = settings_for(tmp_path, query_workers=1, query_timeout_s=3.0, trusted_proxies=PROXY)
    with serve(settings, bundled_store) as server:
        url = f"{server.url}/sparql"
        assert httpx.get(url, params={"query": ENDLESS}, headers=_as("10.0.0.1"), timeout=60).status_code == 503
        runner = server.server.config.app.state.sparql_service.runner
        again, _ = _in_background(lambda: httpx.get(url, params={"query": ENDLESS}, headers=_as("10.0.0.1"),
                                                    timeout=60))
        _until(lambda: runner._busy)
        (busy,) = runner._busy
        assert runner._long_slots._free == 0 and runner._slots._free == 1, "it holds a long-query slot only"
        assert os.getpriority(os.PRIO_PROCESS, busy.process.pid) == LONG_QUERY_NICENESS
        assert httpx.get(url, params=ASK, headers=_as("10.0.0.2")).status_code == 200
        again.join(timeout=60)


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


@pytest.mark.slow  # waits for the second runaway to reach its 8 s time limit
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_short_queries_keep_their_worker_beside_two_fresh_runaways(bundled_store: Store, tmp_path: Path) -> None:
    """One worker, one long-query slot, two runaways from clients never seen before: the first steps
    aside to the long-query slot, the second is paused (no CPU) once a short query waits, and short
    queries from a third client are answered while both runaways are still under way."""
    settings = settings_for(tmp_path, query_workers=1, query_timeout_s=8.0, trusted_proxies=PROXY)
    with serve(settings, bundled_store) as server:
        url = f"{server.url}/sparql"
        runner = server.server.config.app.state.sparql_service.runner
        first, _ = _in_background(lambda: httpx.get(url, params={"query": ENDLESS}, headers=_as("10.0.0.1"),
                                                    timeout=60))
        _until(lambda: runner._long_slots._free == 0)  # stepped aside (after a quarter of its limit)
        second, outcome = _in_background(lambda: httpx.get(url, params={"query": ENDLESS},
                                                           headers=_as("10.0.0.2"), timeout=60))
        _until(lambda: runner._slots._free == 0)
        answered = [httpx.get(url, params=ASK, headers=_as("10.0.0.3"), timeout=60) for _ in range(3)]
        assert first.is_alive() and second.is_alive()
        assert [r.status_code for r in answered] == [200, 200, 200]
        assert runner._paused == 1
        (paused,) = (w for w in runner._busy if _state(w.process.pid) == "T")
        assert os.getpriority(os.PRIO_PROCESS, paused.process.pid) == LONG_QUERY_NICENESS
        second.join(timeout=60)
    assert outcome["r"].status_code == 503 and "time limit" in outcome["r"].text


class _Calls:
    """Runner calls in threads of their own, with what each returned or raised."""

    def __init__(self, runner: QueryRunner) -> None:
        self.runner, self.outcomes = runner, []  # type: ignore[var-annotated]

    def start(self, request: QueryRequest, long: bool = False) -> threading.Thread:
        def run() -> None:
            try:
                self.outcomes.append(self.runner.run(request, long=long))
            except SparqlError as exc:
                self.outcomes.append(exc)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread


def test_with_every_place_for_long_queries_taken_a_long_query_keeps_its_slot(bundled_store: Store) -> None:
    """One worker: one long-query slot, and room to pause one long query. A third runaway, with
    both places taken, keeps its regular slot (as in a workload of nothing but heavy queries, where
    pausing would only shuffle places): the short query waits for it."""
    runner = QueryRunner(bundled_store, timeout_s=5, memory_mb=1024, workers=1, demote_after_s=0.3)
    calls = _Calls(runner)
    try:
        calls.start(RUNAWAY)
        _until(lambda: runner._long_slots._free == 0)  # nobody waits: it moves after 0.3 s
        calls.start(RUNAWAY)
        _until(lambda: runner._slots._free == 0)
        calls.start(SHORT).join(timeout=30)  # waits for the second runaway, which is paused for it
        assert runner._paused == 1 and not isinstance(calls.outcomes.pop(), SparqlError)
        third = calls.start(RUNAWAY)
        _until(lambda: runner._slots._free == 0)
        short = calls.start(SHORT)
        _until(lambda: runner._slots.waiting == 1)
        short.join(timeout=1.0)  # three times as long as the third runaway needs to step aside
        assert short.is_alive() and runner._paused == 1 and runner._slots.waiting == 1
        third.join(timeout=30)
        short.join(timeout=30)
        # the short query went when a long-query slot freed and the third runaway could move there
        assert sorted(getattr(o, "key", "answer") for o in calls.outcomes) == ["answer", *["timeout"] * 3]
    finally:
        runner.close()


def test_a_long_query_with_nowhere_to_wait_is_stopped(bundled_store: Store) -> None:
    """The long-query line is full (here: one waiting, its limit): a long query in the way of a short
    one cannot be paused to wait there, so it is stopped (long_full, in nb and en)."""
    runner = QueryRunner(bundled_store, timeout_s=20, memory_mb=1024, workers=1, demote_after_s=0.3,
                         queue_limit=1)
    calls = _Calls(runner)
    try:
        calls.start(RUNAWAY)
        _until(lambda: runner._long_slots._free == 0)
        calls.start(RUNAWAY, long=True)  # a client of long queries, waiting in the long-query line
        _until(lambda: runner._long_slots.waiting == 1)
        calls.start(RUNAWAY)
        _until(lambda: runner._slots._free == 0)
        calls.start(SHORT).join(timeout=30)
        _until(lambda: any(isinstance(o, SparqlError) for o in calls.outcomes))
        stopped = next(o for o in calls.outcomes if isinstance(o, SparqlError))
        assert stopped.key == "long_full" and stopped.status == 503 and stopped.headers == {"Retry-After": "20"}
        assert "every place for long queries is taken" in stopped.message("en")
        assert "alle plassene for lange spørringer er opptatt" in stopped.message("nb")
        assert any(not isinstance(o, SparqlError) for o in calls.outcomes), "the short query was answered"
    finally:
        runner.close()


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads the workers' memory from /proc")
def test_the_workers_memory_together_is_bounded(bundled_store: Store, tmp_path: Path) -> None:
    """Each worker may grow by 1 GB, all of them together by 300 MB: the greedy query is stopped by
    the bound on all workers, and says so."""
    settings = settings_for(tmp_path, query_timeout_s=60.0, query_memory_mb=1024, query_memory_total_mb=300)
    with serve(settings, bundled_store) as server:
        r = httpx.get(f"{server.url}/sparql", params={"query": GREEDY, "lang": "en"}, timeout=90)
        assert r.status_code == 503
        assert "the query workers together used more than 300 MB" in r.text
        assert httpx.get(f"{server.url}/sparql", params=ASK).status_code == 200


def test_a_query_starved_of_cpu_steps_aside_at_its_own_priority(bundled_store: Store) -> None:
    """A query that has used little CPU (here its worker is stopped, as if other processes took the
    machine) moves to a long-query slot when its time comes but keeps its priority: a lower one would
    only starve it. Once it has used CPU time it is lowered, as any runaway."""
    import signal

    runner = QueryRunner(bundled_store, timeout_s=8, memory_mb=1024, workers=1, demote_after_s=0.3)
    calls = _Calls(runner)
    try:
        runner.warm()
        (worker,) = runner._idle
        pid = worker.process.pid
        os.kill(pid, signal.SIGSTOP)
        try:
            calls.start(RUNAWAY)
            _until(lambda: runner._long_slots._free == 0)  # stepped aside after demote_after_s
            time.sleep(0.3)
            assert os.getpriority(os.PRIO_PROCESS, pid) == 0 and runner._busy == {worker}
        finally:
            os.kill(pid, signal.SIGCONT)
        _until(lambda: os.getpriority(os.PRIO_PROCESS, pid) == LONG_QUERY_NICENESS)  # bounded by its time limit
    finally:
        runner.close()
