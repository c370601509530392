"""Linked data you can follow: minted IRIs resolve on a real server on loopback, to a page for browsers
and to RDF by Accept or ?format=, parsed back with rdflib; the w3id.org rules in docs/w3id/.htaccess
lead to those same paths."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

import httpx
import pyoxigraph as ox
import pytest
import rdflib
import rdflib.collection
import rdflib.compare

from laget_graph.namespaces import LG_IRI, ONTOLOGY_IRI
from laget_graph.store import Store
from laget_graph.web.resources import local_path
from tests.conftest import REPO

W3ID = "https://w3id.org/laget/"
RDF_MEDIA = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
             "application/rdf+xml": "xml"}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
MINTED_ROOTS = ("id/", "area/", "tier/", "target-group/", "responsibility/", "status/")


def minted_iris(store: Store) -> list[str]:
    """Every IRI under the minted namespaces that the bundled data states something about."""
    found = {s.value for s in store.oxigraph.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")
             for s in [s["s"]] if isinstance(s, ox.NamedNode)}
    return sorted(i for i in found
                  if i == ONTOLOGY_IRI or i.startswith(LG_IRI) or
                  (i.startswith(W3ID) and i[len(W3ID):].startswith(MINTED_ROOTS)))


def sample(iris: list[str]) -> list[str]:
    """Every term, concept and scheme, and the first few IRIs of each kind of instance path."""
    kept, per_kind = [], {}
    for iri in iris:
        rest = iri[len(W3ID):]
        if not rest.startswith("id/"):
            kept.append(iri)
            continue
        kind = "/".join(rest.split("/")[:2])
        per_kind[kind] = per_kind.get(kind, 0) + 1
        if per_kind[kind] <= 3:
            kept.append(iri)
    return kept


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value:
                self.hrefs.append(value)


def links_in(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def test_every_minted_iri_resolves_to_rdf_about_it(live_server, bundled_store) -> None:  # type: ignore[no-untyped-def]
    iris = sample(minted_iris(bundled_store))
    assert len(iris) > 150 and any("/def#" in i for i in iris) and any("/area/" in i for i in iris)
    failures = []
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        for iri in iris:
            response = client.get(local_path(iri), headers={"Accept": "text/turtle"})
            if response.status_code != 200:
                failures.append((iri, response.status_code))
                continue
            graph = rdflib.Graph().parse(data=response.text, format="turtle")
            if not list(graph.predicate_objects(rdflib.URIRef(iri))):
                failures.append((iri, "no statement about it"))
    assert failures == []


@pytest.mark.parametrize("path", ["/id/kommune/3201", "/def/Municipality", "/area/traumer", "/tier/",
                                  "/id/fylke/34"])
def test_a_browser_gets_a_page_with_labels_types_and_links_inside_the_app(live_server, path: str) -> None:  # type: ignore[no-untyped-def]
    response = httpx.get(f"{live_server.url}{path}?lang=en", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Accept" in response.headers["vary"]
    hrefs = links_in(response.text)
    assert [h for h in hrefs if urlparse(h).netloc] == []  # every link stays inside the app, none to w3id.org
    assert any(h.startswith("/sparql?lang=en#query=") for h in hrefs)  # open in the query editor
    assert any("?format=ttl" in h for h in hrefs) and any("?format=jsonld" in h for h in hrefs)


def test_the_page_shows_both_labels_the_type_the_graph_and_what_links_in(live_server) -> None:  # type: ignore[no-untyped-def]
    page = httpx.get(f"{live_server.url}/id/fylke/34?lang=en", headers={"Accept": BROWSER_ACCEPT}).text
    assert "<h1>Innlandet</h1>" in page
    assert 'href="/def/County"' in page  # the type, in the app
    assert 'href="/graph/reference"' in page  # the named graph it comes from
    assert 'href="/id/kommune/3407"' in page  # Gjøvik points here with lg:county
    municipality = httpx.get(f"{live_server.url}/id/kommune/3201?lang=en", headers={"Accept": BROWSER_ACCEPT}).text
    assert 'id="team-page" href="/kommune/3201"' in municipality  # the coordinators' page of the same municipality
    assert 'id="team-page"' not in page
    concept = httpx.get(f"{live_server.url}/tier/2?lang=nb", headers={"Accept": BROWSER_ACCEPT}).text
    assert "Nivå 2" in concept and "Tier 2" in concept  # the label in nb and in en


def test_each_rdf_format_by_accept_and_by_format_gives_the_same_graph(live_server) -> None:  # type: ignore[no-untyped-def]
    graphs = []
    for media, parser in RDF_MEDIA.items():
        by_accept = httpx.get(f"{live_server.url}/id/kommune/3201", headers={"Accept": media})
        assert by_accept.status_code == 200 and by_accept.headers["content-type"].startswith(media)
        assert by_accept.headers["content-location"].startswith("/id/kommune/3201?format=")
        graphs.append(rdflib.Graph().parse(data=by_accept.text, format=parser))
    short = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
             "application/rdf+xml": "rdfxml"}
    for media, name in short.items():
        by_format = httpx.get(f"{live_server.url}/id/kommune/3201?format={name}", headers={"Accept": "text/html"})
        assert by_format.headers["content-type"].startswith(media)
        graphs.append(rdflib.Graph().parse(data=by_format.text, format=RDF_MEDIA[media]))
    first = graphs[0]
    assert len(first) > 10
    assert (rdflib.URIRef(f"{W3ID}id/kommune/3201"), rdflib.RDFS.label, rdflib.Literal("Bærum", lang="nb")) in first
    assert all(rdflib.compare.isomorphic(first, g) for g in graphs[1:])


def test_blank_nodes_travel_with_a_term(live_server) -> None:  # type: ignore[no-untyped-def]
    """lg:Owner is defined by a restriction; lg:fundsActivity's range is a union (a list)."""
    owner = rdflib.Graph().parse(data=httpx.get(f"{live_server.url}/def/Owner?format=ttl").text, format="turtle")
    restriction = owner.value(rdflib.URIRef(LG_IRI + "Owner"), rdflib.OWL.equivalentClass)
    assert owner.value(restriction, rdflib.OWL.someValuesFrom) == rdflib.URIRef(LG_IRI + "EducationalUnit")
    funded = rdflib.Graph().parse(data=httpx.get(f"{live_server.url}/def/fundsActivity?format=nt").text, format="nt")
    domain = funded.value(rdflib.URIRef(LG_IRI + "fundsActivity"), rdflib.RDFS.range)
    members = list(rdflib.collection.Collection(funded, funded.value(domain, rdflib.OWL.unionOf)))
    assert rdflib.URIRef(LG_IRI + "CompetenceMeasure") in members and len(members) >= 2


