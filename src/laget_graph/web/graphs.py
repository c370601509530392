"""Landing page (the three tasks), the about page, health check and download of each named graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import __version__
from ..i18n import Catalog
from ..namespaces import graph_iri
from ..network.places import directory
from ..store import EXPORT_FORMATS, Store, StoreError
from ..versions import is_current, is_versioned, kept_versions
from .deps import get_lang, get_store, is_iri, service_of, templates
from .layout import base_context

router = APIRouter(tags=["Pages and graphs / Sider og grafer"])

T = Catalog({
    "title": {"nb": "Laget rundt barnet", "en": "The team around the child"},
    "intro": {
        "nb": "Her ser du hvordan laget rundt barnet er organisert i kommunen din i Kompetanseløftet for "
              "spesialpedagogikk og inkluderende praksis – og hva som mangler. Velg en av de tre oppgavene.",
        "en": "See how the team around the child is organised in your municipality in the national programme "
              "for special education and inclusive practice – and what is missing. Pick one of the three tasks.",
    },
    "task.kommune": {"nb": "1. Se laget i kommunen din", "en": "1. See your municipality's team"},
    "task.kommune.text": {
        "nb": "Hvem er med, hvem dekker hva på hvilket nivå, hvor det er hull, og hva valideringen fant. "
              "Siden kan skrives ut eller lastes ned.",
        "en": "Who takes part, who covers what at which tier, where the gaps are, and what validation found. "
              "The page can be printed or downloaded.",
    },
    "picker": {"nb": "Kommune (navn eller nummer)", "en": "Municipality (name or number)"},
    "picker.hint": {"nb": "Skriv for eksempel «Bærum» eller «3201».", "en": "Type for example “Bærum” or “3201”."},
    "show": {"nb": "Vis kommunen", "en": "Show the municipality"},
    "with_setup": {"nb": "Kommuner med oppsett i lageret:", "en": "Municipalities with a setup in the store:"},
    "task.validate": {"nb": "2. Sjekk oppsettet ditt", "en": "2. Check your setup"},
    "task.validate.text": {
        "nb": "Last ned regnearket (tomt eller utfylt for kommunen din), fyll det ut, last det opp igjen, "
              "og få en rapport som sier hvilken celle som må rettes.",
        "en": "Download the spreadsheet (blank or filled in for your municipality), fill it in, upload it "
              "again, and get a report that says which cell to fix.",
    },
    "task.validate.link": {"nb": "Til valideringen", "en": "Go to validation"},
    "task.network": {"nb": "3. Se samarbeidsnettverket", "en": "3. See the collaboration network"},
    "task.network.text": {
        "nb": "Hvem samarbeider med hvem rundt barnet, som et bilde du kan filtrere, skrive ut og sende videre.",
        "en": "Who works with whom around the child, as a picture you can filter, print and send on.",
    },
    "task.network.link": {"nb": "Til nettverket", "en": "Go to the network"},
    "about.title": {"nb": "Om laget-graph og API-et", "en": "About laget-graph and the API"},
    "about.intro": {
        "nb": "Kunnskapsgraf over laget rundt barnet i Kompetanseløftet for spesialpedagogikk og "
              "inkluderende praksis: aktører, ansvar, kompetanseområder og trenivåmodellen.",
        "en": "A knowledge graph of the team around the child in the national programme for special "
              "education and inclusive practice: actors, responsibilities, competence areas and the "
              "three-tier model.",
    },
    "api": {"nb": "For utviklere", "en": "For developers"},
    "api.docs": {"nb": "API-dokumentasjon (Swagger UI)", "en": "API documentation (Swagger UI)"},
    "api.redoc": {"nb": "API-dokumentasjon (ReDoc)", "en": "API documentation (ReDoc)"},
    "api.openapi": {"nb": "OpenAPI-beskrivelsen (JSON)", "en": "The OpenAPI description (JSON)"},
    "api.sparql": {"nb": "SPARQL-endepunktet og spørreeditoren", "en": "The SPARQL endpoint and query editor"},
    "graphs": {"nb": "Grafer i lageret", "en": "Graphs in the store"},
    "graph": {"nb": "Graf", "en": "Graph"},
    "short": {"nb": "Kortnavn", "en": "Short name"},
    "triples": {"nb": "Tripler", "en": "Triples"},
    "download": {"nb": "Last ned", "en": "Download"},
    "total": {"nb": "Totalt", "en": "Total"},
    "empty": {"nb": "Lageret er tomt.", "en": "The store is empty."},
    "no_graph": {"nb": "Ingen graf med navnet {graph}.", "en": "No graph named {graph}."},
    "versions": {"nb": "Versjoner", "en": "Versions"},
    "versions_note": {
        "nb": "Gjeldende grafer. Versjoner: den gjeldende pluss de tidligere som er tatt vare på "
              "(laget history, /api/setups/…/history).",
        "en": "The current graphs. Versions: the current one plus the earlier ones kept "
              "(laget history, /api/setups/…/history).",
    },
})

FORMAT_BY_MEDIA = {media: short for short, (_, media) in EXPORT_FORMATS.items()}


@router.get("/", response_class=HTMLResponse, summary="Landing page / Startside")
def index(request: Request, store: Annotated[Store, Depends(get_store)],
          lang: Annotated[str, Depends(get_lang)]) -> HTMLResponse:
    """The three tasks of a coordinator and the municipality picker."""
    found = directory(store)
    return templates.TemplateResponse(request, "index.html", {
        **base_context(lang), "t": lambda key: T(key, lang), "municipalities": found.sorted(lang),
        "with_setups": found.with_setups(lang),
    })


@router.get("/om", response_class=HTMLResponse, summary="About and API / Om og API")
def about(request: Request, store: Annotated[Store, Depends(get_store)],
          lang: Annotated[str, Depends(get_lang)]) -> HTMLResponse:
    """What the project is, where the API is documented, and the current graphs in the store by name,
    with their versions (earlier versions are listed by their history)."""
    graphs = [g for g in store.graphs() if is_current(g.iri)]
    found = directory(store)
    return templates.TemplateResponse(request, "about.html", {
        **base_context(lang), "t": lambda key: T(key, lang),
        "graphs": [(g, found.graph_title(g.iri, lang)) for g in graphs],
        "total": sum(g.triples for g in graphs), "formats": list(EXPORT_FORMATS),
        "kept": kept_versions(store), "versioned": is_versioned,
    })


@router.get("/health", summary="Health check / Helsesjekk")
def health(request: Request, store: Annotated[Store, Depends(get_store)]) -> dict[str, object]:
    """Cheap liveness and readiness: the store answers and holds data; and where queries are
    answered from (disk at first, in-memory copies when ready)."""
    graphs = store.graphs()
    return {"status": "ok", "version": __version__, "graphs": len(graphs),
            "triples": sum(g.triples for g in graphs),
            "store": store.kind, **service_of(request).status()}


@router.get("/api/graphs", summary="List graphs / Liste over grafer")
def list_graphs(store: Annotated[Store, Depends(get_store)]) -> list[dict[str, object]]:
    """Every named graph; ``current`` is false for earlier versions, histories and ``lgg:current``."""
    return [{"name": g.name, "iri": g.iri, "triples": g.triples, "current": is_current(g.iri)}
            for g in store.graphs()]


@router.get("/graphs/{name:path}", summary="Download a graph / Last ned en graf",
            responses={200: {"content": {m: {} for _, m in EXPORT_FORMATS.values()}}})
def download_graph(
    name: str,
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    lang: Annotated[str, Depends(get_lang)],
    fmt: Annotated[str | None, Query(alias="format", description="ttl, jsonld, nt, rdfxml")] = None,
) -> Response:
    """Serialise one named graph. ``?format=`` wins over the ``Accept`` header; Turtle by default."""
    if not is_iri(graph_iri(name)):  # no graph can have that name
        raise HTTPException(404, T("no_graph", lang, graph=name))
    chosen = fmt or _negotiate(request.headers.get("accept", ""))
    if chosen not in EXPORT_FORMATS:
        raise HTTPException(406 if fmt is None else 400,
                            f"unsupported format {chosen!r}; use one of {', '.join(EXPORT_FORMATS)}")
    try:
        body = store.export(name, chosen)
    except StoreError as exc:
        raise HTTPException(404, str(exc)) from None
    media = EXPORT_FORMATS[chosen][1]
    filename = name.replace("/", "-") + {"ttl": ".ttl", "jsonld": ".jsonld", "nt": ".nt", "rdfxml": ".rdf"}[chosen]
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def _negotiate(accept: str) -> str:
    """Pick the first acceptable RDF format from an Accept header; anything-goes means Turtle."""
    if not accept.strip():
        return "ttl"
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in FORMAT_BY_MEDIA:
            return FORMAT_BY_MEDIA[media]
        if media in ("*/*", "text/*", "application/*"):
            return "ttl"
    return "none"
