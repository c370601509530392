"""Shared request helpers: the store, the settings and the reader's language.

Each comes twice: a plain function (``store_of`` …) for code that holds a request, and an ``async``
dependency (``get_store`` …) for ``Depends``. FastAPI runs a plain ``def`` dependency in its thread
pool, a thread hop per request for a lookup that never blocks; these cost a measurable share of a
small query's time."""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from ..config import Settings
from ..i18n import pick_lang
from ..sparql.clients import client_address
from ..sparql.results import Answer
from ..sparql.service import SparqlService
from ..store import Store
from .layout import install

#: No outside origin may be contacted by any page; routes that need more set their own policy.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'self'; form-action 'self'"
)

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
install(templates.env)
_SERVICE_LOCK = threading.Lock()


def store_of(request: Request) -> Store:
    return request.app.state.store


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def lang_of(request: Request) -> str:
    """``?lang=nb|en`` wins, then ``Accept-Language``, then the server's default."""
    asked = request.query_params.get("lang")
    if asked in ("nb", "en"):
        return asked
    return pick_lang(request.headers.get("accept-language"), request.app.state.settings.lang)


async def get_store(request: Request) -> Store:
    return store_of(request)


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


async def get_lang(request: Request) -> str:
    return lang_of(request)


def service_of(request: Request) -> SparqlService:
    """The app's one SPARQL service, made on first use (its workers start lazily too)."""
    state = request.app.state
    with _SERVICE_LOCK:
        if getattr(state, "sparql_service", None) is None:
            state.sparql_service = SparqlService(state.store, state.settings)
    return state.sparql_service


async def get_service(request: Request) -> SparqlService:
    """:func:`service_of` as a dependency (``async``: no thread hop, see :mod:`.deps`)."""
    return service_of(request)


def answer_response(answer: Answer) -> Response:
    """An answer with its cap stated in headers (and, for JSON, in the body)."""
    headers = {"Laget-Result-Count": str(answer.count), "Laget-Truncated": str(answer.truncated).lower(),
               "Vary": "Accept"}
    if answer.limit is not None:
        headers["Laget-Result-Limit"] = str(answer.limit)
    media = answer.media_type if "charset" in answer.media_type else f"{answer.media_type}; charset=utf-8"
    return Response(answer.body, media_type=media, headers=headers)


class TooLarge(Exception):
    """A request body over its limit; nothing more of it is read."""


async def read_capped(request: Request, limit: int) -> bytes:
    """The request body, refusing more than ``limit`` bytes without reading them all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:  # multipart framing slack
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit + 64 * 1024:
            raise TooLarge
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # lets request.form() parse what was read
    return body


def is_iri(text: str) -> bool:
    """Can ``text`` name a graph? A name with ``<``, a space and the like is no IRI: a 4xx, never a 500."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def client_of(request: Request) -> str:
    """Whom a query is charged to: the remote address, or behind a trusted proxy the address it passed
    on (see sparql/clients.py)."""
    settings = settings_of(request)
    return client_address(request.client.host if request.client else None,
                          request.headers.get(settings.client_header), settings.trusted_proxies)
