"""POST /api/validate and the /validate page on a real server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled
from laget_graph.resources import example_files
from laget_graph.store import Store

from ..conftest import LiveServer

GJOVIK = next(p for p in example_files() if p.name == "gjovikregionen.ttl").read_bytes()


def test_multipart_upload_gives_a_json_report(live_server: LiveServer, bundled_store: Store) -> None:
    before = {g.iri: g.triples for g in bundled_store.graphs()}
    r = httpx.post(f"{live_server.url}/api/validate?lang=en", files={"file": ("gjovik.ttl", GJOVIK)}, timeout=60)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    report = r.json()
    assert report["conforms"] is False
    assert report["summary"]["violations"] == 2
    violations = [f for s in report["setups"] for f in s["findings"] if f["severity"] == "Violation"]
    assert {f["shapeName"] for f in violations} == {"lgsh:UnitServedByPPT"}
    # each at the municipality whose PPT must serve the unit, the unit as value
    assert {(f["focusLabel"], f["valueLabel"]) for f in violations} == {
        ("Østre Toten", "Østre Toten school 05"), ("Gran", "Gran kindergarten 12")}
    assert {"lgsh:MunicipalityHasChildCoordinator", "lgsh:PrivateUnitLinkedToPPT",
            "lgsh:PrivateUnitLinkedToChildWelfare"} <= {
        f["shapeName"] for s in report["setups"] for f in s["findings"] if f["severity"] == "Warning"}
    assert {g.iri: g.triples for g in bundled_store.graphs()} == before, "uploads are not stored"


def test_raw_body_and_content_negotiation(live_server: LiveServer) -> None:
    r = httpx.post(f"{live_server.url}/api/validate", content=GJOVIK,
                   headers={"content-type": "text/turtle", "accept": "text/html"}, timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Søndre Land" in r.text and "barnekoordinator" in r.text
    r = httpx.post(f"{live_server.url}/api/validate?format=ttl", content=GJOVIK,
                   headers={"content-type": "text/turtle"}, timeout=60)
    assert r.headers["content-type"].startswith("text/turtle") and "sh:ValidationReport" in r.text


def test_twenty_megabytes_are_refused_with_413(live_server: LiveServer) -> None:
    r = httpx.post(f"{live_server.url}/api/validate?lang=en", content=b" " * (20 * 1024 * 1024),
                   headers={"content-type": "text/turtle"}, timeout=60)
    assert r.status_code == 413
    assert r.json()["error"] == "The upload is larger than 5.0 MB."


@pytest.mark.parametrize(("body", "name", "expected"), [
    (b"lg:x lg:y .", "bad.ttl", "invalid RDF"),
    (b"", "empty.ttl", "No file was uploaded."),
    (b"PK\x03\x04 not really", "setup.xlsx", "cannot be read as a spreadsheet"),
])
def test_unusable_uploads_are_400(live_server: LiveServer, body: bytes, name: str, expected: str) -> None:
    r = httpx.post(f"{live_server.url}/api/validate?lang=en", files={"file": (name, body)}, timeout=60)
    assert r.status_code == 400
    assert expected in r.json()["error"]


def test_storing_needs_the_token(live_server: LiveServer) -> None:
    r = httpx.post(f"{live_server.url}/api/validate?store=true", content=GJOVIK,
                   headers={"content-type": "text/turtle"}, timeout=60)
    assert r.status_code == 403


@pytest.fixture
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Store]]:
    store = Store(None)
    load_bundled(store)
    store.drop_graph("setup/gjovikregionen")
    settings = Settings(data_dir=tmp_path_factory.mktemp("unused"), store="memory", update_token="s3cret")
    with LiveServer(settings, store) as server:
        yield server, store


def test_storing_with_the_token(token_server: tuple[LiveServer, Store]) -> None:
    server, store = token_server
    r = httpx.post(f"{server.url}/api/validate?store=true&name=gjovikregionen.ttl", content=GJOVIK,
                   headers={"content-type": "text/turtle", "authorization": "Bearer s3cret"}, timeout=60)
    assert r.status_code == 200
    assert "setup/gjovikregionen" in r.headers["x-laget-stored"]
    assert any(g.name == "setup/gjovikregionen" for g in store.graphs())


def test_the_page_has_a_form_without_inline_script(live_server: LiveServer) -> None:
    r = httpx.get(f"{live_server.url}/validate?lang=en")
    assert r.status_code == 200
    assert 'enctype="multipart/form-data"' in r.text and "<script" not in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
