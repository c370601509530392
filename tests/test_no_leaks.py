"""No leaks between setups: what a municipality's analysis counts is its own setup, reference data, and
what a service declares in its own home graph — never what another municipality's setup claims.

The finding that prompted it: Bærum's coverage matrix and network showed cover by RVTS Øst that only
Gjøvikregionen's setup declared. The rule is written down in docs/design.md."""

from __future__ import annotations

import pytest

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled, load_data
from laget_graph.network import Scope, build_graph
from laget_graph.sparql import named
from laget_graph.sparql.results import plain_rows
from laget_graph.sparql.service import SparqlService
from laget_graph.store import Store
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import validate

ID, AREA, TIER = "https://w3id.org/laget/id/", "https://w3id.org/laget/area/", "https://w3id.org/laget/tier/"
RVTS_OST = f"{ID}rvts/ost"
BAERUM_PPT = f"{ID}unit/3201/ppt"

#: A setup for Gjøvik claims that Bærum's PPT covers dyscalculia at tier 2 (a claim about another
#: municipality's actor) and that RVTS Øst covers dyslexia at tier 3 (a claim about a regional service
#: whose home is the reference data): Bærum's analysis must count neither; Gjøvik's counts the second.
FOREIGN_CLAIM = f"""@prefix lg: <https://w3id.org/laget/def#> .
<{ID}unit/3407/claims> a lg:PPT ; lg:municipality <{ID}kommune/3407> .
<{ID}coverage/foreign/dyskalkuli-2> a lg:CompetenceCoverage ;
    lg:coveringActor <{BAERUM_PPT}> ; lg:area <{AREA}dyskalkuli> ; lg:tier <{TIER}2> .
<{ID}coverage/foreign/rvts-dysleksi-3> a lg:CompetenceCoverage ;
    lg:coveringActor <{RVTS_OST}> ; lg:area <{AREA}dysleksi> ; lg:tier <{TIER}3> .
"""


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store(None)
    load_bundled(store)
    load_data(store, FOREIGN_CLAIM, "ttl", "setup/3407-claims", "claims.ttl")
    return store


def ask(store: Store, name: str, **params: str) -> list[dict[str, object]]:
    service = SparqlService(store, Settings(store="memory"), workers=False)
    answer = service.run(service.check(named.get(name).bind(params)), "application/sparql-results+json")
    return plain_rows(answer, name)["rows"]  # type: ignore[return-value]


def test_coverage_by_area_tier_counts_only_claims_that_speak_for_the_municipality(store: Store) -> None:
    def actors(municipality: str, area: str, tier: str) -> set[object]:
        return {r["actor"] for r in ask(store, "coverage-by-area-tier", area=f"area:{area}", tier=f"tier:{tier}",
                                        municipality=f"lgd:kommune/{municipality}")}

    assert RVTS_OST not in actors("3201", "dysleksi", "3")  # only the Gjøvik setup claims it
    assert RVTS_OST in actors("3407", "dysleksi", "3")  # which speaks for Gjøvik
    assert RVTS_OST in actors("3201", "traumer", "3")  # Bærum declares this one itself
    assert BAERUM_PPT not in actors("3201", "dyskalkuli", "2")  # a claim about Bærum's PPT from elsewhere


def test_the_coverage_matrix_agrees(store: Store) -> None:
    def dyslexia_tier3(municipality: str) -> int:
        rows = ask(store, "coverage-matrix", municipality=f"lgd:kommune/{municipality}")
        return sum(int(r["tier3"]) for r in rows if str(r["area"]).endswith("/dysleksi"))  # type: ignore[call-overload]

    without = Store(None)
    load_bundled(without)
    service_rows = ask(without, "coverage-matrix", municipality="lgd:kommune/3201")
    before = sum(int(r["tier3"]) for r in service_rows if str(r["area"]).endswith("/dysleksi"))  # type: ignore[call-overload]
    assert dyslexia_tier3("3201") == before  # the foreign claim changes nothing for Bærum
    assert dyslexia_tier3("3407") >= 1


def test_the_network_analysis_agrees(store: Store) -> None:
    def covers(graph: object, actor: str) -> set[tuple[str, str]]:
        return {(c.area.rsplit("/", 1)[-1], c.tier.rsplit("/", 1)[-1])
                for c in graph.nodes[actor]["coverage"]}  # type: ignore[attr-defined]

    bærum = build_graph(store, Scope(("3201",)))
    assert ("dysleksi", "3") not in covers(bærum, RVTS_OST) and ("traumer", "3") in covers(bærum, RVTS_OST)
    assert ("dyskalkuli", "2") not in covers(bærum, BAERUM_PPT)
    country = build_graph(store, Scope())  # the whole country counts every claim
    assert ("dysleksi", "3") in covers(country, RVTS_OST) and ("dyskalkuli", "2") in covers(country, BAERUM_PPT)


def test_validation_of_one_setup_never_counts_another_setups_claims() -> None:
    """Each setup is validated with its own data (and neighbours that declare what it points to)."""
    ds = Dataset()
    need = f"""@prefix lg: <https://w3id.org/laget/def#> .
<{ID}unit/3201/ppt> a lg:PPT ; lg:municipality <{ID}kommune/3201> .
<{ID}assessment/3201/x> a lg:NeedsAssessment ; lg:municipality <{ID}kommune/3201> ;
    lg:identifiesNeed <{ID}need/3201/x> .
<{ID}need/3201/x> a lg:Need ; lg:area <{AREA}dyskalkuli> .
"""
    from laget_graph.ingest import parse_data

    ds.add(parse_data(need, "ttl", "setup/3201", "baerum.ttl"))
    alone = {str(f.shape) for f in validate(ds).setups[0].findings}
    ds.add(parse_data(FOREIGN_CLAIM, "ttl", "setup/3407", "gjovik.ttl"))
    together = {str(f.shape) for s in validate(ds).setups if s.graph.endswith("/3201") for f in s.findings}
    assert alone == together
