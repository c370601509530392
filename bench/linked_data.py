"""What following linked data costs on national data: a resource's description as its page reads it
(three queries through the guard and a worker process: its statements with their blank nodes, the
links to it, the labels of both) against pyoxigraph's own DESCRIBE plus the same links-in query run
directly on the store (the floor); and the dataset catalogue (/.well-known/void) built after a write.

Run: ``.venv/bin/python bench/linked_data.py`` (national synthetic data, generated once; in-memory
store; nothing leaves this machine)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from common import national_data, repeat, save, summary, table

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled, load_files
from laget_graph.sparql import catalogue, describe, queries
from laget_graph.sparql.named import inject_rows
from laget_graph.sparql.service import SparqlService
from laget_graph.store import Store

IRIS = {
    "municipality (kommune/3201)": "https://w3id.org/laget/id/kommune/3201",
    "county (fylke/34)": "https://w3id.org/laget/id/fylke/34",
    "class (lg:PrimarySchool)": "https://w3id.org/laget/def#PrimarySchool",
    "concept (area:traumer)": "https://w3id.org/laget/area/traumer",
    "ontology (def)": "https://w3id.org/laget/def",
}
TIMES = 15


def floor(store: Store, iri: str) -> None:
    """pyoxigraph's DESCRIBE (a CBD) and the links in, straight on the store, without labels."""
    engine = store.oxigraph
    list(engine.query(f"DESCRIBE <{iri}>", use_default_graph_as_union=True))
    incoming = inject_rows(queries.text("describe-incoming"), ["resource"], [[ox.NamedNode(iri)]])
    list(engine.query(incoming, use_default_graph_as_union=True))


def main() -> None:
    store = Store(None)
    load_bundled(store)
    load_files(store, sorted((national_data() / "setups").glob("*.ttl")))
    unit = next(iter(store.oxigraph.query(
        "SELECT ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/laget/def#PrimarySchool> } } LIMIT 1")))["s"].value
    IRIS["unit (a school)"] = unit
    service = SparqlService(store, Settings(data_dir=Path("/tmp/laget-bench-unused"), store="memory"))
    results: dict[str, dict[str, dict[str, float]]] = {}
    try:
        for label, iri in IRIS.items():
            describe.describe(service, iri)  # the guard's first parse of each text, the workers' start
            rows = {"pyoxigraph DESCRIBE + links in": summary(repeat(lambda i=iri: floor(store, i), TIMES)),
                    "laget-graph description": summary(repeat(lambda i=iri: describe.describe(service, i), TIMES))}
            results[label] = rows
            table(f"{label}: seconds", rows, "pyoxigraph DESCRIBE + links in", ["p50", "p95"])
        site = catalogue.Site("http://127.0.0.1/.well-known/void", "http://127.0.0.1/sparql",
                              "http://127.0.0.1/graphs/{name}?format={format}")

        def rebuilt() -> None:
            store.generation += 1  # as after a write: the catalogue is read again
            catalogue.describe(service, site)

        rows = {"store.graphs() (counts only)": summary(repeat(lambda: (setattr(store, "generation",
                                                                                 store.generation + 1),
                                                                         store.graphs()), 5)),
                "catalogue after a write": summary(repeat(rebuilt, 5))}
        results["catalogue"] = rows
        table("the catalogue: seconds", rows, "store.graphs() (counts only)", ["p50", "p95"])
        print(f"\n{len(store)} triples, {len(store.graphs())} graphs; {TIMES} runs each")
        print(f"saved {save('linked_data', results)}")
    finally:
        service.close()


if __name__ == "__main__":
    main()
