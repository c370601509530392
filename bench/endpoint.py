"""Endpoint throughput on national data: requests per second and p50/p99 latency for a light and a
heavy named query (and a small one, where the guards' cost shows) at 1, 8 and 32 concurrent clients
on loopback, against (a) laget-graph's server (``/api/queries/{name}`` and ``/sparql`` with the same
text), (b) rdflib-endpoint over an rdflib ``Dataset`` and (c) a bare FastAPI-over-pyoxigraph
``/sparql`` (bench/baselines), each with the same number of workers. Then: errors under 32 clients
for 30 s, and the light query at 32 clients for 30 s, alone and beside 1 and 4 runaway loops (a
cartesian product that hits the time limit, sent again as soon as it is answered), each client and
each loop with an identity of its own (``X-Forwarded-For`` from a trusted proxy: the server is
started with ``LAGET_TRUSTED_PROXIES=127.0.0.1``).

    python bench/endpoint.py [--quick] [--seconds 10] [--only runaway] [--runaways 1 4] [--no-rdflib]

Every server runs in a subprocess on 127.0.0.1; every measurement is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
from common import (
    BIN,
    Server,
    free_port,
    laget_load,
    laget_server,
    national_data,
    save,
    server_cpu,
    stop_on_sigterm,
    table,
)
from loadgen import LoadResult, load, merged

from laget_graph.config import Settings
from laget_graph.sparql import named

LIGHT = ("municipalities-without-child-coordinator", {"county": "lgd:fylke/34"})
#: Lighter still (a few ms), so the cost of the guards shows; rdflib needs minutes for it, so not there.
SMALL = ("coverage-matrix", {"municipality": "lgd:kommune/3201"})
HEAVY = ("most-collaboration-links", {"minimum": "20"})
#: Never finishes: three unconstrained triple patterns joined; laget-graph kills it at the time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = {"Accept": "application/sparql-results+json"}
CLIENTS = (1, 8, 32)
BASELINES = Path(__file__).parent / "baselines"


def uvicorn_server(name: str, module: str, workers: int, env: dict[str, str]) -> Server:
    """A baseline app from bench/baselines under uvicorn with ``workers`` processes."""
    port = free_port()
    return Server(name, [str(BIN / "uvicorn"), f"{module}:app", "--app-dir", str(BASELINES), "--host", "127.0.0.1",
                         "--port", str(port), "--workers", str(workers), "--log-level", "warning"],
                  f"http://127.0.0.1:{port}", "/sparql?query=ASK%7B%7D", env)


def measure(label: str, url: str, params: dict[str, str], clients: int, seconds: float,
            timeout: float = 120) -> dict[str, float]:
    return report_row(label, clients, load(url, clients, seconds, headers=JSON, params=params, timeout=timeout,
                                           identity=light_client, cpu=server_cpu(url)))


def in_turns(targets: list[tuple[str, str, dict[str, str]]], clients: int, seconds: float, rounds: int
             ) -> dict[str, dict[str, float]]:
    """Each target for ``seconds`` in all, in ``rounds`` turns taken one after another."""
    taken: dict[str, list[LoadResult]] = {label: [] for label, _, _ in targets}
    for _ in range(rounds):
        for label, url, params in targets:
            taken[label].append(load(url, clients, seconds / rounds, headers=JSON, params=params, timeout=120,
                                     identity=light_client, cpu=server_cpu(url)))
    return {label: report_row(label, clients, merged(results)) for label, results in taken.items()}


def report_row(label: str, clients: int, result: LoadResult) -> dict[str, float]:
    row = result.as_dict()
    cpu = f"  cpu {row['cpu_ms']:6.2f} ms/req" if "cpu_ms" in row else ""
    print(f"  {label:<22} {clients:>2} clients: {row['rps']:8.1f} req/s  p50 {row['p50_ms']:8.1f} ms  "
          f"p99 {row['p99_ms']:8.1f} ms{cpu}  errors {row['errors']}  {dict(result.statuses)}", file=sys.stderr)
    for text, n in result.refusals.items():
        print(f"      {n:>5} × {text}", file=sys.stderr)
    return row


def wait_for_copies(url: str, seconds: float = 300) -> None:
    """Measure the workers' in-memory copies, not the disk they answer from while copying."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        health = httpx.get(f"{url}/health", timeout=10).json()
        if not health.get("copying", False):
            return
        time.sleep(0.2)


def light_client(i: int) -> dict[str, str]:
    """Light client ``i``'s address, as a trusted proxy would pass it on."""
    return {"X-Forwarded-For": f"10.1.{i // 256}.{i % 256}"}


def runaway_client(i: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"10.9.{i // 256}.{i % 256}"}


