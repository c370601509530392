"""Versions with the real ``laget`` command on an on-disk store: history, diff in words, drop,
restore, and the bundled data that never replaces a user's setup."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from .conftest import COVERAGE_IRI, SENTENCE_EN, SENTENCE_NB, file_triples, laget, sha256, triples


def ok(done: object) -> str:
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in done.stderr  # type: ignore[attr-defined]
    return done.stdout  # type: ignore[attr-defined]


def refused(done: object) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)  # type: ignore[attr-defined]
    assert "Traceback" not in done.stderr  # type: ignore[attr-defined]
    return done.stderr  # type: ignore[attr-defined]


def test_each_load_is_a_version_with_its_file_checksum_and_triples(tmp_path: Path, last_year: Path,
                                                                    this_year: Path) -> None:
    store = tmp_path / "store"
    assert "versjon 1" in ok(laget(store, "load", str(last_year)))
    assert "versjon 2" in ok(laget(store, "load", str(this_year)))
    versions = json.loads(ok(laget(store, "history", "3201", "--format", "json")))
    assert [v["number"] for v in versions] == [1, 2]
    first, second = versions
    assert first["sources"] == [{"name": str(last_year), "sha256": sha256(last_year)}]
    assert second["sources"] == [{"name": str(this_year), "sha256": sha256(this_year)}]
    assert first["triples"] == len(file_triples(last_year)) and second["triples"] == len(file_triples(this_year))
    assert (first["current"], second["current"]) == (False, True)
    assert second["revision_of"] == 1 and first["origin"] == second["origin"] == "load"
    assert first["invalidated"] == second["generated"]
    table = ok(laget(store, "history", "setup/3201"))  # the short graph name works too
    assert "baerum-2024.ttl" in table and sha256(last_year)[:12] in table and "gjeldende" in table
    # the same file again makes no new version
    assert "uendret" in ok(laget(store, "load", str(this_year)))
    assert len(json.loads(ok(laget(store, "history", "3201", "--format", "json")))) == 2


def test_diff_says_what_changed_in_words_in_both_languages(tmp_path: Path, last_year: Path, this_year: Path) -> None:
    store = tmp_path / "store"
    ok(laget(store, "load", str(last_year)))
    ok(laget(store, "load", str(this_year)))
    nb = ok(laget(store, "diff", "3201"))
    assert SENTENCE_NB in nb and "fra versjon 1 til versjon 2" in nb
    assert SENTENCE_EN in ok(laget(store, "diff", "3201", lang="en"))
    back = ok(laget(store, "diff", "3201", "--from", "2", "--to", "1"))
    assert "Bærum PPT dekker nå autismespekterforstyrrelser på nivå 2." in back
    # the raw triples: the coverage's four triples are removed, nothing is added
    ttl = ok(laget(store, "diff", "3201", "--format", "ttl"))
    removed, _, added = ttl.partition("\n# added\n")
    gone = set(ox.parse(removed.encode(), format=ox.RdfFormat.TURTLE))
    assert {t.subject.value for t in gone} == {COVERAGE_IRI} and len(gone) == 4
    assert not list(ox.parse(added.encode(), format=ox.RdfFormat.TURTLE))
    data = json.loads(ok(laget(store, "diff", "3201", "--format", "json", lang="en")))
    assert data["from"] == 1 and data["to"] == 2 and data["sentences"] == [SENTENCE_EN]
    assert len(data["removed"]) == 4 and data["added"] == []


def test_the_bundled_data_never_replaces_a_users_setup(tmp_path: Path, last_year: Path) -> None:
    """The finding: ``laget load my-baerum.ttl`` then ``laget load --bundled`` replaced setup/3201."""
    store = tmp_path / "store"
    ok(laget(store, "load", str(last_year)))
    done = laget(store, "load", "--bundled")
    ok(done)
    assert "setup/3201" in done.stderr and "beholdt" in done.stderr and "laget drop 3201" in done.stderr
    assert "ontology" in done.stdout and "setup/gjovikregionen" in done.stdout  # the rest was loaded
    assert triples(ok(laget(store, "export", "setup/3201", "--format", "nt")).encode()) == file_triples(last_year)
    assert "kept" in laget(store, "load", "--bundled", lang="en").stderr  # and again, in English
    # asked for explicitly: drop (recoverable), then the bundled example comes in as a new version
    ok(laget(store, "drop", "3201"))
    assert "setup/3201" in ok(laget(store, "load", "--bundled"))
    versions = json.loads(ok(laget(store, "history", "3201", "--format", "json")))
    assert [(v["number"], v["origin"]) for v in versions] == [(1, "load"), (2, "bundled")]
    ok(laget(store, "restore", "3201", "1"))
    assert triples(ok(laget(store, "export", "setup/3201", "--format", "nt")).encode()) == file_triples(last_year)


def test_drop_is_recoverable_and_restore_brings_it_back(tmp_path: Path, last_year: Path, this_year: Path) -> None:
    store = tmp_path / "store"
    ok(laget(store, "load", str(last_year)))
    ok(laget(store, "load", str(this_year)))
    said = ok(laget(store, "drop", "3201"))
    assert "versjon 2" in said and "laget restore 3201 2" in said
    assert "no graph" in refused(laget(store, "export", "setup/3201"))  # out of the current data
    info = ok(laget(store, "info"))
    assert "setup/3201" in info and "tatt ut" in info
    assert "tatt ut" in ok(laget(store, "history", "3201"))
    assert "versjon 3" in ok(laget(store, "restore", "3201", "1"))
    assert triples(ok(laget(store, "export", "setup/3201", "--format", "nt")).encode()) == file_triples(last_year)
    versions = json.loads(ok(laget(store, "history", "3201", "--format", "json")))
    assert versions[-1]["origin"] == "restore" and versions[-1]["restored_from"] == 1
    assert versions[-1]["revision_of"] == 2  # the dropped one
    assert "dekker nå autismespekterforstyrrelser" in ok(laget(store, "diff", "3201"))


def test_bad_requests_are_clear_in_both_languages_and_change_nothing(tmp_path: Path, last_year: Path) -> None:
    store = tmp_path / "store"
    ok(laget(store, "load", str(last_year)))
    before = ok(laget(store, "export", "setup/3201", "--format", "nt"))
    assert "har ingen versjon 9; versjonene er 1" in refused(laget(store, "restore", "3201", "9"))
    assert "has no version 9" in refused(laget(store, "restore", "3201", "9", lang="en"))
    assert "allerede gjeldende" in refused(laget(store, "restore", "3201", "1"))
    assert "setup/0000 har ingen versjoner" in refused(laget(store, "history", "0000"))
    assert "not a version number" in refused(laget(store, "diff", "3201", "--from", "x", lang="en"))
    assert "ikke et oppsett med versjoner" in refused(laget(store, "drop", "ontology"))
    assert "Ingen gjeldende graf" in refused(laget(store, "drop", "4242"))
    assert "--format" in refused(laget(store, "diff", "3201", "--format", "xml"))
    assert ok(laget(store, "export", "setup/3201", "--format", "nt")) == before
