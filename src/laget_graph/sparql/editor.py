"""What the query editor asks of the store: the values a named query's parameter can take (by name,
for the form) and the project's classes and properties (for autocompletion, instead of an outside
service). Both are read with the SPARQL in ``queries/`` through the guarded service and kept until
the store's next write."""

from __future__ import annotations

import threading

import pyoxigraph as ox

from .named import NamedQuery, ParamError
from .queries import select
from .service import SparqlService

#: A form offers at most this many values for one parameter (the rest can be typed).
CHOICES_LIMIT = 5000

_lock = threading.Lock()
_cache: dict[tuple[int, int, str], object] = {}


def _cached(service: SparqlService, key: str, make):  # type: ignore[no-untyped-def]
    """``make()`` once per store generation (and service), for answers every editor page asks again."""
    slot = (id(service), service.store.generation, key)
    with _lock:
        if slot in _cache:
            return _cache[slot]
    value = make()
    with _lock:
        for old in [k for k in _cache if k[0] == slot[0] and k[1] != slot[1]]:
            del _cache[old]
        _cache[slot] = value
    return value


def choices(service: SparqlService, query: NamedQuery, param: str, lang: str) -> list[dict[str, str]]:
    """The values of ``param`` with a label in ``lang`` (else another language) and a code: a concept
    scheme's concepts in the scheme's order (by notation), a class's instances by name."""
    found = next((p for p in query.params if p.name == param), None)
    if found is None:
        raise ParamError("unknown_param", query=query.name, name=param,
                         known=", ".join(p.name for p in query.params) or "-")
    if found.range is None:
        return []
    rng = found.range

    def make() -> list[dict[str, str]]:
        rows, _ = select(service, "choices", ["range"], [[ox.NamedNode(rng)]], CHOICES_LIMIT)
        by_value: dict[str, dict[str, str]] = {}
        for r in rows:
            entry = by_value.setdefault(r["value"].value, {"value": r["value"].value})
            if "code" in r:
                entry["code"] = r["code"].value
            if "inScheme" in r:
                entry["scheme"] = "1"
            if "label" in r:
                entry["@" + (r["label"].language or "")] = r["label"].value
        return list(by_value.values())

    entries = _cached(service, f"choices {rng}", make)
    out, scheme = [], False
    for e in entries:  # type: ignore[attr-defined]
        scheme = scheme or "scheme" in e
        label = e.get("@" + lang) or e.get("@nb") or e.get("@en") or e.get("@") or e["value"]
        out.append({"value": e["value"], "label": label, **({"code": e["code"]} if "code" in e else {})})
    if scheme and all("code" in o for o in out):
        return sorted(out, key=lambda o: ([int(x) if x.isdigit() else x for x in o["code"].split(".")], o["label"]))
    return sorted(out, key=lambda o: o["label"].casefold())


def vocabulary(service: SparqlService) -> dict[str, list[str]]:
    """IRIs of the classes and properties the local ontology declares or builds on."""

    def make() -> dict[str, list[str]]:
        rows, _ = select(service, "vocabulary", limit=None)
        out: dict[str, list[str]] = {"classes": [], "properties": []}
        for r in rows:
            out["classes" if r["kind"].value == "class" else "properties"].append(r["term"].value)
        return out

    return _cached(service, "vocabulary", make)  # type: ignore[return-value]
