"""StoreAuth against a real HTTP server on loopback that wants HTTP Basic on its update endpoint
(as Fuseki and GraphDB do; Virtuoso's Digest is covered by the Virtuoso tests)."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from laget_graph.sparql.errors import SparqlError
from laget_graph.store_external import ExternalSparqlStore

GOOD = "Basic " + base64.b64encode(b"laget:secret").decode()


class BasicOnUpdate(BaseHTTPRequestHandler):
    """/query is public; /update wants Basic laget:secret. Records (path, Authorization) per request."""

    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        auth = self.headers.get("authorization")
        self.seen.append((self.path, auth))
        if self.path.startswith("/update") and auth != GOOD:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"head": {"vars": ["g", "n"]}, "results": {"bindings": []}}'
        self.send_response(200 if self.path.startswith("/query") else 204)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)) if self.path.startswith("/query") else "0")
        self.end_headers()
        if self.path.startswith("/query"):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    BasicOnUpdate.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BasicOnUpdate)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_basic_credentials_go_only_where_asked_for(server: str) -> None:
    store = ExternalSparqlStore(f"{server}/query", f"{server}/update", user="laget", password="secret")
    try:
        store.graphs()
        store.update("CLEAR SILENT GRAPH <urn:x:a>")
        store.update("CLEAR SILENT GRAPH <urn:x:b>")
        store.graphs()
    finally:
        store.close()
    assert BasicOnUpdate.seen == [("/query", None),  # a public endpoint never sees the password
                                  ("/update", None), ("/update", GOOD),  # asked once, then answered
                                  ("/update", GOOD),  # from then on sent at once
                                  ("/query", None)]


def test_wrong_basic_credentials_are_a_clear_refusal(server: str) -> None:
    store = ExternalSparqlStore(f"{server}/query", f"{server}/update", user="laget", password="wrong")
    with pytest.raises(SparqlError) as refused:
        store.update("CLEAR SILENT GRAPH <urn:x:a>")
    store.close()
    assert refused.value.status == 502 and "LAGET_SPARQL_PASSWORD" in refused.value.message("en")
    assert "avviste" in refused.value.message("nb")