def test_the_ontology_document_holds_every_term_and_the_page_an_anchor_each(live_server) -> None:  # type: ignore[no-untyped-def]
    graph = rdflib.Graph().parse(data=httpx.get(f"{live_server.url}/def", headers={"Accept": "text/turtle"}).text,
                                 format="turtle")
    assert (rdflib.URIRef(LG_IRI + "Municipality"), rdflib.RDF.type, rdflib.OWL.Class) in graph
    assert (rdflib.URIRef(ONTOLOGY_IRI), rdflib.RDF.type, rdflib.OWL.Ontology) in graph
    page = httpx.get(f"{live_server.url}/def", headers={"Accept": BROWSER_ACCEPT}).text
    assert 'id="Municipality"' in page  # https://w3id.org/laget/def#Municipality lands on its row


def test_head_answers_like_get_without_a_body(live_server) -> None:  # type: ignore[no-untyped-def]
    head = httpx.head(f"{live_server.url}/id/kommune/3201", headers={"Accept": "application/ld+json"})
    assert head.status_code == 200 and head.headers["content-type"].startswith("application/ld+json")
    assert head.content == b""
    assert httpx.head(f"{live_server.url}/id/kommune/0000").status_code == 404
    assert httpx.head(f"{live_server.url}/.well-known/void").status_code == 200


