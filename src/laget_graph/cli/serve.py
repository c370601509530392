"""``laget serve``: the web app on the configured store, filled with the bundled data on first start."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from .. import __version__
from ..i18n import Catalog
from .options import LANG, SETTINGS, DataDirOption, err, explain, fail

T = Catalog({
    "serve.help": {"nb": "Start tjeneren. Et tomt lager fylles med de medfølgende dataene ved første start.",
                   "en": "Start the server. An empty store is filled with the bundled data on first start."},
    "serve.host": {"nb": "Adressen tjeneren lytter på.", "en": "Address the server listens on."},
    "serve.port": {"nb": "Porten tjeneren lytter på.", "en": "Port the server listens on."},
    "serve.memory": {"nb": "Bruk et lager i minnet (ingenting lagres på disk).",
                     "en": "Use an in-memory store (nothing is kept on disk)."},
    "serve.start": {"nb": "laget-graph {version} på http://{host}:{port}  (lager: {store})",
                    "en": "laget-graph {version} on http://{host}:{port}  (store: {store})"},
    "serve.seeding": {"nb": "Lageret er tomt: laster inn medfølgende data …",
                      "en": "The store is empty: loading the bundled data …"},
})


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``laget`` command."""
    app.command("serve", help=T("serve.help", LANG))(serve)


def serve(
    host: Annotated[str, typer.Option(help=T("serve.host", LANG))] = SETTINGS.host,
    port: Annotated[int, typer.Option(help=T("serve.port", LANG))] = SETTINGS.port,
    data_dir: DataDirOption = None,
    memory: Annotated[bool, typer.Option("--memory", help=T("serve.memory", LANG))] = False,
) -> None:
    import uvicorn

    from ..ingest import load_bundled
    from ..running import announce, withdraw
    from ..store import StoreError
    from ..store_external import open_backend
    from ..versions import keeps_versions, refresh
    from ..web.app import create_app, uvicorn_options

    settings = replace(SETTINGS, host=host, port=port, data_dir=data_dir or SETTINGS.data_dir,
                       store="memory" if memory else SETTINGS.store)
    try:
        store = open_backend(settings)
    except StoreError as exc:
        raise fail(explain(exc)) from None
    try:
        if store.is_empty():
            err.print(T("serve.seeding", LANG))
            load_bundled(store)
        elif keeps_versions(store):
            refresh(store)  # lgg:current, in case a process died between a write and its rebuild
    except StoreError as exc:
        raise fail(explain(exc)) from None
    where = settings.sparql_url or ("memory" if store.path is None else str(store.path))
    err.print(T("serve.start", LANG, version=__version__, host=host, port=port, store=where), highlight=False)
    if store.path is not None:  # so `laget info`, `query`, `load` … beside this server find it
        announce(store.path, f"http://{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}")
    try:
        uvicorn.run(create_app(settings, store), host=host, port=port, log_level="info",
                    **uvicorn_options(settings))
    finally:
        if store.path is not None:
            withdraw(store.path)
