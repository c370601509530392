"""Shared request helpers: the store, the settings and the reader's language.

Each comes twice: a plain function (``store_of`` …) for code that holds a request, and an ``async``
dependency (``get_store`` …) for ``Depends``. FastAPI runs a plain ``def`` dependency in its thread
pool, a thread hop per request for a lookup that never blocks; these cost a measurable share of a
small query's time."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from ..config import Settings
from ..i18n import pick_lang
from ..sparql.clients import client_address
from ..store import Store

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


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


def client_of(request: Request) -> str:
    """Whom a query is charged to: the remote address, or behind a trusted proxy the address it passed
    on (see sparql/clients.py)."""
    settings = settings_of(request)
    return client_address(request.client.host if request.client else None,
                          request.headers.get(settings.client_header), settings.trusted_proxies)


async def get_store(request: Request) -> Store:
    return store_of(request)


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


async def get_lang(request: Request) -> str:
    return lang_of(request)
