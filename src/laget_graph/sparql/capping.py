"""Push the result cap into a SELECT query as its outermost LIMIT, so a huge answer is never built.

The cap is ``LAGET_RESULT_LIMIT`` rows; the query is asked for one row more (``rows`` = cap + 1), so
an answer that was cut short is still known as such. The engine then stops at that row, and its own
serialisers may write the whole (bounded) answer at once (:mod:`.results`).

Rewritten on the guard's canonical text (:mod:`.lexer`), at brace depth 0, where only the outermost
query's own clauses are: a LIMIT of its own at most ``rows`` stays, a larger one becomes ``rows``, and
without one ``LIMIT rows`` goes after its solution modifiers (after ORDER BY and OFFSET, before a
trailing VALUES clause). LIMIT counts after OFFSET, so OFFSET keeps its meaning; ORDER BY, GROUP BY,
HAVING and DISTINCT all come before LIMIT, so the rows kept are the first ones of the answer as
asked. Subqueries and EXISTS sit inside braces and are left alone. What the text shows must match
what rdflib parsed (:class:`.guard.Modifiers`); where it does not, nothing is rewritten and the
answer is capped while it is read, as before.

Only SELECT: a CONSTRUCT's or DESCRIBE's LIMIT counts solutions or resources, not the triples the
cap counts, and ASK answers one boolean.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexer
from .errors import SparqlError
from .guard import CheckedQuery, Modifiers

_TOKENS = re.compile(r"[{}]|(?<![\w?$:.\-\\])(LIMIT|OFFSET|VALUES)(?![\w:\-])", re.IGNORECASE)
_NUMBER = re.compile(r"\s*([0-9]+)(?![\w.])")


def capped(checked: CheckedQuery, rows: int) -> str | None:
    """The query's text asking for at most ``rows`` rows, or None where that cannot be done surely."""
    if checked.form != "SELECT" or checked.modifiers is None or rows < 0:
        return None
    return _capped(checked.text, rows, checked.modifiers)


@lru_cache(maxsize=1024)
def _capped(text: str, rows: int, stated: Modifiers) -> str | None:
    try:
        code = lexer.code(text)
    except SparqlError:  # the guard has read this text; should a second reading differ, change nothing
        return None
    found: dict[str, list[re.Match[str]]] = {"LIMIT": [], "OFFSET": [], "VALUES": []}
    depth = 0
    for m in _TOKENS.finditer(code):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            found[token.upper()].append(m)
    if (len(found["LIMIT"]), len(found["OFFSET"]), len(found["VALUES"])) != (
            stated.limit is not None, stated.offset is not None, stated.values):
        return None  # the text and rdflib's tree disagree: leave it as it is
    if found["LIMIT"]:
        number = _NUMBER.match(code, found["LIMIT"][0].end())
        if number is None or stated.limit is None or int(number.group(1)) != stated.limit:
            return None
        if stated.limit <= rows:
            return text
        return text[:number.start(1)] + str(rows) + text[number.end(1):]
    at = found["VALUES"][0].start() if found["VALUES"] else len(text)
    return f"{text[:at]}\nLIMIT {rows}\n{text[at:]}"
