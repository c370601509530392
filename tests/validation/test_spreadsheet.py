"""The coordinators' template: drop-downs, the Bærum example round-trip, and import errors."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
import rdflib

from laget_graph.ingest.spreadsheet.importer import ImportProblems, import_csv_folder, import_workbook
from laget_graph.ingest.spreadsheet.layout import LISTS_SHEET, TYPED_SHEETS
from laget_graph.ingest.spreadsheet.template import write_template
from laget_graph.resources import example_files

BAERUM = next(p for p in example_files() if p.name == "baerum.ttl")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "oppsett.xlsx"
    write_template(path)
    return path


def test_template_has_norwegian_sheets_and_drop_downs(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    assert [s.name for s in TYPED_SHEETS] == [n for n in wb.sheetnames if n in {s.name for s in TYPED_SHEETS}]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    coverage = wb["Kompetanse"]
    assert [c.value for c in coverage[1]][:4] == ["ID", "Aktør", "Kompetanseområde", "Nivå"]
    formulas = {dv.formula1 for dv in coverage.data_validations.dataValidation}
    assert len(formulas) == 2  # areas and tiers
    lists = wb[LISTS_SHEET]
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert "Dysleksi" in columns["areas"]
    assert "Nivå 1: alle" in columns["tiers"]
    assert "privat barnehage" in columns["actor_types"]


def test_the_bærum_example_round_trips(template: Path) -> None:
    imported = import_workbook(template.read_bytes(), str(template))
    assert set(imported) == set(rdflib.Graph().parse(BAERUM, format="turtle"))


def test_the_csv_twin_round_trips(tmp_path: Path) -> None:
    write_template(tmp_path / "csv")
    assert (tmp_path / "csv" / "Kompetanse.csv").is_file()
    imported = import_csv_folder(tmp_path / "csv")
    assert set(imported) == set(rdflib.Graph().parse(BAERUM, format="turtle"))


def test_a_blank_template_imports_to_nothing(tmp_path: Path) -> None:
    write_template(tmp_path / "blank.xlsx", example=False)
    assert len(import_workbook((tmp_path / "blank.xlsx").read_bytes(), "blank.xlsx")) == 0


def _edit(template: Path, target: Path, sheet: str, cell: str, value: str) -> Path:
    wb = openpyxl.load_workbook(template)
    wb[sheet][cell] = value
    wb.save(target)
    return target


def test_unknown_area_names_sheet_row_column_and_suggests(template: Path, tmp_path: Path) -> None:
    bad = _edit(template, tmp_path / "bad.xlsx", "Kompetanse", "C2", "dyslexi")
    with pytest.raises(ImportProblems) as exc:
        import_workbook(bad.read_bytes(), "bad.xlsx")
    assert exc.value.lines("nb") == [
        "Ark «Kompetanse», rad 2, kolonne C (Kompetanseområde): Kompetanseområde «dyslexi» finnes ikke; "
        "mente du «Dysleksi»?"]
    assert "did you mean “Dysleksi”?" in exc.value.message("en")


def test_wrong_header_is_named(template: Path, tmp_path: Path) -> None:
    bad = _edit(template, tmp_path / "header.xlsx", "Enheter", "E1", "Kommunenr")
    with pytest.raises(ImportProblems) as exc:
        import_workbook(bad.read_bytes(), "header.xlsx")
    assert exc.value.lines("en") == [
        "Sheet “Enheter”, row 1, column E (Kommune): the header is “Kommunenr” but must be “Kommune”"]


def test_every_bad_cell_is_reported_and_nothing_is_imported(template: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(template)
    wb["Enheter"]["E3"] = "32O1"  # letter O
    wb["Tiltak"]["L2"] = "sommer 2022"
    wb.save(tmp_path / "two.xlsx")
    with pytest.raises(ImportProblems) as exc:
        import_workbook((tmp_path / "two.xlsx").read_bytes(), "two.xlsx")
    where = [(p.sheet, p.row, p.column) for p in exc.value.problems]
    assert ("Enheter", 3, "E") in where and len(where) == 2


def test_unknown_sheet_gets_a_suggestion(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    write_template(folder, example=False)
    (folder / "Kompetanse.csv").rename(folder / "Kompetence.csv")
    with pytest.raises(ImportProblems) as exc:
        import_csv_folder(folder)
    assert "mente du «Kompetanse»?" in exc.value.message("nb")


def test_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    with pytest.raises(Exception) as exc:
        import_workbook(b"not a zip file at all", "x.xlsx")
    assert "x.xlsx" in exc.value.message("en")  # type: ignore[attr-defined]


def test_csv_rows_keep_their_text(tmp_path: Path) -> None:
    write_template(tmp_path / "csv")
    with (tmp_path / "csv" / "Enheter.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["ID", "Type", "Navn"]
    assert any(r[0] == "unit/3201/ppt" for r in rows[1:])


def test_the_workbook_filled_from_the_store_keeps_counts_and_priorities() -> None:
    """The store (Oxigraph) keeps an xsd:nonNegativeInteger or xsd:positiveInteger as xsd:integer (the
    same value); the coordinators' workbook filled from it must still carry child counts and priorities,
    or a download and re-upload would lose them."""
    from laget_graph.ingest import load_bundled
    from laget_graph.ingest.spreadsheet.template import workbook
    from laget_graph.namespaces import LG
    from laget_graph.store import Store

    store = Store(None)
    load_bundled(store)
    setup_graphs = [g.iri for g in store.graphs() if g.iri.endswith("/setup/3201")]
    setup = store.to_rdflib(setup_graphs)
    reference = store.to_rdflib(["https://w3id.org/laget/graph/reference", *setup_graphs])
    imported = import_workbook(workbook(setup, reference), "from-store.xlsx")
    original = rdflib.Graph().parse(BAERUM, format="turtle")
    for prop in (rdflib.URIRef(LG.numberOfChildren), rdflib.URIRef(LG.priority)):
        expected = {(s, int(o)) for s, o in original.subject_objects(prop)}
        assert expected, prop
        assert {(s, int(o)) for s, o in imported.subject_objects(prop)} == expected, prop
