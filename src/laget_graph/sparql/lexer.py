"""Read a SPARQL text the way Oxigraph, which runs it, reads it, and rewrite it so that every parser
reads it the same way. Linear, no recursion: it runs before any parser sees the text.

The guard parses with rdflib, the engine is Oxigraph, and the two split a text differently: rdflib
ends a ``#`` comment only at ``\\n`` (Oxigraph also at ``\\r``), expands ``\\uXXXX`` escapes in
the whole text (Oxigraph only inside strings and IRIs, so ``"A\\u0022 …"`` ends a string for rdflib
alone) and needs a word boundary after a keyword (Oxigraph reads ``SERVICEex:x`` as ``SERVICE
ex:x``). So the guard never hands either parser the text as sent. :func:`read` returns a
*canonical* text, which is what the guard checks and what runs: comments dropped, every string
rewritten as a plain ``"…"`` (or ``\"\"\"…\"\"\"``) with only ``\\"``, ``\\\\``, ``\\r`` and
``\\n`` escapes, every escape inside strings and IRIs decoded, and no ``\\u`` escape left anywhere.

It also gives what the guard needs to refuse a text before a recursive parser meets it: bracket
depth, how many operators and keywords there are (Oxigraph's parser and evaluator recurse once
per nesting level *and* once per link of a chain such as ``!!!…`` or ``BIND … BIND …``: 20,000
brackets or 3,000 BINDs overflow its stack), and every place where a keyword that reaches outside
the store (SERVICE, LOAD) or names a dataset (FROM, USING) could be read as that keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import SparqlError

#: Limits on a text before any parser sees it (see the module doc for why operators are counted).
MAX_CHARS = 100_000
MAX_DEPTH = 32
MAX_OPERATORS = 2_000

#: Keywords the guard must see wherever the engine would: refused outright, or counted.
REFUSED_WORDS = ("SERVICE", "LOAD")
DATASET_WORDS = ("FROM", "USING")

_PLAIN_CODE = re.compile(r"[^\"'<#\\]+")
_IRI = re.compile(r"<((?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*)>")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IRI_FORBIDDEN = re.compile(r"[<>\"{}|^`\\\x00-\x20]")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_BRACKETS = re.compile(r"[(){}\[\]]")
#: Characters of operators and punctuation; each one counts (``&&`` twice: counting high is safe).
_OPERATOR_CHARS = re.compile(r"[(){}\[\],;.!&|+\-*/^=<>]")
#: A run of name characters (prefixed names, variables, numbers, keywords).
_NAME_RUN = re.compile(r"[\w\-.:%\\\u00B7\u0300-\u036F\u203F\u2040]+")
_VARNAME_CHAR = re.compile(r"[\w\u00B7\u0300-\u036F\u203F\u2040]")
_WORDS = re.compile("|".join(REFUSED_WORDS + DATASET_WORDS), re.IGNORECASE)
#: What rdflib would still expand in the canonical text (it takes \\u followed by 4 hex digits).
_RDFLIB_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\r\n]*")
_STRING_PLAIN = {(q, long): re.compile(f"[^{q}\\\\]+" if long else f"[^{q}\\\\\\n\\r]+")
                 for q in "\"'" for long in (False, True)}


@dataclass(frozen=True)
class Reading:
    """A text as the engine reads it: the canonical text, and facts for the guard."""

    text: str
    #: Keyword (upper case) -> original offsets where the engine could read it as that keyword.
    words: dict[str, tuple[int, ...]]


def read(source: str) -> Reading:
    """Read ``source`` once, left to right; raise :class:`SparqlError` on what cannot be read safely."""
    if len(source) > MAX_CHARS:
        raise SparqlError("too_long", length=f"{len(source):,}", limit=f"{MAX_CHARS:,}")
    out: list[str] = []  # the canonical text, piece by piece
    code: list[str] = []  # the text with strings, IRIs and comments blanked: same offsets as source
    starts: list[tuple[int, int]] = []  # (offset in the canonical text, offset in source) per piece
    length = i = 0
    while i < len(source):
        j, piece, seen = _piece(source, i)
        starts.append((length, i))
        out.append(piece)
        code.append(seen)
        length += len(piece)
        i = j
    text, blanked = "".join(out), "".join(code)
    _check_size(source, blanked)
    if m := _RDFLIB_ESCAPE.search(text):  # e.g. "\\u0022": a backslash, then what rdflib would expand
        piece_no = max(k for k, (at, _) in enumerate(starts) if at <= m.start())
        raise _escape_error(source, starts[piece_no][1], m.group(0))
    return Reading(text, _keywords(blanked))


def _piece(source: str, i: int) -> tuple[int, str, str]:
    """The piece at ``i``: where it ends, its canonical text, and what of it is code (else blanks)."""
    c = source[i]
    if c in "\"'":
        j, value = _string(source, i)
        return j, _canonical_string(value), " " * (j - i)
    if c == "<" and (m := _IRI.match(source, i)):
        return m.end(), "<" + _iri(source, m.start(1), m.group(1)) + ">", " " * (m.end() - i)
    if c == "#":  # to the next \n *or* \r: the grammar's EOL, as Oxigraph reads it (rdflib: \n only)
        j = _COMMENT.match(source, i).end()  # type: ignore[union-attr]
        return j, "", " " * (j - i)
    if c == "\\":
        if source.startswith(("\\u", "\\U"), i):  # Oxigraph reads escapes only in strings and IRIs
            m = _UCHAR.match(source, i)
            raise _escape_error(source, i, m.group(0) if m else source[i:i + 2])
        j = i + 2  # a prefixed name's escape such as \# or \' (or an error for the parser)
    elif c == "<":
        j = i + 1
    else:
        j = _PLAIN_CODE.match(source, i).end()  # type: ignore[union-attr]
    return j, source[i:j], source[i:j]


def code(text: str) -> str:
    """``text`` with its strings, IRIs and comments blanked (same length, same offsets): what is left
    is the query's own syntax, where a keyword or brace means what it says. For the canonical text,
    which :func:`read` has already accepted."""
    pieces: list[str] = []
    i = 0
    while i < len(text):
        i, _, seen = _piece(text, i)
        pieces.append(seen)
    return "".join(pieces)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` (lines end at ``\\n``)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# -- pieces --------------------------------------------------------------------------------------

def _string(source: str, start: int) -> tuple[int, str]:
    """A string literal at ``start`` as Oxigraph reads it: its end and its decoded value."""
    quote = source[start]
    long = source.startswith(quote * 3, start)
    i = start + (3 if long else 1)
    plain = _STRING_PLAIN[quote, long]
    value: list[str] = []
    n = len(source)
    while True:
        if i >= n:
            raise _lexical("unterminated_string", source, start)
        c = source[i]
        if long and source.startswith(quote * 3, i):
            return i + 3, "".join(value)
        if c == quote:
            if not long:
                return i + 1, "".join(value)
            value.append(c)
            i += 1
        elif c == "\\":
            if (m := _UCHAR.match(source, i)) is not None:
                value.append(_code_point(source, i, m))
                i = m.end()
            elif i + 1 < n and source[i + 1] in _ECHAR:
                value.append(_ECHAR[source[i + 1]])
                i += 2
            else:
                raise _lexical("bad_string_escape", source, i)
        elif c in "\r\n" and not long:  # only a short string stops here (a long one may break anywhere)
            raise _lexical("string_line_break", source, i)
        else:
            m = plain.match(source, i)
            assert m is not None
            value.append(m.group(0))
            i = m.end()


def _canonical_string(value: str) -> str:
    """A string every parser reads alike: no raw quote or backslash inside, so no doubt where it ends.
    A value with line breaks keeps them (as a long string), so later line numbers stay right."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    if "\n" in value:
        return '"""' + escaped + '"""'
    return '"' + escaped + '"'


