"""SPARQL answers in the standard formats, capped at the result limit and never silently.

One path serves every backend: the embedded engine's answers and an external store's parsed
answers both go through :func:`serialise`, which keeps ``limit`` rows and says so in
:class:`Answer`. pyoxigraph's own serialisers write every format, so the output is exactly what the
W3C formats require. On the embedded store this runs in the query worker, and a SELECT asks for one
row more than the cap itself (:mod:`.capping`), so the engine stops there and pyoxigraph writes the
answer whole, as TSV first (one line a row, counted and cut on the bytes) and then in the format
asked for: no row becomes Python objects, and the server passes bytes on. JSON results carry the cap
in a ``laget`` member, spliced into pyoxigraph's bytes. Where the cap is not in the query, rows are
read one by one and the engine stops after ``limit`` + 1.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

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

#: Result-table media types (SELECT, ASK) and the pyoxigraph format for each; the first is the default.
TABLE_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

#: Not offered to clients: a result table as plain rows (``{"columns", "rows", "count", "truncated",
#: "limit"}``, IRIs and strings as text, numbers as numbers), made in the worker for the named-query
#: API (:func:`plain_rows`, :func:`plain_body`), so the server passes bytes on.
ROWS = "application/x-laget-rows+json"

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


def serialise(raw: object, media_type: str, limit: int | None, store_limit: int | None = None,
              bounded: bool = False) -> Answer:
    """Serialise a pyoxigraph answer (solutions, boolean or triples) in ``media_type``.

    ``bounded``: the solutions hold at most ``limit`` + 1 rows (the cap was pushed into the query, see
    :mod:`.capping`, or the answer was parsed from a body already received), so pyoxigraph writes them
    all at once; else at most ``limit`` + 1 are read, one by one. ``store_limit`` is a row limit the
    source applied itself (an external store that says it stopped at its own maximum): an answer that
    reaches it is reported as cut short by the store."""
    if isinstance(raw, ox.QueryBoolean):
        if media_type not in TABLE_FORMATS:
            raise ValueError("plain rows are made of a SELECT query's answer")
        return Answer(raw.serialize(format=TABLE_FORMATS[media_type]), media_type, 1, False, limit)
    if isinstance(raw, ox.QuerySolutions):
        return _table(raw, media_type, limit, store_limit, bounded)
    items, truncated = _take(raw, limit)  # type: ignore[arg-type]
    limited_by = "laget"
    if not truncated and store_limit is not None and len(items) >= store_limit:
        truncated, limit, limited_by = True, store_limit, "store"
    return Answer(graph_body(items, media_type), media_type, len(items), truncated, limit, limited_by)


def _table(solutions: ox.QuerySolutions, media_type: str, limit: int | None, store_limit: int | None,
           bounded: bool) -> Answer:
    """A result table by way of TSV, in which every row is one line (a line break in a literal is
    written ``\\n``): the rows are counted and cut short on the bytes, and pyoxigraph reads the TSV
    back to write any other format. No row becomes Python objects when the answer is bounded."""
    written = bounded or limit is None  # by pyoxigraph (else by _tsv, in other words: read again)
    tsv = solutions.serialize(format=ox.QueryResultsFormat.TSV) if written else _tsv(solutions, limit + 1)
    count = tsv.count(b"\n") - 1  # the first line names the variables
    truncated, limited_by = False, "laget"
    if limit is not None and count > limit:
        tsv, count, truncated = _first_lines(tsv, limit + 1), limit, True
    elif store_limit is not None and count >= store_limit:
        truncated, limit, limited_by = True, store_limit, "store"
    if media_type == ROWS:
        return Answer(_rows_body(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV), count, truncated,
                                 limit), media_type, count, truncated, limit, limited_by)
    fmt = TABLE_FORMATS[media_type]
    body = tsv if fmt == ox.QueryResultsFormat.TSV and written else ox.parse_query_results(
        tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt)
    if fmt == ox.QueryResultsFormat.JSON:
        body = _with_cap(body, count, truncated, limit, limited_by)
    return Answer(body, media_type, count, truncated, limit, limited_by)


def _with_cap(body: bytes, count: int, truncated: bool, limit: int | None, limited_by: str) -> bytes:
    """SPARQL JSON results with the cap in a ``laget`` member, added as the object's last member."""
    cap: dict[str, object] = {"count": count, "truncated": truncated, "limit": limit}
    if truncated and limited_by != "laget":
        cap["limited_by"] = limited_by
    if not body.endswith(b"}"):
        raise ValueError("SPARQL JSON results that are not one JSON object")
    return body[:-1] + b',"laget":' + json.dumps(cap).encode() + b"}"


