"""Names in nb and en for every IRI the network shows, read once from the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import LANGS


def local_name(iri: str) -> str:
    """The last segment of an IRI, the name of last resort."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


@dataclass
class Labels:
    """``iri → {lang: label}``; a missing language falls back to the other, then the local name."""

    texts: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, iri: str, text: str, lang: str | None) -> None:
        entry = self.texts.setdefault(iri, {})
        if lang in LANGS:
            entry.setdefault(lang, text)
        elif lang in (None, "", "no", "nn"):
            entry.setdefault("", text)

    def get(self, iri: str, lang: str = "nb") -> str:
        entry = self.texts.get(iri, {})
        for key in (lang, "", *LANGS):
            if entry.get(key):
                return entry[key]
        return local_name(iri)

    def both(self, iri: str) -> dict[str, str]:
        return {lang: self.get(iri, lang) for lang in LANGS}
