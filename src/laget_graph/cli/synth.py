"""``laget synth``: deterministic national, county or regional synthetic setups, with planted faults on request."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import Catalog
from .options import LANG, err, fail, out
from .progress import progress_bar

T = Catalog({
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
})


def register(app: typer.Typer) -> None:
    """Add ``synth`` to the ``laget`` command."""
    app.command("synth", help=T("synth.help", LANG))(synth)


def synth(
    output: Annotated[Path, typer.Option("--output", "-o", help=T("synth.output", LANG))],
    scale: Annotated[str, typer.Option(help=T("synth.scale", LANG))] = "national",
    seed: Annotated[int, typer.Option()] = 1,
    defects: Annotated[float, typer.Option(help=T("synth.defects", LANG), min=0.0, max=1.0)] = 0.0,
    county: Annotated[str | None, typer.Option(help=T("synth.county", LANG))] = None,
    municipalities: Annotated[str | None, typer.Option(help=T("synth.region", LANG))] = None,
) -> None:
    from ..synth import generate

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
