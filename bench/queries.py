"""Named queries on national data: p50/p95 latency through laget-graph's SPARQL service (guard,
killable worker process, serialisation) against (a) the same bound query run directly on pyoxigraph
(the floor) and (b) rdflib's in-memory SPARQL engine (what rdflib-based endpoints do).

    python bench/queries.py [--repeat 15] [--rdflib-repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).parent))
from common import national_data, repeat, save, summary

from laget_graph.config import Settings
from laget_graph.sparql import named
from laget_graph.sparql.service import SparqlService
from laget_graph.store import Store

JSON = "application/sparql-results+json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rdflib-repeat", type=int, default=3)
    args = parser.parse_args()
    data = national_data()
    files = sorted((data / "setups").glob("*.ttl"))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "db")
        store.load_bundled()
        store.load_files(files)
        print(f"{len(store)} triples loaded", file=sys.stderr)
        service = SparqlService(store, Settings(data_dir=Path(tmp) / "db", result_limit=1_000_000, query_timeout_s=600))
        dataset = rdflib.Dataset(default_union=True)
        for g in store.graphs():
            dataset.graph(rdflib.URIRef(g.iri)).parse(
                data=store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g.iri)), format="nt")
        rows: dict[str, dict[str, dict[str, float]]] = {}
        for name, query in sorted(named.registry().items()):
            text = query.bind({})
            checked = service.check(text)
            ours = summary(repeat(lambda checked=checked: service.run(checked, JSON), args.repeat))
            raw = summary(repeat(lambda text=text: store.oxigraph.query(text, use_default_graph_as_union=True)
                                 .serialize(format=ox.QueryResultsFormat.JSON), args.repeat))
            slow = summary(repeat(lambda text=text: dataset.query(text).serialize(format="json"),
                                  args.rdflib_repeat))
            rows[name] = {"laget": ours, "pyoxigraph": raw, "rdflib": slow}
            print(f"{name:<42} laget p50 {ours['p50'] * 1000:8.2f} ms p95 {ours['p95'] * 1000:8.2f} ms | "
                  f"raw {raw['p50'] * 1000:8.2f} ms ({ours['p50'] / raw['p50']:5.2f}×) | "
                  f"rdflib {slow['p50'] * 1000:9.1f} ms ({slow['p50'] / ours['p50']:7.1f}× slower than laget)")
        service.close()
        store.close()
    total = {k: sum(r[k]["p50"] for r in rows.values()) for k in ("laget", "pyoxigraph", "rdflib")}
    print(f"\nsum of p50 over {len(rows)} queries: laget {total['laget'] * 1000:.1f} ms, "
          f"pyoxigraph {total['pyoxigraph'] * 1000:.1f} ms ({total['laget'] / total['pyoxigraph']:.2f}× the floor), "
          f"rdflib {total['rdflib'] * 1000:.0f} ms ({total['rdflib'] / total['laget']:.0f}× slower than laget)")
    save("queries", {"queries": rows, "sum_p50": total})


if __name__ == "__main__":
    main()
