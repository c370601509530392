"""The query editor in headless Chromium: YASGUI from the package's own assets, taught the model.
Named queries open with a form (pickers by name from the SKOS schemes and the reference data), run,
and link their IRIs to the app's pages; classes and properties complete from the local ontology;
share links round-trip; answers download as CSV, TSV and JSON; a count column draws as a bar chart.
Every test also checks that nothing was fetched from anywhere but this server and that the console
stayed free of errors."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from laget_graph.web.deps import STATIC_DIR
from tests.conftest import LiveServer, blank_page, requests_made


@pytest.fixture
def browser(module_browser: object, live_server: LiveServer) -> object:
    """One Chromium for this module's tests, blank for each (no cookies, cache, storage or logs)."""
    return blank_page(module_browser, [live_server.url])


def open_editor(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    if not (STATIC_DIR / "vendor" / "yasgui" / "yasgui.min.js").is_file():
        pytest.fail("YASGUI is not installed: run 'make setup' (npm install of @zazuko/yasgui)")
    browser.get(url)
    WebDriverWait(browser, 20).until(
        lambda d: d.find_element("id", "named-queries").get_attribute("data-loaded"))


def only_this_server_and_no_errors(browser, server_url: str) -> None:  # type: ignore[no-untyped-def]
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []  # nothing blocked by the Content-Security-Policy, no failed request
    hosts = {urlparse(u).netloc for u in requests_made(browser) if u.startswith("http")}
    assert hosts == {urlparse(server_url).netloc}


def pick_named(browser, name: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import Select, WebDriverWait

    Select(browser.find_element("id", "named-queries")).select_by_value(name)
    WebDriverWait(browser, 20).until(lambda d: not d.find_element("id", "named-form").get_attribute("hidden"))
    WebDriverWait(browser, 20).until(lambda d: all(
        s.get_attribute("data-loaded") for s in d.find_elements("css selector", "#named-fields select")))


def query_text(browser) -> str:  # type: ignore[no-untyped-def]
    return browser.execute_script("return window.lagetYasgui.getTab().getQuery()")


@pytest.mark.browser
def test_the_form_fills_and_runs_a_named_query(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import Select, WebDriverWait

    open_editor(browser, f"{live_server.url}/sparql?lang=en")
    pick_named(browser, "coverage-by-area-tier")
    area = Select(browser.find_element("id", "param-area"))
    assert area.first_selected_option.text == "Trauma (6.4)"  # the default, shown by its name
    names = [o.text for o in Select(browser.find_element("id", "param-municipality")).options]
    assert "Bærum (3201)" in names and "Oslo (0301)" in names and len(names) == 357  # by name
    assert [o.text.split(":")[0] for o in Select(browser.find_element("id", "param-tier")).options] == [
        "Tier 1", "Tier 2", "Tier 3"]  # from the SKOS scheme, in its order
    Select(browser.find_element("id", "param-municipality")).select_by_visible_text("Gjøvik (3407)")
    Select(browser.find_element("id", "param-tier")).select_by_value("https://w3id.org/laget/tier/3")
    area.select_by_value("https://w3id.org/laget/area/atferd-psykososiale-vansker")
    # the SPARQL is hidden until asked for
    assert not browser.find_element("css selector", ".yasqe").is_displayed()
    browser.find_element("id", "named-run").click()
    WebDriverWait(browser, 20).until(lambda d: "results in" in d.find_element("css selector", ".yasr").text)
    text = query_text(browser)
    assert "<https://w3id.org/laget/id/kommune/3407>" in text and "<https://w3id.org/laget/tier/3>" in text
    assert "<https://w3id.org/laget/area/atferd-psykososiale-vansker>" in text
    results = browser.find_element("css selector", ".yasr").text
    assert "BUP Gjøvik" in results and "RVTS Øst" in results  # behaviour at tier 3 for Gjøvik
    links = [a.get_attribute("href") for a in browser.find_elements("css selector", ".yasr a.iri")]
    assert links and all(urlparse(h).netloc == urlparse(live_server.url).netloc for h in links)
    assert any(urlparse(h).path.startswith("/id/rvts/") for h in links)  # the app's page, not w3id.org
    assert "lgd:rvts/ost" in results  # shown with the project's prefixes
    # on demand: the generated SPARQL, its header and PREFIX block folded
    browser.find_element("id", "toggle-sparql").click()
    WebDriverWait(browser, 5).until(lambda d: d.find_element("css selector", ".yasqe").is_displayed())
    assert len(browser.find_elements("css selector", ".yasqe .CodeMirror-foldmarker")) == 2
    visible = browser.find_element("css selector", ".yasqe .CodeMirror-code").text
    assert "#+ title@nb" in visible and "#+ param" not in visible and "PREFIX skos" not in visible
    only_this_server_and_no_errors(browser, live_server.url)


@pytest.mark.browser
def test_a_bad_value_is_refused_with_the_reason(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    open_editor(browser, f"{live_server.url}/sparql?lang=en")
    pick_named(browser, "measures-per-tier-period")
    field = browser.find_element("id", "param-from")
    assert field.get_attribute("type") == "number" and field.get_attribute("value") == "2021"
    browser.execute_script("arguments[0].type = 'text'; arguments[0].value = 'twenty'", field)
    browser.find_element("id", "named-run").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element("id", "named-error").text)
    assert "twenty" in browser.find_element("id", "named-error").text


@pytest.mark.browser
def test_a_share_link_opens_the_same_query(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    open_editor(browser, f"{live_server.url}/sparql?lang=en")
    pick_named(browser, "municipalities-without-child-coordinator")
    browser.find_element("id", "named-run").click()
    WebDriverWait(browser, 20).until(lambda d: "Søndre Land" in d.find_element("css selector", ".yasr").text)
    original = query_text(browser)
    assert "VALUES (?county)" in original
    browser.find_element("id", "toggle-sparql").click()
    WebDriverWait(browser, 5).until(lambda d: d.find_element("css selector", ".yasqe_share").is_displayed())
    browser.find_element("css selector", ".yasqe_share").click()
    link = WebDriverWait(browser, 5).until(
        lambda d: d.find_element("css selector", ".yasqe_sharePopup input").get_attribute("value"))
    assert link.startswith(f"{live_server.url}/sparql")
    browser.delete_all_cookies()
    browser.execute_script("window.localStorage.clear()")  # a colleague's browser: nothing remembered
    browser.get("about:blank")
    browser.get(link)
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return !!window.lagetYasgui"))
    assert query_text(browser) == original
    browser.execute_script("window.lagetYasgui.getTab().query()")
    WebDriverWait(browser, 20).until(lambda d: "Søndre Land" in d.find_element("css selector", ".yasr").text)
    only_this_server_and_no_errors(browser, live_server.url)


@pytest.mark.browser
def test_classes_and_properties_complete_from_the_local_ontology(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    open_editor(browser, f"{live_server.url}/sparql?lang=en")
    prefixes = "PREFIX lg: <https://w3id.org/laget/def#>\n"

    def hints(text: str) -> list[str]:
        browser.execute_script(
            "var y = window.lagetYasgui.getTab().getYasqe(); y.setValue(arguments[0]);"
            "y.focus(); y.getDoc().setCursor(y.getDoc().lastLine(), 1e6); y.autocomplete();", prefixes + text)
        WebDriverWait(browser, 10).until(lambda d: d.find_elements("css selector", ".CodeMirror-hints li"))
        return [li.text for li in browser.find_elements("css selector", ".CodeMirror-hints li")]

    assert "lg:Municipality" in hints("SELECT * WHERE { ?s a lg:Munic")
    found = hints("SELECT * WHERE { ?s lg:municipa")
    assert "lg:municipality" in found and "lg:municipalityNumber" in found
    only_this_server_and_no_errors(browser, live_server.url)


@pytest.mark.browser
def test_downloads_history_and_a_chart_of_the_counts(live_server, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path),
                                                            "eventsEnabled": True})
    open_editor(browser, f"{live_server.url}/sparql?lang=en")
    assert "COUNT(?s) AS ?n" in query_text(browser)  # the starter: instances per class
    browser.execute_script("window.lagetYasgui.getTab().setName('classes'); window.lagetYasgui.getTab().query()")
    WebDriverWait(browser, 20).until(lambda d: "results in" in d.find_element("css selector", ".yasr").text)
    for button in browser.find_elements("css selector", "button.download"):
        button.click()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and {p.suffix for p in tmp_path.iterdir() if p.suffix != ".crdownload"} != {
            ".csv", ".tsv", ".json"}:
        time.sleep(0.2)
    rows = list(csv.reader((tmp_path / "classes.csv").open(encoding="utf-8")))
    assert rows[0] == ["class", "n"] and len(rows) == 21
    assert (tmp_path / "classes.tsv").read_text(encoding="utf-8").startswith("?class\t?n")
    answer = json.loads((tmp_path / "classes.json").read_text(encoding="utf-8"))
    assert len(answer["results"]["bindings"]) == 20
    # the chart: a bar per class
    chart = browser.find_element("css selector", ".yasr .select_chart")
    assert "disabled" not in chart.get_attribute("class")
    chart.click()
    bars = WebDriverWait(browser, 10).until(lambda d: d.find_element("css selector", ".laget-chart"))
    assert bars.get_attribute("data-bars") == "20"
    assert browser.find_element("id", "laget-chart").size["height"] > 100
    # history: the run is remembered and comes back
    browser.execute_script("window.lagetYasgui.getTab().setQuery('SELECT * WHERE { ?s ?p ?o } LIMIT 1')")
    history = Select(browser.find_element("id", "history"))
    assert any(o.text.startswith("classes · ") for o in history.options)
    history.select_by_index(1)
    assert "COUNT(?s) AS ?n" in query_text(browser)
    # YASGUI's own persistence: the tab and its query are there after a reload
    browser.refresh()
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return !!window.lagetYasgui"))
    assert browser.execute_script("return window.lagetYasgui.getTab().getName()") == "classes"
    assert "COUNT(?s) AS ?n" in query_text(browser)
    only_this_server_and_no_errors(browser, live_server.url)


@pytest.mark.browser
def test_editor_has_the_project_prefixes(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/sparql")
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return !!window.lagetYasgui"))
    text = query_text(browser)
    assert "PREFIX lg: <https://w3id.org/laget/def#>" in text and "PREFIX lgd: <https://w3id.org/laget/id/>" in text


@pytest.mark.browser
def test_a_resource_page_opens_its_statements_in_the_editor(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/id/kommune/3201?lang=en")
    assert browser.find_element("tag name", "h1").text == "Bærum"
    browser.find_element("id", "open-in-editor").click()
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return !!window.lagetYasgui"))
    assert "<https://w3id.org/laget/id/kommune/3201>" in query_text(browser)
    browser.execute_script("window.lagetYasgui.getTab().query()")
    WebDriverWait(browser, 20).until(lambda d: "Bærum" in d.find_element("css selector", ".yasr").text)
    links = {urlparse(a.get_attribute("href")).path for a in browser.find_elements("css selector", ".yasr a.iri")}
    assert "/def/Municipality" in links and "/graph/reference" in links
    only_this_server_and_no_errors(browser, live_server.url)
