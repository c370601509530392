"""Self-service validation: the template from /validate (blank or pre-filled from the store), names in
drop-downs instead of IDs, and findings that name the sheet, row and column to fix."""

from __future__ import annotations

import base64
import html
import io
import re

import httpx
import openpyxl
import pytest
import rdflib
from openpyxl.utils import get_column_letter

from laget_graph.ingest.spreadsheet.importer import ImportProblems, import_workbook
from laget_graph.ingest.spreadsheet.layout import LISTS_SHEET
from laget_graph.ingest.spreadsheet.origins import Origins
from laget_graph.resources import example_files
from laget_graph.store import Store

from ..conftest import LiveServer

LGD = "https://w3id.org/laget/id/"
LG = "https://w3id.org/laget/def#"


def template(server: LiveServer, municipality: str | None = None) -> httpx.Response:
    params = {"lang": "nb", **({"municipality": municipality} if municipality else {})}
    return httpx.get(f"{server.url}/validate/template.xlsx", params=params, timeout=120)


@pytest.fixture(scope="module")
def baerum_xlsx(live_server: LiveServer) -> bytes:
    response = template(live_server, "Bærum")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="laget-baerum-3201.xlsx"'
    return response.content


def header_column(ws: object, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1  # type: ignore[index]


def row_of(ws: object, ref: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == ref)  # type: ignore[attr-defined]


def upload(server: LiveServer, data: bytes, name: str, lang: str = "nb") -> httpx.Response:
    return httpx.post(f"{server.url}/validate?lang={lang}", files={"file": (name, data)}, timeout=120)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_blank_template_has_drop_downs_of_names(live_server: LiveServer) -> None:
    response = template(live_server)
    assert response.headers["content-disposition"] == 'attachment; filename="laget-mal.xlsx"'
    assert len(import_workbook(response.content, "blank.xlsx")) == 0
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    lists = {col[0].value: [c.value for c in col[1:] if c.value] for col in wb[LISTS_SHEET].iter_cols()}
    names, ids = lists["aktører"], lists["aktør-id"]
    assert ids[names.index("Statped sørøst")] == "statped/sorost"
    assert ids[names.index("Bærum (3201)")] == "kommune/3201"
    assert "Bærum (3201)" in lists["kommuner"] and "Gjøvik (3407)" in lists["kommuner"]
    assert names[-1].startswith("=IF(Enheter!C"), "units typed into the sheet join the drop-down"

    def validated(sheet: str) -> dict[str, str]:
        ws = wb[sheet]
        return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
                for dv in ws.data_validations.dataValidation}

    kommune = get_column_letter(header_column(wb["Enheter"], "Kommune"))
    assert set(validated("Relasjoner")) == {"A", "B", "C"}
    aktor_list = validated("Relasjoner")["A"]
    assert validated("Relasjoner")["C"] == aktor_list and aktor_list != validated("Relasjoner")["B"]
    assert validated("Enheter")[kommune] != aktor_list  # municipalities have their own list
    uh = get_column_letter(header_column(wb["Kompetanseløft"], "UH-partner"))
    assert validated("Kompetanseløft")[uh] == aktor_list


def test_prefilled_template_is_the_stored_setup_by_name(baerum_xlsx: bytes, bundled_store: Store) -> None:
    imported = import_workbook(baerum_xlsx, "baerum.xlsx")
    assert set(imported) == set(bundled_store.to_rdflib(["setup/3201"]))
    wb = openpyxl.load_workbook(io.BytesIO(baerum_xlsx))
    programmes = wb["Kompetanseløft"]
    row = row_of(programmes, "programme/3201/alle-pa-laget")
    assert programmes.cell(row, header_column(programmes, "Koordinert fra")).value == "Bærum PPT"
    assert programmes.cell(row, header_column(programmes, "Eier")).value == "Bærum (3201)"
    relations = wb["Relasjoner"]
    assert any(relations.cell(r, 3).value == "Statped sørøst" for r in range(2, relations.max_row + 1))


def test_names_become_ids_and_typos_get_a_suggestion(baerum_xlsx: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(baerum_xlsx))
    relations = wb["Relasjoner"]
    new = relations.max_row + 1
    relations.cell(new, 1).value, relations.cell(new, 2).value, relations.cell(new, 3).value = (
        "Bærum PPT", "samarbeider med", "NTNU")
    ok = io.BytesIO()
    wb.save(ok)
    graph = import_workbook(ok.getvalue(), "ok.xlsx")
    assert (rdflib.URIRef(LGD + "unit/3201/ppt"), rdflib.URIRef(LG + "collaboratesWith"),
            rdflib.URIRef(LGD + "uh/ntnu")) in graph
    relations.cell(new, 3).value = "Statped sørøstt"
    programmes = wb["Kompetanseløft"]
    programmes.cell(row_of(programmes, "programme/3201/alle-pa-laget"),
                    header_column(programmes, "UH-partner")).value = "uh/ntnuu"
    bad = io.BytesIO()
    wb.save(bad)
    with pytest.raises(ImportProblems) as exc:
        import_workbook(bad.getvalue(), "bad.xlsx")
    lines = exc.value.lines("nb")
    assert any(f"rad {new}, kolonne C (Til)" in line and "mente du «Statped sørøst»?" in line for line in lines), lines
    assert any("kolonne J (UH-partner)" in line and "«uh/ntnuu»" in line and "mente du «uh/ntnu»?" in line
               for line in lines), lines


