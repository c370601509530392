"""HTTP: find a municipality (``/kommune?q=``) and its page (``/kommune/3201``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..i18n import Catalog
from ..namespaces import graph_short_name
from ..network.places import directory, sort_key
from ..network.team import summary
from ..store import Store
from ..validation.stored import validate_stored
from ..versions import VersionError, history
from ..versions.diff import diff
from ..versions.wording import T as VT
from ..versions.wording import version_day
from .deps import STATIC_DIR, get_lang, get_store, templates
from .layout import base_context
from .report_html import view_model

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
    # the municipality page
    "title": {"nb": "laget rundt barnet", "en": "the team around the child"},
    "number": {"nb": "kommunenummer {number}", "en": "municipality number {number}"},
    "counts": {"nb": "{actors} aktører, {links} koblinger", "en": "{actors} actors, {links} links"},
    "printed": {"nb": "Utskrift fra laget-graph {date}", "en": "Printed from laget-graph on {date}"},
    "no_setup": {"nb": "Lageret har ikke noe oppsett for kommunen ennå. Last ned malen under «Valider», fyll den "
                       "ut og last den opp.",
                 "en": "The store holds no setup for this municipality yet. Download the template under "
                       "“Validate”, fill it in and upload it."},
    "actions": {"nb": "Handlinger", "en": "Actions"},
    "print": {"nb": "Skriv ut", "en": "Print"},
    "download": {"nb": "Last ned siden (HTML)", "en": "Download the page (HTML)"},
    "pdf": {"nb": "Last ned som PDF", "en": "Download as PDF"},
    "no_pdf": {"nb": "PDF krever WeasyPrint: pip install 'laget-graph[pdf]'.",
               "en": "PDF needs WeasyPrint: pip install 'laget-graph[pdf]'."},
    "to_network": {"nb": "Se nettverket", "en": "See the network"},
    "to_validate": {"nb": "Last ned regnearket og valider", "en": "Download the spreadsheet and validate"},
    "team": {"nb": "Laget på et blikk", "en": "The team at a glance"},
    "units": {"nb": "Barnehager og skoler", "en": "Kindergartens and schools"},
    "none_registered": {"nb": "ingen registrert", "en": "none registered"},
    "none_named": {"nb": "ingen oppgitt", "en": "none named"},
    "ppt": {"nb": "PP-tjenesten", "en": "PPT (educational-psychological service)"},
    "serves": {"nb": "betjener {n} av {of} barnehager og skoler", "en": "serves {n} of {of} kindergartens and schools"},
    "route": {"nb": "Henvisningsvei til Statped", "en": "Referral route to Statped"},
    "no_route": {"nb": "ingen registrert", "en": "none registered"},
    "health": {"nb": "Helsetjenester", "en": "Health services"},
    "childWelfare": {"nb": "Barnevern", "en": "Child welfare"},
    "coordinatingUnit": {"nb": "Koordinerende enhet", "en": "Coordinating unit"},
    "childCoordinator": {"nb": "Barnekoordinator", "en": "Child coordinator"},
    "programme": {"nb": "Kompetanseløftet: organisering, partnere og tiltak",
                  "en": "The competence programme: organisation, partners and measures"},
    "no_programme": {"nb": "Ingen kompetanseløft er registrert.", "en": "No competence programme is registered."},
    "measures": {"nb": "Tiltak", "en": "Measures"},
    "measure": {"nb": "Tiltak", "en": "Measure"},
    "status": {"nb": "Status", "en": "Status"},
    "tiers": {"nb": "Nivå", "en": "Tiers"},
    "areas": {"nb": "Tema", "en": "Topics"},
    "provider": {"nb": "Tilbyder / partner", "en": "Provider / partner"},
    "participants": {"nb": "Deltakere", "en": "Participants"},
    "period": {"nb": "Periode", "en": "Period"},
    "coverage": {"nb": "Dekning: kompetanseområde × nivå", "en": "Coverage: competence area × tier"},
    "coverage_note": {"nb": "Hvem i laget dekker hvert kompetanseområde på hvert nivå (1: barnehage og skole, "
                            "2: kommunens støttetjenester, 3: Statped og spesialisthelsetjenesten).",
                      "en": "Who in the team covers each competence area at each tier (1: kindergarten and school, "
                            "2: the municipality's support services, 3: Statped and specialist health care)."},
    "area": {"nb": "Kompetanseområde", "en": "Competence area"},
    "duties": {"nb": "Ansvar og rettsgrunnlag", "en": "Responsibilities and legal bases"},
    "duties_note": {"nb": "Hvem i laget som har hvilket ansvar etter loven eller kompetanseløftets regler, og "
                          "paragrafen det bygger på (lenke til Lovdata). Ansvar som følger av typen aktør, er med "
                          "selv om oppsettet ikke sier det.",
                    "en": "Who in the team holds which responsibility under the law or the programme's rules, and "
                          "the paragraph it rests on (link to Lovdata). Responsibilities that follow from the kind "
                          "of actor are included even where the setup does not state them."},
    "duty": {"nb": "Ansvar", "en": "Responsibility"},
    "holders": {"nb": "Hvem", "en": "Who"},
    "basis": {"nb": "Rettsgrunnlag", "en": "Legal basis"},
    "no_basis": {"nb": "ikke lovhjemlet (kompetanseløftets regler) eller ikke kontrollert",
                 "en": "not statutory (the programme's rules) or not checked"},
    "in_force": {"nb": "i kraft fra {date}", "en": "in force from {date}"},
    "in_force_act": {"nb": "loven i kraft fra {date}", "en": "the act in force from {date}"},
    "more": {"nb": "og {n} til", "en": "and {n} more"},
    "gap_cell": {"nb": "ingen dekning", "en": "no cover"},
    "key_gap": {"nb": "ingen dekker", "en": "no one covers"},
    "key_single": {"nb": "bare én dekker (sårbart)", "en": "only one covers (vulnerable)"},
    "weak": {"nb": "Hull og sårbare punkter", "en": "Gaps and single points of failure"},
    "no_weak": {"nb": "Ingen hull eller sårbare punkter funnet.", "en": "No gaps or single points of failure found."},
    "validation": {"nb": "Siste validering", "en": "Latest validation"},
    "versions": {"nb": "Versjoner", "en": "Versions"},
    "no_versions": {"nb": "Ingen versjoner er registrert for oppsettet.",
                    "en": "No versions are recorded for the setup."},
    "version_line": {"nb": "{setup}, versjon {number}: {how} {when}{source} ({status})",
                     "en": "{setup}, version {number}: {how} {when}{source} ({status})"},
    "version_from": {"nb": " fra {files}", "en": " from {files}"},
    "v.load": {"nb": "lastet inn", "en": "loaded"},
    "v.bundled": {"nb": "medfølgende data, lastet inn", "en": "bundled data, loaded"},
    "v.upload": {"nb": "lastet opp", "en": "uploaded"},
    "v.restore": {"nb": "hentet fram igjen", "en": "restored"},
    "v.current": {"nb": "gjeldende", "en": "current"},
    "v.replaced": {"nb": "erstattet {when}", "en": "replaced {when}"},
    "changes": {"nb": "{setup}: endret siden versjon {number}, lastet inn {when}",
                "en": "{setup}: changed since version {number}, loaded {when}"},
    "changes.more": {"nb": "… og {n} endringer til: laget diff {setup}",
                     "en": "… and {n} more changes: laget diff {setup}"},
})

#: How many sentences of a setup's changes the page shows (the rest: ``laget diff``).
MAX_CHANGES = 12


def _versions(setups: list[dict[str, Any]], store: Store, lang: str) -> list[str]:
    """Each of the municipality's setups' versions, newest first, as one line each (laget history)."""
    lines = []
    for setup in setups:
        for v in reversed(history(store, setup["iri"])):
            when = v.generated.date().isoformat() if v.generated else ""
            files = ", ".join(Path(s.name).name for s in v.sources)
            status = T("v.current", lang) if v.current else T(
                "v.replaced", lang, when=v.invalidated.date().isoformat() if v.invalidated else "")
            lines.append(T("version_line", lang, setup=setup["title"], number=v.number,
                           how=T(f"v.{v.origin}", lang) if v.origin else VT("loaded_undated", lang), when=when,
                           source=T("version_from", lang, files=files) if files else "", status=status))
    return lines


def _changes(setups: list[dict[str, Any]], store: Store, lang: str) -> list[dict[str, Any]]:
    """For each setup with an earlier version: what changed since it, in words (``laget diff``)."""
    found = []
    for setup in setups:
        try:
            d = diff(store, setup["iri"])
        except VersionError:  # no versions recorded, or not a setup with versions
            continue
        if d.old is None or not d.new.current:
            continue
        sentences = d.sentences(lang)
        found.append({"title": T("changes", lang, setup=setup["title"], number=d.old.number,
                                 when=version_day(d.old.generated, lang)),
                      "sentences": sentences[:MAX_CHANGES],
                      "more": T("changes.more", lang, n=len(sentences) - MAX_CHANGES,
                                setup=graph_short_name(setup["iri"]).removeprefix("setup/"))
                      if len(sentences) > MAX_CHANGES else None})
    return found


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


def _context(store: Store, number: str, lang: str) -> dict[str, Any] | None:
    """The summary, the latest validation of the municipality's setups and the page's texts."""
    s = summary(store, number, lang)
    if s is None:
        return None
    graphs = [g["iri"] for g in s["setups"]]
    report = validate_stored(store, graphs)
    titles = {g["iri"]: g["title"] for g in s["setups"]}
    return {**base_context(lang), "t": lambda key, **kw: T(key, lang, **kw), "s": s,
            **view_model(report, lang, titles), "versions": _versions(s["setups"], store, lang),
            "changes": _changes(s["setups"], store, lang),
            "today": date.today().isoformat(),
            "pdf": pdf_available()}


@router.get("/kommune/{number}", response_class=HTMLResponse,
            summary="The municipality page / Kommunesiden")
def municipality_page(request: Request, number: str, store: Annotated[Store, Depends(get_store)],
                      lang: Annotated[str, Depends(get_lang)]) -> Response:
    """The team around the child in one municipality, on one page a coordinator can print."""
    context = _context(store, number, lang)
    if context is None:
        return _list_page(request, store, lang, number, 404, T("unknown", lang, number=number))
    return templates.TemplateResponse(request, "kommune.html", context)


def standalone(store: Store, number: str, lang: str) -> str | None:
    """The page as one HTML file with its styles inside (no script, no outside request)."""
    context = _context(store, number, lang)
    if context is None:
        return None
    styles = [(STATIC_DIR / name).read_text(encoding="utf-8") for name in ("style.css", "validate.css", "kommune.css")]
    return templates.get_template("kommune_file.html").render(**context, styles=styles)


@router.get("/kommune/{number}/rapport.html", response_class=HTMLResponse,
            summary="The municipality page as one file / Kommunesiden som én fil")
def municipality_file(number: str, store: Annotated[Store, Depends(get_store)],
                      lang: Annotated[str, Depends(get_lang)]) -> Response:
    """Everything inside (styles too), to keep or send on; opens in any browser without a network."""
    html = standalone(store, number, lang)
    if html is None:
        return HTMLResponse(T("unknown", lang, number=number), status_code=404)
    disposition = f'attachment; filename="{_filename(store, number)}.html"'
    return HTMLResponse(html, headers={"Content-Disposition": disposition})


@router.get("/api/kommune/{number}", summary="The municipality summary as JSON / Kommunesammendraget som JSON")
def municipality_json(number: str, store: Annotated[Store, Depends(get_store)],
                      lang: Annotated[str, Depends(get_lang)]) -> Response:
    """What the municipality page shows (without the validation), labelled in ``lang``."""
    s = summary(store, number, lang)
    if s is None:
        return JSONResponse({"error": T("unknown", lang, number=number)}, status_code=404)
    return JSONResponse(s)


def _filename(store: Store, number: str) -> str:
    m = directory(store).get(number)
    return m.slug if m else f"laget-{number}"


def pdf_available() -> bool:
    """WeasyPrint (the ``pdf`` extra) renders the file as PDF without a browser; without it, no PDF link."""
    from importlib.util import find_spec

    return find_spec("weasyprint") is not None


def _no_fetching(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """The PDF renderer may fetch nothing: the file holds everything it shows."""
    raise ValueError(f"refused to fetch {url}")


@router.get("/kommune/{number}/rapport.pdf", summary="The municipality page as PDF / Kommunesiden som PDF",
            responses={200: {"content": {"application/pdf": {}}}, 404: {}})
def municipality_pdf(number: str, store: Annotated[Store, Depends(get_store)],
                     lang: Annotated[str, Depends(get_lang)]) -> Response:
    """The downloadable file printed to PDF (A4, the print stylesheet) by WeasyPrint, when installed."""
    html = standalone(store, number, lang) if pdf_available() else None
    if html is None:
        return HTMLResponse(T("unknown", lang, number=number) if pdf_available() else T("no_pdf", lang),
                            status_code=404)
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    disposition = f'attachment; filename="{_filename(store, number)}.pdf"'
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": disposition})
