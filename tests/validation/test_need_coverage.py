"""A need (lg:Need) counts as covered at a tier when someone covers its area at that tier or a measure
that addresses it (lg:addressesNeed) is at that tier (shapes/coverage.ttl, NeedCoveredAtTier1/2), in the
compiled engine and in pyshacl."""

from __future__ import annotations

import pytest

from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import validate_setup

from .conftest import LGSH

SETUP = b"""
@prefix lg: <https://w3id.org/laget/def#> . @prefix area: <https://w3id.org/laget/area/> .
@prefix tier: <https://w3id.org/laget/tier/> . @prefix t: <https://w3id.org/laget/id/unit/need/> .
t:setup a <http://www.w3.org/ns/dcat#Dataset> ; lg:describesMunicipality <https://w3id.org/laget/id/kommune/3201> .
t:kartlegging a lg:NeedsAssessment ; lg:identifiesNeed t:traumer , t:sprak , t:spesifikke-laerevansker .
t:traumer a lg:Need ; lg:area area:traumer .
t:sprak a lg:Need ; lg:area area:sprak .
t:spesifikke-laerevansker a lg:Need ; lg:area area:spesifikke-laerevansker .
# traumer: a measure at tier 1 only addresses it
t:tiltak-1 a lg:CompetenceMeasure ; lg:addressesNeed t:traumer ; lg:area area:traumer ; lg:tier tier:1 .
# spesifikke laerevansker: a measure on a narrower area (dysleksi) at tier 2 that addresses the need
t:tiltak-2 a lg:CompetenceMeasure ; lg:addressesNeed t:spesifikke-laerevansker ; lg:area area:dysleksi ;
    lg:tier tier:2 .
# sprak: a coverage at tier 2 without any actor does not count, nor a measure on the area that does not
# say it addresses the need
t:dekning a lg:CompetenceCoverage ; lg:area area:sprak ; lg:tier tier:2 .
t:tiltak-3 a lg:CompetenceMeasure ; lg:area area:sprak ; lg:tier tier:1 .
"""


# pyshacl over the ontology and reference data takes ~7 s: that one runs with the slow tests
@pytest.mark.parametrize("engine", ["compiled", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_a_measure_at_the_tier_covers_the_need(engine: str) -> None:
    ds = Dataset()
    [setup] = ds.add(parse_rdf(SETUP, rdf_format_for("need.ttl"), None, "need.ttl"))
    found = {(str(f.shape).removeprefix(LGSH), str(f.value).removeprefix("https://w3id.org/laget/area/"))
             for f in validate_setup(ds, setup, engine).findings if "NeedCovered" in str(f.shape)}
    assert found == {
        ("NeedCoveredAtTier1", "sprak"), ("NeedCoveredAtTier2", "sprak"),
        ("NeedCoveredAtTier2", "traumer"),
        ("NeedCoveredAtTier1", "spesifikke-laerevansker"),
    }
