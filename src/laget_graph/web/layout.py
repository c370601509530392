"""What every page shares: the navigation, the language switch and the footer, in nb and en.

The texts are template globals (``nav(key, lang)``), so each router's catalog holds only its own
page's words and no page can forget the way to the others."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from .. import __version__
from ..i18n import Catalog

NAV = Catalog({
    "skip": {"nb": "Hopp til innholdet", "en": "Skip to content"},
    "menu": {"nb": "Hovedmeny", "en": "Main menu"},
    "home": {"nb": "laget-graph – til startsiden", "en": "laget-graph – to the start page"},
    "kommune": {"nb": "Kommune", "en": "Municipality"},
    "network": {"nb": "Nettverk", "en": "Network"},
    "validate": {"nb": "Valider", "en": "Validate"},
    "sparql": {"nb": "Spørringer", "en": "Queries"},
    "about": {"nb": "Om/API", "en": "About/API"},
    "other_lang": {"nb": "English", "en": "Norsk"},
    "other_lang_name": {"nb": "Read this page in English", "en": "Les siden på norsk"},
    "api_docs": {"nb": "API-dokumentasjon", "en": "API documentation"},
    "privacy": {
        "nb": "Grafen beskriver organisasjoner, roller, ansvar og kompetanse – aldri opplysninger om et barn.",
        "en": "The graph describes organisations, roles, responsibilities and competence – never data about a child.",
    },
})

#: (key, path): the main menu, in the order a coordinator meets the tasks.
MENU = (("kommune", "/kommune"), ("network", "/network"), ("validate", "/validate"), ("sparql", "/sparql"),
        ("about", "/om"))


#: Pages that belong under a menu entry without sharing its path.
ALSO = (("about", "/docs"), ("about", "/redoc"))


def current(path: str) -> str | None:
    """The menu entry a path belongs to (``/kommune/3201`` → ``kommune``, ``/docs`` → ``about``)."""
    for key, prefix in (*MENU, *ALSO):
        if path == prefix or path.startswith(prefix + "/"):
            return key
    return None


def install(env: Environment) -> None:
    """Make the shared texts and the menu available to every template."""
    env.globals.update(nav=lambda key, lang="nb", **kw: NAV(key, lang, **kw), menu=MENU, current=current,
                       version=__version__)


def base_context(lang: str) -> dict[str, Any]:
    """The language pair every page template needs."""
    return {"lang": lang, "other": "en" if lang == "nb" else "nb"}
