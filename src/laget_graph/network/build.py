"""RDF → networkx: the actors around the child and their typed, directed collaboration links.

One ``MultiDiGraph`` per scope (a municipality, several, a county or the whole country): nodes are
actors keyed by IRI, edges are keyed by relation (``serves``, ``refersTo`` …). A scope holds its
*core* actors (those that belong to the chosen municipalities) and, as context, the regional and
national actors they link to directly (Statped, statsforvalter, UH …); units of other
municipalities stay out, so a shared PPT does not drag its neighbours' schools in.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, LG
from ..store import Backend, Store
from ..versions import AsOf, Pick, as_of, content, end_of_year
from .labels import Labels
from .scope import Scope
from .sparql import select
from .vocab import INVERSES, RELATION_BY_IRI, RELATION_BY_KEY, group_for

#: The default scope: the whole store.
EVERYTHING = Scope()

MUNICIPALITY_CLASS = str(LG.Municipality)


@dataclass(frozen=True)
class Coverage:
    """One ``lg:CompetenceCoverage`` of an actor: the area as given, its top area, the tier."""

    area: str
    top: str
    tier: str


@dataclass
class _Actor:
    classes: set[str] = field(default_factory=set)
    supers: set[str] = field(default_factory=set)
    facts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _year(value: str) -> int | None:
    return int(value[:4]) if value[:4].isdigit() else None


def _active(facts: dict[str, list[str]], year: int | None) -> bool:
    """True when something with ``start``/``end`` facts exists in ``year`` (always without a year)."""
    if year is None:
        return True
    starts = [y for y in map(_year, facts.get("start", [])) if y is not None]
    ends = [y for y in map(_year, facts.get("end", [])) if y is not None]
    return not (starts and min(starts) > year) and not (ends and max(ends) < year)


def read_labels(store: Store | Backend | ox.Store) -> Labels:
    labels = Labels()
    for row in select(store, "labels"):
        lit = row["label"]
        if isinstance(row["resource"], ox.NamedNode) and isinstance(lit, ox.Literal):
            labels.add(row["resource"].value, lit.value, lit.language)
    return labels


def _read_actors(store: Store | Backend | ox.Store) -> dict[str, _Actor]:
    supers: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "classes"):
        supers[row["class"].value].add(row["super"].value)
    actors: dict[str, _Actor] = defaultdict(_Actor)
    for row in select(store, "actors"):
        if isinstance(row["actor"], ox.NamedNode):
            a = actors[row["actor"].value]
            a.classes.add(row["class"].value)
            a.supers |= supers[row["class"].value]
    for row in select(store, "details"):
        iri = row["actor"].value
        if iri in actors:
            actors[iri].facts[row["key"].value].append(row["value"].value)
    return dict(actors)


def _effective_municipalities(actors: dict[str, _Actor], edges: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    """The municipalities an actor belongs to: its own ``lg:municipality``, itself if it is one;
    for posts and sub-units without one, those of the organisation they are part of; for an owner
    without one (a private owner), those of the units it owns."""
    result: dict[str, set[str]] = {}
    for iri, a in actors.items():
        own = set(a.facts.get("municipality", []))
        if MUNICIPALITY_CLASS in a.supers:
            own.add(iri)
        result[iri] = own
    for _ in range(3):  # post → unit → school is as deep as the model goes
        for iri, a in actors.items():
            if not result[iri]:
                for parent in a.facts.get("postIn", []) + a.facts.get("parent", []):
                    result[iri] |= result.get(parent, set())
    owned = [(s, o) for s, rel, o in edges if rel == "owns" and not actors[s].facts.get("municipality")
             and MUNICIPALITY_CLASS not in actors[s].supers]
    for owner, unit in owned:
        result[owner] |= result[unit]
    return result


@dataclass(frozen=True)
class Place:
    """Where a municipality lies: its number, county and county number (for scoping and links)."""

    number: str
    county: str | None
    county_number: str | None


def read_places(store: Store | Backend | ox.Store) -> dict[str, Place]:
    """Every municipality in the store, keyed by IRI."""
    places: dict[str, Place] = {}
    for row in select(store, "counties"):
        iri = row["municipality"].value
        places[iri] = Place(row["number"].value if "number" in row else iri.rsplit("/", 1)[-1],
                            row["county"].value if "county" in row else None,
                            row["countyNumber"].value if "countyNumber" in row else None)
    return places


def municipality_iris(places: dict[str, Place], scope: Scope) -> set[str] | None:
    """IRIs of the municipalities in scope (None: the whole country)."""
    if scope.kind == "country":
        return None
    if scope.municipalities:
        return {iri for iri, p in places.items() if p.number in scope.municipalities}
    return {iri for iri, p in places.items() if p.county_number == scope.county}


@dataclass
class Extract:
    """Everything the network needs from a store, before any scope or year is applied."""

    actors: dict[str, _Actor]
    edges: list[tuple[str, str, str]]
    labels: Labels
    places: dict[str, Place]
    axes: dict[str, list[str]]
    coverage: list[tuple[str, Coverage, dict[str, list[str]], str]]  # actor, coverage, its start/end, claim graph
    responsibilities: dict[str, list[str]]
    edge_claims: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)  # edge -> graphs stating it
    speaks: dict[str, set[str]] = field(default_factory=dict)  # graph -> municipalities it speaks for
    homes: dict[str, set[str]] = field(default_factory=dict)  # graph -> actors whose municipality it states

    def claim_counts(self, claim: str, about: Iterable[str], in_scope: set[str] | None) -> bool:
        """Whether a claim stated in graph ``claim`` about the actors ``about`` counts for a network of
        the municipalities ``in_scope`` (None: the whole country, where every claim counts). It counts
        when it stands in reference data, in a setup that speaks for a municipality in scope, or in
        the home graph of an actor it is about — never when another municipality's setup claims it."""
        if in_scope is None or claim in (GRAPH_REFERENCE, GRAPH_ONTOLOGY):
            return True
        if self.speaks.get(claim, set()) & in_scope:
            return True
        home = self.homes.get(claim, set())
        return any(actor in home for actor in about)


