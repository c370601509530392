"""The ``laget`` command, run as a real subprocess against a real on-disk store."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import rdflib

FIXTURES = Path(__file__).parent / "fixtures" / "rdf"


def laget(*args: str, data_dir: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LAGET_LANG": lang, "LAGET_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "laget_graph.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_help_in_both_languages(tmp_path: Path) -> None:
    en = laget("--help", data_dir=tmp_path, lang="en")
    nb = laget("--help", data_dir=tmp_path, lang="nb")
    assert en.returncode == nb.returncode == 0
    assert "Load RDF files" in en.stdout and "Last inn RDF-filer" in nb.stdout
    for command in ("load", "info", "export", "serve"):
        sub = laget(command, "--help", data_dir=tmp_path)
        assert sub.returncode == 0, sub.stderr
        assert "--data-dir" in sub.stdout


def test_load_info_export_round_trip(tmp_path: Path) -> None:
    loaded = laget("load", str(FIXTURES / "good-setup.ttl"), data_dir=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "7 triples loaded into setup/4601 (version 1)" in loaded.stdout
    info = laget("info", data_dir=tmp_path)
    assert "setup/4601" in info.stdout and "7" in info.stdout
    out = tmp_path / "out.jsonld"
    exported = laget("export", "setup/4601", "--format", "jsonld", "-o", str(out), data_dir=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert len(rdflib.Graph().parse(out, format="json-ld")) == 7
    ttl = laget("export", "setup/4601", data_dir=tmp_path)
    assert len(rdflib.Graph().parse(data=ttl.stdout, format="turtle")) == 7


def test_bad_file_exit_2_names_line_and_keeps_store(tmp_path: Path) -> None:
    laget("load", str(FIXTURES / "good-setup.ttl"), data_dir=tmp_path)
    bad = laget("load", str(FIXTURES / "bad-turtle.ttl"), "--graph", "setup/4601", data_dir=tmp_path)
    assert bad.returncode == 2
    assert "bad-turtle.ttl, line 7," in bad.stderr
    assert "Error" in bad.stderr
    info = laget("info", data_dir=tmp_path)
    assert re.search(r"setup/4601\s*│\s*7\s*│", info.stdout), info.stdout


def test_norwegian_error_and_bundled_load(tmp_path: Path) -> None:
    missing = laget("export", "setup/9999", data_dir=tmp_path, lang="nb")
    assert missing.returncode == 2 and "Feil" in missing.stderr
    bundled = laget("load", "--bundled", data_dir=tmp_path)
    assert bundled.returncode == 0, bundled.stderr
    info = laget("info", data_dir=tmp_path)
    for name in ("ontology", "reference", "setup/3201"):
        assert name in info.stdout


def test_load_folder_and_nothing_to_load(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.ttl").write_bytes((FIXTURES / "good-setup.ttl").read_bytes())
    (folder / "notes.txt").write_text("not rdf")
    assert laget("load", str(folder), data_dir=tmp_path / "db").returncode == 0
    nothing = laget("load", data_dir=tmp_path / "db")
    assert nothing.returncode == 2 and "--bundled" in nothing.stderr
