"""``laget network analyse`` and ``laget network view`` as real subprocesses on a real on-disk store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import rdflib

from .conftest import HOSTILE, laget


def test_analyse_json(cli_data_dir: Path) -> None:
    result = json.loads(laget("network", "analyse", "-m", "9901", "--format", "json", data_dir=cli_data_dir).stdout)
    assert result["scope"]["text"] == "Aby municipality (9901)"  # named, not "municipality 9901"
    assert result["figures"]["nodes"] == 10
    assert result["figures"]["gaps"] == 18
    assert [u["label"] for u in result["noPathToStatped"]] == ["Eventyr barnehage", HOSTILE]
    top = result["centrality"][0]
    assert (top["label"], top["group"]) == ("Midt PPT (inter-municipal)", "ppt")


def test_analyse_tables_in_both_languages(cli_data_dir: Path) -> None:
    en = laget("network", "analyse", "-m", "9901", data_dir=cli_data_dir, lang="en").stdout
    nb = laget("network", "analyse", "-m", "9901", data_dir=cli_data_dir, lang="nb").stdout
    assert "Coverage: competence area × tier" in en and "Dekning: kompetanseområde × nivå" in nb
    assert "Single points of failure" in en and "Sårbare punkter" in nb
    assert "Units with no path to PPT" in en and "Enheter uten vei til PPT" in nb
    assert "Midt PPT (inter-municipal)" in en and "Midt PPT" in nb


def test_compare_two_years(cli_data_dir: Path) -> None:
    result = json.loads(laget("network", "analyse", "-m", "9901", "--year", "2023", "--compare-year", "2025",
                              "--format", "json", data_dir=cli_data_dir).stdout)
    rows = {r["figure"]: r for r in result["comparison"]["rows"]}
    assert (rows["gaps"]["first"], rows["gaps"]["second"], rows["gaps"]["difference"]) == (19, 18, -1)
    assert result["comparison"]["first"] == "Aby municipality (9901), 2023"


def test_analyse_ttl_and_save_into_the_store(cli_data_dir: Path, tmp_path: Path) -> None:
    ttl = laget("network", "analyse", "-m", "9902", "--format", "ttl", data_dir=cli_data_dir).stdout
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    schema = rdflib.Namespace("https://schema.org/")
    assert len(set(g.subjects(rdflib.RDF.type, schema.Observation))) > 0
    saved = laget("network", "analyse", "-m", "9902", "--save", "--format", "json", data_dir=cli_data_dir)
    assert "analysis/network/9902" in saved.stderr
    exported = laget("export", "analysis/network/9902", data_dir=cli_data_dir).stdout
    again = rdflib.Graph().parse(data=exported, format="turtle")
    cells = {str(row[0]).rsplit("/", 1)[-1] for row in again.query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?about WHERE {
          ?o schema:variableMeasured <https://w3id.org/laget/id/measure/sole-cover> ;
             schema:observationAbout ?about . }""")}
    assert {"midt-ppt", "statped-test", "laerevansker", "sprak-tale-kommunikasjon", "2", "3"} <= cells


def test_view_writes_html_png_and_svg(cli_data_dir: Path, tmp_path: Path) -> None:
    html = tmp_path / "team.html"
    done = laget("network", "view", "-m", "9901", "-o", str(html), data_dir=cli_data_dir)
    assert "10 nodes, 10 edges" in done.stderr
    text = html.read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text  # everything inside
    assert "default-src 'none'" in text.replace("&#39;", "'")
    assert '<script>window.__pwned' not in text
    png = tmp_path / "team.png"
    laget("network", "view", "-m", "9901", "-o", str(png), data_dir=cli_data_dir)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib.image

    assert matplotlib.image.imread(png).shape[1] >= 3000, "print resolution: an A4 page at 300 dpi"
    svg = tmp_path / "county.svg"
    done = laget("network", "view", "--county", "99", "--format", "svg", "-o", str(svg), data_dir=cli_data_dir)
    assert "4 nodes" in done.stderr  # aggregated: two municipalities, the shared PPT, Statped
    assert b"<svg" in svg.read_bytes()[:500]
    picture = svg.read_text(encoding="utf-8")
    for text in ("The collaboration network around the child – county Test county (99)", "Legend",
                 "Educational-psychological service (PPT)", "no filters", f"Made on {date.today().isoformat()}"):
        assert text in picture, text
    filtered = tmp_path / "schools.html"
    done = laget("network", "view", "-m", "9901", "--type", "school", "-o", str(filtered), data_dir=cli_data_dir)
    assert "3 nodes" in done.stderr


def test_help_and_errors_in_both_languages(cli_data_dir: Path) -> None:
    import os
    import subprocess
    import sys

    assert "analyse" in laget("network", "--help", data_dir=cli_data_dir).stdout
    assert "Sammenlign med denne kommunen" in laget("network", "analyse", "--help", data_dir=cli_data_dir,
                                                    lang="nb").stdout
    assert "Compare with this municipality" in laget("network", "analyse", "--help", data_dir=cli_data_dir).stdout
    for lang, text in (("en", "No actors found for municipality 9999"), ("nb", "Fant ingen aktører for kommune 9999")):
        env = {**os.environ, "LAGET_LANG": lang, "LAGET_DATA_DIR": str(cli_data_dir), "COLUMNS": "200"}
        done = subprocess.run([sys.executable, "-m", "laget_graph.cli", "network", "analyse", "-m", "9999"],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 2 and text in done.stderr
