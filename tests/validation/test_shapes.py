"""The shapes themselves: metadata, SHACL-for-SHACL, and a passing and a failing fixture for each."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF, RDFS

from laget_graph.resources import shapes_dir
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import validate_setup
from laget_graph.validation.shapes import SH, load_shapes_graph, shape_catalogue

from .conftest import FIXTURES, LGSH, fixture_graph

SHAPES = sorted(shape_catalogue())
NAMES = [s.removeprefix(LGSH) for s in SHAPES]


def test_there_is_a_rule_for_each_concern() -> None:
    concerns = {info.concern for info in shape_catalogue().values()}
    assert concerns == {"organisation", "coverage", "programme", "identifiers", "privacy"}
    assert len(SHAPES) >= 30


@pytest.mark.parametrize("shape", SHAPES, ids=NAMES)
def test_every_shape_is_documented_in_both_languages(shape: str) -> None:
    g = load_shapes_graph()
    node = rdflib.URIRef(shape)
    assert {m.language for m in g.objects(node, SH.message)} >= {"nb", "en"}
    assert {m.language for m in g.objects(node, RDFS.label)} >= {"nb", "en"}
    assert g.value(node, RDFS.comment) is not None
    assert list(g.objects(node, DCTERMS.source))
    assert g.value(node, SH.severity) in (SH.Violation, SH.Warning, SH.Info)


def test_every_shape_is_named_and_listed_in_the_readme() -> None:
    g = load_shapes_graph()
    top = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    assert all(isinstance(s, rdflib.URIRef) for s in top), "every shape has an IRI, so reports can name it"
    readme = (shapes_dir() / "README.md").read_text(encoding="utf-8")
    missing = [name for name in NAMES if f"`lgsh:{name}`" not in readme]
    assert not missing, f"shapes/README.md lacks {missing}"


def test_privacy_rules_are_violations() -> None:
    privacy = [i for i in shape_catalogue().values() if i.concern == "privacy"]
    assert privacy and all(i.severity == SH.Violation for i in privacy)


def test_shapes_graph_is_valid_against_shacl_for_shacl() -> None:
    """The W3C SHACL-for-SHACL shapes as pyshacl ships them (W3C licence; not vendored here)."""
    shsh_path = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    shsh = rdflib.Graph().parse(shsh_path, format="turtle")
    conforms, _, text = pyshacl.validate(load_shapes_graph(), shacl_graph=shsh, inference="none")
    assert conforms, text


def test_a_broken_shape_fails_shacl_for_shacl() -> None:
    shsh = rdflib.Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")
    broken = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:Shape> a sh:PropertyShape ; sh:path <urn:x:p> ; sh:minCount "one" .""", format="turtle")
    conforms, _, _ = pyshacl.validate(broken, shacl_graph=shsh, inference="none")
    assert not conforms


@pytest.mark.parametrize("name", NAMES)
def test_every_shape_has_both_fixtures(name: str) -> None:
    assert (FIXTURES / "valid" / f"{name}.ttl").is_file()
    assert (FIXTURES / "invalid" / f"{name}.ttl").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_valid_fixture_conforms_to_its_shape(fixture_dataset: Dataset, name: str) -> None:
    report = validate_setup(fixture_dataset, fixture_graph("valid", name))
    assert LGSH + name not in {str(f.shape) for f in report.findings}


@pytest.mark.parametrize("name", NAMES)
def test_invalid_fixture_breaks_its_shape(fixture_dataset: Dataset, name: str) -> None:
    report = validate_setup(fixture_dataset, fixture_graph("invalid", name))
    hits = [f for f in report.findings if str(f.shape) == LGSH + name]
    assert hits
    assert all(f.severity == shape_catalogue()[LGSH + name].severity for f in hits)


def test_a_unit_linked_to_no_ppt_is_reported_at_the_actor_whose_duty_it_is(fixture_dataset: Dataset) -> None:
    """The PPT's duty to every kindergarten and school is the municipality's (barnehageloven § 33,
    opplæringslova 2023 ch. 11), and for the upper secondary schools the county authority's: the finding
    names that actor as focus node and the unit as value, never the unit as if the duty were its own."""
    report = validate_setup(fixture_dataset, fixture_graph("invalid", "UnitServedByPPT"))
    unit = "https://w3id.org/laget/id/unit/test/invalid/UnitServedByPPT/"
    hits = {(str(f.focus), str(f.value)) for f in report.findings if str(f.shape) == LGSH + "UnitServedByPPT"}
    assert hits == {("https://w3id.org/laget/id/kommune/3201", unit + "skole"),
                    ("https://w3id.org/laget/id/fylkeskommune/32", unit + "vgs")}
