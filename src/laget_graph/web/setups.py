"""Versions of setups over HTTP: list, history and diff (open, they only read); drop and restore
(with the update token, like every change). ``{name}`` is ``3201``, ``setup/3201`` or a graph IRI.

    GET  /api/setups                        current and dropped setups, with their kept versions
    GET  /api/setups/{name}/history         every version: when, from which files (SHA-256), triples
    GET  /api/setups/{name}/diff?from=&to=  what changed, in words and as triples (JSON, text, Turtle)
    POST /api/setups/{name}/drop            the current content becomes a version; the setup is gone
    POST /api/setups/{name}/restore?version=N   version N becomes current again
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from ..i18n import Catalog
from ..namespaces import graph_short_name
from ..store import Store, StoreError
from ..versions import (
    VersionError,
    current_graphs,
    drop,
    history,
    is_versioned,
    kept_versions,
    restore,
    setup_iri,
    to_json,
)
from .deps import get_lang, get_store, lang_of, settings_of, store_of
from .sparql import ProtocolError, authorise
from .sparql import T as PROTOCOL

router = APIRouter(tags=["Versions / Versjoner"])

T = Catalog({
    "bad_version": {"nb": "«{value}» er ikke et versjonsnummer (se historikken).",
                    "en": "“{value}” is not a version number (see the history)."},
    "bad_format": {"nb": "format må være json, text eller ttl.", "en": "format must be json, text or ttl."},
})

StoreDep = Annotated[Store, Depends(get_store)]
LangDep = Annotated[str, Depends(get_lang)]


def _refused(exc: Exception, lang: str) -> JSONResponse:
    if isinstance(exc, ProtocolError):
        return JSONResponse({"error": PROTOCOL(exc.key, lang, **exc.values)}, status_code=exc.status,
                            headers=exc.headers)
    if isinstance(exc, StoreError):  # VersionError among them: each with its status, in the reader's language
        return JSONResponse({"error": exc.message(lang)}, status_code=exc.status)
    return JSONResponse({"error": str(exc)}, status_code=400)


def _number(value: str | None, lang: str) -> int | None:
    if value is None or value == "":
        return None
    text = value.strip().lower().removeprefix("v")
    if not text.isdigit():
        raise ValueError(T("bad_version", lang, value=value))
    return int(text)


@router.get("/api/setups", summary="Setups and their versions / Oppsett og versjonene deres")
def list_setups(store: StoreDep) -> list[dict[str, object]]:
    """Every current setup with its triples and how many earlier versions are kept; dropped setups
    (restorable) with ``current: false``."""
    counts = {g.iri: g.triples for g in store.graphs()}
    kept = kept_versions(store)
    current = [g for g in current_graphs(store) if is_versioned(g)]
    dropped = sorted(g for g in kept if g not in counts)
    return [{"name": graph_short_name(g), "iri": g, "current": g in counts, "triples": counts.get(g, 0),
             "versions": kept.get(g, 0)} for g in [*current, *dropped]]


@router.get("/api/setups/{name:path}/history", summary="A setup's versions / Versjonene av et oppsett")
def setup_history(name: str, store: StoreDep, lang: LangDep) -> Response:
    """Every version, oldest first: when it was made, how (load, bundled, upload, restore), from which
    files with their SHA-256, its triples, the version it revised, and whether it is current."""
    graph = setup_iri(name)
    records = history(store, graph)
    if not records:
        return _refused(VersionError("no_history", graph=graph_short_name(graph)), lang)
    return JSONResponse({"graph": graph_short_name(graph), "iri": graph, "versions": [to_json(r) for r in records]})


@router.get("/api/setups/{name:path}/diff", summary="What changed / Hva som er endret",
            responses={200: {"content": {"application/json": {}, "text/plain": {}, "text/turtle": {}}}})
def setup_diff(
    name: str, request: Request, store: StoreDep, lang: LangDep,
    old: Annotated[str | None, Query(alias="from", description="version number (default: the one before)")] = None,
    new: Annotated[str | None, Query(alias="to", description="version number (default: the current one)")] = None,
    fmt: Annotated[str | None, Query(alias="format", description="json, text or ttl (or by Accept)")] = None,
) -> Response:
    """The change between two versions: sentences in the reader's language (nb or en), and the removed
    and added triples. ``?format=text`` gives the sentences as plain text, ``ttl`` the triples."""
    from ..versions.diff import diff

    accept = request.headers.get("accept", "")
    chosen = fmt or ("ttl" if "text/turtle" in accept else "text" if "text/plain" in accept else "json")
    if chosen not in ("json", "text", "ttl"):
        return JSONResponse({"error": T("bad_format", lang)}, status_code=400)
    try:
        result = diff(store, setup_iri(name), _number(old, lang), _number(new, lang))
    except ValueError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    except StoreError as exc:
        return _refused(exc, lang)
    if chosen == "ttl":
        return Response(result.turtle(), media_type="text/turtle; charset=utf-8")
    if chosen == "text":
        lines = [result.title(lang), result.summary(lang), *result.sentences(lang)]
        return PlainTextResponse("\n".join(lines) + "\n")
    return JSONResponse(result.to_json(lang))


@router.post("/api/setups/{name:path}/drop", summary="Drop a setup, recoverably / Ta ut et oppsett (kan angres)")
async def setup_drop(name: str, request: Request) -> Response:
    """The setup's current content becomes a version and the setup leaves the current data (queries,
    network, validation); ``restore`` brings it back. Needs the update token."""
    return await run_in_threadpool(_drop, request, name)


def _drop(request: Request, name: str) -> Response:
    lang = lang_of(request)
    try:
        authorise(request, settings_of(request))
        dropped = drop(store_of(request), setup_iri(name))
    except (ProtocolError, StoreError) as exc:
        return _refused(exc, lang)
    return JSONResponse({"dropped": to_json(dropped)})


@router.post("/api/setups/{name:path}/restore", summary="Restore a version / Hent fram en versjon")
async def setup_restore(name: str, request: Request) -> Response:
    """Version ``?version=N`` becomes current again, as a new version; what it replaces is kept as a
    version too. Needs the update token."""
    return await run_in_threadpool(_restore, request, name)


def _restore(request: Request, name: str) -> Response:
    lang = lang_of(request)
    try:
        authorise(request, settings_of(request))
        number = _number(request.query_params.get("version"), lang)
        if number is None:
            raise ValueError(T("bad_version", lang, value=""))
        written = restore(store_of(request), setup_iri(name), number)
    except ValueError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    except (ProtocolError, StoreError) as exc:
        return _refused(exc, lang)
    return JSONResponse(written.to_json())
