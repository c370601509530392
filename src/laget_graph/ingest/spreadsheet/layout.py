"""The template's sheets and columns, declared once and read by the writer, the exporter and the importer.

A column maps one predicate of a row's subject to one cell, in one *kind* of value. Every kind has a
``to_cell`` (term → text, or None when the text could not give back the identical term) and a
``from_cell`` (text → term, or a :class:`CellError` with a suggestion). Whatever a typed column
cannot hold exactly goes to the sheet "Øvrige" as a plain triple, so nothing is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import rdflib
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD

from ...namespaces import LG, LGD, PREFIXES, SCHEMA
from . import vocab

SEPARATOR = ";"


class CellError(ValueError):
    """A cell that cannot be read; ``key`` and ``values`` pick the nb/en message in the importer."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(key)


@dataclass(frozen=True)
class Kind:
    """How one cell value is written and read."""

    name: str
    to_cell: Callable[[rdflib.term.Node], str | None]
    from_cell: Callable[[str], rdflib.term.Node]
    choices: Callable[[], vocab.Choices] | None = None


# -- references: lgd-relative names ("unit/3201/ppt", "kommune/3201") or full IRIs ----------------------

def ref_to_cell(term: rdflib.term.Node) -> str | None:
    if not isinstance(term, rdflib.URIRef):
        return None
    text = str(term)
    if text.startswith(str(LGD)) and text[len(str(LGD)):] and SEPARATOR not in text:
        return text[len(str(LGD)):]
    return text if re.match(r"https?://", text) and SEPARATOR not in text and " " not in text else None


def ref_from_cell(text: str) -> rdflib.URIRef:
    text = text.strip()
    if re.match(r"https?://\S+$", text):
        return rdflib.URIRef(text)
    if ":" in text and text.split(":", 1)[0] in PREFIXES:
        prefix, local = text.split(":", 1)
        return rdflib.URIRef(PREFIXES[prefix] + local)
    if re.fullmatch(r"[\w\-.~]+(/[\w\-.~]+)*", text):
        return rdflib.URIRef(str(LGD) + text)
    raise CellError("bad_ref", text=text)


def municipality_to_cell(term: rdflib.term.Node) -> str | None:
    m = re.fullmatch(re.escape(str(LGD)) + r"kommune/(\d{4})", str(term)) if isinstance(term, rdflib.URIRef) else None
    return m.group(1) if m else None


def municipality_from_cell(text: str) -> rdflib.URIRef:
    text = text.strip()
    named = re.fullmatch(r".*\S\s*\((\d{4})\)", text)  # "Bærum (3201)", as the drop-down shows it
    if named:
        text = named.group(1)
    if re.fullmatch(r"\d{1,4}", text):
        return rdflib.URIRef(f"{LGD}kommune/{text.zfill(4)}")
    raise CellError("bad_municipality", text=text)


# -- controlled values -------------------------------------------------------------------------------------

def _choice_kind(name: str, choices: Callable[[], vocab.Choices]) -> Kind:
    def to_cell(term: rdflib.term.Node) -> str | None:
        return choices().label_of(term)

    def from_cell(text: str) -> rdflib.URIRef:
        found = choices().lookup(text)
        if found is None:
            raise CellError("unknown_choice", text=text.strip(), suggestion=choices().suggest(text))
        return found

    return Kind(name, to_cell, from_cell, choices)


# -- literals --------------------------------------------------------------------------------------------

def _text_kind(lang: str | None) -> Kind:
    def to_cell(term: rdflib.term.Node) -> str | None:
        ok = isinstance(term, rdflib.Literal) and term.language == lang and (lang or term.datatype is None)
        return str(term) if ok and str(term) == str(term).strip() and str(term) else None

    def from_cell(text: str) -> rdflib.Literal:
        return rdflib.Literal(text.strip(), lang=lang)

    return Kind(f"text@{lang}", to_cell, from_cell)


def source_to_cell(term: rdflib.term.Node) -> str | None:
    if isinstance(term, rdflib.URIRef):
        return ref_to_cell(term) if str(term).startswith("http") else None
    return _text_kind("nb").to_cell(term)


