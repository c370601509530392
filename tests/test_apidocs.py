"""/docs (Swagger UI) and /redoc (ReDoc) work offline, from the app's own files, under its CSP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from laget_graph.web import apidocs
from laget_graph.web.deps import CONTENT_SECURITY_POLICY

from .conftest import LiveServer, requests_made


def require(files: tuple[str, ...]) -> None:
    if not apidocs.installed(files):
        pytest.fail("Swagger UI / ReDoc are not installed: run 'make setup' (npm install of swagger-ui-dist, redoc)")


def operations(server: LiveServer) -> list[tuple[str, str]]:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    return [(method.upper(), path) for path, item in spec["paths"].items() for method in item]


def test_docs_pages_keep_the_policy(live_server: LiveServer) -> None:
    docs = httpx.get(f"{live_server.url}/docs?lang=en")
    assert docs.status_code == 200
    assert docs.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY and "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "<script>" not in docs.text, "no inline script: the page starts Swagger UI from a file"
    assert 'src="/static/vendor/swagger-ui/swagger-ui-bundle.js"' in docs.text
    assert "cdn.jsdelivr" not in docs.text and "fonts.googleapis" not in docs.text
    redoc = httpx.get(f"{live_server.url}/redoc?lang=nb")
    assert redoc.headers["content-security-policy"] == CONTENT_SECURITY_POLICY + "; worker-src 'self' blob:"
    assert "API-dokumentasjon" in redoc.text
    # the rest of the app keeps the strict policy
    assert httpx.get(f"{live_server.url}/").headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    for name in ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css", "redoc/redoc.standalone.js"):
        if (apidocs.VENDOR / name).is_file():
            assert httpx.get(f"{live_server.url}/static/vendor/{name}").status_code == 200


def test_docs_say_how_to_install_the_viewer_when_missing(live_server: LiveServer, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apidocs, "VENDOR", tmp_path)
    page = httpx.get(f"{live_server.url}/docs?lang=en").text
    assert 'id="viewer-missing"' in page and "make setup-serve" in page and "/openapi.json" in page
    assert "swagger-ui-bundle.js" not in page


@pytest.mark.browser
def test_swagger_ui_renders_every_operation_offline(live_server: LiveServer, browser: object) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    require(apidocs.SWAGGER_FILES)
    expected = operations(live_server)
    browser.get(f"{live_server.url}/docs?lang=en")  # type: ignore[attr-defined]
    WebDriverWait(browser, 60).until(  # type: ignore[arg-type]
        lambda d: len(d.find_elements("css selector", ".opblock")) >= len(expected))
    shown = browser.execute_script(  # type: ignore[attr-defined]
        "return Array.from(document.querySelectorAll('.opblock')).map(function (b) {"
        " return [b.querySelector('.opblock-summary-method').textContent,"
        "         b.querySelector('.opblock-summary-path').getAttribute('data-path')]; });")
    assert sorted(map(tuple, shown)) == sorted(expected)
    assert ("POST", "/api/validate") in expected and ("GET", "/kommune/{number}") in expected
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []  # type: ignore[attr-defined]
    made = requests_made(browser)
    assert made and all(u.startswith((live_server.url, "data:", "blob:")) for u in made), made


@pytest.mark.browser
def test_redoc_renders_every_operation_offline(live_server: LiveServer, browser: object) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    require(apidocs.REDOC_FILES)
    expected = operations(live_server)
    browser.get(f"{live_server.url}/redoc?lang=en")  # type: ignore[attr-defined]
    WebDriverWait(browser, 60).until(  # type: ignore[arg-type]
        lambda d: len(d.find_elements("css selector", "#redoc [data-section-id^='operation/'], "
                                                      "#redoc [data-section-id*='/operation/']")) >= len(expected))
    text = browser.find_element("id", "redoc").text  # type: ignore[attr-defined]
    assert "Validate an uploaded setup / Valider et opplastet oppsett" in text
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []  # type: ignore[attr-defined]
    made = requests_made(browser)
    assert made and all(u.startswith((live_server.url, "data:", "blob:")) for u in made), made
