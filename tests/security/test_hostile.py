"""Every hostile input of :mod:`.hostile` against a real server on loopback, and against the guard
alone with the bare engine behind it: refused with its message in both languages, nothing reached,
the server still answering."""

from __future__ import annotations

import re
import time

import httpx
import pyoxigraph as ox
import pytest

from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.errors import T as SPARQL_MESSAGES
from laget_graph.sparql.guard import check_query, check_update, local_graph_checker
from laget_graph.web.sparql import T as WEB_MESSAGES
from tests.conftest import LiveServer
from tests.sparql.conftest import TOKEN, Listener

from .conftest import GRAPH
from .hostile import HOSTILE, Hostile

IS_LOCAL = local_graph_checker([GRAPH])


def _fill(case: Hostile, listener: Listener) -> tuple[str, dict[str, str]]:
    url = f"http://127.0.0.1:{listener.port}/"
    return case.text.replace("{url}", url), {k: v.replace("{url}", url) for k, v in case.params.items()}


def _pattern(key: str, lang: str) -> re.Pattern[str]:
    """The message of ``key`` in ``lang`` with its placeholders as wildcards."""
    sparql_keys = SPARQL_MESSAGES.keys()
    catalog = SPARQL_MESSAGES if key in sparql_keys else WEB_MESSAGES
    template = catalog(key, lang, **_Wild())
    return re.compile(".*".join(re.escape(part) for part in template.split("\x00")), re.S)


class _Wild:
    """Every placeholder a message may have, each filled with a marker."""

    def keys(self) -> list[str]:
        return ["line", "column", "detail", "target", "clause", "iri", "limit", "length", "count", "escape",
                "char", "word", "seen", "parsed", "how", "mb", "seconds", "waiting", "media", "field"]

    def __getitem__(self, key: str) -> str:
        return "\x00"


def _send(server: LiveServer, case: Hostile, text: str, params: dict[str, str], lang: str) -> httpx.Response:
    headers = {"Accept-Language": lang}
    if case.update and case.token:
        headers["Authorization"] = f"Bearer {TOKEN}"
    field = "update" if case.update else "query"
    return httpx.post(f"{server.url}/sparql", data={field: text, **params}, headers=headers, timeout=60)


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_refused_by_the_server(server: LiveServer, listener: Listener, case: Hostile) -> None:
    text, params = _fill(case, listener)
    for lang in ("en", "nb"):
        r = _send(server, case, text, params, lang)
        assert r.status_code == case.status, r.text[:300]
        if case.key is not None:
            assert _pattern(case.key, lang).fullmatch(r.text), r.text[:300]
            assert "Traceback" not in r.text and "recursion" not in r.text
    time.sleep(0.05)  # a connection would be accepted at once
    assert listener.accepted == [], "the query reached the listener"
    assert httpx.get(f"{server.url}/health", timeout=10).status_code == 200


@pytest.mark.parametrize("case", [c for c in HOSTILE if c.key not in ("token_missing", "token_wrong")],
                         ids=lambda c: c.name)
def test_the_guard_alone_lets_nothing_out(listener: Listener, case: Hostile) -> None:
    """The guard as the only wall: whatever it passes runs on a bare engine with the host's network."""
    text, params = _fill(case, listener)
    try:
        if case.update:
            checked = check_update(text, IS_LOCAL)
        else:
            checked = check_query(text, IS_LOCAL, params.get("default-graph-uri", "").split() or ()).text
    except SparqlError as exc:
        assert case.key == exc.key, str(exc)
        assert "recursion" not in str(exc)
        return
    assert case.key is None, f"the guard passed it: {checked[:200]!r}"
    store = ox.Store()
    if case.update:
        store.update(checked)
    else:
        store.query(checked, use_default_graph_as_union=True)
    time.sleep(0.05)
    assert listener.accepted == []


@pytest.mark.parametrize("case", [c for c in HOSTILE if c.reaches], ids=lambda c: c.name)
def test_each_attack_is_real_on_the_bare_engine(listener: Listener, case: Hostile) -> None:
    """Unguarded, the engine really contacts the listener: the row tests a live attack."""
    text, _ = _fill(case, listener)
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o")))
    before = len(listener.accepted)
    try:
        if case.update:
            store.update(text)
        else:
            result = store.query(text)
            list(result) if isinstance(result, ox.QuerySolutions) else bool(result)
    except (OSError, RuntimeError):
        pass  # the listener hangs up without answering
    for _ in range(40):
        if len(listener.accepted) > before:
            break
        time.sleep(0.05)
    assert len(listener.accepted) > before, "the bare engine did not reach the listener: not an attack"
    listener.accepted.clear()
