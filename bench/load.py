"""Load the national synthetic data: our embedded store (pyoxigraph on disk) against rdflib's
in-memory Dataset (what an rdflib-based tool does), side by side, each in a fresh process.

    python bench/load.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import national_data, run_measured, save, table


def main() -> None:
    data = national_data()
    files = sorted(str(p) for p in (data / "setups").glob("*.ttl"))
    with tempfile.TemporaryDirectory() as tmp:
        ours = run_measured(
            "from pathlib import Path; from laget_graph.store import Store\n"
            "from laget_graph.ingest import load_bundled, load_files\n"
            f"s = Store(Path({tmp!r}) / 'db'); load_bundled(s)\n"
            f"load_files(s, [Path(f) for f in {files!r}]); print(len(s), 'triples', file=__import__('sys').stderr)\n"
            "s.close()")
    naive = run_measured(
        "import rdflib; from laget_graph.resources import ontology_files, reference_files, example_files\n"
        "ds = rdflib.Dataset()\n"
        "bundled = [*ontology_files(), *reference_files(), *example_files()]\n"
        f"for f in [*map(str, bundled), *{files!r}]:\n"
        "    ds.graph(rdflib.URIRef('urn:g:' + f)).parse(f, format='turtle')\n")
    rows = {"rdflib Dataset (baseline)": naive, "laget load (pyoxigraph disk)": ours}
    table("National load", rows, "rdflib Dataset (baseline)", ["seconds", "peak_mb"])
    save("load", rows)


if __name__ == "__main__":
    main()
