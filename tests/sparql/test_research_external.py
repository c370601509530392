"""Linked data, the editor's choices and vocabulary, and the catalogue on an external SPARQL 1.1
database (a real ``oxigraph serve`` on loopback) answer as on the embedded store: everything is read
with SPARQL through the same guarded service."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pyshacl
import pytest
import rdflib
import rdflib.compare

from laget_graph.store_external import ExternalSparqlStore
from tests.conftest import LiveServer

from .conftest import settings_for

SHAPES = Path(__file__).resolve().parents[2] / "src" / "laget_graph" / "sparql" / "catalogue-shapes.ttl"


@pytest.fixture(scope="module")
def external_server(external: ExternalSparqlStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    app_settings = replace(settings_for(tmp_path_factory.mktemp("external")), sparql_url=external.query_url)
    with LiveServer(app_settings, external) as server:  # type: ignore[arg-type]
        yield server


def rdf(url: str) -> rdflib.Graph:
    response = httpx.get(url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    return rdflib.Graph().parse(data=response.text, format="turtle")


@pytest.mark.parametrize("path", ["/id/kommune/3201", "/def", "/def/Owner", "/def/fundsActivity", "/area/", "/tier/2",
                                  "/id/fylke/34"])
def test_resources_resolve_to_the_same_rdf(external_server, live_server, path: str) -> None:  # type: ignore[no-untyped-def]
    ours, theirs = rdf(live_server.url + path), rdf(external_server.url + path)
    assert len(ours) > 3 and rdflib.compare.isomorphic(ours, theirs)  # blank nodes included


def test_the_page_shows_the_same_links_in(external_server, live_server) -> None:  # type: ignore[no-untyped-def]
    pages = [httpx.get(f"{server.url}/id/fylke/34?lang=en", headers={"Accept": "text/html"}).text
             for server in (live_server, external_server)]
    for page in pages:
        assert 'href="/id/kommune/3407"' in page and "<h1>Innlandet</h1>" in page


def test_choices_and_vocabulary_are_the_same(external_server, live_server) -> None:  # type: ignore[no-untyped-def]
    for path in ("/api/queries/coverage-by-area-tier/choices/municipality?lang=nb",
                 "/api/queries/coverage-by-area-tier/choices/area?lang=en", "/api/vocabulary"):
        ours, theirs = (httpx.get(server.url + path).json() for server in (live_server, external_server))
        if isinstance(ours, dict):
            ours, theirs = {k: sorted(v) for k, v in ours.items()}, {k: sorted(v) for k, v in theirs.items()}
        assert ours == theirs and ours


def test_the_catalogue_meets_dcat_ap_no_on_the_external_store(external_server, live_server) -> None:  # type: ignore[no-untyped-def]
    theirs = rdf(f"{external_server.url}/.well-known/void")
    ok, _, report = pyshacl.validate(theirs, shacl_graph=rdflib.Graph().parse(SHAPES))
    assert ok, report
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    counts = [{str(s): int(o) for s, o in g.subject_objects(void.triples) if str(s).startswith("https://w3id.org/")}
              for g in (rdf(f"{live_server.url}/.well-known/void"), theirs)]
    assert counts[0] == counts[1] and len(counts[0]) == 4
