"""Linked data, the editor's choices and the dataset catalogue through laget-graph over Virtuoso Open
Source 7, against the embedded store with the same data: the descriptions (blank nodes included),
the catalogue's DCAT-AP-NO shapes and counts, and the Service Description that includes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pyshacl
import pytest
import rdflib
import rdflib.compare

from laget_graph.store import Store
from laget_graph.store_external import ExternalSparqlStore
from tests.conftest import LiveServer
from tests.sparql.conftest import serve, settings_for

pytestmark = [pytest.mark.store, pytest.mark.slow]

SHAPES = Path(__file__).resolve().parents[2] / "src" / "laget_graph" / "sparql" / "catalogue-shapes.ttl"
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


@pytest.fixture(scope="module")
def servers(on_virtuoso: ExternalSparqlStore, embedded: Store,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, LiveServer]]:
    with serve(settings_for(tmp_path_factory.mktemp("virtuoso-research")), on_virtuoso) as theirs, \
            serve(settings_for(tmp_path_factory.mktemp("embedded-research")), embedded) as ours:
        yield ours, theirs


def rdf(url: str) -> rdflib.Graph:
    response = httpx.get(url, headers={"Accept": "text/turtle"}, timeout=60)
    assert response.status_code == 200, response.text
    return rdflib.Graph().parse(data=response.text, format="turtle")


@pytest.mark.parametrize("path", ["/id/kommune/3201", "/def/Owner", "/def/fundsActivity", "/tier/2", "/id/fylke/34"])
def test_resources_resolve_to_the_same_rdf(servers, path: str) -> None:  # type: ignore[no-untyped-def]
    ours, theirs = (rdf(server.url + path) for server in servers)
    assert len(ours) > 3 and rdflib.compare.isomorphic(ours, theirs)  # blank nodes included


def test_choices_are_the_same(servers) -> None:  # type: ignore[no-untyped-def]
    path = "/api/queries/coverage-by-area-tier/choices/municipality?lang=nb"
    ours, theirs = (httpx.get(server.url + path, timeout=60).json() for server in servers)
    assert ours == theirs and len(ours) == 357


def test_the_catalogue_and_the_service_description(servers) -> None:  # type: ignore[no-untyped-def]
    ours, theirs = (rdf(f"{server.url}/.well-known/void") for server in servers)
    ok, _, report = pyshacl.validate(theirs, shacl_graph=rdflib.Graph().parse(SHAPES))
    assert ok, report
    counts = [{str(s): int(o) for s, o in g.subject_objects(VOID.triples) if str(s).startswith("https://w3id.org/")}
              for g in (ours, theirs)]
    assert counts[0] == counts[1] and len(counts[0]) > 4
    vocabularies = [{(str(s), str(o)) for s, o in g.subject_objects(VOID.vocabulary)
                     if str(s).startswith("https://w3id.org/")} for g in (ours, theirs)]
    assert vocabularies[0] == vocabularies[1]
    described = rdf(f"{servers[1].url}/sparql")
    assert (rdflib.URIRef("https://w3id.org/laget/graph/reference"), rdflib.RDF.type, rdflib.DCAT.Dataset) in described
