"""The network page as a coordinator uses it: posts folded by default (unfolded on a click), the view
fitted after every filter, county and municipality that never contradict, the matrix and findings
following the filters, and exports with title, legend, scope, filters and date."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from ..conftest import LiveServer, requests_made
from .test_browser import drawn_nodes, severe, wait_until_drawn


def page(server: LiveServer, **params: str) -> str:
    response = httpx.get(f"{server.url}/network", params={"lang": "en", **params}, timeout=60)
    assert response.status_code == 200
    return response.text


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}" id="filter-{name}">(.*?)</select>', html, re.S).group(1)  # type: ignore[union-attr]
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else ""


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}" id="filter-{name}">(.*?)</select>', html, re.S).group(1)  # type: ignore[union-attr]
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


def test_posts_are_folded_unless_asked(server: LiveServer) -> None:
    assert 'data-node-count="9"' in page(server, municipality="9901")
    assert 'data-node-count="10"' in page(server, municipality="9901", posts="1")
    # the data API keeps its own default (everything), so scripts see the same as before
    assert httpx.get(f"{server.url}/api/network/graph?municipality=9901").json()["counts"]["nodes"] == 10


def test_county_and_municipality_never_contradict(live_server: LiveServer) -> None:
    # a municipality shows its own county
    html = page(live_server, municipality="3201", county="34")
    assert (selected(html, "municipality"), selected(html, "county")) == ("3201", "32")
    # the reader changed the county: the municipality goes, the county's network is shown
    html = page(live_server, municipality="3201", county="34", was_municipality="3201", was_county="32")
    assert (selected(html, "municipality"), selected(html, "county")) == ("", "34")
    assert "<strong>county Innlandet (34)</strong>" in html
    assert set(options(html, "municipality")) >= {"3407", "3446"} and "3201" not in options(html, "municipality")
    # the reader changed the municipality: its county follows
    html = page(live_server, municipality="3407", county="32", was_municipality="3201", was_county="32")
    assert (selected(html, "municipality"), selected(html, "county")) == ("3407", "34")


def test_matrix_and_findings_follow_the_filters(live_server: LiveServer) -> None:
    everything = page(live_server, municipality="3201")
    tier3 = page(live_server, municipality="3201", tier="3")

    def columns(html: str) -> list[str]:
        table = re.search(r'<table class="coverage" id="network-matrix">(.*?)</table>', html, re.S).group(1)  # type: ignore[union-attr]
        return re.findall(r'<th scope="col">([^<]+)</th>', table)

    assert columns(everything) == ["Area", "tier 1", "tier 2", "tier 3"]
    assert columns(tier3) == ["Area", "tier 3"]
    gaps = re.search(r"<summary>Gaps in coverage \((\d+)\)</summary>", tier3).group(1)  # type: ignore[union-attr]
    assert 0 < int(gaps) < int(re.search(r"<summary>Gaps in coverage \((\d+)\)</summary>",  # type: ignore[union-attr]
                                         everything).group(1))
    assert "(tier 1)" not in re.search(r'<section class="net-findings".*?</section>', tier3, re.S).group(0)  # type: ignore[union-attr]


@pytest.mark.browser
def test_unfold_refit_and_export_in_chromium(live_server: LiveServer, browser: object) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(f"{live_server.url}/network?municipality=3201&lang=en")  # type: ignore[attr-defined]
    wait_until_drawn(browser)
    folded = drawn_nodes(browser)
    org = browser.execute_script(  # type: ignore[attr-defined]
        "var n = window.lagetNetwork.data.nodes.find(function (m) { return m.posts && m.posts.length; });"
        "window.lagetNetwork.togglePosts(n.id); return n.posts.length;")
    assert org >= 1 and drawn_nodes(browser) == folded + org
    browser.execute_script(  # type: ignore[attr-defined]
        "var n = window.lagetNetwork.data.nodes.find(function (m) { return m.posts && m.posts.length; });"
        "window.lagetNetwork.togglePosts(n.id);")
    assert drawn_nodes(browser) == folded

    def all_in_view() -> bool:
        return browser.execute_script(  # type: ignore[attr-defined]
            "var s = window.lagetNetwork, c = document.querySelector('#network canvas').getBoundingClientRect();"
            "var p = s.network.getPositions();"
            "return Object.keys(p).every(function (id) { var d = s.network.canvasToDOM(p[id]);"
            " return d.x >= 0 && d.y >= 0 && d.x <= c.width && d.y <= c.height; });")

    assert all_in_view()
    Select(browser.find_element("id", "filter-type")).select_by_value("school")  # type: ignore[attr-defined]
    WebDriverWait(browser, 30).until(lambda d: "type=school" in d.current_url)  # type: ignore[arg-type]
    wait_until_drawn(browser)
    assert drawn_nodes(browser) == 28 and all_in_view()

    svg = browser.execute_script("return window.lagetNetwork.svg()")  # type: ignore[attr-defined]
    for text in ("The collaboration network around the child – Bærum (3201)", "Actor type: School", "Legend",
                 "Actor types", "School", f"Made on {date.today().isoformat()}"):
        assert text in svg, text
    assert 'class="export-legend"' in svg
    width = browser.execute_async_script(  # type: ignore[attr-defined]
        "var done = arguments[arguments.length - 1];"
        "window.lagetNetwork.png().then(function (url) { var i = new Image();"
        " i.onload = function () { done([i.width, url.length]); }; i.src = url; });")
    assert width[0] == 3508 and width[1] > 20_000  # an A4 page in landscape at 300 dpi
    assert severe(browser) == []
    assert all(u.startswith((live_server.url, "data:", "blob:")) for u in requests_made(browser))


@pytest.mark.browser
def test_choosing_a_county_clears_the_municipality_in_chromium(live_server: LiveServer, browser: object) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(f"{live_server.url}/network?municipality=3201&lang=en")  # type: ignore[attr-defined]
    wait_until_drawn(browser)
    assert Select(browser.find_element("id", "filter-county")).first_selected_option.get_attribute("value") == "32"  # type: ignore[attr-defined]
    Select(browser.find_element("id", "filter-county")).select_by_value("34")  # type: ignore[attr-defined]
    WebDriverWait(browser, 30).until(lambda d: "county=34" in d.current_url)  # type: ignore[arg-type]
    wait_until_drawn(browser)
    query = parse_qs(urlparse(browser.current_url).query, keep_blank_values=True)  # type: ignore[attr-defined]
    assert query["municipality"] == [""] and query["county"] == ["34"]
    assert browser.find_element("css selector", "p.note strong").text == "county Innlandet (34)"  # type: ignore[attr-defined]
    Select(browser.find_element("id", "filter-municipality")).select_by_value("3407")  # type: ignore[attr-defined]
    WebDriverWait(browser, 30).until(lambda d: "municipality=3407" in d.current_url)  # type: ignore[arg-type]
    wait_until_drawn(browser)
    assert browser.find_element("css selector", "p.note strong").text == "Gjøvik (3407)"  # type: ignore[attr-defined]
    assert severe(browser) == []
