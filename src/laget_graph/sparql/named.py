"""Named queries: the competency questions in ``queries/*.rq``, their headers and safe binding.

The header format is described in ``queries/README.md``. Parameters are bound by a ``VALUES`` block
placed first inside the query's top-level ``WHERE`` group, built from typed pyoxigraph terms whose
``str()`` is their escaped N-Triples form: a user's value is checked against its type and can never
become SPARQL syntax. ``VALUES`` works the same on the embedded store and any external database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..i18n import LANGS
from ..namespaces import PREFIXES
from ..resources import queries_dir
from .errors import SparqlError

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Parameter types and the XSD datatype of their literals (``iri`` and ``string`` are special).
TYPES = {"iri": None, "string": None, "integer": "integer", "decimal": "decimal", "boolean": "boolean",
         "date": "date", "year": "gYear"}
OPTIONAL = "-"


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER = re.compile(r"^#\+\s*([a-z]+)(?:@([a-z]{2,3}))?\s*:\s*(.*?)\s*$")
#: Tokens that may hide a WHERE or a brace: strings, IRIs and comments; then the two we look for.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
    r"|(?P<where>\bWHERE\b)|(?P<brace>\{)",
    re.IGNORECASE,
)


class ParamError(SparqlError):
    """A parameter that is unknown, missing or not of its type (HTTP 400)."""

    def __init__(self, key: str, status: int = 400, **values: object) -> None:
        super().__init__(key, status, **values)


@dataclass(frozen=True)
class Param:
    """One parameter: ``?name`` in the query, its type, default (``-``: optional) and labels."""

    name: str
    type: str
    default: str | None
    label: dict[str, str] = field(default_factory=dict)
    #: For an ``iri`` parameter: the class or SKOS concept scheme its values come from (``#+ range:``),
    #: so a form can offer them by name.
    range: str | None = None

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """The typed RDF term for a user's value, or :class:`ParamError`."""
        try:
            return _term(self.type, value.strip())
        except (ValueError, InvalidOperation):
            raise ParamError("bad_value", name=self.name, type=self.type, value=value) from None


@dataclass(frozen=True)
class NamedQuery:
    """A competency question: title and description in nb and en, parameters, and the query."""

    name: str
    title: dict[str, str]
    description: dict[str, str]
    params: tuple[Param, ...]
    text: str

    def bind(self, values: Mapping[str, str]) -> str:
        """The query with parameters bound (given value, else default; optional ones left free)."""
        known = {p.name: p for p in self.params}
        for name in values:
            if name not in known:
                raise ParamError("unknown_param", query=self.name, name=name,
                                 known=", ".join(known) or "-")
        bound: list[tuple[str, ox.NamedNode | ox.Literal]] = []
        for p in self.params:
            value = values.get(p.name)
            if value is None or value == "":
                value = p.default
            if value is None:
                continue
            bound.append((p.name, p.term(value)))
        return inject_values(self.text, bound)

    def summary(self, lang: str) -> dict[str, object]:
        """What a client needs to list and call the query, in one language."""
        return {"name": self.name, "title": self.title[lang], "description": self.description[lang],
                "params": [{"name": p.name, "type": p.type, "default": p.default, "required": False,
                            "label": p.label[lang], "range": p.range} for p in self.params],
                "sparql": self.bind({})}


def inject_values(text: str, bound: list[tuple[str, ox.NamedNode | ox.Literal]]) -> str:
    """Put ``VALUES (?a ?b) { (t1 t2) }`` first inside the top-level WHERE group."""
    if not bound:
        return text
    return inject_rows(text, [name for name, _ in bound], [[term for _, term in bound]])


def inject_rows(text: str, names: Sequence[str], rows: Iterable[Sequence[ox.NamedNode | ox.Literal]]) -> str:
    """Put ``VALUES (?a ?b) { (t1 t2) (t3 t4) … }`` first inside the top-level WHERE group: several rows
    of typed terms (whose ``str()`` is their escaped N-Triples form), for queries asked about many
    resources at once."""
    position = _where_brace(text)
    head = " ".join(f"?{name}" for name in names)
    body = " ".join("(" + " ".join(str(term) for term in row) + ")" for row in rows)
    return f"{text[:position]} VALUES ({head}) {{ {body} }}{text[position:]}"


