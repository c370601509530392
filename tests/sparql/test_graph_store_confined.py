"""A Graph Store request writes the graph it names and nothing else, and never the ontology or the
reference data (issue 15, item 6). A real server on loopback, with the token, over the bundled data."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from laget_graph.ingest import load_bundled
from laget_graph.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE
from laget_graph.store import Store
from tests.conftest import LiveServer

from .conftest import TOKEN, serve, settings_for

AUTH = {"Authorization": f"Bearer {TOKEN}"}
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def jsonld_naming(graph: str) -> bytes:
    """What the hostile-input run sent: a JSON-LD document whose one node is a named graph."""
    return json.dumps({"@id": graph, "@graph": [{"@id": "urn:x:intruder", LABEL: "inntrenger"}]}).encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Store]]:
    store = Store(None)
    load_bundled(store)
    with serve(settings_for(tmp_path_factory.mktemp("gsp"), update_token=TOKEN), store) as live:
        yield live, store


def counts(store: Store) -> dict[str, int]:
    return {g.iri: g.triples for g in store.graphs()}


@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize("named", [GRAPH_ONTOLOGY, GRAPH_REFERENCE, "https://w3id.org/laget/graph/setup/3201",
                                   "urn:x:elsewhere"])
def test_content_naming_another_graph_is_refused_and_changes_nothing(
        server: tuple[LiveServer, Store], method: str, named: str) -> None:
    live, store = server
    before = counts(store)
    r = httpx.request(method, f"{live.url}/sparql/graphs", params={"graph": "setup/x"}, content=jsonld_naming(named),
                      headers={**AUTH, "Content-Type": "application/ld+json", "Accept-Language": "en"})
    assert r.status_code == 400, r.text
    assert "setup/x" in r.text and "names graphs other than" in r.text
    assert counts(store) == before


def test_the_refusal_is_given_in_norwegian_too(server: tuple[LiveServer, Store]) -> None:
    live, _ = server
    r = httpx.put(f"{live.url}/sparql/graphs", params={"graph": "setup/x"}, content=jsonld_naming(GRAPH_ONTOLOGY),
                  headers={**AUTH, "Content-Type": "application/ld+json", "Accept-Language": "nb"})
    assert r.status_code == 400 and "nevner andre grafer enn setup/x (ontology)" in r.text


@pytest.mark.parametrize("graph", ["ontology", "reference", GRAPH_ONTOLOGY, GRAPH_REFERENCE])
def test_ontology_and_reference_are_never_writable_through_the_graph_store(
        server: tuple[LiveServer, Store], graph: str) -> None:
    live, store = server
    before = counts(store)
    gsp, params = f"{live.url}/sparql/graphs", {"graph": graph}
    body, turtle = b'<urn:x:a> <urn:x:b> "c" .', {**AUTH, "Content-Type": "text/turtle", "Accept-Language": "en"}
    for r in (httpx.put(gsp, params=params, content=body, headers=turtle),
              httpx.post(gsp, params=params, content=body, headers=turtle),
              httpx.delete(gsp, params=params, headers={**AUTH, "Accept-Language": "en"})):
        assert r.status_code == 403, (r.request.method, r.text)
        assert "cannot be changed from here" in r.text and "laget load" in r.text
    assert counts(store) == before
    assert httpx.get(gsp, params=params, headers={"Accept": "application/n-triples"}).status_code == 200


def test_a_graph_store_write_still_writes_its_own_graph(server: tuple[LiveServer, Store]) -> None:
    live, store = server
    gsp, params = f"{live.url}/sparql/graphs", {"graph": "setup/own"}
    plain = json.dumps({"@id": "urn:x:unit", LABEL: "egen"}).encode()
    assert httpx.put(gsp, params=params, content=plain,
                     headers={**AUTH, "Content-Type": "application/ld+json"}).status_code == 201
    # a document that names exactly the target graph writes that graph
    own = json.dumps({"@id": "https://w3id.org/laget/graph/setup/own",
                      "@graph": [{"@id": "urn:x:other", LABEL: "også egen"}]}).encode()
    assert httpx.post(gsp, params=params, content=own,
                      headers={**AUTH, "Content-Type": "application/ld+json"}).status_code == 204
    assert counts(store)["https://w3id.org/laget/graph/setup/own"] == 2
    assert httpx.delete(gsp, params=params, headers=AUTH).status_code == 204


def test_a_validated_upload_stored_with_the_token_cannot_replace_the_ontology(
        server: tuple[LiveServer, Store]) -> None:
    """The other upload that writes, ``POST /api/validate?store=true`` of a TriG file, already refused
    the reserved graphs (validation/inputs.py); kept here so both doors stay shut."""
    live, store = server
    before = counts(store)
    trig = f'<{GRAPH_ONTOLOGY}> {{ <urn:x:a> <{LABEL}> "x" . }}'.encode()
    r = httpx.post(f"{live.url}/api/validate", params={"store": "true"}, content=trig,
                   headers={**AUTH, "Content-Type": "application/trig", "Accept-Language": "en"})
    assert r.status_code == 400 and "ontology" in r.text, r.text
    assert counts(store) == before


@pytest.mark.parametrize("media", ["application/trig", "application/n-quads", "text/turtle"])
def test_dataset_formats_cannot_reach_another_graph(server: tuple[LiveServer, Store], media: str) -> None:
    """TriG and N-Quads are refused as media types (415); sent as Turtle, their graph syntax does not parse."""
    live, store = server
    before = counts(store)
    body = (f'<{GRAPH_ONTOLOGY}> {{ <urn:x:a> <{LABEL}> "x" . }}' if media != "application/n-quads"
            else f'<urn:x:a> <{LABEL}> "x" <{GRAPH_ONTOLOGY}> .').encode()
    r = httpx.put(f"{live.url}/sparql/graphs", params={"graph": "setup/x"}, content=body,
                  headers={**AUTH, "Content-Type": media})
    assert r.status_code in (400, 415), r.text
    assert counts(store) == before