def with_runaways(laget: str, seconds: float, clients: int, runaways: int) -> tuple[dict[str, float], LoadResult]:
    """The light query's figures while ``runaways`` loops keep sending the runaway query."""
    taken: list[LoadResult] = []
    thread = threading.Thread(target=lambda: taken.append(
        load(f"{laget}/sparql", runaways, seconds, headers=JSON, params={"query": RUNAWAY}, timeout=120,
             identity=runaway_client)))
    thread.start()
    name, values = LIGHT
    row = report_row(f"light + {runaways} runaways", clients,
                     load(f"{laget}/api/queries/{name}", clients, seconds, headers=JSON, params=values,
                          timeout=120, identity=light_client))
    thread.join()
    return row, taken[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 s per measurement, 10 s for the long runs")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measurement")
    parser.add_argument("--only", choices=("throughput", "runaway", "heavy"),
                        help="run one part only (heavy: the heavy query at 32 clients for the long run, "
                             "laget-graph and the bare endpoint)")
    parser.add_argument("--no-rdflib", action="store_true",
                        help="leave rdflib-endpoint out (it is slow to start, and the bench extra may be missing)")
    parser.add_argument("--runaways", type=int, nargs="+", default=[1, 4],
                        help="runaway loops beside the 32 light clients, one run per number (default: 1 4)")
    args = parser.parse_args()
    stop_on_sigterm()
    seconds = 3.0 if args.quick else args.seconds
    long_run = 10.0 if args.quick else 30.0
    workers = Settings.from_env().query_workers
    data = national_data()
    report: dict[str, object] = {"workers": workers, "seconds": seconds, "light": LIGHT, "small": SMALL,
                                 "heavy": HEAVY}
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db"
        report["laget_load_s"] = laget_load({"LAGET_DATA_DIR": str(db)}, data)
        nquads = Path(tmp) / "national.nq"
        store = ox.Store.read_only(str(db))
        store.dump(output=str(nquads), format=ox.RdfFormat.N_QUADS)
        del store
        print(f"national data in {db} and {nquads}; {workers} workers each", file=sys.stderr)
        with laget_server("laget-serve", db, {"LAGET_TRUSTED_PROXIES": "127.0.0.1"}) as laget:
            wait_for_copies(laget.url)
            if args.only == "heavy":
                with uvicorn_server("bare-endpoint", "bare_endpoint", workers, {"BARE_STORE": str(db)}) as bare:
                    results["heavy-32"] = heavy_crowd(laget.url, bare.url, workers, long_run)
            elif args.only != "runaway":
                with contextlib.ExitStack() as servers:
                    bare = servers.enter_context(uvicorn_server("bare-endpoint", "bare_endpoint", workers,
                                                                {"BARE_STORE": str(db)}))
                    rdf = None if args.no_rdflib else servers.enter_context(
                        uvicorn_server("rdflib-endpoint", "rdflib_app", workers, {"RDFLIB_NQUADS": str(nquads)}))
                    results |= throughput(laget.url, bare.url, rdf and rdf.url, workers, seconds, long_run)
            if args.only in (None, "runaway"):
                results["runaway-32"] = runaway_effect(laget.url, long_run, args.runaways)
    report["results"] = results
    report["targets"] = targets_met(results)
    save("endpoint" if args.only is None else f"endpoint-{args.only}", report)


def throughput(laget: str, bare: str, rdf: str | None, workers: int, seconds: float, long_run: float
               ) -> dict[str, dict[str, dict[str, float]]]:
    """Light, small and heavy query at 1, 8 and 32 clients on every endpoint, then the error check:
    the light query at 32 clients for ``long_run`` seconds on laget-graph. ``rdf=None``: without
    rdflib-endpoint."""
    results: dict[str, dict[str, dict[str, float]]] = {}
    for kind, (name, values) in (("light", LIGHT), ("small", SMALL), ("heavy", HEAVY)):
        text = named.get(name).bind(values)
        targets = warmed_targets(laget, bare, name, values, workers)
        for clients in CLIENTS:
            print(f"{kind} ({name}), {clients} clients", file=sys.stderr)
            # Heavy queries in one turn each: a turn's tail (queued requests) is long for them.
            rows = in_turns(targets, clients, seconds, 1 if kind == "heavy" else 3)
            if kind == "light" and rdf is not None:  # rdflib-endpoint answers it in seconds, so in one turn of its own
                rows["rdflib-endpoint"] = measure("rdflib-endpoint", f"{rdf}/sparql", {"query": text}, clients,
                                                  seconds)
            results[f"{kind}-{clients}"] = rows
            table(f"{kind}: {name} {values}, {clients} concurrent clients", rows, "bare /sparql",
                  ["rps", "p50_ms", "p99_ms", "cpu_ms", "errors"])
    name, values = LIGHT
    results["errors-32"] = {"laget /api/queries": measure("laget /api/queries", f"{laget}/api/queries/{name}",
                                                          values, 32, long_run)}
    if rdf is None:
        return results
    # rdflib-endpoint last: a heavy query it cannot finish keeps its worker busy until it is stopped.
    results["heavy-1"]["rdflib-endpoint"] = measure("rdflib-endpoint", f"{rdf}/sparql",
                                                    {"query": named.get(HEAVY[0]).bind(HEAVY[1])}, 1, seconds,
                                                    timeout=long_run)
    return results