def test_negotiation_defaults_and_refusals(live_server) -> None:  # type: ignore[no-untyped-def]
    anything = httpx.get(f"{live_server.url}/id/kommune/3201", headers={"Accept": "*/*"})
    assert anything.headers["content-type"].startswith("text/turtle")  # curl and RDF tools get RDF
    assert httpx.get(f"{live_server.url}/id/kommune/3201", headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(f"{live_server.url}/id/kommune/3201?format=docx").status_code == 400
    missing = httpx.get(f"{live_server.url}/id/kommune/0000", headers={"Accept": BROWSER_ACCEPT})
    assert missing.status_code == 404 and 'id="not-found"' in missing.text
    assert httpx.get(f"{live_server.url}/id/kommune/0000?format=ttl").status_code == 404
    assert httpx.get(f"{live_server.url}/resource").status_code == 400


def test_outside_iris_have_pages_inside_the_app_too(live_server) -> None:  # type: ignore[no-untyped-def]
    response = httpx.get(f"{live_server.url}/resource", params={"iri": "https://schema.org/Preschool", "lang": "en"},
                         headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert 'href="/def/Kindergarten"' in response.text  # lg:Kindergarten is a subclass of it


def test_the_editor_link_opens_a_query_that_answers_with_the_statements(live_server) -> None:  # type: ignore[no-untyped-def]
    page = httpx.get(f"{live_server.url}/id/kommune/3201?lang=en", headers={"Accept": BROWSER_ACCEPT}).text
    link = next(h for h in links_in(page) if h.startswith("/sparql?") and "#query=" in h)
    query = unquote(urlparse(link).fragment.removeprefix("query="))
    assert "<https://w3id.org/laget/id/kommune/3201>" in query
    answer = httpx.post(f"{live_server.url}/sparql", data={"query": query},
                        headers={"Accept": "application/sparql-results+json"}).json()
    values = {b["value"]["value"] for b in answer["results"]["bindings"]}
    assert "Bærum" in values and f"{LG_IRI}Municipality" in values


# -- the w3id.org rules -------------------------------------------------------------------------

RULE = re.compile(r"^RewriteRule\s+(\S+)\s+(\S+)\s+\[([^\]]+)\]", re.MULTILINE)


def redirect(iri: str) -> tuple[str, int]:
    """Apply docs/w3id/.htaccess as Apache does in the folder laget/: the path below it, the first
    rule that matches (every rule has L), fragments stay with the client."""
    rules = RULE.findall((REPO / "docs" / "w3id" / ".htaccess").read_text(encoding="utf-8"))
    path = iri.split("#")[0][len(W3ID):]
    for pattern, target, flags in rules:
        m = re.match(pattern, path)
        if m:
            status = int(re.search(r"R=(\d+)", flags).group(1))  # type: ignore[union-attr]
            return m.expand(re.sub(r"\$(\d)", r"\\\1", target)), status
    raise AssertionError(f"no rule for {iri}")


def test_the_w3id_rules_send_every_minted_iri_to_the_path_that_answers_it(bundled_store) -> None:  # type: ignore[no-untyped-def]
    iris = minted_iris(bundled_store)
    for iri in iris:
        target, status = redirect(iri)
        assert status == 303
        url = urlparse(target)
        assert url.scheme == "https" and url.netloc == "laget-graph.example.org"
        expected = "/def" if iri.startswith(LG_IRI) or iri == ONTOLOGY_IRI else local_path(iri)
        assert url.path == expected, iri
    assert redirect("https://w3id.org/laget/graph/setup/3201")[0].endswith("/graph/setup/3201")


def test_a_hostile_label_is_shown_as_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from laget_graph.config import Settings
    from laget_graph.ingest import load_data
    from tests.conftest import LiveServer

    store = Store(None)
    load_data(store, '<https://w3id.org/laget/id/unit/x/y> <http://www.w3.org/2000/01/rdf-schema#label> '
                     '"<script>alert(1)</script>"@en .', "nt", "https://w3id.org/laget/graph/setup/x", "x.nt")
    with LiveServer(Settings(data_dir=tmp_path, store="memory"), store) as server:
        page = httpx.get(f"{server.url}/id/unit/x/y", headers={"Accept": BROWSER_ACCEPT}).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_every_link_on_a_page_leads_to_a_page(live_server) -> None:  # type: ignore[no-untyped-def]
    """Follow each resource link of a few pages (bounded): none ends in a 404."""
    import html

    seen, broken = set(), []
    with httpx.Client(base_url=live_server.url, timeout=30, headers={"Accept": BROWSER_ACCEPT}) as client:
        for start in ("/id/kommune/3201", "/def/Owner", "/tier/2", "/id/fylke/34"):
            for href in links_in(client.get(start).text):
                href = html.unescape(href)
                if href in seen or not href.startswith(("/id/", "/def", "/area/", "/tier/", "/target-group/",
                                                        "/responsibility/", "/status/", "/graph/", "/resource?")):
                    continue
                seen.add(href)
                if client.get(href).status_code != 200:
                    broken.append(href)
    assert len(seen) > 40 and broken == []


def test_a_property_the_store_only_uses_has_a_page(live_server) -> None:  # type: ignore[no-untyped-def]
    response = httpx.get(f"{live_server.url}/resource", headers={"Accept": BROWSER_ACCEPT},
                         params={"iri": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "lang": "en"})
    assert response.status_code == 200
    uses = int(re.search(r"Used as a property in (\d+) statements", response.text).group(1))  # type: ignore[union-attr]
    assert uses > 1000
    link = next(h for h in links_in(response.text) if "#query=" in h)
    query = unquote(urlparse(link).fragment.removeprefix("query="))
    answer = httpx.post(f"{live_server.url}/sparql", data={"query": query},
                        headers={"Accept": "application/sparql-results+json"}).json()
    assert len(answer["results"]["bindings"]) == 100
