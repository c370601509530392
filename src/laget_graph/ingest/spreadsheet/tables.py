"""Between RDF and tables: the exporter (graph → sheets of text rows) and the converter back.

Tables are plain ``{sheet name: [header row, data rows…]}`` of strings, so the same code serves
XLSX and CSV. The exporter puts a value in a typed column only when reading the cell back gives the
identical term; everything else becomes a triple on the "Øvrige" sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

import rdflib
from rdflib.namespace import RDF, XSD

from .layout import (
    ID_HEADER,
    OTHER_HEADERS,
    OTHER_SHEET,
    REF,
    RELATION,
    RELATION_HEADERS,
    RELATIONS_SHEET,
    RESOURCE,
    SEPARATOR,
    TYPED_SHEETS,
    UNITS,
    CellError,
    Column,
    Sheet,
    compact,
    expand,
    ref_from_cell,
    ref_to_cell,
)
from .names import Names
from .origins import Origins
from .vocab import actor_types, relations

Tables = dict[str, list[list[str]]]


def empty_tables() -> Tables:
    tables: Tables = {s.name: [s.headers] for s in TYPED_SHEETS}
    tables[RELATIONS_SHEET] = [list(RELATION_HEADERS)]
    tables[OTHER_SHEET] = [list(OTHER_HEADERS)]
    return tables


# -- graph -> tables -------------------------------------------------------------------------------------

def _sheet_for(g: rdflib.Graph, s: rdflib.term.Node) -> Sheet | None:
    if ref_to_cell(s) is None:
        return None
    types = set(g.objects(s, RDF.type))
    if types & set(actor_types().labels.values()):
        return UNITS
    for sheet in TYPED_SHEETS[1:]:
        if sheet.classes[0] in types:
            return sheet
    return None


def graph_to_tables(g: rdflib.Graph) -> Tables:
    """Every triple of ``g`` lands in exactly one cell or one "Øvrige" row."""
    tables = empty_tables()
    left = set(g)
    subjects = sorted({s for s in g.subjects() if _sheet_for(g, s) is not None}, key=str)
    for s in subjects:
        sheet = _sheet_for(g, s)
        assert sheet is not None
        if sheet is not UNITS:
            left.discard((s, RDF.type, sheet.classes[0]))
        row = [ref_to_cell(s) or ""]
        for col in sheet.columns:
            row.append(_fill(g, s, col, left))
        tables[sheet.name].append(row)
    for s in sorted({s for s in g.subjects() if ref_to_cell(s) is not None}, key=str):
        for p, o in sorted(g.predicate_objects(s), key=str):
            label, target = RELATION.to_cell(p), ref_to_cell(o)
            if label and target and (s, p, o) in left:
                tables[RELATIONS_SHEET].append([ref_to_cell(s) or "", label, target])
                left.discard((s, p, o))
    for s, p, o in sorted(left, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        tables[OTHER_SHEET].append(_other_row(s, p, o))
    return tables


def _fill(g: rdflib.Graph, s: rdflib.term.Node, col: Column, left: set) -> str:  # type: ignore[type-arg]
    cells: list[str] = []
    for o in sorted(g.objects(s, col.predicate), key=str):
        if (s, col.predicate, o) not in left:
            continue
        if col.inverse is not None and (o, col.inverse, s) not in left:
            continue
        text = col.kind.to_cell(o)
        if text is None or (col.multi and SEPARATOR in text) or (cells and not col.multi):
            continue
        cells.append(text)
        left.discard((s, col.predicate, o))
        if col.inverse is not None:
            left.discard((o, col.inverse, s))
    return f"{SEPARATOR} ".join(cells)


def _other_row(s: rdflib.term.Node, p: rdflib.term.Node, o: rdflib.term.Node) -> list[str]:
    subject = ref_to_cell(s) or str(s)
    if isinstance(o, rdflib.Literal):
        datatype = "" if o.datatype in (None, XSD.string) or o.language else compact(o.datatype)
        return [subject, compact(p), str(o), o.language or "", datatype]
    return [subject, compact(p), ref_to_cell(o) or str(o), "", RESOURCE]


# -- tables -> graph ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One bad cell: sheet, 1-based row, column letter and header, and the message key + values."""

    sheet: str
    row: int
    column: str
    header: str
    key: str
    values: dict[str, object]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def tables_to_graph(tables: Tables, names: Names | None = None, origins: Origins | None = None,
                    strict: bool = False) -> tuple[rdflib.Graph, list[Problem]]:
    """Convert tables; every problem is collected (with its position) instead of stopping at the first.
    ``names`` turns names in reference cells into IDs (see :mod:`.names`); ``origins``, when given,
    records which row and column made each fact (see :mod:`.origins`); ``strict``: an ID that is
    neither a row nor a listed name but close to one is a typo."""
    g = rdflib.Graph()
    problems: list[Problem] = []
    refs = _Refs(names, _row_ids(tables), strict)
    for sheet in TYPED_SHEETS:
        if origins is not None:
            for i, col in enumerate(sheet.columns, start=1):
                origins.column(sheet.name, str(col.predicate), column_letter(i), col.header)
        for r, row in enumerate(tables.get(sheet.name, [])[1:], start=2):
            _typed_row(g, sheet, r, row, problems, refs, origins)
    for r, row in enumerate(tables.get(RELATIONS_SHEET, [])[1:], start=2):
        _relation_row(g, r, row, problems, refs, origins)
    for r, row in enumerate(tables.get(OTHER_SHEET, [])[1:], start=2):
        _other_triple(g, r, row, problems, origins)
    return g, problems


