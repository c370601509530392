"""The SPARQL 1.1 Protocol endpoint (``/sparql``), its Service Description and query editor, the
Graph Store HTTP Protocol (``/sparql/graphs?graph=``) and, included here, the named queries.

Reading is open; SPARQL Update and Graph Store writes need the bearer token from the settings.
Routes that must read a request body are ``async`` only to read it, and the work runs in the thread
pool (``run_in_threadpool``). ``GET /sparql`` is ``async`` so that a short query's answer is awaited
on the event loop (:meth:`..sparql.service.SparqlService.run_soon`); everything that may take time
(a query still running, the editor, the description, an external store) runs in the thread pool.
"""

from __future__ import annotations

import hmac
import json
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..config import Settings
from ..i18n import Catalog
from ..ingest import load_data
from ..namespaces import PREFIXES, graph_iri
from ..sparql.errors import SparqlError
from ..sparql.guard import CheckedQuery
from ..sparql.results import GRAPH_FORMATS, TABLE_FORMATS, choose, negotiate
from ..sparql.service import SparqlService
from ..sparql.service_description import describe
from ..store import EXPORT_FORMATS, StoreError, confine
from ..versions import (
    CURRENT_GRAPH,
    ORIGINS,
    Source,
    VersionError,
    drop,
    is_current,
    is_versioned,
    keeps_versions,
    refresh,
)
from .catalogue import catalogue_of, site_of
from .deps import (
    STATIC_DIR,
    TooLarge,
    answer_response,
    client_of,
    get_lang,
    get_service,
    is_iri,
    lang_of,
    read_capped,
    service_of,
    templates,
)
from .resources import link_config

router = APIRouter(tags=["SPARQL"])

