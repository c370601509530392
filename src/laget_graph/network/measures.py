"""Measures that answer a coordinator's questions about the network.

* brokers and bottlenecks: degree and betweenness centrality on the undirected collaboration graph
  (who is linked to whom, whatever the direction and relation);
* units with no path to PPT or to Statped, following only *support* relations (serves, refers to,
  advises, partners with, collaborates with) and the structure (post in, part of) — owning,
  funding, supervising, membership, coordinating and reporting are administrative lines;
* the coverage matrix (top competence area × tier → actors), its gaps and single covers;
* drop-out: for each actor, which area/tier cells lose all cover *reachable from the units* if the
  actor leaves (a PPT that is the only way to Statped takes Statped's tier-3 cover with it);
* communities (Louvain, fixed seed) and which of them span several municipalities.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from .build import Scope
from .vocab import GROUPS, PPT_GROUP, RELATIONS, ROUTE_RELATIONS, STATPED_GROUP, UNIT_GROUPS

SEED = 20190  # Meld. St. 6 (2019–2020); any fixed number makes communities reproducible
EXACT_BETWEENNESS_LIMIT = 1000  # above this many nodes betweenness is estimated from a sample …
BETWEENNESS_SAMPLE = 200  # … of this many source nodes (seeded, so reproducible)

Cell = tuple[str, str]  # (top area IRI, tier IRI)


@dataclass
class Analysis:
    """Everything ``analyse`` finds, keyed by IRIs; ``report`` turns it into labelled data."""

    scope: Scope
    nodes: int
    edges: int
    groups: dict[str, int]
    relations: dict[str, int]
    degree: dict[str, float]
    betweenness: dict[str, float]
    no_path_to_ppt: list[str]
    no_path_to_statped: list[str]
    matrix: dict[Cell, list[str]]
    dropout: dict[str, list[Cell]]
    communities: list[list[str]]
    intermunicipal: list[int] = field(default_factory=list)

    @property
    def gaps(self) -> list[Cell]:
        return [cell for cell, actors in self.matrix.items() if not actors]

    @property
    def single_cover(self) -> dict[Cell, str]:
        return {cell: actors[0] for cell, actors in self.matrix.items() if len(actors) == 1}

    def figures(self) -> dict[str, float]:
        """Headline numbers, the rows of a comparison."""
        return {
            "nodes": self.nodes, "edges": self.edges,
            "density": round(self.edges / (self.nodes * (self.nodes - 1)), 4) if self.nodes > 1 else 0.0,
            "covered_cells": sum(1 for a in self.matrix.values() if a),
            "gaps": len(self.gaps), "single_cover": len(self.single_cover),
            "no_path_to_ppt": len(self.no_path_to_ppt), "no_path_to_statped": len(self.no_path_to_statped),
            "dropout_actors": len(self.dropout), "communities": len(self.communities),
            "intermunicipal": len(self.intermunicipal),
            **{f"group.{k}": v for k, v in self.groups.items()},
            **{f"relation.{k}": v for k, v in self.relations.items()},
        }


def collaboration_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, simple: two actors are linked if any relation joins them."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((s, o) for s, o in graph.edges())
    return simple


def support_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, simple, only the relations that carry help (see the module docstring)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((s, o) for s, o, k in graph.edges(keys=True) if k in ROUTE_RELATIONS)
    return simple


def centrality(graph: nx.MultiDiGraph) -> tuple[dict[str, float], dict[str, float]]:
    """Normalised degree and betweenness centrality on the collaboration graph."""
    simple = collaboration_graph(graph)
    if simple.number_of_nodes() < 2:
        zero = dict.fromkeys(simple, 0.0)
        return zero, dict(zero)
    k = None if simple.number_of_nodes() <= EXACT_BETWEENNESS_LIMIT else BETWEENNESS_SAMPLE
    return nx.degree_centrality(simple), nx.betweenness_centrality(simple, k=k, seed=SEED)


def units(graph: nx.MultiDiGraph) -> list[str]:
    """Kindergartens, schools and SFOs that belong to the scope (not context)."""
    return sorted(n for n, d in graph.nodes(data=True) if d["group"] in UNIT_GROUPS and d["core"])


def units_without_path(graph: nx.MultiDiGraph, target_group: str) -> list[str]:
    """Units from which no chain of support relations reaches an actor of ``target_group``."""
    support = support_graph(graph)
    targets = {n for n, d in graph.nodes(data=True) if d["group"] == target_group}
    reached: set[str] = set()
    for component in nx.connected_components(support):
        if component & targets:
            reached |= component
    return [u for u in units(graph) if u not in reached]


def coverage_matrix(graph: nx.MultiDiGraph) -> dict[Cell, list[str]]:
    """Every (top area, tier) of the axes → the actors covering it, sorted; empty lists are gaps."""
    matrix: dict[Cell, set[str]] = {(a, t): set() for a in graph.graph["areas"] for t in graph.graph["tiers"]}
    for node, data in graph.nodes(data=True):
        for cov in data["coverage"]:
            matrix.setdefault((cov.top, cov.tier), set()).add(node)
    return {cell: sorted(actors) for cell, actors in matrix.items()}


@dataclass
class _Tree:
    """A depth-first forest of the support graph with Tarjan low-points: each DFS subtree is a
    contiguous range of the preorder, so "what falls off if this actor leaves" needs no search."""

    order: list[str]
    pre: dict[str, int]
    size: dict[str, int]
    low: dict[str, int]
    parent: dict[str, str | None]
    children: dict[str, list[str]]
    root: dict[str, str]


def _dfs(support: nx.Graph) -> _Tree:
    order: list[str] = []
    pre: dict[str, int] = {}
    low: dict[str, int] = {}
    parent: dict[str, str | None] = {}
    children: dict[str, list[str]] = {n: [] for n in support}
    root_of: dict[str, str] = {}
    for root in sorted(support):
        if root in pre:
            continue
        parent[root] = None
        pre[root] = low[root] = len(order)
        order.append(root)
        root_of[root] = root
        stack = [(root, iter(sorted(support[root])))]
        while stack:
            v, neighbours = stack[-1]
            for w in neighbours:
                if w not in pre:
                    parent[w], root_of[w] = v, root
                    children[v].append(w)
                    pre[w] = low[w] = len(order)
                    order.append(w)
                    stack.append((w, iter(sorted(support[w]))))
                    break
                if w != parent[v]:
                    low[v] = min(low[v], pre[w])
            else:
                stack.pop()
                if stack:
                    u = stack[-1][0]
                    low[u] = min(low[u], low[v])
    size = dict.fromkeys(order, 1)
    for v in reversed(order):
        p = parent[v]
        if p is not None:
            size[p] += size[v]
    return _Tree(order, pre, size, low, parent, children, root_of)


def _prefix(order: list[str], members: set[str]) -> list[int]:
    sums = [0]
    for n in order:
        sums.append(sums[-1] + (n in members))
    return sums


def dropout(graph: nx.MultiDiGraph, matrix: dict[Cell, list[str]] | None = None) -> dict[str, list[Cell]]:
    """For each actor whose leaving would leave some cell with no cover *reachable from a unit*
    (through support relations): those cells.

    When an actor leaves, its component of the support graph falls apart into the DFS subtrees
    of the children it separates (low-point ≥ its preorder) and the rest; the pieces without a
    unit are lost. Counting covering actors by prefix sums over the preorder makes this linear
    in the size of the graph times the number of cells.
    """
    matrix = coverage_matrix(graph) if matrix is None else matrix
    support = support_graph(graph)
    unit_set = set(units(graph))
    tree = _dfs(support)
    unit_sum = _prefix(tree.order, unit_set)

    def count(sums: list[int], start: int, stop: int) -> int:
        return sums[stop] - sums[start]

    def span(n: str) -> tuple[int, int]:
        return tree.pre[n], tree.pre[n] + tree.size[n]

    def reachable(n: str) -> bool:
        return not unit_set or count(unit_sum, *span(tree.root[n])) > 0

    live = {cell: {a for a in actors if reachable(a)} for cell, actors in matrix.items()}
    cells = [cell for cell in matrix if live[cell]]
    cover_sum = {cell: _prefix(tree.order, live[cell]) for cell in cells}
    covers: dict[str, list[Cell]] = {}
    for cell in cells:
        for a in live[cell]:
            covers.setdefault(a, []).append(cell)

    result: dict[str, list[Cell]] = {}
    for x in tree.order:
        if not reachable(x):
            continue
        component = span(tree.root[x])
        if tree.parent[x] is None:
            cut = tree.children[x]
        else:
            cut = [c for c in tree.children[x] if tree.low[c] >= tree.pre[x]]
        pieces = [span(c) for c in cut]
        serving = bool(unit_set - {x})  # with no unit left, every actor counts (as with none at all)
        dead = [p for p in pieces if serving and count(unit_sum, *p) == 0]
        rest_units = (count(unit_sum, *component) - (x in unit_set) - sum(count(unit_sum, *p) for p in pieces))
        rest_dead = tree.parent[x] is not None and serving and rest_units == 0
        if not dead and not rest_dead and x not in covers:
            continue
        lost = []
        for cell in cells:
            if not serving:  # everyone counts afterwards: lost only what x alone covered
                if matrix[cell] == [x]:
                    lost.append(cell)
                continue
            sums, own = cover_sum[cell], int(x in live[cell])
            gone = own + sum(count(sums, *p) for p in dead)
            if rest_dead:
                gone += count(sums, *component) - own - sum(count(sums, *p) for p in pieces)
            if gone == len(live[cell]):
                lost.append(cell)
        if lost:
            result[x] = sorted(lost, key=_cell_order(graph))
    return dict(sorted(result.items()))


def _cell_order(graph: nx.MultiDiGraph):  # type: ignore[no-untyped-def]
    areas = {a: i for i, a in enumerate(graph.graph["areas"])}
    tiers = {t: i for i, t in enumerate(graph.graph["tiers"])}
    return lambda cell: (areas.get(cell[0], len(areas)), cell[0], tiers.get(cell[1], len(tiers)), cell[1])


def communities(graph: nx.MultiDiGraph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities of the collaboration graph, largest first, each sorted."""
    simple = collaboration_graph(graph)
    if simple.number_of_edges() == 0:
        return [[n] for n in sorted(simple)]
    found = nx.community.louvain_communities(simple, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def intermunicipal(graph: nx.MultiDiGraph, found: list[list[str]]) -> list[int]:
    """Indices of communities whose members belong to more than one municipality."""
    result = []
    for i, members in enumerate(found):
        municipalities = {m for n in members for m in graph.nodes[n]["municipalities"]}
        if len(municipalities) > 1:
            result.append(i)
    return result


def analyse(graph: nx.MultiDiGraph, brokers: bool = True, clusters: bool = True) -> Analysis:
    """All measures of one network. ``brokers=False`` skips centrality and ``clusters=False``
    communities, the two measures that grow fastest with the graph (the page's findings need
    neither)."""
    degree, betweenness = centrality(graph) if brokers else ({}, {})
    matrix = coverage_matrix(graph)
    found = communities(graph) if clusters else []
    group_counts = Counter(d["group"] for _, d in graph.nodes(data=True))
    relation_counts = Counter(k for _, _, k in graph.edges(keys=True))
    return Analysis(
        scope=graph.graph["scope"],
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        groups={g.key: group_counts[g.key] for g in GROUPS if group_counts[g.key]},
        relations={r.key: relation_counts[r.key] for r in RELATIONS if relation_counts[r.key]},
        degree=degree,
        betweenness=betweenness,
        no_path_to_ppt=units_without_path(graph, PPT_GROUP),
        no_path_to_statped=units_without_path(graph, STATPED_GROUP),
        matrix=matrix,
        dropout=dropout(graph, matrix),
        communities=found,
        intermunicipal=intermunicipal(graph, found),
    )


def compare(first: Analysis, second: Analysis) -> list[tuple[str, float, float, float]]:
    """Headline figures side by side: (figure, first, second, second − first)."""
    a, b = first.figures(), second.figures()
    keys = list(a) + [k for k in b if k not in a]
    return [(k, a.get(k, 0), b.get(k, 0), round(b.get(k, 0) - a.get(k, 0), 4)) for k in keys]