def source_from_cell(text: str) -> rdflib.term.Node:
    text = text.strip()
    return rdflib.URIRef(text) if re.match(r"https?://\S+$", text) else rdflib.Literal(text, lang="nb")


def integer_to_cell(term: rdflib.term.Node) -> str | None:
    if isinstance(term, rdflib.Literal) and term.datatype == XSD.nonNegativeInteger and re.fullmatch(r"\d+", str(term)):
        return str(term)
    return None


def rank_to_cell(term: rdflib.term.Node) -> str | None:
    ok = isinstance(term, rdflib.Literal) and term.datatype == XSD.positiveInteger
    if ok and re.fullmatch(r"[1-9]\d*", str(term)):
        return str(term)
    return None


def rank_from_cell(text: str) -> rdflib.Literal:
    """A priority: 1 is first (xsd:positiveInteger)."""
    text = text.strip().removesuffix(".0")
    if not re.fullmatch(r"[1-9]\d*", text):
        raise CellError("bad_rank", text=text)
    return rdflib.Literal(text, datatype=XSD.positiveInteger)


def integer_from_cell(text: str) -> rdflib.Literal:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"\d+", text):
        raise CellError("bad_integer", text=text)
    return rdflib.Literal(text, datatype=XSD.nonNegativeInteger)


def date_to_cell(term: rdflib.term.Node) -> str | None:
    if not isinstance(term, rdflib.Literal):
        return None
    if term.datatype == XSD.gYear and re.fullmatch(r"\d{4}", str(term)):
        return str(term)
    if term.datatype == XSD.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(term)):
        return str(term)
    return None


#: Month names as Norwegians write them (bokmål and nynorsk, full or abbreviated), and English.
MONTHS = {name: number for number, names in enumerate((
    ("januar", "jan", "january"), ("februar", "feb", "february"), ("mars", "mar", "march"),
    ("april", "apr"), ("mai", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"),
    ("august", "aug"), ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
    ("november", "nov"), ("desember", "des", "dec", "december")), start=1) for name in names}

_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})")
_WORDED_DATE = re.compile(r"(\d{1,2})\.?\s*([a-zæøå]+)\.?\s+(\d{4})")