def _iri(source: str, start: int, raw: str) -> str:
    """An IRI's text with its escapes decoded; refuse what then holds a character no IRI may hold."""
    value = _UCHAR.sub(lambda m: _code_point(source, start + m.start(), m), raw)
    if bad := _IRI_FORBIDDEN.search(value):
        raise _lexical("bad_iri_char", source, start, char=f"U+{ord(bad.group(0)):04X}")
    return value


def _code_point(source: str, offset: int, m: re.Match[str]) -> str:
    number = int(m.group(1) or m.group(2), 16)
    if number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        raise _escape_error(source, offset, m.group(0))
    return chr(number)


def _check_size(source: str, blanked: str) -> None:
    depth = 0
    for m in _BRACKETS.finditer(blanked):
        if m.group(0) in "({[":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = position(source, m.start())
                raise SparqlError("too_deep", limit=MAX_DEPTH, line=line, column=column)
        else:
            depth -= 1
    operators = len(_OPERATOR_CHARS.findall(blanked))
    for m in _NAME_RUN.finditer(blanked):
        run = m.group(0)
        if ":" not in run and not run[0].isdigit() and (m.start() == 0 or blanked[m.start() - 1] not in "?$@"):
            operators += 1  # a bare word: a keyword or a function name
    if operators > MAX_OPERATORS:
        raise SparqlError("too_many_operators", count=f"{operators:,}", limit=f"{MAX_OPERATORS:,}")


def _keywords(blanked: str) -> dict[str, tuple[int, ...]]:
    """Offsets where the engine could read SERVICE, LOAD, FROM or USING as a keyword.

    Over-inclusive on purpose: an occurrence is passed over only when it is surely inside a variable
    (``?service``) or inside a prefixed name after its colon (``ex:service``; not after a ``.``,
    where a careless reader might split the name). Oxigraph needs no boundary *after* a keyword,
    so a name that starts with one (``SERVICEex:x``, ``service:``) counts as the keyword."""
    found: dict[str, list[int]] = {}
    for m in _WORDS.finditer(blanked):
        if not _inside_name(blanked, m.start()):
            found.setdefault(m.group(0).upper(), []).append(m.start())
    return {word: tuple(offsets) for word, offsets in found.items()}


def _inside_name(blanked: str, start: int) -> bool:
    k = start
    while k > 0 and _VARNAME_CHAR.match(blanked[k - 1]):
        k -= 1
    if k < start and k > 0 and blanked[k - 1] in "?$":
        return True  # inside a variable's name
    if k == start and start > 0 and blanked[start - 1] in "?$":
        return True  # the variable's name starts with the word
    k = start
    while k > 0 and _NAME_RUN.match(blanked[k - 1]):
        k -= 1
    return start > 0 and blanked[start - 1] != "." and ":" in blanked[k:start]


def _escape_error(source: str, offset: int, escape: str) -> SparqlError:
    line, column = position(source, offset)
    return SparqlError("escape", escape=escape, line=line, column=column)


def _lexical(key: str, source: str, offset: int, **values: object) -> SparqlError:
    line, column = position(source, offset)
    return SparqlError(key, line=line, column=column, **values)
