"""Import a filled-in template (XLSX or a folder of CSV files) as RDF, all or nothing.

Every problem is reported with its sheet, row and column and what was expected, with a suggestion
for near-misses ("Kompetanseområde 'dyslexi' finnes ikke; mente du 'Dysleksi'?"). If there is one
problem, no graph is returned, so a bad row can never silently drop data.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import rdflib

from ...i18n import Catalog
from ...namespaces import PREFIXES
from ..errors import InputError
from .layout import (
    GUIDE_SHEET,
    LISTS_SHEET,
    OTHER_HEADERS,
    OTHER_SHEET,
    RELATION_HEADERS,
    RELATIONS_SHEET,
    TYPED_SHEETS,
)
from .names import listed_names, merged, sheet_names
from .origins import Origins
from .tables import Problem, Tables, column_letter, tables_to_graph
from .workbook import WorkbookTooLarge, read_csv_folder, read_xlsx

T = Catalog({
    "where": {"nb": "Ark «{sheet}», rad {row}, kolonne {column} ({header})",
              "en": "Sheet “{sheet}”, row {row}, column {column} ({header})"},
    "unknown_choice": {"nb": "{what} «{text}» finnes ikke", "en": "{what} “{text}” does not exist"},
    "suggest": {"nb": "; mente du «{suggestion}»?", "en": "; did you mean “{suggestion}”?"},
    "bad_ref": {"nb": "«{text}» er ingen gyldig ID (bruk f.eks. unit/3201/ppt eller kommune/3201)",
                "en": "“{text}” is not a valid ID (use e.g. unit/3201/ppt or kommune/3201)"},
    "bad_municipality": {"nb": "«{text}» er ikke et kommunenummer (fire sifre, f.eks. 3201)",
                         "en": "“{text}” is not a municipality number (four digits, e.g. 3201)"},
    "bad_integer": {"nb": "«{text}» er ikke et heltall", "en": "“{text}” is not a whole number"},
    "bad_rank": {"nb": "«{text}» er ikke en prioritet (1, 2, 3 …)", "en": "“{text}” is not a priority (1, 2, 3 …)"},
    "bad_date": {"nb": "«{text}» er ikke et år eller en dato (2022, 15.08.2022 eller 2022-08-15)",
                 "en": "“{text}” is not a year or a date (2022, 15.08.2022 or 2022-08-15)"},
    "bad_boolean": {"nb": "«{text}»: skriv ja eller nei", "en": "“{text}”: write ja (yes) or nei (no)"},
    "bad_name": {"nb": "«{text}» er ikke et kjent prefiksnavn eller en IRI",
                 "en": "“{text}” is not a known prefixed name or an IRI"},
    "missing_id": {"nb": "ID mangler", "en": "the ID is missing"},
    "missing_type": {"nb": "Type mangler", "en": "the type is missing"},
    "missing_value": {"nb": "verdien mangler", "en": "the value is missing"},
    "unknown_name": {"nb": "«{text}» er verken et navn i listene eller en ID (velg fra nedtrekkslisten)",
                     "en": "“{text}” is neither a name in the lists nor an ID (choose from the drop-down)"},
    "unknown_ref": {"nb": "«{text}» finnes verken i arket eller i listene; mente du «{suggestion}»?",
                    "en": "“{text}” is neither in the sheet nor in the lists; did you mean “{suggestion}”?"},
    "bad_header": {"nb": "overskriften er «{found}», men skal være «{expected}»",
                   "en": "the header is “{found}” but must be “{expected}”"},
    "unknown_sheet": {"nb": "arket «{sheet}» er ukjent (kjente ark: {known})",
                      "en": "the sheet “{sheet}” is unknown (known sheets: {known})"},
    "no_sheets": {"nb": "{source}: ingen av malens ark finnes; bruk «laget template» for å lage en mal.",
                  "en": "{source}: none of the template's sheets is there; run “laget template” to get one."},
    "unreadable": {"nb": "{source}: kan ikke leses som regneark: {detail}",
                   "en": "{source}: cannot be read as a spreadsheet: {detail}"},
    "too_large_unpacked": {
        "nb": "{source}: regnearket pakkes ut til {mb:.0f} MB; grensen er {limit:.0f} MB.",
        "en": "{source}: the workbook unpacks to {mb:.0f} MB; the limit is {limit:.0f} MB.",
    },
    "too_large_cells": {
        "nb": "{source}: regnearket har minst {cells:,} celler; grensen er {limit:,}.",
        "en": "{source}: the workbook holds at least {cells:,} cells; the limit is {limit:,}.",
    },
    "summary": {"nb": "{source}: {count} feil; ingenting er importert.",
                "en": "{source}: {count} errors; nothing was imported."},
})


class ImportProblems(InputError):
    """All the problems of one spreadsheet; nothing is imported."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source, self.problems = source, problems
        super().__init__("parse", source=source, detail=f"{len(problems)} problems")

    def lines(self, lang: str) -> list[str]:
        return [describe(p, lang) for p in self.problems]

    def message(self, lang: str) -> str:
        head = T("summary", lang, source=self.source, count=len(self.problems))
        return "\n".join([head, *("  " + line for line in self.lines(lang))])


