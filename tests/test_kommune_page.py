"""The municipality page /kommune/3201 over real HTTP: the team, the matrix, the findings in plain
words, the latest validation, the versions section, the downloadable file and the PDF."""

from __future__ import annotations

import re

import httpx
import pytest

from laget_graph.store import Store
from laget_graph.validation.render.common import counts
from laget_graph.validation.stored import validate_stored

from .conftest import LiveServer

SECTIONS = {"nb": ["Laget på et blikk", "Kompetanseløftet: organisering, partnere og tiltak",
                   "Dekning: kompetanseområde × nivå", "Ansvar og rettsgrunnlag", "Hull og sårbare punkter",
                   "Siste validering", "Versjoner"],
            "en": ["The team at a glance", "The competence programme: organisation, partners and measures",
                   "Coverage: competence area × tier", "Responsibilities and legal bases",
                   "Gaps and single points of failure", "Latest validation",
                   "Versions"]}


def get(server: LiveServer, path: str, **params: str) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, timeout=120)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_page_has_every_section_in_its_language(live_server: LiveServer, lang: str) -> None:
    html = get(live_server, "/kommune/3201", lang=lang).text
    assert re.findall(r'<h2 id="h-[a-z]+">([^<]+)</h2>', html) == SECTIONS[lang]
    assert "<h1>Bærum <small>" in html
    assert "Bærum PPT → Statped sørøst" in html or "Bærum educational-psychological service (PPT) → Statped" in html


def test_matrix_is_a_table_with_row_and_column_headers(live_server: LiveServer) -> None:
    html = get(live_server, "/kommune/3201", lang="en").text
    table = re.search(r'<table class="coverage">(.*?)</table>', html, re.S).group(1)  # type: ignore[union-attr]
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == ["Competence area", "tier 1", "tier 2", "tier 3"]
    rows = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert "Behavioural and psychosocial difficulties" in rows and len(rows) == 8
    assert table.count('class="gap"') == 18  # the analysis's 18 uncovered cells
    assert 'aria-label="no cover"' in table


def test_responsibilities_with_their_paragraphs_on_lovdata(live_server: LiveServer) -> None:
    html = get(live_server, "/kommune/3201", lang="nb").text
    table = re.search(r'<table class="duties">(.*?)</table>', html, re.S).group(1)  # type: ignore[union-attr]
    rows = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert "Sakkyndig vurdering" in rows and "Ha en pedagogisk-psykologisk tjeneste" in rows and len(rows) == 12
    assert '<a href="https://lovdata.no/lov/2023-06-09-30/§11-13">opplæringslova § 11-13</a>' in table
    # the paragraph's own date where known, else the act's, said as such
    assert "helse- og omsorgstjenesteloven § 7-2 a</a> <small>(i kraft fra 2022-08-01)</small>" in table
    assert "barnehageloven § 33</a> <small>(loven i kraft fra 2006-01-01)</small>" in table
    assert "ikke lovhjemlet" in table  # the coordination duty has no paragraph
    english = get(live_server, "/kommune/3201", lang="en").text
    assert "Education Act (opplæringslova) section 11-13</a> <small>(the act in force from 2024-08-01)" in english


def test_findings_and_validation_are_those_of_the_stored_setup(live_server: LiveServer, bundled_store: Store) -> None:
    html = get(live_server, "/kommune/3201", lang="nb").text
    assert "Ingen i laget dekker Språk-, tale- og kommunikasjonsvansker – på noe nivå." in html
    assert "Hvis Bærum PPT faller bort, mister laget all dekning av Lærevansker (nivå 3)." in html
    c = counts(validate_stored(bundled_store, ["https://w3id.org/laget/graph/setup/3201"]))
    assert f'<span class="sev-Warning">{c.warnings} advarsler</span>' in html and c.warnings > 0
    assert "Oppsettet viser ingen universitets- eller høgskolepartner" in html  # gap G3, as a finding
    versions = re.search(r'<section aria-labelledby="h-versions" id="versions".*?</section>', html, re.S)
    assert versions and "Bærum, versjon 1: medfølgende data, lastet inn" in versions.group(0)
    assert "fra baerum.ttl (gjeldende)" in versions.group(0)


@pytest.mark.parametrize(("lang", "sentence"), [
    ("nb", "Oppsettet viser ingen PP-tjeneste som betjener Østre Toten skole 05, og enheten henviser ikke til noen. "
           "Det er Østre Toten som skal sørge for"),
    ("en", "The setup shows no educational-psychological service (PPT) that serves Østre Toten school 05, and the "
           "unit refers to none. It is Østre Toten that must see to it"),
])
def test_a_unit_without_ppt_is_shown_under_the_municipality_that_owes_it(live_server: LiveServer, lang: str,
                                                                        sentence: str) -> None:
    html = get(live_server, "/kommune/3442", lang=lang).text
    heading = '<h3>Østre Toten <small><code>https://w3id.org/laget/id/kommune/3442</code></small></h3>'
    assert heading in html
    assert sentence in html.split(heading)[1].split("</article>")[0]


def test_municipality_without_a_setup_says_how_to_get_one(live_server: LiveServer) -> None:
    html = get(live_server, "/kommune/0301", lang="en").text
    assert 'id="no-setup"' in html and "Download the template" in html
    assert '<table class="coverage">' not in html


def test_download_is_one_self_contained_file(live_server: LiveServer) -> None:
    response = get(live_server, "/kommune/3201/rapport.html", lang="nb")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="laget-baerum-3201.html"'
    html = response.text
    assert html.count("<style>") == 3 and "@media print" in html
    assert "<script" not in html and "<link" not in html and not re.search(r'\ssrc="', html)
    assert "default-src 'none'" in html  # the file itself forbids every request
    page = get(live_server, "/kommune/3201", lang="nb").text
    table = re.compile(r'<table class="coverage">.*?</table>', re.S)
    assert table.search(html).group(0) == table.search(page).group(0)  # type: ignore[union-attr]
    assert 'class="top"' not in html  # no menu in the file


def test_pdf_is_rendered_without_a_browser(live_server: LiveServer) -> None:
    pytest.importorskip("weasyprint", reason="the pdf extra (WeasyPrint) is part of the test tools")
    response = get(live_server, "/kommune/3201/rapport.pdf", lang="en")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 10_000
    assert response.headers["content-disposition"] == 'attachment; filename="laget-baerum-3201.pdf"'
    assert 'href="/kommune/3201/rapport.pdf?lang=en"' in get(live_server, "/kommune/3201", lang="en").text


def test_summary_as_json(live_server: LiveServer) -> None:
    body = get(live_server, "/api/kommune/3201", lang="en").json()
    assert body["name"] == "Bærum" and body["ppt"][0]["serves"] == 48
    assert get(live_server, "/api/kommune/9999").status_code == 404
