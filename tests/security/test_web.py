"""Hostile requests to the web layer's Graph Store and upload routes (issue 15 item 8): a clear 4xx
in both languages, never a 500, and nothing stored without the token. Add a row for every finding."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import LiveServer
from tests.sparql.conftest import TOKEN

from .conftest import GRAPH

TURTLE = b"<urn:x:a> <urn:x:b> <urn:x:c> ."
AUTH = {"Authorization": f"Bearer {TOKEN}"}

#: (name, method, path, query parameters, headers, body or files, status, text in en, text in nb)
WEB = [
    ("Graph Store PUT to a name with <", "PUT", "/sparql/graphs", {"graph": "setup/a<b"},
     {**AUTH, "Content-Type": "text/turtle"}, TURTLE, 400, "not a valid graph name", "ikke et gyldig grafnavn"),
    ("Graph Store PUT to a name with a space", "PUT", "/sparql/graphs", {"graph": "urn:x:a b"},
     {**AUTH, "Content-Type": "text/turtle"}, TURTLE, 400, "not a valid graph name", "ikke et gyldig grafnavn"),
    ("Graph Store GET of a name with <", "GET", "/sparql/graphs", {"graph": "setup/a<b"}, {}, None, 400,
     "not a valid graph name", "ikke et gyldig grafnavn"),
    ("Graph Store DELETE of a name with <", "DELETE", "/sparql/graphs", {"graph": "setup/a<b"}, AUTH, None, 400,
     "not a valid graph name", "ikke et gyldig grafnavn"),
    ("download of a name with <", "GET", "/graphs/setup/a<b", {}, {}, None, 404, "No graph named",
     "Ingen graf med navnet"),
    ("multipart upload with ?store=true and no token", "POST", "/api/validate", {"store": "true"}, {},
     {"file": ("x.ttl", TURTLE)}, 403, "Storing requires a valid update token",
     "Lagring krever gyldig oppdateringsnøkkel"),
]


@pytest.mark.parametrize("row", WEB, ids=lambda r: r[0])
def test_web_layer_refuses_clearly(server: LiveServer, row: tuple) -> None:  # type: ignore[type-arg]
    _name, method, path, params, headers, body, status, en, nb = row
    for lang, text in (("en", en), ("nb", nb)):
        files = body if isinstance(body, dict) else None
        content = body if isinstance(body, bytes) else None
        r = httpx.request(method, f"{server.url}{path}", params={**params, "lang": lang},
                          headers=headers, content=content, files=files, timeout=30)
        assert r.status_code == status, r.text[:300]
        assert text in r.text, r.text[:300]
    assert [g["iri"] for g in httpx.get(f"{server.url}/api/graphs").json()] == [GRAPH]  # nothing written
