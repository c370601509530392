"""SPARQL the service itself asks (resource descriptions, form choices, the dataset description).

The ``.rq`` files sit beside this module, as ``network/queries/`` do for the network: they are the
implementation of features, not competency questions, so the named-query registry does not list
them. Parameters are bound with ``VALUES`` (:func:`..named.inject_rows`), never pasted as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..named import inject_rows
from ..service import SparqlService

FOLDER = Path(__file__).resolve().parent
_TSV = "text/tab-separated-values"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = dict[str, Term]


@cache
def text(name: str) -> str:
    """The text of ``<name>.rq`` in this folder."""
    return (FOLDER / f"{name}.rq").read_text(encoding="utf-8")


def select(service: SparqlService, name: str, names: Sequence[str] = (),
           rows: Sequence[Sequence[ox.NamedNode | ox.Literal]] = (), limit: int | None = None,
           ) -> tuple[list[Row], bool]:
    """Run ``<name>.rq`` with ``rows`` bound to ``names``, in a worker under the time limit; the rows
    (unbound variables left out) and whether ``limit`` cut the answer.

    The guard reads the query's own text once (its verdict is cached by text); the bound text differs
    from it only by a ``VALUES`` block of typed, escaped terms, which cannot add a ``SERVICE``, a
    ``FROM`` or anything else the guard refuses. So it is not parsed again for every resource: the
    rdflib parser costs 50–200 ms on a long ``VALUES`` block, more than the query itself."""
    checked = service.check(text(name))
    if rows:
        checked = replace(checked, text=inject_rows(checked.text, names, rows))
    answer = service.run(checked, _TSV, limit=limit)
    solutions = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.TSV)
    columns = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    out = [{c: s[c] for c in columns if s[c] is not None} for s in solutions]  # type: ignore[union-attr]
    del solutions  # pyoxigraph results must be dropped in the thread that made them
    return out, answer.truncated
