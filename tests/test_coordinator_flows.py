"""A coordinator's flows end to end in headless Chromium, from the landing page alone: pick the
municipality, read and print its page, download its pre-filled spreadsheet, change a cell, upload it
and read which cell to fix. No console error, no request that leaves 127.0.0.1."""

from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest

from .conftest import LiveServer, requests_made

pytestmark = pytest.mark.browser


def severe(driver: object) -> list[dict[str, object]]:
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[attr-defined]


def stays_home(driver: object, server: LiveServer) -> None:
    made = requests_made(driver)
    assert made and all(u.startswith((server.url, "data:", "blob:")) for u in made), made


def test_pick_a_municipality_and_print_its_page(live_server: LiveServer, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/?lang=nb")  # type: ignore[attr-defined]
    box = browser.find_element(By.ID, "municipality-q")  # type: ignore[attr-defined]
    box.send_keys("bærum")
    box.submit()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.startswith(f"{live_server.url}/kommune/3201"))  # type: ignore[arg-type]
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Bærum")  # type: ignore[attr-defined]
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "main h2[id^=h-]")]  # type: ignore[attr-defined]
    assert headings[0] == "Laget på et blikk" and "Siste validering" in headings
    # printed, the menu, the buttons and the footer go; the date of printing appears
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})  # type: ignore[attr-defined]
    hidden = browser.execute_script(  # type: ignore[attr-defined]
        "return ['header.top', 'nav.actions', 'footer'].map(function (s) {"
        " return getComputedStyle(document.querySelector(s)).display; });")
    assert hidden == ["none", "none", "none"]
    assert browser.find_element(By.CSS_SELECTOR, ".printed").is_displayed()  # type: ignore[attr-defined]
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})  # type: ignore[attr-defined]
    assert severe(browser) == []
    stays_home(browser, live_server)


def _download_dir(driver: object, folder: Path) -> None:
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",  # type: ignore[attr-defined]
                           {"behavior": "allow", "downloadPath": str(folder), "eventsEnabled": True})


def _downloaded(folder: Path, suffix: str) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")


def test_download_fill_upload_and_the_finding_names_the_cell(live_server: LiveServer, browser: object,
                                                             tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _download_dir(browser, downloads)
    # from the municipality page to the validation page with the municipality chosen
    browser.get(f"{live_server.url}/kommune/3201?lang=en")  # type: ignore[attr-defined]
    browser.find_element(By.LINK_TEXT, "Download the spreadsheet and validate").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, 30).until(lambda d: "/validate" in d.current_url)  # type: ignore[arg-type]
    chosen = browser.find_element(By.ID, "template-municipality").get_attribute("value")  # type: ignore[attr-defined]
    assert chosen == "Bærum (3201)"
    browser.find_element(By.ID, "get-template").click()  # type: ignore[attr-defined]
    workbook_path = _downloaded(downloads, ".xlsx")
    assert workbook_path.name == "laget-baerum-3201.xlsx"

    # one cell changed, as a coordinator would in a spreadsheet program
    wb = openpyxl.load_workbook(workbook_path)
    units = wb["Enheter"]
    header = [c.value for c in units[1]]
    column = header.index("Antall barn") + 1
    row = next(r for r in range(2, units.max_row + 1) if units.cell(r, 1).value == "unit/3201/baerum-skole-01")
    units.cell(row, column).value = 4
    filled = tmp_path / "utfylt.xlsx"
    wb.save(filled)

    browser.find_element(By.ID, "file").send_keys(str(filled))  # type: ignore[attr-defined]
    browser.find_element(By.CSS_SELECTOR, "form.validate button[type=submit]").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, 120).until(ec.presence_of_element_located((By.ID, "report")))  # type: ignore[arg-type]
    letter = openpyxl.utils.get_column_letter(column)
    wanted = f"Fix it in sheet “Enheter”, row {row}, column {letter} (Antall barn)"
    finding = next(li for li in browser.find_elements(By.CSS_SELECTOR, "li.finding.sev-Violation")  # type: ignore[attr-defined]
                   if "number of children is 4" in li.text)
    assert wanted in finding.text
    assert "lg:numberOfChildren" in finding.find_element(By.CSS_SELECTOR, ".details").text

    # the report as one file, from the button
    browser.find_element(By.ID, "download-report").click()  # type: ignore[attr-defined]
    report = _downloaded(downloads, ".html")
    assert report.name == "rapport-utfylt.html" and wanted in report.read_text(encoding="utf-8").replace(
        "&#8220;", "“").replace("&#8221;", "”")
    assert severe(browser) == []
    stays_home(browser, live_server)


def test_network_picture_from_the_landing_page(live_server: LiveServer, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _download_dir(browser, downloads)
    browser.get(f"{live_server.url}/?lang=en")  # type: ignore[attr-defined]
    browser.find_element(By.LINK_TEXT, "Go to the network").click()  # type: ignore[attr-defined]
    Select(browser.find_element(By.ID, "filter-municipality")).select_by_value("3201")  # type: ignore[attr-defined]
    WebDriverWait(browser, 60).until(  # type: ignore[arg-type]
        lambda d: "municipality=3201" in d.current_url
        and d.execute_script("return document.getElementById('network').dataset.state") == "ready")
    browser.find_element(By.ID, "network-svg").click()  # type: ignore[attr-defined]
    svg = _downloaded(downloads, ".svg").read_text(encoding="utf-8")
    assert "Bærum (3201)" in svg and 'class="export-legend"' in svg and "Legend" in svg
    browser.find_element(By.ID, "network-png").click()  # type: ignore[attr-defined]
    png = _downloaded(downloads, ".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib.image

    assert matplotlib.image.imread(png).shape[1] == 3508
    assert severe(browser) == []
    stays_home(browser, live_server)
