"""Uploads and request bodies cannot freeze the server (issue 15, item 3): validation runs in a killable
child under the query limits, bodies are capped, credentials are checked before a body is read, and a
workbook's declared sizes are checked before it is unpacked."""

from __future__ import annotations

import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import openpyxl
import pytest

from laget_graph.config import Settings
from laget_graph.ingest import InputError, load_bundled, read_bytes
from laget_graph.ingest.spreadsheet.template import write_template
from laget_graph.store import Store

from ..conftest import LiveServer

TOKEN = "upload-token-0123456789"


def many_triples(count: int) -> bytes:
    """``count`` triples in about 8 bytes each: one subject, one predicate, an object list."""
    objects = ",".join(f":o{i}" for i in range(count))
    return f"@prefix : <urn:x:> .\n:s :p {objects} .\n".encode()


@pytest.fixture
def strict_server(tmp_path: Path) -> Iterator[tuple[LiveServer, Store]]:
    """A server whose limits a hostile upload meets in a test's time: 1 s, 200 MB."""
    store = Store(None)
    load_bundled(store)
    settings = Settings(data_dir=tmp_path, store="memory", lang="en", update_token=TOKEN, query_timeout_s=1.0,
                        query_memory_mb=200, max_upload_bytes=5 * 1024 * 1024, query_workers=1)
    with LiveServer(settings, store) as server:
        yield server, store


def test_an_upload_past_the_time_limit_is_stopped_and_the_server_keeps_answering(
        strict_server: tuple[LiveServer, Store]) -> None:
    server, _ = strict_server
    answers: list[int] = []

    def health_while_validating() -> None:
        for _ in range(5):
            answers.append(httpx.get(f"{server.url}/health", timeout=5).status_code)

    body = many_triples(400_000)  # 3 MB, 400 000 triples: far more than a second of parsing and checking
    checker = threading.Thread(target=health_while_validating)
    checker.start()
    r = httpx.post(f"{server.url}/api/validate?name=big.ttl", content=body,
                   headers={"content-type": "text/turtle"}, timeout=60)
    checker.join()
    assert r.status_code == 400
    assert "longer than 1 s" in r.json()["error"] or "memory" in r.json()["error"]
    assert answers == [200] * 5  # /health answered while the upload was being validated
    again = httpx.post(f"{server.url}/api/validate?name=small.ttl", content=many_triples(3),
                       headers={"content-type": "text/turtle"}, timeout=60)
    assert again.status_code == 200  # and the next upload is validated as usual


def test_sparql_bodies_are_capped(strict_server: tuple[LiveServer, Store]) -> None:
    server, _ = strict_server
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * (6 * 1024 * 1024)
    r = httpx.post(f"{server.url}/sparql", content=query.encode(),
                   headers={"content-type": "application/sparql-query"}, timeout=60)
    assert r.status_code == 413


def _raw_request(port: int, head: str, first_body_bytes: bytes) -> str:
    """Send the headers and only the start of a huge body, then read what the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head.encode() + first_body_bytes)
        s.shutdown(socket.SHUT_WR)
        return s.recv(65536).decode("latin-1")


def test_graph_store_refuses_without_the_token_before_reading_the_body(
        strict_server: tuple[LiveServer, Store]) -> None:
    server, _ = strict_server
    head = ("PUT /sparql/graphs?graph=setup/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/turtle\r\n"
            f"Content-Length: {300 * 1024 * 1024}\r\n\r\n")
    answer = _raw_request(server.port, head, b"<urn:x:a> <urn:x:b> <urn:x:c> .\n" * 10)
    assert answer.startswith("HTTP/1.1 401")


def test_graph_store_refuses_a_declared_size_over_the_limit(strict_server: tuple[LiveServer, Store]) -> None:
    server, _ = strict_server
    head = ("PUT /sparql/graphs?graph=setup/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/turtle\r\n"
            f"Authorization: Bearer {TOKEN}\r\nContent-Length: {300 * 1024 * 1024}\r\n\r\n")
    answer = _raw_request(server.port, head, b"<urn:x:a> <urn:x:b> <urn:x:c> .\n" * 10)
    assert answer.startswith("HTTP/1.1 413")


def test_store_true_in_the_query_string_counts_for_multipart_uploads(
        strict_server: tuple[LiveServer, Store]) -> None:
    server, store = strict_server
    setup = b"@prefix lg: <https://w3id.org/laget/def#> .\n<urn:x:unit> a lg:Unit .\n"
    r = httpx.post(f"{server.url}/api/validate?store=true", files={"file": ("stored-setup.ttl", setup, "text/turtle")},
                   headers={"authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert r.status_code == 200, r.text
    assert "setup/stored-setup" in r.headers["x-laget-stored"]
    assert any(g.name == "setup/stored-setup" for g in store.graphs())


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))  # 200 MB, ~200 kB packed
    return buffer.getvalue()


def _dimension_bomb(tmp_path: Path) -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "ID"
    wb.active["XFD1048576"] = "x"  # declares a sheet of 17 billion cells
    path = tmp_path / "dimension.xlsx"
    wb.save(path)
    return path.read_bytes()


def _lying_workbook(tmp_path: Path) -> bytes:
    """600 000 real cells: more than the limit, whatever the sheet declares."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Enheter")
    for _ in range(60_000):
        ws.append(["x"] * 10)
    path = tmp_path / "many.xlsx"
    wb.save(path)
    return path.read_bytes()


# "many cells" writes and scans 600 000 cells: slow
@pytest.mark.parametrize("kind", ["zip bomb", "dimension bomb", pytest.param("many cells", marks=pytest.mark.slow)])
def test_hostile_workbooks_are_refused_before_they_are_read(tmp_path: Path, kind: str) -> None:
    data = {"zip bomb": _zip_bomb, "dimension bomb": lambda: _dimension_bomb(tmp_path),
            "many cells": lambda: _lying_workbook(tmp_path)}[kind]()
    with pytest.raises(InputError) as info:
        read_bytes(data, "oppsett.xlsx", 50 * 1024 * 1024)
    assert "oppsett.xlsx" in info.value.message("en")
    assert "limit" in info.value.message("en")


def test_an_ordinary_template_is_still_read(tmp_path: Path) -> None:
    write_template(tmp_path / "oppsett.xlsx")
    parsed = read_bytes((tmp_path / "oppsett.xlsx").read_bytes(), "oppsett.xlsx", 5 * 1024 * 1024)
    assert parsed.triples > 100



@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "GET"])
def test_a_graph_name_that_is_no_iri_is_a_400_not_a_500(strict_server: tuple[LiveServer, Store], method: str) -> None:
    server, _ = strict_server
    r = httpx.request(method, f"{server.url}/sparql/graphs", params={"graph": "setup/<x>"},
                      content=b"<urn:x:a> <urn:x:b> <urn:x:c> .", timeout=30,
                      headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400, r.text
    assert "not a valid graph name" in r.text
