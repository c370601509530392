"""Big runs take the merged path: each local shape once over every setup. It must give exactly the
findings of validating setups one by one, and on synthetic data exactly the planted faults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.synth import generate
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import plan, validate, validate_setup

LGSH = "https://w3id.org/laget/shapes#"
#: The shape(s) that must report each kind of planted fault.
EXPECTED_SHAPES = {
    "missing-ppt-link": ["UnitServedByPPT"],
    "missing-owner": ["UnitHasOwner"],
    "bad-organisation-number": ["OrganisationNumberCheckDigit"],
    "small-child-count": ["ChildCountAtLeastSix"],
    "no-child-coordinator": ["MunicipalityHasChildCoordinator"],
    "uncovered-need": ["NeedCoveredAtTier1", "NeedCoveredAtTier2"],
}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, list[dict[str, str]]]:
    out = tmp_path_factory.mktemp("synth-county")
    generate(out, scale="county", county="34", seed=3, defect_rate=0.06)
    ds = Dataset()
    for path in sorted((out / "setups").glob("*.ttl")):
        ds.add(parse_rdf(path, rdf_format_for(path), None, str(path)))
    return ds, json.loads((out / "defects.json").read_text(encoding="utf-8"))["defects"]


def test_only_team_scoped_sparql_shapes_are_run_setup_by_setup() -> None:
    non_local = sorted(str(c.shape).removeprefix(LGSH) for c in plan().compiled if not c.local)
    assert non_local == ["CountyAuthorityHasPPT", "MunicipalityPPTServesItsUnits", "NeedCoveredAtTier1",
                         "NeedCoveredAtTier2", "OwnerReportsToOwnCountyForum", "Tier3BuildsOnTier2",
                         "UnitServedByPPT"]


def test_merged_equals_one_by_one(county: tuple[Dataset, list[dict[str, str]]]) -> None:
    ds, _ = county
    merged = {r.graph: sorted(f.key for f in r.findings) for r in validate(ds).setups}
    single = {s: sorted(f.key for f in validate_setup(ds, s).findings) for s in ds.setups}
    assert merged == single
    assert sum(map(len, merged.values())) > 10


def test_merged_finds_exactly_the_planted_faults(county: tuple[Dataset, list[dict[str, str]]]) -> None:
    ds, defects = county
    assert {d["kind"] for d in defects} == set(EXPECTED_SHAPES), "seed 3 at 6 % plants every kind"
    expected = {(d["focus"], LGSH + shape) for d in defects for shape in EXPECTED_SHAPES[d["kind"]]}
    findings = [f for r in validate(ds).setups for f in r.findings]
    assert {(str(f.focus), str(f.shape)) for f in findings} == expected
    # a unit linked to no PPT is its municipality's finding, the unit its value: one finding per unit
    unlinked = [str(f.value) for f in findings if str(f.shape) == LGSH + "UnitServedByPPT"]
    assert sorted(unlinked) == sorted(d["value"] for d in defects if d["kind"] == "missing-ppt-link")


def test_revalidating_one_changed_setup(county: tuple[Dataset, list[dict[str, str]]], tmp_path: Path) -> None:
    ds, defects = county
    victim = next(d for d in defects if d["kind"] == "missing-owner")
    source = Path(ds.setups[f"https://w3id.org/laget/graph/setup/{victim['municipality']}"])
    fixed = tmp_path / source.name
    owner = f"<https://w3id.org/laget/id/kommune/{victim['municipality']}>"
    fixed.write_text(source.read_text(encoding="utf-8")
                     + f"\n{owner} <https://w3id.org/laget/def#owns> <{victim['focus']}> .\n", encoding="utf-8")
    graphs = ds.replace(parse_rdf(fixed, rdf_format_for(fixed), None, str(fixed)))
    findings = {(str(f.focus), str(f.shape)) for g in graphs for f in validate_setup(ds, g).findings}
    assert (victim["focus"], LGSH + "UnitHasOwner") not in findings
