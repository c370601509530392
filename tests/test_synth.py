"""``laget synth``: deterministic, realistic synthetic setups with known planted faults."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from laget_graph.identifiers import is_valid_organisation_number
from laget_graph.ingest import load_files
from laget_graph.namespaces import LG
from laget_graph.store import Store
from laget_graph.synth import DEFECT_KINDS, KINDERGARTENS, SCHOOLS, generate, organisation_number


def test_organisation_numbers() -> None:
    assert all(is_valid_organisation_number(organisation_number(i)) for i in range(500))
    assert not any(is_valid_organisation_number(organisation_number(i, valid=False)) for i in range(500))


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth-34")
    generate(out, scale="county", county="34", seed=7, defect_rate=0.05)
    return out


def test_county_run_is_deterministic_and_matches_national_units(county: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, scale="county", county="34", seed=7, defect_rate=0.05)
    for path in sorted((county / "setups").glob("*.ttl")):
        assert (again / "setups" / path.name).read_bytes() == path.read_bytes(), path.name
    assert len(list((county / "setups").glob("34*.ttl"))) == 46  # Innlandet has 46 municipalities


def test_national_scale_has_the_real_order_of_units(tmp_path: Path) -> None:
    result = generate(tmp_path, scale="national", seed=1)
    assert len([f for f in result.files if f.stem.isdigit()]) == 357
    assert sum(result.units.values()) == KINDERGARTENS + SCHOOLS
    assert result.defects == []
    assert json.loads((tmp_path / "defects.json").read_text())["defects"] == []


def test_planted_defects_are_really_in_the_data(county: Path) -> None:
    defects = json.loads((county / "defects.json").read_text(encoding="utf-8"))["defects"]
    assert {d["kind"] for d in defects} <= set(DEFECT_KINDS)
    assert len({d["kind"] for d in defects}) >= 4
    store = Store(None)
    load_files(store, sorted((county / "setups").glob("*.ttl")))
    for d in defects:
        focus = f"<{d['value'] or d['focus']}>"  # a unit linked to no PPT is its municipality's finding
        ask = {
            "missing-ppt-link": f"ASK {{ GRAPH ?g {{ ?ppt <{LG.serves}> {focus} }} GRAPH ?h {{ ?ppt a ?t }} "
                                f"FILTER(?t IN (<{LG.PPT}>, <{LG.InterMunicipalPPT}>)) }}",
            "missing-owner": f"ASK {{ GRAPH ?g {{ ?o <{LG.owns}> {focus} }} }}",
            "small-child-count": f"ASK {{ GRAPH ?g {{ {focus} <{LG.numberOfChildren}> ?n FILTER(?n < 6) }} }}",
            "no-child-coordinator": f"ASK {{ GRAPH ?g {{ ?p a <{LG.ChildCoordinator}> ; "
                                    f"<http://www.w3.org/ns/org#postIn>/<{LG.municipality}> {focus} }} }}",
        }.get(d["kind"])
        if ask is None:
            continue
        expected = d["kind"] == "small-child-count"
        assert bool(store.oxigraph.query(ask)) is expected, d


def test_no_personal_data_and_everything_flagged(county: Path) -> None:
    subjects_flagged: set[str] = set()
    subjects: set[str] = set()
    for path in (county / "setups").glob("*.ttl"):
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
                subjects.add(t.subject.value)
            if t.predicate.value == str(LG.synthetic):
                subjects_flagged.add(t.subject.value)
            assert "foaf" not in t.predicate.value and "Person" not in t.object.value
            assert "@" not in t.object.value
    assert subjects and subjects <= subjects_flagged


def test_bad_scale_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--county"):
        generate(tmp_path, scale="county")
    with pytest.raises(ValueError, match="unknown scale"):
        generate(tmp_path, scale="planet")
