"""Application factory: one store and one settings object, passed to every route."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..config import Settings
from ..sparql.errors import SparqlError
from ..store import Store
from . import apidocs, graphs, kommune, network, queries, resources, setups, sparql, validate
from .deps import CONTENT_SECURITY_POLICY, STATIC_DIR, lang_of
from .invalid_input import invalid_input

#: Sent with every response unless a route set its own.
SECURITY_HEADERS = ((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"))


class SecurityHeaders:
    """Plain ASGI middleware that adds :data:`SECURITY_HEADERS`. Not ``@app.middleware("http")``:
    Starlette's BaseHTTPMiddleware runs every response through an extra task and stream, which cost
    a measurable share of a small query's time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((n, v) for n, v in SECURITY_HEADERS if n not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


def thread_pool_size(settings: Settings) -> int:
    """Threads for plain ``def`` routes: every request that may wait in the two query lines (regular
    and long-query), the running, stepped-aside and paused queries, and room to spare, so pages and
    /health answer while the lines are full (anyio's default of 40 would let waiting queries take
    every thread)."""
    return max(40, 2 * settings.query_queue + 3 * settings.query_workers + 16)


def uvicorn_options(settings: Settings) -> dict[str, object]:
    """How uvicorn runs the app: it believes a proxy's headers (client address, scheme) only from
    ``LAGET_TRUSTED_PROXIES``, the proxies the per-client query bounds believe (uvicorn's own default
    trusts loopback, so any local process could choose whom its queries are charged to)."""
    return {"forwarded_allow_ips": list(settings.trusted_proxies)}


def store_error(request: Request, exc: Exception) -> PlainTextResponse:
    """Any route whose store fails or refuses (an external store that is down, refuses laget-graph's
    credentials or stops at its own limits) answers with that reason in the reader's language."""
    assert isinstance(exc, SparqlError)
    return PlainTextResponse(exc.message(lang_of(request)), status_code=exc.status, headers=exc.headers)


def create_app(settings: Settings, store: Store) -> FastAPI:
    """Build the app around an opened store; the caller owns the store's lifetime."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = thread_pool_size(settings)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="laget-graph",
        docs_url=None,  # /docs and /redoc are served offline by .apidocs
        redoc_url=None,
        version=__version__,
        description="Laget rundt barnet som kunnskapsgraf / The team around the child as a knowledge graph.",
    )
    app.state.settings = settings
    app.state.store = store

    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(SparqlError, store_error)
    app.add_exception_handler(RequestValidationError, invalid_input)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["*"],
                           expose_headers=["Laget-Truncated", "Laget-Result-Limit", "Laget-Result-Count"])
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # One router per concern; each module exposes ``router``. The query routes first: a request is
    # matched against the routes in order, and queries are the requests that come most often.
    app.include_router(sparql.router)
    app.include_router(queries.router)
    app.include_router(graphs.router)
    app.include_router(kommune.router)
    app.include_router(network.router)
    app.include_router(validate.router)
    app.include_router(resources.router)
    app.include_router(apidocs.router)
    app.include_router(setups.router)
    return app
