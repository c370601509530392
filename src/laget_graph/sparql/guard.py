"""First line of defence: read a query before anything runs and refuse what could leave the store.

rdflib's and pyoxigraph's engines both follow ``SERVICE`` to any URL and rdflib fetches ``FROM``
IRIs, so ``SERVICE`` (also ``SERVICE ?var``), ``LOAD`` and ``FROM``/``FROM NAMED``/``USING`` IRIs
that are not local graphs are refused. The guard must judge exactly the text that runs, yet it
parses with rdflib and Oxigraph runs the query, and the two read some texts differently (see
:mod:`.lexer`). So a text is first read as Oxigraph reads it and rewritten into a canonical form
both read alike; that form is what rdflib parses and what runs. The lexer's reading alone refuses
SERVICE and LOAD wherever Oxigraph could see them, and rdflib's dataset clauses must match the
FROM and USING the lexer saw: where the two readings differ, the text is refused. Size and nesting
are bounded before any recursive parser sees the text. The worker processes add a second,
independent guard (see :mod:`.worker`). rdflib's pyparsing grammar is not thread-safe, hence the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from ..namespaces import LGG
from . import lexer
from .errors import SparqlError

_PARSER_LOCK = threading.Lock()

#: Query forms by the name rdflib gives their algebra.
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class Modifiers:
    """The outermost query's own LIMIT and OFFSET and whether a VALUES clause ends it, as rdflib parsed
    them: what :mod:`.capping` must find in the text before it pushes the result cap in."""

    limit: int | None = None
    offset: int | None = None
    values: bool = False


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard, with its form (SELECT, ASK, CONSTRUCT or DESCRIBE)."""

    text: str  # the canonical text (see :mod:`.lexer`): the one that was checked, and the one to run
    form: str
    has_dataset: bool = False  # FROM / FROM NAMED in the query itself
    #: The outermost solution modifiers (None: not known, so the cap is not pushed into the text).
    modifiers: Modifiers | None = None

    @property
    def is_graph(self) -> bool:
        """CONSTRUCT and DESCRIBE answer with RDF; SELECT and ASK with a result table."""
        return self.form in ("CONSTRUCT", "DESCRIBE")


IsLocal = Callable[[str], bool]


def local_graph_checker(graph_iris: Iterable[str]) -> IsLocal:
    """A graph is local when the store holds it or its IRI lies in the project's graph namespace."""
    known = set(graph_iris)
    return lambda iri: iri in known or iri.startswith(str(LGG))


def check_query(text: str, is_local: IsLocal, default_graphs: Iterable[str] = (),
                named_graphs: Iterable[str] = ()) -> CheckedQuery:
    """Parse a query and refuse it if it could reach beyond the store; protocol graph IRIs too."""
    canonical, form, dataset, modifiers = _read_query(text)
    _check_graph_iris(dataset, is_local)
    _check_graph_iris([("default-graph-uri", iri) for iri in default_graphs], is_local)
    _check_graph_iris([("named-graph-uri", iri) for iri in named_graphs], is_local)
    return CheckedQuery(canonical, form, bool(dataset), modifiers)


def check_update(text: str, is_local: IsLocal) -> str:
    """Parse an update and refuse LOAD, SERVICE and remote USING; returns the canonical text, the
    one to run (see :mod:`.lexer`)."""
    reading = _read_text(text)
    with _PARSER_LOCK:
        try:
            parsed = parseUpdate(reading.text)
        except ParseBaseException as exc:
            raise _syntax_error(exc) from None
        except RecursionError:
            raise SparqlError("too_complex") from None
    dataset = _refuse_outside(parsed)
    _same_reading(reading, parsed)
    _check_graph_iris(dataset, is_local)
    return reading.text


