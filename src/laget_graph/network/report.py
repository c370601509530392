"""An analysis as labelled, JSON-ready data: the one shape the CLI tables, JSON and API share."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .labels import Labels, local_name
from .measures import Analysis, Cell
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
    }


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


__all__ = ["comparison", "group_label", "node_label", "place_names", "relation_label", "report", "scope_name",
           "tier_short"]
