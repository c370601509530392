"""The shapes hold outside our engine: plain pyshacl, given a setup file, the ontology and the reference
data and nothing else (no rewritten targets, no filtering of its results), reports exactly the
(focus node, shape, severity) findings of ``laget validate``."""

from __future__ import annotations

import functools
from pathlib import Path

import pyshacl
import pytest
import rdflib

from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.resources import example_files, ontology_files, reference_files
from laget_graph.synth import generate
from laget_graph.validation.dataset import SKOLEM_BASE, Dataset
from laget_graph.validation.engine import plan, validate
from laget_graph.validation.reference import findings_from_report
from laget_graph.validation.shapes import load_shapes_graph

from .conftest import FIXTURES

Key = tuple[str, str, str]
FIXTURE_FILES = sorted(p for kind in ("valid", "invalid") for p in (FIXTURES / kind).glob("*.ttl"))


def _base() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in (*ontology_files(), *reference_files()):
        g.parse(path, format="turtle")
    return g


BASE = _base()


def _blank(node: str) -> str:
    """A blank node has no name both validators share; compare it as 'some blank node'."""
    return "_:blank" if node.startswith(SKOLEM_BASE) or not node.startswith(("http:", "https:", "urn:")) else node


def plain_pyshacl(files: list[Path]) -> set[Key]:
    g = rdflib.Graph()
    g += BASE
    for path in files:
        g.parse(path, format="turtle")
    _, report, _ = pyshacl.validate(g, shacl_graph=load_shapes_graph(), inference="none", advanced=False,
                                    allow_warnings=True)
    return {(_blank(str(f.focus)), str(f.shape), str(f.severity)) for f in findings_from_report(report)}


def laget(files: list[Path]) -> set[Key]:
    """``laget validate`` on these files in one run: every setup's findings together."""
    ds = Dataset()
    for path in files:
        ds.add(parse_rdf(path, rdf_format_for(path), None, str(path)))
    keys = {f.key for r in validate(ds).setups for f in r.findings}
    return {(_blank(focus), shape, severity) for focus, shape, severity in keys}


@functools.cache
def plain_pyshacl_on_example(path: Path) -> frozenset[Key]:
    """Plain pyshacl on one example, once per run: two tests read Bærum's (~20 s each on two cores)."""
    return frozenset(plain_pyshacl([path]))


@pytest.mark.slow
@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_each_example(path: Path) -> None:
    ours = laget([path])
    assert ours
    assert plain_pyshacl_on_example(path) == ours


@pytest.fixture(scope="module")
def pyshacl_on_each_fixture() -> dict[Path, set[Key]]:
    """Plain pyshacl on every fixture, in two processes: each run is ~7 s of pyshacl over the ontology
    and reference data, so the machine's two cores halve the wait. The comparisons stay one test each."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        return dict(zip(FIXTURE_FILES, pool.map(plain_pyshacl, [[p] for p in FIXTURE_FILES]), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_shape_fixture(path: Path, pyshacl_on_each_fixture: dict[Path, set[Key]]) -> None:
    assert pyshacl_on_each_fixture[path] == laget([path])


@pytest.mark.slow
def test_the_municipality_rules_fire_only_on_described_municipalities() -> None:
    """The reference data's 357 municipalities are in the data graph, but only Bærum is described."""
    baerum = next(p for p in example_files() if p.name == "baerum.ttl")
    municipalities = {k[0] for k in plain_pyshacl_on_example(baerum) if "/kommune/" in k[0]}
    assert municipalities <= {"https://w3id.org/laget/id/kommune/3201"}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Vestfold (39, six municipalities) with planted faults of every kind but one."""
    out = tmp_path_factory.mktemp("synth-39")
    generate(out, scale="county", county="39", seed=5, defect_rate=0.08)
    return sorted((out / "setups").glob("*.ttl"))


@pytest.mark.slow
def test_each_setup_of_a_synthetic_county(county: list[Path]) -> None:
    found: set[Key] = set()
    for path in county:
        ours = laget([path])
        assert plain_pyshacl([path]) == ours, path.name
        found |= ours
    assert sum(1 for k in found if k[2].endswith("Violation")) > 3


@pytest.mark.slow
def test_a_synthetic_county_in_one_run(county: list[Path]) -> None:
    """The whole county at once. The team-scoped shapes ("someone in the team covers …") read the setup
    marker synth puts on needs and coverage (lg:inSetup), so pyshacl over everything answers each team's
    question as laget does setup by setup: the same findings, with no shape left out."""
    assert any(not c.local for c in plan().compiled)  # the team-scoped shapes are part of the comparison
    assert plain_pyshacl(county) == laget(county)
