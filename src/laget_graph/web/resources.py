"""Linked data you can follow: every IRI the project mints resolves here, as a page or as RDF.

``https://w3id.org/laget/id/…`` answers at ``/id/…``, the ontology ``…/def`` at ``/def`` and each of its
terms ``…/def#Term`` at ``/def/Term``, the concept schemes at ``/area/``, ``/tier/``, ``/target-group/``,
``/responsibility/``, ``/status/`` and their concepts below them, and any other IRI the store mentions at
``/resource?iri=…``. One URL per resource answers with HTML or RDF by ``Accept`` (or ``?format=``),
directly with 200 and ``Vary: Accept``: the 303 that separates the thing from the document about it is
w3id.org's redirect (docs/w3id/.htaccess, docs/researchers.md "Linked data").
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..i18n import Catalog
from ..namespaces import GRAPH_ONTOLOGY, LG_IRI, LGG_IRI, ONTOLOGY_IRI, PREFIXES, graph_short_name
from ..sparql.catalogue import PUBLISHER
from ..sparql.describe import Description, describe, editor_query, from_triples, merged
from ..sparql.results import GRAPH_FORMATS, choose
from ..store import EXPORT_FORMATS, StoreError
from .catalogue import VOID_PATH, catalogue_of, serialise, site_of
from .deps import get_lang, lang_of, service_of, templates

router = APIRouter(tags=["Linked data / Lenkede data"])

W3ID = "https://w3id.org/laget/"
#: Where each minted namespace resolves in the app; the ontology IRI itself is ``/def``.
LINKS: tuple[tuple[str, str], ...] = (
    (LG_IRI, "/def/"),
    *((f"{W3ID}{root}/", f"/{root}/") for root in ("id", "area", "tier", "target-group", "responsibility",
                                                    "status", "measure-kind", "graph")),
)
#: Prefixes for compact names on the pages, beyond the project's own.
EXTRA_PREFIXES = {"dcat": "http://www.w3.org/ns/dcat#", "foaf": "http://xmlns.com/foaf/0.1/",
                  "vann": "http://purl.org/vocab/vann/", "void": "http://rdfs.org/ns/void#",
                  "sd": "http://www.w3.org/ns/sparql-service-description#", "sh": "http://www.w3.org/ns/shacl#"}
_COMPACT = sorted({**PREFIXES, **EXTRA_PREFIXES}.items(), key=lambda kv: -len(kv[1]))
_HTML = "text/html"
#: ``?format=`` names: the graph downloads' short names, and html.
FORMATS = {short: media for short, (_, media) in EXPORT_FORMATS.items()} | {"html": _HTML}
_RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
_RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
_RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"

T = Catalog({
    "other_lang": {"nb": "English", "en": "Norsk"},
    "api_docs": {"nb": "API-dokumentasjon", "en": "API documentation"},
    "labels": {"nb": "Navn", "en": "Labels"},
    "types": {"nb": "Typer", "en": "Types"},
    "statements": {"nb": "Utsagn", "en": "Statements"},
    "property": {"nb": "Egenskap", "en": "Property"},
    "value": {"nb": "Verdi", "en": "Value"},
    "graph": {"nb": "Graf", "en": "Graph"},
    "incoming": {"nb": "Lenker hit", "en": "Links to here"},
    "subject": {"nb": "Fra", "en": "From"},
    "graphs": {"nb": "Kommer fra grafene", "en": "Comes from the graphs"},
    "download": {"nb": "Last ned grafen", "en": "Download the graph"},
    "formats": {"nb": "Som RDF", "en": "As RDF"},
    "editor": {"nb": "Åpne i spørreeditoren", "en": "Open in the query editor"},
    "outside": {"nb": "Åpne den eksterne IRI-en", "en": "Open the outside IRI"},
    "cut": {"nb": "Bare de første {n} vises.", "en": "Only the first {n} are shown."},
    "none_in": {"nb": "Ingenting i lageret lenker hit.", "en": "Nothing in the store links here."},
    "uses": {"nb": "Brukt som egenskap i {n} utsagn.", "en": "Used as a property in {n} statements."},
    "team": {"nb": "Laget rundt barnet i kommunen", "en": "The municipality's team around the child"},
    "not_found_title": {"nb": "Ukjent ressurs", "en": "Unknown resource"},
    "not_found": {"nb": "Lageret sier ingenting om {iri}.", "en": "The store says nothing about {iri}."},
    "bad_format": {"nb": "Ukjent format {fmt}; bruk {offered}.", "en": "Unknown format {fmt}; use {offered}."},
    "not_acceptable": {"nb": "Kan ikke svare i {accept}; tilbyr {offered}.",
                       "en": "Cannot answer in {accept}; offering {offered}."},
    "no_iri": {"nb": "Oppgi en IRI med ?iri=.", "en": "Give an IRI with ?iri=."},
})


def local_path(iri: str) -> str:
    """The app's page for ``iri``: minted IRIs by their path, anything else by ``/resource?iri=``."""
    if iri == ONTOLOGY_IRI:
        return "/def"
    for namespace, path in LINKS:
        if iri.startswith(namespace):
            return path + quote(iri[len(namespace):], safe="/" if path != "/def/" else "")
    return "/resource?iri=" + quote(iri, safe="")


