"""A county in one run: neighbours between setups, and the planted defects of ``laget synth``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from laget_graph.cli import app
from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.synth import generate
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import validate_setup

LG = "https://w3id.org/laget/def#"
ID = "https://w3id.org/laget/id/"
HOST = f"""<{ID}unit/host/ppt> a <{LG}InterMunicipalPPT> ; <{LG}municipality> <{ID}kommune/3405> ;
    <{LG}serves> <{ID}kommune/3401> .""".encode()
GUEST = f"""<{ID}unit/guest/skole> a <{LG}PrimarySchool> ; <{LG}municipality> <{ID}kommune/3401> ;
    <{LG}refersTo> <{ID}unit/host/ppt> .""".encode()


def _shapes(ds: Dataset, setup: str) -> set[tuple[str, str, str]]:
    """(focus, shape, value) with the namespaces cut off."""
    return {(str(f.focus).removeprefix(ID), str(f.shape).split("#")[1], str(f.value or "").removeprefix(ID))
            for f in validate_setup(ds, setup).findings}


def test_an_inter_municipal_ppt_in_a_neighbours_file_counts_in_a_county_run() -> None:
    alone = Dataset()
    [guest] = alone.add(parse_rdf(GUEST, rdf_format_for("x.ttl"), f"{ID}g/guest", "guest.ttl"))
    # the school's municipality answers for the missing PPT, not the school
    assert ("kommune/3401", "UnitServedByPPT", "unit/guest/skole") in _shapes(alone, guest)
    county = Dataset()
    county.add(parse_rdf(HOST, rdf_format_for("x.ttl"), f"{ID}g/host", "host.ttl"))
    [guest] = county.add(parse_rdf(GUEST, rdf_format_for("x.ttl"), f"{ID}g/guest", "guest.ttl"))
    assert county.neighbours(guest) == [f"{ID}g/host"]
    found = _shapes(county, guest)
    assert ("kommune/3401", "UnitServedByPPT", "unit/guest/skole") not in found
    assert ("kommune/3401", "MunicipalityHasPPT", "") not in found
    assert {f.key for f in validate_setup(county, guest).findings} == {
        f.key for f in validate_setup(county, guest, "pyshacl").findings}


def test_validation_finds_exactly_the_defects_synth_planted(tmp_path: Path) -> None:
    result = generate(tmp_path, scale="county", county="34", seed=7, defect_rate=0.05)
    out = tmp_path / "report.json"
    run = CliRunner().invoke(app, ["validate", str(tmp_path / "setups"), "-f", "json", "-o", str(out)])
    assert run.exit_code == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["setups"] == len(result.files)
    violations = {f["focusNode"] for s in report["setups"] for f in s["findings"] if f["severity"] == "Violation"}
    warnings = {f["focusNode"] for s in report["setups"] for f in s["findings"]
                if f["shapeName"].startswith("lgsh:NeedCoveredAtTier")}
    coordinators = {f["focusNode"] for s in report["setups"] for f in s["findings"]
                    if f["shapeName"] == "lgsh:MunicipalityHasChildCoordinator" and f["severity"] == "Warning"}
    warned = ("uncovered-need", "no-child-coordinator")  # programme expectations, not legal duties
    planted = {d.focus for d in result.defects if d.kind not in warned}
    uncovered = {d.focus for d in result.defects if d.kind == "uncovered-need"}
    assert planted and violations == planted
    assert uncovered <= warnings
    assert coordinators == {d.focus for d in result.defects if d.kind == "no-child-coordinator"}
