"""``laget load``, ``laget info`` and ``laget export``: data in and out of the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..i18n import Catalog
from ..sparql.errors import SparqlError
from ..store import StoreError
from .options import LANG, DataDirOption, err, explain, fail, open_configured, out
from .progress import progress_bar

T = Catalog({
    "load.help": {
        "nb": "Last inn RDF-filer (Turtle, JSON-LD, TriG, N-Triples, N-Quads, RDF/XML) i lageret. "
              "Hver fil går til en navngitt graf per kommune/oppsett; alt eller ingenting.",
        "en": "Load RDF files (Turtle, JSON-LD, TriG, N-Triples, N-Quads, RDF/XML) into the store. "
              "Each file goes to a named graph per municipality/setup; all or nothing.",
    },
    "load.graph": {
        "nb": "Last alt inn i denne grafen (kortnavn som setup/3201, eller full IRI).",
        "en": "Load everything into this graph (short name such as setup/3201, or a full IRI).",
    },
    "load.append": {
        "nb": "Legg til i grafen i stedet for å erstatte innholdet.",
        "en": "Add to the graph instead of replacing its content.",
    },
    "load.format": {
        "nb": "Format når filendelsen ikke sier det (ttl, jsonld, trig, nt, nq, rdf).",
        "en": "Format when the file extension does not tell (ttl, jsonld, trig, nt, nq, rdf).",
    },
    "load.bundled": {
        "nb": "Last inn den medfølgende ontologien, referansedataene og eksemplene.",
        "en": "Load the bundled ontology, reference data and examples.",
    },
    "load.parsing": {"nb": "Leser", "en": "Parsing"},
    "load.done": {"nb": "{triples} tripler lastet inn i {graph}", "en": "{triples} triples loaded into {graph}"},
    "load.first": {"nb": "{triples} tripler lastet inn i {graph} (versjon 1)",
                   "en": "{triples} triples loaded into {graph} (version 1)"},
    "load.replaced": {
        "nb": "{triples} tripler lastet inn i {graph} (versjon {number}; det som ble erstattet, er tatt vare på: "
              "laget history {name})",
        "en": "{triples} triples loaded into {graph} (version {number}; what it replaced is kept: "
              "laget history {name})",
    },
    "load.unchanged": {"nb": "{graph} er uendret", "en": "{graph} is unchanged"},
    "load.unchanged_version": {"nb": "{graph} er uendret (samme innhold som versjon {number})",
                               "en": "{graph} is unchanged (the same content as version {number})"},
    "load.kept": {
        "nb": "Merk: {graph} er ditt eget oppsett ({how}) og er beholdt; det medfølgende eksemplet for samme "
              "kommune er ikke lastet inn. Vil du ha eksemplet i stedet: laget drop {name} (kan angres med "
              "laget restore), så laget load --bundled.",
        "en": "Note: {graph} is your own setup ({how}) and was kept; the bundled example for the same "
              "municipality was not loaded. To have the example instead: laget drop {name} (undo with "
              "laget restore), then laget load --bundled.",
    },
    "load.kept_how": {"nb": "versjon {number}, lastet inn {when} fra {source}",
                      "en": "version {number}, loaded {when} from {source}"},
    "load.nothing": {"nb": "Ingen filer oppgitt (bruk --bundled for de medfølgende dataene).",
                     "en": "No files given (use --bundled for the bundled data)."},
    "info.help": {"nb": "Vis de gjeldende grafene i lageret med antall tripler og versjoner.",
                  "en": "Show the current graphs in the store with their triple and version counts."},
    "info.graph": {"nb": "Graf", "en": "Graph"},
    "info.triples": {"nb": "Tripler", "en": "Triples"},
    "info.empty": {"nb": "Lageret i {path} er tomt.", "en": "The store in {path} is empty."},
    "info.total": {"nb": "Totalt", "en": "Total"},
    "info.versions": {"nb": "Versjoner", "en": "Versions"},
    "info.dropped": {"nb": "Grå: tatt ut (laget drop); laget history viser versjonene, laget restore henter fram.",
                     "en": "Grey: dropped (laget drop); laget history lists the versions, laget restore "
                           "brings one back."},
    "export.help": {"nb": "Skriv ut én graf som Turtle, JSON-LD, N-Triples eller RDF/XML.",
                    "en": "Write one graph as Turtle, JSON-LD, N-Triples or RDF/XML."},
    "export.graph": {"nb": "Grafens kortnavn (ontology, reference, setup/3201) eller IRI.",
                     "en": "The graph's short name (ontology, reference, setup/3201) or IRI."},
    "export.format": {"nb": "Format: ttl, jsonld, nt eller rdfxml.", "en": "Format: ttl, jsonld, nt or rdfxml."},
    "export.output": {"nb": "Skriv til denne filen (standard: standard ut).",
                      "en": "Write to this file (default: standard output)."},
})


def register(app: typer.Typer) -> None:
    """Add ``load``, ``info`` and ``export`` to the ``laget`` command."""
    app.command("load", help=T("load.help", LANG))(load)
    app.command("info", help=T("info.help", LANG))(info)
    app.command("export", help=T("export.help", LANG))(export)


def load(
    files: Annotated[list[Path] | None, typer.Argument(show_default=False)] = None,
    graph: Annotated[str | None, typer.Option("--graph", "-g", help=T("load.graph", LANG))] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=T("load.format", LANG))] = None,
    append: Annotated[bool, typer.Option("--append", help=T("load.append", LANG))] = False,
    bundled: Annotated[bool, typer.Option("--bundled", help=T("load.bundled", LANG))] = False,
    data_dir: DataDirOption = None,
) -> None:
    from ..ingest import expand_rdf, load

    paths = expand_rdf(files or [])
    if not paths and not bundled:
        raise fail(T("load.nothing", LANG))
    store = open_configured(data_dir, write=True)
    try:
        with progress_bar(err) as bar:
            task = bar.add_task(T("load.parsing", LANG), total=len(paths) or None)
            step = lambda p: bar.update(task, advance=1, description=f"{T('load.parsing', LANG)} {p.name}")  # noqa: E731
            written = load(store, paths, graph=graph, fmt=fmt, append=append, bundled=bundled, progress=step)
    except (StoreError, SparqlError) as exc:  # SparqlError: an external store that refuses or fails
        raise fail(explain(exc)) from None
    finally:
        store.close()
    report_load(written)


def report_load(written: object) -> None:
    """What a load did to each graph: written (and which version it is), unchanged, or a user's setup
    that the bundled data left alone."""
    from ..namespaces import graph_short_name
    from ..versions import Written
    from ..versions.wording import T as VT

    assert isinstance(written, Written)
    for g, n in written.items():
        number = written.versions.get(g)
        key = "load.done" if number is None else "load.first" if number == 1 else "load.replaced"
        out.print(T(key, LANG, triples=n, graph=graph_short_name(g), number=number,
                    name=graph_short_name(g).removeprefix("setup/")), highlight=False)
    for g in written.unchanged:
        number = written.versions.get(g)
        out.print(T("load.unchanged" if number is None else "load.unchanged_version", LANG,
                    graph=graph_short_name(g), number=number), highlight=False)
    for g, version in written.kept.items():
        if version is None:
            how = VT("loaded_undated", LANG)
        else:
            source = ", ".join(s.name for s in version.sources) or "—"
            when = version.generated.astimezone().strftime("%Y-%m-%d %H:%M") if version.generated else "—"
            how = T("load.kept_how", LANG, number=version.number, when=when, source=source)
        err.print(T("load.kept", LANG, graph=graph_short_name(g), how=how,
                    name=graph_short_name(g).removeprefix("setup/")), highlight=False)


def info(data_dir: DataDirOption = None) -> None:
    from ..namespaces import graph_short_name
    from ..versions import is_current, is_versioned, kept_versions

    store = open_configured(data_dir)
    try:
        every = store.graphs()
        kept = kept_versions(store)
    except SparqlError as exc:
        raise fail(explain(exc)) from None
    finally:
        store.close()
    path = store.path
    graphs = [g for g in every if is_current(g.iri)]  # versions and histories: laget history
    dropped = sorted(g for g in kept if g not in {gi.iri for gi in every})
    if not graphs and not dropped:
        out.print(T("info.empty", LANG, path=path))
        return
    table = Table(T("info.graph", LANG), T("info.triples", LANG), T("info.versions", LANG))
    table.columns[1].justify = "right"
    table.columns[2].justify = "right"
    for gi in graphs:
        table.add_row(gi.name, f"{gi.triples:,}".replace(",", " "),
                      str(kept.get(gi.iri, 0) + 1) if is_versioned(gi.iri) else "")
    for g in dropped:
        table.add_row(f"[dim]{graph_short_name(g)}[/]", "—", f"[dim]{kept[g]}[/]")
    table.add_row(f"[bold]{T('info.total', LANG)}[/]", f"[bold]{sum(g.triples for g in graphs):,}[/]".replace(",", " "),
                  "")
    out.print(table)
    if dropped:
        out.print(T("info.dropped", LANG), highlight=False)


def export(
    graph: Annotated[str, typer.Argument(help=T("export.graph", LANG))],
    fmt: Annotated[str, typer.Option("--format", "-f", help=T("export.format", LANG))] = "ttl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help=T("export.output", LANG))] = None,
    data_dir: DataDirOption = None,
) -> None:
    from ..store import EXPORT_FORMATS

    if fmt not in EXPORT_FORMATS:
        raise fail(f"--format: {fmt!r} ∉ {', '.join(EXPORT_FORMATS)}")
    store = open_configured(data_dir)
    try:
        data = store.export(graph, fmt)
    except (StoreError, SparqlError) as exc:
        raise fail(explain(exc)) from None
    finally:
        store.close()
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
