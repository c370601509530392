"""The network page and the self-contained file in real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import LiveServer, requests_made
from .conftest import HOSTILE, laget

pytestmark = pytest.mark.browser


def wait_until_drawn(driver: object) -> None:
    """Wait for vis-network to settle (the page sets data-state="ready" once physics is off)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 60).until(  # type: ignore[arg-type]
        lambda d: d.execute_script("return document.getElementById('network').dataset.state") == "ready")


def drawn_nodes(driver: object) -> int:
    return driver.execute_script("return window.lagetNetwork.network.body.data.nodes.length")  # type: ignore[attr-defined]


def severe(driver: object) -> list[dict[str, object]]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[attr-defined]


def test_page_draws_filters_and_stays_on_the_machine(server: LiveServer, browser: object) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(f"{server.url}/network?municipality=9901&posts=1&lang=en")  # type: ignore[attr-defined]
    wait_until_drawn(browser)
    assert drawn_nodes(browser) == 10
    assert browser.execute_script("return window.lagetNetwork.network.physics.physicsEnabled") is False  # type: ignore[attr-defined]
    legend = browser.find_element("css selector", ".net-legend").text  # type: ignore[attr-defined]
    assert "Educational-psychological service (PPT)" in legend and "refers to" in legend

    Select(browser.find_element("id", "filter-type")).select_by_value("school")  # type: ignore[attr-defined]
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(lambda d: "type=school" in d.current_url)  # type: ignore[arg-type]
    wait_until_drawn(browser)
    assert drawn_nodes(browser) == 3

    assert severe(browser) == []
    made = requests_made(browser)
    assert made and all(u.startswith(server.url) for u in made), made


def test_hostile_label_is_text_everywhere(server: LiveServer, browser: object) -> None:
    browser.get(f"{server.url}/network?municipality=9901&posts=1&lang=en")  # type: ignore[attr-defined]
    wait_until_drawn(browser)
    assert browser.execute_script("return window.__pwned === undefined")  # type: ignore[attr-defined]
    # the findings list shows the name as text
    assert HOSTILE in browser.find_element("css selector", ".net-findings").text  # type: ignore[attr-defined]
    # the search results show it as text too
    box = browser.find_element("id", "network-search")  # type: ignore[attr-defined]
    box.send_keys("pwned")
    hits = browser.find_elements("css selector", "#network-results li")  # type: ignore[attr-defined]
    assert [h.text for h in hits] == [HOSTILE]
    assert browser.find_elements("css selector", "#network-results img, .net-findings img") == []  # type: ignore[attr-defined]
    # vis-network's tooltip is plain text; its node label is drawn on the canvas
    title = browser.execute_script(  # type: ignore[attr-defined]
        "var n = window.lagetNetwork.data.nodes.find(function (x) { return x.label.indexOf('pwned') >= 0; });"
        "return window.lagetNetwork.network.body.nodes[n.id].options.title;")
    assert title.startswith(HOSTILE)
    assert browser.execute_script("return window.__pwned === undefined")  # type: ignore[attr-defined]
    assert all(u.startswith(server.url) and not u.endswith("/x") for u in requests_made(browser))
    assert severe(browser) == []


def test_svg_export_escapes_and_png_export_works(server: LiveServer, browser: object) -> None:
    browser.get(f"{server.url}/network?municipality=9901&posts=1")  # type: ignore[attr-defined]
    wait_until_drawn(browser)
    svg = browser.execute_script("return window.lagetNetwork.svg()")  # type: ignore[attr-defined]
    assert svg.startswith("<svg") and svg.count("<g>") == 10
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in svg and "<script>" not in svg
    png = browser.execute_script(  # type: ignore[attr-defined]
        "return document.querySelector('#network canvas').toDataURL('image/png').length")
    assert png > 1000
    assert severe(browser) == []


def test_self_contained_file_fetches_nothing(cli_data_dir: Path, tmp_path: Path, browser: object) -> None:
    out = tmp_path / "team.html"
    laget("network", "view", "-m", "9901", "-o", str(out), data_dir=cli_data_dir)
    browser.get(out.as_uri())  # type: ignore[attr-defined]
    wait_until_drawn(browser)
    assert drawn_nodes(browser) == 10
    assert browser.execute_script("return window.__pwned === undefined")  # type: ignore[attr-defined]
    assert severe(browser) == []
    assert all(u.startswith("file://") for u in requests_made(browser)), requests_made(browser)


def test_bundled_baerum_page(live_server: LiveServer, browser: object) -> None:
    """The example setup of Bærum: every actor the API returns is drawn, nothing leaves the machine."""
    import httpx

    expected = httpx.get(f"{live_server.url}/api/network/graph", params={"municipality": "3201"}).json()["counts"]
    assert expected["nodes"] > 50
    browser.get(f"{live_server.url}/network?municipality=3201&posts=1")  # type: ignore[attr-defined]
    wait_until_drawn(browser)
    assert drawn_nodes(browser) == expected["nodes"]
    assert severe(browser) == []
    assert all(u.startswith(live_server.url) for u in requests_made(browser))


def test_clicking_an_aggregated_municipality_opens_it(server: LiveServer, browser: object) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server.url}/network?county=99&lang=en")  # type: ignore[attr-defined]
    wait_until_drawn(browser)
    assert drawn_nodes(browser) == 4
    canvas = browser.find_element("css selector", "#network canvas")  # type: ignore[attr-defined]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)  # type: ignore[attr-defined]
    x, y = browser.execute_script(  # type: ignore[attr-defined]
        "var s = window.lagetNetwork;"
        "var n = s.data.nodes.find(function (m) { return m.label === 'Aby municipality (7)'; });"  # post folded
        "var p = s.network.canvasToDOM(s.network.getPositions([n.id])[n.id]); return [p.x, p.y];")
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(  # type: ignore[arg-type]
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()
    WebDriverWait(browser, 30).until(lambda d: "municipality=9901" in d.current_url)  # type: ignore[arg-type]
    wait_until_drawn(browser)
    assert drawn_nodes(browser) == 9  # the special education teacher's post is folded into Aby skole
    assert severe(browser) == []