_CACHE: weakref.WeakKeyDictionary[Store, tuple[int, Extract]] = weakref.WeakKeyDictionary()


def extract(store: Store | Backend | ox.Store) -> Extract:
    """Run the extraction queries. For the embedded store the result is kept until the store's
    ``generation`` changes (any write), so the page and the API do not re-read a national store
    on every request; an external database may change behind our back and is always asked."""
    cacheable = isinstance(store, Store)
    if cacheable and store in _CACHE and _CACHE[store][0] == store.generation:
        return _CACHE[store][1]
    actors = _read_actors(store)
    coverage = []
    for row in select(store, "coverage"):
        area, tier = row["area"].value, row["tier"].value
        cov = Coverage(area, row["top"].value if "top" in row else area, tier)
        coverage.append((row["actor"].value, cov, {k: [row[k].value] for k in ("start", "end") if k in row},
                         row["claim"].value))
    speaks: dict[str, set[str]] = defaultdict(set)
    homes: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "claims"):
        speaks[row["claim"].value].add(row["municipality"].value)
        homes[row["claim"].value].add(row["local"].value)
    edges, edge_claims = _read_edges(store, actors)
    responsibilities: dict[str, list[str]] = defaultdict(list)
    for row in select(store, "responsibilities"):
        responsibilities[row["actor"].value].append(row["responsibility"].value)
    result = Extract(actors, edges, read_labels(store), read_places(store), _axes(store), coverage,
                     dict(responsibilities), edge_claims, dict(speaks), dict(homes))
    if cacheable:
        _CACHE[store] = (store.generation, result)  # type: ignore[index]
    return result


_YEARS: weakref.WeakKeyDictionary[Store, tuple[int, dict[int, tuple[Extract, AsOf]]]] = weakref.WeakKeyDictionary()