def link_config() -> dict[str, object]:
    """The same mapping for the query editor's result table (JavaScript applies it)."""
    return {"exact": {ONTOLOGY_IRI: "/def"}, "prefixes": [list(pair) for pair in LINKS]}


def compact(iri: str) -> str:
    """``lg:Municipality`` for a known namespace, else the IRI."""
    for prefix, namespace in _COMPACT:
        if iri.startswith(namespace) and "#" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


# -- routes ------------------------------------------------------------------------------------

Lang = Annotated[str, Depends(get_lang)]
Format = Annotated[str | None, Query(alias="format", description="html, ttl, jsonld, nt, rdfxml")]


@router.get("/def", summary="The ontology / Ontologien", response_class=HTMLResponse)
async def ontology(request: Request, fmt: Format = None) -> Response:
    return await run_in_threadpool(answer, request, ONTOLOGY_IRI, fmt)


@router.get("/def/{term}", summary="A term of the ontology / Et begrep i ontologien", response_class=HTMLResponse)
async def term(request: Request, term: str, fmt: Format = None) -> Response:
    return await run_in_threadpool(answer, request, LG_IRI + term, fmt)


def _minted(root: str) -> None:
    async def endpoint(request: Request, rest: str, fmt: Format = None) -> Response:
        return await run_in_threadpool(answer, request, f"{W3ID}{root}/{rest}", fmt)

    endpoint.__name__ = "resolve_" + root.replace("-", "_")
    router.add_api_route(f"/{root}/{{rest:path}}", endpoint, methods=["GET"], response_class=HTMLResponse,
                         summary=f"Resolve {W3ID}{root}/… / Slå opp {W3ID}{root}/…")


for _root in ("id", "area", "tier", "target-group", "responsibility", "status", "measure-kind", "graph"):
    _minted(_root)


@router.get("/resource", summary="Any IRI the store mentions / En hvilken som helst IRI i lageret",
            response_class=HTMLResponse)
async def any_resource(request: Request, lang: Lang, iri: str | None = None, fmt: Format = None) -> Response:
    if not iri or not iri.startswith(("http://", "https://", "urn:")):
        return Response(T("no_iri", lang), status_code=400, media_type="text/plain; charset=utf-8")
    return await run_in_threadpool(answer, request, iri, fmt)


# -- answering ---------------------------------------------------------------------------------

