"""Report renderers without a template engine: text, json, ttl (sh:ValidationReport) and junit, each in nb and en.

The html report needs jinja2 and so lives in delivery (``laget_graph.web.reports``), which adds it to these."""

from __future__ import annotations

from collections.abc import Callable

from ..report import Report
from .json import render_json
from .junit import render_junit
from .text import render_text
from .turtle import render_ttl

FORMATS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "ttl": render_ttl,
    "junit": render_junit,
}

MEDIA_TYPES = {
    "text": "text/plain; charset=utf-8",
    "json": "application/json",
    "ttl": "text/turtle",
    "junit": "application/xml",
    "html": "text/html; charset=utf-8",
}


def render(report: Report, fmt: str, lang: str = "nb", fail_on: str = "violation") -> str:
    """The report in one of :data:`FORMATS`."""
    return FORMATS[fmt](report, lang=lang, fail_on=fail_on)
