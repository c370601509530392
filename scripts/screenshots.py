"""Take the screenshots in docs/screenshots/ (the coordinators' guide shows them): the bundled data in
an in-memory store, the real app on a loopback port, headless Debian Chromium.

    .venv/bin/python scripts/screenshots.py            # writes docs/screenshots/*.png
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import openpyxl
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled
from laget_graph.store import Store
from laget_graph.web.app import create_app

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = Store(None)
    load_bundled(store)
    settings = Settings(data_dir=Path(tempfile.mkdtemp()), store="memory", lang="nb", port=port)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--hide-scrollbars"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        def shot(name: str, path: str, height: int = 900) -> None:
            driver.set_window_size(1280, height)
            driver.get(url + path)
            if path.startswith("/network"):
                WebDriverWait(driver, 60).until(
                    lambda d: d.execute_script("return document.getElementById('network').dataset.state") == "ready")
            driver.save_screenshot(str(OUT / f"{name}.png"))

        shot("landing", "/?lang=nb")
        shot("kommune", "/kommune/3201?lang=nb", 1500)
        shot("network", "/network?municipality=3201&lang=nb", 1100)
        shot("docs", "/docs?lang=nb")
        # the report of a pre-filled spreadsheet with one cell changed
        data = httpx.get(f"{url}/validate/template.xlsx", params={"municipality": "3201"}).content
        folder = Path(tempfile.mkdtemp())
        (folder / "baerum.xlsx").write_bytes(data)
        wb = openpyxl.load_workbook(folder / "baerum.xlsx")
        units = wb["Enheter"]
        column = [c.value for c in units[1]].index("Antall barn") + 1
        row = next(r for r in range(2, units.max_row + 1) if units.cell(r, 1).value == "unit/3201/baerum-skole-01")
        units.cell(row, column).value = 4
        wb.save(folder / "baerum.xlsx")
        driver.set_window_size(1280, 1300)
        driver.get(f"{url}/validate?municipality=3201&lang=nb")
        driver.find_element(By.ID, "file").send_keys(str(folder / "baerum.xlsx"))
        driver.find_element(By.CSS_SELECTOR, "form.validate button[type=submit]").click()
        WebDriverWait(driver, 120).until(lambda d: d.find_elements(By.ID, "report"))
        driver.execute_script("document.getElementById('step-report').scrollIntoView()")
        driver.save_screenshot(str(OUT / "validate.png"))
    finally:
        driver.quit()
        server.should_exit = True
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))} to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
