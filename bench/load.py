"""Load the national synthetic data (bundled data + 358 setups) into the embedded store, each way in a
fresh process, side by side:

* rdflib's in-memory Dataset (what an rdflib-based tool does; load only),
* one transaction per graph (remove, then extend: how laget-graph wrote before issue 15, item 5;
  a process killed mid-load could leave part of the load or lose a graph),
* one SPARQL Update for the whole load that drops every graph it replaces and inserts everything,
* ``Store.write``, what ``laget load`` does now: one transaction too, but only what changes (one
  ``extend`` into an empty store; one update deleting and inserting the difference on a reload),
* ``bulk_extend`` (pyoxigraph's fastest path, without any transaction; for reference).

"load" is parse + write + flush into an empty store, "reload" the same load again, which replaces
every graph (same content); peak is the process's peak memory.

    python bench/load.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import national_data, run_measured, save, table

#: Each way of writing ``parsed`` (a list of ParsedFile) into ``s`` (an on-disk Store), as Python code.
WRITES = {
    "per-graph transactions (before)": (
        "for g, quads in merge_graphs(parsed).items():\n"
        "    if s.oxigraph.contains_named_graph(ox.NamedNode(g)):\n"
        "        s.oxigraph.remove_graph(ox.NamedNode(g))\n"
        "    s.oxigraph.extend(quads)\n"
        "s.oxigraph.flush()\n"),
    "one update, drop + insert all": (
        "merged = merge_graphs(parsed)\n"
        "s.oxigraph.update(replacement_update(merged, list(merged)))\n"
        "s.oxigraph.flush()\n"),
    "laget load (after)": "s.write(parsed)\n",
    "bulk_extend (not atomic)": (
        "for g in merge_graphs(parsed):\n"
        "    if s.oxigraph.contains_named_graph(ox.NamedNode(g)):\n"
        "        s.oxigraph.remove_graph(ox.NamedNode(g))\n"
        "s.oxigraph.bulk_extend(q for p in parsed for qs in p.graphs.values() for q in qs)\n"
        "s.oxigraph.flush()\n"),
}

TIMED = """
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
from laget_graph.ingest import parse_bundled, parse_files
from laget_graph.store import Store, merge_graphs, replacement_update
files = [Path(f) for f in {files!r}]
s = Store(Path({db!r}))
figures = {{}}
for run in ("load_s", "reload_s"):
    start = time.perf_counter()
    parsed = parse_bundled() + parse_files(files)
{write}
    figures[run] = time.perf_counter() - start
figures["triples"] = len(s)
s.close()
print(json.dumps(figures))
"""

RDFLIB = """
import json, time
import rdflib
from laget_graph.resources import ontology_files, reference_files, example_files
start = time.perf_counter()
ds = rdflib.Dataset()
for f in [*map(str, [*ontology_files(), *reference_files(), *example_files()]), *{files!r}]:
    ds.graph(rdflib.URIRef("urn:g:" + f)).parse(f, format="turtle")
print(json.dumps({{"load_s": time.perf_counter() - start, "triples": len(ds)}}))
"""


def indent(code: str) -> str:
    return "".join(f"    {line}\n" for line in code.splitlines())


def main() -> None:
    data = national_data()
    files = sorted(str(p) for p in (data / "setups").glob("*.ttl"))
    rows = {"rdflib Dataset (in memory)": run_measured(RDFLIB.format(files=files))}
    for name, write in WRITES.items():
        with tempfile.TemporaryDirectory() as tmp:
            rows[name] = run_measured(TIMED.format(files=files, db=str(Path(tmp) / "db"), write=indent(write)))
    triples = {row["triples"] for name, row in rows.items() if not name.startswith("rdflib")}
    assert len(triples) == 1, f"the ways of writing stored different data: {rows}"
    print(f"{triples.pop():,} triples in {len(files)} setup files and the bundled data")
    table("National load into the on-disk store", rows, "per-graph transactions (before)",
          ["load_s", "reload_s", "peak_mb"])
    save("load", rows)


if __name__ == "__main__":
    main()
