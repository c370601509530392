"""A real Virtuoso Open Source 7 on loopback as the shared external store, loaded with the bundled
data and a synthetic county through the real ``laget load``; and the embedded store with the same
data, to compare answers with. Skipped with the reason when Virtuoso is not installed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from laget_graph.config import Settings
from laget_graph.ingest import data_files_in, load_bundled, load_files
from laget_graph.store import Store
from laget_graph.store_external import ExternalSparqlStore, open_backend
from laget_graph.synth import generate
from tests.virtuoso import Virtuoso, missing_reason, running_virtuoso

COUNTY = "34"  # Innlandet: 47 municipalities, about 27 000 triples


def laget(*args: str, env: dict[str, str], lang: str = "en") -> subprocess.CompletedProcess[str]:
    """The real ``laget`` command in a subprocess, with the given ``LAGET_*`` variables."""
    return subprocess.run([sys.executable, "-m", "laget_graph.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "LAGET_LANG": lang, "COLUMNS": "200", **env}, timeout=600)


def require_virtuoso() -> None:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def county_setups(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``laget synth --scale county --county 34`` (seed 1), as a folder of setup files."""
    out = tmp_path_factory.mktemp(f"county{COUNTY}")
    generate(out, scale="county", county=COUNTY, seed=1)
    return out / "setups"


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, county_setups: Path) -> Iterator[Virtuoso]:
    """Virtuoso with its own database and virtuoso.ini (Debian's limits), loaded by ``laget load``."""
    require_virtuoso()
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        for args in (["--bundled"], [str(county_setups)]):
            done = laget("load", *args, env=server.env)
            assert done.returncode == 0, done.stderr
        yield server


@pytest.fixture(scope="session")
def embedded(county_setups: Path) -> Store:
    """The embedded store with the same data, loaded the same way (read-only use)."""
    store = Store(None)
    load_bundled(store)
    load_files(store, data_files_in(county_setups))
    return store


def external_store(server: Virtuoso, **overrides: str) -> ExternalSparqlStore:
    """laget-graph's external store for ``server``, from the same variables ``laget`` reads."""
    store = open_backend(Settings.from_env({**server.env, **overrides}))
    assert isinstance(store, ExternalSparqlStore)
    return store


@pytest.fixture(scope="session")
def on_virtuoso(virtuoso: Virtuoso) -> Iterator[ExternalSparqlStore]:
    store = external_store(virtuoso)
    yield store
    store.close()
