"""An analysis as labelled, JSON-ready data: the one shape the CLI tables, JSON and API share."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import Any

import networkx as nx

from ..namespaces import graph_short_name
from ..versions import Pick
from ..versions.wording import version_day
from .labels import Labels, local_name
from .measures import Analysis, Cell, compare
from .messages import T, scope_text
from .vocab import RELATION_BY_KEY, Relation


def node_label(graph: nx.MultiDiGraph, iri: str, lang: str) -> str:
    return graph.nodes[iri]["label"][lang] if iri in graph else local_name(iri)


def group_label(key: str, lang: str) -> str:
    return T(f"group.{key}", lang)


def relation_label(rel: Relation, labels: Labels, lang: str) -> str:
    """lg: relations are named by the ontology; the two structural links by our messages."""
    if rel.key in ("postIn", "partOf"):
        return T(f"relation.{rel.key}", lang)
    return labels.get(rel.iri, lang)


def place_names(graph: nx.MultiDiGraph, lang: str) -> dict[str, str]:
    """Municipality and county numbers → names, for :func:`.messages.scope_text` (only those named)."""
    labels: Labels = graph.graph["labels"]
    names = {}
    for iri, place in graph.graph["places"].items():
        if iri in labels.texts:
            names[place.number] = labels.get(iri, lang)
        if place.county and place.county_number and place.county in labels.texts:
            names[place.county_number] = labels.get(place.county, lang)
    return names


def scope_name(graph: nx.MultiDiGraph, lang: str) -> str:
    """The graph's scope in words, with the names of its places (``Bærum (3201)``)."""
    return scope_text(graph.graph["scope"], lang, place_names(graph, lang))


def tier_short(tier: str, lang: str) -> str:
    return T("tier.short", lang, n=local_name(tier))


def _actor(graph: nx.MultiDiGraph, iri: str, lang: str) -> dict[str, str]:
    group = graph.nodes[iri]["group"] if iri in graph else "other"
    return {"iri": iri, "label": node_label(graph, iri, lang), "group": group}


def _cell(graph: nx.MultiDiGraph, cell: Cell, lang: str) -> dict[str, str]:
    labels: Labels = graph.graph["labels"]
    return {"area": cell[0], "areaLabel": labels.get(cell[0], lang),
            "tier": cell[1], "tierLabel": tier_short(cell[1], lang)}


def report(analysis: Analysis, graph: nx.MultiDiGraph, lang: str = "nb") -> dict[str, Any]:
    """Everything in ``analysis`` with names in ``lang``; lists are in a stable order."""
    by_broker = sorted(analysis.betweenness, key=lambda n: (-analysis.betweenness[n], -analysis.degree[n],
                                                            node_label(graph, n, lang)))
    scope = analysis.scope
    return {
        "scope": {"kind": scope.kind, "municipalities": list(scope.municipalities), "county": scope.county,
                  "year": scope.year, "foldPosts": scope.fold_posts, "text": scope_name(graph, lang)},
        "lang": lang,
        "figures": analysis.figures(),
        "figureLabels": {k: _figure_label(k, graph, lang) for k in analysis.figures()},
        "centrality": [{**_actor(graph, n, lang), "degree": round(analysis.degree[n], 6),
                        "betweenness": round(analysis.betweenness[n], 6)} for n in by_broker],
        "noPathToPPT": [_actor(graph, n, lang) for n in analysis.no_path_to_ppt],
        "noPathToStatped": [_actor(graph, n, lang) for n in analysis.no_path_to_statped],
        "coverage": [{**_cell(graph, cell, lang), "actors": [_actor(graph, a, lang) for a in actors]}
                     for cell, actors in analysis.matrix.items()],
        "gaps": [_cell(graph, cell, lang) for cell in analysis.gaps],
        "singleCover": [{**_cell(graph, cell, lang), "actor": _actor(graph, a, lang)}
                        for cell, a in analysis.single_cover.items()],
        "dropout": [{**_actor(graph, n, lang), "lost": [_cell(graph, c, lang) for c in cells]}
                    for n, cells in analysis.dropout.items()],
        "communities": [{"members": [_actor(graph, n, lang) for n in members],
                         "municipalities": sorted({m for n in members for m in graph.nodes[n]["municipalities"]}),
                         "intermunicipal": i in analysis.intermunicipal}
                        for i, members in enumerate(analysis.communities)],
        **({"basis": found} if (found := basis(graph, lang)) is not None else {}),
    }


