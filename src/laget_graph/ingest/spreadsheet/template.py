"""Write the coordinators' template, empty or with the Bærum example filled in, as XLSX or CSV."""

from __future__ import annotations

import io
from pathlib import Path

import rdflib

from ...resources import example_files
from .layout import OTHER_SHEET, RELATIONS_SHEET, TYPED_SHEETS
from .names import store_names
from .tables import Tables, empty_tables, graph_to_tables
from .workbook import write_csv, write_xlsx

EXAMPLE = "baerum.ttl"


def guide_lines() -> list[str]:
    """The guide sheet, in Norwegian first and English after."""
    lines = [
        "Mal for laget rundt barnet – fyll inn ett ark per type opplysning, én rad per ting.",
        "Template for the team around the child – one sheet per kind of fact, one row per thing.",
        "",
        "ID: et kort navn under https://w3id.org/laget/id/, f.eks. unit/3201/ppt, kommune/3201, statped/sorost.",
        "ID: a short name under https://w3id.org/laget/id/, e.g. unit/3201/ppt, kommune/3201, statped/sorost.",
        "Flere verdier i én celle skilles med semikolon (;). Several values in one cell are separated by ';'.",
        "Kolonner med nedtrekkslister tar bare verdier fra listen. Columns with drop-downs take list values only.",
        "Velg aktører, enheter og kommuner ved navn fra nedtrekkslisten; ID-en trengs ikke. "
        "Choose actors, units and municipalities by name from the drop-down; no ID needed.",
        "Aldri personer: ingen navn, fødselsnummer, fødselsdatoer eller saksnotater om barn.",
        "Never persons: no names, national identity numbers, birth dates or case notes about children.",
        "",
    ]
    for sheet in TYPED_SHEETS:
        lines.append(f"{sheet.name}: {sheet.help_nb}")
        lines += [f"  {c.header}: {c.help_nb}" for c in sheet.columns if c.help_nb]
    lines.append(f"{RELATIONS_SHEET}: Fra (ID) – Relasjon (nedtrekksliste) – Til (ID), f.eks. unit/3201/ppt betjener "
                 "unit/3201/baerum-skole-01.")
    lines.append(f"{OTHER_SHEET}: alt annet, én tripel per rad (Subjekt, Egenskap, Verdi, Språk, Datatype; "
                 "Datatype «ressurs» for lenker).")
    lines.append("Oppsettet sier hvilken kommune det beskriver / the setup says which municipality it describes: "
                 f"{OTHER_SHEET}, dataset/3201 – lg:describesMunicipality – kommune/3201 (ressurs), én rad hver.")
    lines.append("Sjekk den utfylte malen / check the filled-in template: laget validate oppsett.xlsx")
    lines.append("Til RDF / to RDF: laget import oppsett.xlsx -o oppsett.ttl")
    return lines


def example_tables() -> Tables:
    """The Bærum example setup as sheets."""
    path = next(p for p in example_files() if p.name == EXAMPLE)
    return graph_to_tables(rdflib.Graph().parse(path, format="turtle"))


def write_template(target: Path, example: bool = True) -> list[Path]:
    """``target`` ending in .xlsx gets a workbook; anything else is a folder of CSV files."""
    tables = example_tables() if example else empty_tables()
    if target.suffix.lower() == ".xlsx":
        target.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(tables, guide_lines(), target)
        return [target]
    return write_csv(tables, target)


def workbook(setup: rdflib.Graph | None, reference: rdflib.Graph) -> bytes:
    """A template as XLSX bytes: blank (``setup`` None) or pre-filled with a setup's graph, its
    reference columns offering the names of every actor and municipality in ``reference``."""
    tables = graph_to_tables(setup) if setup is not None and len(setup) else empty_tables()
    buffer = io.BytesIO()
    write_xlsx(tables, guide_lines(), buffer, store_names(reference))
    return buffer.getvalue()
