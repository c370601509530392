"""First line of defence: read a query before anything runs and refuse what could leave the store.

rdflib's and pyoxigraph's engines both follow ``SERVICE`` to any URL and rdflib fetches ``FROM``
IRIs, so the parsed query is inspected here and ``SERVICE`` (also ``SERVICE ?var``), ``LOAD`` and
``FROM``/``FROM NAMED``/``USING`` IRIs that are not local graphs are refused. The worker processes
add a second, independent guard (see :mod:`.worker`). rdflib's pyparsing grammar is not
thread-safe, hence the lock.
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
from .errors import SparqlError

_PARSER_LOCK = threading.Lock()

#: Query forms by the name rdflib gives their algebra.
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard, with its form (SELECT, ASK, CONSTRUCT or DESCRIBE)."""

    text: str
    form: str
    has_dataset: bool = False  # FROM / FROM NAMED in the query itself

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
    form, dataset = _read_query(text)
    _check_graph_iris(dataset, is_local)
    _check_graph_iris([("default-graph-uri", iri) for iri in default_graphs], is_local)
    _check_graph_iris([("named-graph-uri", iri) for iri in named_graphs], is_local)
    return CheckedQuery(text, form, bool(dataset))


def check_update(text: str, is_local: IsLocal) -> str:
    """Parse an update and refuse LOAD, SERVICE and remote USING; returns the text unchanged."""
    with _PARSER_LOCK:
        try:
            parsed = parseUpdate(text)
        except ParseBaseException as exc:
            raise _syntax_error(exc) from None
    _check_graph_iris(_refuse_outside(parsed), is_local)
    return text


@lru_cache(maxsize=1024)
def _read_query(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The query's form and its FROM/FROM NAMED IRIs; raises on SERVICE, LOAD or bad syntax.

    Cached by text: rdflib's pure-Python parser costs milliseconds, and researchers, the editor
    and the named queries send the same texts again and again. Refusals are not cached."""
    if not text.strip():
        raise SparqlError("syntax", line=1, column=1, detail="empty query")
    with _PARSER_LOCK:
        try:
            parsed = parseQuery(text)
        except ParseBaseException as exc:
            if _looks_like_update(text):
                raise SparqlError("not_query") from None
            raise _syntax_error(exc) from None
        # Inspect the parse tree before translating: translation rewrites it in place.
        dataset = _refuse_outside(parsed)
        try:
            form = _FORMS[translateQuery(parsed).algebra.name]
        except Exception as exc:  # rdflib's translation raises plain exceptions for invalid queries
            raise SparqlError("syntax", line=1, column=1, detail=str(exc)) from None
    return form, dataset


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
    except ParseBaseException:
        return False
    return True
