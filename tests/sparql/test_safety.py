"""Refusals, the second guard in the workers, time and memory limits, the result cap, and updates
that need the token. Every server here is a real uvicorn on loopback."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import socket
import threading
from dataclasses import replace
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from laget_graph.ingest import load_bundled
from laget_graph.sparql import named, worker
from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.request import QueryRequest
from laget_graph.sparql.runner import LONG_QUERY_NICENESS, QueryRunner
from laget_graph.store import Store

from .conftest import TOKEN, Listener, serve, settings_for

#: Never finishes on the bundled data (three-way cross product of ~9 000 triples).
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Sorting a cross product needs gigabytes before the first row.
GREEDY = "SELECT ?o ?o2 WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 } ORDER BY ?o2 ?o LIMIT 10"
JSON = "application/sparql-results+json"


def test_service_to_a_loopback_port_makes_no_connection(live_server, listener: Listener) -> None:  # type: ignore[no-untyped-def]
    for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ BIND(<http://127.0.0.1:{listener.port}/> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
                  f"SELECT * FROM <http://127.0.0.1:{listener.port}/data.ttl> WHERE {{ ?s ?p ?o }}"):
        r = httpx.post(f"{live_server.url}/sparql", data={"query": query})
        assert r.status_code == 400, r.text
    r = httpx.post(f"{live_server.url}/sparql", data={"update": f"LOAD <http://127.0.0.1:{listener.port}/x>"},
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code in (400, 403)
    assert listener.accepted == []


def test_second_guard_stops_service_that_passed_the_first(bundled_store: Store, listener: Listener) -> None:
    """Bypass the parser guard and hand SERVICE straight to a worker: the worker's own walls hold."""
    runner = QueryRunner(bundled_store, timeout_s=20, memory_mb=1024, workers=1)
    try:
        runner.warm()
        if not runner.network_isolated:
            pytest.skip("the kernel refused a network namespace to the worker here")
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(SparqlError) as err:
            runner.run(QueryRequest(query, "SELECT", "application/sparql-results+json"))
        assert err.value.key == "failed"
    finally:
        runner.close()
    assert listener.accepted == []


def _probe_audit_hook(port: int, allowed: str, outside: str, results: mp.Queue) -> None:
    worker.install_audit_hook(allowed)
    outcome = {}
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        outcome["connect"] = "connected"
    except PermissionError:
        outcome["connect"] = "refused"
    for name, path in (("outside", outside), ("inside", os.path.join(allowed, "file.txt"))):
        try:
            with open(path, "rb") as f:
                f.read()
            outcome[name] = "opened"
        except PermissionError:
            outcome[name] = "refused"
    results.put(outcome)


def test_audit_hook_refuses_sockets_and_foreign_files(listener: Listener, tmp_path: Path) -> None:
    allowed = tmp_path / "store"
    allowed.mkdir()
    (allowed / "file.txt").write_text("inside")
    outside = tmp_path / "secret.txt"
    outside.write_text("outside")
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    process = ctx.Process(target=_probe_audit_hook, args=(listener.port, str(allowed), str(outside), results))
    process.start()
    outcome = results.get(timeout=20)
    process.join(timeout=10)
    assert outcome == {"connect": "refused", "outside": "refused", "inside": "opened"}
    assert listener.accepted == []


