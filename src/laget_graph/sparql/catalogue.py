"""The datasets describe themselves: a VoID and DCAT (DCAT-AP-NO) description of the service and of
each named graph, as ``/.well-known/void`` serves it and the Service Description includes it.

The fixed part (catalogue, publisher, contact point, the data service, the union dataset) is
``catalogue.ttl`` beside this module, with IRIs relative to the served document. Each named graph
becomes a ``dcat:Dataset``/``void:Dataset`` named by the graph's IRI, with what the graph says about
itself (its ``dcat:Dataset`` or ``owl:Ontology`` nodes: ``queries/void-datasets.rq``), its triple
count, the vocabularies it uses (``queries/void-vocabularies.rq``), one ``dcat:Distribution`` per
download format and the SPARQL endpoint. The answer is kept until the store's next write.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from ..i18n import LANGS, Catalog
from ..versions import is_current
from .queries import Term, select
from .service import SparqlService

TEMPLATE = Path(__file__).resolve().parent / "catalogue.ttl"

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
EU = "http://publications.europa.eu/resource/authority/"
PUBLISHER = "https://w3id.org/laget/id/laget-graph"
LICENCE = EU + "licence/CC_BY_4_0"
#: Licences the data states, by their EU authority-list IRIs (DCAT-AP-NO's controlled vocabulary).
LICENCES = {"https://creativecommons.org/licenses/by/4.0/": LICENCE,
            "http://creativecommons.org/licenses/by/4.0/": LICENCE}
#: Prefixes for serialising the catalogue (with the project's own).
PREFIXES = {"dcat": DCAT, "void": VOID, "foaf": FOAF, "vcard": "http://www.w3.org/2006/vcard/ns#",
            "sd": "http://www.w3.org/ns/sparql-service-description#"}
#: One distribution per download format of /graphs/{name}: media type, EU file type, name.
FORMATS = {"ttl": ("text/turtle", "RDF_TURTLE", "Turtle"), "jsonld": ("application/ld+json", "JSON_LD", "JSON-LD"),
           "nt": ("application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
           "rdfxml": ("application/rdf+xml", "RDF_XML", "RDF/XML")}

T = Catalog({
    "title": {"nb": "Grafen {name}", "en": "The graph {name}"},
    "description": {"nb": "Den navngitte grafen {name} i laget-graph.", "en": "The named graph {name} in laget-graph."},
    "parts": {"nb": "Den navngitte grafen {name} i laget-graph, med: {parts}",
              "en": "The named graph {name} in laget-graph, holding: {parts}"},
    "distribution": {"nb": "Grafen {name} som {format}", "en": "The graph {name} as {format}"},
})


@dataclass(frozen=True)
class Site:
    """Where this deployment serves what the catalogue points at (absolute URLs)."""

    document: str  # the /.well-known/void URL, the base of catalogue.ttl's relative IRIs
    endpoint: str  # the SPARQL endpoint
    downloads: str  # with {name} and {format}: a graph's download URL

    def download(self, name: str, fmt: str) -> str:
        return self.downloads.format(name=name, format=fmt)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(text, language=lang)
    return ox.Literal(text, datatype=_n(datatype)) if datatype else ox.Literal(text)


class _Observed:
    """When this process saw each graph change (its triple count), for ``dcterms:modified`` where the
    data states no date of its own. The first look sets no dates: a graph loaded before the server
    started has no observed change."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: dict[str, int] | None = None
        self.changed: dict[str, datetime] = {}

    def update(self, counts: dict[str, int]) -> dict[str, datetime]:
        with self.lock:
            if self.counts is not None:
                now = datetime.now(UTC).replace(microsecond=0)
                for g, n in counts.items():
                    if self.counts.get(g) != n:
                        self.changed[g] = now
            self.counts = dict(counts)
            return dict(self.changed)


_state_lock = threading.Lock()
_observed: dict[int, _Observed] = {}
_cache: dict[tuple[int, int, Site], list[ox.Triple]] = {}