@lru_cache(maxsize=1024)
def _read_query(text: str) -> tuple[str, str, tuple[tuple[str, str], ...], Modifiers | None]:
    """The canonical text, the query's form, its FROM/FROM NAMED IRIs and its outermost solution
    modifiers; raises on SERVICE, LOAD, bad syntax or a text too large or too deep to check.

    Cached by text: rdflib's pure-Python parser costs milliseconds, and researchers, the editor
    and the named queries send the same texts again and again. Refusals are not cached."""
    reading = _read_text(text)
    with _PARSER_LOCK:
        try:
            parsed = parseQuery(reading.text)
        except ParseBaseException as exc:
            if _looks_like_update(reading.text):
                raise SparqlError("not_query") from None
            raise _syntax_error(exc) from None
        except RecursionError:  # rdflib's grammar recurses a few dozen frames per nesting level
            raise SparqlError("too_complex") from None
        # Inspect the parse tree before translating: translation rewrites it in place.
        dataset = _refuse_outside(parsed)
        _same_reading(reading, parsed)
        modifiers = _modifiers(parsed)
        try:
            form = _FORMS[translateQuery(parsed).algebra.name]
        except RecursionError:
            raise SparqlError("too_complex") from None
        except Exception as exc:  # rdflib's translation raises plain exceptions for invalid queries
            raise SparqlError("syntax", line=1, column=1, detail=str(exc)) from None
    return reading.text, form, dataset, modifiers


def _modifiers(tree: object) -> Modifiers | None:
    """The outermost query's LIMIT, OFFSET and trailing VALUES (None where the tree is not as expected)."""
    try:
        query = tree[1]  # type: ignore[index]  # [prologue, query]
        clauses = dict.get(query, "limitoffset")
        limit = offset = None
        if clauses is not None:
            limit, offset = dict.get(clauses, "limit"), dict.get(clauses, "offset")
        return Modifiers(None if limit is None else int(limit), None if offset is None else int(offset),
                         dict.get(query, "valuesClause") is not None)
    except (IndexError, TypeError, ValueError):
        return None


def _read_text(text: str) -> lexer.Reading:
    """Read a text as the engine does (:mod:`.lexer`) and refuse SERVICE and LOAD wherever the engine
    could see them, before any parser runs."""
    if not text.strip():
        raise SparqlError("syntax", line=1, column=1, detail="empty query")
    reading = lexer.read(text)
    for offset in reading.words.get("SERVICE", ()):
        after = text[offset + len("SERVICE"):offset + 80].split("{")[0].strip()
        raise SparqlError("service", target=after or "?")
    if reading.words.get("LOAD"):
        raise SparqlError("load")
    return reading


def _same_reading(reading: lexer.Reading, tree: object) -> None:
    """Refuse a text whose FROM and USING clauses rdflib counts differently from the lexer: then the
    two read it differently, and the guard cannot know which IRIs the engine would use."""
    counts = {"FROM": 0, "USING": 0}
    for node in _nodes(tree):
        if node.name in ("DatasetClause", "UsingClause"):
            counts["USING" if node.name == "UsingClause" else "FROM"] += 1
    for word, parsed in counts.items():
        seen = len(reading.words.get(word, ()))
        if seen != parsed:
            raise SparqlError("ambiguous", word=word, seen=seen, parsed=parsed)


def _refuse_outside(tree: object) -> tuple[tuple[str, str], ...]:
    """Raise on SERVICE and LOAD anywhere in the tree; return its dataset clauses (clause, IRI)."""
    dataset: list[tuple[str, str]] = []
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            raise SparqlError("service", target=_term_text(dict.get(node, "term")))
        if node.name == "Load":
            raise SparqlError("load")
        if node.name in ("DatasetClause", "UsingClause"):
            word = "USING" if node.name == "UsingClause" else "FROM"
            for key, clause in (("default", word), ("named", f"{word} NAMED")):
                iri = dict.get(node, key)  # CompValue.get resolves names; read the raw entry
                if iri is not None:
                    dataset.append((clause, str(iri)))
    return tuple(dataset)


def _check_graph_iris(dataset: Iterable[tuple[str, str]], is_local: IsLocal) -> None:
    for clause, iri in dataset:
        if not is_local(iri):
            raise SparqlError("remote_graph", clause=clause, iri=iri)


def _nodes(tree: object) -> Iterator[CompValue]:
    """Every CompValue in a parse tree, expressions included (FILTER EXISTS holds patterns too)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif hasattr(item, "asList") and not isinstance(item, str):  # pyparsing ParseResults
            stack.extend(list(item))


def _term_text(term: object) -> str:
    return f"?{term}" if term.__class__.__name__ == "Variable" else f"<{term}>"


def _syntax_error(exc: ParseBaseException) -> SparqlError:
    return SparqlError("syntax", line=exc.lineno, column=exc.col, detail=exc.msg)


def _looks_like_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return False
    return True
