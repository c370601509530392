"""Who in a municipality holds which responsibility, and what it rests on, for the municipality page.

It asks the named query ``responsibilities-by-actor`` (one source for the question: the page shows
what the query answers, class defaults included, with no reasoner) and groups its rows by
responsibility, so that a page lists a dozen duties rather than a row per actor and paragraph.
"""

from __future__ import annotations

from typing import Any

from ..sparql import named
from ..store import Backend, Store
from .labels import Labels
from .sparql import select_text

QUERY = "responsibilities-by-actor"
MAX_HOLDERS = 4  # holders named before "and n more"


def responsibilities(store: Store | Backend, municipality: str, labels: Labels, lang: str) -> list[dict[str, Any]]:
    """Each responsibility held in ``municipality`` (an IRI): its label, the actors holding it (the
    first few by name, and how many more) and its legal bases with their Lovdata link and the date in
    force (the paragraph's own, else the act's, flagged ``ofAct``)."""
    rows = select_text(store, named.get(QUERY).bind({"municipality": municipality}))
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["responsibility"].value
        entry = grouped.setdefault(iri, {"iri": iri, "holders": set(), "bases": {}})
        entry["holders"].add(row["actor"].value)
        if "legalBasis" in row:
            basis = row["legalBasis"].value
            own = row.get("paragraphInForce")
            date = own or row.get("lawInForce")
            entry["bases"][basis] = {"iri": basis, "label": labels.get(basis, lang),
                                     "inForce": date.value if date is not None else None,
                                     "ofAct": own is None and date is not None}
    result = []
    for entry in grouped.values():
        holders = sorted((labels.get(a, lang) for a in entry["holders"]), key=str.casefold)
        result.append({"iri": entry["iri"], "label": labels.get(entry["iri"], lang),
                       "holders": holders[:MAX_HOLDERS], "more": max(0, len(holders) - MAX_HOLDERS),
                       "bases": sorted(entry["bases"].values(), key=lambda b: b["label"].casefold())})
    return sorted(result, key=lambda r: r["label"].casefold())


__all__ = ["responsibilities"]
