"""Two real versions of Bærum's setup, as a coordinator would hand them in: last year's, in which the
PPT covers autism at tier 2, and this year's (the bundled example), in which it no longer does."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from laget_graph.resources import example_files

#: Last year's setup has one competence coverage more than the bundled example.
AUTISM_AT_TIER_2 = """
<https://w3id.org/laget/id/coverage/3201/ppt-autisme-2> a <https://w3id.org/laget/def#CompetenceCoverage> ;
    <https://w3id.org/laget/def#coveringActor> <https://w3id.org/laget/id/unit/3201/ppt> ;
    <https://w3id.org/laget/def#area> <https://w3id.org/laget/area/autisme> ;
    <https://w3id.org/laget/def#tier> <https://w3id.org/laget/tier/2> .
"""
COVERAGE_IRI = "https://w3id.org/laget/id/coverage/3201/ppt-autisme-2"
SENTENCE_NB = "Bærum PPT dekker ikke lenger autismespekterforstyrrelser på nivå 2."
SENTENCE_EN = "Bærum educational-psychological service (PPT) no longer covers autism spectrum disorders at tier 2."


def baerum() -> Path:
    return next(p for p in example_files() if p.name == "baerum.ttl")


@pytest.fixture
def last_year(tmp_path: Path) -> Path:
    path = tmp_path / "baerum-2024.ttl"
    path.write_text(baerum().read_text(encoding="utf-8") + AUTISM_AT_TIER_2, encoding="utf-8")
    return path


@pytest.fixture
def this_year(tmp_path: Path) -> Path:
    path = tmp_path / "baerum-2025.ttl"
    path.write_bytes(baerum().read_bytes())
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def triples(data: bytes) -> set[ox.Triple]:
    return {ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def file_triples(path: Path) -> set[ox.Triple]:
    """A file's triples as a store keeps them (pyoxigraph writes literals in canonical form)."""
    kept = ox.Store()
    kept.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return {ox.Triple(q.subject, q.predicate, q.object) for q in kept}


def laget(data_dir: Path, *args: str, lang: str = "nb", token: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real ``laget`` command on the on-disk store in ``data_dir``."""
    env = {**os.environ, "LAGET_LANG": lang, "LAGET_DATA_DIR": str(data_dir), "COLUMNS": "250",
           "LAGET_UPDATE_TOKEN": token or ""}
    env.pop("LAGET_SPARQL_URL", None)
    return subprocess.run([sys.executable, "-m", "laget_graph.cli", *args], capture_output=True, text=True,
                          env=env, timeout=180)
