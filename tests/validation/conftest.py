"""Datasets shared by the validation tests: every shape fixture, and the two examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.resources import example_files
from laget_graph.validation.dataset import Dataset

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "shapes"
LGSH = "https://w3id.org/laget/shapes#"
FIXTURE_GRAPH = "https://w3id.org/laget/graph/setup/test/{kind}/{name}"


def fixture_graph(kind: str, name: str) -> str:
    return FIXTURE_GRAPH.format(kind=kind, name=name)


UNIT_PREFIX = "@prefix unit: <https://w3id.org/laget/id/unit/test/> ."


@pytest.fixture(scope="session")
def fixture_dataset() -> Dataset:
    """Every fixture of tests/fixtures/shapes in its own setup graph, with ontology and reference data.
    Each fixture's ``unit:`` names get a namespace of their own, so that fixtures in one dataset never
    become each other's neighbours (see Dataset.neighbours)."""
    ds = Dataset()
    for kind in ("valid", "invalid"):
        for path in sorted((FIXTURES / kind).glob("*.ttl")):
            text = path.read_text(encoding="utf-8")
            assert UNIT_PREFIX in text, path
            own = f"@prefix unit: <https://w3id.org/laget/id/unit/test/{kind}/{path.stem}/> ."
            text = text.replace(UNIT_PREFIX, own)
            ds.add(parse_rdf(text.encode(), rdf_format_for(path), fixture_graph(kind, path.stem), str(path)))
    return ds


@pytest.fixture(scope="session")
def example_dataset() -> Dataset:
    """The Bærum and Gjøvikregionen examples, each in the setup graph the loader gives it."""
    ds = Dataset()
    for path in example_files():
        ds.add(parse_rdf(path, rdf_format_for(path), None, str(path)))
    return ds
