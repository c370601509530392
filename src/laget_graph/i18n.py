"""Bilingual (Norwegian bokmål / English) messages.

Each module keeps its own :class:`Catalog` next to the code that speaks, so a message and its use
stay together; this module only resolves a key in the chosen language.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGS = ("nb", "en")


class Catalog:
    """A set of messages, each given in every language of :data:`LANGS`."""

    def __init__(self, messages: Mapping[str, Mapping[str, str]]) -> None:
        for key, texts in messages.items():
            missing = [lang for lang in LANGS if lang not in texts]
            if missing:
                raise ValueError(f"message {key!r} lacks {missing}")
        self._messages = messages

    def __call__(self, key: str, lang: str = "nb", **values: object) -> str:
        """The message ``key`` in ``lang`` (falling back to nb), with ``{placeholders}`` filled in."""
        texts = self._messages[key]
        return texts.get(lang, texts["nb"]).format(**values)

    def both(self, key: str, **values: object) -> str:
        """Both languages on one line, for texts shown before a language is chosen (help)."""
        return " / ".join(self(key, lang, **values) for lang in LANGS)

    def keys(self) -> list[str]:
        return list(self._messages)

    def __contains__(self, key: object) -> bool:
        return key in self._messages


def pick_lang(accept_language: str | None, default: str = "nb") -> str:
    """Choose nb or en from an HTTP ``Accept-Language`` header."""
    if not accept_language:
        return default
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith(("nb", "no", "nn")):
            return "nb"
        if tag.startswith("en"):
            return "en"
    return default
