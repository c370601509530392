"""HTTP: the network page (``/network``), its data (``/api/network/…``) and the vis-network assets."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from .. import __version__
from ..network.build import Scope, build_graph
from ..network.measures import analyse
from ..network.messages import T
from ..network.places import directory
from ..network.rdf import to_turtle
from ..network.report import compared, report, scope_name
from ..network.scope import FIRST_YEAR, LAST_YEAR, parse_year
from ..network.team import filtered_tables
from ..network.view import filter_graph, view_data
from ..network.vocab import GROUP_BY_KEY, RELATION_BY_KEY
from ..store import Store
from .deps import get_lang, get_store, templates
from .network_page import VIS_FILES, export_caption, form_choices, render_context, vis_network_dir

router = APIRouter(tags=["Network / Nettverk"])

_PATTERNS = {"municipality": r"\d{4}", "county": r"\d{2}", "area": r"[A-Za-z0-9._-]+|https?://\S+",
             "tier": r"[0-9]|https?://\S+"}


def _clean(name: str, value: str | None) -> str | None:
    """Empty form values mean "all"; anything else must look like what it names."""
    if not value:
        return None
    if name in _PATTERNS and not re.fullmatch(_PATTERNS[name], value):
        raise HTTPException(400, f"{name}: {value!r} is not valid")
    if name == "type" and value not in GROUP_BY_KEY:
        raise HTTPException(400, f"type: use one of {', '.join(GROUP_BY_KEY)}")
    if name == "relation" and value not in RELATION_BY_KEY:
        raise HTTPException(400, f"relation: use one of {', '.join(RELATION_BY_KEY)}")
    return value


class Filters:
    """The query parameters every network route shares."""

    def __init__(
        self,
        municipality: Annotated[str | None, Query(description="kommunenummer, 4 digits")] = None,
        county: Annotated[str | None, Query(description="fylkesnummer, 2 digits (aggregated view)")] = None,
        year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
        area: Annotated[str | None, Query(description="competence area (local name or IRI)")] = None,
        tier: Annotated[str | None, Query(description="tier: 1, 2 or 3")] = None,
        type: Annotated[str | None, Query(description="actor type (legend group)")] = None,
        relation: Annotated[str | None, Query(description="relation, e.g. serves, refersTo")] = None,
        fold: Annotated[bool | None, Query(description="fold posts into their organisation "
                                                       "(default: no for the data, yes on the page)")] = None,
        posts: Annotated[bool, Query(description="the page: show posts as nodes of their own")] = False,
        was_municipality: Annotated[str | None, Query(description="the page's form: the municipality it was "
                                                                  "drawn with", include_in_schema=False)] = None,
        was_county: Annotated[str | None, Query(description="the page's form: the county it was drawn with",
                                                include_in_schema=False)] = None,
    ) -> None:
        self.municipality = _clean("municipality", municipality)
        self.chosen_county = _clean("county", county)
        self.county = None if self.municipality else self.chosen_county
        self.was = (_clean("municipality", was_municipality), _clean("county", was_county))
        self.year, self.fold, self.posts = year, bool(fold), posts
        self.fold_given = fold is not None
        self.area, self.tier = _clean("area", area), _clean("tier", tier)
        self.type, self.relation = _clean("type", type), _clean("relation", relation)

    @property
    def scope(self) -> Scope:
        return Scope((self.municipality,) if self.municipality else (), self.county, self.year, self.fold)

    def query(self, **extra: str) -> str:
        values = {"municipality": self.municipality, "county": self.county, "year": self.year,
                  "area": self.area, "tier": self.tier, "type": self.type, "relation": self.relation,
                  "fold": "true" if self.fold else None, **extra}
        return urlencode({k: v for k, v in values.items() if v is not None})


FiltersDep = Annotated[Filters, Depends()]
StoreDep = Annotated[Store, Depends(get_store)]
LangDep = Annotated[str, Depends(get_lang)]


@router.get("/network", response_class=HTMLResponse, summary="Collaboration network page / Samarbeidsnettverket")
def network_page(request: Request, filters: FiltersDep, store: StoreDep, lang: LangDep) -> HTMLResponse:
    """Posts are folded into their organisation unless asked (``posts=1``); a county and a
    municipality never contradict; the matrix and the findings follow the filters."""
    filters.municipality, filters.chosen_county = directory(store).settle(
        filters.municipality, filters.chosen_county, *filters.was)
    filters.county = None if filters.municipality else filters.chosen_county
    filters.fold = filters.fold if filters.fold_given else not filters.posts
    graph = build_graph(store, filters.scope)
    shown = filter_graph(graph, filters.area, filters.tier, filters.type, filters.relation)
    tables = filtered_tables(shown, lang, filters.area, filters.tier)
    chosen = {"municipality": filters.municipality, "county": filters.chosen_county, "area": filters.area,
              "tier": filters.tier, "type": filters.type, "relation": filters.relation, "posts": not filters.fold}
    choices = form_choices(store, graph, lang, filters.chosen_county)
    data = view_data(shown, lang)
    data["export"] = export_caption(lang, scope_name(graph, lang), choices, chosen)
    return templates.TemplateResponse(request, "network.html", {
        **render_context(lang), "version": __version__, "data": data, "findings": tables["report"],
        "matrix": tables["matrix"], "plain": tables["plain"], "choices": choices, "chosen": chosen,
        "scope_text": scope_name(graph, lang),
        "api_graph": "/api/network/graph?" + filters.query(lang=lang),
        "api_analysis": "/api/network/analysis?" + filters.query(lang=lang),
    })


@router.get("/api/network/graph", summary="Network nodes, edges and legend / Nettverkets noder og kanter")
def network_graph(filters: FiltersDep, store: StoreDep, lang: LangDep) -> dict[str, Any]:
    """What the page draws: vis-network nodes (opaque ids) and edges, legend and counts."""
    graph = build_graph(store, filters.scope)
    return view_data(filter_graph(graph, filters.area, filters.tier, filters.type, filters.relation), lang)


@router.get("/api/network/analysis", summary="Network analysis / Nettverksanalyse",
            responses={200: {"content": {"application/json": {}, "text/turtle": {}}}})
def network_analysis(
    filters: FiltersDep, store: StoreDep, lang: LangDep,
    compare_with: Annotated[str | None, Query(alias="compare", pattern=r"^\d{4}$")] = None,
    compare_year: Annotated[str | None, Query(description="a year: the same scope as it stood at the end of "
                                                          "that year (each setup's version current then)")] = None,
    fmt: Annotated[str, Query(alias="format", pattern="^(json|ttl)$")] = "json",
) -> Any:
    """Centrality, paths to PPT/Statped, coverage matrix, gaps, single points of failure,
    communities; with ``compare`` (a municipality) or ``compare_year`` a comparison too (a year is the
    data as it stood at its end: each setup's version current then, ``secondBasis`` says which);
    ``format=ttl`` gives the results as RDF (schema:Observation)."""
    other_year = None
    if compare_year is not None:
        other_year = parse_year(compare_year)
        if other_year is None:
            raise HTTPException(400, T("err.year", lang, option="compare_year", value=compare_year,
                                       low=FIRST_YEAR, high=LAST_YEAR))
    graph = build_graph(store, filters.scope)
    analysis = analyse(graph)
    if fmt == "ttl":
        return Response(to_turtle(analysis, graph), media_type="text/turtle")
    result = report(analysis, graph, lang)
    if compare_with or other_year is not None:
        s = filters.scope
        other = Scope((compare_with,) if compare_with else s.municipalities, None if compare_with else s.county,
                      other_year if other_year is not None else s.year, s.fold_posts)
        other_graph = build_graph(store, other)
        result["comparison"] = compared(analysis, graph, analyse(other_graph), other_graph, lang)
    return result


@router.get("/network/assets/{name}", include_in_schema=False)
def vis_asset(name: str) -> FileResponse:
    """vis-network as shipped inside the installed pyvis package."""
    if name not in VIS_FILES:
        raise HTTPException(404)
    media = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(vis_network_dir() / name, media_type=media,
                        headers={"Cache-Control": "public, max-age=86400"})
