"""What every ``laget`` command shares: settings, language, consoles, the ``--data-dir`` option,
the one-line error exit and opening the configured store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..config import settings_or_exit
from ..i18n import Catalog
from ..store import Backend, StoreError

T = Catalog({
    "busy.token": {
        "nb": "Lageret i {path} holdes av «laget serve» (prosess {pid}, {url}). Stopp tjeneren og kjør "
              "kommandoen igjen, eller sett LAGET_UPDATE_TOKEN til tjenerens nøkkel, så går endringen "
              "gjennom tjeneren.",
        "en": "The store in {path} is held by 'laget serve' (process {pid}, {url}). Stop the server and run "
              "the command again, or set LAGET_UPDATE_TOKEN to the server's token and the change goes "
              "through the server.",
    },
    "busy.unknown": {
        "nb": "Lageret i {path} brukes av en annen prosess. Stopp den og kjør kommandoen igjen.",
        "en": "The store in {path} is in use by another process. Stop it and run the command again.",
    },
    "busy.through": {"nb": "«laget serve» holder lageret: endringen går gjennom {url}.",
                     "en": "'laget serve' holds the store: the change goes through {url}."},
    "app.help": {
        "nb": "laget-graph: laget rundt barnet som kunnskapsgraf. Språk: LAGET_LANG=nb|en.",
        "en": "laget-graph: the team around the child as a knowledge graph. Language: LAGET_LANG=nb|en.",
    },
    "opt.data_dir": {
        "nb": "Mappen til det innebygde lageret (standard: brukerens datamappe, eller LAGET_DATA_DIR).",
        "en": "Folder of the embedded store (default: the user's data folder, or LAGET_DATA_DIR).",
    },
    "error": {"nb": "Feil", "en": "Error"},
    "version.help": {"nb": "Vis versjonen og avslutt.", "en": "Show the version and exit."},
})

SETTINGS = settings_or_exit()
LANG = SETTINGS.lang

err = Console(stderr=True)
out = Console()

DataDirOption = Annotated[Path | None, typer.Option("--data-dir", help=T("opt.data_dir", LANG))]


def print_error(message: str, lang: str = LANG) -> None:
    """Print ``message`` as an error on stderr, as text (never read as rich markup: file names and
    SPARQL hold brackets)."""
    err.print(f"[bold red]{T('error', lang)}:[/] {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error in the user's language and return the exit to raise."""
    print_error(message)
    return typer.Exit(code)


def explain(exc: Exception) -> str:
    """An error's message in the user's language when it has one (``InputError``), else its text."""
    message = getattr(exc, "message", None)
    return message(LANG) if callable(message) else str(exc)


def open_configured(data_dir: Path | None, write: bool = False) -> Backend:
    """The configured store: an external SPARQL database (LAGET_SPARQL_URL) unless a folder is given.

    Beside a running ``laget serve``, which holds the on-disk store: a read opens a snapshot of it
    (read-only, no HTTP hop: measured faster than asking the server, see docs/operators.md); a write
    goes through the server's Graph Store and Update endpoints with LAGET_UPDATE_TOKEN, and without
    the token the user is told exactly what to do."""
    from ..store import StoreBusyError, open_store

    try:
        if SETTINGS.sparql_url and data_dir is None:
            from ..store_external import open_backend  # httpx only when a store is external

            return open_backend(SETTINGS)
        path = data_dir or SETTINGS.data_dir
        try:
            return open_store(path)
        except StoreBusyError:
            return _beside_server(path, write)
    except StoreError as exc:
        raise fail(explain(exc)) from None


def _beside_server(path: Path, write: bool) -> Backend:
    from ..running import running_server
    from ..store import open_store
    from ..store_external import LagetServerStore

    server = running_server(path)
    where = server.url if server else "?"
    if not write:
        return open_store(path, read_only=True)
    if server is None:
        raise fail(T("busy.unknown", LANG, path=path))
    if not SETTINGS.update_token:
        raise fail(T("busy.token", LANG, url=where, pid=server.pid, path=path))
    err.print(T("busy.through", LANG, url=where), highlight=False)
    # the server keeps the versions of what goes through it (see LagetServerStore)
    return LagetServerStore(server.url, SETTINGS.update_token, timeout_s=max(60.0, SETTINGS.query_timeout_s),
                            lang=LANG)
