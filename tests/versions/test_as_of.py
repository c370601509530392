"""The data as it stood at a moment (``versions.as_of``): each setup's version current then, a drop
before it, a restore after it, a version deleted for good, and a setup with no version that old."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest

from laget_graph.ingest import load_files
from laget_graph.store import Store
from laget_graph.versions import as_of, drop, end_of_year, restore, version_iri
from laget_graph.versions import write as _write  # noqa: F401  (the module is patched by name below)

SETUP = "https://w3id.org/laget/graph/setup/9999"
LG = "https://w3id.org/laget/def#"


def setup(path: Path, name: str) -> Path:
    path.write_text(f"<https://w3id.org/laget/id/unit/9999/{name}> a <{LG}School> ; "
                    f"<{LG}municipality> <https://w3id.org/laget/id/kommune/9999> .\n", encoding="utf-8")
    return path


@contextmanager
def at(monkeypatch: pytest.MonkeyPatch, *when: int) -> Iterator[None]:
    monkeypatch.setattr(sys.modules["laget_graph.versions.write"], "now", lambda: datetime(*when, tzinfo=UTC))
    yield
    monkeypatch.undo()


def units(dataset: ox.Store | Store, graph: str = SETUP) -> set[str]:
    engine = dataset.oxigraph if isinstance(dataset, Store) else dataset
    return {q.subject.value.rsplit("/", 1)[-1] for q in engine.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Version 1 (school a) loaded in 2024, version 2 (school b) in March 2025, dropped in June 2025,
    restored as version 3 in January 2026."""
    store = Store(None)
    with at(monkeypatch, 2024, 5, 1):
        load_files(store, [setup(tmp_path / "a.ttl", "a")], graph="setup/9999")
    with at(monkeypatch, 2025, 3, 1):
        load_files(store, [setup(tmp_path / "b.ttl", "b")], graph="setup/9999")
    with at(monkeypatch, 2025, 6, 1):
        drop(store, SETUP)
    with at(monkeypatch, 2026, 1, 10):
        restore(store, SETUP, 2)
    return store


def test_each_year_reads_the_version_current_at_its_end(store: Store) -> None:
    then = as_of(store, end_of_year(2024))
    assert (then.picks[SETUP].kind, then.picks[SETUP].version.number) == ("version", 1)  # type: ignore[union-attr]
    assert then.dataset is not None and units(then.dataset) == {"a"}
    assert not any(g.value.startswith("https://w3id.org/laget/graph/version/") for g in then.dataset.named_graphs())

    dropped = as_of(store, end_of_year(2025))  # version 2 was current from March to June, then dropped
    assert (dropped.picks[SETUP].kind, dropped.picks[SETUP].version.number) == ("dropped", 2)  # type: ignore[union-attr]
    assert dropped.dataset is not None and units(dropped.dataset) == set()

    now = as_of(store, end_of_year(2026))  # the restored version is the current one: no copy made
    assert (now.picks[SETUP].kind, now.picks[SETUP].version.number) == ("version", 3)  # type: ignore[union-attr]
    assert now.dataset is None and units(store) == {"b"}


def test_before_the_first_version_and_a_deleted_version_fall_back_to_the_current_data(store: Store) -> None:
    older = as_of(store, end_of_year(2023))
    assert (older.picks[SETUP].kind, older.picks[SETUP].oldest.number) == ("newer", 1)  # type: ignore[union-attr]
    assert older.picks[SETUP].falls_back and older.dataset is None
    assert store.drop_graph(version_iri(SETUP, 1))  # deleted for good (DELETE on the version graph)
    gone = as_of(store, end_of_year(2024))
    assert gone.picks[SETUP].kind == "deleted" and gone.picks[SETUP].falls_back and gone.dataset is None
