"""The compiled SPARQL engine against pyshacl, and the compiler's choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.validation.compiler import compile_shapes
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import plan, validate_merged, validate_setup
from laget_graph.validation.report import Report
from laget_graph.validation.shapes import load_shapes_graph
from laget_graph.web.reports import render

from .conftest import LGSH


def keys(report) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {f.key for f in report.findings}


def test_the_compiler_handles_every_bundled_shape() -> None:
    compiled, fallbacks = compile_shapes(load_shapes_graph())
    assert fallbacks == []
    assert {str(c.shape) for c in compiled} == {s for s in _named_shapes()}


def _named_shapes() -> set[str]:
    from laget_graph.validation.shapes import shape_catalogue

    return set(shape_catalogue())


def test_not_exists_becomes_minus_and_classes_follow_subclass() -> None:
    queries = {str(c.shape): c.query for c in plan().compiled}
    need = queries[LGSH + "NeedCoveredAtTier1"]
    # every FILTER NOT EXISTS group becomes MINUS; a NOT EXISTS inside an OR (the setup marker's "or any
    # coverage when the need has no marker") has no MINUS form and stays
    assert need.count("MINUS") == 2 and "FILTER NOT EXISTS" not in need
    assert "rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*" in queries[LGSH + "UnitServedByPPT"]


# The compiled engine against plain pyshacl on every fixture and both examples: tests/validation/test_any_engine.py


def test_subclass_instances_count_for_the_class() -> None:
    """An inter-municipal PPT is a PPT (rdf:type/rdfs:subClassOf*)."""
    ds = Dataset()
    data = b"""<https://w3id.org/laget/id/unit/t/ippt> a <https://w3id.org/laget/def#InterMunicipalPPT> ;
        <https://w3id.org/laget/def#serves> <https://w3id.org/laget/id/kommune/3201> .
        <https://w3id.org/laget/id/dataset/t> <https://w3id.org/laget/def#describesMunicipality>
            <https://w3id.org/laget/id/kommune/3201> ."""
    [setup] = ds.add(parse_rdf(data, rdf_format_for("x.ttl"), None, "ippt.ttl"))
    shapes = {str(f.shape) for f in validate_setup(ds, setup).findings}
    assert LGSH + "MunicipalityHasChildWelfare" in shapes  # the setup describes the municipality …
    assert LGSH + "MunicipalityHasPPT" not in shapes  # … and has its PPT


@pytest.mark.slow  # pyshacl over the ontology and reference data, ~5 s a number (the compiled engine
# alone checks the digit on the fixtures in tests/validation/test_shapes.py)
@pytest.mark.parametrize(("number", "valid"), [
    ("974760673", True),   # Brønnøysundregistrene
    ("974760674", False),  # wrong check digit
    ("100100010", True),   # remainder 11 → check digit 0
    ("100100070", False),  # remainder 10 → no number can have it
])
def test_organisation_number_check_digit(number: str, valid: bool) -> None:
    ds = Dataset()
    data = f'<https://w3id.org/laget/id/unit/t/x> <https://w3id.org/laget/def#organisationNumber> "{number}" .'
    [setup] = ds.add(parse_rdf(data.encode(), rdf_format_for("x.nt"), None, "orgnr.nt"))
    for engine in ("compiled", "pyshacl"):
        found = {str(f.shape) for f in validate_setup(ds, setup, engine).findings}
        assert (LGSH + "OrganisationNumberCheckDigit" not in found) == valid, engine


def test_a_shape_the_compiler_cannot_handle_runs_on_pyshacl_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "odd.ttl").write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix lg: <https://w3id.org/laget/def#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:test:LabelEqualsNote> a sh:PropertyShape ;
            sh:targetClass lg:PPT ; sh:path rdfs:label ; sh:equals rdfs:comment .
        <urn:test:HasLabel> a sh:PropertyShape ; sh:targetClass lg:PPT ; sh:path rdfs:label ; sh:minCount 1 .
    """, encoding="utf-8")
    _, fallbacks = compile_shapes(load_shapes_graph(tmp_path))
    assert [str(f.shape) for f in fallbacks] == ["urn:test:LabelEqualsNote"]
    assert "sh:equals" in fallbacks[0].reason
    ds = Dataset()
    data = b'<https://w3id.org/laget/id/unit/t/ppt> a <https://w3id.org/laget/def#PPT> ; ' \
           b'<http://www.w3.org/2000/01/rdf-schema#label> "PPT" .'
    [setup] = ds.add(parse_rdf(data, rdf_format_for("x.ttl"), None, "ppt.ttl"))
    report = validate_setup(ds, setup, shapes=tmp_path)
    assert {str(f.shape) for f in report.findings} == {"urn:test:LabelEqualsNote"}
    assert [f.shape for f in report.fallbacks] == ["urn:test:LabelEqualsNote"]
    assert "pyshacl" in render(Report(setups=[report]), "text", "en")
    # the merged path of a big run gives the same, setup by setup
    other = b'<https://w3id.org/laget/id/unit/u/ppt> a <https://w3id.org/laget/def#PPT> ; ' \
            b'<http://www.w3.org/2000/01/rdf-schema#label> "PPT U" ; ' \
            b'<http://www.w3.org/2000/01/rdf-schema#comment> "PPT U" .'
    [second] = ds.add(parse_rdf(other, rdf_format_for("y.ttl"), None, "ppt-u.ttl"))
    merged = {r.graph: r for r in validate_merged(ds, shapes=tmp_path).setups}
    assert {str(f.focus) for f in merged[setup].findings} == {"https://w3id.org/laget/id/unit/t/ppt"}
    assert merged[second].findings == []
    assert [f.shape for f in merged[second].fallbacks] == ["urn:test:LabelEqualsNote"]


def test_revalidating_one_changed_setup_leaves_the_others(example_dataset: Dataset, tmp_path: Path) -> None:
    ds = Dataset()
    for setup, source in example_dataset.setups.items():
        ds.add(parse_rdf(Path(source), rdf_format_for(source), setup, source))
    before = {s: keys(validate_setup(ds, s)) for s in ds.setups}
    baerum = next(s for s in ds.setups if s.endswith("/3201"))
    changed = tmp_path / "baerum.ttl"
    changed.write_text(Path(ds.setups[baerum]).read_text(encoding="utf-8") +
                       '\n<https://w3id.org/laget/id/unit/3201/ppt> '
                       '<https://w3id.org/laget/def#organisationNumber> "974760674" .\n', encoding="utf-8")
    ds.replace(parse_rdf(changed, rdf_format_for(changed), baerum, str(changed)))
    after = keys(validate_setup(ds, baerum))
    assert after - before[baerum] == {("https://w3id.org/laget/id/unit/3201/ppt",
                                       LGSH + "OrganisationNumberCheckDigit",
                                       "http://www.w3.org/ns/shacl#Violation")}
    assert set(ds.setups) == set(before)