T = Catalog({
    "editor.title": {"nb": "SPARQL-spørringer", "en": "SPARQL queries"},
    "editor.intro": {
        "nb": "Skriv en spørring, eller velg et navngitt spørsmål. Standardgrafen er unionen av de gjeldende "
              "grafene; tidligere versjoner leses med navnet på grafen sin (GRAPH eller FROM NAMED).",
        "en": "Write a query, or pick a named question. The default graph is the union of the current graphs; "
              "earlier versions are read by their graph's name (GRAPH or FROM NAMED).",
    },
    "editor.named": {"nb": "Navngitte spørsmål", "en": "Named questions"},
    "editor.label": {"nb": "SPARQL-spørringen", "en": "The SPARQL query"},
    "editor.pick": {"nb": "Velg et spørsmål …", "en": "Pick a question …"},
    "editor.run": {"nb": "Kjør", "en": "Run"},
    "editor.show_sparql": {"nb": "Vis SPARQL", "en": "Show the SPARQL"},
    "editor.hide_sparql": {"nb": "Skjul SPARQL", "en": "Hide the SPARQL"},
    "editor.history": {"nb": "Tidligere spørringer", "en": "Earlier queries"},
    "editor.history_pick": {"nb": "Hent en tidligere spørring …", "en": "Bring back an earlier query …"},
    "editor.download": {"nb": "Last ned svaret", "en": "Download the answer"},
    "editor.chart": {"nb": "Diagram", "en": "Chart"},
    "editor.any": {"nb": "(alle)", "en": "(any)"},
    "editor.failed": {"nb": "Feil: {message}", "en": "Error: {message}"},
    "editor.missing": {
        "nb": "Spørreeditoren (YASGUI) er ikke installert: kjør 'make setup'. Endepunktet virker likevel.",
        "en": "The query editor (YASGUI) is not installed: run 'make setup'. The endpoint works regardless.",
    },
    "no_query": {"nb": "Send en spørring i 'query' eller en oppdatering i 'update'.",
                 "en": "Send a query in 'query' or an update in 'update'."},
    "one_only": {"nb": "Send nøyaktig én '{field}'.", "en": "Send exactly one '{field}'."},
    "both": {"nb": "Send enten 'query' eller 'update', ikke begge.",
             "en": "Send either 'query' or 'update', not both."},
    "update_get": {"nb": "Oppdateringer må sendes med POST.", "en": "Updates must be sent with POST."},
    "media": {"nb": "Ukjent innholdstype {media}; bruk application/x-www-form-urlencoded, "
                    "application/sparql-query eller application/sparql-update.",
              "en": "Unknown content type {media}; use application/x-www-form-urlencoded, "
                    "application/sparql-query or application/sparql-update."},
    "charset": {"nb": "Spørringen må være UTF-8.", "en": "The query must be UTF-8."},
    "not_acceptable": {"nb": "Kan ikke svare i {accept}; tilbyr {offered}.",
                       "en": "Cannot answer in {accept}; offering {offered}."},
    "token_missing": {"nb": "Endringer krever et gyldig Bearer-token.",
                      "en": "Changes need a valid bearer token."},
    "token_wrong": {"nb": "Tokenet gir ikke rett til endringer.", "en": "The token does not allow changes."},
    "updates_off": {"nb": "Endringer er slått av på denne tjeneren (LAGET_UPDATE_TOKEN er ikke satt).",
                    "en": "Changes are disabled on this server (LAGET_UPDATE_TOKEN is not set)."},
    "dataset_conflict": {"nb": "using-graph-uri og using-named-graph-uri støttes ikke; skriv USING i oppdateringen.",
                         "en": "using-graph-uri and using-named-graph-uri are not supported; put USING in the update."},
    "graph_param": {"nb": "Oppgi grafen med ?graph=<IRI eller kortnavn>; standardgrafen er ikke skrivbar.",
                    "en": "Name the graph with ?graph=<IRI or short name>; the default graph is not writable."},
    "bad_origin": {"nb": "Laget-Origin må være en av {known}, ikke {origin}.",
                   "en": "Laget-Origin must be one of {known}, not {origin}."},
    "bad_sources": {"nb": "Laget-Sources må være en JSON-liste med name og sha256.",
                    "en": "Laget-Sources must be a JSON list of name and sha256."},
    "derived_graph": {"nb": "{graph} bygges av de gjeldende grafene og kan ikke slettes.",
                      "en": "{graph} is built from the current graphs and cannot be deleted."},
    "too_large": {"nb": "Innholdet er større enn {limit} byte.", "en": "The content is larger than {limit} bytes."},
    "no_graph": {"nb": "Ingen graf med navnet {graph}.", "en": "No graph named {graph}."},
    "bad_graph": {"nb": "{graph} er ikke et gyldig grafnavn: bruk et kortnavn som setup/3201 eller en hel IRI.",
                  "en": "{graph} is not a valid graph name: use a short name such as setup/3201 or a full IRI."},
    "unsupported_rdf": {"nb": "Ukjent RDF-format {media}.", "en": "Unknown RDF format {media}."},
})

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
#: Upload media types for the Graph Store Protocol and the parser's short format name for each.
#: Triple formats only (TriG, N-Quads are datasets); a JSON-LD document may still name graphs, which
#: ``load_data(confined=True)`` refuses.
_UPLOAD = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld",
           "application/rdf+xml": "rdf"}


class ProtocolError(Exception):
    """A request the protocol refuses, with its status and a message key."""

    def __init__(self, status: int, key: str, headers: dict[str, str] | None = None, **values: object) -> None:
        self.status, self.key, self.values, self.headers = status, key, values, headers or {}
        super().__init__(key)


Service = Annotated[SparqlService, Depends(get_service)]
Lang = Annotated[str, Depends(get_lang)]


# -- the endpoint ------------------------------------------------------------------------------

@router.get("/sparql", summary="SPARQL 1.1 query (GET) / SPARQL-spørring (GET)",
            responses={200: {"content": {m: {} for m in [*TABLE_FORMATS, *GRAPH_FORMATS, "text/html"]}}})