def extract_for_year(store: Store | Backend, year: int) -> tuple[Extract, AsOf]:
    """The extract of the data as it stood at the end of ``year`` (:func:`versions.as_of`): each setup's
    version current then, or its current content where no version is that old. Kept per year until
    the embedded store's next write, like :func:`extract`."""
    cacheable = isinstance(store, Store)
    if cacheable and store in _YEARS and _YEARS[store][0] == store.generation and year in _YEARS[store][1]:
        return _YEARS[store][1][year]
    at = as_of(store, end_of_year(year))
    found = (extract(at.dataset) if at.dataset is not None else extract(store)), at
    if cacheable:
        kept = _YEARS[store][1] if store in _YEARS and _YEARS[store][0] == store.generation else {}
        kept[year] = found
        _YEARS[store] = (store.generation, kept)  # type: ignore[index]
    return found


def _spoke_for(store: Store | Backend, pick: Pick) -> set[str]:
    """The municipalities a setup's version spoke for (a setup dropped by the moment is not in the
    year's data, so its last version is asked)."""
    if pick.version is None:
        return set()
    node = ox.NamedNode(pick.graph)
    dataset = ox.Store()
    dataset.extend(ox.Quad(t.subject, t.predicate, t.object, node) for t in content(store, pick.graph, pick.version))
    return {row["municipality"].value for row in select(dataset, "claims")}


def _basis(store: Store | Backend, ex: Extract, at: AsOf, in_scope: set[str] | None) -> list[Pick]:
    """The picks of the setups a network of ``in_scope`` reads: those that speak for a municipality in
    it, in the year's data or (a setup dropped by then) in its last version."""
    if in_scope is None:
        return list(at.picks.values())
    return [p for p in at.picks.values()
            if (_spoke_for(store, p) if p.kind == "dropped" else ex.speaks.get(p.graph, set())) & in_scope]


def build_graph(store: Store | Backend | ox.Store, scope: Scope = EVERYTHING) -> nx.MultiDiGraph:
    """The collaboration network of ``scope`` as a MultiDiGraph (see the module docstring).

    With a year, the data is the store as it stood at the end of that year (each setup's version
    current then, :func:`extract_for_year`), and ``start``/``end`` facts decide what counted that year.

    Graph attributes: ``scope``, ``labels`` (:class:`Labels`), ``areas`` and ``tiers`` (the axes of
    the coverage matrix, in notation order), ``municipalities`` (IRIs in scope, or None), ``places``
    (every municipality's number and county, see :class:`Place`) and, with a year, ``basis``: for each
    setup in scope, where its content that year came from (:class:`versions.Pick`).
    """
    at = None
    if scope.year is not None and not isinstance(store, ox.Store):
        ex, at = extract_for_year(store, scope.year)
    else:
        ex = extract(store)
    in_scope = municipality_iris(ex.places, scope)
    actors = {iri: a for iri, a in ex.actors.items() if _active(a.facts, scope.year)}
    edges = [e for e in ex.edges if e[0] in actors and e[2] in actors
             and any(ex.claim_counts(c, (e[0], e[2]), in_scope) for c in ex.edge_claims.get(e, {GRAPH_REFERENCE}))]
    belongs = _effective_municipalities(actors, edges)

    if in_scope is None:
        keep = set(actors)
        core = keep
    else:
        core = {iri for iri in actors if belongs[iri] & in_scope}
        neighbours = {o for s, _, o in edges if s in core} | {s for s, _, o in edges if o in core}
        keep = core | {n for n in neighbours if not belongs[n]}

    graph = nx.MultiDiGraph(scope=scope, labels=ex.labels, municipalities=in_scope, places=ex.places,
                            areas=list(ex.axes["areas"]), tiers=list(ex.axes["tiers"]),
                            basis=None if at is None else _basis(store, ex, at, in_scope))
    for iri in sorted(keep):
        a = actors[iri]
        graph.add_node(
            iri,
            label=ex.labels.both(iri),
            group=group_for(a.supers),
            classes=sorted(a.classes),
            municipalities=sorted(belongs[iri]),
            core=iri in core,
            synthetic=a.facts.get("synthetic", ["false"])[0] in ("true", "1"),
            coverage=[],
            responsibilities=sorted(set(ex.responsibilities.get(iri, []))),
            posts=[],
        )
    for s, rel, o in edges:
        if s in keep and o in keep:
            graph.add_edge(s, o, key=rel, relation=rel, family=RELATION_BY_KEY[rel].family)
    seen: set[tuple[str, Coverage]] = set()
    for actor, cov, period, claim in ex.coverage:
        if actor in graph and _active(period, scope.year) and (actor, cov) not in seen \
                and ex.claim_counts(claim, (actor,), in_scope):
            seen.add((actor, cov))
            graph.nodes[actor]["coverage"].append(cov)
    if not graph.graph["areas"]:  # no area scheme loaded: the areas seen are the axis
        graph.graph["areas"] = sorted({c.top for _, d in graph.nodes(data=True) for c in d["coverage"]})
    if scope.fold_posts:
        fold_posts(graph)
    return graph


