"""Named queries on national data: p50/p95 latency through laget-graph's SPARQL service (guard,
killable worker process, serialisation) against (a) the same bound query run directly on pyoxigraph,
on the on-disk store and on an in-memory copy of it (the floors: laget's workers hold such a copy
when the store is small enough, see LAGET_QUERY_IN_MEMORY_MAX) and (b) rdflib's in-memory SPARQL
engine (what rdflib-based endpoints do).

    python bench/queries.py [--repeat 15] [--rdflib-repeat 3] [--rdflib-timeout 120] [--only NAME ...] [--no-rdflib]

rdflib runs in a child process that is killed when one query passes ``--rdflib-timeout`` (its engine
cannot be interrupted); such a query is reported as "> timeout", a lower bound of its time.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).parent))
from common import national_data, repeat, save, summary

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled, load_files
from laget_graph.sparql import named
from laget_graph.sparql.service import SparqlService
from laget_graph.store import Store
from laget_graph.versions import reads_current

JSON = "application/sparql-results+json"


def rdflib_worker(nt_path: str, queries: list[tuple[str, str]], repeat_n: int, conn: Connection) -> None:
    """Child process: load the data into an rdflib Dataset, answer each query, send its p50."""
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(nt_path, format="nquads")
    conn.send(("ready", 0.0))
    for name, text in queries:
        conn.send((name, summary(repeat(lambda text=text: dataset.query(text).serialize(format="json"),
                                        repeat_n))["p50"]))


def rdflib_times(nt_path: str, queries: list[tuple[str, str]], repeat_n: int, timeout: float) -> dict[str, float]:
    """p50 per query from rdflib; a query past ``timeout`` kills the child, is recorded as -timeout
    (a lower bound), and the child is restarted for the remaining queries."""
    times: dict[str, float] = {}
    todo = list(queries)
    ctx = mp.get_context("spawn")
    while todo:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=rdflib_worker, args=(nt_path, todo, repeat_n, child), daemon=True)
        proc.start()
        if not parent.poll(600):
            raise RuntimeError("rdflib did not load the data in 10 minutes")
        parent.recv()
        for name, _ in list(todo):
            if parent.poll(timeout):
                times[name] = parent.recv()[1]
                todo.pop(0)
            else:
                times[name] = -timeout
                todo.pop(0)
                proc.kill()
                break
        proc.join(timeout=10)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rdflib-repeat", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=sorted(named.registry()),
                        help="measure these named queries only (results go to queries-only.json)")
    parser.add_argument("--no-rdflib", action="store_true", help="leave rdflib out (it needs minutes per query)")
    args = parser.parse_args()
    data = national_data()
    files = sorted((data / "setups").glob("*.ttl"))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "db")
        load_bundled(store)
        load_files(store, files)
        print(f"{len(store)} triples loaded", file=sys.stderr)
        service = SparqlService(store, Settings(data_dir=Path(tmp) / "db", result_limit=1_000_000,
                                                query_timeout_s=600))
        in_memory = ox.Store()
        in_memory.bulk_extend(store.oxigraph)
        deadline = time.monotonic() + 300  # measure the workers' in-memory copies, not the disk meanwhile
        while service.runner is not None and service.runner.copying and time.monotonic() < deadline:
            time.sleep(0.2)
        union = not reads_current(store)  # the dataset laget reads (the current data once versions are kept)
        texts = {name: query.bind({}) for name, query in sorted(named.registry().items())
                 if not args.only or name in args.only}
        rows: dict[str, dict[str, dict[str, float]]] = {}
        for name, text in texts.items():
            checked = service.check(text)
            ours = summary(repeat(lambda checked=checked: service.run(checked, JSON), args.repeat))
            raw, raw_memory = (summary(repeat(lambda text=text, raw_store=raw_store: raw_store.query(
                text, use_default_graph_as_union=union).serialize(format=ox.QueryResultsFormat.JSON), args.repeat))
                for raw_store in (store.oxigraph, in_memory))
            rows[name] = {"laget": ours, "pyoxigraph": raw, "pyoxigraph-memory": raw_memory}
            print(f"{name:<42} laget p50 {ours['p50'] * 1000:8.2f} ms p95 {ours['p95'] * 1000:8.2f} ms | "
                  f"raw {raw['p50'] * 1000:8.2f} ms ({ours['p50'] / raw['p50']:5.2f}×) | raw in memory "
                  f"{raw_memory['p50'] * 1000:8.2f} ms ({ours['p50'] / raw_memory['p50']:5.2f}×)", file=sys.stderr)
        service.close()
        del in_memory
        nq = Path(tmp) / "all.nq"
        store.oxigraph.dump(str(nq), format=ox.RdfFormat.N_QUADS)
        store.close()
        slow = {} if args.no_rdflib else rdflib_times(str(nq), list(texts.items()), args.rdflib_repeat,
                                                      args.rdflib_timeout)
    print(f"\n{'named query':<42}{'laget p50':>12}{'p95':>10}{'raw disk':>10}{'laget/disk':>11}"
          f"{'raw mem':>10}{'laget/mem':>10}{'rdflib p50':>14}{'rdflib/laget':>14}")
    for name, row in rows.items():
        ours, raw, mem = row["laget"], row["pyoxigraph"], row["pyoxigraph-memory"]
        rdflib_cell = at_least = slower = ""
        if name in slow:
            r = slow[name]
            row["rdflib"] = {"p50": abs(r), "timed_out": r < 0}
            rdflib_cell, at_least = f"{'>' if r < 0 else ''}{abs(r) * 1000:.0f} ms", "≥" if r < 0 else " "
            slower = f"{abs(r) / ours['p50']:>12.0f}×"
        print(f"{name:<42}{ours['p50'] * 1000:>9.1f} ms{ours['p95'] * 1000:>7.1f} ms{raw['p50'] * 1000:>7.1f} ms"
              f"{ours['p50'] / raw['p50']:>10.2f}×{mem['p50'] * 1000:>7.1f} ms{ours['p50'] / mem['p50']:>9.2f}×"
              f"{rdflib_cell:>14}{at_least}{slower}")
    total = {k: sum(r[k]["p50"] for r in rows.values()) for k in ("laget", "pyoxigraph", "pyoxigraph-memory")}
    print(f"\nsum of p50 over {len(rows)} queries: laget {total['laget'] * 1000:.0f} ms = "
          f"{total['laget'] / total['pyoxigraph']:.2f}× raw pyoxigraph on disk, "
          f"{total['laget'] / total['pyoxigraph-memory']:.2f}× raw pyoxigraph in memory")
    if slow:
        total["rdflib"] = sum(r["rdflib"]["p50"] for r in rows.values())
        slowest = min(abs(r["rdflib"]["p50"]) / r["laget"]["p50"] for r in rows.values())
        print(f"rdflib ≥ {total['rdflib']:.0f} s = ≥ {total['rdflib'] / total['laget']:.0f}× laget; "
              f"per query, rdflib / laget is at least {slowest:.1f}× (target ≥ 20×)")
    save("queries-only" if args.only else "queries", {"queries": rows, "sum_p50": total})


if __name__ == "__main__":
    main()
