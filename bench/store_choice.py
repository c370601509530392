"""Why pyoxigraph directly: load and query the bundled data with the three candidate embeddings,
side by side in one run, and print figures with ratios against pyoxigraph.

    python bench/store_choice.py [--repeat 20] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).parent))
from common import repeat

from laget_graph.resources import example_files, ontology_files, reference_files

QUERIES = {
    "count-by-type": "SELECT ?t (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a ?t } } GROUP BY ?t ORDER BY DESC(?n)",
    "coverage-join": """PREFIX lg: <https://w3id.org/laget/def#>
        SELECT ?actor ?area ?tier WHERE { GRAPH ?g { ?c lg:coveringActor ?actor ; lg:area ?area ; lg:tier ?tier } }""",
    "units-per-municipality": """PREFIX lg: <https://w3id.org/laget/def#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name (COUNT(?u) AS ?n) WHERE { GRAPH ?g { ?u lg:municipality ?m }
          GRAPH ?r { ?m rdfs:label ?name FILTER(lang(?name) = "nb") } } GROUP BY ?name""",
}


def files() -> list[tuple[Path, str]]:
    out = [(p, "https://w3id.org/laget/graph/ontology") for p in ontology_files()]
    out += [(p, "https://w3id.org/laget/graph/reference") for p in reference_files()]
    out += [(p, f"https://w3id.org/laget/graph/setup/{p.stem}") for p in example_files()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    def load_ox() -> ox.Store:
        s = ox.Store()
        for path, g in files():
            s.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(g))
        return s

    def load_rdflib(store: str) -> rdflib.Dataset:
        ds = rdflib.Dataset(store=store)
        for path, g in files():
            ds.graph(rdflib.URIRef(g)).parse(path, format="turtle")
        return ds

    engines: dict[str, tuple[Callable[[], object], Callable[[object, str], object]]] = {
        "pyoxigraph": (load_ox, lambda s, q: list(s.query(q))),  # type: ignore[attr-defined]
        "oxrdflib": (lambda: load_rdflib("Oxigraph"), lambda s, q: list(s.query(q))),  # type: ignore[attr-defined]
        "rdflib-memory": (lambda: load_rdflib("default"), lambda s, q: list(s.query(q))),  # type: ignore[attr-defined]
    }
    results: dict[str, dict[str, float]] = {}
    for name, (load, run) in engines.items():
        start = time.perf_counter()
        store = load()
        results[name] = {"load_s": time.perf_counter() - start}
        for qname, q in QUERIES.items():
            samples = repeat(lambda q=q, store=store, run=run: run(store, q), args.repeat)
            results[name][qname] = statistics.median(samples)
    base = results["pyoxigraph"]
    print(f"{'engine':<15}" + "".join(f"{k:>28}" for k in base))
    for name, row in results.items():
        cells = "".join(f"{row[k] * 1000:>16.1f} ms ({row[k] / base[k]:>5.1f}×)" for k in base)
        print(f"{name:<15}{cells}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
