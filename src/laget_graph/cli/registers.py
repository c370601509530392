"""``laget registers``: the skeleton of a municipal setup from the public registers (NSR, NBR, Enhetsregisteret)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..i18n import Catalog
from .options import LANG, SETTINGS, err

T = Catalog({
    "registers.help": {
        "nb": "Lag skjelettet til et kommunalt oppsett fra de offentlige registrene: barnehagene (Nasjonalt "
              "barnehageregister) og skolene (Nasjonalt skoleregister) i kommunen, med organisasjonsnummer, "
              "organisasjonsform og eiere fra Enhetsregisteret, hver merket med kilden og hentetidspunktet. "
              "NSR og NBR leses fra nedlastede filer; Enhetsregisteret fra filer eller fra det åpne API-et "
              "(med hurtigbuffer). Ingen personer tas med. Avslutningskode 2: filer eller register som ikke "
              "kan brukes.",
        "en": "Build the skeleton of a municipal setup from the public registers: the municipality's "
              "kindergartens (National Kindergarten Register) and schools (National School Register), with "
              "organisation numbers, organisation forms and owners from Enhetsregisteret, each marked with its "
              "source and retrieval time. NSR and NBR are read from downloaded files; Enhetsregisteret from "
              "files or its open API (cached). No person is imported. Exit status 2: unusable files or register.",
    },
    "opt.municipality": {"nb": "Kommunenummer (fire sifre, f.eks. 3201).",
                         "en": "Municipality number (four digits, e.g. 3201)."},
    "opt.output": {"nb": "Fil å skrive (.ttl, .xlsx) eller mappe (CSV); standard: Turtle på standard ut.",
                   "en": "File to write (.ttl, .xlsx) or folder (CSV); default: Turtle on standard output."},
    "opt.format": {"nb": "ttl, xlsx (utfylt mal) eller csv (mappe); standard: etter filendelsen.",
                   "en": "ttl, xlsx (pre-filled template) or csv (folder); default: by the file's suffix."},
    "opt.nsr": {"nb": "Fil fra Nasjonalt skoleregister (JSON, som registerets API gir den).",
                "en": "File from the National School Register (JSON, as the register's API gives it)."},
    "opt.nbr": {"nb": "Fil fra Nasjonalt barnehageregister (JSON).",
                "en": "File from the National Kindergarten Register (JSON)."},
    "opt.enheter": {"nb": "Enhetsregisterets enheter, lastet ned (JSON eller CSV, også .gz); ellers spørres API-et.",
                    "en": "Enhetsregisteret's entities, downloaded (JSON or CSV, also .gz); else its API is asked."},
    "opt.underenheter": {"nb": "Enhetsregisterets underenheter, lastet ned (JSON eller CSV, også .gz).",
                         "en": "Enhetsregisteret's sub-units, downloaded (JSON or CSV, also .gz)."},
    "opt.offline": {"nb": "Ikke bruk nettet: bare filene og hurtigbufferen.",
                    "en": "Do not use the network: only the files and the cache."},
    "opt.refresh": {"nb": "Spør Enhetsregisteret på nytt selv om svaret ligger i hurtigbufferen.",
                    "en": "Ask Enhetsregisteret again even when the cache holds the answer."},
    "opt.lang": {"nb": "Språk i meldingene (nb eller en).", "en": "Language of the messages (nb or en)."},
    "reading": {"nb": "Leser registrene", "en": "Reading the registers"},
    "asking": {"nb": "Spør Enhetsregisteret", "en": "Asking Enhetsregisteret"},
    "written": {"nb": "Skrev {paths}.", "en": "Wrote {paths}."},
    "next": {"nb": "Neste steg: laget validate {path} viser hva oppsettet mangler (PPT, barnevern, dekning …).",
             "en": "Next: laget validate {path} shows what the setup lacks (PPT, child welfare, coverage …)."},
    "needs_output": {"nb": "--format {fmt} trenger --output.", "en": "--format {fmt} needs --output."},
    "error": {"nb": "Feil", "en": "Error"},
    "nothing": {"nb": "Ingenting er skrevet.", "en": "Nothing was written."},
})


class Format(StrEnum):
    ttl = "ttl"
    xlsx = "xlsx"
    csv = "csv"


class Lang(StrEnum):
    nb = "nb"
    en = "en"


DEFAULT_LANG = Lang(LANG)


def register(app: typer.Typer) -> None:
    """Add ``registers`` to the ``laget`` command."""
    app.command("registers", help=T("registers.help", LANG))(registers_command)


def registers_command(
    municipality: Annotated[str, typer.Option("--municipality", "-m", help=T("opt.municipality", LANG))],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=T("opt.output", LANG))] = None,
    fmt: Annotated[Format | None, typer.Option("--format", "-f", help=T("opt.format", LANG))] = None,
    nsr_file: Annotated[Path | None, typer.Option("--nsr-file", help=T("opt.nsr", LANG))] = None,
    nbr_file: Annotated[Path | None, typer.Option("--nbr-file", help=T("opt.nbr", LANG))] = None,
    enheter_file: Annotated[Path | None, typer.Option("--enheter-file", help=T("opt.enheter", LANG))] = None,
    underenheter_file: Annotated[Path | None, typer.Option("--underenheter-file",
                                                           help=T("opt.underenheter", LANG))] = None,
    offline: Annotated[bool, typer.Option("--offline", help=T("opt.offline", LANG))] = False,
    refresh: Annotated[bool, typer.Option("--refresh", help=T("opt.refresh", LANG))] = False,
    lang: Annotated[Lang, typer.Option("--lang", help=T("opt.lang", LANG))] = DEFAULT_LANG,
) -> None:
    from ..registers import RegisterError, Sources, build_skeleton
    from ..registers.output import format_for, skeleton_turtle, write_skeleton
    from .progress import progress_bar

    chosen = format_for(output, fmt.value if fmt else None)
    if chosen != "ttl" and output is None:
        _error(T("needs_output", lang.value, fmt=chosen), lang.value)
        raise typer.Exit(2)
    with progress_bar(err) as bar:
        task = bar.add_task(T("reading", lang.value), total=None)
        sources = Sources(nsr=nsr_file, nbr=nbr_file, enheter=enheter_file, underenheter=underenheter_file,
                          offline=offline, refresh=refresh, brreg_url=SETTINGS.brreg_url,
                          cache_dir=SETTINGS.cache_dir, timeout_s=SETTINGS.register_timeout_s,
                          progress=lambda orgnr: bar.update(task, advance=1,
                                                            description=f"{T('asking', lang.value)} {orgnr}"))
        try:
            skeleton = build_skeleton(municipality, sources)
        except RegisterError as exc:
            bar.stop()
            _error(exc.message(lang.value), lang.value)
            err.print(T("nothing", lang.value), soft_wrap=True)
            raise typer.Exit(2) from None
    for line in skeleton.summary.lines(lang.value):
        err.print(escape(line), highlight=False, soft_wrap=True)
    if output is None:
        sys.stdout.write(skeleton_turtle(skeleton.graph))
        return
    written = write_skeleton(skeleton.graph, output, chosen)
    err.print(T("written", lang.value, paths=", ".join(str(p) for p in written)), highlight=False, soft_wrap=True)
    err.print(T("next", lang.value, path=output), highlight=False, soft_wrap=True)


def _error(message: str, lang: str) -> None:
    err.print(f"[bold red]{T('error', lang)}:[/] {escape(message)}", highlight=False, soft_wrap=True)
