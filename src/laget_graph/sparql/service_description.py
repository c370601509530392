"""The SPARQL 1.1 Service Description a client gets from ``GET /sparql`` without a query."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ..versions import is_current, keeps_versions
from .results import GRAPH_FORMATS, TABLE_FORMATS, graph_body
from .service import SparqlService

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: W3C format IRIs (https://www.w3.org/ns/formats/) for what /sparql can answer in.
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}


def describe(endpoint: str, service: SparqlService, media_type: str, catalogue: Sequence[ox.Triple] = (),
             catalogue_url: str | None = None) -> bytes:
    """Describe the endpoint: languages, formats, the default graph (the union of all graphs, or of the
    current ones once versions are kept) and every named graph; with the dataset catalogue (VoID and
    DCAT, :mod:`.catalogue`) included and linked (``rdfs:seeAlso``)."""
    me = ox.NamedNode(endpoint)
    triples: list[ox.Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    triples.append(ox.Triple(me, RDF_TYPE, ox.NamedNode(SD + "Service")))
    add(me, SD + "endpoint", me)
    add(me, SD + "supportedLanguage", ox.NamedNode(SD + "SPARQL11Query"))
    if service.settings.update_token:
        add(me, SD + "supportedLanguage", ox.NamedNode(SD + "SPARQL11Update"))
    graphs = service.store.graphs()
    if not keeps_versions(service.store):  # else the default graph is the union of the current graphs only
        add(me, SD + "feature", ox.NamedNode(SD + "UnionDefaultGraph"))
    for media in [*TABLE_FORMATS, *GRAPH_FORMATS]:
        add(me, SD + "resultFormat", ox.NamedNode("http://www.w3.org/ns/formats/" + FORMAT_IRIS[media]))
    dataset, default = ox.BlankNode(), ox.BlankNode()
    add(me, SD + "defaultDataset", dataset)
    triples.append(ox.Triple(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset")))
    add(dataset, SD + "defaultGraph", default)
    triples.append(ox.Triple(default, RDF_TYPE, ox.NamedNode(SD + "Graph")))
    add(default, VOID + "triples", ox.Literal(str(sum(g.triples for g in graphs if is_current(g.iri))),
                                              datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    for g in graphs:
        named, graph = ox.BlankNode(), ox.BlankNode()
        add(dataset, SD + "namedGraph", named)
        triples.append(ox.Triple(named, RDF_TYPE, ox.NamedNode(SD + "NamedGraph")))
        add(named, SD + "name", ox.NamedNode(g.iri))
        add(named, SD + "graph", graph)
        add(graph, VOID + "triples", ox.Literal(str(g.triples),
                                                datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    if catalogue_url:
        add(me, "http://www.w3.org/2000/01/rdf-schema#seeAlso", ox.NamedNode(catalogue_url))
    return graph_body([*triples, *catalogue], media_type)
