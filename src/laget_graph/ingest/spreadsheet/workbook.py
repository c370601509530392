"""Tables to and from files: XLSX (openpyxl, with drop-downs) and a folder of CSV files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..text import read_csv
from .layout import (
    GUIDE_SHEET,
    LISTS_SHEET,
    OTHER_HEADERS,
    OTHER_SHEET,
    RELATION,
    RELATION_HEADERS,
    RELATIONS_SHEET,
    TYPED_SHEETS,
    cell_text,
)
from .tables import Tables

#: Rows that get drop-downs in an otherwise empty sheet.
VALIDATED_ROWS = 500
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _choice_columns() -> dict[str, dict[int, object]]:
    """Sheet → {column index: Choices} for every column with a controlled value."""
    result: dict[str, dict[int, object]] = {}
    for sheet in TYPED_SHEETS:
        for i, col in enumerate(sheet.columns, start=1):
            if col.kind.choices is not None:
                result.setdefault(sheet.name, {})[i] = col.kind.choices
    result[RELATIONS_SHEET] = {1: RELATION.choices}
    return result


def write_xlsx(tables: Tables, guide: list[str], target: Path | io.BytesIO) -> None:
    """Write the sheets, a guide, and a hidden sheet of lists that feeds the drop-downs."""
    wb = Workbook()
    ws_guide = wb.active
    ws_guide.title = GUIDE_SHEET
    for line in guide:
        ws_guide.append([line])
    ws_guide.column_dimensions["A"].width = 120
    lists = wb.create_sheet(LISTS_SHEET)
    list_ranges: dict[str, str] = {}
    for columns in _choice_columns().values():
        for choices_fn in columns.values():
            choices = choices_fn()  # type: ignore[operator]
            if choices.name in list_ranges:
                continue
            col = get_column_letter(len(list_ranges) + 1)
            lists.cell(row=1, column=len(list_ranges) + 1, value=choices.name)
            labels = list(choices.labels)
            for r, label in enumerate(labels, start=2):
                lists[f"{col}{r}"] = label
            list_ranges[choices.name] = f"{quote_sheetname(LISTS_SHEET)}!${col}$2:${col}${len(labels) + 1}"
    lists.sheet_state = "hidden"
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        ws.freeze_panes = "A2"
        for i, header in enumerate(rows[0], start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(header) + 6))
        last = max(len(rows), VALIDATED_ROWS)
        for i, choices_fn in _choice_columns().get(name, {}).items():
            choices = choices_fn()  # type: ignore[operator]
            dv = DataValidation(type="list", formula1=f"={list_ranges[choices.name]}", allow_blank=True,
                                showErrorMessage=name != RELATIONS_SHEET and not _multi(name, i))
            dv.error = "Velg en verdi fra listen / choose a value from the list"
            dv.prompt = rows[0][i]
            ws.add_data_validation(dv)
            letter = get_column_letter(i + 1)
            dv.add(f"{letter}2:{letter}{last}")
    wb.move_sheet(OTHER_SHEET, offset=0)
    wb.save(target)


def _multi(sheet_name: str, index: int) -> bool:
    for sheet in TYPED_SHEETS:
        if sheet.name == sheet_name:
            return sheet.columns[index - 1].multi
    return False


#: What a workbook may unpack to, and how many cells it may hold: a filled-in template is a few
#: hundred kB and a few thousand cells; a zip bomb or a sheet that claims a million rows is not read.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_CELLS = 500_000


class WorkbookTooLarge(ValueError):
    """The workbook unpacks to more than :data:`MAX_UNPACKED_BYTES` or holds more than :data:`MAX_CELLS`."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(key)


def check_workbook_size(data: bytes) -> None:
    """Refuse a zip bomb by the sizes the archive declares, before anything is unpacked."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookTooLarge("unpacked", mb=unpacked / 1_048_576, limit=MAX_UNPACKED_BYTES / 1_048_576)


def read_xlsx(data: bytes) -> dict[str, list[list[str]]]:
    """Every sheet as rows of text (read-only, values not formulas), within :data:`MAX_CELLS`: the
    sheets' declared dimensions are checked first, and the cells are counted as they are read (a
    declaration can lie)."""
    check_workbook_size(data)
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    tables: dict[str, list[list[str]]] = {}
    cells = 0
    try:
        declared = sum((ws.max_row or 0) * (ws.max_column or 0) for ws in wb.worksheets)
        if declared > MAX_CELLS:
            raise WorkbookTooLarge("cells", cells=declared, limit=MAX_CELLS)
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    raise WorkbookTooLarge("cells", cells=cells, limit=MAX_CELLS)
                rows.append([cell_text(v) for v in row])
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            tables[ws.title] = rows
    finally:
        wb.close()
    return tables


def write_csv(tables: Tables, folder: Path) -> list[Path]:
    """One UTF-8 CSV per sheet (named after the sheet), the CSV twin of the workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        written.append(path)
    return written


def read_csv_folder(folder: Path) -> dict[str, list[list[str]]]:
    """The CSV files of a folder, by sheet name (file stem), in any encoding and separator Excel writes."""
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        tables[path.stem] = read_csv(path.read_bytes(), str(path), _first_header(path.stem))
    return tables


def _first_header(sheet: str) -> str | None:
    """The header the sheet's first column must have, to tell its separator for sure."""
    if sheet == RELATIONS_SHEET:
        return RELATION_HEADERS[0]
    if sheet == OTHER_SHEET:
        return OTHER_HEADERS[0]
    return next((s.headers[0] for s in TYPED_SHEETS if s.name == sheet), None)
