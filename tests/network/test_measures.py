"""Graph building and every measure on the hand-checked fixture (see small.ttl's header).

The collaboration graph of the whole fixture has 13 actors and 13 undirected links:
  Aby kommune–Aby skole, Aby kommune–Bekk skole, Bby kommune–Bby skole, Bby kommune–Bby barnehage,
  Eventyr AS–Eventyr barnehage, Midt PPT–{Aby skole, Bekk skole, Bby skole, Statped, spesialpedagog},
  Bekk skole–barnevern, spesialpedagog–Aby skole, Bby PPT–Bby barnehage.
Betweenness (pairs whose shortest paths run through a node; split paths count half), worked by hand:
  Midt PPT 32, Bby skole 21, Bby kommune 16, Bekk skole 12, Bby barnehage 9, Aby skole 4, Aby kommune 1,
  all others 0; networkx normalises by (n−1)(n−2)/2 = 66.
"""

from __future__ import annotations

import pytest

from laget_graph.network import Scope, analyse, build_graph
from laget_graph.network.measures import (
    centrality,
    communities,
    compare,
    coverage_matrix,
    dropout,
    intermunicipal,
    units_without_path,
)
from laget_graph.store import Store

from .conftest import AREA, KOMMUNE, TIER, UNIT, short

LAER, SPRAK = AREA + "laerevansker", AREA + "sprak-tale-kommunikasjon"
T1, T2, T3 = TIER + "1", TIER + "2", TIER + "3"


@pytest.fixture(scope="module")
def whole(small_store: Store):  # type: ignore[no-untyped-def]
    return build_graph(small_store, Scope())


def test_nodes_carry_type_label_municipality_and_coverage(whole) -> None:  # type: ignore[no-untyped-def]
    assert whole.number_of_nodes() == 13
    assert whole.number_of_edges() == 14
    ppt = whole.nodes[UNIT + "midt-ppt"]
    assert ppt["group"] == "ppt"
    assert ppt["classes"] == ["https://w3id.org/laget/def#InterMunicipalPPT"]
    assert ppt["label"] == {"nb": "Midt PPT", "en": "Midt PPT (inter-municipal)"}
    assert ppt["municipalities"] == [KOMMUNE + "9901", KOMMUNE + "9902"]
    assert {(c.top, c.tier) for c in ppt["coverage"]} == {(LAER, T2), (SPRAK, T2)}
    assert {c.area for c in ppt["coverage"]} == {AREA + "generelle-laerevansker", SPRAK}
    assert ppt["responsibilities"] == ["https://w3id.org/laget/responsibility/sakkyndig-vurdering"]
    # a post belongs to the municipality of the organisation it is a post in
    assert whole.nodes[UNIT + "spesialpedagog"]["municipalities"] == [KOMMUNE + "9901"]
    assert whole.nodes[UNIT + "spesialpedagog"]["group"] == "post"
    assert whole.nodes["https://w3id.org/laget/id/statped-test"]["municipalities"] == []


def test_edges_are_typed_and_directed(whole) -> None:  # type: ignore[no-untyped-def]
    edges = {(short(s), k, short(o)) for s, o, k in whole.edges(keys=True)}
    assert ("aby-skole", "refersTo", "midt-ppt") in edges
    assert ("midt-ppt", "serves", "aby-skole") in edges
    assert ("midt-ppt", "refersTo", "statped-test") in edges
    assert ("spesialpedagog", "postIn", "aby-skole") in edges
    assert ("9901", "owns", "aby-skole") in edges
    assert len(edges) == 14


def test_municipality_scope_keeps_regional_context_but_not_other_municipalities(small_store: Store) -> None:
    aby = build_graph(small_store, Scope(("9901",)))
    assert sorted(map(short, aby)) == ["9901", "aby-barnevern", "aby-skole", "bekk-skole", "eventyr-as",
                                       "eventyr-barnehage", "midt-ppt", "spesialpedagog", "statped-test"]
    assert aby.nodes["https://w3id.org/laget/id/statped-test"]["core"] is False
    assert aby.number_of_edges() == 10
    bby = build_graph(small_store, Scope(("9902",)))
    assert sorted(map(short, bby)) == ["9902", "bby-barnehage", "bby-ppt", "bby-skole", "midt-ppt", "statped-test"]
    county = build_graph(small_store, Scope(county="99"))
    assert county.number_of_nodes() == 13


