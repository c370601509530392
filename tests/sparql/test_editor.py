"""The query editor in headless Chromium: YASGUI from the package's own assets, a named query
picked from the list and run against /sparql, nothing fetched from anywhere but this server."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from laget_graph.web.deps import STATIC_DIR
from tests.conftest import requests_made


@pytest.mark.browser
def test_editor_runs_a_named_query(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import Select, WebDriverWait

    if not (STATIC_DIR / "vendor" / "yasgui" / "yasgui.min.js").is_file():
        pytest.fail("YASGUI is not installed: run 'make setup' (npm install of @zazuko/yasgui)")
    browser.get(f"{live_server.url}/sparql?lang=en")
    WebDriverWait(browser, 20).until(
        lambda d: d.find_element("id", "named-queries").get_attribute("data-loaded"))
    Select(browser.find_element("id", "named-queries")).select_by_value("municipalities-without-child-coordinator")
    editor_text = browser.execute_script("return window.lagetYasgui.getTab().getQuery()")
    assert "VALUES (?county)" in editor_text and "lg:ChildCoordinator" in editor_text
    browser.execute_script("window.lagetYasgui.getTab().query()")
    WebDriverWait(browser, 20).until(lambda d: "Søndre Land" in d.find_element("css selector", ".yasr").text)
    results = browser.find_element("css selector", ".yasr").text
    assert "kommune/3447" in results and "Gjøvik" not in results
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []  # nothing blocked by the Content-Security-Policy, no failed request
    hosts = {urlparse(u).netloc for u in requests_made(browser) if u.startswith("http")}
    assert hosts == {urlparse(live_server.url).netloc}


@pytest.mark.browser
def test_editor_has_the_project_prefixes(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/sparql")
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return !!window.lagetYasgui"))
    text = browser.execute_script("return window.lagetYasgui.getTab().getQuery()")
    assert "PREFIX lg: <https://w3id.org/laget/def#>" in text and "PREFIX lgd: <https://w3id.org/laget/id/>" in text
