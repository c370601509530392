"""``laget query``: run a named query (or list them) from the command line."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..i18n import Catalog
from ..sparql import named
from ..sparql.errors import SparqlError
from .options import LANG, SETTINGS, DataDirOption, fail, open_configured, out

T = Catalog({
    "help": {"nb": "Kjør en navngitt spørring (kompetansespørsmål) mot lageret, eller vis dem med --list.",
             "en": "Run a named query (competency question) against the store, or show them with --list."},
    "name": {"nb": "Navnet på spørringen (se --list).", "en": "The query's name (see --list)."},
    "param": {"nb": "Parameter som navn=verdi; kan gjentas. Prefikser som lgd: og area: kan brukes.",
              "en": "Parameter as name=value; may be repeated. Prefixes such as lgd: and area: work."},
    "format": {"nb": "Utdata: table, csv eller json.", "en": "Output: table, csv or json."},
    "list": {"nb": "Vis de navngitte spørringene med parametere.", "en": "Show the named queries with parameters."},
    "bad_param": {"nb": "--param må være navn=verdi, ikke {value!r}.",
                  "en": "--param must be name=value, not {value!r}."},
    "bad_format": {"nb": "--format må være table, csv eller json.", "en": "--format must be table, csv or json."},
    "need_name": {"nb": "Oppgi navnet på en spørring, eller --list.", "en": "Give a query's name, or --list."},
    "rows": {"nb": "{count} rader", "en": "{count} rows"},
    "col.name": {"nb": "Navn", "en": "Name"},
    "col.title": {"nb": "Spørsmål", "en": "Question"},
    "col.params": {"nb": "Parametere (standard)", "en": "Parameters (default)"},
})

_MEDIA = {"table": "application/sparql-results+json", "json": "application/sparql-results+json",
          "csv": "text/csv"}


def register(app: typer.Typer) -> None:
    """Add ``laget query`` to the CLI."""

    @app.command("query", help=T("help", LANG))
    def query(
        name: Annotated[str | None, typer.Argument(help=T("name", LANG), show_default=False)] = None,
        param: Annotated[list[str] | None, typer.Option("--param", "-p", help=T("param", LANG))] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help=T("format", LANG))] = "table",
        list_: Annotated[bool, typer.Option("--list", "-l", help=T("list", LANG))] = False,
        data_dir: DataDirOption = None,
    ) -> None:
        run(name, param or [], fmt, list_, data_dir)


def run(name: str | None, params: list[str], fmt: str, list_: bool, data_dir: Path | None) -> None:
    """Bind, guard and run a named query in this process, on the configured store."""
    if list_:
        _print_list(out, LANG)
        return
    from ..sparql.results import plain_rows
    from ..sparql.service import SparqlService

    if not name:
        raise fail(T("need_name", LANG))
    if fmt not in _MEDIA:
        raise fail(T("bad_format", LANG))
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise fail(T("bad_param", LANG, value=item))
        values[key.strip()] = value
    settings = SETTINGS if data_dir is None else replace(SETTINGS, data_dir=data_dir)
    store = open_configured(data_dir)
    try:
        service = SparqlService(store, settings, workers=False)
        answer = service.run(service.check(named.get(name).bind(values)), _MEDIA[fmt])
    except SparqlError as exc:
        raise fail(exc.message(LANG)) from None
    finally:
        store.close()
    if fmt == "csv":
        typer.echo(answer.body.decode(), nl=False)
    elif fmt == "json":
        typer.echo(json.dumps(plain_rows(answer, name), ensure_ascii=False, indent=2))
    else:
        data = plain_rows(answer, name)
        table = Table(*data["columns"])
        for row in data["rows"]:
            table.add_row(*("" if row[c] is None else str(row[c]) for c in data["columns"]))
        out.print(table)
        out.print(T("rows", LANG, count=answer.count), highlight=False)
    if answer.truncated:
        typer.echo(answer.notice(LANG), err=True)


def _print_list(out: object, lang: str) -> None:
    table = Table(T("col.name", lang), T("col.title", lang), T("col.params", lang))
    for q in named.registry().values():
        params = ", ".join(f"{p.name} ({p.type}; {p.default or '—'})" for p in q.params)
        table.add_row(q.name, q.title[lang], params)
    out.print(table)  # type: ignore[attr-defined]