def warmed_targets(laget: str, bare: str, name: str, values: dict[str, str], workers: int
                   ) -> list[tuple[str, str, dict[str, str]]]:
    """laget-graph's two routes and the bare endpoint for one named query, each warmed up (workers
    started, parse caches filled)."""
    text = named.get(name).bind(values)
    targets = [("laget /api/queries", f"{laget}/api/queries/{name}", values),
               ("laget /sparql", f"{laget}/sparql", {"query": text}),
               ("bare /sparql", f"{bare}/sparql", {"query": text})]
    for _label, url, params in targets:
        load(url, workers, 0.5, headers=JSON, params=params, timeout=120, identity=light_client)
    return targets


def heavy_crowd(laget: str, bare: str, workers: int, seconds: float) -> dict[str, dict[str, float]]:
    """The heavy query at 32 clients for ``seconds`` on each target in turn: requests wait in line for
    a worker far longer than one query's time limit, which must give slow answers, not errors."""
    name, values = HEAVY
    print(f"heavy ({name}), 32 clients, {seconds:g} s each", file=sys.stderr)
    rows = {label: measure(label, url, params, 32, seconds, timeout=120)
            for label, url, params in warmed_targets(laget, bare, name, values, workers)}
    table(f"heavy: {name} {values}, 32 concurrent clients, {seconds:g} s", rows, "bare /sparql",
          ["rps", "p50_ms", "p99_ms", "errors"])
    return rows


def runaway_effect(laget: str, seconds: float, runaways: list[int]) -> dict[str, dict[str, float]]:
    """The light query at 32 clients alone, then beside each number of runaway loops; the loops'
    own figures (mostly refusals: 429 once over their budget, 503 at the time limit) as well."""
    name, values = LIGHT
    load(f"{laget}/api/queries/{name}", 32, 1, headers=JSON, params=values, identity=light_client)  # warm up
    rows = {"quiet": report_row("quiet", 32, load(f"{laget}/api/queries/{name}", 32, seconds, headers=JSON,
                                                  params=values, timeout=120, identity=light_client))}
    for n in runaways:
        rows[f"{n} runaways"], taken = with_runaways(laget, seconds, 32, n)
        rows[f"{n} runaways: the loops"] = {**taken.as_dict(), **{f"status_{k}": v for k, v in taken.statuses.items()}}
        print(f"  the {n} runaway loops: {dict(taken.statuses)}", file=sys.stderr)
        for text, count in taken.refusals.items():
            print(f"      {count:>5} × {text}", file=sys.stderr)
    table(f"light query, 32 clients, {seconds:g} s, beside runaway loops", rows, "quiet",
          ["rps", "p50_ms", "p99_ms", "errors"])
    return rows


def targets_met(results: dict[str, dict[str, dict[str, float]]]) -> dict[str, object]:
    """The issue's targets, as measured: printed and saved, never adjusted."""
    checks: dict[str, tuple[float, bool]] = {}
    if "light-32" in results:
        light = [results[f"light-{c}"] for c in CLIENTS]
        for route in ("laget /api/queries", "laget /sparql"):
            vs_bare = min(r[route]["rps"] / r["bare /sparql"]["rps"] for r in light)
            if all("rdflib-endpoint" in r for r in light):
                vs_rdflib = min(r[route]["rps"] / r["rdflib-endpoint"]["rps"] for r in light)
                checks[f"light throughput, {route} / rdflib-endpoint (min over 1/8/32 clients, >= 4)"] = (
                    vs_rdflib, vs_rdflib >= 4)
            checks[f"light throughput, {route} / bare (min over 1/8/32 clients, >= 0.8)"] = (vs_bare, vs_bare >= 0.8)
            vs_bare = min(results[f"small-{c}"][route]["rps"] / results[f"small-{c}"]["bare /sparql"]["rps"]
                          for c in CLIENTS)
            checks[f"small-query throughput, {route} / bare (min over 1/8/32 clients, >= 0.8)"] = (
                vs_bare, vs_bare >= 0.8)
    if "errors-32" in results:
        errors = results["errors-32"]["laget /api/queries"]["errors"]
        checks["errors, light query, 32 clients, one long run (== 0)"] = (errors, errors == 0)
    if "heavy-32" in results:
        errors = sum(results["heavy-32"][route]["errors"] for route in ("laget /api/queries", "laget /sparql"))
        checks["errors, heavy query, 32 clients (== 0)"] = (errors, errors == 0)
    if "runaway-32" in results:
        runaway = results["runaway-32"]
        for label, row in runaway.items():
            if label.endswith(" runaways"):
                p99_ratio = row["p99_ms"] / runaway["quiet"]["p99_ms"]
                checks[f"light p99 beside {label} / quiet (<= 2)"] = (p99_ratio, p99_ratio <= 2)
                checks[f"light errors beside {label} (== 0)"] = (row["errors"], row["errors"] == 0)
    print("\ntargets")
    for what, (value, ok) in checks.items():
        print(f"  {'met   ' if ok else 'MISSED'} {what}: {value:.2f}")
    return {what: {"value": value, "met": ok} for what, (value, ok) in checks.items()}


if __name__ == "__main__":
    main()
