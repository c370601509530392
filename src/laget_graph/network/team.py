"""The team around the child in one municipality, at a glance: the municipality page's content.

Built from what ``laget network analyse`` already computes (the network of the municipality, its
coverage matrix, gaps and single points of failure: :mod:`.measures`, :mod:`.report`) plus the
programmes and measures of the municipality's setups. Everything comes out labelled in one language
as plain data, so the page, its downloadable copy and ``/api/kommune/…`` show the same thing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from ..namespaces import LG
from ..store import Backend, Store
from .build import build_graph, extract
from .duties import responsibilities
from .labels import Labels, local_name
from .measures import analyse
from .messages import T as NT
from .places import Municipality, directory, sort_key
from .report import report, tier_short
from .scope import Scope
from .sparql import select
from .vocab import PPT_GROUP, STATPED_GROUP, UNIT_GROUPS

COORDINATING_UNIT = str(LG.CoordinatingUnit)
CHILD_COORDINATOR = str(LG.ChildCoordinator)
#: The programme's roles in the order the page lists them.
PROGRAMME_ROLES = ("owner", "coordinatedBy", "coordinator", "steeringGroup", "workingGroup", "referenceGroup",
                   "universityPartner", "fundedBy")
MAX_NAMES = 4  # names shown in a matrix cell before "and n more"


def _name(labels: Labels, iri: str, lang: str) -> str:
    return labels.get(iri, lang)


def _actor(graph: nx.MultiDiGraph, iri: str, lang: str) -> dict[str, str]:
    labels: Labels = graph.graph["labels"]
    label = graph.nodes[iri]["label"][lang] if iri in graph else labels.get(iri, lang)
    return {"iri": iri, "label": label}


def _of_class(graph: nx.MultiDiGraph, cls: str) -> list[str]:
    return sorted((n for n, d in graph.nodes(data=True) if cls in d["classes"]),
                  key=lambda n: sort_key(graph.nodes[n]["label"]["nb"]))


def _of_group(graph: nx.MultiDiGraph, group: str) -> list[str]:
    return sorted((n for n, d in graph.nodes(data=True) if d["group"] == group),
                  key=lambda n: sort_key(graph.nodes[n]["label"]["nb"]))


def units_by_kind(graph: nx.MultiDiGraph, lang: str) -> list[dict[str, Any]]:
    """Kindergartens, schools and SFOs of the municipality: a count per group and per class."""
    labels: Labels = graph.graph["labels"]
    result = []
    for group in ("kindergarten", "school", "sfo"):
        members = [n for n, d in graph.nodes(data=True) if d["group"] == group and d["core"]]
        if not members:
            continue
        kinds = Counter(labels.get(graph.nodes[n]["classes"][0], lang) if graph.nodes[n]["classes"] else ""
                        for n in members)
        result.append({"group": group, "label": NT(f"plural.{group}", lang), "count": len(members),
                       "kinds": [{"label": k, "count": c} for k, c in sorted(kinds.items()) if k]})
    return result


def route_to_statped(graph: nx.MultiDiGraph, start: str) -> list[str]:
    """The shortest chain of "refers to" from ``start`` to a Statped region (empty if none)."""
    refers = nx.DiGraph((s, o) for s, o, k in graph.edges(keys=True) if k == "refersTo")
    targets = [n for n in _of_group(graph, STATPED_GROUP) if n in refers]
    if start not in refers:
        return []
    best: list[str] = []
    for target in targets:
        try:
            path = nx.shortest_path(refers, start, target)
        except nx.NetworkXNoPath:
            continue
        if not best or len(path) < len(best):
            best = path
    return best


def _ppt(graph: nx.MultiDiGraph, lang: str) -> list[dict[str, Any]]:
    units = {n for n, d in graph.nodes(data=True) if d["group"] in UNIT_GROUPS and d["core"]}
    result = []
    for ppt in _of_group(graph, PPT_GROUP):
        served = {o for _, o, k in graph.out_edges(ppt, keys=True) if k == "serves"} & units
        result.append({**_actor(graph, ppt, lang), "serves": len(served), "units": len(units),
                       "route": [_actor(graph, n, lang) for n in route_to_statped(graph, ppt)]})
    return result


def _linked(graph: nx.MultiDiGraph, groups: tuple[str, ...], lang: str) -> list[dict[str, str]]:
    return [_actor(graph, n, lang) for g in groups for n in _of_group(graph, g)]


def programmes(store: Store | Backend, municipality: Municipality, labels: Labels, lang: str) -> list[dict[str, Any]]:
    """The competence programmes of the municipality's setups (or owned by it), with their bodies,
    partners and measures, labelled."""
    rows = select(store, "programmes")
    chosen = {r["programme"].value for r in rows if r["graph"].value in municipality.setups
              or ("key" in r and r["key"].value == "owner" and r["value"].value == municipality.iri)}
    facts: dict[str, dict[str, list[str]]] = {p: defaultdict(list) for p in chosen}
    for r in rows:
        if r["programme"].value in facts and "key" in r:
            facts[r["programme"].value][r["key"].value].append(r["value"].value)
    measures: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for row in select(store, "measures"):
        programme = row["programme"].value
        if programme in facts:
            entry = measures[programme][row["measure"].value]
            if "key" in row:
                entry[row["key"].value].append(row["value"].value)

    def names(iris: list[str]) -> list[str]:
        return sorted({_name(labels, i, lang) for i in iris}, key=sort_key)

    result = []
    for programme in sorted(facts, key=lambda p: sort_key(_name(labels, p, lang))):
        f = facts[programme]
        roles = [{"key": r, "label": NT(f"role.{r}", lang), "names": names(f.get(r, []))} for r in PROGRAMME_ROLES]
        rows = []
        for measure, m in sorted(measures[programme].items(), key=lambda kv: sort_key(_name(labels, kv[0], lang))):
            rows.append({
                "iri": measure, "label": _name(labels, measure, lang),
                "status": ", ".join(names(m.get("status", []))),
                "tiers": ", ".join(sorted({tier_short(t, lang) for t in m.get("tier", [])})),
                "areas": names(m.get("area", [])), "targetGroups": names(m.get("targetGroup", [])),
                "provider": names(m.get("provider", [])), "partners": names(m.get("partner", []) + m.get(
                    "universityPartner", [])),
                "participants": len(set(m.get("participant", []))),
                "period": _period(m), "cohort": ", ".join(m.get("cohort", [])),
            })
        result.append({"iri": programme, "label": _name(labels, programme, lang), "period": _period(f),
                       "roles": roles, "measures": rows,
                       "noUniversityPartner": not f.get("universityPartner")})
    return result


def _period(facts: dict[str, list[str]]) -> str:
    start, end = min(facts.get("start", [""]))[:10], max(facts.get("end", [""]))[:10]
    return f"{start}–{end}" if start or end else ""


def _matches(value: str | None, iri: str) -> bool:
    return value is None or value in (iri, local_name(iri))


def coverage_table(analysis_report: dict[str, Any], graph: nx.MultiDiGraph, lang: str, area: str | None = None,
                   tier: str | None = None) -> dict[str, Any]:
    """The coverage matrix as rows (areas) × columns (tiers), each cell its actors' names; ``area``
    and ``tier`` (IRI or local name) keep one row or column."""
    labels: Labels = graph.graph["labels"]
    tiers = [t for t in graph.graph["tiers"] if _matches(tier, t)]
    cells = {(c["area"], c["tier"]): c["actors"] for c in analysis_report["coverage"]}
    rows = []
    for area in [a for a in graph.graph["areas"] if _matches(area, a)]:
        row = []
        for tier in tiers:
            actors = sorted((a["label"] for a in cells.get((area, tier), [])), key=sort_key)
            shown = actors[:MAX_NAMES]
            row.append({"count": len(actors), "names": shown, "more": len(actors) - len(shown),
                        "tier": tier_short(tier, lang)})
        rows.append({"area": labels.get(area, lang), "cells": row})
    return {"tiers": [tier_short(t, lang) for t in tiers], "rows": rows}


def filtered_tables(graph: nx.MultiDiGraph, lang: str, area: str | None = None, tier: str | None = None,
                    ) -> dict[str, Any]:
    """The analysis of a (filtered) network with the matrix, gaps and single points of failure kept
    to the chosen area and tier: what the network page shows under the drawing."""
    result = report(analyse(graph, brokers=False, clusters=False), graph, lang)

    def keep(cell: dict[str, str]) -> bool:
        return _matches(area, cell["area"]) and _matches(tier, cell["tier"])

    result["gaps"] = [c for c in result["gaps"] if keep(c)]
    result["singleCover"] = [c for c in result["singleCover"] if keep(c)]
    dropout = []
    for item in result["dropout"]:
        lost = [c for c in item["lost"] if keep(c)]
        if lost:
            dropout.append({**item, "lost": lost})
    result["dropout"] = dropout
    return {"report": result, "matrix": coverage_table(result, graph, lang, area, tier),
            "plain": plain_findings(result, lang)}


def plain_findings(analysis_report: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Gaps, single covers, single points of failure and units without a path, as sentences."""
    sentences: list[dict[str, Any]] = []
    gaps: dict[str, list[str]] = defaultdict(list)
    for cell in analysis_report["gaps"]:
        gaps[cell["areaLabel"]].append(cell["tierLabel"])
    for area, tiers in gaps.items():
        key = "plain.gap_all" if len(tiers) >= 3 else "plain.gap"
        sentences.append({"kind": "gap", "text": NT(key, lang, area=area, tiers=_and(tiers, lang))})
    for item in analysis_report["dropout"]:
        lost = [f"{c['areaLabel']} ({c['tierLabel']})" for c in item["lost"]]
        sentences.append({"kind": "spof", "text": NT("plain.spof", lang, actor=item["label"], cells=_and(lost, lang))})
    for key, target in (("noPathToPPT", "PPT"), ("noPathToStatped", "Statped")):
        units = [u["label"] for u in analysis_report[key]]
        if units:
            sentences.append({"kind": "path", "text": NT("plain.no_path", lang, n=len(units), target=target,
                                                         units=_and(units, lang))})
    return sentences