def describe(service: SparqlService, site: Site) -> list[ox.Triple]:
    """Every triple of the catalogue for this deployment (cached until the store's next write)."""
    key = (id(service), service.store.generation, site)
    with _state_lock:
        if key in _cache:
            return _cache[key]
        observed = _observed.setdefault(id(service), _Observed())
    triples = sorted(_build(service, site, observed), key=lambda t: (str(t.subject), str(t.predicate)))
    with _state_lock:
        for old in [k for k in _cache if k[0] == key[0] and k[1] != key[1]]:
            del _cache[old]
        _cache[key] = triples
    return triples


def _build(service: SparqlService, site: Site, observed: _Observed) -> list[ox.Triple]:
    triples = list(ox.parse(TEMPLATE.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=site.document))
    catalogue, union, data_service = _n(site.document + "#catalogue"), _n(site.document + "#dataset"), _n(site.endpoint)
    contact = _n(site.document + "#contact")

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(s, _n(p), o))

    graphs = [g for g in service.store.graphs() if is_current(g.iri)]  # versions: /api/setups/…/history
    changed = observed.update({g.iri: g.triples for g in graphs})
    about = _self_descriptions(service)
    vocabularies = _vocabularies(service)
    add(catalogue, DCT + "identifier", _lit(catalogue.value))
    add(data_service, DCT + "identifier", _lit(data_service.value))
    add(union, DCT + "identifier", _lit(union.value))
    add(union, VOID + "triples", _lit(str(sum(g.triples for g in graphs)), datatype=XSD + "integer"))
    add(catalogue, DCAT + "dataset", union)
    add(data_service, DCAT + "servesDataset", union)
    for ns in sorted(set().union(*vocabularies.values()) if vocabularies else set()):
        add(union, VOID + "vocabulary", _n(ns))
    if changed:
        add(catalogue, DCT + "modified", _lit(max(changed.values()).isoformat(), datatype=XSD + "dateTime"))
    for g in graphs:
        dataset, name = _n(g.iri), g.name
        add(dataset, RDF_TYPE, _n(VOID + "Dataset"))
        add(catalogue, DCAT + "dataset", dataset)
        add(union, VOID + "subset", dataset)
        add(data_service, DCAT + "servesDataset", dataset)
        _entry(dataset, contact, add)
        add(dataset, VOID + "triples", _lit(str(g.triples), datatype=XSD + "integer"))
        add(dataset, VOID + "sparqlEndpoint", data_service)
        for ns in sorted(vocabularies.get(g.iri, ())):
            add(dataset, VOID + "vocabulary", _n(ns))
        parts = about.get(g.iri, {})
        licence = _describe_from_parts(dataset, name, parts, contact, add)
        date = _modified(parts, changed.get(g.iri))
        if date is not None:
            add(dataset, DCT + "modified", date)
        for fmt, (media, filetype, label) in FORMATS.items():
            url = _n(site.download(name, fmt))
            add(dataset, DCAT + "distribution", url)
            if fmt == "nt":
                add(dataset, VOID + "dataDump", url)
            add(url, RDF_TYPE, _n(DCAT + "Distribution"))
            add(url, DCAT + "accessURL", url)
            add(url, DCAT + "downloadURL", url)
            add(url, DCAT + "accessService", data_service)
            add(url, DCAT + "mediaType", _n("https://www.iana.org/assignments/media-types/" + media))
            add(url, DCT + "format", _n(EU + "file-type/" + filetype))
            add(url, DCT + "license", _n(licence))
            for lang in LANGS:
                add(url, DCT + "title", _lit(T("distribution", lang, name=name, format=label), lang))
    return triples


def _entry(dataset: ox.NamedNode, contact: ox.NamedNode, add) -> None:  # type: ignore[no-untyped-def]
    """What every dataset of the catalogue has alike: identifier, publisher, contact, theme, access."""
    add(dataset, RDF_TYPE, _n(DCAT + "Dataset"))
    add(dataset, DCT + "identifier", _lit(dataset.value))
    add(dataset, DCT + "publisher", _n(PUBLISHER))
    add(dataset, DCAT + "contactPoint", contact)
    add(dataset, DCAT + "theme", _n(EU + "data-theme/EDUC"))
    add(dataset, DCT + "accessRights", _n(EU + "access-right/PUBLIC"))


