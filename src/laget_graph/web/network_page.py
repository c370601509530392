"""The network page's parts that do not depend on HTTP: vis-network from pyvis, the choices of the
filter form, and the self-contained HTML file.

Why not pyvis's own HTML: pyvis 0.3.2 loads Bootstrap from a CDN in every mode, puts the heading and
node ids into its select menu unescaped, runs inline scripts and has no faceted filters, legend or
export. We use pyvis as the source of the vis-network library it ships (served from the installed
package, never copied into the repository) and render our own templates around it.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyoxigraph as ox

from ..network.build import extract
from ..network.labels import local_name
from ..network.messages import T
from ..network.places import sort_key
from ..network.report import group_label, relation_label, tier_short
from ..network.view import view_data
from ..network.vocab import GROUPS, RELATIONS
from ..store import Backend, Store

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
VIS_FILES = ("vis-network.min.js", "vis-network.css")


@cache
def vis_network_dir() -> Path:
    """The folder of the vis-network copy inside the installed pyvis package."""
    import pyvis

    root = Path(pyvis.__file__).resolve().parent
    for candidate in (root / "templates" / "lib" / "vis-9.1.2", root / "lib" / "vis-9.1.2"):
        if all((candidate / f).is_file() for f in VIS_FILES):
            return candidate
    raise FileNotFoundError(f"vis-network not found in the installed pyvis package ({root})")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


def standalone_html(graph: nx.MultiDiGraph, lang: str, title: str) -> tuple[str, dict[str, int]]:
    """One HTML file with vis-network, our script and the data inside; it fetches nothing, and its
    Content-Security-Policy allows only its own two scripts (by hash) and no origin at all."""
    data = view_data(graph, lang, links=False)
    scripts = [(vis_network_dir() / "vis-network.min.js").read_text(encoding="utf-8"),
               (STATIC / "network.js").read_text(encoding="utf-8")]
    styles = [(vis_network_dir() / "vis-network.css").read_text(encoding="utf-8"),
              (STATIC / "network.css").read_text(encoding="utf-8")]
    csp = ("default-src 'none'; script-src " + " ".join(_sha256(s) for s in scripts)
           + "; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; form-action 'none'")
    html = _environment().get_template("network_file.html").render(
        lang=lang, title=title, data=data, scripts=scripts, styles=styles, csp=csp,
        t=lambda key, **kw: T(key, lang, **kw), standalone=True)
    return html, data["counts"]


def form_choices(store: Store | Backend | ox.Store, graph: nx.MultiDiGraph, lang: str, county: str | None = None,
                 ) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs for the filter form's selects, in a sensible order; with a ``county``,
    only its municipalities (so the two choices cannot contradict). ``municipality_county`` maps
    each municipality to its county for the page's script."""
    ex = extract(store)
    labels = ex.labels
    municipalities, counties, county_of = {}, {}, {}
    for iri, place in ex.places.items():
        if county is None or place.county_number == county:
            municipalities[place.number] = f"{labels.get(iri, lang)} ({place.number})"
        county_of[place.number] = place.county_number or ""
        if place.county and place.county_number:
            counties[place.county_number] = f"{labels.get(place.county, lang)} ({place.county_number})"
    return {
        "municipality": sorted(municipalities.items(), key=lambda kv: sort_key(kv[1])),
        "municipality_county": sorted(county_of.items()),
        "county": sorted(counties.items()),
        "area": [(local_name(a), labels.get(a, lang)) for a in graph.graph["areas"]],
        "tier": [(local_name(t), tier_short(t, lang)) for t in graph.graph["tiers"]],
        "type": [(g.key, group_label(g.key, lang)) for g in GROUPS if g.classes],
        "relation": [(r.key, relation_label(r, labels, lang)) for r in RELATIONS],
    }


def export_caption(lang: str, scope: str, choices: dict[str, list[tuple[str, str]]],
                   chosen: dict[str, Any]) -> dict[str, str]:
    """What an exported picture says about itself: title, scope, filters and date."""
    filters = []
    for name in ("area", "tier", "type", "relation"):
        label = dict(choices[name]).get(chosen.get(name) or "")
        if label:
            filters.append(f"{T('page.' + name, lang)}: {label}")
    return {"title": T("page.title", lang), "scope": scope,
            "filters": "; ".join(filters) or T("export.no_filter", lang),
            "date": T("export.date", lang, date=date.today().isoformat()), "legend": T("page.legend", lang),
            "actors": T("page.actors", lang), "relations": T("page.relations", lang)}


def render_context(lang: str) -> dict[str, Any]:
    """What every network template needs besides its data."""
    return {"lang": lang, "other": "en" if lang == "nb" else "nb", "t": lambda key, **kw: T(key, lang, **kw)}
