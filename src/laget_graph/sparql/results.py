"""SPARQL answers in the standard formats, capped at the result limit and never silently.

One path serves every backend: the embedded engine's answers and an external store's parsed
answers both go through :func:`serialise`, which stops reading after ``limit`` rows (so the engine
stops working too) and says so in :class:`Answer`. pyoxigraph's own serialisers write every
format, so the output is exactly what the W3C formats require.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pyoxigraph as ox

from ..i18n import Catalog
from ..namespaces import PREFIXES

#: Why an answer was cut short: laget-graph's own cap, or the external store's own row limit.
NOTICES = Catalog({
    "laget": {"nb": "Avkortet: bare de første {limit} radene vises (LAGET_RESULT_LIMIT).",
              "en": "Truncated: only the first {limit} rows are shown (LAGET_RESULT_LIMIT)."},
    "store": {"nb": "Avkortet av det eksterne SPARQL-lageret: det sender høyst {limit} rader (lagerets egen "
                    "radgrense, i Virtuoso ResultSetMaxRows).",
              "en": "Truncated by the external SPARQL store: it sends at most {limit} rows (the store's own "
                    "row limit, in Virtuoso ResultSetMaxRows)."},
})

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Result-table media types (SELECT, ASK) and the pyoxigraph format for each; the first is the default.
TABLE_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

#: RDF media types (CONSTRUCT, DESCRIBE); the first is the default.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

#: Short names accepted in ``?format=`` / ``--format`` for convenience.
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
               "turtle": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml"}

_WILDCARDS = ("*/*", "application/*", "text/*")


@dataclass(frozen=True)
class Answer:
    """A serialised answer. ``truncated`` is true when more than ``limit`` rows existed;
    ``limited_by`` says whose cap that was: ``"laget"`` (LAGET_RESULT_LIMIT) or ``"store"``."""

    body: bytes
    media_type: str
    count: int
    truncated: bool
    limit: int | None
    limited_by: str = "laget"

    def notice(self, lang: str) -> str | None:
        """What a reader is told about a cut-short answer, in their language (None if whole)."""
        return NOTICES(self.limited_by, lang, limit=self.limit) if self.truncated else None


def negotiate(accept: str | None, is_graph: bool, is_boolean: bool = False) -> str | None:
    """The media type to answer a query with, from an Accept header; None means 406.

    CSV and TSV define no boolean result, so an ASK asked for in them is answered in JSON."""
    offered = list(GRAPH_FORMATS if is_graph else TABLE_FORMATS)
    if is_boolean:
        offered = [m for m in TABLE_FORMATS if m.startswith("application/")]
    chosen = choose(accept, offered)
    if chosen is None and (is_graph or is_boolean) and choose(accept, list(TABLE_FORMATS)):
        # Generic clients (rdflib's SPARQLStore, SPARQLWrapper) ask for one format whatever the
        # query form; like Fuseki, answer in the form's default format rather than refuse.
        return offered[0]
    return chosen


def choose(accept: str | None, offered: list[str]) -> str | None:
    """The best of ``offered`` for an Accept header (q-values, then order; wildcards take the first
    offered that fits). No header means the first offered; nothing acceptable means None."""
    if not accept or not accept.strip():
        return offered[0]
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media, q = pieces[0].lower(), 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, media))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media == "application/json" and "application/sparql-results+json" in offered:
            return "application/sparql-results+json"
        if media in _WILDCARDS:
            major = media.split("/")[0]
            found = next((m for m in offered if major == "*" or m.startswith(major + "/")), None)
            if found:
                return found
    return None


def serialise(raw: object, media_type: str, limit: int | None, store_limit: int | None = None) -> Answer:
    """Serialise a pyoxigraph answer (solutions, boolean or triples) in ``media_type``.

    ``store_limit`` is a row limit the source applied itself (an external store that says it
    stopped at its own maximum): an answer that reaches it is reported as cut short by the store."""
    if isinstance(raw, ox.QueryBoolean):
        return Answer(raw.serialize(format=TABLE_FORMATS[media_type]), media_type, 1, False, limit)
    items, truncated = _take(raw, limit)  # type: ignore[arg-type]
    limited_by = "laget"
    if not truncated and store_limit is not None and len(items) >= store_limit:
        truncated, limit, limited_by = True, store_limit, "store"
    if isinstance(raw, ox.QuerySolutions):
        variables = [v.value for v in raw.variables]
        body = table_body(variables, items, media_type, truncated, limit, limited_by)
    else:
        body = graph_body(items, media_type)
    return Answer(body, media_type, len(items), truncated, limit, limited_by)


def table_body(variables: list[str], rows: list[ox.QuerySolution], media_type: str,
               truncated: bool = False, limit: int | None = None, limited_by: str = "laget") -> bytes:
    """A result table in the chosen format; JSON carries the cap in a ``laget`` member."""
    terms: dict[object, dict[str, object]] = {}  # answers repeat terms (labels, types): convert each once

    def as_json(term: object) -> dict[str, object]:
        converted = terms.get(term)
        if converted is None:
            converted = terms[term] = _json_term(term)
        return converted

    document: dict[str, object] = {
        "head": {"vars": variables},
        "results": {"bindings": [
            {v: as_json(term) for v, term in zip(variables, row, strict=True) if term is not None} for row in rows
        ]},
    }
    fmt = TABLE_FORMATS[media_type]
    if fmt == ox.QueryResultsFormat.JSON:
        document["laget"] = {"count": len(rows), "truncated": truncated, "limit": limit}
        if truncated and limited_by != "laget":
            document["laget"]["limited_by"] = limited_by
        return json.dumps(document, ensure_ascii=False).encode()
    parsed = ox.parse_query_results(json.dumps(document).encode(), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt)


def graph_body(triples: Iterable[ox.Triple], media_type: str) -> bytes:
    fmt = GRAPH_FORMATS[media_type]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(list(triples), format=fmt, prefixes=prefixes) or b""


def _take(items: Iterator[object], limit: int | None) -> tuple[list, bool]:
    """At most ``limit`` items, and whether there were more (reading one more, never all)."""
    if limit is None:
        return list(items), False
    taken = list(islice(items, limit + 1))
    return taken[:limit], len(taken) > limit


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                             "predicate": _json_term(term.predicate),
                                             "object": _json_term(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}": kind for t, kind in (
    ("integer", int), ("int", int), ("long", int), ("nonNegativeInteger", int), ("positiveInteger", int),
    ("decimal", float), ("double", float), ("float", float))}
_CSV = "text/csv"


def plain_rows(answer: Answer, name: str) -> dict[str, object]:
    """SPARQL JSON results as plain rows: IRIs and strings as text, numbers as numbers."""
    document = json.loads(answer.body)
    columns = document["head"]["vars"]
    out = [{c: _plain(b[c]) if c in b else None for c in columns} for b in document["results"]["bindings"]]
    return {"query": name, "columns": columns, "rows": out, "count": answer.count,
            "truncated": answer.truncated, "limit": answer.limit}


def _plain(term: dict[str, Any]) -> object:
    kind = _NUMERIC.get(term.get("datatype", ""))
    if kind is not None:
        try:
            return kind(term["value"])
        except ValueError:
            return term["value"]
    if term.get("datatype") == "http://www.w3.org/2001/XMLSchema#boolean":
        return term["value"] == "true"
    return term["value"]