async def sparql_get(request: Request) -> Response:
    """``?query=`` runs a query. Without one: the query editor for browsers, the SPARQL Service
    Description (RDF) for everyone else. The service and language are looked up here, not as
    dependencies: FastAPI's dependency solving is a measurable share of a light query's time. Async
    so that a short query is answered without the thread pool (:meth:`SparqlService.run_soon`)."""
    service, lang = service_of(request), lang_of(request)
    params = request.query_params
    queries_given = params.getlist("query")
    if "update" in params or len(queries_given) != 1 or not service.answers_soon:
        return await run_in_threadpool(_get, request, service, lang)
    default_graphs, named_graphs = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
    try:
        checked = await service.check_soon(queries_given[0], default_graphs, named_graphs,
                                           in_thread=run_in_threadpool)
        media = _media(request, checked)
        return answer_response(await service.run_soon(checked, media, default_graphs, named_graphs,
                                                      client=client_of(request), in_thread=run_in_threadpool))
    except (ProtocolError, SparqlError) as exc:
        return _error(exc, lang)


def _get(request: Request, service: SparqlService, lang: str) -> Response:
    """A GET in the thread pool: the editor, the description, a refusal, or a query on a store that
    answers over HTTP."""
    params = request.query_params
    try:
        if "update" in params:
            raise ProtocolError(400, "update_get")
        queries_given = params.getlist("query")
        if not queries_given:
            return _editor_or_description(request, service, lang)
        if len(queries_given) > 1:
            raise ProtocolError(400, "one_only", field="query")
        return _answer(service, request, queries_given[0], params.getlist("default-graph-uri"),
                       params.getlist("named-graph-uri"))
    except (ProtocolError, SparqlError) as exc:
        return _error(exc, lang)


@router.post("/sparql", summary="SPARQL 1.1 query or update (POST) / SPARQL-spørring eller -oppdatering",
             openapi_extra={"requestBody": {"content": {
                 _FORM: {"schema": {"type": "object", "properties": {
                     "query": {"type": "string"}, "update": {"type": "string"},
                     "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                     "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
                 _QUERY: {"schema": {"type": "string"}}, _UPDATE: {"schema": {"type": "string"}}}}})
async def sparql_post(request: Request, lang: Lang) -> Response:
    """Form-encoded ``query``/``update``, or the query/update as the body. Async only to read the
    body; the work runs in the thread pool."""
    service = service_of(request)
    try:  # a query or update is text: never more than an upload may be
        body = await read_capped(request, service.settings.max_upload_bytes)
    except TooLarge:
        return _error(ProtocolError(413, "too_large", limit=service.settings.max_upload_bytes), lang)
    return await run_in_threadpool(_post, request, body, service, lang)


def _post(request: Request, body: bytes, service: SparqlService, lang: str) -> Response:
    media, charset = _content_type(request)
    url_params = request.query_params
    try:
        if charset not in ("", "utf-8", "utf8"):
            raise ProtocolError(400, "charset")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "charset") from None
        if media == _FORM:
            form = parse_qs(text, keep_blank_values=True)
            queries_given, updates = form.get("query", []), form.get("update", [])
            if queries_given and updates:
                raise ProtocolError(400, "both")
            if len(queries_given) > 1 or len(updates) > 1:
                raise ProtocolError(400, "one_only", field="query" if queries_given else "update")
            if queries_given:
                return _answer(service, request, queries_given[0], form.get("default-graph-uri", []),
                               form.get("named-graph-uri", []))
            if updates:
                return _update(service, request, updates[0], form)
            raise ProtocolError(400, "no_query")
        if media == _QUERY:
            return _answer(service, request, text, url_params.getlist("default-graph-uri"),
                           url_params.getlist("named-graph-uri"))
        if media == _UPDATE:
            return _update(service, request, text, {k: url_params.getlist(k) for k in url_params})
        raise ProtocolError(415 if media else 400, "media", media=media or "(none)")
    except (ProtocolError, SparqlError) as exc:
        return _error(exc, lang)


def _answer(service: SparqlService, request: Request, text: str, default_graphs: list[str],
            named_graphs: list[str]) -> Response:
    checked = service.check(text, default_graphs, named_graphs)
    return answer_response(service.run(checked, _media(request, checked), default_graphs, named_graphs,
                                       client=client_of(request)))


def _media(request: Request, checked: CheckedQuery) -> str:
    """The media type to answer a checked query in (406 when none is acceptable)."""
    accept = request.headers.get("accept")
    media = negotiate(accept, checked.is_graph, checked.form == "ASK")
    if media is None:
        offered = GRAPH_FORMATS if checked.is_graph else TABLE_FORMATS
        raise ProtocolError(406, "not_acceptable", accept=accept, offered=", ".join(offered))
    return media


def _update(service: SparqlService, request: Request, text: str, params: dict[str, list[str]]) -> Response:
    authorise(request, service.settings)
    if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
        raise ProtocolError(400, "dataset_conflict")
    service.update(text)
    return Response(status_code=204)


def authorise(request: Request, settings: Settings) -> None:
    """Let a change through only with ``Authorization: Bearer <LAGET_UPDATE_TOKEN>``."""
    if not settings.update_token:
        raise ProtocolError(403, "updates_off")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ProtocolError(401, "token_missing", headers={"WWW-Authenticate": 'Bearer realm="laget-graph"'})
    if not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
        raise ProtocolError(403, "token_wrong")


def _error(exc: ProtocolError | SparqlError, lang: str) -> Response:
    if isinstance(exc, SparqlError):
        return Response(exc.message(lang), status_code=exc.status, media_type="text/plain; charset=utf-8",
                        headers=exc.headers)
    return Response(T(exc.key, lang, **exc.values), status_code=exc.status,
                    media_type="text/plain; charset=utf-8", headers=exc.headers)


def _content_type(request: Request) -> tuple[str, str]:
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    charset = next((p.split("=", 1)[1].strip('"').lower() for p in parts[1:] if p.lower().startswith("charset=")), "")
    return parts[0].lower(), charset


# -- service description and editor ------------------------------------------------------------

def _editor_or_description(request: Request, service: SparqlService, lang: str) -> Response:
    """HTML only when asked for by name (browsers); any RDF client, or */*, gets the description."""
    accept = request.headers.get("accept", "")
    media = choose(accept, [*GRAPH_FORMATS, "text/html"])
    if media == "text/html":
        return _editor(request, lang)
    if media is None:
        raise ProtocolError(406, "not_acceptable", accept=accept, offered=", ".join(GRAPH_FORMATS))
    body = describe(str(request.url_for("sparql_get")), service, media, catalogue_of(request),
                    site_of(request).document)
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})


