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
    MUNICIPALITY,
    NAME_NB,
    OTHER_HEADERS,
    OTHER_SHEET,
    REF,
    RELATION,
    RELATION_HEADERS,
    RELATIONS_SHEET,
    SEPARATOR,
    TYPED_SHEETS,
    UNITS,
    cell_text,
)
from .names import IDS_HEADER, MUNICIPALITIES_HEADER, NAMES_HEADER, Names, merged, sheet_names
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


def write_xlsx(tables: Tables, guide: list[str], target: Path | io.BytesIO, names: Names | None = None) -> None:
    """Write the sheets, a guide, and a hidden sheet of lists that feeds the drop-downs.

    With ``names`` (what the store holds, see :mod:`.names`) every reference column gets a drop-down
    of names too, the municipality column one of "Bærum (3201)", and reference cells show names
    instead of IDs; the lists sheet carries the name/ID pairs back to the importer."""
    wb = Workbook()
    ws_guide = wb.active
    ws_guide.title = GUIDE_SHEET
    for line in guide:
        ws_guide.append([line])
    ws_guide.column_dimensions["A"].width = 120
    lists = wb.create_sheet(LISTS_SHEET)
    list_ranges: dict[str, str] = {}

    def add_list(name: str, values: list[str]) -> str:
        col = get_column_letter(len(list_ranges) + 1)
        lists.cell(row=1, column=len(list_ranges) + 1, value=name)
        for r, value in enumerate(values, start=2):
            lists[f"{col}{r}"] = value
        list_ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${col}$2:${col}${max(2, len(values) + 1)}"
        return col

    for columns in _choice_columns().values():
        for choices_fn in columns.values():
            choices = choices_fn()  # type: ignore[operator]
            if choices.name not in list_ranges:
                add_list(choices.name, list(choices.labels))
    display = None
    if names is not None:
        display = merged(sheet_names(tables), names)
        own = _row_ids(tables)
        fixed = [(n, i) for n, i in names.pairs() if i not in own]
        units_name = get_column_letter(UNITS.headers.index(NAME_NB.header) + 1)
        tail = [f'=IF({UNITS.name}!{units_name}{r}="","",{UNITS.name}!{units_name}{r})'
                for r in range(2, VALIDATED_ROWS + 1)]
        add_list(NAMES_HEADER, [n for n, _ in fixed] + tail)
        add_list(IDS_HEADER, [i for _, i in fixed] + [f'=IF({UNITS.name}!A{r}="","",{UNITS.name}!A{r})'
                                                      for r in range(2, VALIDATED_ROWS + 1)])
        add_list(MUNICIPALITIES_HEADER, names.municipalities)
    lists.sheet_state = "hidden"
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        for row in rows[:1] + [_shown(name, row, display) for row in rows[1:]]:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        ws.freeze_panes = "A2"
        for i, header in enumerate(rows[0], start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(header) + 6))
        last = max(len(rows), VALIDATED_ROWS)
        validated = {i: (list_ranges[c().name], name != RELATIONS_SHEET and not _multi(name, i))  # type: ignore[operator]
                     for i, c in _choice_columns().get(name, {}).items()}
        if names is not None:
            validated |= {i: (list_ranges[key], False) for i, key in _name_columns(name).items()}
        for i, (source, strict) in sorted(validated.items()):
            dv = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showErrorMessage=strict)
            dv.error = "Velg en verdi fra listen / choose a value from the list"
            dv.prompt = rows[0][i]
            ws.add_data_validation(dv)
            letter = get_column_letter(i + 1)
            dv.add(f"{letter}2:{letter}{last}")
    wb.move_sheet(OTHER_SHEET, offset=0)
    wb.save(target)


def _name_columns(sheet_name: str) -> dict[int, str]:
    """Column index → list name for the columns that take a name: references and the municipality."""
    if sheet_name == RELATIONS_SHEET:
        return {0: NAMES_HEADER, 2: NAMES_HEADER}
    for sheet in TYPED_SHEETS:
        if sheet.name == sheet_name:
            return {i: (MUNICIPALITIES_HEADER if col.kind is MUNICIPALITY else NAMES_HEADER)
                    for i, col in enumerate(sheet.columns, start=1) if col.kind in (REF, MUNICIPALITY)}
    return {}


def _shown(sheet_name: str, row: list[str], display: Names | None) -> list[str]:
    """A data row as written: IDs in reference columns replaced by their names."""
    if display is None:
        return row
    columns = _name_columns(sheet_name)
    shown = list(row)
    for i, key in columns.items():
        if i < len(shown) and shown[i].strip() and key == NAMES_HEADER:
            shown[i] = f"{SEPARATOR} ".join(display.display(part.strip()) for part in shown[i].split(SEPARATOR))
    return shown


def _row_ids(tables: Tables) -> set[str]:
    return {row[0].strip() for sheet in TYPED_SHEETS for row in tables.get(sheet.name, [])[1:]
            if row and row[0].strip()}


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
