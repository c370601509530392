"""The collaboration network on national data: laget's extraction (SPARQL over pyoxigraph) and
analysis against the naive route (rdflib's generic RDF→networkx converter over the same triples, then
exact betweenness), side by side; plus rendering a county view.

    python bench/network.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

sys.path.insert(0, str(Path(__file__).parent))
from common import national_data, save, table

from laget_graph.ingest import load_bundled, load_files
from laget_graph.network.build import Scope, build_graph, extract
from laget_graph.network.measures import analyse
from laget_graph.network.view import aggregate
from laget_graph.store import Store
from laget_graph.web.network_page import standalone_html


def seconds(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    data = national_data()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "db")
        load_bundled(store)
        load_files(store, sorted((data / "setups").glob("*.ttl")))
        rows: dict[str, dict[str, float]] = {}
        extract_s, _ = seconds(lambda: extract(store))
        build_s, graph = seconds(lambda: build_graph(store, Scope()))
        analyse_s, _ = seconds(lambda: analyse(graph))
        county_build_s, county = seconds(lambda: build_graph(store, Scope(county="34")))
        render_s, _ = seconds(lambda: standalone_html(aggregate(county, "municipality"), "nb", "Innlandet"))
        rows["laget"] = {"extract_build_s": extract_s + build_s, "analyse_s": analyse_s,
                         "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
                         "county_view_s": county_build_s + render_s}
        print(f"laget: {rows['laget']}", file=sys.stderr)

        def naive_build() -> nx.MultiDiGraph:
            g = rdflib.Graph()
            union = store.oxigraph.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            g.parse(data=union.serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
            return rdflib_to_networkx_multidigraph(g)

        naive_build_s, naive_graph = seconds(naive_build)
        k = min(200, naive_graph.number_of_nodes())
        naive_analyse_s, _ = seconds(lambda: nx.betweenness_centrality(nx.Graph(naive_graph), k=k, seed=1))
        rows["naive (rdflib → networkx)"] = {"extract_build_s": naive_build_s, "analyse_s": naive_analyse_s,
                                             "nodes": naive_graph.number_of_nodes(),
                                             "edges": naive_graph.number_of_edges()}
        store.close()
    table("National network", rows, "naive (rdflib → networkx)", ["extract_build_s", "analyse_s", "nodes"])
    print(f"county view (Innlandet, aggregated per municipality): {rows['laget']['county_view_s']:.2f} s")
    save("network", rows)


if __name__ == "__main__":
    main()
