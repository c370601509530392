"""Where the bundled ontology, shapes, queries and data live.

In a wheel they are packed under ``laget_graph/_bundled``; in a source checkout (editable install)
they are the top-level folders of the repository. Both give the same layout.
"""

from functools import cache
from pathlib import Path


@cache
def bundle_root() -> Path:
    """Return the folder that holds ``ontology/``, ``data/``, ``shapes/`` and ``queries/``."""
    packed = Path(__file__).parent / "_bundled"
    if (packed / "ontology").is_dir():
        return packed
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError("bundled data not found: neither laget_graph/_bundled nor a source checkout")


def ontology_files() -> list[Path]:
    """The ontology and its SKOS concept schemes."""
    return sorted((bundle_root() / "ontology").glob("*.ttl"))


def reference_files() -> list[Path]:
    """Reference data: counties, municipalities, state bodies and partners."""
    return sorted((bundle_root() / "data" / "reference").glob("*.ttl"))


def example_files() -> list[Path]:
    """Example municipal and regional setups."""
    return sorted((bundle_root() / "data" / "examples").glob("*.ttl"))


def shapes_dir() -> Path:
    return bundle_root() / "shapes"


def queries_dir() -> Path:
    return bundle_root() / "queries"
