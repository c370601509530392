"""Run the network's extraction queries (``network/queries/*.rq``) against a store.

The queries live next to this package, not in the top-level ``queries/`` folder, because they are
an implementation detail of the network (the named-query registry lists only user-facing ones).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..sparql.request import QueryRequest
from ..store import Backend, Store
from ..versions import reads_current

QUERY_DIR = Path(__file__).resolve().parent / "queries"

Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]


@cache
def query_text(name: str) -> str:
    """The text of ``queries/<name>.rq``."""
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def select(store: Store | Backend | ox.Store, name: str) -> list[Row]:
    """Rows of the extraction query ``name`` (see :func:`select_text`)."""
    return select_text(store, query_text(name))


def select_text(store: Store | Backend | ox.Store, text: str) -> list[Row]:
    """Rows of a SELECT query over the current data (the union of the current graphs; the queries keep
    ``GRAPH ?g`` to the current graphs themselves: no old version counts), unbound variables left out.

    The embedded store is asked directly; any other backend (an external SPARQL database) through
    its public ``query`` with TSV results and no row cap."""
    current = not isinstance(store, ox.Store) and reads_current(store)
    if isinstance(store, Store | ox.Store):
        engine = store.oxigraph if isinstance(store, Store) else store
        # when it keeps versions, the store's default graph holds the current data; else read the union
        solutions = engine.query(text, use_default_graph_as_union=not current)
    else:
        # TSV carries full RDF terms and nothing else (the JSON answer has an extra ``laget`` member)
        request = QueryRequest(text, "SELECT", "text/tab-separated-values", limit=None, current=current)
        solutions = ox.parse_query_results(store.query(request).body, format=ox.QueryResultsFormat.TSV)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    rows: list[Row] = []
    for solution in solutions:  # type: ignore[union-attr]
        rows.append({n: solution[n] for n in names if solution[n] is not None})
    return rows
