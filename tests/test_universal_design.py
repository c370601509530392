"""Universal design (WCAG 2.1 AA, required of Norwegian public-sector web solutions): axe-core on every
page in nb and en finds no serious or critical violation, and every control is reachable by keyboard.

axe-core comes from npm into build/npm (``make setup``), is read from there and run in the page by
Selenium; it is never served by the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import REPO, LiveServer, blank_page

pytestmark = pytest.mark.browser

AXE = REPO / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/kommune", "/kommune?q=Nord", "/kommune/3201", "/kommune/0301", "/network?municipality=3201",
         "/validate", "/sparql", "/om", "/docs", "/redoc", "/id/kommune/3201", "/def/Owner", "/.well-known/void"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def browser(module_browser: object, live_server: LiveServer) -> object:
    """One Chromium for this module's forty-odd pages, blank for each test."""
    return blank_page(module_browser, [live_server.url])


def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run 'make setup' (npm install of axe-core into build/npm)")
    return AXE.read_text(encoding="utf-8")


def ready(driver: object, path: str) -> None:
    """Wait until the page's own scripts have drawn what they draw."""
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 60)  # type: ignore[arg-type]
    if path.startswith("/network"):
        wait.until(lambda d: d.execute_script("return document.getElementById('network').dataset.state") == "ready")
    elif path.startswith("/docs"):
        wait.until(lambda d: d.find_elements("css selector", ".opblock"))
    elif path.startswith("/redoc"):
        wait.until(lambda d: d.find_elements("css selector", "#redoc [data-section-id]"))
    elif path.startswith("/sparql"):
        wait.until(lambda d: d.find_elements("css selector", ".yasqe, #editor-missing"))


def serious(driver: object, source: str) -> list[dict[str, object]]:
    driver.execute_script(source)  # type: ignore[attr-defined]
    violations = driver.execute_async_script(  # type: ignore[attr-defined]
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(function (r) { done(r.violations); }, function (e) { done([{id: 'axe-error', impact: 'critical',"
        " help: String(e), nodes: []}]); });", WCAG)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violation(live_server: LiveServer, browser: object, path: str, lang: str) -> None:
    source = axe_source()
    browser.set_script_timeout(60)  # type: ignore[attr-defined]
    joiner = "&" if "?" in path else "?"
    browser.get(f"{live_server.url}{path}{joiner}lang={lang}")  # type: ignore[attr-defined]
    ready(browser, path)
    found = serious(browser, source)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


def test_no_serious_violation_in_a_report(live_server: LiveServer, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from laget_graph.resources import example_files

    browser.set_script_timeout(60)  # type: ignore[attr-defined]
    browser.get(f"{live_server.url}/validate?lang=en")  # type: ignore[attr-defined]
    gjovik = next(p for p in example_files() if p.name == "gjovikregionen.ttl")
    browser.find_element(By.ID, "file").send_keys(str(gjovik))  # type: ignore[attr-defined]
    browser.find_element(By.CSS_SELECTOR, "form.validate button[type=submit]").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.ID, "report")))  # type: ignore[arg-type]
    found = serious(browser, axe_source())
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


KEYBOARD_PAGES = ["/", "/kommune/3201", "/network?municipality=3201", "/validate", "/om"]


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_every_control_is_reachable_by_keyboard(live_server: LiveServer, browser: object, path: str) -> None:
    """Tab from the top of the page reaches every visible link, button and field, in order, and the
    first Tab lands on the skip link."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    joiner = "&" if "?" in path else "?"
    browser.get(f"{live_server.url}{path}{joiner}lang=nb")  # type: ignore[attr-defined]
    ready(browser, path)
    controls = browser.execute_script(  # type: ignore[attr-defined]
        "var all = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary');"
        "return Array.prototype.filter.call(all, function (e) {"
        " var r = e.getBoundingClientRect(), s = getComputedStyle(e);"
        " return !e.disabled && !e.hidden && s.visibility !== 'hidden' && (r.width > 0 || r.height > 0"
        "  || e.classList.contains('skip')); }).length;")
    reached: list[object] = []
    for _ in range(controls + 5):
        ActionChains(browser).send_keys(Keys.TAB).perform()  # type: ignore[arg-type]
        element = browser.execute_script("return document.activeElement")  # type: ignore[attr-defined]
        if element in reached or element.tag_name == "body":
            break
        reached.append(element)
    assert reached and "skip" in (reached[0].get_attribute("class") or "")
    assert len(reached) >= controls, f"{len(reached)} of {controls} controls reached by Tab"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_no_serious_violation_in_the_editor_with_a_form_and_a_chart(live_server: LiveServer, browser: object,
                                                                    lang: str) -> None:
    """The named question's form (pickers, number fields, buttons) and a result drawn as a chart."""
    from selenium.webdriver.support.ui import Select, WebDriverWait

    source = axe_source()
    browser.set_script_timeout(60)  # type: ignore[attr-defined]
    browser.get(f"{live_server.url}/sparql?lang={lang}")  # type: ignore[attr-defined]
    wait = WebDriverWait(browser, 30)  # type: ignore[arg-type]
    wait.until(lambda d: d.find_element("id", "named-queries").get_attribute("data-loaded"))
    Select(browser.find_element("id", "named-queries")).select_by_value("measures-per-tier-period")  # type: ignore[attr-defined]
    wait.until(lambda d: not d.find_element("id", "named-form").get_attribute("hidden"))
    browser.find_element("id", "named-run").click()  # type: ignore[attr-defined]
    wait.until(lambda d: d.find_elements("css selector", ".yasr .select_chart:not(.disabled)"))
    browser.find_element("css selector", ".yasr .select_chart").click()  # type: ignore[attr-defined]
    wait.until(lambda d: d.find_elements("css selector", ".laget-chart"))
    found = serious(browser, source)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)
