"""The minimal server: landing page, health, graph downloads — over real HTTP on loopback."""

from __future__ import annotations

import httpx
import pytest
import rdflib

from laget_graph.store import Store
from laget_graph.versions import is_current

from .conftest import LiveServer, requests_made


def test_health(live_server: LiveServer, bundled_store: Store) -> None:
    body = httpx.get(f"{live_server.url}/health").json()
    assert body["status"] == "ok"
    assert body["triples"] == sum(g.triples for g in bundled_store.graphs())  # every named graph
    assert body["graphs"] == len(bundled_store.graphs())


@pytest.mark.parametrize(("lang", "heading"), [("nb", "Laget rundt barnet"), ("en", "The team around the child")])
def test_about_page_lists_graphs_with_counts(live_server: LiveServer, bundled_store: Store, lang: str,
                                             heading: str) -> None:
    assert heading in httpx.get(f"{live_server.url}/?lang={lang}").text
    response = httpx.get(f"{live_server.url}/om?lang={lang}")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    for g in bundled_store.graphs():
        if not is_current(g.iri):  # versions and histories are listed by laget history, not here
            assert f">{g.name}</code>" not in response.text
            continue
        assert f">{g.name}</code>" in response.text
        assert f"{g.triples:,}".replace(",", " ") in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_accept_language_picks_english(live_server: LiveServer) -> None:
    response = httpx.get(live_server.url + "/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "The team around the child" in response.text


@pytest.mark.parametrize(("query", "accept", "media", "rdflib_format"), [
    ("?format=ttl", None, "text/turtle", "turtle"),
    ("?format=jsonld", None, "application/ld+json", "json-ld"),
    ("", "application/ld+json", "application/ld+json", "json-ld"),
    ("", "application/n-triples", "application/n-triples", "nt"),
    ("", None, "text/turtle", "turtle"),
])
def test_graph_download(live_server: LiveServer, bundled_store: Store, query: str, accept: str | None,
                        media: str, rdflib_format: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(f"{live_server.url}/graphs/setup/3201{query}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    parsed = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert len(parsed) == next(g.triples for g in bundled_store.graphs() if g.name == "setup/3201")


def test_graph_download_errors(live_server: LiveServer) -> None:
    assert httpx.get(f"{live_server.url}/graphs/setup/0000").status_code == 404
    assert httpx.get(f"{live_server.url}/graphs/ontology", headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(f"{live_server.url}/graphs/ontology?format=xlsx").status_code == 400


@pytest.mark.browser
def test_about_page_in_chromium(live_server: LiveServer, browser: object) -> None:
    browser.get(f"{live_server.url}/om?lang=en")  # type: ignore[attr-defined]
    rows = browser.find_elements("css selector", "table.graphs tbody tr")  # type: ignore[attr-defined]
    assert len(rows) >= 3
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[attr-defined]
    assert errors == []
    assert all(u.startswith(live_server.url) for u in requests_made(browser))


def test_language_switch_keeps_other_parameters(live_server: LiveServer) -> None:
    page = httpx.get(f"{live_server.url}/network?municipality=3201&lang=nb").text
    assert 'href="/network?municipality=3201&amp;lang=en"' in page