def _read_edges(store: Store | Backend | ox.Store, actors: dict[str, _Actor]
                ) -> tuple[list[tuple[str, str, str]], dict[tuple[str, str, str], set[str]]]:
    """Typed edges between actors: inverses turned round, symmetric pairs stored once, and a family's
    generic relation (``collaboratesWith``, ``governanceRelation``) dropped where a specific relation
    of the same family links the same pair; with the graphs that state each edge."""
    edges: set[tuple[str, str, str]] = set()
    claims: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in select(store, "relations"):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        if s not in actors or o not in actors or s == o:
            continue
        if p in INVERSES:
            s, o, key = o, s, INVERSES[p]
        else:
            rel = RELATION_BY_IRI[p]
            key = rel.key
            if rel.symmetric and o < s:
                s, o = o, s
        edges.add((s, key, o))
        claims[(s, key, o)].add(row["claim"].value)
    specific = {(RELATION_BY_KEY[key].family, frozenset((s, o))) for s, key, o in edges
                if not RELATION_BY_KEY[key].generic}
    return sorted(e for e in edges if not RELATION_BY_KEY[e[1]].generic
                  or (RELATION_BY_KEY[e[1]].family, frozenset((e[0], e[2]))) not in specific), dict(claims)


def _axes(store: Store | Backend | ox.Store) -> dict[str, list[str]]:
    axes: dict[str, list[tuple[str, str]]] = {"area": [], "tier": []}
    for row in select(store, "axes"):
        notation = row["notation"].value if "notation" in row else ""
        axes[row["axis"].value].append((_sort_key(notation), row["concept"].value))
    return {"areas": [c for _, c in sorted(set(axes["area"]))],
            "tiers": [c for _, c in sorted(set(axes["tier"]))]}


def _sort_key(notation: str) -> str:
    """Notations such as ``2.10`` sort numerically part by part."""
    return ".".join(p.zfill(4) for p in notation.split("."))


def fold_posts(graph: nx.MultiDiGraph) -> None:
    """Merge each post into the organisation it is a post in: its links, coverage and
    responsibilities become the organisation's, and the organisation lists the folded posts."""
    posts = [(n, o) for n, o, k in graph.edges(keys=True) if k == "postIn" and graph.nodes[n]["group"] == "post"]
    for post, org in posts:
        if post not in graph or org not in graph:
            continue
        data, target = graph.nodes[post], graph.nodes[org]
        target["coverage"] += data["coverage"]
        target["responsibilities"] = sorted(set(target["responsibilities"]) | set(data["responsibilities"]))
        target["posts"].append(data["label"])
        for s, o, k in list(graph.out_edges(post, keys=True)) + list(graph.in_edges(post, keys=True)):
            s2, o2 = (org if s == post else s), (org if o == post else o)
            if s2 != o2:
                graph.add_edge(s2, o2, key=k, relation=k, family=RELATION_BY_KEY[k].family)
        graph.remove_node(post)


__all__ = ["Coverage", "Place", "Scope", "build_graph", "fold_posts", "municipality_iris", "read_places"]
