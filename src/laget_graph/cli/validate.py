"""``laget validate``, ``laget template`` and ``laget import``: validation and the spreadsheet from the terminal."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import Catalog
from ..namespaces import graph_short_name
from .options import LANG, SETTINGS, err, print_error
from .progress import progress_bar

T = Catalog({
    "validate.help": {
        "nb": "Valider kommunale oppsett (Turtle, JSON-LD, TriG, N-Triples, RDF/XML eller regneark; filer eller "
              "mapper) mot reglene i shapes/, sammen med ontologien og referansedataene. Avslutningskode 0: i "
              "samsvar, 1: brudd (eller advarsler med --fail-on warning), 2: filer som ikke kan brukes.",
        "en": "Validate municipal setups (Turtle, JSON-LD, TriG, N-Triples, RDF/XML or spreadsheets; files or "
              "folders) against the rules in shapes/, together with the ontology and reference data. Exit "
              "status 0: conforms, 1: violations (or warnings with --fail-on warning), 2: unusable input.",
    },
    "opt.format": {"nb": "Rapportformat.", "en": "Report format."},
    "opt.lang": {"nb": "Språk i rapporten (nb eller en).", "en": "Language of the report (nb or en)."},
    "opt.fail_on": {"nb": "Laveste alvorsgrad som gir avslutningskode 1.",
                    "en": "Lowest severity that gives exit status 1."},
    "opt.output": {"nb": "Skriv rapporten til denne filen (standard: standard ut).",
                   "en": "Write the report to this file (default: standard output)."},
    "opt.engine": {"nb": "compiled (rask, SPARQL over pyoxigraph) eller pyshacl (referansen, treg).",
                   "en": "compiled (fast, SPARQL over pyoxigraph) or pyshacl (the reference, slow)."},
    "opt.max_bytes": {"nb": "Største tillatte fil i byte.", "en": "Largest file allowed, in bytes."},
    "reading": {"nb": "Leser", "en": "Reading"},
    "validating": {"nb": "Validerer", "en": "Validating"},
    "written": {"nb": "Rapporten er skrevet til {path}.", "en": "The report was written to {path}."},
    "not_written": {"nb": "Ingenting er skrevet.", "en": "Nothing was written."},
    "template.help": {
        "nb": "Skriv malen koordinatorer fyller ut: .xlsx med nedtrekkslister, eller en mappe med CSV-filer. "
              "Bærum er fylt inn som eksempel.",
        "en": "Write the template coordinators fill in: .xlsx with drop-downs, or a folder of CSV files. "
              "Bærum is filled in as an example.",
    },
    "template.output": {"nb": "Fil (.xlsx) eller mappe (CSV).", "en": "File (.xlsx) or folder (CSV)."},
    "template.blank": {"nb": "Tom mal uten Bærum-eksempelet.", "en": "A blank template without the Bærum example."},
    "template.done": {"nb": "Skrev {paths}.", "en": "Wrote {paths}."},
    "import.help": {
        "nb": "Gjør et utfylt regneark (.xlsx, eller en mappe med CSV-filer) om til RDF (Turtle). Alt eller "
              "ingenting: ved feil skrives ingenting, og hver feil nevner ark, rad og kolonne.",
        "en": "Turn a filled-in spreadsheet (.xlsx, or a folder of CSV files) into RDF (Turtle). All or nothing: "
              "on errors nothing is written, and each error names the sheet, row and column.",
    },
    "import.output": {"nb": "Turtle-filen som skal skrives (standard: standard ut).",
                      "en": "The Turtle file to write (default: standard output)."},
    "import.done": {"nb": "{triples} tripler skrevet til {path}.", "en": "{triples} triples written to {path}."},
})


class Format(StrEnum):
    text = "text"
    json = "json"
    ttl = "ttl"
    junit = "junit"
    html = "html"


class Lang(StrEnum):
    nb = "nb"
    en = "en"


DEFAULT_LANG = Lang(LANG)


class FailOn(StrEnum):
    violation = "violation"
    warning = "warning"
    info = "info"


class Engine(StrEnum):
    compiled = "compiled"
    pyshacl = "pyshacl"


def register(app: typer.Typer) -> None:
    """Add ``validate``, ``template`` and ``import`` to the ``laget`` command."""
    app.command("validate", help=T("validate.help", LANG))(validate_command)
    app.command("template", help=T("template.help", LANG))(template_command)
    app.command("import", help=T("import.help", LANG))(import_command)


def validate_command(
    paths: Annotated[list[Path], typer.Argument(show_default=False)],
    fmt: Annotated[Format, typer.Option("--format", "-f", help=T("opt.format", LANG))] = Format.text,
    lang: Annotated[Lang, typer.Option("--lang", help=T("opt.lang", LANG))] = DEFAULT_LANG,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help=T("opt.fail_on", LANG))] = FailOn.violation,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=T("opt.output", LANG))] = None,
    engine: Annotated[Engine, typer.Option("--engine", help=T("opt.engine", LANG))] = Engine.compiled,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help=T("opt.max_bytes", LANG))] = SETTINGS.max_upload_bytes,
) -> None:
    from ..ingest import InputError, expand, read_path
    from ..validation.dataset import Dataset
    from ..validation.engine import validate
    from ..validation.report import InputProblem, Report
    from ..web.reports import render

    report = Report()
    try:
        files = expand(paths)
    except InputError as exc:
        report.problems.append(InputProblem(str(exc.values.get("source", "")), exc.message(lang.value)))
        files = []
    ds = Dataset()
    with progress_bar(err) as bar:
        task = bar.add_task(T("reading", lang.value), total=len(files))
        for path in files:
            bar.update(task, description=f"{T('reading', lang.value)} {path.name}")
            try:
                ds.add(read_path(path, max_bytes))
            except InputError as exc:
                report.problems.append(InputProblem(str(path), exc.message(lang.value)))
            bar.advance(task)
        task = bar.add_task(T("validating", lang.value), total=len(ds.setups))

        def validated(setup: str) -> None:
            bar.update(task, advance=1, description=f"{T('validating', lang.value)} {graph_short_name(setup)}")

        report.setups = validate(ds, engine.value, progress=validated).setups
    for problem in report.problems:
        print_error(problem.message, lang.value)
    code = report.exit_code(fail_on.value)
    # Written whatever happened: a county's report must not be lost to one broken file, which it names.
    text = render(report, fmt.value, lang.value, fail_on.value)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        err.print(T("written", lang.value, path=output), highlight=False, soft_wrap=True)
    else:
        sys.stdout.write(text)
    raise typer.Exit(code)


def template_command(
    output: Annotated[Path, typer.Option("--output", "-o", help=T("template.output", LANG))],
    blank: Annotated[bool, typer.Option("--blank", help=T("template.blank", LANG))] = False,
) -> None:
    from ..ingest.spreadsheet.template import write_template

    written = write_template(output, example=not blank)
    err.print(T("template.done", LANG, paths=", ".join(str(p) for p in written)), highlight=False, soft_wrap=True)


def import_command(
    source: Annotated[Path, typer.Argument(show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=T("import.output", LANG))] = None,
    lang: Annotated[Lang, typer.Option("--lang", help=T("opt.lang", LANG))] = DEFAULT_LANG,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help=T("opt.max_bytes", LANG))] = SETTINGS.max_upload_bytes,
) -> None:
    from ..ingest import InputError, check_bytes
    from ..ingest.spreadsheet.importer import import_csv_folder, import_workbook
    from ..validation.report import EXIT_UNUSABLE

    try:
        if source.is_dir():
            graph = import_csv_folder(source)
        elif not source.exists():
            raise InputError("missing", source=str(source))
        else:
            data = source.read_bytes()
            check_bytes(data, str(source), max_bytes)
            graph = import_workbook(data, str(source))
    except InputError as exc:
        print_error(exc.message(lang.value), lang.value)
        err.print(T("not_written", lang.value), soft_wrap=True)
        raise typer.Exit(EXIT_UNUSABLE) from None
    text = graph.serialize(format="turtle")
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    err.print(T("import.done", lang.value, triples=len(graph), path=output), highlight=False, soft_wrap=True)
