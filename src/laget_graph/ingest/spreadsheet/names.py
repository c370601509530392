"""Names instead of IDs in the workbook: every reference cell offers a drop-down of names, and the
importer turns a name back into its ID.

The names come from what the store holds (Statped regions, RVTS, universities, the state
administrators, PPTs and every other actor of the reference data and the setup), the municipalities
("Bærum (3201)"), and the rows of the workbook itself (a unit typed into "Enheter" can be chosen in
"Relasjoner"). The pairs are written to the hidden "Lister" sheet, so a filled-in workbook carries
its own dictionary back to the importer; an ID typed by hand still works.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import RDF, RDFS

from ...namespaces import LG
from .layout import ID_HEADER, NAME_NB, TYPED_SHEETS, municipality_to_cell, ref_to_cell
from .vocab import ontology_graph

#: Headers of the two columns of the "Lister" sheet that hold the names and their IDs.
NAMES_HEADER, IDS_HEADER, MUNICIPALITIES_HEADER = "aktører", "aktør-id", "kommuner"


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Names:
    """Display name ↔ ID text (``unit/3201/ppt``), names unique (a clash gets its ID added)."""

    by_name: dict[str, str] = field(default_factory=dict)  # folded name -> ID
    by_id: dict[str, str] = field(default_factory=dict)  # ID -> display name
    municipalities: list[str] = field(default_factory=list)  # "Bærum (3201)"
    aliases: dict[str, str | None] = field(default_factory=dict)  # an ID's last part ("ntnu"); None: shared

    def add(self, name: str, ref: str) -> None:
        name = " ".join(name.split())
        if not name or ref in self.by_id or ";" in name:
            return
        if _fold(name) in self.by_name and self.by_name[_fold(name)] != ref:
            name = f"{name} ({ref})"
        self.by_name.setdefault(_fold(name), ref)
        self.by_id[ref] = name
        alias = ref.rsplit("/", 1)[-1].casefold()
        self.aliases[alias] = ref if self.aliases.get(alias, ref) == ref else None

    def pairs(self) -> list[tuple[str, str]]:
        return [(name, ref) for ref, name in self.by_id.items()]

    def resolve(self, text: str) -> str | None:
        """The ID a name stands for (case and spacing ignored), or the ID whose last part it is
        ("NTNU" → ``uh/ntnu``, when only one ID ends so), or None."""
        return self.by_name.get(_fold(text)) or (self.aliases.get(_fold(text)) if "/" not in text else None)

    def known(self, ref: str) -> bool:
        return ref in self.by_id

    def suggest(self, text: str) -> str | None:
        """The known name (or ID) closest to ``text``, for "did you mean …?"."""
        folded = _fold(text)
        candidates = {**{k: self.by_id[v] for k, v in self.by_name.items()}, **{_fold(i): i for i in self.by_id}}
        match = difflib.get_close_matches(folded, list(candidates), n=1, cutoff=0.75)
        return candidates[match[0]] if match else None

    def display(self, text: str) -> str:
        """What a cell holding an ID shows: its name, when known."""
        return self.by_id.get(text.strip(), text)


def _actor_classes() -> set[rdflib.term.Node]:
    g = ontology_graph()
    return set(g.transitive_subjects(RDFS.subClassOf, LG.Actor))


def store_names(graph: rdflib.Graph, lang: str = "nb") -> Names:
    """Every actor of ``graph`` with an ID and a name, municipalities as "Name (1234)"."""
    names = Names()
    actors = _actor_classes()
    municipality = LG.Municipality
    rows: list[tuple[str, str]] = []
    for s in {s for s, _, o in graph.triples((None, RDF.type, None)) if o in actors}:
        ref = ref_to_cell(s)
        if ref is None or not isinstance(s, rdflib.URIRef):
            continue
        label = _label(graph, s, lang)
        if (s, RDF.type, municipality) in graph:
            number = municipality_to_cell(s)
            if number and label:
                names.municipalities.append(f"{label} ({number})")
                rows.append((f"{label} ({number})", ref))
            continue
        if label:
            rows.append((label, ref))
    for label, ref in sorted(rows, key=lambda r: (r[0].casefold(), r[1])):
        names.add(label, ref)
    names.municipalities.sort(key=str.casefold)
    return names


def _label(graph: rdflib.Graph, node: rdflib.term.Node, lang: str) -> str | None:
    found = None
    for o in graph.objects(node, RDFS.label):
        if isinstance(o, rdflib.Literal):
            if o.language == lang:
                return str(o)
            found = found or str(o)
    return found


def sheet_names(tables: dict[str, list[list[str]]]) -> Names:
    """The workbook's own rows that have an ID and a Norwegian name (units, programmes, measures …)."""
    names = Names()
    for sheet in TYPED_SHEETS:
        rows = tables.get(sheet.name, [])
        if not rows or NAME_NB.header not in sheet.headers:
            continue
        i = sheet.headers.index(NAME_NB.header)
        for row in rows[1:]:
            if len(row) > i and row[0].strip() and row[i].strip():
                names.add(row[i], row[0].strip())
    return names


def listed_names(tables: dict[str, list[list[str]]], lists_sheet: str) -> Names:
    """The name/ID pairs the template wrote to its hidden lists sheet (none in an older file)."""
    names = Names()
    rows = tables.get(lists_sheet, [])
    if not rows:
        return names
    header = [h.strip() for h in rows[0]]
    if NAMES_HEADER not in header or IDS_HEADER not in header:
        return names
    n, i = header.index(NAMES_HEADER), header.index(IDS_HEADER)
    for row in rows[1:]:
        if len(row) > max(n, i) and row[n].strip() and row[i].strip() and not row[n].startswith("="):
            names.add(row[n], row[i].strip())
    return names


def merged(*parts: Names) -> Names:
    """One dictionary, earlier parts winning (the sheet's own rows before the store's)."""
    result = Names()
    for part in parts:
        for name, ref in part.pairs():
            if not result.known(ref) and result.resolve(name) is None:
                result.add(name, ref)
        result.municipalities += [m for m in part.municipalities if m not in result.municipalities]
    return result


_NUMBER = re.compile(r"\((\d{4})\)\s*$")


def municipality_number(text: str) -> str | None:
    """``Bærum (3201)`` → ``3201``."""
    m = _NUMBER.search(text)
    return m.group(1) if m else None


__all__ = ["IDS_HEADER", "ID_HEADER", "MUNICIPALITIES_HEADER", "NAMES_HEADER", "Names", "listed_names",
           "merged", "municipality_number", "sheet_names", "store_names"]
