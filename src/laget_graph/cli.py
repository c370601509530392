"""The ``laget`` command: load, inspect, export and serve the graph.

Help and messages follow ``LAGET_LANG`` (nb|en) or the locale; Norwegian is the default.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .config import settings_or_exit
from .i18n import Catalog
from .progress import progress_bar
from .store import EXPORT_FORMATS, Backend, StoreError, open_store
from .store_external import open_backend

T = Catalog({
    "app.help": {
        "nb": "laget-graph: laget rundt barnet som kunnskapsgraf. Språk: LAGET_LANG=nb|en.",
        "en": "laget-graph: the team around the child as a knowledge graph. Language: LAGET_LANG=nb|en.",
    },
    "opt.data_dir": {
        "nb": "Mappen til det innebygde lageret (standard: brukerens datamappe, eller LAGET_DATA_DIR).",
        "en": "Folder of the embedded store (default: the user's data folder, or LAGET_DATA_DIR).",
    },
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
    "load.nothing": {"nb": "Ingen filer oppgitt (bruk --bundled for de medfølgende dataene).",
                     "en": "No files given (use --bundled for the bundled data)."},
    "info.help": {"nb": "Vis grafene i lageret med antall tripler.",
                  "en": "Show the graphs in the store with their triple counts."},
    "info.graph": {"nb": "Graf", "en": "Graph"},
    "info.triples": {"nb": "Tripler", "en": "Triples"},
    "info.empty": {"nb": "Lageret i {path} er tomt.", "en": "The store in {path} is empty."},
    "info.total": {"nb": "Totalt", "en": "Total"},
    "export.help": {"nb": "Skriv ut én graf som Turtle, JSON-LD, N-Triples eller RDF/XML.",
                    "en": "Write one graph as Turtle, JSON-LD, N-Triples or RDF/XML."},
    "export.graph": {"nb": "Grafens kortnavn (ontology, reference, setup/3201) eller IRI.",
                     "en": "The graph's short name (ontology, reference, setup/3201) or IRI."},
    "export.format": {"nb": "Format: ttl, jsonld, nt eller rdfxml.", "en": "Format: ttl, jsonld, nt or rdfxml."},
    "export.output": {"nb": "Skriv til denne filen (standard: standard ut).",
                      "en": "Write to this file (default: standard output)."},
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
    "synth.help": {
        "nb": "Lag syntetiske, men realistiske oppsett for alle kommuner (eller ett fylke / en region), "
              "deterministisk fra --seed; --defects plasserer kjente feil og skriver listen over dem.",
        "en": "Make synthetic but realistic setups for every municipality (or one county / region), "
              "deterministic from --seed; --defects plants known faults and writes their list.",
    },
    "synth.scale": {"nb": "national, county eller region.", "en": "national, county or region."},
    "synth.county": {"nb": "Fylkesnummer for --scale county (f.eks. 34).",
                     "en": "County number for --scale county (e.g. 34)."},
    "synth.region": {"nb": "Kommunenumre for --scale region, kommaseparert.",
                     "en": "Municipality numbers for --scale region, comma-separated."},
    "synth.defects": {"nb": "Andel kandidater som får en plantet feil (0–1).",
                      "en": "Share of candidates that get a planted fault (0–1)."},
    "synth.output": {"nb": "Mappe å skrive til.", "en": "Folder to write to."},
    "synth.progress": {"nb": "Genererer", "en": "Generating"},
    "synth.done": {"nb": "{files} kommuner, {units} barnehager og skoler, {triples} tripler, {defects} plantede feil "
                         "→ {out}",
                   "en": "{files} municipalities, {units} kindergartens and schools, {triples} triples, "
                         "{defects} planted faults → {out}"},
    "error": {"nb": "Feil", "en": "Error"},
    "version.help": {"nb": "Vis versjonen og avslutt.", "en": "Show the version and exit."},
})

SETTINGS = settings_or_exit()
LANG = SETTINGS.lang

app = typer.Typer(help=T("app.help", LANG), no_args_is_help=True, rich_markup_mode="rich",
                  add_completion=False)
err = Console(stderr=True)
out = Console()

DataDirOption = Annotated[Path | None, typer.Option("--data-dir", help=T("opt.data_dir", LANG))]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error in the user's language and return the exit to raise."""
    err.print(f"[bold red]{T('error', LANG)}:[/] {message}", highlight=False)
    return typer.Exit(code)


def _open(data_dir: Path | None) -> Backend:
    """The configured store: an external SPARQL database (LAGET_SPARQL_URL) unless a folder is given."""
    try:
        if SETTINGS.sparql_url and data_dir is None:
            return open_backend(SETTINGS)
        return open_store(data_dir or SETTINGS.data_dir)
    except StoreError as exc:
        raise fail(str(exc)) from None


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