class UnreadableSheet(InputError):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__("parse", **{"source": values.get("source", ""), "detail": key})
        self.sheet_key, self.sheet_values = key, values

    def message(self, lang: str) -> str:
        return T(self.sheet_key, lang, **self.sheet_values)


def describe(p: Problem, lang: str) -> str:
    """One problem as a sentence in ``lang``, with its position first."""
    where = T("where", lang, sheet=p.sheet, row=p.row, column=p.column, header=p.header)
    values = dict(p.values)
    text = T(p.key, lang, **{k: v for k, v in values.items() if v is not None})
    if p.key == "unknown_choice" and values.get("suggestion"):
        text += T("suggest", lang, suggestion=values["suggestion"])
    return f"{where}: {text}"


def import_workbook(data: bytes, source: str, origins: Origins | None = None) -> rdflib.Graph:
    """An XLSX file's bytes to RDF, or :class:`ImportProblems`; ``origins`` is filled with the
    row and column of every fact."""
    try:
        tables = read_xlsx(data)
    except WorkbookTooLarge as exc:
        raise UnreadableSheet(f"too_large_{exc.key}", source=source, **exc.values) from None
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise UnreadableSheet("unreadable", source=source, detail=type(exc).__name__) from None
    return import_tables(tables, source, origins)


def import_csv_folder(folder: Path) -> rdflib.Graph:
    return import_tables(read_csv_folder(folder), str(folder))


def import_tables(tables: Tables, source: str, origins: Origins | None = None) -> rdflib.Graph:
    """Check sheets and headers, convert, and return the graph only if there was no problem at all.
    Names in reference cells are read through the workbook's own rows and its lists sheet."""
    problems = check_layout(tables)
    known = [n for n in tables if n in _EXPECTED]
    if not known:
        raise UnreadableSheet("no_sheets", source=source)
    listed = listed_names(tables, LISTS_SHEET)
    names = merged(sheet_names(tables), listed)
    graph, cell_problems = tables_to_graph({n: rows for n, rows in tables.items() if n in _EXPECTED}, names,
                                           origins, strict=bool(listed.by_id))
    problems += cell_problems
    if problems:
        raise ImportProblems(source, problems)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


_EXPECTED: dict[str, list[str]] = {s.name: s.headers for s in TYPED_SHEETS}
_EXPECTED[RELATIONS_SHEET] = list(RELATION_HEADERS)
_EXPECTED[OTHER_SHEET] = list(OTHER_HEADERS)
_IGNORED = (GUIDE_SHEET, LISTS_SHEET)


def check_layout(tables: Tables) -> list[Problem]:
    """Unknown sheets (with a suggestion) and headers that differ from the template's."""
    problems: list[Problem] = []
    for name, rows in tables.items():
        if name in _IGNORED:
            continue
        if name not in _EXPECTED:
            close = difflib.get_close_matches(name, list(_EXPECTED), n=1)
            problems.append(Problem(name, 1, "A", "—", "unknown_choice",
                                    {"what": "Ark/sheet", "text": name, "suggestion": close[0] if close else None}))
            continue
        header = [h.strip() for h in (rows[0] if rows else [])]
        for i, expected in enumerate(_EXPECTED[name]):
            found = header[i] if i < len(header) else ""
            if found != expected:
                problems.append(Problem(name, 1, column_letter(i), expected, "bad_header",
                                        {"found": found, "expected": expected}))
    return problems
