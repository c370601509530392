"""Every validation report format, the html one included: what ``laget validate`` and ``/api/validate`` offer.

The core renderers (text, json, ttl, junit) live in ``validation.render``; the html report uses jinja2
templates, which belong to delivery, so the full table is assembled here."""

from __future__ import annotations

from collections.abc import Callable

from ..validation.render import FORMATS as CORE_FORMATS
from ..validation.render import MEDIA_TYPES
from ..validation.report import Report
from .report_html import render_html

FORMATS: dict[str, Callable[..., str]] = {**CORE_FORMATS, "html": render_html}

__all__ = ["FORMATS", "MEDIA_TYPES", "render"]


def render(report: Report, fmt: str, lang: str = "nb", fail_on: str = "violation") -> str:
    """The report in one of :data:`FORMATS`."""
    return FORMATS[fmt](report, lang=lang, fail_on=fail_on)
