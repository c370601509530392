"""Named queries that ask what a shape checks give the shape's focus nodes on the same data: each
example and each fixture of those shapes, run through laget's SparqlService and through the
compiled validation engine (itself checked against pyshacl in tests/validation/test_any_engine.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from laget_graph.config import Settings
from laget_graph.ingest import parse_file, parse_rdf, rdf_format_for
from laget_graph.ingest.load import GRAPH_ONTOLOGY, GRAPH_REFERENCE, bundled_files
from laget_graph.resources import example_files
from laget_graph.sparql import named
from laget_graph.sparql.results import plain_rows
from laget_graph.sparql.service import SparqlService
from laget_graph.store import Store
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
LGSH = "https://w3id.org/laget/shapes#"
LG = "https://w3id.org/laget/def#"
SHAPES = ("NeedCoveredAtTier1", "NeedCoveredAtTier2", "UnitServedByPPT", "MunicipalityHasChildCoordinator",
          "UnitTakesPartInAMeasure", "AssessmentInvolvesUniversity")
SOURCES = [*example_files(), *(FIXTURES / kind / f"{name}.ttl" for kind in ("valid", "invalid") for name in SHAPES),
           *sorted((FIXTURES.parent / "queries-agree").glob("*.ttl"))]

Pairs = set[tuple[str, ...]]
#: The counties of the municipalities a source describes (the child-coordinator query asks per county).
COUNTIES = f"SELECT DISTINCT ?county WHERE {{ ?d <{LG}describesMunicipality> ?m . ?m <{LG}county> ?county }}"


@cache
def _base() -> tuple[object, ...]:
    return tuple(parse_file(p, graph=t) for p, t in bundled_files() if t in (GRAPH_ONTOLOGY, GRAPH_REFERENCE))


def _parsed(path: Path):  # type: ignore[no-untyped-def]
    graph = None if path in example_files() else f"https://w3id.org/laget/graph/setup/agree/{path.parent.name}"
    return parse_rdf(path, rdf_format_for(path), graph, str(path))


@cache
def _on(path: Path) -> tuple[Callable[..., list[dict[str, object]]], dict[str, Pairs]]:
    """A query runner over ontology + reference data + this one file, and the shapes' findings on it."""
    store = Store(None)
    store.write([*_base(), _parsed(path)])  # type: ignore[list-item]
    service = SparqlService(store, Settings(store="memory"), workers=False)

    def ask(name: str, **params: str) -> list[dict[str, object]]:
        text = COUNTIES if name == "counties" else named.get(name).bind(params)
        return plain_rows(service.run(service.check(text), "application/sparql-results+json"), name)["rows"]  # type: ignore[return-value]

    ds = Dataset()
    ds.add(_parsed(path))
    found: dict[str, Pairs] = {name: set() for name in SHAPES}
    for report in validate(ds).setups:
        for f in report.findings:
            name = str(f.shape).removeprefix(LGSH)
            if name in found:
                two = name.startswith("Need") or name == "UnitServedByPPT"  # the value is part of the answer
                found[name].add((str(f.focus), str(f.value)) if two else (str(f.focus),))
    return ask, found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_uncovered_needs_at_a_tier_is_what_the_need_shapes_find(path: Path) -> None:
    ask, found = _on(path)
    for tier in ("1", "2"):
        rows = ask("uncovered-needs", tier=f"tier:{tier}")
        assert {(r["need"], r["area"]) for r in rows} == found[f"NeedCoveredAtTier{tier}"], tier
    # without a tier: needs nobody covers and no measure addresses at any tier, so found at both
    anywhere = {(r["need"], r["area"]) for r in ask("uncovered-needs")}
    assert anywhere <= found["NeedCoveredAtTier1"] & found["NeedCoveredAtTier2"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_units_without_ppt_is_what_unit_served_by_ppt_finds(path: Path) -> None:
    ask, found = _on(path)
    # the shape reports the municipality (or county authority) whose duty it is, the unit as value
    assert {(r["responsible"], r["unit"]) for r in ask("units-without-ppt")} == found["UnitServedByPPT"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_units_in_no_measure_is_what_unit_takes_part_in_a_measure_finds(path: Path) -> None:
    ask, found = _on(path)
    assert {(r["unit"],) for r in ask("units-in-no-measure")} == found["UnitTakesPartInAMeasure"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_assessments_without_university_is_what_assessment_involves_university_finds(path: Path) -> None:
    ask, found = _on(path)
    assert {(r["assessment"],) for r in ask("assessments-without-university")} == found["AssessmentInvolvesUniversity"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_municipalities_without_child_coordinator_is_what_the_shape_finds(path: Path) -> None:
    ask, found = _on(path)
    counties = {r["county"] for r in ask("counties")}
    assert counties, "every source describes a municipality"
    answered = {(r["municipality"],) for c in counties for r in ask("municipalities-without-child-coordinator",
                                                                  county=str(c))}
    assert answered == found["MunicipalityHasChildCoordinator"]


def test_the_fixtures_and_examples_give_each_query_something_to_find() -> None:
    """Not all empty: the agreement above is tested on real findings of every shape."""
    totals = {name: 0 for name in SHAPES}
    for path in SOURCES:
        for name, pairs in _on(path)[1].items():
            totals[name] += len(pairs)
    assert all(totals.values()), totals
