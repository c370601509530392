"""Scale-out: laget-graph on an external SPARQL 1.1 database against the embedded store, side by side.

Starts a real external store on loopback with its own time limit — ``oxigraph serve`` (union default
graph) or Virtuoso Open Source 7 (Debian's ``virtuoso-t``, its own database and virtuoso.ini, as in
tests/virtuoso.py) — loads the national data into it with ``laget load`` (Graph Store Protocol), and
runs every named query through two ``laget serve`` processes, one per store: p50/p95 per query over
HTTP, then the light query's throughput with 8 concurrent clients.

    python bench/external.py [--store oxigraph|virtuoso] [--quick] [--repeat 10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from common import (
    BIN,
    Server,
    free_port,
    laget_load,
    laget_server,
    national_data,
    repeat,
    save,
    stop_on_sigterm,
    summary,
    table,
)
from endpoint import LIGHT
from loadgen import load

from laget_graph.config import Settings
from laget_graph.sparql import named

STORES = ("embedded", "external")


@contextmanager
def external_store(kind: str, folder: Path, timeout: float) -> Iterator[dict[str, str]]:
    """Start the external store; yield the ``LAGET_*`` variables that point laget-graph at it."""
    if kind == "virtuoso":
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' Virtuoso launcher
        from tests.virtuoso import missing_reason, running_virtuoso

        if missing_reason():
            raise SystemExit(missing_reason())
        with running_virtuoso(folder / "virtuoso", max_seconds=max(1, round(timeout))) as virtuoso:
            yield virtuoso.env
        return
    port = free_port()
    oxigraph = Server("oxigraph-serve", [str(BIN / "oxigraph"), "serve", "--location", str(folder / "oxigraph"),
                                         "--bind", f"127.0.0.1:{port}", "--union-default-graph",
                                         "--timeout-s", f"{timeout:g}"],
                      f"http://127.0.0.1:{port}", "/query?query=ASK%7B%7D")
    with oxigraph:
        yield {"LAGET_SPARQL_URL": f"{oxigraph.url}/query", "LAGET_SPARQL_UPDATE_URL": f"{oxigraph.url}/update",
               "LAGET_GSP_URL": f"{oxigraph.url}/store"}


def time_query(client: httpx.Client, url: str, times: int) -> dict[str, float]:
    """p50/p95 of ``times`` requests after one warm-up; a query that fails (e.g. hits the time limit)
    is tried once and reported by its status."""
    first = client.get(url)
    if first.status_code != 200:
        return {"status": first.status_code, "seconds": first.elapsed.total_seconds()}
    return summary(repeat(lambda: client.get(url).raise_for_status(), times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 repeats per query, 3 s of load")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--store", choices=("oxigraph", "virtuoso"), default="oxigraph",
                        help="the external store to start (default: oxigraph)")
    args = parser.parse_args()
    stop_on_sigterm()
    times, seconds = (3, 3.0) if args.quick else (args.repeat, 10.0)
    timeout = Settings.from_env().query_timeout_s
    data = national_data()
    report: dict[str, object] = {"repeat": times, "store": args.store}
    print(f"external store: {args.store}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db"
        with external_store(args.store, Path(tmp), timeout) as env:
            loads = {"embedded": {"load_s": laget_load({"LAGET_DATA_DIR": str(db)}, data)},
                     "external": {"load_s": laget_load(env, data)}}
            table("loading the national data with `laget load`", loads, "embedded", ["load_s"])
            report["load"] = loads
            with (laget_server("laget-embedded", db) as embedded,
                  laget_server("laget-external", Path(tmp) / "unused", env) as external,
                  httpx.Client(timeout=2 * timeout + 30) as client):
                urls = {"embedded": embedded.url, "external": external.url}
                rows: dict[str, dict[str, dict[str, float]]] = {}
                print(f"\nnamed queries over HTTP, {times} repeats after one warm-up (ms; ratio = external / embedded)")
                for name in sorted(named.registry()):
                    rows[name] = {s: time_query(client, f"{urls[s]}/api/queries/{name}", times) for s in STORES}
                    print(f"{name:<42}" + "  ".join(_cell(rows[name][s]) for s in STORES) + _ratio(rows[name]))
                report["queries"] = rows
                light, values = LIGHT
                throughput = {s: load(f"{urls[s]}/api/queries/{light}", 8, seconds, params=values).as_dict()
                              for s in STORES}
                table(f"light query {light}, 8 concurrent clients", throughput, "embedded",
                      ["rps", "p50_ms", "p99_ms", "errors"])
                report["light_8_clients"] = throughput
    save("external" if args.store == "oxigraph" else f"external-{args.store}", report)


def _cell(row: dict[str, float]) -> str:
    if "status" in row:
        return f"{'HTTP ' + str(int(row['status'])):>11} after {row['seconds']:5.1f} s"
    return f"p50 {row['p50'] * 1000:9.1f} p95 {row['p95'] * 1000:9.1f}"


def _ratio(row: dict[str, dict[str, float]]) -> str:
    if all("p50" in row[s] for s in STORES):
        return f"  ({row['external']['p50'] / row['embedded']['p50']:.2f}×)"
    return ""


if __name__ == "__main__":
    main()