def test_slow_query_is_killed_at_its_limit_while_others_are_answered(bundled_store: Store, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, query_timeout_s=3.0, query_workers=2)
    with serve(settings, bundled_store) as server:
        url = f"{server.url}/sparql"
        assert httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}).status_code == 200  # workers up
        slow: dict[str, httpx.Response] = {}
        slow_workers: set[int] = set()  # the slow query's worker, known by the priority it steps aside to
        thread = threading.Thread(target=lambda: slow.setdefault("r", httpx.get(url, params={"query": ENDLESS},
                                                                                timeout=60)))
        thread.start()
        answered_meanwhile = 0
        while thread.is_alive() and answered_meanwhile < 5:
            r = httpx.get(url, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"}, timeout=60)
            assert r.status_code == 200
            answered_meanwhile += 1
        assert answered_meanwhile == 5 and thread.is_alive(), "other requests must be answered meanwhile"
        while thread.is_alive() and not slow_workers:  # bounded by the time limit
            slow_workers |= _long_query_workers()
        thread.join(timeout=60)
        response = slow["r"]
        assert response.status_code == 503
        assert "time limit" in httpx.get(url, params={"query": ENDLESS, "lang": "en"}, timeout=60).text
        alive = {p.pid for p in mp.active_children() if p.name == "laget-query-worker"}
        assert slow_workers and not slow_workers & alive, "the worker that ran the slow query is gone"
        assert httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def _long_query_workers() -> set[int]:
    """Query workers running a long query now (they step aside to a lower CPU priority)."""
    return {p.pid for p in mp.active_children()
            if p.name == "laget-query-worker" and os.getpriority(os.PRIO_PROCESS, p.pid) == LONG_QUERY_NICENESS}


def test_a_runaway_query_steps_aside_for_short_ones(bundled_store: Store) -> None:
    """With a single worker, short queries are still answered while a runaway runs to its limit: it
    moves to a long-query slot at a low CPU priority."""
    runner = QueryRunner(bundled_store, timeout_s=6, memory_mb=1024, workers=1, demote_after_s=0.2)
    short = QueryRequest("ASK { ?s ?p ?o }", "ASK", JSON, 10)
    outcome: dict[str, SparqlError] = {}

    def runaway() -> None:
        try:
            runner.run(QueryRequest(ENDLESS, "SELECT", JSON, 10))
        except SparqlError as exc:
            outcome["error"] = exc

    try:
        runner.warm()
        thread = threading.Thread(target=runaway)
        thread.start()
        demoted = False
        while thread.is_alive() and not demoted:  # bounded by the runaway's time limit
            demoted = bool(_long_query_workers())
        answered = 0
        while thread.is_alive() and answered < 3:
            assert b"true" in runner.run(short).body
            answered += 1
        assert demoted and answered == 3 and thread.is_alive(), "short queries must not wait for the runaway"
        thread.join(timeout=30)
        assert outcome["error"].status == 503
    finally:
        runner.close()


def test_a_killed_worker_is_replaced_in_the_background(bundled_store: Store) -> None:
    runner = QueryRunner(bundled_store, timeout_s=1.5, memory_mb=1024, workers=1, demote_after_s=0.2)
    try:
        with pytest.raises(SparqlError) as killed:
            runner.run(QueryRequest(ENDLESS, "SELECT", JSON, 10))
        assert killed.value.status == 503
        for _ in range(600):  # a replacement starts without any query asking for it
            if runner._idle:
                break
            threading.Event().wait(0.05)
        assert len(runner._idle) == 1 and runner._idle[0].process.is_alive()
        assert b"true" in runner.run(QueryRequest("ASK { ?s ?p ?o }", "ASK", JSON, 10)).body
    finally:
        runner.close()


def test_memory_cap_stops_a_greedy_query(bundled_store: Store, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, query_timeout_s=60.0, query_memory_mb=200)
    with serve(settings, bundled_store) as server:
        r = httpx.get(f"{server.url}/sparql", params={"query": GREEDY}, timeout=90)
        assert r.status_code == 503 and "memory" in r.text
        assert httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_result_cap_is_reported_never_silent(bundled_store: Store, tmp_path: Path) -> None:
    with serve(settings_for(tmp_path, result_limit=5), bundled_store) as server:
        q = {"query": "SELECT ?s WHERE { ?s a ?c }"}
        r = httpx.get(f"{server.url}/sparql", params=q)
        assert r.headers["laget-truncated"] == "true" and r.headers["laget-result-limit"] == "5"
        body = r.json()
        assert len(body["results"]["bindings"]) == 5 and body["laget"] == {"count": 5, "truncated": True, "limit": 5}
        csv = httpx.get(f"{server.url}/sparql", params=q, headers={"Accept": "text/csv"})
        assert csv.headers["laget-truncated"] == "true" and len(csv.text.strip().splitlines()) == 1 + 5
        small = httpx.get(f"{server.url}/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 } }"})
        assert small.headers["laget-truncated"] == "false" and small.json()["laget"]["count"] == 2


