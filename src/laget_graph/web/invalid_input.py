"""A request whose parameters do not fit the API (``?year=abc``, a missing ``query``) is answered in the
reader's language, naming each parameter, where it was and what it must be. FastAPI's own answer is in
English only; its ``detail`` list stays in the body for programs that read it."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ..i18n import Catalog
from .deps import lang_of

T = Catalog({
    "invalid": {"nb": "Ugyldig verdi for «{field}» ({where}): {rule}.",
                "en": "Invalid value for “{field}” ({where}): {rule}."},
    "where.query": {"nb": "i adressen", "en": "in the address"},
    "where.path": {"nb": "i stien", "en": "in the path"},
    "where.body": {"nb": "i skjemaet eller innholdet", "en": "in the form or body"},
    "where.header": {"nb": "i en header", "en": "in a header"},
    "where.cookie": {"nb": "i en informasjonskapsel", "en": "in a cookie"},
    "missing": {"nb": "mangler", "en": "is missing"},
    "int_parsing": {"nb": "må være et heltall, ikke «{input}»", "en": "must be a whole number, not “{input}”"},
    "float_parsing": {"nb": "må være et tall, ikke «{input}»", "en": "must be a number, not “{input}”"},
    "bool_parsing": {"nb": "må være true eller false, ikke «{input}»",
                     "en": "must be true or false, not “{input}”"},
    "greater_than_equal": {"nb": "må være minst {ge}", "en": "must be at least {ge}"},
    "less_than_equal": {"nb": "må være høyst {le}", "en": "must be at most {le}"},
    "greater_than": {"nb": "må være over {gt}", "en": "must be over {gt}"},
    "less_than": {"nb": "må være under {lt}", "en": "must be under {lt}"},
    "string_too_short": {"nb": "må ha minst {min_length} tegn", "en": "must have at least {min_length} characters"},
    "string_too_long": {"nb": "kan ha høyst {max_length} tegn", "en": "may have at most {max_length} characters"},
    "string_pattern_mismatch": {"nb": "har ikke formen {pattern}", "en": "does not have the form {pattern}"},
    "enum": {"nb": "må være en av {expected}", "en": "must be one of {expected}"},
    "other": {"nb": "passer ikke ({msg})", "en": "does not fit ({msg})"},
})


def describe(error: dict[str, Any], lang: str) -> str:
    """One sentence for one of pydantic's errors, in ``lang``."""
    where, *field = [str(part) for part in error.get("loc", ())] or ["query"]
    kind = error.get("type", "")
    values = {**{k: v for k, v in (error.get("ctx") or {}).items()}, "input": error.get("input"),
              "msg": error.get("msg", "")}
    rule = T(kind, lang, **values) if kind in T else T("other", lang, **values)
    place = T(f"where.{where}", lang) if f"where.{where}" in T else where
    return T("invalid", lang, field=".".join(field) or where, where=place, rule=rule)


def invalid_input(request: Request, exc: Exception) -> JSONResponse:
    """422 with ``message`` (every problem, in the reader's language) beside FastAPI's ``detail``."""
    assert isinstance(exc, RequestValidationError)
    lang = lang_of(request)
    errors = list(exc.errors())
    message = " ".join(describe(error, lang) for error in errors)
    return JSONResponse({"message": message, "detail": jsonable_encoder(errors)}, status_code=422)