def _describe_from_parts(dataset: ox.NamedNode, name: str, parts: dict[str, dict[str, list[Term]]],
                         contact: ox.NamedNode, add) -> str:  # type: ignore[no-untyped-def]
    """Title, description, licence and sources of a graph's dataset from what the graph says about
    itself: one self-description is the graph's own; several are its parts (``dcterms:hasPart``)."""
    main = [p for p in parts.values() if OWL + "Ontology" in {t.value for t in p.get(RDF_TYPE, [])}]
    own = main[0] if main else (next(iter(parts.values())) if len(parts) == 1 else None)
    for lang in LANGS:
        title = _in_lang(own, DCT + "title", lang) if own else None
        add(dataset, DCT + "title", _lit(title or T("title", lang, name=name), lang))
        description = _in_lang(own, DCT + "description", lang) if own else None
        if description is None and len(parts) > 1:
            titles = [t for t in (_in_lang(p, DCT + "title", lang) for p in parts.values()) if t]
            description = T("parts", lang, name=name, parts="; ".join(titles))
        add(dataset, DCT + "description", _lit(description or T("description", lang, name=name), lang))
    for iri, part in parts.items():
        if part is not own and DCAT + "Dataset" in {t.value for t in part.get(RDF_TYPE, [])}:
            # a dataset the graph holds, described by the data: a catalogue entry of its own
            node = _n(iri)
            add(dataset, DCT + "hasPart", node)
            _entry(node, contact, add)
            for prop in (DCT + "title", DCT + "description"):
                for value in part.get(prop, []):
                    add(node, prop, value)
            for value in part.get(DCT + "license", []):
                add(node, DCT + "license", _n(LICENCES.get(value.value, value.value)))
    stated = {LICENCES.get(v.value, v.value) for p in parts.values() for v in p.get(DCT + "license", [])
              if isinstance(v, ox.NamedNode)}
    licence = stated.pop() if len(stated) == 1 else LICENCE
    add(dataset, DCT + "license", _n(licence))
    sources = sorted({v.value for p in parts.values() for v in p.get(DCT + "source", [])
                      if isinstance(v, ox.NamedNode)})
    for source in sources:  # documents and web sites, not datasets: DCAT-AP-NO keeps dct:source for those
        add(dataset, PROV + "wasDerivedFrom", _n(source))
    issued = [v for p in parts.values() for v in p.get(DCT + "issued", []) if isinstance(v, ox.Literal)]
    if issued:
        add(dataset, DCT + "issued", min(issued, key=lambda d: d.value))
    return licence


def _modified(parts: dict[str, dict[str, list[Term]]], seen: datetime | None) -> ox.Literal | None:
    """When the graph changed: as this server saw it, else the newest date the data states."""
    if seen is not None:
        return _lit(seen.isoformat(), datatype=XSD + "dateTime")
    dates = [v for p in parts.values() for prop in (DCT + "modified", DCT + "issued", DCT + "created")
             for v in p.get(prop, []) if isinstance(v, ox.Literal)]
    return max(dates, key=lambda d: d.value) if dates else None  # type: ignore[return-value]


def _in_lang(part: dict[str, list[Term]], prop: str, lang: str) -> str | None:
    values = [v for v in part.get(prop, []) if isinstance(v, ox.Literal)]
    exact = [v.value for v in values if v.language == lang]
    return exact[0] if exact else None


def _self_descriptions(service: SparqlService) -> dict[str, dict[str, dict[str, list[Term]]]]:
    """By graph, by described node, by property: what each graph says about itself."""
    rows, _ = select(service, "void-datasets")
    out: dict[str, dict[str, dict[str, list[Term]]]] = {}
    for r in rows:
        node = out.setdefault(r["graph"].value, {}).setdefault(r["dataset"].value, {})
        node.setdefault(RDF_TYPE, [])
        if r["type"] not in node[RDF_TYPE]:
            node[RDF_TYPE].append(r["type"])
        node.setdefault(r["property"].value, []).append(r["value"])
    return out


def _vocabularies(service: SparqlService) -> dict[str, set[str]]:
    """By graph, the namespaces of the properties and classes it uses."""
    rows, _ = select(service, "void-vocabularies")
    out: dict[str, set[str]] = {}
    for r in rows:
        namespace = r["namespace"].value
        if namespace.startswith(("http://", "https://", "urn:")) and namespace.rstrip("/#").count("/") >= 2:
            out.setdefault(r["graph"].value, set()).add(namespace)
    return out
