"""A year's network reads the stored versions: comparing with 2025 counts each setup as it stood at the
end of 2025 (the version loaded last on or before 31 December), so this year's setup can be compared
with last year's after it was loaded. Real files, a real on-disk store, the real ``laget`` command, a
real server; the versions' times are set by loading at a chosen moment (``versions.write.now``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled, load_data, load_files
from laget_graph.namespaces import PREFIXES
from laget_graph.network import Scope, build_graph
from laget_graph.resources import example_files
from laget_graph.store import Store, open_store
from laget_graph.versions import drop
from laget_graph.versions import write as _write  # noqa: F401  (the module is patched by name below)

from ..conftest import LiveServer

ID, LG = "https://w3id.org/laget/id/", "https://w3id.org/laget/def#"
PPT = f"{ID}unit/3201/ppt"
KINDERGARTEN = f"{ID}unit/3201/baerum-barnehage-01"
NEW_COVER = f"{ID}coverage/3201/ppt-laerevansker-2"
LAST_YEAR, THIS_YEAR = datetime(2025, 3, 1, 9, 0, tzinfo=UTC), datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def baerum() -> Path:
    return next(p for p in example_files() if p.name == "baerum.ttl")


def changed_setup(path: Path) -> Path:
    """This year's Bærum: the PPT no longer serves Bærum barnehage 01, and it covers learning
    difficulties at tier 2 (a gap in the bundled setup)."""
    triples = [t for t in ox.parse(path=str(baerum()), format=ox.RdfFormat.TURTLE)
               if (t.subject, t.predicate, t.object) != (ox.NamedNode(PPT), ox.NamedNode(LG + "serves"),
                                                          ox.NamedNode(KINDERGARTEN))]
    assert len(triples) == sum(1 for _ in ox.parse(path=str(baerum()), format=ox.RdfFormat.TURTLE)) - 1
    cover = ox.NamedNode(NEW_COVER)
    triples += [ox.Triple(cover, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(LG + "CompetenceCoverage")),
                ox.Triple(cover, ox.NamedNode(LG + "coveringActor"), ox.NamedNode(PPT)),
                ox.Triple(cover, ox.NamedNode(LG + "area"), ox.NamedNode("https://w3id.org/laget/area/laerevansker")),
                ox.Triple(cover, ox.NamedNode(LG + "tier"), ox.NamedNode("https://w3id.org/laget/tier/2"))]
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b"")
    return path


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], object]:
    """``with at(moment):`` — the versions written inside are recorded as made at ``moment``."""
    @contextmanager
    def moment(when: datetime) -> Iterator[None]:
        monkeypatch.setattr(sys.modules["laget_graph.versions.write"], "now", lambda: when)
        yield
        monkeypatch.undo()
    return moment


def laget(data_dir: Path, *args: str, lang: str = "nb") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAGET_LANG": lang, "LAGET_DATA_DIR": str(data_dir), "COLUMNS": "250"}
    env.pop("LAGET_SPARQL_URL", None)
    return subprocess.run([sys.executable, "-m", "laget_graph.cli", *args], capture_output=True, text=True,
                          env=env, timeout=180)


@pytest.fixture
def two_years(tmp_path: Path, at: Callable[[datetime], object]) -> Path:
    """An on-disk store: the bundled data loaded in March 2025, this year's Bærum loaded over it in
    February 2026."""
    data_dir = tmp_path / "store"
    store = open_store(data_dir)
    try:
        with at(LAST_YEAR):  # type: ignore[attr-defined]
            load_bundled(store)
        with at(THIS_YEAR):  # type: ignore[attr-defined]
            load_files(store, [changed_setup(tmp_path / "baerum-2026.ttl")])
    finally:
        store.close()
    return data_dir


def rows(result: dict) -> dict[str, tuple[float, float, float]]:  # type: ignore[type-arg]
    return {r["figure"]: (r["first"], r["second"], r["difference"]) for r in result["comparison"]["rows"]}


def test_compare_year_reads_the_version_current_at_the_end_of_that_year(two_years: Path) -> None:
    done = laget(two_years, "network", "analyse", "3201", "--compare-year", "2025", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    found = rows(result)
    # now (first) the link is gone and the gap is covered; at the end of 2025 (second) neither
    assert found["relation.serves"][2] == 1 and found["edges"][2] == 1
    assert found["gaps"][2] == 1 and found["covered_cells"][2] == -1
    assert result["comparison"]["first"] == "Bærum (3201), nå"
    assert result["comparison"]["second"] == "Bærum (3201), 2025"
    [basis] = result["comparison"]["secondBasis"]
    assert (basis["setup"], basis["kind"], basis["version"], basis["fallback"]) == ("setup/3201", "version", 1, False)
    assert basis["text"] == ("setup/3201 i 2025: versjon 1, lastet inn 2025-03-01 fra baerum.ttl, "
                             "erstattet 2026-02-01.")
    assert "firstBasis" not in result["comparison"]  # the current data: no year, nothing to explain


def test_the_year_of_the_new_version_is_the_new_version(two_years: Path) -> None:
    """--year 2026 --compare-year 2025: this year's setup over last year's, both years explained."""
    done = laget(two_years, "network", "analyse", "-m", "3201", "--year", "2026", "--compare-year", "2025",
                 lang="en")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "setup/3201 in 2026: version 2, loaded 2026-02-01 from baerum-2026.ttl, still current." in text
    assert "setup/3201 in 2025: version 1, loaded 2025-03-01 from baerum.ttl, replaced 2026-02-01." in text
    assert "What Bærum (3201), 2025 is based on" in text


def test_a_year_before_any_version_falls_back_to_the_current_data_and_says_so(two_years: Path) -> None:
    done = laget(two_years, "network", "analyse", "3201", "--compare-year", "2024", "--format", "json",
                 lang="en")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    [basis] = result["comparison"]["secondBasis"]
    assert (basis["kind"], basis["fallback"]) == ("newer", True)
    assert basis["text"] == ("setup/3201 in 2024: no version is that old (the oldest was loaded 2025-03-01); "
                             "the current data is used, with its own start and end dates.")
    assert rows(result)["edges"][2] == 0  # the current data, the same links


def test_a_bad_year_is_one_line_in_the_users_language_and_exit_2(two_years: Path) -> None:
    for lang, expected in (("nb", "--compare-year: «20x5» er ikke et årstall; skriv fire sifre mellom 1900 og "
                                  "2100, for eksempel 2025."),
                           ("en", "--compare-year: “20x5” is not a year; give four digits between 1900 and "
                                  "2100, for example 2025.")):
        done = laget(two_years, "network", "analyse", "3201", "--compare-year", "20x5", lang=lang)
        assert done.returncode == 2
        assert expected in " ".join(done.stderr.split()) and "Traceback" not in done.stderr
    done = laget(two_years, "network", "analyse", "3201", "--year", "1066", "--compare-year", "2025")
    assert done.returncode == 2 and "--year: «1066» er ikke et årstall" in done.stderr


def test_the_bundled_data_without_older_versions(tmp_path: Path) -> None:
    """Loaded today, the store has no version as old as 2025: the current data and its dates stand in."""
    data_dir = tmp_path / "store"
    assert laget(data_dir, "load", "--bundled").returncode == 0
    done = laget(data_dir, "network", "analyse", "3201", "--compare-year", "2025")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "Grunnlag for Bærum (3201), 2025" in text
    assert "setup/3201 i 2025: ingen versjon er så gammel (den eldste ble lastet inn " in text
    assert "gjeldende data er brukt, med sine egne start- og sluttdatoer." in text


@pytest.fixture
def versioned_store(tmp_path: Path, at: Callable[[datetime], object]) -> Store:
    """In memory: the bundled data and a Gjøvik setup that claims cover in Bærum (2025), then this
    year's Bærum (2026)."""
    store = Store(None)
    with at(LAST_YEAR):  # type: ignore[attr-defined]
        load_bundled(store)
        load_data(store, FOREIGN_CLAIM, "ttl", "setup/3407-claims", "claims.ttl")
    with at(THIS_YEAR):  # type: ignore[attr-defined]
        load_files(store, [changed_setup(tmp_path / "baerum-2026.ttl")])
    return store


