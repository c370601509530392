"""The validation report in headless Chromium: the /validate page and the standalone HTML report."""

from __future__ import annotations

from pathlib import Path

import pytest

from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.resources import example_files
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import validate
from laget_graph.web.reports import render

from ..conftest import LiveServer, requests_made

pytestmark = pytest.mark.browser
GJOVIK = next(p for p in example_files() if p.name == "gjovikregionen.ttl")


def test_upload_on_the_page_shows_the_findings(live_server: LiveServer, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/validate?lang=en")
    browser.find_element(By.ID, "file").send_keys(str(GJOVIK))
    browser.find_element(By.CSS_SELECTOR, "form.validate button[type=submit]").click()
    WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.ID, "report")))
    report = browser.find_element(By.ID, "report").text
    assert "The setup shows no child coordinator (barnekoordinator) in the municipality or its units." in report
    assert "Søndre Land" in report
    violations = browser.find_elements(By.CSS_SELECTOR, "li.finding.sev-Violation")
    assert len(violations) == 2
    assert all(u.startswith((live_server.url, "data:")) for u in requests_made(browser))
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_standalone_html_report_shows_the_findings(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    ds = Dataset()
    ds.add(parse_rdf(GJOVIK, rdf_format_for(GJOVIK), None, str(GJOVIK)))
    page = tmp_path / "rapport.html"
    report = validate(ds)
    page.write_text(render(report, "html", "nb"), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.title == "Valideringsrapport: laget rundt barnet"
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Oppsettet viser ingen barnekoordinator i kommunen eller enhetene dens." in body
    assert "Sammendrag: 1 oppsett, 2 brudd" in body
    findings = browser.find_elements(By.CSS_SELECTOR, "li.finding")
    assert len(findings) == sum(len(s.findings) for s in report.setups) > 100  # one item per finding
    colour = findings[0].value_of_css_property("border-left-color")
    assert colour != "rgba(0, 0, 0, 0)"
    assert all(u.startswith(("file://", "data:")) for u in requests_made(browser))
