"""``laget network analyse`` and ``laget network view``: the network from the terminal."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..network.messages import T, scope_text
from ..network.scope import FIRST_YEAR, LAST_YEAR, Scope, parse_year
from .options import LANG, err, fail, open_configured, out

MAX_IN_CELL = 3
CENTRALITY_ROWS = 15

network_app = typer.Typer(help=T("cli.help", LANG), no_args_is_help=True, add_completion=False)

Municipality = Annotated[list[str] | None, typer.Option("--municipality", "-m", help=T("opt.municipality", LANG))]
County = Annotated[str | None, typer.Option("--county", "-c", help=T("opt.county", LANG))]
Year = Annotated[str | None, typer.Option("--year", help=T("opt.year", LANG), show_default=False, metavar="YYYY")]
Numbers = Annotated[list[str] | None, typer.Argument(help=T("opt.municipalities", LANG), show_default=False,
                                                    metavar="NNNN")]
Fold = Annotated[bool, typer.Option("--fold-posts", help=T("opt.fold", LANG))]
Lang = Annotated[str, typer.Option("--lang", help=T("opt.lang", LANG))]
DataDir = Annotated[Path | None, typer.Option("--data-dir", help=T("opt.data_dir", LANG))]


def register(app: typer.Typer) -> None:
    """Add the ``network`` command group to the ``laget`` command."""
    app.add_typer(network_app, name="network")


def _year(value: str | None, option: str, lang: str) -> int | None:
    """A year option, or a one-line error in the user's language (exit 2) when it is not a year."""
    if value is None:
        return None
    year = parse_year(value)
    if year is None:
        raise fail(T("err.year", lang, option=option, value=value, low=FIRST_YEAR, high=LAST_YEAR))
    return year


def _graphs(scopes: list[Scope], data_dir: Path | None, lang: str) -> list[Any]:
    """Open the store once, build each scope's graph (a year's from the versions current at its end),
    and fail with a clear message if one is empty."""
    from ..network.build import build_graph

    store = open_configured(data_dir)
    try:
        graphs = [build_graph(store, scope) for scope in scopes]
    finally:
        store.close()
    for scope, graph in zip(scopes, graphs, strict=True):
        if graph.number_of_nodes() == 0:
            raise fail(T("err.empty", lang, scope=scope_text(scope, lang)))
    return graphs


def _graph(municipality: list[str] | None, county: str | None, year: int | None, fold: bool,
           data_dir: Path | None, lang: str):  # type: ignore[no-untyped-def]
    """One scope's graph (see :func:`_graphs`)."""
    return _graphs([Scope(tuple(municipality or ()), county, year, fold)], data_dir, lang)[0]


@network_app.command("analyse", help=T("cli.analyse", LANG))
def analyse_command(
    numbers: Numbers = None,
    municipality: Municipality = None,
    county: County = None,
    year: Year = None,
    fold_posts: Fold = False,
    compare_with: Annotated[str | None, typer.Option("--compare", help=T("opt.compare", LANG))] = None,
    compare_year: Annotated[str | None, typer.Option("--compare-year", help=T("opt.compare_year", LANG),
                                                     show_default=False, metavar="YYYY")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=T("opt.format_analyse", LANG))] = "table",
    save: Annotated[bool, typer.Option("--save", help=T("opt.save", LANG))] = False,
    lang: Lang = LANG,
    data_dir: DataDir = None,
) -> None:
    from ..ingest import load_data
    from ..network.measures import analyse
    from ..network.rdf import results_graph, to_turtle
    from ..network.report import compared, report

    if fmt not in ("table", "json", "ttl"):
        raise fail(T("err.format", lang, fmt=fmt, choices="table, json, ttl"))
    chosen = tuple(dict.fromkeys([*(numbers or ()), *(municipality or ())]))
    first_year, other_year = _year(year, "--year", lang), _year(compare_year, "--compare-year", lang)
    scopes = [Scope(chosen, county, first_year, fold_posts)]
    if compare_with or other_year is not None:
        scopes.append(Scope((compare_with,) if compare_with else chosen, None if compare_with else county,
                            other_year if other_year is not None else first_year, fold_posts))
    graphs = _graphs(scopes, data_dir, lang)
    graph = graphs[0]
    analysis = analyse(graph)
    result = report(analysis, graph, lang)
    if len(graphs) > 1:
        result["comparison"] = compared(analysis, graph, analyse(graphs[1]), graphs[1], lang)
    if save:
        store = open_configured(data_dir, write=True)
        try:
            written = load_data(store, to_turtle(analysis, graph), "ttl", results_graph(analysis), "analysis.ttl")
        finally:
            store.close()
        err.print(T("saved", lang, triples=sum(written.values()), graph=results_graph(analysis)),
                                   highlight=False)
    if fmt == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "ttl":
        sys.stdout.buffer.write(to_turtle(analysis, graph))
    else:
        print_tables(result, lang)


