"""Application factory: one store and one settings object, passed to every route."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from .. import __version__
from ..config import Settings
from ..network import api as network_api
from ..store import Store
from . import graphs, sparql, validate

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

#: No outside origin may be contacted by any page; routes that need more set their own policy.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'self'; form-action 'self'"
)


def thread_pool_size(settings: Settings) -> int:
    """Threads for plain ``def`` routes: every request that may wait in the query line, the running
    and stepped-aside queries, and room to spare, so pages and /health answer while the line is full
    (anyio's default of 40 would let waiting queries take every thread)."""
    return max(40, settings.query_queue + 2 * settings.query_workers + 16)


def create_app(settings: Settings, store: Store) -> FastAPI:
    """Build the app around an opened store; the caller owns the store's lifetime."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = thread_pool_size(settings)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="laget-graph",
        version=__version__,
        description="Laget rundt barnet som kunnskapsgraf / The team around the child as a knowledge graph.",
    )
    app.state.settings = settings
    app.state.store = store

    @app.middleware("http")
    async def security_headers(request: Request, call_next) -> Response:  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["*"],
                           expose_headers=["Laget-Truncated", "Laget-Result-Limit", "Laget-Result-Count"])
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # One router per concern; each module exposes ``router``.
    app.include_router(graphs.router)
    app.include_router(sparql.router)
    app.include_router(network_api.router)
    app.include_router(validate.router)
    return app
