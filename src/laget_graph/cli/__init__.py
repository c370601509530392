"""The ``laget`` command: load, inspect, export, query, validate, analyse and serve the graph.

Help and messages follow ``LAGET_LANG`` (nb|en) or the locale; Norwegian is the default. Each
command group lives in its own module and registers itself here; heavy libraries are imported
inside the commands that use them, so ``laget --help`` starts quickly."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import data, history, network, query, registers, serve, synth, validate
from .options import LANG, T, out

app = typer.Typer(help=T("app.help", LANG), no_args_is_help=True, rich_markup_mode="rich",
                  add_completion=False)


def _version(value: bool) -> None:
    if value:
        out.print(f"laget-graph {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=T("version.help", LANG))] = False,
) -> None:
    """laget-graph."""


for group in (data, history, query, validate, network, synth, serve, registers):
    group.register(app)

__all__ = ["app"]