def print_tables(result: dict[str, Any], lang: str) -> None:
    """The report as rich tables, most actionable first."""
    def names(items: list[dict[str, Any]]) -> str:
        shown = ", ".join(i["label"] for i in items[:MAX_IN_CELL])
        return shown + (" " + T("more", lang, n=len(items) - MAX_IN_CELL) if len(items) > MAX_IN_CELL else "")

    summary = Table(T("h.figure", lang), "", title=T("t.summary", lang, scope=result["scope"]["text"]))
    summary.columns[1].justify = "right"
    for key, value in result["figures"].items():
        summary.add_row(result["figureLabels"][key], str(value))
    out.print(summary)

    matrix = Table(T("h.area", lang), title=T("t.matrix", lang))
    tiers = list(dict.fromkeys(c["tier"] for c in result["coverage"]))
    tier_names = {c["tier"]: c["tierLabel"] for c in result["coverage"]}
    for tier in tiers:
        matrix.add_column(tier_names[tier])
    rows: dict[str, dict[str, str]] = {}
    for c in result["coverage"]:
        text = names(c["actors"]) if c["actors"] else f"[red]{T('gap', lang)}[/]"
        rows.setdefault(c["areaLabel"], {})[c["tier"]] = f"[yellow]{text}[/]" if len(c["actors"]) == 1 else text
    for area, cells in rows.items():
        matrix.add_row(area, *(cells.get(t, "") for t in tiers))
    out.print(matrix)

    for title, key, target in (("t.no_path", "noPathToPPT", "PPT"), ("t.no_path", "noPathToStatped", "Statped")):
        if result[key]:
            table = Table(T("h.actor", lang), T("h.target", lang), title=T(title, lang))
            for unit in result[key]:
                table.add_row(unit["label"], target)
            out.print(table)

    dropout = Table(T("h.actor", lang), T("h.lost", lang), title=T("t.dropout", lang))
    for actor in result["dropout"]:
        dropout.add_row(actor["label"], "; ".join(f"{c['areaLabel']} ({c['tierLabel']})" for c in actor["lost"]))
    out.print(dropout)

    central = Table(T("h.actor", lang), T("h.type", lang), T("h.degree", lang), T("h.betweenness", lang),
                    title=T("t.centrality", lang))
    for row in result["centrality"][:CENTRALITY_ROWS]:
        central.add_row(row["label"], T(f"group.{row['group']}", lang), f"{row['degree']:.3f}",
                        f"{row['betweenness']:.3f}")
    out.print(central)

    communities = Table("#", T("h.members", lang), T("h.municipalities", lang), title=T("t.communities", lang))
    for i, c in enumerate(result["communities"], start=1):
        communities.add_row(str(i), f"{len(c['members'])}: {names(c['members'])}",
                            str(len(c["municipalities"])) + (" ★" if c["intermunicipal"] else ""))
    out.print(communities)

    if "comparison" in result:
        comp = result["comparison"]
        table = Table(T("h.figure", lang), comp["first"], comp["second"], T("h.difference", lang),
                      title=T("t.compare", lang))
        for row in comp["rows"]:
            table.add_row(row["label"], str(row["first"]), str(row["second"]), f"{row['difference']:+g}")
        out.print(table)
        for side in ("first", "second"):
            _print_basis(comp.get(f"{side}Basis"), comp[side], lang)
    elif "basis" in result:
        _print_basis(result["basis"], result["scope"]["text"], lang)


def _print_basis(basis: list[dict[str, Any]] | None, scope: str, lang: str) -> None:
    """Which version of each setup a year's figures were read from, one line each."""
    if basis is None:
        return
    out.print(T("t.basis", lang, scope=scope), style="bold", highlight=False, markup=False)
    for pick in basis:
        out.print(f"  • {pick['text']}", highlight=False, markup=False, soft_wrap=True)


@network_app.command("view", help=T("cli.view", LANG))
def view_command(
    output: Annotated[Path, typer.Option("--output", "-o", help=T("opt.output", LANG))],
    municipality: Municipality = None,
    county: County = None,
    year: Year = None,
    fold_posts: Fold = False,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=T("opt.format_view", LANG))] = None,
    area: Annotated[str | None, typer.Option("--area", help=T("opt.area", LANG))] = None,
    tier: Annotated[str | None, typer.Option("--tier", help=T("opt.tier", LANG))] = None,
    group: Annotated[str | None, typer.Option("--type", help=T("opt.type", LANG))] = None,
    relation: Annotated[str | None, typer.Option("--relation", help=T("opt.relation", LANG))] = None,
    lang: Lang = LANG,
    data_dir: DataDir = None,
) -> None:
    from ..network.report import scope_name
    from ..network.view import filter_graph
    from ..web.network_page import standalone_html

    chosen = (fmt or output.suffix.lstrip(".") or "html").lower()
    if chosen not in ("html", "png", "svg"):
        raise fail(T("err.format", lang, fmt=chosen, choices="html, png, svg"))
    graph = filter_graph(_graph(municipality, county, _year(year, "--year", lang), fold_posts, data_dir, lang),
                         area=area, tier=tier, group=group, relation=relation)
    title = T("page.title", lang) + " – " + scope_name(graph, lang)
    if chosen == "html":
        html, counts = standalone_html(graph, lang, title)
        output.write_text(html, encoding="utf-8")
    else:
        from ..network.picture import draw

        if output.suffix.lower() != f".{chosen}":
            output = output.with_suffix(f".{chosen}")
        given = [f"{T('page.' + k, lang)}: {v}" for k, v in (("area", area), ("tier", tier), ("type", group),
                                                             ("relation", relation)) if v]
        subtitle = " · ".join([*given] or [T("export.no_filter", lang)]) + " · " + T(
            "export.date", lang, date=date.today().isoformat())
        counts = draw(graph, output, lang, title, subtitle)
    err.print(T("written", lang, path=output, **counts), highlight=False)
