"""The datasets describe themselves: /.well-known/void on a real server on loopback, parsed with
rdflib and validated with pyshacl against DCAT-AP-NO's mandatory properties
(sparql/catalogue-shapes.ttl); every distribution it lists downloads; the Service Description
includes it; the concept schemes carry SKOS-AP-NO's collection metadata."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import httpx
import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID

from laget_graph.ingest import load_bundled
from laget_graph.namespaces import GRAPH_ONTOLOGY, LGG_IRI
from laget_graph.store import Store
from laget_graph.versions import is_current
from tests.conftest import LiveServer
from tests.sparql.conftest import TOKEN, settings_for

SHAPES = Path(__file__).resolve().parents[1] / "src" / "laget_graph" / "sparql" / "catalogue-shapes.ttl"
EU = "http://publications.europa.eu/resource/authority/"
PUBLISHER = rdflib.URIRef("https://w3id.org/laget/id/laget-graph")
FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdfxml": "xml"}


def catalogue(url: str, accept: str = "text/turtle") -> rdflib.Graph:
    response = httpx.get(f"{url}/.well-known/void", headers={"Accept": accept})
    assert response.status_code == 200, response.text
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
           "application/rdf+xml": "xml"}[accept]
    return rdflib.Graph().parse(data=response.text, format=fmt)


def conforms(data: rdflib.Graph, shapes: rdflib.Graph, warnings_fail: bool = True) -> tuple[bool, str]:
    """Our own shapes: not even a warning (what DCAT-AP-NO 3 adds). The published ones: no violation."""
    ok, _, text = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=not warnings_fail)
    return ok, text


def test_the_catalogue_meets_dcat_ap_no_and_lists_every_graph(live_server, bundled_store) -> None:  # type: ignore[no-untyped-def]
    g = catalogue(live_server.url)
    ok, report = conforms(g, rdflib.Graph().parse(SHAPES))
    assert ok, report
    datasets = set(g.subjects(RDF.type, DCAT.Dataset))
    # every current named graph, plus the union (earlier versions and histories: /api/setups/…/history)
    counts = {info.iri: info.triples for info in bundled_store.graphs() if is_current(info.iri)}
    assert {rdflib.URIRef(i) for i in counts} <= datasets
    assert not {d for d in datasets if "/graph/history/" in d or "/graph/version/" in d}
    for iri, triples in counts.items():
        ds = rdflib.URIRef(iri)
        assert int(g.value(ds, VOID.triples)) == triples
        assert {t.language for t in g.objects(ds, DCTERMS.title)} == {"nb", "en"}
        assert {t.language for t in g.objects(ds, DCTERMS.description)} == {"nb", "en"}
        assert g.value(ds, DCTERMS.license) == rdflib.URIRef(EU + "licence/CC_BY_4_0")
        assert g.value(ds, DCTERMS.publisher) == PUBLISHER
        assert g.value(ds, VOID.sparqlEndpoint) == rdflib.URIRef(f"{live_server.url}/sparql")
        assert rdflib.URIRef("https://w3id.org/laget/def#") in set(g.objects(ds, VOID.vocabulary))
        assert len(list(g.objects(ds, DCAT.distribution))) == 4
    ontology = rdflib.URIRef(GRAPH_ONTOLOGY)
    assert str(g.value(ontology, DCTERMS.title, any=True)) in {"Ontologi for laget rundt barnet",
                                                                "Ontology of the team around the child"}
    reference = rdflib.URIRef(LGG_IRI + "reference")
    assert set(g.objects(reference, DCTERMS.hasPart)) == {rdflib.URIRef("https://w3id.org/laget/id/dataset/state"),
                                                          rdflib.URIRef("https://w3id.org/laget/id/dataset/counties-municipalities")}
    sources = set(g.objects(reference, rdflib.PROV.wasDerivedFrom))  # its sources (documents, not datasets)
    assert rdflib.URIRef("https://www.ssb.no/klass/klassifikasjoner/131") in sources
    assert str(g.value(reference, DCTERMS.modified)) == "2026-11-26"  # the date the data states
    assert {str(n) for n in g.objects(PUBLISHER, FOAF.name)} == {"laget-graph-prosjektet", "the laget-graph project"}
    service = rdflib.URIRef(f"{live_server.url}/sparql")
    assert g.value(service, DCAT.endpointURL) == service and (service, RDF.type, DCAT.DataService) in g
    union = rdflib.URIRef(f"{live_server.url}/.well-known/void#dataset")
    assert int(g.value(union, VOID.triples)) == sum(counts.values())


def test_the_shapes_can_fail(live_server) -> None:  # type: ignore[no-untyped-def]
    g = catalogue(live_server.url)
    g.remove((rdflib.URIRef(LGG_IRI + "reference"), DCTERMS.publisher, None))
    g.remove((None, DCAT.theme, None))
    ok, report = conforms(g, rdflib.Graph().parse(SHAPES))
    assert not ok and "dcterms:publisher" in report and "dcat:theme" in report


def test_every_distribution_downloads_in_its_format(live_server) -> None:  # type: ignore[no-untyped-def]
    g = catalogue(live_server.url)
    for distribution in g.subjects(RDF.type, DCAT.Distribution):
        url = str(g.value(distribution, DCAT.downloadURL))
        assert url.startswith(live_server.url)
        response = httpx.get(url)
        assert response.status_code == 200, url
        media = str(g.value(distribution, DCAT.mediaType)).rsplit("/media-types/", 1)[1]
        assert response.headers["content-type"].startswith(media)
        if "/graphs/ontology?" in url or "/graphs/setup/3201?" in url:  # parse a few, in every format
            fmt = FORMATS[url.rsplit("format=", 1)[1]]
            assert len(rdflib.Graph().parse(data=response.text, format=fmt)) > 100


def test_every_rdf_format_and_the_page(live_server) -> None:  # type: ignore[no-untyped-def]
    graphs = [catalogue(live_server.url, media) for media in
              ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")]
    assert all(len(g) == len(graphs[0]) for g in graphs)
    page = httpx.get(f"{live_server.url}/.well-known/void?lang=en", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "The team around the child as a knowledge graph" in page.text
    assert 'href="/graph/setup/3201"' in page.text  # each dataset's page in the app
    dataset_page = httpx.get(f"{live_server.url}/graph/setup/3201?lang=en", headers={"Accept": "text/html"})
    assert dataset_page.status_code == 200 and "/graphs/setup/3201?format=ttl" in dataset_page.text
    as_rdf = rdflib.Graph().parse(data=httpx.get(f"{live_server.url}/graph/setup/3201?format=ttl").text,
                                  format="turtle")
    assert (rdflib.URIRef(LGG_IRI + "setup/3201"), RDF.type, DCAT.Dataset) in as_rdf
    publisher = httpx.get(f"{live_server.url}/id/laget-graph?format=ttl")
    assert publisher.status_code == 200 and "the laget-graph project" in publisher.text
    hrefs = re.findall(r'href="([^"]+)"', page.text)
    followed = {h for h in hrefs if h.startswith(("/graph/", "/resource?", "/id/"))}
    assert len(followed) > 5
    for href in followed:  # every resource the catalogue page links to has a page of its own
        answer = httpx.get(live_server.url + html.unescape(href), headers={"Accept": "text/html"})
        assert answer.status_code == 200, href


def test_the_service_description_includes_the_catalogue(live_server) -> None:  # type: ignore[no-untyped-def]
    sd = rdflib.Graph().parse(data=httpx.get(f"{live_server.url}/sparql", headers={"Accept": "text/turtle"}).text,
                              format="turtle")
    service = rdflib.URIRef(f"{live_server.url}/sparql")
    assert (service, rdflib.RDFS.seeAlso, rdflib.URIRef(f"{live_server.url}/.well-known/void")) in sd
    assert (service, RDF.type, DCAT.DataService) in sd
    assert (rdflib.URIRef(LGG_IRI + "setup/3201"), RDF.type, DCAT.Dataset) in sd


def test_a_graph_changed_while_serving_gets_a_modified_time(tmp_path: Path) -> None:
    store = Store(None)
    load_bundled(store)
    with LiveServer(settings_for(tmp_path, update_token=TOKEN), store) as server:
        before = catalogue(server.url)
        assert before.value(rdflib.URIRef(LGG_IRI + "setup/3201"), DCTERMS.modified) is None  # nothing stated
        response = httpx.post(f"{server.url}/sparql/graphs", params={"graph": "setup/3201"},
                              headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"},
                              content="<https://w3id.org/laget/id/unit/3201/new> a "
                                      "<https://w3id.org/laget/def#School> .")
        assert response.status_code == 204
        after = catalogue(server.url)
        modified = after.value(rdflib.URIRef(LGG_IRI + "setup/3201"), DCTERMS.modified)
        assert modified is not None and modified.datatype == rdflib.XSD.dateTime
        assert int(after.value(rdflib.URIRef(LGG_IRI + "setup/3201"), VOID.triples)) == \
            int(before.value(rdflib.URIRef(LGG_IRI + "setup/3201"), VOID.triples)) + 1


def test_the_concept_schemes_carry_skos_ap_no_collection_metadata(live_server, bundled_store) -> None:  # type: ignore[no-untyped-def]
    data = rdflib.Graph()
    data.parse(data=bundled_store.export(GRAPH_ONTOLOGY, "nt").decode(), format="nt")
    schemes = set(data.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 6  # areas, tiers, target groups, statuses, responsibilities, measure kinds
    data += catalogue(live_server.url)  # the publisher is described there
    ok, report = conforms(data, rdflib.Graph().parse(SHAPES))
    assert ok, report
    for scheme in schemes:
        assert str(data.value(scheme, DCTERMS.identifier)) == str(scheme)


@pytest.mark.skipif(not os.environ.get("LAGET_DCAT_AP_NO_SHAPES"),
                    reason="set LAGET_DCAT_AP_NO_SHAPES to a copy of DCAT-AP-NO's published SHACL shapes "
                           "(DCAT-AP-NO-shacl_shapes_2.00.ttl); they are not in the repository")
def test_the_catalogue_meets_the_published_dcat_ap_no_shapes(live_server) -> None:  # type: ignore[no-untyped-def]
    shapes = rdflib.Graph().parse(os.environ["LAGET_DCAT_AP_NO_SHAPES"])
    ok, report = conforms(catalogue(live_server.url), shapes, warnings_fail=False)
    assert ok, report