#: Another municipality's setup claims that Bærum's PPT covers dyscalculia at tier 2.
FOREIGN_CLAIM = f"""@prefix lg: <{LG}> .
<{ID}unit/3407/claims> a lg:PPT ; lg:municipality <{ID}kommune/3407> .
<{ID}coverage/foreign/dyskalkuli-2> a lg:CompetenceCoverage ;
    lg:coveringActor <{PPT}> ; lg:area <https://w3id.org/laget/area/dyskalkuli> ;
    lg:tier <https://w3id.org/laget/tier/2> .
"""


def covers(graph: object, actor: str) -> set[tuple[str, str]]:
    return {(c.area.rsplit("/", 1)[-1], c.tier.rsplit("/", 1)[-1]) for c in graph.nodes[actor]["coverage"]}  # type: ignore[attr-defined]


def test_no_leaks_in_a_year_read_from_versions(versioned_store: Store) -> None:
    then = build_graph(versioned_store, Scope(("3201",), year=2025))
    now = build_graph(versioned_store, Scope(("3201",)))
    assert ("laerevansker", "2") in covers(now, PPT) and ("laerevansker", "2") not in covers(then, PPT)
    assert ("dyskalkuli", "2") not in covers(then, PPT) | covers(now, PPT)  # Gjøvik's claim never counts
    assert [p.graph.rsplit("/", 2)[-2:] for p in then.graph["basis"]] == [["setup", "3201"]]
    assert (KINDERGARTEN in then[PPT]) and (KINDERGARTEN not in now[PPT] or "serves" not in now[PPT][KINDERGARTEN])


