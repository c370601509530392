"""Where each fact of an imported workbook came from, so a finding can name the cell to fix.

The importer records, per row, the node the row made (its ID) and, per column, the property the
column fills; a relation row and an "Øvrige" row record their triple. A validation finding is about
a node (its focus) and often a property (its path): :meth:`Origins.locate` maps that pair back to
sheet, row and column. What came from no row (a municipality of the reference data) has no cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...i18n import Catalog

T = Catalog({
    "cell": {"nb": "Rett i ark «{sheet}», rad {row}, kolonne {column} ({header})",
             "en": "Fix it in sheet “{sheet}”, row {row}, column {column} ({header})"},
    "row": {"nb": "Rett i ark «{sheet}», rad {row}", "en": "Fix it in sheet “{sheet}”, row {row}"},
    "add": {"nb": "Rett i ark «{sheet}», rad {row}: fyll inn kolonne {column} ({header})",
            "en": "Fix it in sheet “{sheet}”, row {row}: fill in column {column} ({header})"},
})


@dataclass(frozen=True)
class Location:
    """One place in the workbook; ``column``/``header`` are empty when the whole row is meant."""

    sheet: str
    row: int
    column: str = ""
    header: str = ""
    filled: bool = True  # False: the column exists but the row left it empty

    def text(self, lang: str) -> str:
        if not self.column:
            return T("row", lang, sheet=self.sheet, row=self.row)
        key = "cell" if self.filled else "add"
        return T(key, lang, sheet=self.sheet, row=self.row, column=self.column, header=self.header)


@dataclass
class Origins:
    """Rows by the node they made, columns by the property they fill (per sheet), triples by row."""

    rows: dict[str, tuple[str, int]] = field(default_factory=dict)
    columns: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    cells: set[tuple[str, int, str]] = field(default_factory=set)  # (sheet, row, column) that hold a value
    triples: dict[tuple[str, str], tuple[str, int, str, str]] = field(default_factory=dict)  # (s, p) -> cell

    def row(self, node: str, sheet: str, row: int) -> None:
        self.rows.setdefault(node, (sheet, row))

    def column(self, sheet: str, predicate: str, letter: str, header: str) -> None:
        self.columns.setdefault((sheet, predicate), (letter, header))

    def filled(self, sheet: str, row: int, letter: str) -> None:
        self.cells.add((sheet, row, letter))

    def triple(self, subject: str, predicate: str, obj: str, sheet: str, row: int, letter: str, header: str) -> None:
        """A fact from a row of its own (a relation, an "Øvrige" triple)."""
        self.triples.setdefault((subject, predicate), (sheet, row, letter, header))
        self.triples.setdefault((subject, predicate, obj), (sheet, row, letter, header))  # type: ignore[arg-type]

    def locate(self, focus: str, path: str | None = None, value: str | None = None) -> Location | None:
        """The cell (or row) to fix for a finding on ``focus`` about ``path`` (and ``value``); None
        if no row made the node. A filled cell of the node's own row wins, then the row of that very
        triple, then the empty cell to fill, then the row. A finding without a path on a node no row
        made (the municipality, reported for a duty it owes) that names a node with a row as its value
        (the unit to fix) points to that node's row."""
        own = self.rows.get(focus)
        column = self.columns.get((own[0], path)) if own and path else None
        if own and column and (own[0], own[1], column[0]) in self.cells and (focus, path, value) not in self.triples:
            return Location(own[0], own[1], column[0], column[1])
        for key in ((focus, path, value), (focus, path)):
            if path and key in self.triples:
                sheet, row, letter, header = self.triples[key]  # type: ignore[index]
                return Location(sheet, row, letter, header)
        if own is None:
            return self.locate(value) if path is None and value is not None and value in self.rows else None
        if column:
            return Location(own[0], own[1], column[0], column[1], (own[0], own[1], column[0]) in self.cells)
        return Location(own[0], own[1])

    def __bool__(self) -> bool:
        return bool(self.rows or self.triples)


__all__ = ["Location", "Origins"]