def _tsv(solutions: ox.QuerySolutions, rows: int) -> bytes:
    """At most ``rows`` solutions as TSV, read one by one (the engine stops after them)."""
    lines = ["\t".join("?" + v.value for v in solutions.variables)]
    lines += ["\t".join("" if term is None else _tsv_term(term) for term in row) for row in islice(solutions, rows)]
    return ("\n".join(lines) + "\n").encode()


def _tsv_term(term: object) -> str:
    """A term as TSV writes it: its N-Triples form (``str``), a triple term as ``<<( s p o )>>``."""
    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)


def _first_lines(tsv: bytes, lines: int) -> bytes:
    """The first ``lines`` lines of ``tsv``."""
    end = -1
    for _ in range(lines):
        end = tsv.index(b"\n", end + 1)
    return tsv[:end + 1]


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


_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}": kind for t, kind in (
    ("integer", int), ("int", int), ("long", int), ("nonNegativeInteger", int), ("positiveInteger", int),
    ("decimal", float), ("double", float), ("float", float))}
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def plain_rows(answer: Answer, name: str) -> dict[str, object]:
    """An answer as plain rows (see :data:`ROWS`): IRIs and strings as text, numbers as numbers. A
    :data:`ROWS` answer is that already; SPARQL JSON results are read again."""
    if answer.media_type == ROWS:
        return {"query": name, **json.loads(answer.body)}
    document = json.loads(answer.body)
    document.pop("laget", None)  # pyoxigraph's parser takes the standard members only
    solutions = ox.parse_query_results(json.dumps(document).encode(), format=ox.QueryResultsFormat.JSON)
    return {"query": name, **json.loads(_rows_body(solutions, answer.count, answer.truncated, answer.limit))}


def plain_body(answer: Answer, name: str, **more: object) -> bytes:
    """A :data:`ROWS` answer as the JSON object :func:`plain_rows` gives, ``more`` members last: the
    bytes from the worker, spliced in between, never read again."""
    if answer.media_type != ROWS or not answer.body.startswith(b"{") or not answer.body.endswith(b"}"):
        raise ValueError("not an answer in plain rows")
    head = json.dumps({"query": name}, ensure_ascii=False, separators=(",", ":")).encode()[:-1]
    tail = json.dumps(more, ensure_ascii=False, separators=(",", ":")).encode()[1:] if more else b""
    return head + b"," + answer.body[1:-1] + (b"," + tail if more else b"}")


def _rows_body(solutions: ox.QuerySolutions, count: int, truncated: bool, limit: int | None) -> bytes:
    columns = [v.value for v in solutions.variables]
    rows = [dict(zip(columns, map(_plain, row), strict=True)) for row in solutions]
    return json.dumps({"columns": columns, "rows": rows, "count": count, "truncated": truncated, "limit": limit},
                      ensure_ascii=False, separators=(",", ":")).encode()


def _plain(term: object) -> object:
    """A term as a plain value (None for an unbound one)."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        kind = _NUMERIC.get(datatype)
        if kind is not None:
            try:
                number = kind(term.value)
            except ValueError:
                return term.value
            return number if math.isfinite(number) else term.value  # JSON has no NaN nor INF
        if datatype == _XSD_BOOLEAN:
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    return None if term is None else str(term)  # a triple term: its N-Triples form