def test_a_setup_dropped_before_the_end_of_the_year_is_not_in_it(versioned_store: Store,
                                                                at: Callable[[datetime], object]) -> None:
    with at(datetime(2026, 5, 1, tzinfo=UTC)):  # type: ignore[attr-defined]
        drop(versioned_store, "https://w3id.org/laget/graph/setup/3201")
    [pick] = build_graph(versioned_store, Scope(("3201",), year=2026)).graph["basis"]
    assert (pick.kind, pick.version.number) == ("dropped", 2)  # type: ignore[union-attr]
    then = build_graph(versioned_store, Scope(("3201",), year=2025))  # but it was there in 2025
    assert ("laerevansker", "2") not in covers(then, PPT) and KINDERGARTEN in then[PPT]


def test_the_web_api_compares_with_the_version_of_that_year(versioned_store: Store, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "unused", store="memory", lang="nb")
    with LiveServer(settings, versioned_store) as live:
        url = f"{live.url}/api/network/analysis"
        answer = httpx.get(url, params={"municipality": "3201", "compare_year": "2025", "lang": "en"}, timeout=60)
        assert answer.status_code == 200
        comparison = answer.json()["comparison"]
        assert comparison["second"] == "Bærum (3201), 2025" and comparison["first"] == "Bærum (3201), now"
        assert comparison["secondBasis"][0]["text"].startswith("setup/3201 in 2025: version 1, loaded 2025-03-01")
        gaps = next(r for r in comparison["rows"] if r["figure"] == "gaps")
        assert gaps["difference"] == 1
        bad = httpx.get(url, params={"municipality": "3201", "compare_year": "soon", "lang": "nb"}, timeout=30)
        assert bad.status_code == 400 and "«soon» er ikke et årstall" in bad.json()["detail"]
        page = httpx.get(f"{live.url}/kommune/3201", params={"lang": "nb"}, timeout=60).text
        section = page[page.index('id="h-versions"'):]
        assert "Bærum: endret siden versjon 1, lastet inn 2025-03-01" in section
        assert "Bærum PPT betjener ikke lenger Bærum barnehage 01." in section
        assert "Bærum PPT dekker nå lærevansker på nivå 2." in section
        english = httpx.get(f"{live.url}/kommune/3201", params={"lang": "en"}, timeout=60).text
        assert "Bærum: changed since version 1, loaded 2025-03-01" in english