def test_one_cell_changed_the_finding_names_that_cell(live_server: LiveServer, baerum_xlsx: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(baerum_xlsx))
    units = wb["Enheter"]
    row, col = row_of(units, "unit/3201/baerum-skole-03"), header_column(units, "Antall barn")
    units.cell(row, col).value = 3
    changed = io.BytesIO()
    wb.save(changed)
    page = upload(live_server, changed.getvalue(), "baerum.xlsx", "en")
    assert page.status_code == 200
    text = text_of(page.text)
    cell = f"Fix it in sheet “Enheter”, row {row}, column {get_column_letter(col)} (Antall barn)"
    assert cell in text
    # the missing university partner (gap G3) points at the empty cell, the RDF term stays for experts
    assert "Fix it in sheet “Kompetanseløft”, row 2: fill in column J (UH-partner)" in text
    assert re.search(r"RDF: <code>lgd:programme/3201/alle-pa-laget</code> <code>lg:universityPartner</code>",
                     page.text)
    # the report to download says the same, in one self-contained file
    link = re.search(r'id="download-report" href="data:text/html;charset=utf-8;base64,([^"]+)" '
                     r'download="rapport-baerum.html"', page.text)
    assert link, "a download button for the report"
    report = base64.b64decode(link.group(1)).decode()
    assert cell in html.unescape(report) and "<script" not in report


def test_a_finding_at_the_municipality_points_to_the_unit_s_row(live_server: LiveServer, baerum_xlsx: bytes) -> None:
    """A school linked to no PPT is Bærum's finding (the PPT is the municipality's duty), the school its
    value: the municipality has no row of its own, so the report points to the school's row."""
    wb = openpyxl.load_workbook(io.BytesIO(baerum_xlsx))
    relations = wb["Relasjoner"]
    for r in range(relations.max_row, 1, -1):
        pair = {relations.cell(r, 1).value, relations.cell(r, 3).value}
        if pair == {"Bærum skole 03", "Bærum PPT"}:  # PPT serves the school, the school refers to PPT
            relations.delete_rows(r)
    changed = io.BytesIO()
    wb.save(changed)
    page = upload(live_server, changed.getvalue(), "baerum.xlsx", "en")
    assert page.status_code == 200
    text = " ".join(text_of(page.text).split())
    row = row_of(wb["Enheter"], "unit/3201/baerum-skole-03")
    finding = text.split("Bærum https://w3id.org/laget/id/kommune/3201")[1].split("rule:")[0]
    assert "serves Bærum school 03" in finding
    assert f"Fix it in sheet “Enheter”, row {row}" in finding


def test_rdf_uploads_name_the_node_not_a_cell(live_server: LiveServer) -> None:
    gjovik = next(p for p in example_files() if p.name == "gjovikregionen.ttl").read_bytes()
    page = upload(live_server, gjovik, "gjovik.ttl", "en")
    assert "Fix it in sheet" not in page.text and 'class="where"' not in page.text
    assert 'id="download-report"' in page.text


def test_unknown_municipality_for_the_template(live_server: LiveServer) -> None:
    response = template(live_server, "Atlantis")
    assert response.status_code == 404
    assert "Fant ingen entydig kommune for «Atlantis»." in response.text


def test_validate_page_offers_the_template_for_the_chosen_municipality(live_server: LiveServer) -> None:
    page = httpx.get(f"{live_server.url}/validate", params={"municipality": "3201", "lang": "en"}).text
    assert 'action="/validate/template.xlsx"' in page and 'value="Bærum (3201)"' in page
    assert 'href="/validate/template.xlsx?lang=en"' in page and "laget template" not in page


def test_origins_locate_rows_columns_and_relations() -> None:
    origins = Origins()
    origins.column("Tiltak", LG + "provider", "H", "Tilbyder")
    origins.row(LGD + "measure/x", "Tiltak", 4)
    origins.filled("Tiltak", 4, "H")
    origins.triple(LGD + "unit/a", LG + "serves", LGD + "unit/b", "Relasjoner", 7, "B", "Relasjon")
    assert origins.locate(LGD + "measure/x", LG + "provider").text("en") == (
        "Fix it in sheet “Tiltak”, row 4, column H (Tilbyder)")
    assert origins.locate(LGD + "measure/x", LG + "other").text("nb") == "Rett i ark «Tiltak», rad 4"
    assert origins.locate(LGD + "unit/a", LG + "serves").row == 7
    assert origins.locate(LGD + "kommune/3201") is None
