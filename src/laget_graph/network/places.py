"""Municipalities and setups by name: what a coordinator picks from, and what a graph is called.

A coordinator knows "Bærum", not ``setup/3201`` or ``kommune/3201``. This module reads, once per
store generation, every municipality with its number and county, and which setup graphs describe
which municipalities, so every page can show names and the landing page can search by name or number.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..i18n import Catalog
from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, graph_short_name
from ..store import Backend, Store
from .build import read_labels, read_places
from .labels import Labels
from .sparql import select

T = Catalog({
    "graph.ontology": {"nb": "Ontologien (begreper, klasser og lister)",
                       "en": "The ontology (concepts, classes and lists)"},
    "graph.reference": {"nb": "Referansedata (kommuner, fylker, Statped, RVTS, UH)",
                        "en": "Reference data (municipalities, counties, Statped, RVTS, universities)"},
    "and_more": {"nb": "{names} og {n} til", "en": "{names} and {n} more"},
})

MAX_NAMES = 6  # a setup over more municipalities is named by the first few and a count


@dataclass(frozen=True)
class Municipality:
    """One municipality as a coordinator sees it; ``setups`` are the graphs that describe it."""

    iri: str
    number: str
    names: dict[str, str]
    county: str | None
    county_number: str | None
    county_names: dict[str, str]
    setups: tuple[str, ...] = ()

    def name(self, lang: str = "nb") -> str:
        return self.names.get(lang) or self.names.get("nb") or self.number

    def county_name(self, lang: str = "nb") -> str:
        return self.county_names.get(lang) or self.county_names.get("nb") or (self.county_number or "")

    @property
    def slug(self) -> str:
        """ASCII for file names: ``laget-baerum-3201``."""
        folded = self.name("nb").lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
        return f"laget-{re.sub(r'[^a-z0-9]+', '-', folded).strip('-')}-{self.number}"

    def choice(self, lang: str = "nb") -> str:
        """What a picker shows and accepts back: ``Bærum (3201)``."""
        return f"{self.name(lang)} ({self.number})"


@dataclass
class Directory:
    """Every municipality (by number) and every setup graph's municipalities and title."""

    municipalities: dict[str, Municipality]
    setups: dict[str, tuple[str, ...]]  # graph IRI -> municipality numbers
    titles: dict[str, dict[str, str]]  # graph IRI -> {lang: dataset title}
    labels: Labels

    def sorted(self, lang: str = "nb") -> list[Municipality]:
        return sorted(self.municipalities.values(), key=lambda m: (sort_key(m.name(lang)), m.number))

    def with_setups(self, lang: str = "nb") -> list[Municipality]:
        return [m for m in self.sorted(lang) if m.setups]

    def get(self, number: str) -> Municipality | None:
        return self.municipalities.get(number)

    def find(self, text: str, lang: str = "nb") -> list[Municipality]:
        """Municipalities matching what someone typed: a number, a name, ``Name (1234)``, or the start
        of a name (accents and case ignored). An exact match wins over prefixes and substrings."""
        text = text.strip()
        if not text:
            return []
        numbered = re.fullmatch(r".*?\(?\b(\d{4})\)?\s*", text)
        if numbered and numbered.group(1) in self.municipalities:
            return [self.municipalities[numbered.group(1)]]
        if text.isdigit():
            return [m for m in self.sorted(lang) if m.number.startswith(text)]
        wanted = _fold(text)
        everyone = self.sorted(lang)
        exact = [m for m in everyone if wanted in {_fold(n) for n in m.names.values()}]
        if exact:
            return exact
        start = [m for m in everyone if any(_fold(n).startswith(wanted) for n in m.names.values())]
        return start or [m for m in everyone if any(wanted in _fold(n) for n in m.names.values())]

    def graph_title(self, graph: str, lang: str = "nb") -> str:
        """A graph's name for people: the municipalities a setup describes (``Bærum``), else its own
        title, else its short name."""
        if graph == GRAPH_ONTOLOGY:
            return T("graph.ontology", lang)
        if graph == GRAPH_REFERENCE:
            return T("graph.reference", lang)
        numbers = self.setups.get(graph, ())
        names = sorted((self.municipalities[n].name(lang) for n in numbers if n in self.municipalities), key=sort_key)
        if names:
            return _join(names, lang)
        titles = self.titles.get(graph, {})
        return titles.get(lang) or titles.get("nb") or graph_short_name(graph)

    def setup_description(self, graph: str, lang: str = "nb") -> str | None:
        """The setup's own title (``Eksempel: Alle på laget …``) when it has one."""
        titles = self.titles.get(graph, {})
        return titles.get(lang) or titles.get("nb")

    def settle(self, municipality: str | None, county: str | None, was_municipality: str | None = None,
               was_county: str | None = None) -> tuple[str | None, str | None]:
        """A municipality and a county that never contradict each other. The county shown is the chosen
        municipality's; when a form sends both and they disagree, whichever the reader just changed wins
        (``was_*`` are the choices the page was drawn with): a new county drops the municipality."""
        m = self.municipalities.get(municipality) if municipality else None
        if m is None:
            return None, county
        if county and county != m.county_number and county != was_county and municipality == was_municipality:
            return None, county
        return m.number, m.county_number or county

    def names_by_number(self, lang: str = "nb") -> dict[str, str]:
        """Municipality and county numbers → names, for :func:`.messages.scope_text`."""
        names = {m.number: m.name(lang) for m in self.municipalities.values()}
        names |= {m.county_number: m.county_name(lang) for m in self.municipalities.values() if m.county_number}
        return names