def test_folding_posts_moves_their_links_to_the_organisation(small_store: Store) -> None:
    folded = build_graph(small_store, Scope(fold_posts=True))
    assert folded.number_of_nodes() == 12
    assert UNIT + "spesialpedagog" not in folded
    assert folded.has_edge(UNIT + "midt-ppt", UNIT + "aby-skole", key="advises")
    assert folded.nodes[UNIT + "aby-skole"]["posts"] == [{"nb": "Spesialpedagog, Aby skole",
                                                         "en": "Spesialpedagog, Aby skole"}]


def test_degree_and_betweenness_match_the_hand_count(whole) -> None:  # type: ignore[no-untyped-def]
    degree, betweenness = centrality(whole)
    by_name = {short(k): v for k, v in betweenness.items()}
    raw = {"midt-ppt": 32, "bby-skole": 21, "9902": 16, "bekk-skole": 12, "bby-barnehage": 9, "aby-skole": 4,
           "9901": 1}
    for name, value in by_name.items():
        assert value == pytest.approx(raw.get(name, 0) / 66), name
    links = {"midt-ppt": 5, "aby-skole": 3, "bekk-skole": 3, "9901": 2, "9902": 2, "bby-skole": 2,
             "bby-barnehage": 2, "spesialpedagog": 2}
    for name, value in {short(k): v for k, v in degree.items()}.items():
        assert value == pytest.approx(links.get(name, 1) / 12), name


def test_units_without_a_path_to_ppt_or_statped(whole) -> None:  # type: ignore[no-untyped-def]
    # Eventyr barnehage is only owned (ownership is no support link); Bby PPT never refers to Statped.
    assert [short(u) for u in units_without_path(whole, "ppt")] == ["eventyr-barnehage"]
    assert [short(u) for u in units_without_path(whole, "statped")] == ["bby-barnehage", "eventyr-barnehage"]


def test_coverage_matrix_gaps_and_single_cover(whole) -> None:  # type: ignore[no-untyped-def]
    matrix = coverage_matrix(whole)
    assert len(matrix) == 8 * 3  # the eight top areas of the area scheme × three tiers
    assert [short(a) for a in matrix[LAER, T1]] == ["aby-skole", "bekk-skole"]
    assert [short(a) for a in matrix[LAER, T2]] == ["midt-ppt"]  # rolled up from generelle-laerevansker
    assert [short(a) for a in matrix[SPRAK, T3]] == ["statped-test"]
    analysis = analyse(whole)
    assert len(analysis.gaps) == 18
    assert (SPRAK, T1) not in analysis.gaps
    assert {(short(a), short(t)): short(x) for (a, t), x in analysis.single_cover.items()} == {
        ("laerevansker", "2"): "midt-ppt", ("laerevansker", "3"): "statped-test",
        ("sprak-tale-kommunikasjon", "1"): "eventyr-barnehage",
        ("sprak-tale-kommunikasjon", "2"): "midt-ppt", ("sprak-tale-kommunikasjon", "3"): "statped-test",
    }


def test_dropout_names_what_loses_all_reachable_cover(whole) -> None:  # type: ignore[no-untyped-def]
    lost = {short(a): [(short(x), short(t)) for x, t in cells] for a, cells in dropout(whole).items()}
    # Without Midt PPT the units lose its own tier-2 cover and their only way to Statped (tier 3).
    assert lost == {
        "midt-ppt": [("laerevansker", "2"), ("laerevansker", "3"),
                     ("sprak-tale-kommunikasjon", "2"), ("sprak-tale-kommunikasjon", "3")],
        "statped-test": [("laerevansker", "3"), ("sprak-tale-kommunikasjon", "3")],
        "eventyr-barnehage": [("sprak-tale-kommunikasjon", "1")],
    }


