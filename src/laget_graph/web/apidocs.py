"""API documentation that works offline: Swagger UI at ``/docs`` and ReDoc at ``/redoc``.

FastAPI's own pages load both from a CDN and start Swagger UI with an inline script; our CSP forbids
both (and a coordinator's machine may have no internet). Here the assets come from npm into the
ignored ``static/vendor/`` folder (``make setup-serve``), the page is one of ours (menu, language),
and Swagger UI is started by a script file of our own, so ``/docs`` runs under the app's CSP
unchanged. ReDoc's search runs in a Web Worker it makes from a ``blob:`` URL: only ``/redoc``
allows ``worker-src blob:``, nothing else.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..i18n import Catalog
from .deps import CONTENT_SECURITY_POLICY, STATIC_DIR, get_lang, templates
from .layout import base_context

router = APIRouter(include_in_schema=False)

T = Catalog({
    "title": {"nb": "API-dokumentasjon", "en": "API documentation"},
    "intro.swagger": {"nb": "Alle operasjonene til tjenesten, med parametere og svar. Prøv dem direkte her.",
                      "en": "Every operation of the service, with parameters and answers. Try them right here."},
    "intro.redoc": {"nb": "Alle operasjonene til tjenesten, med parametere og svar, til å lese og søke i.",
                    "en": "Every operation of the service, with parameters and answers, to read and search."},
    "redoc": {"nb": "Samme dokumentasjon som lesevisning (ReDoc)", "en": "The same documentation as a reader (ReDoc)"},
    "swagger": {"nb": "Samme dokumentasjon med «prøv selv» (Swagger UI)",
                "en": "The same documentation with “try it out” (Swagger UI)"},
    "openapi": {"nb": "OpenAPI-beskrivelsen (JSON)", "en": "The OpenAPI description (JSON)"},
    "content_type": {"nb": "Innholdstype", "en": "Content type"},
    "missing": {
        "nb": "Visningen er ikke installert: kjør «make setup-serve». OpenAPI-beskrivelsen finnes likevel på "
              "/openapi.json.",
        "en": "The viewer is not installed: run “make setup-serve”. The OpenAPI description is at /openapi.json "
              "regardless.",
    },
})

VENDOR = STATIC_DIR / "vendor"
SWAGGER_FILES = ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css")
REDOC_FILES = ("redoc/redoc.standalone.js",)
#: The app's policy plus Web Workers from blob: URLs (ReDoc's search index), for /redoc only.
REDOC_POLICY = CONTENT_SECURITY_POLICY + "; worker-src 'self' blob:"


def installed(files: tuple[str, ...]) -> bool:
    return all((VENDOR / f).is_file() for f in files)


def _page(request: Request, lang: str, viewer: str, files: tuple[str, ...]) -> HTMLResponse:
    return templates.TemplateResponse(request, "apidocs.html", {
        **base_context(lang), "t": lambda key: T(key, lang), "viewer": viewer, "installed": installed(files),
        "openapi_url": request.app.openapi_url,
    })


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request, lang: Annotated[str, Depends(get_lang)]) -> HTMLResponse:
    return _page(request, lang, "swagger", SWAGGER_FILES)


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request, lang: Annotated[str, Depends(get_lang)]) -> HTMLResponse:
    response = _page(request, lang, "redoc", REDOC_FILES)
    response.headers["content-security-policy"] = REDOC_POLICY
    return response