def _fold(text: str) -> str:
    """Case- and accent-insensitive form (``Bærum`` → ``baerum``, ``Ås`` → ``as``)."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def sort_key(text: str) -> str:
    """Norwegian alphabetical order: æ, ø and å after z (``Østre Toten`` after ``Vestre Toten``)."""
    return text.casefold().translate({ord("æ"): "z\x01", ord("ø"): "z\x02", ord("å"): "z\x03"})


def _join(names: list[str], lang: str) -> str:
    if len(names) <= MAX_NAMES:
        return ", ".join(names)
    return T("and_more", lang, names=", ".join(names[:MAX_NAMES]), n=len(names) - MAX_NAMES)


_CACHE: weakref.WeakKeyDictionary[Any, tuple[int, Directory]] = weakref.WeakKeyDictionary()


def directory(store: Store | Backend | ox.Store) -> Directory:
    """The directory of ``store``; for the embedded store kept until its ``generation`` changes."""
    cacheable = isinstance(store, Store)
    if cacheable and store in _CACHE and _CACHE[store][0] == store.generation:
        return _CACHE[store][1]
    labels = read_labels(store)
    setups: dict[str, set[str]] = {}
    titles: dict[str, dict[str, str]] = {}
    places = read_places(store)
    for row in select(store, "setups"):
        graph = row["graph"].value
        if "municipality" in row and row["municipality"].value in places:
            setups.setdefault(graph, set()).add(places[row["municipality"].value].number)
        if "title" in row and isinstance(row["title"], ox.Literal):
            lang = row["title"].language if row["title"].language in ("nb", "en") else "nb"
            titles.setdefault(graph, {}).setdefault(lang, row["title"].value)
    by_number: dict[str, list[str]] = {}
    for graph, numbers in setups.items():
        for number in numbers:
            by_number.setdefault(number, []).append(graph)
    municipalities = {}
    for iri, place in places.items():
        municipalities[place.number] = Municipality(
            iri=iri, number=place.number, names=labels.both(iri), county=place.county,
            county_number=place.county_number,
            county_names=labels.both(place.county) if place.county else {},
            setups=tuple(sorted(by_number.get(place.number, []))))
    result = Directory(municipalities, {g: tuple(sorted(n)) for g, n in setups.items()}, titles, labels)
    if cacheable:
        _CACHE[store] = (store.generation, result)  # type: ignore[index]
    return result


__all__ = ["Directory", "Municipality", "directory"]
