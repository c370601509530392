"""What keeping versions costs on national data: named queries and one setup's load, side by side.

    python bench/versions.py [--repeat 5] [--list-repeat 1]

Three in-memory stores with the bundled data and the national setups:

- *union* (the baseline): written without versions, so a query's default graph is the union of all
  named graphs, as before versions existed;
- *versions* (chosen): every setup loaded twice, the second time with one triple less, so each has an
  old version beside its current graph; queries read the store's default graph, which holds the union
  of the current graphs, and the named queries keep ``GRAPH ?g`` to current graphs by a FILTER;
- *list* (rejected): the same store, with the current graphs as a list of default graphs instead
  (pyoxigraph looks each pattern up in every graph of the list).

Each query runs on each store in turn (same process, taking turns), through the same
``sparql.request.execute`` the query workers use; the table gives medians and the ratio to *union*.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))
from common import national_data, save

from laget_graph import versions
from laget_graph.ingest import load_bundled, parse_file
from laget_graph.sparql import named
from laget_graph.sparql.request import QueryRequest, execute
from laget_graph.store import ParsedFile, Store

JSON = "application/sparql-results+json"


def one_less(parsed: ParsedFile) -> ParsedFile:
    """The same file with its last triple left out: a second version that differs."""
    return ParsedFile(parsed.path, {g: q[:-1] for g, q in parsed.graphs.items()})


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--list-repeat", type=int, default=1, help="runs of the (slow) list variant; 0 skips it")
    args = parser.parse_args()
    files = sorted((national_data() / "setups").glob("*.ttl"))
    parsed = [parse_file(f) for f in files]

    union = Store(None)
    base = Store(None)
    load_bundled(base)
    union.write([ParsedFile("bundled", {g.iri: [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(g.iri))
                                             for q in base.oxigraph.quads_for_pattern(None, None, None,
                                                                                        ox.NamedNode(g.iri))]})
                 for g in base.graphs() if versions.is_current(g.iri)])
    union.write(parsed)
    kept = Store(None)
    load_bundled(kept)
    versions.write(kept, [one_less(p) for p in parsed])
    versions.write(kept, parsed)
    print(f"union: {len(union)} quads in {len(union.graphs())} graphs; versions: {len(kept)} quads in "
          f"{len(kept.graphs())} graphs", file=sys.stderr)

    listing = tuple(versions.current_graphs(kept))
    rows: dict[str, dict[str, float]] = {}
    for name, query in sorted(named.registry().items()):
        text = query.bind({})
        form = "SELECT"
        plain = QueryRequest(text, form, JSON)
        chosen = QueryRequest(text, form, JSON, current=True)  # what the service asks for
        listed = QueryRequest(text, form, JSON, default_graphs=listing, named_graphs=listing)
        samples: dict[str, list[float]] = {"union": [], "versions": [], "list": []}
        for turn in range(args.repeat):
            samples["union"].append(timed(lambda r=plain: execute(union.oxigraph, r)))
            samples["versions"].append(timed(lambda r=chosen: execute(kept.oxigraph, r)))
            if turn < args.list_repeat:
                samples["list"].append(timed(lambda r=listed: execute(kept.oxigraph, r)))
        rows[name] = {k: statistics.median(v) for k, v in samples.items() if v}
        row = rows[name]
        print(f"{name:<42} union {row['union'] * 1000:8.1f} ms | versions {row['versions'] * 1000:8.1f} ms "
              f"({row['versions'] / row['union']:5.2f}×)"
              + (f" | list {row['list'] * 1000:9.1f} ms ({row['list'] / row['union']:6.1f}×)" if "list" in row else ""),
              file=sys.stderr)

    # one setup loaded again (one triple changed) into the national store
    target = parsed[len(parsed) // 2]
    variants = [one_less(target) if i % 2 else target for i in range(args.repeat)]
    load_union = statistics.median(timed(lambda p=p: union.write([p])) for p in variants)
    load_kept = statistics.median(timed(lambda p=p: versions.write(kept, [p])) for p in variants)
    print(f"\n{'named query':<42}{'union':>10}{'versions':>12}{'ratio':>8}{'list':>12}{'ratio':>9}")
    for name, row in rows.items():
        listed = f"{row['list'] * 1000:>9.1f} ms{row['list'] / row['union']:>8.1f}×" if "list" in row else ""
        print(f"{name:<42}{row['union'] * 1000:>7.1f} ms{row['versions'] * 1000:>9.1f} ms"
              f"{row['versions'] / row['union']:>7.2f}×{listed}")
    total = {k: sum(r[k] for r in rows.values() if k in r) for k in ("union", "versions", "list")}
    print(f"\nsum over {len(rows)} named queries: versions {total['versions'] / total['union']:.2f}× union"
          + (f", list {total['list'] / total['union']:.1f}× union" if args.list_repeat else ""))
    print(f"one setup loaded again: {load_union * 1000:.0f} ms without versions, {load_kept * 1000:.0f} ms with "
          f"(version, history and lgg:current rebuilt) = {load_kept / load_union:.1f}×")
    print(f"quads held: {len(union)} without versions, {len(kept)} with one old version per setup "
          f"and lgg:current = {len(kept) / len(union):.1f}×")
    save("versions", {"queries": rows, "sum": total, "load_one_setup_s": {"union": load_union, "versions": load_kept},
                      "quads": {"union": len(union), "versions": len(kept)}})


if __name__ == "__main__":
    main()