def _count(url: str) -> int:
    r = httpx.get(url, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


INSERT = "INSERT DATA { GRAPH <https://w3id.org/laget/graph/setup/test> { <urn:x:a> <urn:x:b> \"c\" } }"
TURTLE = b"<urn:x:unit> <http://www.w3.org/2000/01/rdf-schema#label> \"Testenhet\"@nb ."


def test_updates_need_the_token(fresh_store: Store, tmp_path: Path) -> None:
    with serve(settings_for(tmp_path, update_token=TOKEN), fresh_store) as server:
        url = f"{server.url}/sparql"
        before = _count(url)
        assert httpx.post(url, data={"update": INSERT}).status_code == 401
        assert httpx.post(url, data={"update": INSERT}, headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert httpx.post(url, content=INSERT, headers={"Content-Type": "application/sparql-update"}).status_code == 401
        assert _count(url) == before
        ok = httpx.post(url, data={"update": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 204
        assert _count(url) == before + 1  # the workers see the change (new generation)
        sd = httpx.get(url, headers={"Accept": "application/n-triples"}).text
        assert "SPARQL11Update" in sd


def test_graph_store_protocol_needs_the_token(fresh_store: Store, tmp_path: Path) -> None:
    with serve(settings_for(tmp_path, update_token=TOKEN), fresh_store) as server:
        gsp = f"{server.url}/sparql/graphs"
        params = {"graph": "setup/9999"}
        headers = {"Content-Type": "text/turtle"}
        assert httpx.put(gsp, params=params, content=TURTLE, headers=headers).status_code == 401
        assert httpx.get(gsp, params=params).status_code == 404
        auth = {**headers, "Authorization": f"Bearer {TOKEN}"}
        assert httpx.put(gsp, params=params, content=TURTLE, headers=auth).status_code == 201
        got = httpx.get(gsp, params=params, headers={"Accept": "application/n-triples"})
        assert got.status_code == 200 and "Testenhet" in got.text
        assert httpx.put(gsp, params=params, content=b"not turtle <", headers=auth).status_code == 400
        assert "Testenhet" in httpx.get(gsp, params=params).text  # a failed upload changes nothing
        assert httpx.delete(gsp, params=params).status_code == 401
        assert httpx.delete(gsp, params=params, headers=auth).status_code == 204
        assert httpx.get(gsp, params=params).status_code == 404


def test_without_a_configured_token_nothing_can_change(fresh_store: Store, tmp_path: Path) -> None:
    with serve(settings_for(tmp_path), fresh_store) as server:
        r = httpx.post(f"{server.url}/sparql", data={"update": INSERT}, headers={"Authorization": "Bearer x"})
        assert r.status_code == 403 and "LAGET_UPDATE_TOKEN" in r.text
        assert fresh_store.is_empty()


@pytest.mark.parametrize("in_memory_max", [0, 1_000_000], ids=["read from disk", "copied into memory"])
def test_on_disk_store_workers_read_only_and_see_writes(tmp_path: Path, in_memory_max: int) -> None:
    """On disk the workers come from a fork server and open the store read-only next to the server's writer (and
    copy it into memory when it is small enough); after a write they are replaced, so the next query
    sees it."""
    store = Store(tmp_path / "store")
    load_bundled(store)
    settings = replace(settings_for(tmp_path, update_token=TOKEN, query_in_memory_max=in_memory_max),
                       store="oxigraph", data_dir=tmp_path / "store")
    try:
        with serve(settings, store) as server:
            url = f"{server.url}/sparql"
            before = _count(url)
            # the default graph: the union of the current graphs (the store also holds their history)
            assert before == len(set(store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())))
            ok = httpx.post(url, data={"update": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"})
            assert ok.status_code == 204
            runner = server.server.config.app.state.sparql_service.runner
            for _ in range(600):  # fresh workers start after the write without any query asking for them
                if len(runner._idle) == runner.workers:
                    break
                threading.Event().wait(0.05)
            assert [w.generation for w in runner._idle] == [store.generation] * runner.workers
            assert _count(url) == before + 1
            assert runner is not None and runner.start_method == "forkserver"
            assert runner.answering_from == ("memory" if in_memory_max else "disk")
    finally:
        store.close()


def _rows(body: bytes) -> list[list[tuple[str, str]]]:
    """SPARQL JSON rows, sorted; GROUP_CONCAT lists (" | ") sorted too, as their order is not defined."""
    bindings = json.loads(body)["results"]["bindings"]
    return sorted(sorted((var, " | ".join(sorted(v["value"].split(" | ")))) for var, v in b.items()) for b in bindings)


@pytest.mark.slow  # every named query twice, on an on-disk store of the bundled data
def test_an_in_memory_copy_answers_every_named_query_as_the_disk_does(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    load_bundled(store)
    runners = [QueryRunner(store, timeout_s=60, memory_mb=1024, workers=1, in_memory_max=limit)
               for limit in (0, len(store))]
    try:
        for runner in runners:
            runner.warm()
        assert [r.answering_from for r in runners] == ["disk", "memory"]
        answered = []
        for name, query in named.registry().items():
            request = QueryRequest(query.bind({}), "SELECT", JSON, 10_000)
            from_disk, from_memory = (_rows(r.run(request).body) for r in runners)
            assert from_disk == from_memory, name
            answered += [name] if from_disk else []
        assert len(answered) >= 10, answered  # most named queries have rows on the bundled data
        assert b'"n"' in runners[1].run(QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT",
                                                     JSON, 10)).body
        too_small = QueryRunner(store, timeout_s=60, memory_mb=1024, workers=1, in_memory_max=len(store) - 1)
        too_small.warm()
        assert too_small.answering_from == "disk"
        too_small.close()
    finally:
        for runner in runners:
            runner.close()
        store.close()


#: Past the guard (which refuses it), this overflows Oxigraph's stack: the worker dies of SIGSEGV.
TOO_DEEP = "SELECT * WHERE " + "{" * 20_000 + "}" * 20_000


@pytest.mark.parametrize("how", ["stack overflow", "kill -SEGV"])
def test_a_crashed_worker_is_reported_as_a_crash_not_memory(bundled_store: Store, how: str) -> None:
    runner = QueryRunner(bundled_store, timeout_s=30, memory_mb=1024, workers=1)
    try:
        runner.warm()
        if how == "stack overflow":
            request = QueryRequest(TOO_DEEP, "SELECT", JSON, 10)
        else:
            request = QueryRequest(ENDLESS, "SELECT", JSON, 10)
            pid = runner._idle[0].process.pid
            threading.Timer(0.5, os.kill, (pid, signal.SIGSEGV)).start()
        with pytest.raises(SparqlError) as err:
            runner.run(request)
        assert err.value.key == "crashed", str(err.value)
        assert "SIGSEGV" in str(err.value) and "SIGSEGV" in err.value.message("nb")
        assert "memory" not in err.value.values
        assert b"true" in runner.run(QueryRequest("ASK { ?s ?p ?o }", "ASK", JSON, 10)).body  # a new worker
    finally:
        runner.close()
