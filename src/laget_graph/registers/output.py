"""The skeleton written out: Turtle, or the coordinators' template pre-filled (XLSX or a folder of CSV files).

The template is the one ``laget template`` writes (:mod:`..ingest.spreadsheet`), filled with the
skeleton instead of the Bærum example, so a coordinator starts from the municipality's real
kindergartens and schools and ``laget import`` gives back the same triples.
"""

from __future__ import annotations

import io
from pathlib import Path

import rdflib

FORMATS = ("ttl", "xlsx", "csv")


def skeleton_turtle(graph: rdflib.Graph) -> str:
    return graph.serialize(format="turtle")


def skeleton_workbook(graph: rdflib.Graph) -> bytes:
    """The pre-filled template as XLSX bytes (for a download from the web)."""
    from ..ingest.spreadsheet.tables import graph_to_tables
    from ..ingest.spreadsheet.template import guide_lines
    from ..ingest.spreadsheet.workbook import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(graph_to_tables(graph), guide_lines(), buffer)
    return buffer.getvalue()


def write_skeleton(graph: rdflib.Graph, target: Path, fmt: str) -> list[Path]:
    """Write ``graph`` to ``target`` as ``fmt`` (ttl: one file; xlsx: one workbook; csv: a folder)."""
    from ..ingest.spreadsheet.tables import graph_to_tables
    from ..ingest.spreadsheet.workbook import write_csv

    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "ttl":
        target.write_text(skeleton_turtle(graph), encoding="utf-8")
        return [target]
    if fmt == "xlsx":
        target.write_bytes(skeleton_workbook(graph))
        return [target]
    return write_csv(graph_to_tables(graph), target)


def format_for(target: Path | None, fmt: str | None) -> str:
    """The format asked for, else the one the target's name says (.xlsx; a name without suffix is a CSV folder)."""
    if fmt:
        return fmt
    if target is None or target.suffix.lower() in (".ttl", ".turtle"):
        return "ttl"
    if target.suffix.lower() == ".xlsx":
        return "xlsx"
    return "csv" if not target.suffix else "ttl"
