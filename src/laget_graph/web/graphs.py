"""Landing page, health check and download of each named graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import __version__
from ..i18n import Catalog
from ..store import EXPORT_FORMATS, Store, StoreError
from ..versions import is_current, is_versioned, kept_versions
from .deps import get_lang, get_store, templates

router = APIRouter()

T = Catalog({
    "title": {"nb": "laget-graph: laget rundt barnet", "en": "laget-graph: the team around the child"},
    "intro": {
        "nb": "Kunnskapsgraf over laget rundt barnet i Kompetanseløftet for spesialpedagogikk og "
              "inkluderende praksis: aktører, ansvar, kompetanseområder og trenivåmodellen.",
        "en": "A knowledge graph of the team around the child in the national programme for special "
              "education and inclusive practice: actors, responsibilities, competence areas and the "
              "three-tier model.",
    },
    "graphs": {"nb": "Grafer i lageret", "en": "Graphs in the store"},
    "graph": {"nb": "Graf", "en": "Graph"},
    "triples": {"nb": "Tripler", "en": "Triples"},
    "download": {"nb": "Last ned", "en": "Download"},
    "total": {"nb": "Totalt", "en": "Total"},
    "empty": {"nb": "Lageret er tomt.", "en": "The store is empty."},
    "other_lang": {"nb": "English", "en": "Norsk"},
    "privacy": {
        "nb": "Grafen beskriver organisasjoner, roller, ansvar og kompetanse – aldri opplysninger om et barn.",
        "en": "The graph describes organisations, roles, responsibilities and competence – never data about a child.",
    },
    "api_docs": {"nb": "API-dokumentasjon", "en": "API documentation"},
    "versions": {"nb": "Versjoner", "en": "Versions"},
    "versions_note": {
        "nb": "Versjoner: gjeldende pluss tidligere versjoner som er tatt vare på (laget history, /api/setups).",
        "en": "Versions: the current one plus the earlier versions kept (laget history, /api/setups).",
    },
})

FORMAT_BY_MEDIA = {media: short for short, (_, media) in EXPORT_FORMATS.items()}


@router.get("/", response_class=HTMLResponse, summary="Landing page / Startside")
def index(request: Request, store: Annotated[Store, Depends(get_store)],
          lang: Annotated[str, Depends(get_lang)]) -> HTMLResponse:
    graphs = [g for g in store.graphs() if is_current(g.iri)]  # versions are in the history
    return templates.TemplateResponse(request, "index.html", {
        "t": lambda key: T(key, lang), "lang": lang, "other": "en" if lang == "nb" else "nb",
        "graphs": graphs, "total": sum(g.triples for g in graphs), "formats": list(EXPORT_FORMATS),
        "version": __version__, "kept": kept_versions(store), "versioned": is_versioned,
    })


@router.get("/health", summary="Health check / Helsesjekk")
def health(store: Annotated[Store, Depends(get_store)]) -> dict[str, object]:
    """Cheap liveness and readiness: the store answers and holds data."""
    graphs = store.graphs()
    return {"status": "ok", "version": __version__, "graphs": len(graphs),
            "triples": sum(g.triples for g in graphs),
            "store": store.kind}


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
    fmt: Annotated[str | None, Query(alias="format", description="ttl, jsonld, nt, rdfxml")] = None,
) -> Response:
    """Serialise one named graph. ``?format=`` wins over the ``Accept`` header; Turtle by default."""
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
