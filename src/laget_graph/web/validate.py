"""``POST /api/validate`` and the ``/validate`` page: upload a setup, read the report.

Uploads are read with a hard size cap (checked against Content-Length before reading, and again
while reading), parsed with an explicit format by :mod:`laget_graph.ingest`, validated in
a store of their own, and then dropped. They are stored only when asked (``store=true``) by a
caller holding the update token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..config import Settings
from ..i18n import Catalog
from ..ingest.spreadsheet.template import workbook
from ..namespaces import GRAPH_REFERENCE, graph_short_name
from ..network.places import directory
from ..validation.isolated import Limits, Upload, ValidationBusy, validate_isolated
from ..validation.stored import base_quads
from .deps import TooLarge, get_lang, get_settings, read_capped, store_of, templates
from .layout import base_context
from .report_html import render_html, view_model
from .reports import MEDIA_TYPES, render

router = APIRouter(tags=["Validation / Validering"])

T = Catalog({
    "title": {"nb": "Valider et oppsett", "en": "Validate a setup"},
    "intro": {
        "nb": "Last opp et utfylt regneark (.xlsx) eller en RDF-fil (Turtle, JSON-LD, TriG, N-Triples, RDF/XML) og "
              "få en rapport over hva som mangler i laget rundt barnet. Filen lagres ikke.",
        "en": "Upload a filled-in spreadsheet (.xlsx) or an RDF file (Turtle, JSON-LD, TriG, N-Triples, RDF/XML) and "
              "get a report of what is missing in the team around the child. The file is not stored.",
    },
    "file": {"nb": "Fil", "en": "File"},
    "submit": {"nb": "Valider", "en": "Validate"},
    "limit": {"nb": "Største filstørrelse: {mb:.1f} MB.", "en": "Largest file size: {mb:.1f} MB."},
    "step.template": {"nb": "1. Last ned regnearket", "en": "1. Download the spreadsheet"},
    "step.template.text": {
        "nb": "Velg kommunen din for å få regnearket utfylt med det lageret vet om den, eller last ned et tomt. "
              "Aktører, enheter, kommuner, kompetanseområder og nivåer velges ved navn fra nedtrekkslister.",
        "en": "Choose your municipality to get the spreadsheet filled in with what the store knows about it, or "
              "download a blank one. Actors, units, municipalities, competence areas and tiers are chosen by "
              "name from drop-down lists."},
    "picker": {"nb": "Kommune (navn eller nummer)", "en": "Municipality (name or number)"},
    "picker.hint": {"nb": "Tomt felt gir et tomt regneark.", "en": "Leave it empty for a blank spreadsheet."},
    "get_template": {"nb": "Last ned regnearket", "en": "Download the spreadsheet"},
    "blank": {"nb": "Last ned et tomt regneark", "en": "Download a blank spreadsheet"},
    "step.upload": {"nb": "2. Fyll ut og last opp", "en": "2. Fill in and upload"},
    "step.report": {"nb": "3. Rapporten", "en": "3. The report"},
    "download_report": {"nb": "Last ned rapport", "en": "Download report"},
    "no_municipality": {"nb": "Fant ingen entydig kommune for «{q}».", "en": "No single municipality matches “{q}”."},
    "busy": {"nb": "Tjeneren validerer andre filer akkurat nå; prøv igjen om litt.",
             "en": "The server is validating other files right now; try again in a moment."},
    "too_large": {"nb": "Opplastingen er større enn {mb:.1f} MB.", "en": "The upload is larger than {mb:.1f} MB."},
    "forbidden": {"nb": "Lagring krever gyldig oppdateringsnøkkel.", "en": "Storing requires a valid update token."},
    "stored": {"nb": "Lagret i {graphs}.", "en": "Stored in {graphs}."},
    "other_lang": {"nb": "English", "en": "Norsk"},
    "api_docs": {"nb": "API-dokumentasjon", "en": "API documentation"},
})

#: Media types a raw (non-multipart) upload may declare, and the format each means.
UPLOAD_TYPES = {
    "text/turtle": "ttl", "application/x-turtle": "ttl", "application/ld+json": "jsonld",
    "application/trig": "trig", "application/n-triples": "nt", "application/n-quads": "nq",
    "application/rdf+xml": "rdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
REPORT_FORMATS = ("json", "html", "ttl", "junit", "text")
UPLOAD_TYPES_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_base_cache: dict[int, bytes] = {}


def base_nquads(store: object) -> bytes | None:
    """The store's ontology and reference data as N-Quads for the validation child (None: use the
    bundled files), serialised once per version of those graphs (see :func:`.validation.stored.base_quads`)."""
    quads = base_quads(store)  # type: ignore[arg-type]
    if quads is None:
        return None
    if id(quads) not in _base_cache:
        _base_cache.clear()
        _base_cache[id(quads)] = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    return _base_cache[id(quads)]


async def _upload(request: Request, settings: Settings) -> tuple[bytes, str, str | None, dict[str, str]]:
    """(data, file name, explicit format, other form fields) from a multipart form or a raw body."""
    body = await read_capped(request, settings.max_upload_bytes)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        fields = {**request.query_params, **{k: v for k, v in form.items() if isinstance(v, str)}}
        if upload is None or isinstance(upload, str):
            return b"", "", None, fields
        data = await upload.read()
        return data, Path(upload.filename or "upload").name, None, fields
    name = request.query_params.get("name") or "upload"
    fmt = request.query_params.get("input") or UPLOAD_TYPES.get(media)
    return body, name, fmt, dict(request.query_params)


def _validate(data: bytes, name: str, fmt: str | None, settings: Settings, store: object, lang: str) -> Upload:
    """Validate one upload in a killable child with the query limits (see :mod:`.validation.isolated`)."""
    limits = Limits(settings.query_timeout_s, settings.query_memory_mb, settings.max_upload_bytes)
    return validate_isolated(data, name, fmt, base_nquads(store), lang, limits, slots=settings.query_workers,
                             wait_s=settings.query_queue_wait_s)


def _wants(request: Request, default: str) -> str:
    asked = request.query_params.get("format")
    if asked in REPORT_FORMATS:
        return asked
    accept = request.headers.get("accept", "")
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media == "text/html":
            return "html"
        if media in ("application/json", "*/*"):
            return "json" if media == "application/json" or default == "json" else default
        if media == "text/turtle":
            return "ttl"
    return default


def _may_store(request: Request, fields: dict[str, str], settings: Settings) -> bool | None:
    """None: not asked; True: asked with the right token; False: asked without it. ``store`` may be a
    form field or in the query string, for multipart uploads too."""
    asked = fields.get("store") or request.query_params.get("store") or ""
    if asked.lower() not in ("1", "true", "yes", "on"):
        return None
    token = settings.update_token
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), (token or "").encode())


_UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}},
    **{media: {"schema": {"type": "string", "format": "binary"}} for media in UPLOAD_TYPES},
}}}


@router.post("/api/validate", summary="Validate an uploaded setup / Valider et opplastet oppsett",
             responses={200: {"content": {MEDIA_TYPES[f]: {} for f in REPORT_FORMATS}}, 413: {}, 400: {}, 403: {}},
             openapi_extra=_UPLOAD_BODY)
async def validate_api(
    request: Request,
    settings: Annotated[Settings, Depends(get_settings)],
    lang: Annotated[str, Depends(get_lang)],
) -> Response:
    """Send the file as ``multipart/form-data`` (field ``file``) or as the raw body with its media type.
    The report is JSON unless ``Accept`` or ``?format=`` asks for html, ttl, junit or text.
    Status 200 with the report (``conforms`` tells the verdict), 400 unusable input, 413 too large."""
    store = store_of(request)
    fmt = _wants(request, "json")
    try:
        data, name, input_fmt, fields = await _upload(request, settings)
    except TooLarge:
        message = T("too_large", lang, mb=settings.max_upload_bytes / 1_048_576)
        return _error(413, message, fmt)
    try:
        checked = await run_in_threadpool(_validate, data, name, input_fmt, settings, store, lang)
    except ValidationBusy:
        return _error(503, T("busy", lang), fmt, {"Retry-After": "5"})
    report, parsed = checked.report, checked.parsed
    if report.problems:
        return _error(400, "\n".join(p.message for p in report.problems), fmt)
    headers = {}
    allowed = _may_store(request, fields, settings)
    if allowed is False:
        return _error(403, T("forbidden", lang), fmt)
    if allowed:
        from ..versions import Source, write

        # stored like any load: what it replaces is kept as a version, with the upload's name and SHA-256
        source = Source(name, hashlib.sha256(data).hexdigest())
        written = await run_in_threadpool(write, store, parsed, False, "upload", {p.path: source for p in parsed})
        headers["X-Laget-Stored"] = ", ".join(graph_short_name(g) for g in [*written, *written.unchanged])
    return Response(render(report, fmt, lang), media_type=MEDIA_TYPES[fmt], headers=headers)


def _error(status: int, message: str, fmt: str, headers: dict[str, str] | None = None) -> Response:
    if fmt == "html":
        from html import escape

        return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>{status}</title>"
                            f"<p class=problem>{escape(message)}</p>", status_code=status, headers=headers)
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _page(request: Request, lang: str, settings: Settings, checked: Upload | None, status: int = 200,
          error: str | None = None, chosen: str | None = None) -> HTMLResponse:
    report = checked.report if checked else None
    found = directory(store_of(request))
    context: dict[str, object] = {
        **base_context(lang), "t": lambda key, **kw: T(key, lang, **kw),
        "mb": settings.max_upload_bytes / 1_048_576, "error": error, "report": report,
        "municipalities": found.sorted(lang), "chosen": chosen,
    }
    if checked is not None and report is not None:
        context.update(view_model(report, lang, checked.titles, checked.origins))
        if report.setups:
            html = render_html(report, lang, titles=checked.titles, origins=checked.origins)
            context["report_url"] = "data:text/html;charset=utf-8;base64," + base64.b64encode(html.encode()).decode()
            context["report_name"] = f"rapport-{Path(checked.parsed[0].path).stem or 'oppsett'}.html"
    return templates.TemplateResponse(request, "validate.html", context, status_code=status)


@router.get("/validate", response_class=HTMLResponse, summary="Validation page / Valideringsside")
def validate_page(request: Request, lang: Annotated[str, Depends(get_lang)],
                  settings: Annotated[Settings, Depends(get_settings)],
                  municipality: Annotated[str | None, Query(max_length=100)] = None) -> HTMLResponse:
    """Download the spreadsheet (``municipality`` fills in the picker), upload it, read the report."""
    chosen = None
    if municipality:
        matches = directory(store_of(request)).find(municipality, lang)
        chosen = matches[0].choice(lang) if len(matches) == 1 else municipality
    return _page(request, lang, settings, None, chosen=chosen)


@router.get("/validate/template.xlsx", summary="The spreadsheet template / Regnearkmalen",
            responses={200: {"content": {UPLOAD_TYPES_XLSX: {}}}, 404: {}})
def template_download(request: Request, lang: Annotated[str, Depends(get_lang)],
                      settings: Annotated[Settings, Depends(get_settings)],
                      municipality: Annotated[str | None, Query(max_length=100,
                                                                description="name or number; empty: blank")] = None,
                      ) -> Response:
    """The coordinators' workbook: blank, or filled in with what the store holds for ``municipality``
    (name or number); every reference column offers the names of the store's actors."""
    store = store_of(request)
    setup_graphs: tuple[str, ...] = ()
    filename = "laget-mal"
    if municipality and municipality.strip():
        matches = directory(store).find(municipality, lang)
        if len(matches) != 1:
            return _page(request, lang, settings, None, 404, T("no_municipality", lang, q=municipality.strip()),
                         chosen=municipality)
        setup_graphs, filename = matches[0].setups, matches[0].slug
    setup = store.to_rdflib(setup_graphs) if setup_graphs else None
    reference = store.to_rdflib([GRAPH_REFERENCE, *setup_graphs])
    return Response(workbook(setup, reference), media_type=UPLOAD_TYPES_XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'})


@router.post("/validate", response_class=HTMLResponse, include_in_schema=False)
async def validate_form(request: Request, lang: Annotated[str, Depends(get_lang)],
                        settings: Annotated[Settings, Depends(get_settings)]) -> HTMLResponse:
    """The page's form posts here; the report is shown under the form."""
    try:
        data, name, input_fmt, _ = await _upload(request, settings)
    except TooLarge:
        limit = settings.max_upload_bytes / 1_048_576
        return _page(request, lang, settings, None, 413, T("too_large", lang, mb=limit))
    try:
        checked = await run_in_threadpool(_validate, data, name, input_fmt, settings, store_of(request), lang)
    except ValidationBusy:
        return _page(request, lang, settings, None, 503, T("busy", lang))
    status = 400 if checked.report.problems else 200
    return _page(request, lang, settings, checked, status)
