"""The hand-checked network fixture (tests/fixtures/network/small.ttl) with the real ontology."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from laget_graph.config import Settings
from laget_graph.ingest import load_files
from laget_graph.resources import ontology_files
from laget_graph.store import Store

from ..conftest import LiveServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "network"
UNIT = "https://w3id.org/laget/id/unit/test/"
KOMMUNE = "https://w3id.org/laget/id/kommune/"
AREA = "https://w3id.org/laget/area/"
TIER = "https://w3id.org/laget/tier/"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def fixture_store(*names: str) -> Store:
    """An in-memory store with the ontology and the named fixture files, each in its own graph."""
    store = Store(None)
    load_files(store, ontology_files(), graph="ontology")
    for name in names:
        load_files(store, [FIXTURES / name], graph=f"setup/{Path(name).stem}")
    return store


@pytest.fixture(scope="session")
def small_store() -> Store:
    return fixture_store("small.ttl")


def short(iri: str) -> str:
    """``…/unit/test/aby-skole`` → ``aby-skole``, ``…/kommune/9901`` → ``9901``."""
    return iri.rsplit("/", 1)[-1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A live server over the small fixture plus the hostile school (10 actors in Aby's network)."""
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("unused")), store="memory", lang="nb")
    with LiveServer(settings, fixture_store("small.ttl", "hostile.ttl")) as live:
        yield live


def laget(*args: str, data_dir: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    """Run the real ``laget`` command in a subprocess; fail the test on a non-zero exit."""
    env = {**os.environ, "LAGET_LANG": lang, "LAGET_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "laget_graph.cli", *args], capture_output=True, text=True,
                          env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="session")
def cli_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the ontology and the small and hostile fixtures, loaded by the CLI."""
    data_dir = tmp_path_factory.mktemp("network-cli")
    laget("load", "--graph", "ontology", *map(str, ontology_files()), data_dir=data_dir)
    laget("load", "--graph", "setup/test", str(FIXTURES / "small.ttl"), str(FIXTURES / "hostile.ttl"),
          data_dir=data_dir)
    return data_dir