def date_from_cell(text: str) -> rdflib.Literal:
    """A year (2022) or a date: ISO (2022-08-15, also with Excel's 00:00:00), as Norwegians write it
    (15.08.2022, 15.8.22, 15/08/2022, 15-08-2022) or in words (15. august 2022, 15 aug. 2022)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return rdflib.Literal(text[:4], datatype=XSD.gYear)
    iso = re.fullmatch(r"(\d{4}-\d{2}-\d{2})([ T]00:00:00)?", text)
    numeric = _NUMERIC_DATE.fullmatch(text)
    worded = _WORDED_DATE.fullmatch(text.lower())
    try:
        if iso:
            value = date.fromisoformat(iso.group(1))
        elif numeric:
            day, month, year = (int(g) for g in numeric.groups())
            value = date(year + 2000 if year < 100 else year, month, day)
        elif worded and worded.group(2) in MONTHS:
            value = date(int(worded.group(3)), MONTHS[worded.group(2)], int(worded.group(1)))
        else:
            raise ValueError(text)
    except ValueError:
        raise CellError("bad_date", text=text) from None
    return rdflib.Literal(value.isoformat(), datatype=XSD.date)


def boolean_to_cell(term: rdflib.term.Node) -> str | None:
    if isinstance(term, rdflib.Literal) and term.datatype == XSD.boolean and str(term) in ("true", "false"):
        return "ja" if str(term) == "true" else "nei"
    return None


def boolean_from_cell(text: str) -> rdflib.Literal:
    value = text.strip().lower()
    if value in ("ja", "yes", "true", "1", "sann"):
        return rdflib.Literal("true", datatype=XSD.boolean)
    if value in ("nei", "no", "false", "0", "usann"):
        return rdflib.Literal("false", datatype=XSD.boolean)
    raise CellError("bad_boolean", text=text)


def plain_to_cell(term: rdflib.term.Node) -> str | None:
    ok = isinstance(term, rdflib.Literal) and term.language is None and term.datatype is None
    return str(term) if ok and str(term) == str(term).strip() and str(term) else None


def plain_from_cell(text: str) -> rdflib.Literal:
    text = text.strip()
    return rdflib.Literal(text[:-2] if re.fullmatch(r"\d+\.0", text) else text)


def organisation_number_from_cell(text: str) -> rdflib.Literal:
    """Nine digits, also as Brønnøysund prints them ("974 589 095", with ordinary or no-break spaces)."""
    compacted = re.sub(r"\s+", "", plain_from_cell(text))
    return rdflib.Literal(compacted if re.fullmatch(r"\d{9}", compacted) else text.strip())


REF = Kind("ref", ref_to_cell, ref_from_cell)
MUNICIPALITY = Kind("municipality", municipality_to_cell, municipality_from_cell)
ACTOR_TYPE = _choice_kind("actor_type", vocab.actor_types)
AREA = _choice_kind("area", vocab.areas)
TIER = _choice_kind("tier", vocab.tiers)
TARGET_GROUP = _choice_kind("target_group", vocab.target_groups)
STATUS = _choice_kind("status", vocab.statuses)
MEASURE_KIND = _choice_kind("measure_kind", vocab.measure_kinds)
RELATION = _choice_kind("relation", vocab.relations)
TEXT_NB, TEXT_EN = _text_kind("nb"), _text_kind("en")
SOURCE = Kind("source", source_to_cell, source_from_cell)
INTEGER = Kind("integer", integer_to_cell, integer_from_cell)
RANK = Kind("rank", rank_to_cell, rank_from_cell)
DATE = Kind("date", date_to_cell, date_from_cell)
BOOLEAN = Kind("boolean", boolean_to_cell, boolean_from_cell)
PLAIN = Kind("plain", plain_to_cell, plain_from_cell)
ORGANISATION_NUMBER = Kind("organisation_number", plain_to_cell, organisation_number_from_cell)


@dataclass(frozen=True)
class Column:
    """One cell of a row: ``predicate`` of the row's subject, in ``kind``; ``multi`` joins values with ";".
    ``inverse`` also states (value, inverse, subject), e.g. lg:hasCoverage for lg:coveringActor."""

    header: str
    predicate: rdflib.URIRef
    kind: Kind
    multi: bool = False
    inverse: rdflib.URIRef | None = None
    help_nb: str = ""


@dataclass(frozen=True)
class Sheet:
    """A sheet of one kind of subject (``classes``: which rdf:type puts a subject here)."""

    name: str
    classes: tuple[rdflib.URIRef, ...]
    columns: tuple[Column, ...]
    help_nb: str

    @property
    def headers(self) -> list[str]:
        return [ID_HEADER] + [c.header for c in self.columns]


ID_HEADER = "ID"
TYPE = Column("Type", RDF.type, ACTOR_TYPE, multi=True, help_nb="Hva slags aktør (nedtrekksliste).")
NAME_NB = Column("Navn", RDFS.label, TEXT_NB, help_nb="Navnet på norsk.")
NAME_EN = Column("Navn (engelsk)", RDFS.label, TEXT_EN, help_nb="Navnet på engelsk (valgfritt).")
NOTE_NB = Column("Merknad", SKOS.note, TEXT_NB)
NOTE_EN = Column("Merknad (engelsk)", SKOS.note, TEXT_EN)
START = Column("Fra", SCHEMA.startDate, DATE, help_nb="År (2022) eller dato (2022-08-15).")
END = Column("Til", SCHEMA.endDate, DATE, help_nb="År (2025) eller dato.")
SOURCE_COL = Column("Kilde", DCTERMS.source, SOURCE, multi=True, help_nb="Dokument eller lenke faktaene bygger på.")
SYNTHETIC = Column("Syntetisk", LG.synthetic, BOOLEAN, help_nb="ja for oppdiktede eksempelenheter.")

UNITS = Sheet("Enheter", (LG.Actor,), (
    TYPE, NAME_NB, NAME_EN,
    Column("Kommune", LG.municipality, MUNICIPALITY, multi=True, help_nb="Kommunenummer (fire sifre, f.eks. 3201)."),
    Column("Organisasjonsnummer", LG.organisationNumber, ORGANISATION_NUMBER, help_nb="Ni sifre fra Enhetsregisteret."),
    Column("Antall barn", LG.numberOfChildren, INTEGER, help_nb="Samlet antall barn/elever (minst 6)."),
    Column("Del av", ORG.subOrganizationOf, REF, multi=True, help_nb="ID-en til organisasjonen enheten hører til."),
    Column("Stilling i", ORG.postIn, REF, multi=True, help_nb="For stillinger: enheten stillingen er i."),
    NOTE_NB, NOTE_EN, SOURCE_COL, SYNTHETIC,
), "Én rad per aktør: barnehager, skoler, tjenester, eiere, grupper og stillinger (aldri personer).")

RELATIONS_SHEET = "Relasjoner"
RELATION_HEADERS = ("Fra", "Relasjon", "Til")

COVERAGE = Sheet("Kompetanse", (LG.CompetenceCoverage,), (
    Column("Aktør", LG.coveringActor, REF, inverse=LG.hasCoverage, help_nb="ID-en til aktøren som dekker området."),
    Column("Kompetanseområde", LG.area, AREA, help_nb="Nedtrekksliste."),
    Column("Nivå", LG.tier, TIER, help_nb="Nivå 1, 2 eller 3 (nedtrekksliste)."),
    START, END, NOTE_NB, NOTE_EN, SOURCE_COL, SYNTHETIC,
), "Hvem dekker hvilket kompetanseområde på hvilket nivå (én rad per aktør, område og nivå).")

PROGRAMMES = Sheet("Kompetanseløft", (LG.CompetenceProgramme,), (
    NAME_NB, NAME_EN,
    Column("Eier", LG.programmeOwner, REF, multi=True),
    Column("Koordinator", LG.programmeCoordinator, REF, multi=True),
    Column("Koordinert fra", LG.coordinatedBy, REF, multi=True),
    Column("Styringsgruppe", LG.steeringGroup, REF, multi=True),
    Column("Arbeidsgrupper", LG.workingGroup, REF, multi=True),
    Column("Referansegruppe", LG.referenceGroup, REF, multi=True),
    Column("UH-partner", LG.universityPartner, REF, multi=True, help_nb="Universitet eller høgskole, f.eks. uh/ntnu."),
    START, END, NOTE_NB, NOTE_EN, SOURCE_COL,
), "Kommunens (eller regionens) kompetanseløft: eier, koordinator, styringsgruppe og UH-partner.")

MEASURES = Sheet("Tiltak", (LG.CompetenceMeasure,), (
    NAME_NB, NAME_EN,
    Column("Kompetanseløft", LG.partOfProgramme, REF, multi=True),
    Column("Målgruppe", LG.targetGroup, TARGET_GROUP, multi=True, help_nb="Nedtrekksliste; flere skilles med ;"),
    Column("Nivå", LG.tier, TIER, multi=True, help_nb="Nedtrekksliste; flere skilles med ;"),
    Column("Tema", LG.area, AREA, multi=True, help_nb="Kompetanseområder; flere skilles med ;"),
    Column("Tilbyder", LG.provider, REF, multi=True),
    Column("Tiltakstype", LG.measureKind, MEASURE_KIND,
           help_nb="Nedtrekksliste: kompetanseløftets deler og tiltakstyper."),
    Column("Status", LG.status, STATUS),
    Column("Pulje", LG.cohort, PLAIN),
    Column("Deltakere", LG.participant, REF, multi=True, help_nb="ID-ene til enhetene som deltar, skilt med ;"),
    START, END, NOTE_NB, NOTE_EN, SOURCE_COL,
    Column("Tar opp behov", LG.addressesNeed, REF, multi=True,
           help_nb="ID-ene til behovene tiltaket tar opp, skilt med ;"),
), "Kompetansetiltak: målgruppe, nivå, tema, tilbyder og periode.")

ASSESSMENTS = Sheet("Kartlegginger", (LG.NeedsAssessment,), (
    NAME_NB, NAME_EN,
    Column("Kompetanseløft", LG.partOfProgramme, REF, multi=True),
    Column("Kartlagt av", LG.assessedBy, REF, multi=True),
    Column("Behov", LG.identifiesNeed, REF, multi=True,
           help_nb="ID-ene til behovene kartleggingen peker på (arket Behov), skilt med ;"),
    Column("Funn", LG.hasFinding, REF, multi=True),
    START, END, NOTE_NB, NOTE_EN, SOURCE_COL,
), "Kartlegginger av kompetansebehov, behovene og funnene de kom fram til.")

NEEDS = Sheet("Behov", (LG.Need,), (
    NAME_NB, NAME_EN,
    Column("Kompetanseområde", LG.area, AREA, help_nb="Nedtrekksliste."),
    Column("Prioritet", LG.priority, RANK, help_nb="1 er det som tas opp først; tomt når rekkefølgen ikke er kjent."),
    Column("Gjelder", LG.targetGroup, TARGET_GROUP, multi=True,
           help_nb="Målgruppene behovet gjelder; flere skilles med ;"),
    Column("Avledet av funn", LG.derivedFromFinding, REF, multi=True),
    NOTE_NB, NOTE_EN, SOURCE_COL,
), "Kompetansebehov fra kartleggingene: område, prioritet og hvem de gjelder.")

FINDINGS = Sheet("Funn", (LG.Finding,), (
    NAME_NB, NAME_EN,
    Column("Kompetanseområde", LG.area, AREA, multi=True),
    Column("Beskrivelse", DCTERMS.description, TEXT_NB),
    Column("Beskrivelse (engelsk)", DCTERMS.description, TEXT_EN),
    NOTE_NB, NOTE_EN, SOURCE_COL,
), "Funn fra kartleggingene.")

TYPED_SHEETS = (UNITS, COVERAGE, PROGRAMMES, MEASURES, ASSESSMENTS, NEEDS, FINDINGS)

OTHER_SHEET = "Øvrige"
OTHER_HEADERS = ("Subjekt", "Egenskap", "Verdi", "Språk", "Datatype")
#: The Datatype cell of a value that is a resource, not a literal.
RESOURCE = "ressurs"
LISTS_SHEET = "Lister"
GUIDE_SHEET = "Veiledning"
SHEET_NAMES = (*(s.name for s in TYPED_SHEETS), RELATIONS_SHEET, OTHER_SHEET)


def cell_text(value: object) -> str:
    """A cell's content as text (numbers and dates from Excel included)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def compact(iri: rdflib.term.Node) -> str:
    """A predicate or datatype as a prefixed name where a known prefix fits (for the "Øvrige" sheet)."""
    text = str(iri)
    for prefix, ns in sorted({**PREFIXES, **EXTRA_PREFIXES}.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns) and re.fullmatch(r"[\w\-]+", text[len(ns):]):
            return f"{prefix}:{text[len(ns):]}"
    return text


def expand(name: str) -> rdflib.URIRef:
    """Inverse of :func:`compact`; raises :class:`CellError` for an unknown prefix."""
    name = name.strip()
    if re.match(r"https?://\S+$", name):
        return rdflib.URIRef(name)
    prefix, _, local = name.partition(":")
    table = {**PREFIXES, **EXTRA_PREFIXES}
    if not local or prefix not in table:
        raise CellError("bad_name", text=name)
    return rdflib.URIRef(table[prefix] + local)


EXTRA_PREFIXES = {"dcat": "http://www.w3.org/ns/dcat#", "foaf": "http://xmlns.com/foaf/0.1/"}