def basis_text(pick: Pick, year: int, lang: str) -> str:
    """Where a setup's content in ``year`` came from, in one sentence (see :class:`versions.Pick`)."""
    setup, v = graph_short_name(pick.graph), pick.version
    if pick.kind == "version" and v is not None:
        files = ", ".join(PurePath(s.name).name for s in v.sources)
        status = (T("basis.still", lang) if v.current
                  else T("basis.replaced", lang, date=version_day(v.invalidated, lang)))
        return T("basis.version", lang, setup=setup, year=year, number=v.number, date=version_day(v.generated, lang),
                 source=T("basis.source", lang, files=files) if files else "", status=status)
    if pick.kind == "dropped" and v is not None:
        return T("basis.dropped", lang, setup=setup, year=year, number=v.number, date=version_day(v.invalidated, lang))
    if pick.kind == "deleted" and v is not None:
        return T("basis.deleted", lang, setup=setup, year=year, number=v.number)
    if pick.kind == "newer" and pick.oldest is not None:
        return T("basis.newer", lang, setup=setup, year=year, date=version_day(pick.oldest.generated, lang))
    return T("basis.unrecorded", lang, setup=setup, year=year)


def basis(graph: nx.MultiDiGraph, lang: str) -> list[dict[str, Any]] | None:
    """For a year's network: each setup in scope, which version it was read from, in words too
    (None for a network of the current data)."""
    picks: list[Pick] | None = graph.graph.get("basis")
    year = graph.graph["scope"].year
    if picks is None or year is None:
        return None

    def when(moment: datetime | None) -> str | None:
        return moment.isoformat().replace("+00:00", "Z") if moment else None
    return [{"graph": p.graph, "setup": graph_short_name(p.graph), "kind": p.kind, "fallback": p.falls_back,
             "version": p.version.number if p.version else None,
             "generated": when(p.version.generated) if p.version else None,
             "text": basis_text(p, year, lang)} for p in picks]


def _figure_label(key: str, graph: nx.MultiDiGraph, lang: str) -> str:
    if key.startswith("group."):
        return group_label(key.removeprefix("group."), lang)
    if key.startswith("relation."):
        return relation_label(RELATION_BY_KEY[key.removeprefix("relation.")], graph.graph["labels"], lang)
    return T(f"fig.{key}", lang)


def comparison(rows: list[tuple[str, float, float, float]], graph: nx.MultiDiGraph, lang: str,
               first: str, second: str) -> dict[str, Any]:
    """A comparison (see :func:`measures.compare`) with figure names."""
    return {"first": first, "second": second,
            "rows": [{"figure": k, "label": _figure_label(k, graph, lang), "first": a, "second": b,
                      "difference": d} for k, a, b, d in rows]}


def compared(analysis: Analysis, graph: nx.MultiDiGraph, other: Analysis, other_graph: nx.MultiDiGraph,
             lang: str) -> dict[str, Any]:
    """Two analyses side by side (another municipality, or another year), each side named and, for a
    year, with what it is based on (``firstBasis``/``secondBasis``: :func:`basis`). The side with no
    year, compared with one that has a year, is the data as it is now."""
    names = place_names(graph, lang)
    first, second = scope_text(analysis.scope, lang, names), scope_text(other.scope, lang, names)
    if analysis.scope.year is None and other.scope.year is not None:
        first = T("scope.now", lang, scope=first)
    result = comparison(compare(analysis, other), graph, lang, first, second)
    for key, g in (("firstBasis", graph), ("secondBasis", other_graph)):
        if (found := basis(g, lang)) is not None:
            result[key] = found
    return result


__all__ = ["basis", "basis_text", "compared", "comparison", "group_label", "node_label", "place_names",
           "relation_label", "report", "scope_name", "tier_short"]
