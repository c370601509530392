"""Generate the ontology's HTML documentation with pyLODE (``make docs``).

The ontology and its SKOS schemes are merged first, so classes, properties and the concept schemes
appear on one page; nothing is fetched (the ontology has no owl:imports).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import rdflib

from .namespaces import PREFIXES
from .resources import ontology_files


def merged_ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def build(destination: Path) -> Path:
    """Write the HTML page to ``destination`` and return it."""
    from pylode import OntPub  # imported here: pyLODE is an optional (docs) dependency

    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "laget.ttl"
        merged_ontology().serialize(source, format="turtle")
        OntPub(ontology=str(source)).make_html(destination=str(destination))
    return destination


if __name__ == "__main__":  # pragma: no cover
    out = build(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/ontology/index.html"))
    print(f"wrote {out}")