def answer(request: Request, iri: str, fmt: str | None, path: str | None = None) -> Response:
    """Negotiate, describe, and answer with the page or the RDF. The catalogue (``/.well-known/void``)
    also describes the named graphs, the publisher and itself; ``path`` is the page's own path where
    it is not the IRI's."""
    lang = lang_of(request)
    offered = [*GRAPH_FORMATS, _HTML]  # RDF unless HTML is asked for by name (browsers do)
    if fmt is not None:
        media = FORMATS.get(fmt)
        if media is None:
            return _text(T("bad_format", lang, fmt=fmt, offered=", ".join(FORMATS)), 400)
    else:
        media = choose(request.headers.get("accept"), offered)
        if media is None:
            return _text(T("not_acceptable", lang, accept=request.headers.get("accept"),
                           offered=", ".join(offered)), 406)
    try:
        ox.NamedNode(iri)
    except ValueError:
        return _not_found(request, iri, lang, media)
    whole_catalogue = path == VOID_PATH
    stored = Description(iri, [], []) if whole_catalogue else describe(service_of(request), iri)
    description = stored
    # the catalogue describes the graphs, the publisher, this deployment's own resources (the
    # endpoint, the contact point) and the EU list values it uses; none of them is in the store
    if whole_catalogue or iri.startswith((LGG_IRI, str(request.base_url))) or iri == PUBLISHER or not stored.exists:
        triples = catalogue_of(request)
        description = merged(stored, from_triples(iri, triples, site_of(request).document))
    if not description.exists:
        return _not_found(request, iri, lang, media)
    path = path or local_path(iri)
    headers = {"Vary": "Accept", "Link": ", ".join(
        f'<{_with_format(path, short)}>; rel="alternate"; type="{m}"' for short, m in FORMATS.items())}
    if fmt is None:
        headers["Content-Location"] = _with_format(path, next(s for s, m in FORMATS.items() if m == media))
    if media == _HTML:
        return _page(request, description, lang, headers, path, editor=stored.exists,
                     as_property=stored.uses > 0 and not (stored.statements or stored.incoming))
    if whole_catalogue:
        body = serialise(triples, media)
    else:
        # a hash namespace: the document for …/def holds every term of it (the note's hash URIs)
        body = (_ontology_document(request, media) if iri == ONTOLOGY_IRI else None) \
            or serialise(description.triples(), media)
    return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)


@router.get(VOID_PATH, summary="VoID and DCAT description of the datasets / Beskrivelse av datasettene",
            response_class=HTMLResponse)
async def void(request: Request, fmt: Format = None) -> Response:
    """The catalogue of this deployment: the service, the union dataset and each named graph with its
    distributions (DCAT-AP-NO), counts and vocabularies (VoID). Turtle unless asked otherwise."""
    document = site_of(request).document
    return await run_in_threadpool(answer, request, document + "#catalogue", fmt, VOID_PATH)


def _ontology_document(request: Request, media: str) -> bytes | None:
    """The whole ontology graph (every term and the concept schemes), as the Graph Store serves it."""
    short = next(s for s, (_, m) in EXPORT_FORMATS.items() if m == media)
    try:
        return service_of(request).store.export(GRAPH_ONTOLOGY, short)
    except StoreError:
        return None


def _with_format(path: str, short: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}format={short}"


def _text(message: str, status: int) -> Response:
    return Response(message, status_code=status, media_type="text/plain; charset=utf-8")


def _not_found(request: Request, iri: str, lang: str, media: str) -> Response:
    if media != _HTML:
        return _text(T("not_found", lang, iri=iri), 404)
    return templates.TemplateResponse(request, "resource_missing.html", {
        **_common(lang), "iri": iri}, status_code=404)


def _common(lang: str) -> dict[str, object]:
    return {"t": lambda key, **v: T(key, lang, **v), "lang": lang, "other": "en" if lang == "nb" else "nb",
            "version": __version__}


