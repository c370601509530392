"""What every ``laget`` command shares: settings, language, consoles, the ``--data-dir`` option,
the one-line error exit and opening the configured store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..config import settings_or_exit
from ..i18n import Catalog
from ..store import Backend, StoreError

T = Catalog({
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


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error in the user's language and return the exit to raise."""
    err.print(f"[bold red]{T('error', LANG)}:[/] {message}", highlight=False)
    return typer.Exit(code)


def explain(exc: Exception) -> str:
    """An error's message in the user's language when it has one (``InputError``), else its text."""
    message = getattr(exc, "message", None)
    return message(LANG) if callable(message) else str(exc)


def open_configured(data_dir: Path | None) -> Backend:
    """The configured store: an external SPARQL database (LAGET_SPARQL_URL) unless a folder is given."""
    from ..store import open_store
    from ..store_external import open_backend

    try:
        if SETTINGS.sparql_url and data_dir is None:
            return open_backend(SETTINGS)
        return open_store(data_dir or SETTINGS.data_dir)
    except StoreError as exc:
        raise fail(str(exc)) from None
