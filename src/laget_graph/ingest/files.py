"""What a folder stands for: the data files in it, in a stable order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
from .rdf import FORMATS

SPREADSHEET_SUFFIXES = (".xlsx",)


#: What a folder's files are read as: every RDF extension but plain ``.json``, which in a folder is more
#: often something else (``laget synth``'s defects.json, a package.json) than JSON-LD; a ``.json`` file
#: named on its own is still read as JSON-LD.
FOLDER_SUFFIXES = frozenset(FORMATS) - {".json"}


def data_files_in(folder: Path, extra_suffixes: Iterable[str] = ()) -> list[Path]:
    """The RDF files (and files with ``extra_suffixes``) below a folder, recursively, sorted."""
    wanted = {*FOLDER_SUFFIXES, *extra_suffixes}
    return sorted(f for f in folder.rglob("*") if f.suffix.lower() in wanted and f.is_file())


def is_csv_template(folder: Path) -> bool:
    """A folder holding the template's CSV twin (Enheter.csv, Kompetanse.csv …) is one setup."""
    from .spreadsheet.layout import SHEET_NAMES

    return any((folder / f"{name}.csv").is_file() for name in SHEET_NAMES)


def expand_rdf(paths: Iterable[Path]) -> list[Path]:
    """For ``laget load``: folders stand for the RDF files inside them (recursively, sorted)."""
    result: list[Path] = []
    for p in paths:
        result += data_files_in(p) if p.is_dir() else [p]
    return result


def expand(paths: Iterable[Path]) -> list[Path]:
    """For ``laget validate``: files stay; a CSV template folder is one input; other folders stand
    for the RDF files and spreadsheets in them, and must hold at least one."""
    result: list[Path] = []
    for p in paths:
        if p.is_dir() and is_csv_template(p):
            result.append(p)
        elif p.is_dir():
            found = data_files_in(p, SPREADSHEET_SUFFIXES)
            if not found:
                raise InputError("nothing", source=str(p))
            result += found
        elif not p.exists():
            raise InputError("missing", source=str(p))
        else:
            result.append(p)
    return result
