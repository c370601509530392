"""Shared request helpers: the store, the settings and the reader's language."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from ..config import Settings
from ..i18n import pick_lang
from ..store import Store

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_lang(request: Request) -> str:
    """``?lang=nb|en`` wins, then ``Accept-Language``, then the server's default."""
    asked = request.query_params.get("lang")
    if asked in ("nb", "en"):
        return asked
    return pick_lang(request.headers.get("accept-language"), request.app.state.settings.lang)