@app.command(help=T("load.help", LANG))
def load(
    files: Annotated[list[Path] | None, typer.Argument(show_default=False)] = None,
    graph: Annotated[str | None, typer.Option("--graph", "-g", help=T("load.graph", LANG))] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=T("load.format", LANG))] = None,
    append: Annotated[bool, typer.Option("--append", help=T("load.append", LANG))] = False,
    bundled: Annotated[bool, typer.Option("--bundled", help=T("load.bundled", LANG))] = False,
    data_dir: DataDirOption = None,
) -> None:
    paths = _expand(files or [])
    if not paths and not bundled:
        raise fail(T("load.nothing", LANG))
    store = _open(data_dir)
    try:
        with progress_bar(err) as bar:
            task = bar.add_task(T("load.parsing", LANG), total=len(paths) or None)
            step = lambda p: bar.update(task, advance=1, description=f"{T('load.parsing', LANG)} {p.name}")  # noqa: E731
            written = store.load_bundled(progress=step) if bundled else {}
            if paths:
                written |= store.load_files(paths, graph=graph, fmt=fmt, append=append, progress=step)
    except StoreError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    for g, n in written.items():
        out.print(T("load.done", LANG, triples=n, graph=g), highlight=False)


def _expand(paths: list[Path]) -> list[Path]:
    """Folders stand for the RDF files inside them (recursively), in a stable order."""
    from .store import data_files_in

    result: list[Path] = []
    for p in paths:
        result += data_files_in(p) if p.is_dir() else [p]
    return result


@app.command(help=T("info.help", LANG))
def info(data_dir: DataDirOption = None) -> None:
    store = _open(data_dir)
    graphs = store.graphs()
    path = store.path
    store.close()
    if not graphs:
        out.print(T("info.empty", LANG, path=path))
        return
    table = Table(T("info.graph", LANG), T("info.triples", LANG))
    table.columns[1].justify = "right"
    for gi in graphs:
        table.add_row(gi.name, f"{gi.triples:,}".replace(",", " "))
    table.add_row(f"[bold]{T('info.total', LANG)}[/]", f"[bold]{sum(g.triples for g in graphs):,}[/]".replace(",", " "))
    out.print(table)


@app.command(help=T("export.help", LANG))
def export(
    graph: Annotated[str, typer.Argument(help=T("export.graph", LANG))],
    fmt: Annotated[str, typer.Option("--format", "-f", help=T("export.format", LANG))] = "ttl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help=T("export.output", LANG))] = None,
    data_dir: DataDirOption = None,
) -> None:
    if fmt not in EXPORT_FORMATS:
        raise fail(f"--format: {fmt!r} ∉ {', '.join(EXPORT_FORMATS)}")
    store = _open(data_dir)
    try:
        data = store.export(graph, fmt)
    except StoreError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@app.command(help=T("serve.help", LANG))
def serve(
    host: Annotated[str, typer.Option(help=T("serve.host", LANG))] = SETTINGS.host,
    port: Annotated[int, typer.Option(help=T("serve.port", LANG))] = SETTINGS.port,
    data_dir: DataDirOption = None,
    memory: Annotated[bool, typer.Option("--memory", help=T("serve.memory", LANG))] = False,
) -> None:
    import uvicorn

    from .api.app import create_app, uvicorn_options

    settings = replace(SETTINGS, host=host, port=port, data_dir=data_dir or SETTINGS.data_dir,
                       store="memory" if memory else SETTINGS.store)
    try:
        store = open_backend(settings)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if store.is_empty():
        err.print(T("serve.seeding", LANG))
        try:
            store.load_bundled()
        except StoreError as exc:
            raise fail(str(exc)) from None
    where = settings.sparql_url or ("memory" if store.path is None else str(store.path))
    err.print(T("serve.start", LANG, version=__version__, host=host, port=port, store=where), highlight=False)
    uvicorn.run(create_app(settings, store), host=host, port=port, log_level="info", **uvicorn_options(settings))


@app.command(help=T("synth.help", LANG))
def synth(
    output: Annotated[Path, typer.Option("--output", "-o", help=T("synth.output", LANG))],
    scale: Annotated[str, typer.Option(help=T("synth.scale", LANG))] = "national",
    seed: Annotated[int, typer.Option()] = 1,
    defects: Annotated[float, typer.Option(help=T("synth.defects", LANG), min=0.0, max=1.0)] = 0.0,
    county: Annotated[str | None, typer.Option(help=T("synth.county", LANG))] = None,
    municipalities: Annotated[str | None, typer.Option(help=T("synth.region", LANG))] = None,
) -> None:
    from .synth import generate

    region = [m.strip() for m in municipalities.split(",")] if municipalities else None
    with progress_bar(err) as bar:
        task = bar.add_task(T("synth.progress", LANG), total=None)
        try:
            result = generate(output, scale=scale, seed=seed, defect_rate=defects, county=county, region=region,
                              progress=lambda m: bar.update(task, advance=1,
                                                            description=f"{T('synth.progress', LANG)} {m.name}"))
        except ValueError as exc:
            raise fail(str(exc)) from None
    out.print(T("synth.done", LANG, files=len(result.files), units=sum(result.units.values()),
                triples=result.triples, defects=len(result.defects), out=output), highlight=False)


# Command groups that live in their own modules register here, one line each
# (each module exposes ``register(app: typer.Typer) -> None``).
from .network.cli import register as register_network  # noqa: E402

register_network(app)

from .sparql.commands import register as register_query  # noqa: E402

register_query(app)

from .validation.cli import register as register_validation  # noqa: E402

register_validation(app)

if __name__ == "__main__":  # pragma: no cover
    app()