def _and(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + NT("plain.and", lang) + items[-1]


def summary(store: Store | Backend, number: str, lang: str = "nb") -> dict[str, Any] | None:
    """Everything the municipality page shows, or None for an unknown municipality number."""
    found = directory(store)
    municipality = found.get(number)
    if municipality is None:
        return None
    graph = build_graph(store, Scope((number,)))
    analysis = analyse(graph, brokers=False, clusters=False)
    result = report(analysis, graph, lang)
    labels = extract(store).labels
    coordinators = [_actor(graph, n, lang) for n in _of_class(graph, CHILD_COORDINATOR)]
    return {
        "number": number, "name": municipality.name(lang), "county": municipality.county_name(lang),
        "setups": [{"iri": g, "title": found.graph_title(g, lang), "description": found.setup_description(g, lang)}
                   for g in municipality.setups],
        "counts": {"actors": graph.number_of_nodes(), "links": graph.number_of_edges()},
        "units": units_by_kind(graph, lang),
        "ppt": _ppt(graph, lang),
        "health": _linked(graph, ("health",), lang),
        "childWelfare": _linked(graph, ("childwelfare",), lang),
        "coordinatingUnit": [_actor(graph, n, lang) for n in _of_class(graph, COORDINATING_UNIT)],
        "childCoordinator": coordinators,
        "programmes": programmes(store, municipality, labels, lang),
        "responsibilities": responsibilities(store, municipality.iri, labels, lang),
        "coverage": coverage_table(result, graph, lang),
        "findings": plain_findings(result, lang),
        "figures": {k: result["figures"][k] for k in ("covered_cells", "gaps", "single_cover", "no_path_to_ppt",
                                                      "no_path_to_statped", "dropout_actors")},
        "figureLabels": {k: result["figureLabels"][k] for k in ("covered_cells", "gaps", "single_cover",
                                                                "no_path_to_ppt", "no_path_to_statped",
                                                                "dropout_actors")},
    }


__all__ = ["coverage_table", "filtered_tables", "plain_findings", "programmes", "route_to_statped", "summary",
           "units_by_kind"]
