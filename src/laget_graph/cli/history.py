"""``laget history``, ``laget diff``, ``laget drop`` and ``laget restore``: the versions of a setup.

A setup is named as ``3201``, ``setup/3201`` or by its graph IRI. Reads work beside a running
``laget serve`` (a snapshot of the store); a drop or restore goes through the server, which keeps
the versions, with LAGET_UPDATE_TOKEN."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Annotated

import typer

from ..i18n import Catalog
from ..store import StoreError
from .options import LANG, DataDirOption, explain, fail, open_configured, out

T = Catalog({
    "history.help": {
        "nb": "Vis versjonene av et oppsett: når, fra hvilken fil (med SHA-256), antall tripler og status.",
        "en": "Show the versions of a setup: when, from which file (with SHA-256), triple count and status.",
    },
    "diff.help": {
        "nb": "Vis hva som er endret mellom to versjoner av et oppsett, i ord (eller tripler med --format ttl).",
        "en": "Show what changed between two versions of a setup, in words (or triples with --format ttl).",
    },
    "drop.help": {
        "nb": "Ta et oppsett ut av de gjeldende dataene. Kan angres: innholdet blir en versjon (laget restore).",
        "en": "Take a setup out of the current data. Can be undone: its content becomes a version (laget restore).",
    },
    "restore.help": {
        "nb": "Gjør en tidligere versjon av et oppsett gjeldende igjen (det den erstatter, blir også en versjon).",
        "en": "Make an earlier version of a setup current again (what it replaces becomes a version too).",
    },
    "arg.setup": {"nb": "Oppsettet: 3201, setup/3201 eller grafens IRI.",
                  "en": "The setup: 3201, setup/3201 or the graph's IRI."},
    "arg.version": {"nb": "Versjonsnummeret (se laget history).", "en": "The version number (see laget history)."},
    "opt.from": {"nb": "Sammenlign fra denne versjonen (standard: den før --to).",
                 "en": "Compare from this version (default: the one before --to)."},
    "opt.to": {"nb": "Sammenlign til denne versjonen (standard: den gjeldende).",
               "en": "Compare to this version (default: the current one)."},
    "opt.history_format": {"nb": "Utdata: table eller json.", "en": "Output: table or json."},
    "opt.diff_format": {"nb": "Utdata: text (setninger), ttl (tripler) eller json.",
                        "en": "Output: text (sentences), ttl (triples) or json."},
    "bad_format": {"nb": "--format må være en av {known}.", "en": "--format must be one of {known}."},
    "bad_version": {"nb": "«{value}» er ikke et versjonsnummer (se laget history).",
                    "en": "“{value}” is not a version number (see laget history)."},
    "col.version": {"nb": "Versjon", "en": "Version"},
    "col.when": {"nb": "Tid", "en": "Time"},
    "col.how": {"nb": "Hvordan", "en": "How"},
    "col.source": {"nb": "Kilde", "en": "Source"},
    "col.sha": {"nb": "SHA-256", "en": "SHA-256"},
    "col.triples": {"nb": "Tripler", "en": "Triples"},
    "col.status": {"nb": "Status", "en": "Status"},
    "status.current": {"nb": "gjeldende", "en": "current"},
    "status.replaced": {"nb": "erstattet {when}", "en": "replaced {when}"},
    "status.dropped": {"nb": "tatt ut {when}", "en": "dropped {when}"},
    "how.load": {"nb": "lastet inn", "en": "loaded"},
    "how.bundled": {"nb": "medfølgende data", "en": "bundled data"},
    "how.upload": {"nb": "lastet opp", "en": "uploaded"},
    "how.restore": {"nb": "hentet fram fra v{number}", "en": "restored from v{number}"},
    "how.unknown": {"nb": "ukjent (før versjoner)", "en": "unknown (before versions)"},
    "dropped": {
        "nb": "{graph} er tatt ut av de gjeldende dataene; innholdet er tatt vare på som versjon {number}. "
              "Angre: laget restore {name} {number}",
        "en": "{graph} is out of the current data; its content is kept as version {number}. "
              "Undo: laget restore {name} {number}",
    },
    "restored": {"nb": "Versjon {old} av {graph} er gjeldende igjen (som versjon {new}).",
                 "en": "Version {old} of {graph} is current again (as version {new})."},
    "restored_same": {"nb": "{graph} har allerede samme innhold som versjon {old}; ingenting er endret.",
                      "en": "{graph} already holds the same content as version {old}; nothing changed."},
})


def register(app: typer.Typer) -> None:
    """Add ``history``, ``diff``, ``drop`` and ``restore`` to the ``laget`` command."""
    app.command("history", help=T("history.help", LANG))(history_command)
    app.command("diff", help=T("diff.help", LANG))(diff_command)
    app.command("drop", help=T("drop.help", LANG))(drop_command)
    app.command("restore", help=T("restore.help", LANG))(restore_command)


SetupArg = Annotated[str, typer.Argument(help=T("arg.setup", LANG), show_default=False)]


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


def _number(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().lower().removeprefix("v")
    if not text.isdigit():
        raise fail(T("bad_version", LANG, value=value))
    return int(text)


def history_command(setup: SetupArg,
                    fmt: Annotated[str, typer.Option("--format", "-f", help=T("opt.history_format", LANG))] = "table",
                    data_dir: DataDirOption = None) -> None:
    from rich.table import Table

    from ..namespaces import graph_short_name
    from ..versions import VersionError, history, setup_iri, to_json

    if fmt not in ("table", "json"):
        raise fail(T("bad_format", LANG, known="table, json"))
    graph = setup_iri(setup)
    store = open_configured(data_dir)
    try:
        records = history(store, graph)
    except StoreError as exc:
        raise fail(explain(exc)) from None
    finally:
        store.close()
    if not records:
        raise fail(explain(VersionError("no_history", graph=graph_short_name(graph))))
    if fmt == "json":
        typer.echo(json.dumps([to_json(r) for r in records], ensure_ascii=False, indent=2))
        return
    table = Table(T("col.version", LANG), T("col.when", LANG), T("col.how", LANG), T("col.source", LANG),
                  T("col.sha", LANG), T("col.triples", LANG), T("col.status", LANG), title=graph_short_name(graph))
    table.columns[5].justify = "right"
    for r in records:
        how = (T("how.restore", LANG, number=r.restored_from) if r.origin == "restore"
               else T(f"how.{r.origin or 'unknown'}", LANG))
        if r.current:
            status = T("status.current", LANG)
        else:
            status = T("status.dropped" if r is records[-1] else "status.replaced", LANG, when=_when(r.invalidated))
        table.add_row(str(r.number), _when(r.generated), how, "\n".join(s.name for s in r.sources) or "—",
                      "\n".join(s.sha256[:12] for s in r.sources) or "—",
                      "—" if r.triples is None else f"{r.triples:,}".replace(",", " "), status)
    out.print(table)


def diff_command(setup: SetupArg,
                 old: Annotated[str | None, typer.Option("--from", help=T("opt.from", LANG))] = None,
                 new: Annotated[str | None, typer.Option("--to", help=T("opt.to", LANG))] = None,
                 fmt: Annotated[str, typer.Option("--format", "-f", help=T("opt.diff_format", LANG))] = "text",
                 data_dir: DataDirOption = None) -> None:
    from ..versions import setup_iri
    from ..versions.diff import T as WORDS
    from ..versions.diff import diff

    if fmt not in ("text", "ttl", "json"):
        raise fail(T("bad_format", LANG, known="text, ttl, json"))
    before, after = _number(old), _number(new)
    store = open_configured(data_dir)
    try:
        result = diff(store, setup_iri(setup), before, after)
    except StoreError as exc:
        raise fail(explain(exc)) from None
    finally:
        store.close()
    if fmt == "ttl":
        sys.stdout.buffer.write(result.turtle())
    elif fmt == "json":
        typer.echo(json.dumps(result.to_json(LANG), ensure_ascii=False, indent=2))
    else:
        out.print(f"[bold]{result.title(LANG)}[/]", highlight=False)
        out.print(result.summary(LANG), highlight=False)
        if result.old is None and before is None:  # the first version: everything is new
            out.print(WORDS("first", LANG, number=result.new.number), highlight=False)
            return
        lines = result.sentences(LANG)
        for line in lines or [WORDS("no_changes", LANG)]:
            out.print(f"  • {line}" if lines else f"  {line}", highlight=False, markup=False)


def drop_command(setup: SetupArg, data_dir: DataDirOption = None) -> None:
    from ..namespaces import graph_short_name
    from ..versions import drop, setup_iri

    graph = setup_iri(setup)
    store = open_configured(data_dir, write=True)
    try:
        dropped = drop(store, graph)
    except StoreError as exc:
        raise fail(explain(exc)) from None
    finally:
        store.close()
    name = graph_short_name(graph).removeprefix("setup/")
    out.print(T("dropped", LANG, graph=graph_short_name(graph), number=dropped.number, name=name), highlight=False)


def restore_command(setup: SetupArg,
                    version: Annotated[str, typer.Argument(help=T("arg.version", LANG), show_default=False)],
                    data_dir: DataDirOption = None) -> None:
    from ..namespaces import graph_short_name
    from ..versions import restore, setup_iri

    graph, number = setup_iri(setup), _number(version)
    assert number is not None
    store = open_configured(data_dir, write=True)
    try:
        written = restore(store, graph, number)
    except StoreError as exc:
        raise fail(explain(exc)) from None
    finally:
        store.close()
    if graph in written.unchanged:
        out.print(T("restored_same", LANG, graph=graph_short_name(graph), old=number), highlight=False)
    else:
        out.print(T("restored", LANG, graph=graph_short_name(graph), old=number, new=written.versions[graph]),
                  highlight=False)

