"""``laget validate``, ``laget template`` and ``laget import`` as a user runs them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
import rdflib
from typer.testing import CliRunner

from laget_graph.cli import app
from laget_graph.resources import example_files
from laget_graph.validation.shapes import SH

EXAMPLES = example_files()[0].parent
BAERUM = EXAMPLES / "baerum.ttl"
runner = CliRunner()


def laget(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_a_county_folder_in_one_run_with_violations_exits_1() -> None:
    result = laget("validate", str(EXAMPLES), "--lang", "en")
    assert result.exit_code == 1
    assert "== setup/3201" in result.stdout and "== setup/gjovikregionen" in result.stdout
    assert "Søndre Land" in result.stdout
    assert "The setup shows no child coordinator (barnekoordinator) in the municipality or its units." in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("Summary: 2 setups, 2 violations")
    # the school linked to no PPT is shown under its municipality, whose duty the PPT is, and named
    ostre_toten = result.stdout.split("Østre Toten  <https://w3id.org/laget/id/kommune/3442>")[1]
    assert ostre_toten.lstrip().startswith(
        "✗ VIOLATION: The setup shows no educational-psychological service (PPT) that serves Østre Toten "
        "school 05, and the unit refers to none. It is Østre Toten that must see to it")


def test_warnings_fail_only_when_asked() -> None:
    assert laget("validate", str(BAERUM)).exit_code == 0
    result = laget("validate", str(BAERUM), "--fail-on", "warning")
    assert result.exit_code == 1
    assert "Sammendrag: 1 oppsett, 0 brudd" in result.stdout


def test_json_report() -> None:
    result = laget("validate", str(BAERUM), "--format", "json", "--lang", "en")
    report = json.loads(result.stdout)
    assert report["conforms"] is True and report["exitCode"] == 0
    messages = {f["message"] for s in report["setups"] for f in s["findings"]}
    assert ("The need is in the competence area Language and multilingualism, but the setup shows nobody in the "
            "team who covers it at tier 2, and no measure at tier 2 that addresses the need.") in messages


def test_turtle_report_is_a_standard_validation_report() -> None:
    result = laget("validate", str(EXAMPLES), "--format", "ttl")
    g = rdflib.Graph().parse(data=result.stdout, format="turtle")
    reports = set(g.subjects(rdflib.RDF.type, SH.ValidationReport))
    assert len(reports) == 2
    # 21 in Bærum, 128 in Gjøvikregionen (117 of them units that take part in no measure yet)
    assert len(set(g.subjects(rdflib.RDF.type, SH.ValidationResult))) == 149
    assert {m.language for m in g.objects(None, SH.resultMessage)} == {"nb", "en"}


def test_junit_report_for_ci(tmp_path: Path) -> None:
    out = tmp_path / "junit.xml"
    result = laget("validate", str(EXAMPLES), "--format", "junit", "-o", str(out))
    assert result.exit_code == 1
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites" and len(root.findall("testsuite")) == 2
    gjovik = next(s for s in root.findall("testsuite") if s.get("name", "").endswith("gjovikregionen"))
    failed = {c.get("name"): c.find("failure") for c in gjovik.iter("testcase") if c.find("failure") is not None}
    assert set(failed) == {"lgsh:UnitServedByPPT"}
    lines = failed["lgsh:UnitServedByPPT"].text.splitlines()  # type: ignore[union-attr]
    assert sorted(line.split(" <")[0] for line in lines) == ["Gran", "Østre Toten"]  # the municipalities
    result = laget("validate", str(EXAMPLES), "--format", "junit", "-o", str(out), "--fail-on", "warning")
    gjovik = next(s for s in ET.parse(out).getroot().findall("testsuite")
                  if s.get("name", "").endswith("gjovikregionen"))
    failed = {c.get("name") for c in gjovik.iter("testcase") if c.find("failure") is not None}
    assert {"lgsh:MunicipalityHasChildCoordinator", "lgsh:UnitServedByPPT", "lgsh:PrivateUnitLinkedToPPT",
            "lgsh:PrivateUnitLinkedToChildWelfare"} <= failed


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    laget("validate", str(EXAMPLES), "--format", "html", "-o", str(out), "--lang", "en")
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html
    assert "Gran kindergarten 12" in html or "Gran barnehage 12" in html


def test_malformed_rdf_names_the_line_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix lg: <https://w3id.org/laget/def#> .\n\nlg:x lg:y \"unterminated .\n", encoding="utf-8")
    out = tmp_path / "report.txt"
    result = laget("validate", str(bad), "--lang", "en", "-o", str(out))
    assert result.exit_code == 2
    assert f"{bad}, line 3" in result.stderr
    assert f"{bad}, line 3" in out.read_text(encoding="utf-8")  # the report is written and names the problem


@pytest.mark.parametrize("fmt", ["text", "json", "ttl", "junit", "html"])
def test_a_broken_file_in_a_county_still_gets_the_whole_report_written(tmp_path: Path, fmt: str) -> None:
    county = tmp_path / "county"
    county.mkdir()
    for example in (BAERUM, EXAMPLES / "gjovikregionen.ttl"):
        (county / example.name).write_bytes(example.read_bytes())
    (county / "broken.ttl").write_text("lg:x lg:y .\n", encoding="utf-8")  # undeclared prefix
    out = tmp_path / f"report.{fmt}"
    result = laget("validate", str(county), "--lang", "en", "--format", fmt, "-o", str(out))
    assert result.exit_code == 2
    written = out.read_text(encoding="utf-8")
    assert "broken.ttl" in written
    assert "3201" in written and "gjovikregionen" in written  # the usable setups are all reported
    if fmt == "junit":
        root = ET.fromstring(written)
        errors = [e for e in root.iter("error") if "broken.ttl" in (e.get("message", "") + (e.text or ""))]
        assert errors
    if fmt == "json":
        assert [p["source"] for p in json.loads(written)["problems"]] == [str(county / "broken.ttl")]
    if fmt == "ttl":
        graph = rdflib.Graph().parse(data=written, format="turtle")
        unusable = [r for r in graph.subjects(SH.conforms, rdflib.Literal(False))
                    if "broken.ttl" in str(graph.value(r, rdflib.namespace.DCTERMS.source))]
        assert unusable


def test_empty_file_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_bytes(b"")
    result = laget("validate", str(empty), "--lang", "en")
    assert result.exit_code == 2
    assert "the file is empty" in result.stderr


def test_twenty_megabytes_are_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.ttl"
    with big.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    out = tmp_path / "report.json"
    result = laget("validate", str(big), "--format", "json", "-o", str(out), "--lang", "en")
    assert result.exit_code == 2
    assert "the file is 20.0 MB; the limit is 5.0 MB" in result.stderr
    assert "the file is 20.0 MB" in json.loads(out.read_text())["problems"][0]["message"]


def test_rdf_xml_with_entities_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', encoding="utf-8")
    result = laget("validate", str(bomb), "--lang", "en")
    assert result.exit_code == 2
    assert "DOCTYPE" in result.stderr


def test_jsonld_with_a_remote_context_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{"@context": "https://example.org/context.jsonld", "@id": "urn:x", "name": "x"}', encoding="utf-8")
    result = laget("validate", str(doc), "--lang", "en")
    assert result.exit_code == 2
    assert "invalid RDF" in result.stderr


def test_template_import_round_trip_and_validate_the_spreadsheet(tmp_path: Path) -> None:
    xlsx, ttl = tmp_path / "oppsett.xlsx", tmp_path / "oppsett.ttl"
    assert laget("template", "-o", str(xlsx)).exit_code == 0
    assert laget("import", str(xlsx), "-o", str(ttl)).exit_code == 0
    assert set(rdflib.Graph().parse(ttl)) == set(rdflib.Graph().parse(BAERUM))
    result = laget("validate", str(xlsx), "--lang", "en")
    assert result.exit_code == 0
    assert "The setup shows no university or university-college partner of the programme" in result.stdout


def test_csv_template(tmp_path: Path) -> None:
    assert laget("template", "-o", str(tmp_path / "csv")).exit_code == 0
    assert laget("import", str(tmp_path / "csv"), "-o", str(tmp_path / "x.ttl")).exit_code == 0
    assert (tmp_path / "x.ttl").stat().st_size > 0


@pytest.mark.parametrize(("sheet", "cell", "value", "expected"), [
    ("Kompetanse", "C2", "dyslexi", "Kompetanseområde «dyslexi» finnes ikke; mente du «Dysleksi»?"),
    ("Enheter", "A1", "Id", "overskriften er «Id», men skal være «ID»"),
])
def test_bad_spreadsheet_writes_nothing(tmp_path: Path, sheet: str, cell: str, value: str, expected: str) -> None:
    xlsx, ttl = tmp_path / "oppsett.xlsx", tmp_path / "oppsett.ttl"
    laget("template", "-o", str(xlsx))
    wb = openpyxl.load_workbook(xlsx)
    wb[sheet][cell] = value
    wb.save(xlsx)
    result = laget("import", str(xlsx), "-o", str(ttl), "--lang", "nb")
    assert result.exit_code == 2
    assert f"Ark «{sheet}», rad {cell[1:]}, kolonne {cell[0]}" in result.stderr
    assert expected in result.stderr
    assert "Ingenting er skrevet." in result.stderr
    assert not ttl.exists()
    assert laget("validate", str(xlsx)).exit_code == 2


def test_a_csv_template_folder_is_one_setup(tmp_path: Path) -> None:
    laget("template", "-o", str(tmp_path / "baerum-csv"))
    result = laget("validate", str(tmp_path / "baerum-csv"), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert [s["graph"] for s in report["setups"]] == ["https://w3id.org/laget/graph/setup/3201"]
    assert report["summary"]["warnings"] == 19  # Bærum's: test_examples.test_baerum


def test_validate_reads_the_folder_laget_synth_wrote(tmp_path: Path) -> None:
    """The planted-fault list (defects.json) beside the setups is not taken for a setup."""
    out = tmp_path / "synth"
    assert laget("synth", "--scale", "region", "--municipalities", "3201,3203", "--defects", "0.5",
                 "-o", str(out)).exit_code == 0
    assert (out / "defects.json").is_file()
    result = laget("validate", str(out), "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    assert "defects.json" not in result.stderr
