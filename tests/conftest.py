"""Shared fixtures: real stores with the bundled data and a real HTTP server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
import rdflib
import uvicorn

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled
from laget_graph.resources import ontology_files
from laget_graph.store import Store
from laget_graph.web.app import create_app, uvicorn_options

REPO = Path(__file__).resolve().parents[1]


def chromium_path() -> str | None:
    """Debian's Chromium, if installed (browser tests skip without it)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def bundled_store() -> Store:
    """One in-memory store with the bundled ontology, reference data and examples. Read-only use!"""
    store = Store(None)
    load_bundled(store)
    return store


@pytest.fixture(scope="session")
def ontology() -> rdflib.Graph:
    """The ontology files as one rdflib graph (shared: read it, copy it before adding to it)."""
    g = rdflib.Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    return g


@pytest.fixture
def fresh_store() -> Store:
    """A new, empty in-memory store for tests that write."""
    return Store(None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout_s: float, alive: Callable[[], str | None] = lambda: None) -> None:
    """Wait until ``url``/health answers 200; fail at once with ``alive()``'s words once it says the
    server is gone (e.g. its process exited), or after ``timeout_s`` seconds."""
    deadline = time.monotonic() + timeout_s
    while True:
        gone = alive()
        if gone:
            raise AssertionError(gone)
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the server at {url} did not start within {timeout_s:g} s")
        time.sleep(0.1)


class LiveServer:
    """uvicorn running the real app in a thread on a free loopback port."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(replace(settings, port=self.port), store), host="127.0.0.1",
                                port=self.port, log_level="warning", lifespan="on", **uvicorn_options(settings))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        wait_healthy(self.url, 20, lambda: None if self.thread.is_alive() else "the server thread ended")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(bundled_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real HTTP server on loopback over the bundled data (shared; do not write through it)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("unused"), store="memory", lang="nb")
    with LiveServer(settings, bundled_store) as server:
        yield server


@pytest.fixture
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Selenium (chromedriver from Debian's chromium-driver), a new
    one for each test.

    Performance logging is on, so a test can list every request the page made
    (``requests_made(driver)``) and read console errors (``driver.get_log("browser")``).
    """
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def module_browser() -> Iterator[object]:
    """One Chromium for a module's tests to share (starting one costs about a second). A module that
    only visits the shared live server overrides ``browser`` with
    ``blank_page(module_browser, [live_server.url])``."""
    with chromium() as driver:
        yield driver


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium, for :func:`browser` and :func:`module_browser`."""
    binary = chromium_path()
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        pytest.skip("Debian chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def blank_page(driver: object, origins: Iterable[str]) -> object:
    """A shared browser made as good as new for the next test: a blank page, no cookies, no cache,
    nothing stored for ``origins`` (local storage, IndexedDB, …) and empty logs."""
    driver.get("about:blank")  # type: ignore[attr-defined]
    driver.set_script_timeout(30)  # type: ignore[attr-defined]  # WebDriver's default, which a test may have raised
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "default"})  # type: ignore[attr-defined]
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})  # type: ignore[attr-defined]
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})  # type: ignore[attr-defined]
    for origin in origins:
        driver.execute_cdp_cmd("Storage.clearDataForOrigin",  # type: ignore[attr-defined]
                               {"origin": origin, "storageTypes": "all"})
    for log in ("performance", "browser"):
        driver.get_log(log)  # type: ignore[attr-defined]
    return driver


def requests_made(driver: object) -> list[str]:
    """URLs of every network request the browser sent so far (from the performance log)."""
    import json

    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[attr-defined]
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def oxigraph_command() -> str | None:
    """The ``oxigraph`` server from PyPI (test extra), next to this Python or on PATH."""
    candidate = Path(sys.executable).parent / "oxigraph"
    return str(candidate) if candidate.exists() else shutil.which("oxigraph")


@contextmanager
def running_oxigraph(location: Path, *options: str) -> Iterator[str]:
    """A real ``oxigraph serve`` on a free loopback port (union default graph, any further
    ``options`` such as ``--timeout-s``); yields its URL."""
    command = oxigraph_command()
    if command is None:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    port = free_port()
    process = subprocess.Popen([command, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph", *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not start")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