def _editor(request: Request, lang: str) -> HTMLResponse:
    editor_keys = [key for key in T.keys() if key.startswith("editor.")]  # noqa: SIM118 (a Catalog, no dict)
    text = {key.removeprefix("editor."): T(key, lang, message="{message}") for key in editor_keys}
    config = {"endpoint": str(request.url_for("sparql_get")), "prefixes": PREFIXES,
              "queries": "/api/queries", "vocabulary": "/api/vocabulary", "lang": lang,
              "links": link_config(), "text": text, "editorLabel": T("editor.label", lang)}
    return templates.TemplateResponse(request, "sparql.html", {
        "t": lambda key: T(key, lang), "lang": lang, "other": "en" if lang == "nb" else "nb",
        "version": __version__, "config": json.dumps(config, ensure_ascii=False),
        "installed": (STATIC_DIR / "vendor" / "yasgui" / "yasgui.min.js").is_file(),
        "charts": (STATIC_DIR / "vendor" / "chartjs" / "chart.umd.min.js").is_file(),
    })


# -- Graph Store HTTP Protocol -----------------------------------------------------------------

@router.get("/sparql/graphs", summary="Graph Store Protocol: read a graph / Les en graf",
            responses={200: {"content": {m: {} for m in GRAPH_FORMATS}}})
def gsp_get(request: Request, service: Service, lang: Lang, graph: str | None = None) -> Response:
    try:
        iri = _graph_param(request, graph)
        by_media = {m: short for short, (_, m) in EXPORT_FORMATS.items()}
        media = choose(request.headers.get("accept"), list(by_media))
        short = by_media.get(media or "")
        if short is None:
            raise ProtocolError(406, "not_acceptable", accept=request.headers.get("accept"),
                                offered=", ".join(m for _, m in EXPORT_FORMATS.values()))
        try:
            body = service.store.export(iri, short)
        except StoreError:
            raise ProtocolError(404, "no_graph", graph=iri) from None
        return Response(body, media_type=f"{media}; charset=utf-8")
    except ProtocolError as exc:
        return _error(exc, lang)