def _page(request: Request, d: Description, lang: str, headers: dict[str, str], path: str,
          editor: bool, as_property: bool = False) -> HTMLResponse:
    me = ox.NamedNode(d.iri)
    view = _Viewer(d, lang)
    rows = []
    for prop, statements in _by_property(d.about(me)):
        rows.append({"property": view.iri(prop), "vals": [
            {"value": view.term(s.value), "graph": view.graph(s.graph)} for s in statements]})
    incoming = [{"subject": view.iri(s.subject.value), "property": view.iri(s.property.value),
                 "graph": view.graph(s.graph)} for s in d.incoming]
    formats = [{"name": short, "media": media, "href": _with_format(path, short)}
               for short, media in FORMATS.items() if short != "html"]
    link = "/sparql?lang=" + lang + "#query=" + quote(editor_query(d.iri, as_property), safe="") if editor else None
    return templates.TemplateResponse(request, "resource.html", {
        **_common(lang), "iri": d.iri, "title": d.label(d.iri, lang) or compact(d.iri),
        "labels": sorted(d.labels.get(d.iri, {}).items()), "types": [view.iri(t) for t in d.types()],
        "rows": rows, "incoming": incoming, "graphs": [view.graph(g) for g in d.graphs()],
        "formats": formats, "editor": link, "truncated": d.truncated, "incoming_truncated": d.incoming_truncated,
        "outside": None if d.iri.startswith((W3ID, str(request.base_url))) else d.iri,
        "anchors": d.iri == ONTOLOGY_IRI, "uses": d.uses,
        "team": _team_page(d),
    }, headers=headers)


def _team_page(d: Description) -> str | None:
    """A municipality's team page (/kommune/NNNN), for the page of lgd:kommune/NNNN."""
    number = d.iri.removeprefix(f"{W3ID}id/kommune/")
    return f"/kommune/{number}" if number.isdigit() and LG_IRI + "Municipality" in d.types() else None


def _by_property(statements: list) -> list[tuple[str, list]]:
    grouped: dict[str, list] = {}
    for s in sorted(statements, key=lambda s: (s.value.value if not isinstance(s.value, ox.BlankNode) else "")):
        grouped.setdefault(s.property.value, []).append(s)
    return sorted(grouped.items(), key=lambda kv: (kv[0] != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                                                   compact(kv[0])))


class _Viewer:
    """Turns terms into what the template shows: labelled in-app links, literals, nested blank nodes."""

    def __init__(self, d: Description, lang: str) -> None:
        self.d, self.lang = d, lang

    def iri(self, iri: str) -> dict[str, object]:
        return {"kind": "iri", "href": local_path(iri), "label": self.d.label(iri, self.lang), "name": compact(iri),
                "iri": iri, "anchor": iri[len(LG_IRI):] if iri.startswith(LG_IRI) else None}

    def graph(self, iri: str) -> dict[str, object]:
        name = graph_short_name(iri)
        return {"name": name, "href": local_path(iri) if iri.startswith(LGG_IRI) else None,
                "download": f"/graphs/{name}" if iri.startswith(LGG_IRI) else None, "iri": iri}

    def term(self, term: object, depth: int = 0) -> dict[str, object]:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            plain = datatype.endswith(("#string", "#langString"))
            return {"kind": "literal", "text": term.value, "lang": term.language,
                    "datatype": None if plain else compact(datatype)}
        items = self._list(term)
        if items is not None:
            return {"kind": "list", "members": [self.term(i, depth + 1) for i in items]}
        if depth > 4:
            return {"kind": "blank", "rows": []}
        return {"kind": "blank", "rows": [
            {"property": self.iri(prop), "vals": [self.term(s.value, depth + 1) for s in statements]}
            for prop, statements in _by_property(self.d.about(term))]}  # type: ignore[arg-type]

    def _list(self, node: object) -> list[object] | None:
        """The members of an RDF list starting at ``node``, or None if it is not one."""
        items: list[object] = []
        seen = set()
        while isinstance(node, ox.BlankNode) and node not in seen:
            seen.add(node)
            about = {s.property.value: s.value for s in self.d.about(node)}
            if set(about) != {_RDF_FIRST, _RDF_REST}:
                return None
            items.append(about[_RDF_FIRST])
            node = about[_RDF_REST]
        return items if isinstance(node, ox.NamedNode) and node.value == _RDF_NIL else None


def _answer_head_too() -> None:
    """Every route here answers HEAD like GET (linked-data clients check with HEAD), kept out of the
    OpenAPI schema so each operation is listed once."""
    for route in list(router.routes):
        if getattr(route, "methods", None) == {"GET"}:
            router.add_api_route(route.path, route.endpoint, methods=["HEAD"],  # type: ignore[attr-defined]
                                 include_in_schema=False, name=f"{route.name}_head")  # type: ignore[attr-defined]


_answer_head_too()