def _where_brace(text: str) -> int:
    seen_where = False
    for m in _TOKENS.finditer(text):
        if m.group("where"):
            seen_where = True
        elif m.group("brace") and seen_where:
            return m.end()
    raise ValueError("the query has no top-level WHERE { … } to bind parameters in")


def _term(kind: str, value: str) -> ox.NamedNode | ox.Literal:
    if kind == "iri":
        prefix, colon, local = value.partition(":")
        if colon and prefix in PREFIXES and not local.startswith("//"):
            return ox.NamedNode(PREFIXES[prefix] + local)
        if not re.match(r"^(https?|urn):", value):
            raise ValueError(value)
        return ox.NamedNode(value)
    if kind == "string":
        return ox.Literal(value)
    if kind == "integer":
        value = str(int(value))
    elif kind == "decimal":
        value = str(Decimal(value))
    elif kind == "boolean":
        value = {"true": "true", "false": "false", "1": "true", "0": "false"}[value.lower()]
    elif kind == "date":
        value = date.fromisoformat(value).isoformat()
    elif kind == "year" and not re.fullmatch(r"\d{4}", value):
        raise ValueError(value)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + TYPES[kind]))


def parse(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; a malformed header raises ValueError naming the file and line."""
    text = path.read_text(encoding="utf-8")
    fields: dict[tuple[str, str | None], str] = {}
    params: list[Param] = []
    labels: dict[str, dict[str, str]] = {}
    ranges: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#+"):
            continue
        m = _HEADER.match(line)
        if not m:
            raise ValueError(f"{path}:{number}: header lines look like '#+ key[@lang]: value'")
        key, lang, value = m.groups()
        if key == "param" and lang is None:
            pieces = value.split()
            if len(pieces) != 3 or pieces[1] not in TYPES or not _NAME.match(pieces[0]):
                raise ValueError(f"{path}:{number}: '#+ param: NAME TYPE DEFAULT' with TYPE in {list(TYPES)}")
            name, kind, default = pieces
            if default != OPTIONAL:
                _term(kind, default)  # a default must be a valid value of its type
            params.append(Param(name, kind, None if default == OPTIONAL else default, labels.setdefault(name, {})))
        elif key == "param":
            name, _, label = value.partition(" ")
            labels.setdefault(name, {})[lang] = label.strip()
        elif key == "range" and lang is None:
            name, _, term = value.partition(" ")
            try:
                ranges[name] = _term("iri", term.strip().strip("<>")).value
            except ValueError:
                raise ValueError(f"{path}:{number}: '#+ range: NAME CLASS-OR-SCHEME', an IRI or prefixed name"
                                 ) from None
        elif key in ("title", "description") and lang in LANGS:
            fields[(key, lang)] = value
        else:
            raise ValueError(f"{path}:{number}: unknown header key {key!r}")
    for key in ("title", "description"):
        for lang in LANGS:
            if (key, lang) not in fields:
                raise ValueError(f"{path}: missing '#+ {key}@{lang}:'")
    unknown = set(ranges) - {p.name for p in params if p.type == "iri"}
    if unknown:
        raise ValueError(f"{path}: '#+ range:' for {', '.join(sorted(unknown))}, which is no iri parameter")
    params = [replace(p, range=ranges.get(p.name)) for p in params]
    for p in params:
        if set(p.label) != set(LANGS):
            raise ValueError(f"{path}: parameter {p.name} needs '#+ param@nb:' and '#+ param@en:' labels")
        if not re.search(rf"\?{p.name}\b", text.split("\n#+")[-1]):
            raise ValueError(f"{path}: parameter {p.name} is not used as ?{p.name} in the query")
    title = {lang: fields[("title", lang)] for lang in LANGS}
    description = {lang: fields[("description", lang)] for lang in LANGS}
    return NamedQuery(path.stem, title, description, tuple(params), text)


@cache
def registry(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in ``folder`` (default: the bundled ``queries/``), by name."""
    return {q.name: q for q in map(parse, sorted((folder or queries_dir()).glob("*.rq")))}


def get(name: str, folder: Path | None = None) -> NamedQuery:
    try:
        return registry(folder)[name]
    except KeyError:
        raise ParamError("no_named_query", status=404, name=name) from None
