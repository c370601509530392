"""The hand-checked network fixture (tests/fixtures/network/small.ttl) with the real ontology."""

from __future__ import annotations

from pathlib import Path

import pytest

from laget_graph.resources import ontology_files
from laget_graph.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "network"
UNIT = "https://w3id.org/laget/id/unit/test/"
KOMMUNE = "https://w3id.org/laget/id/kommune/"
AREA = "https://w3id.org/laget/area/"
TIER = "https://w3id.org/laget/tier/"


def fixture_store(*names: str) -> Store:
    """An in-memory store with the ontology and the named fixture files, each in its own graph."""
    store = Store(None)
    store.load_files(ontology_files(), graph="ontology")
    for name in names:
        store.load_files([FIXTURES / name], graph=f"setup/{Path(name).stem}")
    return store


@pytest.fixture(scope="session")
def small_store() -> Store:
    return fixture_store("small.ttl")


def short(iri: str) -> str:
    """``…/unit/test/aby-skole`` → ``aby-skole``, ``…/kommune/9901`` → ``9901``."""
    return iri.rsplit("/", 1)[-1]