def _row_ids(tables: Tables) -> set[str]:
    return {row[0].strip() for sheet in TYPED_SHEETS for row in tables.get(sheet.name, [])[1:]
            if row and row[0].strip()}


@dataclass
class _Refs:
    """Reads a reference cell: a name from the lists, else an ID; an unknown ID close to a known one
    is a typo ("did you mean …?"), not a new node."""

    names: Names | None
    row_ids: set[str]
    strict: bool = False

    def read(self, text: str) -> rdflib.URIRef:
        text = text.strip()
        if self.names is not None:
            found = self.names.resolve(text)
            if found is not None:
                return ref_from_cell(found)
        try:
            ref = ref_from_cell(text)
        except CellError:
            suggestion = self.names.suggest(text) if self.names else None
            if suggestion:
                raise CellError("unknown_ref", text=text, suggestion=suggestion) from None
            raise
        if self.strict and self.names and text not in self.row_ids and not self.names.known(text) \
                and not text.startswith(("http://", "https://", "kommune/")):
            suggestion = self.names.suggest(text)
            if suggestion and suggestion != text:
                raise CellError("unknown_ref", text=text, suggestion=suggestion)
            if "/" not in text:  # a word that is no name in the lists is a mistake, not a new ID
                raise CellError("unknown_name", text=text)
        return ref


def _blank(row: list[str]) -> bool:
    return not any(c.strip() for c in row)


def _typed_row(g: rdflib.Graph, sheet: Sheet, r: int, row: list[str], problems: list[Problem], refs: _Refs,
               origins: Origins | None) -> None:
    if _blank(row):
        return
    cells = row + [""] * (len(sheet.headers) - len(row))
    try:
        if not cells[0].strip():
            raise CellError("missing_id")
        s = ref_from_cell(cells[0])
    except CellError as exc:
        problems.append(Problem(sheet.name, r, "A", ID_HEADER, exc.key, exc.values))
        return
    if origins is not None:
        origins.row(str(s), sheet.name, r)
    if sheet is not UNITS:
        g.add((s, RDF.type, sheet.classes[0]))
    elif not cells[1].strip():
        problems.append(Problem(sheet.name, r, "B", UNITS.columns[0].header, "missing_type", {}))
    for i, col in enumerate(sheet.columns, start=1):
        text = cells[i].strip()
        if not text:
            continue
        if origins is not None:
            origins.filled(sheet.name, r, column_letter(i))
        parts = [p for p in (x.strip() for x in text.split(SEPARATOR)) if p] if col.multi else [text]
        for part in parts:
            try:
                value = refs.read(part) if col.kind is REF else col.kind.from_cell(part)
            except CellError as exc:
                problems.append(Problem(sheet.name, r, column_letter(i), col.header, exc.key,
                                        {**exc.values, "what": col.header}))
                continue
            g.add((s, col.predicate, value))
            if col.inverse is not None:
                g.add((value, col.inverse, s))


def _relation_row(g: rdflib.Graph, r: int, row: list[str], problems: list[Problem], refs: _Refs,
                  origins: Origins | None) -> None:
    if _blank(row):
        return
    cells = row + [""] * (3 - len(row))
    terms: list[rdflib.term.Node] = []
    for i, (header, kind) in enumerate(zip(RELATION_HEADERS, ("ref", "relation", "ref"), strict=True)):
        try:
            if not cells[i].strip():
                raise CellError("missing_value")
            terms.append(refs.read(cells[i]) if kind == "ref" else _relation(cells[i]))
        except CellError as exc:
            problems.append(Problem(RELATIONS_SHEET, r, column_letter(i), header, exc.key,
                                    {**exc.values, "what": header}))
    if len(terms) == 3:
        g.add((terms[0], terms[1], terms[2]))
        if origins is not None:
            origins.triple(str(terms[0]), str(terms[1]), str(terms[2]), RELATIONS_SHEET, r, "B", RELATION_HEADERS[1])


def _relation(text: str) -> rdflib.URIRef:
    found = relations().lookup(text)
    if found is None:
        raise CellError("unknown_choice", text=text.strip(), suggestion=relations().suggest(text))
    return found


def _other_triple(g: rdflib.Graph, r: int, row: list[str], problems: list[Problem],
                  origins: Origins | None = None) -> None:
    if _blank(row):
        return
    subject, predicate, value, lang, datatype = (row + [""] * 5)[:5]
    try:
        s = ref_from_cell(subject) if not subject.startswith("http") else rdflib.URIRef(subject)
        p = expand(predicate)
        if datatype.strip() == RESOURCE:
            o: rdflib.term.Node = ref_from_cell(value) if not value.startswith("http") else rdflib.URIRef(value)
        elif lang.strip():
            o = rdflib.Literal(value, lang=lang.strip())
        elif datatype.strip():
            o = rdflib.Literal(value, datatype=expand(datatype))
        else:
            o = rdflib.Literal(value)
    except CellError as exc:
        problems.append(Problem(OTHER_SHEET, r, "A", OTHER_HEADERS[0], exc.key, {**exc.values, "what": "triple"}))
        return
    g.add((s, p, o))
    if origins is not None:
        origins.triple(str(s), str(p), str(o), OTHER_SHEET, r, "C", OTHER_HEADERS[2])

