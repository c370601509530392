"""What the interactive view draws: filtered or aggregated graphs as vis-network nodes and edges.

Node ids are opaque (``n0``, ``n1`` …), never IRIs or labels, and every text is plain data: vis-network
draws labels on a canvas and shows string tooltips as text, and the page builds its legend and
search results with ``textContent``, so a hostile label stays a label.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx

from .labels import Labels, local_name
from .messages import T
from .report import group_label, relation_label, tier_short
from .vocab import FAMILIES, GOVERNANCE, GROUP_BY_KEY, GROUPS, RELATION_BY_KEY, RELATIONS

AGGREGATED_KINDS = ("county", "country")  # a county: per municipality; the country: per county
MAX_TOOLTIP_ITEMS = 12


def _matches(value: str | None, iri: str) -> bool:
    return value is None or value in (iri, local_name(iri))


def filter_graph(graph: nx.MultiDiGraph, area: str | None = None, tier: str | None = None,
                 group: str | None = None, relation: str | None = None) -> nx.MultiDiGraph:
    """The part of the network that passes every filter given (None means no filter).

    ``area``/``tier``: actors covering that top or exact area and/or tier (IRI or local name);
    ``group``: actors of that legend group; ``relation``: only links of that relation, and the
    actors they join. Graph attributes are kept.
    """
    keep = set(graph)
    if area or tier:
        keep = {n for n in keep if any(_matches(area, c.top) or _matches(area, c.area)
                                       for c in graph.nodes[n]["coverage"] if _matches(tier, c.tier))}
    if group:
        keep = {n for n in keep if graph.nodes[n]["group"] == group}
    sub = graph.subgraph(keep).copy()
    if relation:
        sub.remove_edges_from([(s, o, k) for s, o, k in list(sub.edges(keys=True)) if k != relation])
        sub.remove_nodes_from([n for n in list(sub) if sub.degree(n) == 0])
    sub.graph.update(graph.graph)
    return sub


def _aggregate_key(graph: nx.MultiDiGraph, n: str, level: str) -> str:
    """The node ``n`` is drawn as: its municipality (or that municipality's county), or itself
    when it belongs to no single municipality (regional, national, inter-municipal actors)."""
    munis = graph.nodes[n]["municipalities"]
    if len(munis) != 1:
        return n
    if level == "county":
        place = graph.graph["places"].get(munis[0])
        return place.county if place and place.county else munis[0]
    return munis[0]


def aggregate(graph: nx.MultiDiGraph, level: str = "municipality") -> nx.MultiDiGraph:
    """One node per municipality (``level="municipality"``) or county (``"county"``) for the actors
    that belong to exactly one municipality; others stay themselves. Edges are counted per
    relation (``count``); ``href`` of an aggregate opens it (municipality or county scope)."""
    agg = nx.MultiDiGraph(**graph.graph)
    labels: Labels = graph.graph["labels"]
    places = graph.graph["places"]
    numbers = {p.county: p.county_number for p in places.values() if p.county}
    members: dict[str, list[str]] = {}
    for n in graph:
        members.setdefault(_aggregate_key(graph, n, level), []).append(n)
    for k, ms in members.items():
        if k in graph:
            data = dict(graph.nodes[k])
        else:  # a county: not an actor, so drawn as a place
            data = {"label": labels.both(k), "group": "county", "classes": [], "municipalities": [], "core": True,
                    "responsibilities": [], "posts": []}
        data["members"] = len(ms)
        data["coverage"] = [c for m in ms for c in graph.nodes[m]["coverage"]]
        if k in places:
            data["href"] = f"/network?municipality={places[k].number}"
        elif k in numbers:
            data["href"] = f"/network?county={numbers[k]}"
        agg.add_node(k, **data)
    keys = {n: _aggregate_key(graph, n, level) for n in graph}
    counts = Counter((keys[s], keys[o], rel) for s, o, rel in graph.edges(keys=True) if keys[s] != keys[o])
    for (s, o, rel), count in counts.items():
        agg.add_edge(s, o, key=rel, relation=rel, family=RELATION_BY_KEY[rel].family, count=count)
    return agg


def _tooltip(graph: nx.MultiDiGraph, n: str, lang: str) -> str:
    labels: Labels = graph.graph["labels"]
    d = graph.nodes[n]
    lines = [d["label"][lang]]
    if d.get("members", 1) > 1:
        lines.append(T("tip.actors", lang, n=d["members"]))
    lines.append(f'{T("tip.type", lang)}: ' + ", ".join(labels.get(c, lang) for c in d["classes"]))
    if d["municipalities"]:
        lines.append(f'{T("tip.municipality", lang)}: ' + ", ".join(
            graph.nodes[m]["label"][lang] if m in graph else labels.get(m, lang) for m in d["municipalities"]))
    elif not d["core"]:
        lines.append(T("tip.context", lang))
    cover = sorted({(labels.get(c.area, lang), tier_short(c.tier, lang)) for c in d["coverage"]})
    for key, items in (("tip.coverage", [f"{a} ({t})" for a, t in cover]),
                       ("tip.responsibilities", [labels.get(r, lang) for r in d["responsibilities"]]),
                       ("tip.posts", [p[lang] for p in d.get("posts", [])])):
        if items:
            shown = items[:MAX_TOOLTIP_ITEMS]
            more = [T("more", lang, n=len(items) - len(shown))] if len(items) > len(shown) else []
            lines.append(f"{T(key, lang)}:\n  " + "\n  ".join(shown + more))
    return "\n".join(lines)


def view_data(graph: nx.MultiDiGraph, lang: str = "nb", links: bool = True) -> dict[str, Any]:
    """Nodes, edges and legend for vis-network. A county or the whole country is aggregated.
    ``links``: aggregated municipalities carry an ``href`` to open them (not in a standalone file)."""
    scope = graph.graph["scope"]
    aggregated = scope.kind in AGGREGATED_KINDS
    shown = aggregate(graph, "county" if scope.kind == "country" else "municipality") if aggregated else graph
    labels: Labels = shown.graph["labels"]
    ids = {n: f"n{i}" for i, n in enumerate(sorted(shown))}
    degree = dict(nx.Graph(shown).degree())
    nodes = []
    for n in sorted(shown):
        d = shown.nodes[n]
        group = GROUP_BY_KEY[d["group"]]
        members = d.get("members", 1)
        label = d["label"][lang] + (f" ({members})" if members > 1 else "")
        node: dict[str, Any] = {
            "id": ids[n], "iri": n, "label": label, "group": group.key, "title": _tooltip(shown, n, lang),
            "color": group.colour, "shape": group.shape, "core": d["core"],
            "size": round(10 + (4 * math.sqrt(members) if members > 1 else 2.5 * math.sqrt(degree.get(n, 0))), 1),
        }
        if d.get("posts"):  # folded posts: the page unfolds them on a click
            node["posts"] = [post[lang] for post in d["posts"]]
        if aggregated and links and d.get("href"):
            node["href"] = f"{d['href']}&lang={lang}"
        nodes.append(node)
    edges = []
    for i, (s, o, rel) in enumerate(sorted(shown.edges(keys=True))):
        r = RELATION_BY_KEY[rel]
        name = relation_label(r, labels, lang)
        count = shown.edges[s, o, rel].get("count", 1)
        text = name if count == 1 else f"{name} ×{count}"
        edges.append({"id": f"e{i}", "from": ids[s], "to": ids[o], "relation": rel, "family": r.family,
                      "label": text, "title": text, "color": r.colour, "arrows": "" if r.symmetric else "to",
                      "width": round(1 + math.log2(count), 2), "dashes": r.family == GOVERNANCE})
    present_groups = {n["group"] for n in nodes}
    present_relations = {e["relation"] for e in edges}
    return {
        "lang": lang,
        "aggregated": aggregated,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
        "nodes": nodes,
        "edges": edges,
        "legend": {
            "groups": [{"key": g.key, "label": group_label(g.key, lang), "colour": g.colour, "shape": g.shape}
                       for g in GROUPS if g.key in present_groups],
            "relations": [{"key": r.key, "label": relation_label(r, labels, lang), "colour": r.colour,
                           "family": r.family} for r in RELATIONS if r.key in present_relations],
            "families": [{"key": f, "label": T(f"family.{f}", lang)} for f in FAMILIES
                         if any(RELATION_BY_KEY[rel].family == f for rel in present_relations)],
        },
        "text": {**{k: T(f"page.{k}", lang) for k in ("actors", "relations", "empty", "aggregated")},
                 "count": T("page.count", lang, nodes=len(nodes), edges=len(edges))},
    }
