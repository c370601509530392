"""Named queries over HTTP: ``GET /api/queries`` lists them, ``GET /api/queries/{name}?param=…``
answers one as JSON rows (or CSV by ``Accept``). One route per query, so every parameter appears
with its type, default and description in the OpenAPI docs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..sparql import editor, named
from ..sparql.errors import SparqlError
from ..sparql.results import ROWS, Answer, plain_body
from .deps import answer_response, client_of, get_lang, lang_of, service_of

router = APIRouter(tags=["Named queries / Navngitte spørringer"])

_CSV = "text/csv"
_SPARQL = "application/sparql-query"

@router.get("/api/queries", summary="List the named queries / Liste over navngitte spørringer")
def list_queries(lang: Annotated[str, Depends(get_lang)]) -> list[dict[str, object]]:
    """Every named query with its title, description, parameters and SPARQL (defaults bound)."""
    return [q.summary(lang) for q in named.registry().values()]


def run_named(request: Request, name: str, values: dict[str, str], lang: str) -> Response:
    """Bind, guard and run a named query; JSON rows, or CSV when the client asks for it; with
    ``format=sparql`` only the bound query, for the editor's form (nothing runs)."""
    service = service_of(request)
    try:
        query = named.get(name)
        if request.query_params.get("format") == "sparql":
            return Response(query.bind(values), media_type=f"{_SPARQL}; charset=utf-8")
        checked = service.check(query.bind(values))
        answer = service.run(checked, _media(request), client=client_of(request))
    except SparqlError as exc:
        return _refusal(exc, lang)
    return _named_answer(answer, name, lang)


async def run_named_soon(request: Request, name: str, values: dict[str, str], lang: str) -> Response:
    """:func:`run_named` on the event loop (binding takes microseconds): a query checked before is
    answered without the thread pool when a worker is idle (``SparqlService.check_soon``, ``run_soon``)."""
    service = service_of(request)
    try:
        checked = await service.check_soon(named.get(name).bind(values), in_thread=run_in_threadpool)
        answer = await service.run_soon(checked, _media(request), client=client_of(request),
                                        in_thread=run_in_threadpool)
    except SparqlError as exc:
        return _refusal(exc, lang)
    return _named_answer(answer, name, lang)


def _media(request: Request) -> str:
    """CSV when the client asks for it, else plain rows (made in the worker)."""
    wants_csv = request.query_params.get("format") == "csv" or _CSV in request.headers.get("accept", "")
    return _CSV if wants_csv else ROWS


def _refusal(exc: SparqlError, lang: str) -> JSONResponse:
    return JSONResponse({"error": exc.message(lang)}, status_code=exc.status, headers=exc.headers)


def _named_answer(answer: Answer, name: str, lang: str) -> Response:
    if answer.media_type == _CSV:
        return answer_response(answer)
    # The rows as the worker wrote them, the query's name and the notice spliced around them.
    headers = {k: v for k, v in answer_response(answer).headers.items() if k.startswith("laget")}
    return Response(plain_body(answer, name, notice=answer.notice(lang)), media_type="application/json",
                    headers=headers)


def _add_route(query: named.NamedQuery) -> None:
    """A GET route for one query, its parameters listed with type, default and description in the
    OpenAPI docs. Listed there, not in the function's signature: FastAPI would validate every one on
    every request (all are optional text, which :meth:`named.NamedQuery.bind` checks anyway), a
    measurable share of a light query's time."""

    async def endpoint(request: Request) -> Response:
        # Every URL parameter but lang/format is a query parameter: unknown ones are refused.
        given = {k: v for k, v in request.query_params.items() if k not in ("lang", "format")}
        if service_of(request).answers_soon and request.query_params.get("format") != "sparql":
            return await run_named_soon(request, query.name, given, lang_of(request))
        return await run_in_threadpool(run_named, request, query.name, given, lang_of(request))

    parameters = [{"name": p.name, "in": "query", "required": False,
                   "description": f"{p.label['en']} / {p.label['nb']} ({p.type}; default {p.default or '—'})",
                   "schema": {"type": "string", **({"examples": [p.default]} if p.default else {})}}
                  for p in query.params]
    endpoint.__name__ = "query_" + query.name.replace("-", "_")
    router.add_api_route(f"/api/queries/{query.name}", endpoint, methods=["GET"],
                         summary=f"{query.title['en']} / {query.title['nb']}",
                         description=f"{query.description['en']}\n\n{query.description['nb']}",
                         response_class=JSONResponse, openapi_extra={"parameters": parameters},
                         responses={200: {"content": {"application/json": {}, _CSV: {}}}})


for _query in named.registry().values():
    _add_route(_query)


@router.get("/api/queries/{name}/choices/{param}",
            summary="Values a parameter can take / Verdier en parameter kan ha")
def parameter_choices(request: Request, name: str, param: str,
                      lang: Annotated[str, Depends(get_lang)]) -> Response:
    """The values of an ``iri`` parameter with a ``#+ range:`` (concepts of a scheme, instances of a
    class), each with its label in the reader's language, for the editor's form."""
    try:
        found = editor.choices(service_of(request), named.get(name), param, lang)
    except SparqlError as exc:
        return JSONResponse({"error": exc.message(lang)}, status_code=exc.status, headers=exc.headers)
    return JSONResponse(found)


@router.get("/api/vocabulary", summary="The ontology's classes and properties / Ontologiens klasser og egenskaper")
def vocabulary(request: Request) -> dict[str, list[str]]:
    """IRIs of the classes and properties the local ontology declares or builds on, for the query
    editor's autocompletion (no outside service is asked)."""
    return editor.vocabulary(service_of(request))


@router.get("/api/queries/{name}", summary="Unknown named query / Ukjent navngitt spørring",
            include_in_schema=False)
def unknown_query(name: str, lang: Annotated[str, Depends(get_lang)]) -> Response:
    return JSONResponse({"error": named.ParamError("no_named_query", status=404, name=name).message(lang)},
                        status_code=404)