def test_communities_are_reproducible_and_flag_the_shared_ppt(whole) -> None:  # type: ignore[no-untyped-def]
    found = communities(whole)
    assert found == communities(whole)
    assert [sorted(map(short, c)) for c in found] == [
        ["9902", "bby-barnehage", "bby-ppt", "bby-skole"],
        ["aby-skole", "midt-ppt", "spesialpedagog", "statped-test"],
        ["9901", "aby-barnevern", "bekk-skole"],
        ["eventyr-as", "eventyr-barnehage"],
    ]
    assert intermunicipal(whole, found) == [1]  # Midt PPT belongs to both municipalities


def test_compare_two_municipalities_and_two_years(small_store: Store) -> None:
    aby, bby = (analyse(build_graph(small_store, Scope((n,)))) for n in ("9901", "9902"))
    rows = {k: (a, b, d) for k, a, b, d in compare(aby, bby)}
    assert rows["nodes"] == (9, 6, -3)
    assert rows["no_path_to_ppt"] == (1, 0, -1)
    assert rows["no_path_to_statped"] == (1, 1, 0)
    assert rows["group.school"] == (2, 1, -1)
    # Eventyr barnehage's language cover starts in 2024: a gap in 2023, closed in 2025.
    before, after = (analyse(build_graph(small_store, Scope(("9901",), year=y))) for y in (2023, 2025))
    rows = {k: (a, b, d) for k, a, b, d in compare(before, after)}
    assert rows["gaps"] == (19, 18, -1)
    assert rows["covered_cells"] == (5, 6, 1)


def brute_force_dropout(graph) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """The definition, literally: remove each actor and recompute what the units can still reach."""
    import networkx as nx

    from laget_graph.network.measures import support_graph, units

    matrix, support, unit_nodes = coverage_matrix(graph), support_graph(graph), units(graph)

    def covered(sup, us, m):  # type: ignore[no-untyped-def]
        reach = set(sup) if not us else set().union(*(c for c in nx.connected_components(sup) if c & set(us)))
        return {cell for cell, actors in m.items() if any(a in reach for a in actors)}

    before, result = covered(support, unit_nodes, matrix), {}
    for x in sorted(graph):
        reduced = support.copy()
        reduced.remove_node(x)
        rest = {cell: [a for a in actors if a != x] for cell, actors in matrix.items()}
        lost = before - covered(reduced, [u for u in unit_nodes if u != x], rest)
        if lost:
            result[x] = sorted(lost)
    return result


@pytest.mark.parametrize("seed", range(200))
def test_dropout_agrees_with_brute_force_on_random_networks(seed: int) -> None:
    import random

    import networkx as nx

    from laget_graph.network.build import Coverage

    rnd = random.Random(seed)
    areas, tiers = ["a1", "a2", "a3"], ["t1", "t2"]
    graph = nx.MultiDiGraph(areas=areas, tiers=tiers)
    n = rnd.randint(2, 25)
    for i in range(n):
        group = rnd.choice(["school", "kindergarten", "ppt", "post", "owner", "statped"])
        cover = [Coverage(a, a, t) for a in areas for t in tiers if rnd.random() < 0.12]
        graph.add_node(f"x{i:02d}", group=group, core=rnd.random() < 0.9, coverage=cover, municipalities=[])
    relations = ["serves", "refersTo", "owns", "postIn", "funds", "advises"]
    for _ in range(rnd.randint(0, 2 * n)):
        s, o = rnd.sample(sorted(graph), 2)
        graph.add_edge(s, o, key=rnd.choice(relations))
    fast = {k: sorted(v) for k, v in dropout(graph).items()}
    assert fast == brute_force_dropout(graph)


def test_dropout_agrees_with_brute_force_on_the_examples(bundled_store: Store) -> None:
    for scope in (Scope(("3201",)), Scope(("3407",)), Scope(county="34"), Scope(("3201",), fold_posts=True)):
        graph = build_graph(bundled_store, scope)
        assert {k: sorted(v) for k, v in dropout(graph).items()} == brute_force_dropout(graph), scope
