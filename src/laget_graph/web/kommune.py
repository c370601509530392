"""HTTP: find a municipality (``/kommune?q=``) and its page (``/kommune/3201``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..i18n import Catalog
from ..network.places import directory, sort_key
from ..store import Store
from .deps import get_lang, get_store, templates
from .layout import base_context

router = APIRouter(tags=["Municipality / Kommune"])

T = Catalog({
    "list.title": {"nb": "Velg kommune", "en": "Choose a municipality"},
    "list.intro": {"nb": "Søk etter navn eller kommunenummer, eller velg fra listen.",
                   "en": "Search by name or municipality number, or choose from the list."},
    "picker": {"nb": "Kommune (navn eller nummer)", "en": "Municipality (name or number)"},
    "picker.hint": {"nb": "Skriv for eksempel «Bærum» eller «3201».", "en": "Type for example “Bærum” or “3201”."},
    "show": {"nb": "Vis kommunen", "en": "Show the municipality"},
    "matches": {"nb": "Flere kommuner passer til «{q}»:", "en": "Several municipalities match “{q}”:"},
    "no_match": {"nb": "Ingen kommune passer til «{q}». Prøv et annet navn eller et nummer med fire sifre.",
                 "en": "No municipality matches “{q}”. Try another name or a four-digit number."},
    "with_setup": {"nb": "Kommuner med oppsett i lageret", "en": "Municipalities with a setup in the store"},
    "all": {"nb": "Alle kommuner, etter fylke", "en": "All municipalities, by county"},
    "none_stored": {"nb": "Lageret har ingen oppsett ennå.", "en": "The store holds no setup yet."},
    "unknown": {"nb": "Fant ingen kommune med nummer {number}.", "en": "No municipality has the number {number}."},
    "no_county": {"nb": "Uten fylke", "en": "No county"},
})


def _list_page(request: Request, store: Store, lang: str, query: str | None, status: int = 200,
               message: str | None = None, matches: list | None = None) -> HTMLResponse:
    """The picker and every municipality by county; ``message`` is an alert when nothing matched."""
    found = directory(store)
    counties: dict[str, list] = {}
    for m in found.sorted(lang):
        counties.setdefault(m.county_name(lang) or T("no_county", lang), []).append(m)
    return templates.TemplateResponse(request, "kommune_list.html", {
        **base_context(lang), "t": lambda key, **kw: T(key, lang, **kw), "query": query, "message": message,
        "matches": matches or [], "municipalities": found.sorted(lang), "with_setups": found.with_setups(lang),
        "counties": sorted(counties.items(), key=lambda kv: sort_key(kv[0])), "alert": status == 404,
    }, status_code=status)


@router.get("/kommune", response_class=HTMLResponse, summary="Find a municipality / Finn en kommune",
            responses={303: {"description": "exactly one match: its page"}})
def find_municipality(request: Request, store: Annotated[Store, Depends(get_store)],
                      lang: Annotated[str, Depends(get_lang)],
                      q: Annotated[str | None, Query(max_length=100, description="name or number")] = None,
                      ) -> Response:
    """Without ``q``: every municipality. With ``q``: its page when exactly one municipality matches
    (by number, name or the start of a name), else the matches to choose from."""
    if q is None or not q.strip():
        return _list_page(request, store, lang, None)
    matches = directory(store).find(q, lang)
    if len(matches) == 1:
        return RedirectResponse(f"/kommune/{matches[0].number}?" + urlencode({"lang": lang}), status_code=303)
    if not matches:
        return _list_page(request, store, lang, q, 404, T("no_match", lang, q=q.strip()))
    return _list_page(request, store, lang, q, 200, T("matches", lang, q=q.strip()), matches)


@router.get("/kommune/{number}", response_class=HTMLResponse,
            summary="The municipality page / Kommunesiden")
def municipality_page(request: Request, number: str, store: Annotated[Store, Depends(get_store)],
                      lang: Annotated[str, Depends(get_lang)]) -> Response:
    """The team around the child in one municipality, on one page a coordinator can print."""
    found = directory(store)
    municipality = found.get(number)
    if municipality is None:
        return _list_page(request, store, lang, number, 404, T("unknown", lang, number=number))
    return templates.TemplateResponse(request, "kommune.html", {
        **base_context(lang), "t": lambda key, **kw: T(key, lang, **kw), "m": municipality,
        "setups": [(g, found.graph_title(g, lang), found.setup_description(g, lang)) for g in municipality.setups],
    })