@router.put("/sparql/graphs", summary="Graph Store Protocol: replace a graph / Erstatt en graf")
@router.post("/sparql/graphs", summary="Graph Store Protocol: add to a graph / Legg til i en graf")
async def gsp_write(request: Request, lang: Lang, graph: str | None = None) -> Response:
    service = service_of(request)
    try:  # credentials and the declared size first: a body is read only for someone who may write
        authorise(request, service.settings)
        body = await read_capped(request, service.settings.max_upload_bytes)
    except ProtocolError as exc:
        return _error(exc, lang)
    except TooLarge:
        return _error(ProtocolError(413, "too_large", limit=service.settings.max_upload_bytes), lang)
    return await run_in_threadpool(_gsp_write, request, body, service, lang, graph)


def _gsp_write(request: Request, body: bytes, service: SparqlService, lang: str, graph: str | None) -> Response:
    try:
        iri = _graph_param(request, graph)
        media, _ = _content_type(request)
        if media not in _UPLOAD:
            raise ProtocolError(415, "unsupported_rdf", media=media or "(none)")
        origin, sources = _provenance(request)
        existed = any(g.iri == iri for g in service.store.graphs())
        try:
            written = load_data(service.store, body, _UPLOAD[media], iri, f"upload.{_UPLOAD[media]}",
                                append=request.method == "POST", confined=True, origin=origin, sources=sources)
        except StoreError as exc:  # InputError, WriteRefused, VersionError: each in the reader's language
            return Response(exc.message(lang), status_code=exc.status, media_type="text/plain; charset=utf-8")
        outcome = "kept" if iri in written.kept else "unchanged" if iri in written.unchanged else "written"
        headers = {"Laget-Outcome": outcome}
        if iri in written.versions:
            headers["Laget-Version"] = str(written.versions[iri])
        return Response(status_code=204 if existed else 201, headers=headers)
    except ProtocolError as exc:
        return _error(exc, lang)


def _provenance(request: Request) -> tuple[str, list[Source]]:
    """Where a Graph Store write came from, for its version's record: ``Laget-Origin`` (load, bundled,
    upload, restore; upload by default) and ``Laget-Sources`` (JSON: the files' names and SHA-256),
    as a ``laget`` command beside this server sends them."""
    origin = request.headers.get("laget-origin", "upload")
    if origin not in ORIGINS:
        raise ProtocolError(400, "bad_origin", origin=origin, known=", ".join(ORIGINS))
    try:
        given = json.loads(request.headers.get("laget-sources") or "[]")
        sources = [Source(str(s["name"]), str(s["sha256"])) for s in given]
    except (ValueError, TypeError, KeyError):
        raise ProtocolError(400, "bad_sources") from None
    return origin, sources


@router.delete("/sparql/graphs", summary="Graph Store Protocol: delete a graph / Slett en graf")
def gsp_delete(request: Request, service: Service, lang: Lang, graph: str | None = None) -> Response:
    try:
        authorise(request, service.settings)
        iri = _graph_param(request, graph)
        if is_versioned(iri):  # a setup: dropped recoverably (its content becomes a version)
            confine([], iri)
            try:
                drop(service.store, iri)
            except VersionError:
                raise ProtocolError(404, "no_graph", graph=iri) from None
        elif iri == CURRENT_GRAPH:
            raise ProtocolError(400, "derived_graph", graph=iri)
        elif not service.store.drop_graph(iri, confined=True):  # an old version's graph goes for good
            raise ProtocolError(404, "no_graph", graph=iri)
        elif is_current(iri) and keeps_versions(service.store):
            refresh(service.store)
        return Response(status_code=204)
    except ProtocolError as exc:
        return _error(exc, lang)
    except StoreError as exc:
        return Response(exc.message(lang), status_code=exc.status, media_type="text/plain; charset=utf-8")


def _graph_param(request: Request, graph: str | None) -> str:
    if not graph or "default" in request.query_params:
        raise ProtocolError(400, "graph_param")
    iri = graph_iri(graph)
    if not is_iri(iri):
        raise ProtocolError(400, "bad_graph", graph=graph)
    return iri

