"""A self-contained HTML report (inline CSS, no script, no outside request) to send to a municipality."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from ..ingest.spreadsheet.origins import Origins
from ..namespaces import graph_short_name
from ..validation.render.common import T, counts, message, node_label, shape_info, short, summary
from ..validation.report import Finding, Report, SetupReport

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def view_model(report: Report, lang: str, titles: Mapping[str, str] | None = None,
               origins: Origins | None = None) -> dict[str, object]:
    """What the report templates show (shared by the standalone report and the /validate page).
    ``titles`` names setup graphs for people (``Bærum`` for ``setup/3201``); ``origins`` (an
    imported spreadsheet's) turns each finding's node and property into the sheet, row and column
    to fix, and the property's RDF name into the column's header."""
    titles = titles or {}
    setups = []
    for s in report.setups:
        units = []
        for focus, group in groupby(s.sorted_findings(), key=lambda f: f.focus):
            units.append({
                "iri": str(focus),
                "label": node_label(s, focus, lang),
                "findings": [_finding(s, f, lang, origins) for f in group],
            })
        setups.append({"title": titles.get(s.graph) or graph_short_name(s.graph), "graph": graph_short_name(s.graph),
                       "source": s.source, "counts": counts(s), "units": units,
                       "conforms": s.conforms,
                       "fallbacks": [T("fallback", lang, shape=short(fb.shape), reason=fb.reason)
                                     for fb in s.fallbacks]})
    return {"setups": setups, "problems": [p.message for p in report.problems],
            "summary": summary(report, lang), "conforms": report.conforms,
            "v": lambda key: T(key, lang)}


def _finding(setup: SetupReport, f: Finding, lang: str, origins: Origins | None) -> dict[str, object]:
    path, value = (str(f.path) if f.path is not None else None), (str(f.value) if f.value is not None else None)
    where = origins.locate(str(f.focus), path, value) if origins else None
    text = message(setup, f, lang)
    if where is not None and where.header and f.path is not None:
        text = text.replace(f"({short(f.path)})", f"({where.header})").replace(short(f.path), where.header)
    return {
        "severity": f.severity_name,
        "severity_text": T(f.severity_name, lang),
        "rule": shape_info(f.shape).label(lang),
        "shape": short(f.shape),
        "message": text,
        "where": where.text(lang) if where else None,
        "term": short(f.path) if f.path is not None else None,
        "node": short(f.focus),
        "sources": shape_info(f.shape).sources,
    }


def render_html(report: Report, lang: str = "nb", fail_on: str = "violation",
                titles: Mapping[str, str] | None = None, origins: Origins | None = None) -> str:
    template = _env.get_template("validation_report.html")
    return template.render(lang=lang, version=__version__, **view_model(report, lang, titles, origins))
