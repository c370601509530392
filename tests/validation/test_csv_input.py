"""CSV as Excel and people write it: encodings, separators, organisation numbers with spaces, dates."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from laget_graph.ingest import InputError
from laget_graph.ingest.spreadsheet.importer import import_csv_folder
from laget_graph.ingest.spreadsheet.layout import date_from_cell, organisation_number_from_cell
from laget_graph.ingest.spreadsheet.template import write_template
from laget_graph.resources import example_files

BAERUM = next(p for p in example_files() if p.name == "baerum.ttl")

#: (name, encoding, separator): what Excel's "Save as" offers, and what other tools write.
VARIANTS = [
    ("excel-csv-semicolon-cp1252", "cp1252", ";"),
    ("excel-csv-utf8-bom", "utf-8-sig", ","),
    ("excel-unicode-text-utf16-tab", "utf-16", "\t"),
    ("plain-utf8-comma", "utf-8", ","),
    ("utf8-semicolon", "utf-8", ";"),
]


def _rewrite(folder: Path, encoding: str, separator: str) -> None:
    """Save every CSV file of the folder again, as that tool would."""
    for path in folder.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        out = io.StringIO()
        csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
        path.write_bytes(out.getvalue().encode(encoding))


@pytest.mark.parametrize(("name", "encoding", "separator"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_every_way_excel_saves_csv_imports_the_same(tmp_path: Path, name: str, encoding: str, separator: str) -> None:
    folder = tmp_path / name
    write_template(folder)
    _rewrite(folder, encoding, separator)
    assert set(import_csv_folder(folder)) == set(rdflib.Graph().parse(BAERUM, format="turtle"))


def test_a_file_that_is_no_text_is_an_input_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    write_template(folder)
    (folder / "Kompetanse.csv").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError) as info:
        import_csv_folder(folder)
    assert "Kompetanse.csv" in info.value.message("nb") and "CSV UTF-8" in info.value.message("nb")


def _laget(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"LAGET_LANG": "en", "LAGET_DATA_DIR": str(cwd / "store"), "PATH": "/usr/bin:/bin", "COLUMNS": "300"}
    return subprocess.run([sys.executable, "-m", "laget_graph.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def test_cli_import_and_validate_say_which_file_and_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    write_template(folder)
    (folder / "Enheter.csv").write_bytes(b"\xff\xfe\x00" + bytes(range(1, 256)))
    for command in (["import", str(folder)], ["validate", str(folder)]):
        done = _laget(*command, cwd=tmp_path)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "Enheter.csv" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_windows_1252_semicolon_folder_validates_like_utf8(tmp_path: Path) -> None:
    utf8, cp1252 = tmp_path / "utf8", tmp_path / "cp1252"
    write_template(utf8)
    write_template(cp1252)
    _rewrite(cp1252, "cp1252", ";")
    first, second = (_laget("validate", str(f), "--format", "json", cwd=tmp_path) for f in (utf8, cp1252))
    assert first.returncode == second.returncode != 2
    assert first.stdout.replace(str(utf8), "X") == second.stdout.replace(str(cp1252), "X")


@pytest.mark.parametrize(("text", "expected"), [
    ("974 589 095", "974589095"), ("974\u00a0589\u00a0095", "974589095"), ("974589095", "974589095"),
    ("97458909", "97458909"), ("974 589 09x", "974 589 09x"),  # not nine digits: kept, for the shape to name
])
def test_organisation_numbers_as_bronnoysund_prints_them(text: str, expected: str) -> None:
    assert str(organisation_number_from_cell(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2022", "2022"), ("2022-08-15", "2022-08-15"), ("2022-08-15 00:00:00", "2022-08-15"),
    ("15.08.2022", "2022-08-15"), ("15.8.2022", "2022-08-15"), ("15.08.22", "2022-08-15"),
    ("15/08/2022", "2022-08-15"), ("15-08-2022", "2022-08-15"), ("15. august 2022", "2022-08-15"),
    ("15 aug. 2022", "2022-08-15"), ("1. mars 2023", "2023-03-01"), ("3. desember 2021", "2021-12-03"),
    ("3. des 2021", "2021-12-03"), ("1. mai 2020", "2020-05-01"),
])
def test_dates_as_norwegians_write_them(text: str, expected: str) -> None:
    assert str(date_from_cell(text)) == expected


@pytest.mark.parametrize("text", ["31.02.2022", "15.13.2022", "neste år", "15. smarch 2022", "2022-8-15x"])
def test_impossible_dates_are_refused(text: str) -> None:
    from laget_graph.ingest.spreadsheet.layout import CellError

    with pytest.raises(CellError):
        date_from_cell(text)
