"""The network's relations in the ontology's two families: support (lg:collaboratesWith) and governance
(lg:governanceRelation). Each edge carries its family; a generic relation gives way only to a specific
one of its own family; the page, its export and its legend tell governance lines apart."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDFS

from laget_graph.ingest import load_data
from laget_graph.namespaces import LG
from laget_graph.network import Scope, build_graph
from laget_graph.network.view import view_data
from laget_graph.network.vocab import GOVERNANCE, INVERSES, RELATION_BY_IRI, RELATIONS, SUPPORT
from laget_graph.resources import ontology_files
from laget_graph.store import Store

from .conftest import KOMMUNE, UNIT, fixture_store, short


def test_every_relation_sits_in_its_ontology_family() -> None:
    g = rdflib.Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    families = {SUPPORT: LG.collaboratesWith, GOVERNANCE: LG.governanceRelation}
    for name, root in families.items():
        members = {str(p) for p in g.transitive_subjects(RDFS.subPropertyOf, rdflib.URIRef(str(root)))}
        assert members == {r.iri for r in RELATIONS if r.family == name}, name
    for iri in INVERSES:  # read as its inverse, which is in a family
        inverse = g.value(rdflib.URIRef(iri), OWL.inverseOf) or g.value(None, OWL.inverseOf, rdflib.URIRef(iri))
        assert str(inverse) in RELATION_BY_IRI


def test_edges_carry_their_family(small_store: Store) -> None:
    graph = build_graph(small_store)
    families = {(short(s), k, short(o)): d["family"] for s, o, k, d in graph.edges(keys=True, data=True)}
    assert families[("9901", "owns", "aby-skole")] == GOVERNANCE
    assert families[("midt-ppt", "serves", "aby-skole")] == SUPPORT
    assert families[("bekk-skole", "reportsConcernTo", "aby-barnevern")] == SUPPORT
    assert families[("spesialpedagog", "postIn", "aby-skole")] == "structure"


def test_a_generic_relation_gives_way_only_within_its_family() -> None:
    store = fixture_store("small.ttl")
    load_data(store, f"""@prefix lg: <https://w3id.org/laget/def#> .
        <{KOMMUNE}9901> lg:governanceRelation <{UNIT}aby-skole> , <{UNIT}aby-barnevern> ;
                        lg:collaboratesWith <{UNIT}bekk-skole> .""", "ttl", "setup/generic", "generic.ttl")
    edges = {(short(s), k, short(o)) for s, o, k in build_graph(store).edges(keys=True)}
    assert ("9901", "owns", "aby-skole") in edges
    assert ("9901", "governanceRelation", "aby-skole") not in edges  # the owning says it already
    assert ("9901", "governanceRelation", "aby-barnevern") in edges  # nothing more specific
    # Owning Bekk skole is governance; collaborating with it is support: both stay.
    assert {("9901", "owns", "bekk-skole"), ("9901", "collaboratesWith", "bekk-skole")} <= edges


def test_the_view_dashes_governance_and_groups_the_legend(small_store: Store) -> None:
    for lang, heading in (("nb", "Styring (stiplet)"), ("en", "Governance (dashed)")):
        data = view_data(build_graph(small_store, Scope(("9901",))), lang)
        by_relation = {e["relation"]: e for e in data["edges"]}
        assert by_relation["owns"]["dashes"] is True and by_relation["owns"]["family"] == GOVERNANCE
        assert by_relation["serves"]["dashes"] is False and by_relation["serves"]["family"] == SUPPORT
        families = {f["key"]: f["label"] for f in data["legend"]["families"]}
        assert families[GOVERNANCE] == heading and set(families) == {SUPPORT, GOVERNANCE, "structure"}
        assert {r["family"] for r in data["legend"]["relations"]} == set(families)
