#!/usr/bin/env python3
"""Generate the example municipal setups data/examples/baerum.ttl and data/examples/gjovikregionen.ttl.

Why a generator rather than hand-written Turtle: the seed documents give counts, not names, for most
units (21 schools in Bærum's cohort 1; 73 kindergartens and 44 schools in Gjøvikregionen). This script
keeps the hand-modelled facts readable as Python data, generates the unnamed units deterministically
(``random.Random(SEED)``, neutral names such as "Gran skole 03"), flags every generated node with
``lg:synthetic true``, and writes sorted Turtle, so that a rerun reproduces the committed files byte for
byte (tests/test_examples.py checks this).

Privacy: the seeds name persons. None of them is modelled; the graph holds organisations, bodies and
posts (positions) only, and only aggregate child counts of at least 6.

Usage: ``python scripts/build_examples.py [-o OUT_DIR]`` (default: data/examples next to this script).
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from laget_graph.identifiers import is_valid_organisation_number, mod11_check_digit
from laget_graph.namespaces import AREA, LG, LGD, MK, RESP, SCHEMA, STATUS, TG, TIER

SEED = 42


# ---------------------------------------------------------------------------------------------------
# Sources. Literal titles of the seed documents (never a path, never a person).
# ---------------------------------------------------------------------------------------------------
SRC_SYNTHETIC = f"Syntetisk: generert av scripts/build_examples.py (seed {SEED})"
SRC_B_BRIEF = "Bærum kommune: Alle på laget, orientering for Hovedutvalget barn og unge 15.03.2022"
SRC_B_PLAN = (
    "Bærum kommune: Kompetanseløftet for spesialpedagogikk og inkluderende praksis, plan for Alle på laget 2021–2025"
)
SRC_G = (
    "Gjøvikregionen og NTNU: Tverrfaglig samarbeid om spesialpedagogikk og inkluderende praksis. "
    "Erfaringer fra Gjøvikregionen, Trøndelagskonferansen 13.10.2022"
)
SRC_UDIR = "Utdanningsdirektoratet: Kompetanseløftet for spesialpedagogikk og inkluderende praksis (udir.no)"
SRC_STATPED = "Statpeds mandat: varige, komplekse og omfattende behov, saker via PPT (statped.no)"
SRC_RVTS = "RVTS: kompetanseheving, veiledning og nettverk om traumer og vold (rvts.no)"
SRC_LAW_CHILD_COORD = (
    "Helse- og omsorgstjenesteloven § 7-2 a (barnekoordinator, fra 1. august 2022) og § 7-3 "
    "(koordinerende enhet); lovpålagt, ikke navngitt i kildedokumentene"
)
SRC_LAW_SCHOOL_HEALTH = (
    "Forskrift om helsestasjons- og skolehelsetjenesten; lovpålagt, ikke navngitt i kildedokumentene"
)
SRC_HF_VV = "Vestre Viken HF (vestreviken.no): BUP Bærum; ikke nevnt i kildedokumentene"
SRC_HF_SI = "Sykehuset Innlandet HF (sykehuset-innlandet.no): BUP Gjøvik; ikke nevnt i kildedokumentene"

# ---------------------------------------------------------------------------------------------------
# Concept IRIs. Aligned with ontology/areas.ttl, tiers.ttl, target-groups.ttl and statuses.ttl.
# ---------------------------------------------------------------------------------------------------
A_TRAUMER = AREA["traumer"]
A_UTFORDRENDE_ATFERD = AREA["utfordrende-atferd"]
A_RADGIVER = AREA["radgiverkompetanse"]
A_SPESPED = AREA["spesialpedagogikk"]
A_SPRAK = AREA["sprak"]
A_DIGITALE = AREA["digitale-verktoy"]
A_NEVRO = AREA["nevroutviklingsforstyrrelser"]
A_AUTISME = AREA["autisme"]
A_PSYKISK = AREA["psykiske-helseplager"]
A_SAMMENSATTE = AREA["sammensatte-laerevansker"]  # altLabel "Sammensatte vansker"
A_SAMARBEID = AREA["samarbeidskompetanse"]
A_INKLUDERENDE = AREA["inkluderende-praksis"]
A_LEDELSE = AREA["organisering-ledelse"]

T1, T2, T3 = TIER["1"], TIER["2"], TIER["3"]

TG_KINDERGARTEN_STAFF = TG["barnehageansatte"]
TG_SCHOOL_STAFF = TG["skoleansatte"]
TG_SFO_STAFF = TG["sfo-ansatte"]
TG_PPT = TG["ppt-ansatte"]
TG_LEADERS = TG["ledere"]
TG_OWNERS = TG["eiere"]
TG_COUNSELLORS = TG["radgivere-spesialpedagoger"]
TG_WHOLE_TEAM = TG["hele-laget"]
# No target-group concept for parents exists, so the parent groups of seed 000 are not a measure here.

MK_COLLECTIVE = MK["kollektiv-etterutdanning"]

ST_PLANNED = STATUS["planned"]
ST_ONGOING = STATUS["ongoing"]

# Reference IRIs (data/reference/*.ttl).
K_BAERUM = LGD["kommune/3201"]
F_AKERSHUS = LGD["fylke/32"]
F_INNLANDET = LGD["fylke/34"]
RVTS_OST = LGD["rvts/ost"]
STATPED = LGD["statped"]
STATPED_SOROST = LGD["statped/sorost"]
UH_NTNU = LGD["uh/ntnu"]
SF_OSLO_AKERSHUS = LGD["statsforvalter/ostfold-buskerud-oslo-akershus"]
SF_INNLANDET = LGD["statsforvalter/innlandet"]
SAMF_AKERSHUS = LGD["samarbeidsforum/32"]
SAMF_INNLANDET = LGD["samarbeidsforum/34"]

# Health trusts are not in the reference data; they are modelled where a setup needs them.
HF_VESTRE_VIKEN = LGD["helseforetak/vestre-viken"]
HF_INNLANDET = LGD["helseforetak/sykehuset-innlandet"]


def year(y: int) -> Literal:
    """An xsd:gYear: the seeds give years and seasons, never exact dates."""
    return Literal(str(y), datatype=XSD.gYear)


def nb(text: str) -> Literal:
    return Literal(text, lang="nb")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


@dataclass(frozen=True)
class Gap:
    """An intended gap: something validation or a gap query should report. Documented in the file header."""

    key: str
    nb: str
    en: str


class Setup:
    """One setup graph with small helpers, so the data tables below stay readable."""

    def __init__(self, setup_id: str, org_number_prefix: str) -> None:
        self.setup_id = setup_id
        self.g = Graph()
        self.rng = random.Random(SEED)
        self._org_prefix = org_number_prefix
        self._org_counter = 0
        for prefix, ns in (
            ("lg", LG),
            ("area", AREA),
            ("tier", TIER),
            ("tg", TG),
            ("status", STATUS),
            ("mk", MK),
            ("lgd", LGD),
            ("kommune", LGD["kommune/"]),
            ("fylke", LGD["fylke/"]),
            ("unit", LGD[f"unit/{setup_id}/"]),
            ("post", LGD[f"post/{setup_id}/"]),
            ("measure", LGD[f"measure/{setup_id}/"]),
            ("assessment", LGD[f"assessment/{setup_id}/"]),
            ("finding", LGD[f"finding/{setup_id}/"]),
            ("need", LGD[f"need/{setup_id}/"]),
            ("coverage", LGD[f"coverage/{setup_id}/"]),
            ("org", ORG),
            ("schema", SCHEMA),
            ("dcterms", DCTERMS),
            ("dcat", DCAT),
            ("prov", PROV),
            ("skos", SKOS),
            ("rdfs", RDFS),
            ("xsd", XSD),
        ):
            self.g.bind(prefix, ns, replace=True)

    # --- IRIs ---------------------------------------------------------------------------------------
    def unit(self, slug: str) -> URIRef:
        return LGD[f"unit/{self.setup_id}/{slug}"]

    def post(self, slug: str) -> URIRef:
        return LGD[f"post/{self.setup_id}/{slug}"]

    def measure(self, slug: str) -> URIRef:
        return LGD[f"measure/{self.setup_id}/{slug}"]

    def assessment(self, slug: str) -> URIRef:
        return LGD[f"assessment/{self.setup_id}/{slug}"]

    def finding(self, slug: str) -> URIRef:
        return LGD[f"finding/{self.setup_id}/{slug}"]

    def need(self, slug: str) -> URIRef:
        return LGD[f"need/{self.setup_id}/{slug}"]

    def grant(self, kind: str, slug: str) -> URIRef:
        """A node of the grant process or of an evaluation: needs-report, decision, allocation, evaluation."""
        return LGD[f"{kind}/{self.setup_id}/{slug}"]

    # --- statements ---------------------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    def needs_report(self, slug: str, owner: URIRef, forum: URIRef, label_nb: str, label_en: str,
                     sources: Iterable[str] = ()) -> URIRef:
        """The owner's lg:NeedsReport to a cooperation forum (grant process)."""
        report = self.node(self.grant("needs-report", slug), LG.NeedsReport, label_nb, label_en, sources)
        self.add(report, LG.submittedBy, owner)
        self.add(report, LG.submittedTo, forum)
        return report

    def allocation(self, slug: str, by: URIRef, recipient: URIRef, decision: URIRef, funds: URIRef,
                   label_nb: str, label_en: str, sources: Iterable[str] = ()) -> URIRef:
        """The County Governor's lg:Allocation to a recipient, after the forum's decision, for an activity."""
        allocation = self.node(self.grant("allocation", slug), LG.Allocation, label_nb, label_en, sources)
        self.add(allocation, LG.allocatedBy, by)
        self.add(allocation, LG.recipient, recipient)
        self.add(allocation, LG.followsDecision, decision)
        self.add(allocation, LG.fundsActivity, funds)
        return allocation

    def node(
        self,
        iri: URIRef,
        types: URIRef | Sequence[URIRef],
        label_nb: str,
        label_en: str | None = None,
        sources: Iterable[str] = (),
    ) -> URIRef:
        """Type, label (nb, and en where it differs) and literal sources of one node."""
        for t in [types] if isinstance(types, URIRef) else types:
            self.add(iri, RDF.type, t)
        self.add(iri, RDFS.label, nb(label_nb))
        if label_en and label_en != label_nb:
            self.add(iri, RDFS.label, en(label_en))
        for src in sources:
            self.add(iri, DCTERMS.source, nb(src))
        return iri

    def synthetic(self, iri: URIRef) -> None:
        """Flag a generated node: lg:synthetic true plus the generator as its source."""
        self.add(iri, LG.synthetic, Literal(True))
        self.add(iri, DCTERMS.source, nb(SRC_SYNTHETIC))

    def note(self, iri: URIRef, text_nb: str, text_en: str | None = None) -> None:
        self.add(iri, SKOS.note, nb(text_nb))
        if text_en:
            self.add(iri, SKOS.note, en(text_en))

    def describe(self, iri: URIRef, text_nb: str, text_en: str) -> None:
        self.add(iri, DCTERMS.description, nb(text_nb))
        self.add(iri, DCTERMS.description, en(text_en))

    def synthetic_org_number(self, iri: URIRef) -> None:
        """Give a synthetic unit a valid mod-11 organisation number in the clearly synthetic range 10…

        Real Enhetsregisteret numbers start with 8 or 9; numbers starting with 10 cannot collide.
        """
        while True:
            self._org_counter += 1
            first8 = f"{self._org_prefix}{self._org_counter:04d}"
            check = mod11_check_digit(first8)
            if check is not None:
                break
        number = f"{first8}{check}"
        assert is_valid_organisation_number(number)
        self.add(iri, LG.organisationNumber, Literal(number))

    def coverage(
        self,
        slug: str,
        actor: URIRef,
        area: URIRef,
        tier: URIRef,
        sources: Sequence[str],
        *,
        start: int | None = None,
        note_nb: str | None = None,
        synthetic: bool = False,
        shared: bool = False,
        measure: URIRef | None = None,
    ) -> URIRef:
        """A qualified "actor covers area at tier" node, linked both ways (lg:coveringActor / lg:hasCoverage).

        shared=True gives reference actors (RVTS, Statped) one IRI across setups, so that loading both
        examples into one store does not duplicate their coverage.
        """
        iri = LGD[f"coverage/{slug}"] if shared else LGD[f"coverage/{self.setup_id}/{slug}"]
        self.add(iri, RDF.type, LG.CompetenceCoverage)
        self.add(iri, LG.coveringActor, actor)
        self.add(actor, LG.hasCoverage, iri)
        self.add(iri, LG.area, area)
        self.add(iri, LG.tier, tier)
        for src in sources:
            self.add(iri, DCTERMS.source, nb(src))
        if start is not None:
            self.add(iri, SCHEMA.startDate, year(start))
        if note_nb:
            self.add(iri, SKOS.note, nb(note_nb))
        if synthetic:
            self.synthetic(iri)
        if measure is not None:
            self.add(iri, LG.producedBy, measure)
        return iri

    def finding_node(
        self, assessment: URIRef, slug: str, areas: Sequence[URIRef], text_nb: str, text_en: str, source: str
    ) -> URIRef:
        iri = self.finding(slug)
        self.add(iri, RDF.type, LG.Finding)
        self.add(assessment, LG.hasFinding, iri)
        self.describe(iri, text_nb, text_en)
        for a in areas:
            self.add(iri, LG.area, a)
        self.add(iri, DCTERMS.source, nb(source))
        return iri

    def need_node(
        self,
        assessment: URIRef,
        finding: URIRef,
        slug: str,
        area: URIRef,
        label_nb: str,
        label_en: str,
        groups: Sequence[URIRef],
        source: str,
        priority: int | None = None,
    ) -> URIRef:
        """A need of its own (lg:Need): identified by the assessment, derived from one finding, in one area."""
        iri = self.node(self.need(slug), LG.Need, label_nb, label_en, [source])
        self.add(assessment, LG.identifiesNeed, iri)
        self.add(iri, LG.derivedFromFinding, finding)
        self.add(iri, LG.area, area)
        for tg in groups:
            self.add(iri, LG.targetGroup, tg)
        if priority is not None:
            self.add(iri, LG.priority, Literal(priority, datatype=XSD.positiveInteger))
        return iri

    def serialize(self, header: str) -> str:
        body = self.g.serialize(format="turtle")
        return header + "\n" + body.rstrip("\n") + "\n"


def header_block(title: str, sources: Sequence[str], gaps: Sequence[Gap]) -> str:
    """The comment block on top of a generated file: what it is, where it comes from, the intended gaps."""
    lines = [
        f"# {title}",
        "#",
        "# GENERATED by scripts/build_examples.py - do not edit by hand; change the script and rerun it.",
        f"# Deterministic (random seed {SEED}); nodes with lg:synthetic true are generated,",
        "# not taken from a source.",
        "# Names of persons and anything that could identify a child are never modelled.",
        "#",
        "# Sources:",
        *[f"#   - {s}" for s in sources],
        "#",
        "# Intended gaps (findings that validation and the gap queries should report):",
    ]
    for i, gap in enumerate(gaps, start=1):
        lines.append(f"#   G{i} [{gap.key}] {gap.en}")
    return "\n".join(lines) + "\n"


def add_dataset(s: Setup, title_nb: str, title_en: str, sources: Sequence[str], municipalities: Sequence[str]) -> None:
    """A small DCAT description so a loaded setup can say what it is, and which municipalities it
    describes (lg:describesMunicipality): the shapes check those municipalities' statutory services."""
    ds = LGD[f"dataset/{s.setup_id}"]
    s.add(ds, RDF.type, DCAT.Dataset)
    for number in municipalities:
        s.add(ds, LG.describesMunicipality, LGD[f"kommune/{number}"])
    s.add(ds, DCTERMS.title, nb(title_nb))
    s.add(ds, DCTERMS.title, en(title_en))
    for src in sources:
        s.add(ds, DCTERMS.source, nb(src))
    s.add(ds, DCTERMS.source, nb(SRC_SYNTHETIC))
    s.add(ds, PROV.wasGeneratedBy, LGD["activity/build-examples"])
    s.add(LGD["activity/build-examples"], RDF.type, PROV.Activity)
    s.add(
        LGD["activity/build-examples"],
        RDFS.label,
        nb("Generering av eksempeldata (scripts/build_examples.py)"),
    )


def add_unit_post(s: Setup, unit: URIRef, unit_slug: str, unit_label: str, kind: str) -> URIRef:
    """The head post of a kindergarten (styrer) or school (rektor); a position, never a person."""
    if kind == "kindergarten":
        post = s.post(f"{unit_slug}-styrer")
        s.node(post, LG.KindergartenHead, f"Styrer, {unit_label}", f"Head of kindergarten, {unit_label}")
    else:
        post = s.post(f"{unit_slug}-rektor")
        s.node(post, LG.Principal, f"Rektor, {unit_label}", f"Principal, {unit_label}")
    s.add(post, ORG.postIn, unit)
    s.synthetic(post)
    return post


# ===================================================================================================
# Bærum: "Alle på laget" 2021–2025
# ===================================================================================================
BAERUM_SCHOOLS = 28  # 21 in cohort 1 ("Pulje 1", spring 2022) + 7 not yet in a cohort (gap G5)
BAERUM_COHORT1 = 21
BAERUM_MUNICIPAL_KG = 12
BAERUM_PRIVATE_KG = 8
BAERUM_PRIVATE_OWNERS = 3

BAERUM_NEEDS: list[tuple[str, URIRef, str, str]] = [
    # slug, area, nb, en (seed 000 "Kartlegging av kompetansebehov i Bærum")
    (
        "utfordrende-atferd",
        A_UTFORDRENDE_ATFERD,
        "Behov for økt kompetanse om utfordrende atferd.",
        "Need for more competence on challenging behaviour.",
    ),
    (
        "radgiverkompetanse",
        A_RADGIVER,
        "Behov for styrket rådgiverkompetanse.",
        "Need for stronger advisory (counselling) competence.",
    ),
    (
        "videreutdanning-spesialpedagogikk",
        A_SPESPED,
        "Behov for videreutdanning i spesialpedagogikk.",
        "Need for further education in special education.",
    ),
    ("sprak", A_SPRAK, "Behov for økt kompetanse om språk.", "Need for more competence on language."),
    (
        "digitale-verktoy",
        A_DIGITALE,
        "Behov for økt kompetanse i bruk av digitale verktøy.",
        "Need for more competence in the use of digital tools.",
    ),
]

# The need each finding gives: slug -> (label nb, label en, target groups, priority). Only the theme the
# plan for 2022–2023 names ("Utfordrende atferd – Traumer", seed 000) has a priority; the seeds give no
# order for the others, so they have none. The groups are the programme's target group (seed 000: all
# staff of kindergartens, schools and SFO), or the counsellors for the counselling need.
ALL_STAFF = (TG_KINDERGARTEN_STAFF, TG_SCHOOL_STAFF, TG_SFO_STAFF)
BAERUM_NEED_DETAILS: dict[str, tuple[str, str, Sequence[URIRef], int | None]] = {
    "utfordrende-atferd": ("Utfordrende atferd – traumer", "Challenging behaviour – trauma", ALL_STAFF, 1),
    "radgiverkompetanse": ("Styrket rådgiverkompetanse", "Stronger counselling competence", (TG_COUNSELLORS,), None),
    "videreutdanning-spesialpedagogikk": ("Videreutdanning i spesialpedagogikk", "Further education in special "
                                          "education", ALL_STAFF, None),
    "sprak": ("Språk", "Language", ALL_STAFF, None),
    "digitale-verktoy": ("Bruk av digitale verktøy", "Use of digital tools", ALL_STAFF, None),
}

BAERUM_GAPS = [
    Gap(
        "sprak-uncovered",
        "Språk er et kartlagt behov, men ingen aktør dekker området på noe trinn, og ingen tiltak er planlagt.",
        "Language (area:sprak) is a need named by the needs assessment, but no actor covers it at any tier "
        "and no measure addresses it.",
    ),
    Gap(
        "digitale-verktoy-uncovered",
        "Digitale verktøy er et kartlagt behov uten dekning på noe trinn og uten tiltak.",
        "Digital tools (area:digitale-verktoy) is a named need with no coverage at any tier and no measure.",
    ),
    Gap(
        "no-uh-partner",
        "Programmet har ingen UH-partner (ingen nevnt i kildene), selv om tiltak skal gjøres i partnerskap "
        "med universitet eller høgskole.",
        "The programme has no lg:universityPartner (the sources name none), although measures must be "
        "planned and delivered in partnership with a university or university college.",
    ),
    Gap(
        "nevro-no-tier2",
        "Nevroutviklingsforstyrrelser/autisme dekkes bare på trinn 3 (Statped, BUP); ingen kommunal "
        "aktør dekker trinn 2, og tiltaket fra høsten 2023 har ingen kompetanseleverandør.",
        "Neurodevelopmental disorders / autism are covered only at tier 3 (Statped, BUP); no municipal "
        "actor covers tier 2, and the autumn 2023 measure names no provider.",
    ),
    Gap(
        "schools-outside-cohort1",
        "7 av 28 (syntetiske) skoler er ikke med i pulje 1 og dekker ikke traumer på trinn 1.",
        "7 of the 28 (synthetic) schools are not in cohort 1 and have no tier-1 coverage of trauma.",
    ),
    Gap(
        "measure-without-provider",
        "Tiltaket om rådgiverrollen har ingen kompetanseleverandør (ingen nevnt i kildene).",
        "The measure on the advisory role names no provider (the sources name none).",
    ),
]


def build_baerum() -> Setup:
    """Bærum (3201): the programme, its bodies, services, synthetic units, measures and coverage."""
    s = Setup("3201", "1001")
    sources_both = (SRC_B_BRIEF, SRC_B_PLAN)
    add_dataset(
        s,
        "Eksempel: Alle på laget, Bærum kommune 2021–2025",
        "Example: Alle på laget, Bærum municipality 2021–2025",
        sources_both,
        ["3201"],
    )

    # --- services of the municipality ---------------------------------------------------------------
    ppt = s.node(s.unit("ppt"), LG.PPT, "Bærum PPT", "Bærum educational-psychological service (PPT)", sources_both)
    spesped = s.node(
        s.unit("spesialpedagogisk-tjeneste"),
        LG.SupportService,
        "Spesialpedagogisk tjeneste",
        "Special-education service (kindergartens)",
        [SRC_B_PLAN],
    )
    s.note(
        spesped,
        "Bærums egen spesialpedagogiske tjeneste for barnehagene; nevnt sammen med PPT i "
        "målgruppen for kompetanseløftet.",
        "Bærum's own special-education service for kindergartens; named next to PPT in the target group.",
    )
    barnevern = s.node(
        s.unit("barneverntjenesten"),
        LG.ChildWelfareService,
        "Barneverntjenesten i Bærum",
        "Bærum child welfare service",
        [SRC_B_BRIEF],
    )
    helsestasjon = s.node(
        s.unit("helsestasjon"),
        LG.HealthStation,
        "Helsestasjonen i Bærum",
        "Bærum child health clinic",
        [SRC_B_BRIEF],
    )
    skolehelse = s.node(
        s.unit("skolehelsetjenesten"),
        LG.SchoolHealthService,
        "Skolehelsetjenesten i Bærum",
        "Bærum school health service",
        [SRC_LAW_SCHOOL_HEALTH],
    )
    koord = s.node(
        s.unit("koordinerende-enhet"),
        LG.CoordinatingUnit,
        "Koordinerende enhet i Bærum",
        "Bærum coordinating unit",
        [SRC_LAW_CHILD_COORD],
    )
    barnekoord = s.node(
        s.post("barnekoordinator"),
        LG.ChildCoordinator,
        "Barnekoordinator, Bærum kommune",
        "Child coordinator, Bærum municipality",
        [SRC_LAW_CHILD_COORD],
    )
    s.add(barnekoord, ORG.postIn, koord)
    for service in (ppt, spesped, barnevern, helsestasjon, skolehelse, koord):
        s.add(service, LG.municipality, K_BAERUM)
        s.add(service, ORG.subOrganizationOf, K_BAERUM)
    for coordinated in (ppt, barnevern, helsestasjon, skolehelse):
        s.add(barnekoord, LG.coordinates, coordinated)

    # --- specialist health service ------------------------------------------------------------------
    s.node(HF_VESTRE_VIKEN, LG.HealthTrust, "Vestre Viken HF", "Vestre Viken Hospital Trust", [SRC_HF_VV])
    bup = s.node(
        LGD["helseforetak/vestre-viken/bup-baerum"],
        LG.CAMHS,
        "BUP Bærum",
        "Child and adolescent mental health outpatient clinic, Bærum",
        [SRC_HF_VV],
    )
    s.add(bup, ORG.subOrganizationOf, HF_VESTRE_VIKEN)
    s.add(bup, LG.municipality, K_BAERUM)
    s.add(helsestasjon, LG.refersTo, bup)
    s.add(skolehelse, LG.refersTo, bup)
    s.add(barnekoord, LG.coordinates, bup)
    s.add(ppt, LG.collaboratesWith, bup)

    # --- regional and national partners -------------------------------------------------------------
    s.add(ppt, LG.refersTo, STATPED_SOROST)
    s.add(K_BAERUM, LG.partnersWith, RVTS_OST)

    # --- private owners ----------------------------------------------------------------------------
    owners: list[URIRef] = []
    for i in range(1, BAERUM_PRIVATE_OWNERS + 1):
        owner = s.node(
            s.unit(f"privat-barnehageeier-{i:02d}"),
            LG.PrivateOwner,
            f"Privat barnehageeier {i:02d} (Bærum)",
            f"Private kindergarten owner {i:02d} (Bærum)",
        )
        s.synthetic(owner)
        s.synthetic_org_number(owner)
        owner_report = s.needs_report(
            f"privat-barnehageeier-{i:02d}",
            owner,
            SAMF_AKERSHUS,
            f"Melding av kompetansebehov, privat barnehageeier {i:02d}",
            f"Needs report, private kindergarten owner {i:02d}",
        )
        s.synthetic(owner_report)
        for partner in (ppt, barnevern, spesped):
            s.add(owner, LG.partnersWith, partner)
        owners.append(owner)

    # --- kindergartens -----------------------------------------------------------------------------
    kindergartens: list[URIRef] = []
    for i in range(1, BAERUM_MUNICIPAL_KG + BAERUM_PRIVATE_KG + 1):
        private = i > BAERUM_MUNICIPAL_KG
        slug = f"baerum-barnehage-{i:02d}"
        label = f"Bærum barnehage {i:02d}"
        kg = s.node(
            s.unit(slug),
            LG.PrivateKindergarten if private else LG.MunicipalKindergarten,
            label,
            f"Bærum kindergarten {i:02d}",
        )
        s.synthetic(kg)
        s.synthetic_org_number(kg)
        s.add(kg, LG.municipality, K_BAERUM)
        owner = owners[(i - BAERUM_MUNICIPAL_KG - 1) % len(owners)] if private else K_BAERUM
        s.add(owner, LG.owns, kg)
        s.add(kg, LG.numberOfChildren, Literal(s.rng.randint(30, 110), datatype=XSD.nonNegativeInteger))
        for service in (ppt, spesped):
            s.add(service, LG.serves, kg)
        s.add(kg, LG.refersTo, ppt)
        s.add(kg, LG.reportsConcernTo, barnevern)
        add_unit_post(s, kg, slug, label, "kindergarten")
        kindergartens.append(kg)

    # --- schools -----------------------------------------------------------------------------------
    schools: list[URIRef] = []
    for i in range(1, BAERUM_SCHOOLS + 1):
        slug = f"baerum-skole-{i:02d}"
        label = f"Bærum skole {i:02d}"
        school = s.node(s.unit(slug), LG.PrimarySchool, label, f"Bærum school {i:02d}")
        s.synthetic(school)
        s.synthetic_org_number(school)
        s.add(school, LG.municipality, K_BAERUM)
        s.add(K_BAERUM, LG.owns, school)
        s.add(school, LG.numberOfChildren, Literal(s.rng.randint(180, 620), datatype=XSD.nonNegativeInteger))
        s.add(ppt, LG.serves, school)
        s.add(skolehelse, LG.serves, school)
        s.add(school, LG.refersTo, ppt)
        s.add(school, LG.reportsConcernTo, barnevern)
        add_unit_post(s, school, slug, label, "school")
        schools.append(school)
    # Which schools form cohort 1 is not in the sources: a deterministic sample.
    cohort1 = sorted(s.rng.sample(schools, BAERUM_COHORT1))

    # --- programme and its bodies -------------------------------------------------------------------
    prog = s.node(
        LGD["programme/3201/alle-pa-laget"],
        LG.CompetenceProgramme,
        "Alle på laget",
        "Alle på laget (Everyone on the team)",
        sources_both,
    )
    s.add(prog, SCHEMA.startDate, year(2021))
    s.add(prog, SCHEMA.endDate, year(2025))
    s.add(prog, LG.programmeOwner, K_BAERUM)
    s.add(prog, LG.coordinatedBy, ppt)
    s.describe(
        prog,
        "Bærum kommunes kompetanseløft for spesialpedagogikk og inkluderende praksis. Målgruppen er ansatte "
        "i barnehage og skole, barnehage- og skoleeiere, ansatte i PP-tjenesten og Spesialpedagogisk "
        "tjeneste. Arbeidet er prosjektorganisert, koordineres ut fra PPT og ledes av en styringsgruppe.",
        "Bærum municipality's competence programme for special education and inclusive practice. Target "
        "group: staff in kindergartens and schools, their owners, staff in PPT and the special-education "
        "service. Run as a project, coordinated from PPT and led by a steering group.",
    )
    s.add(
        prog,
        RDFS.comment,
        nb(
            "Kildene nevner ingen universitets- eller høgskolepartner for Alle på laget. Derfor har "
            "programmet bevisst ingen lg:universityPartner, slik at valideringen kan melde det manglende "
            "UH-partnerskapet."
        ),
    )
    s.add(
        prog,
        RDFS.comment,
        en(
            "The sources name no university partner for Alle på laget, so the programme deliberately has no "
            "lg:universityPartner and validation can report the missing partnership."
        ),
    )
    s.add(
        prog,
        RDFS.seeAlso,
        URIRef(
            "https://www.udir.no/kvalitet-og-kompetanse/lokal-kompetanseutvikling/"
            "kompetanseloftet-for-spesialpedagogikk-og-inkluderende-praksis/"
        ),
    )

    steering = s.node(
        s.unit("styringsgruppe"),
        LG.SteeringGroup,
        "Styringsgruppen for Alle på laget",
        "Steering group of Alle på laget",
        sources_both,
    )
    s.note(
        steering,
        "Ansvar: fremdrift og leveranse etter plan; koordinering og forankring på ledelsesnivå; orientering "
        "til politisk nivå; delegering av ansvar og oppgaver og ledelse av arbeidsgruppene. Medlemmene er "
        "personer og modelleres ikke.",
        "Responsible for progress and delivery, anchoring at management level, reporting to the political "
        "level, delegating tasks and leading the working groups. Its members are persons and not modelled.",
    )
    s.add(prog, LG.steeringGroup, steering)

    working_groups = [
        (
            "arbeidsgruppe-traumer",
            "Arbeidsgruppe traumer og utfordrende atferd",
            "Working group on trauma and challenging behaviour",
            [A_TRAUMER, A_UTFORDRENDE_ATFERD],
        ),
        (
            "arbeidsgruppe-radgiverrollen",
            "Arbeidsgruppe rådgiverrollen",
            "Working group on the advisory role",
            [A_RADGIVER],
        ),
        (
            "arbeidsgruppe-nevroutvikling",
            "Arbeidsgruppe nevroutviklingsforstyrrelser",
            "Working group on neurodevelopmental disorders",
            [A_NEVRO, A_AUTISME],
        ),
    ]
    coordinator = s.node(
        s.post("koordinator-alle-pa-laget"),
        LG.ProgrammeCoordinator,
        "Koordinator for Alle på laget",
        "Coordinator of Alle på laget",
        [SRC_B_PLAN],
    )
    s.note(
        coordinator,
        "Ansvar for samordning av informasjon og tiltak, slik at kompetanseløftet får effekt "
        "i alle de involverte tjenestene.",
        "Coordinates information and measures so that the programme takes effect in all services involved.",
    )
    s.add(coordinator, ORG.postIn, ppt)
    s.add(prog, LG.programmeCoordinator, coordinator)
    for slug, label_nb, label_en, areas in working_groups:
        wg = s.node(s.unit(slug), LG.WorkingGroup, label_nb, label_en, [SRC_B_PLAN])
        for a in areas:
            s.add(wg, DCTERMS.subject, a)
        s.add(prog, LG.workingGroup, wg)
        s.add(steering, LG.coordinates, wg)
        s.add(coordinator, LG.coordinates, wg)
        s.add(wg, ORG.unitOf, K_BAERUM)
    reference = s.node(
        s.unit("referansegruppe"),
        LG.ReferenceGroup,
        "Referansegruppe for Alle på laget",
        "Reference group of Alle på laget",
        [SRC_B_PLAN],
    )
    s.note(
        reference,
        "Opprettet for å sikre involvering og bred forankring.",
        "Set up to secure involvement and broad anchoring.",
    )
    s.add(prog, LG.referenceGroup, reference)
    resource = s.node(
        s.unit("ressursgruppe-veiledere"),
        LG.ResourceGroup,
        "Ressursgruppe: veiledere i støttetjenestene",
        "Resource group: supervisors in the support services",
        [SRC_B_BRIEF],
    )
    s.add(resource, DCTERMS.isPartOf, prog)
    s.add(resource, DCTERMS.subject, A_TRAUMER)
    network = s.node(
        s.unit("nettverk-a-snakke-med-barn"),
        LG.Network,
        "Nettverk for Å snakke med barn",
        "Network for Å snakke med barn (Talking with children)",
        [SRC_B_BRIEF],
    )
    s.note(network, "«Nettverk etableres» (plan for 2022–2023).", '"A network is being set up" (plan 2022–2023).')
    s.add(network, DCTERMS.isPartOf, prog)
    s.add(network, DCTERMS.subject, A_TRAUMER)
    for body in (steering, reference, resource, network):
        s.add(body, ORG.unitOf, K_BAERUM)
    for member in (ppt, spesped):
        s.add(member, LG.memberOf, resource)
    s.add(ppt, LG.coordinates, resource)
    s.add(ppt, LG.coordinates, network)
    s.add(RVTS_OST, LG.advises, resource)

    leader = s.node(
        s.post("prosjektleder-alle-pa-laget"),
        LG.ProjectLeader,
        "Prosjektleder for Alle på laget",
        "Project leader of Alle på laget",
        [SRC_B_BRIEF],
    )
    s.add(leader, ORG.postIn, ppt)
    s.note(
        leader,
        "Prosjektleder i 100 % stilling, finansiert av innvilgede midler som varer i to år fra 2022.",
        "Full-time (100 %) project leader, funded by a two-year grant from 2022.",
    )

    # --- needs assessment --------------------------------------------------------------------------
    na = s.node(
        s.assessment("kartlegging-2019-2021"),
        LG.NeedsAssessment,
        "Kartlegging og vurdering av kompetansebehov 2019–2021",
        "Assessment of competence needs 2019–2021",
        sources_both,
    )
    s.add(na, SCHEMA.startDate, year(2019))
    s.add(na, SCHEMA.endDate, year(2021))
    s.add(na, LG.partOfProgramme, prog)
    s.add(na, LG.assessedBy, K_BAERUM)
    s.note(
        na,
        "Gjennomført fra høsten 2019 til våren 2021 i Bærums barnehager, skoler og PPT.",
        "Carried out from autumn 2019 to spring 2021 in Bærum's kindergartens, schools and PPT.",
    )
    needs: dict[str, URIRef] = {}
    for slug, area, text_nb, text_en in BAERUM_NEEDS:
        finding = s.finding_node(na, slug, [area], text_nb, text_en, SRC_B_BRIEF)
        label_nb, label_en, groups, priority = BAERUM_NEED_DETAILS[slug]
        needs[slug] = s.need_node(na, finding, slug, area, label_nb, label_en, groups, SRC_B_BRIEF, priority)
    s.note(
        needs["utfordrende-atferd"],
        "Temaet planen for 2022–2023 nevner først: «Utfordrende atferd – Traumer»; neste tema er utfordrende "
        "atferd knyttet til nevroutviklingsforstyrrelser, bl.a. autisme.",
        "The theme the plan for 2022–2023 names first: «Utfordrende atferd – Traumer» (challenging behaviour – "
        "trauma); the next theme is challenging behaviour related to neurodevelopmental disorders, including autism.",
    )

    # --- grant process: needs report, the forum's decision, the County Governor's allocation --------
    report = s.needs_report(
        "alle-pa-laget",
        K_BAERUM,
        SAMF_AKERSHUS,
        "Bærum kommunes melding av kompetansebehov til samarbeidsforumet",
        "Bærum municipality's needs report to the cooperation forum",
        [SRC_B_PLAN, SRC_UDIR],
    )
    for need in needs.values():
        s.add(report, LG.reportsNeed, need)
    s.note(
        report,
        "Meldingen følger av tilskuddsordningen (eierne melder behov til samarbeidsforumet i fylket, med frist i "
        "februar); kildene oppgir ikke hvilket år eller hvilken dag, så frist og år er utelatt.",
        "The report follows from the grant scheme (owners report needs to the county's cooperation forum by "
        "February); the sources give neither the year nor the day, so deadline and year are left out.",
    )
    decision = s.node(
        s.grant("decision", "alle-pa-laget"),
        LG.PriorityDecision,
        "Samarbeidsforumets prioritering av Alle på laget",
        "The cooperation forum's priority decision on Alle på laget",
        [SRC_UDIR],
    )
    s.add(decision, LG.decidedBy, SAMF_AKERSHUS)
    s.add(decision, LG.decisionOn, report)
    s.add(decision, LG.prioritises, prog)
    s.note(
        decision,
        "Samarbeidsforumet beslutter prioriteringen før statsforvalteren tildeler; kildene beskriver ikke vedtaket.",
        "The cooperation forum decides the priority before the County Governor allocates; the sources do not "
        "describe the decision.",
    )
    allocation = s.allocation(
        "alle-pa-laget",
        SF_OSLO_AKERSHUS,
        K_BAERUM,
        decision,
        prog,
        "Innvilgede midler til Alle på laget",
        "Funds granted to Alle på laget",
        [SRC_B_BRIEF, SRC_B_PLAN],
    )
    s.add(allocation, SCHEMA.startDate, year(2022))
    s.note(
        allocation,
        "«Innvilget midler varer i to år fremover» (15.03.2022): blant annet prosjektleder i 100 % stilling og "
        "foreldregrupper. Kildene oppgir ikke beløpet, så lg:amount er utelatt.",
        "«The funds granted last two years ahead» (15 March 2022): among other things a full-time project leader "
        "and parent groups. The sources do not give the amount, so lg:amount is left out.",
    )

    # --- measures ----------------------------------------------------------------------------------
    status_note = (
        "Status slik kildene beskriver den per 15.03.2022.",
        "Status as described by the sources on 15 March 2022.",
    )

    def measure(
        slug: str,
        label_nb: str,
        label_en: str,
        sources: Sequence[str],
        areas: Sequence[URIRef],
        tiers: Sequence[URIRef],
        groups: Sequence[URIRef],
        start: int,
        end: int,
        status: URIRef,
        season_nb: str,
        season_en: str,
    ) -> URIRef:
        m = s.node(s.measure(slug), LG.CompetenceMeasure, label_nb, label_en, sources)
        s.add(m, LG.partOfProgramme, prog)
        for a in areas:
            s.add(m, LG.area, a)
        for t in tiers:
            s.add(m, LG.tier, t)
        for tg in groups:
            s.add(m, LG.targetGroup, tg)
        s.add(m, SCHEMA.startDate, year(start))
        s.add(m, SCHEMA.endDate, year(end))
        s.add(m, LG.status, status)
        s.add(m, LG.measureKind, MK_COLLECTIVE)
        s.note(m, f"{season_nb} {status_note[0]}", f"{season_en} {status_note[1]}")
        return m

    snakk_skole = measure(
        "a-snakke-med-barn-skoler",
        "Å snakke med barn – skoler, pulje 1",
        "Talking with children (Å snakke med barn) – schools, cohort 1",
        sources_both,
        [A_TRAUMER, A_UTFORDRENDE_ATFERD],
        [T1, T2],
        [TG_SCHOOL_STAFF, TG_SFO_STAFF, TG_PPT],
        2022,
        2023,
        ST_ONGOING,
        "Startet våren 2022 med 21 skoler.",
        "Started in spring 2022 with 21 schools.",
    )
    s.add(snakk_skole, LG.cohort, Literal("Pulje 1"))
    snakk_bhg = measure(
        "a-snakke-med-barn-barnehager",
        "Å snakke med barn – barnehager",
        "Talking with children (Å snakke med barn) – kindergartens",
        [SRC_B_BRIEF],
        [A_TRAUMER, A_UTFORDRENDE_ATFERD],
        [T1, T2],
        [TG_KINDERGARTEN_STAFF, TG_PPT],
        2022,
        2023,
        ST_PLANNED,
        "Barnehagene starter høsten 2022.",
        "Kindergartens start in autumn 2022.",
    )
    s.add(snakk_bhg, LG.cohort, Literal("Barnehager høsten 2022"))
    for m in (snakk_skole, snakk_bhg):
        s.add(m, LG.provider, RVTS_OST)
        s.add(m, LG.addressesNeed, needs["utfordrende-atferd"])
        s.add(m, RDFS.seeAlso, URIRef("https://www.snakkemedbarn.no/"))
        s.add(m, LG.participant, ppt)
        s.add(m, LG.participant, spesped)
    for school in cohort1:
        s.add(snakk_skole, LG.participant, school)
    for kg in kindergartens:
        s.add(snakk_bhg, LG.participant, kg)

    radgiver = measure(
        "radgiverrollen",
        "Rådgiverrollen i endrings- og utviklingsarbeid",
        "The advisory role in change and development work",
        [SRC_B_PLAN],
        [A_RADGIVER, A_LEDELSE],
        [T2],
        [TG_PPT, TG_COUNSELLORS],
        2022,
        2023,
        ST_PLANNED,
        "Introduseres høsten 2022.",
        "Introduced in autumn 2022.",
    )
    for participant in (ppt, spesped):
        s.add(radgiver, LG.participant, participant)
    s.add(radgiver, LG.addressesNeed, needs["radgiverkompetanse"])

    nevro = measure(
        "nevroutviklingsforstyrrelser",
        "Utfordrende atferd og nevroutviklingsforstyrrelser, bl.a. autisme",
        "Challenging behaviour and neurodevelopmental disorders, including autism",
        sources_both,
        [A_NEVRO, A_AUTISME, A_UTFORDRENDE_ATFERD],
        [T1, T2],
        [TG_KINDERGARTEN_STAFF, TG_SCHOOL_STAFF, TG_PPT],
        2023,
        2025,
        ST_PLANNED,
        "Planlagt fra høsten 2023 (neste tema).",
        "Planned from autumn 2023 (the next theme).",
    )
    s.add(nevro, LG.addressesNeed, needs["utfordrende-atferd"])
    s.add(
        nevro,
        SKOS.editorialNote,
        nb(
            "Kilden nevner også foreldregrupper for barn med autismespekterutfordringer. De er ikke "
            "modellert "
            "som eget tiltak fordi målgruppe-skjemaet ikke har et begrep for foresatte."
        ),
    )

    # --- competence coverage -----------------------------------------------------------------------
    for school in cohort1:
        slug = str(school).rsplit("/", 1)[1]
        s.coverage(
            f"{slug}-traumer-1",
            school,
            A_TRAUMER,
            T1,
            [SRC_B_BRIEF],
            start=2022,
            note_nb="Etter Å snakke med barn, pulje 1.",
            synthetic=True,
            measure=snakk_skole,
        )
    for kg in kindergartens:
        slug = str(kg).rsplit("/", 1)[1]
        s.coverage(
            f"{slug}-traumer-1",
            kg,
            A_TRAUMER,
            T1,
            [SRC_B_BRIEF],
            start=2022,
            note_nb="Etter Å snakke med barn for barnehagene (fra høsten 2022).",
            synthetic=True,
            measure=snakk_bhg,
        )
    derived = "Modellert ut fra kildenes beskrivelse av rollene; ikke en uttrykkelig påstand i kildene."
    s.coverage("ppt-utfordrende-atferd-2", ppt, A_UTFORDRENDE_ATFERD, T2, sources_both, note_nb=derived)
    s.coverage("ppt-traumer-2", ppt, A_TRAUMER, T2, [SRC_B_BRIEF], start=2022, note_nb=derived)
    s.coverage("ppt-radgiverkompetanse-2", ppt, A_RADGIVER, T2, [SRC_B_PLAN], start=2022, note_nb=derived)
    s.coverage("spesped-spesialpedagogikk-2", spesped, A_SPESPED, T2, [SRC_B_PLAN], note_nb=derived)
    s.coverage("spesped-utfordrende-atferd-2", spesped, A_UTFORDRENDE_ATFERD, T2, [SRC_B_PLAN], note_nb=derived)
    s.coverage(
        "ressursgruppe-traumer-2",
        resource,
        A_TRAUMER,
        T2,
        [SRC_B_BRIEF],
        start=2022,
        note_nb="Veiledere i støttetjenestene utgjør ressursgruppen for traumearbeidet.",
    )
    s.coverage("bup-psykiske-helseplager-3", bup, A_PSYKISK, T3, [SRC_HF_VV], note_nb=derived)
    s.coverage("bup-nevroutviklingsforstyrrelser-3", bup, A_NEVRO, T3, [SRC_HF_VV], note_nb=derived)
    add_reference_coverage(s)

    return s


def add_reference_coverage(s: Setup) -> None:
    """Coverage of the reference actors both setups rely on (RVTS Øst, Statped sørøst); shared IRIs."""
    s.coverage("rvts-ost/traumer-2", RVTS_OST, A_TRAUMER, T2, [SRC_RVTS], shared=True)
    s.coverage("rvts-ost/traumer-3", RVTS_OST, A_TRAUMER, T3, [SRC_RVTS], shared=True)
    s.coverage("statped-sorost/autisme-3", STATPED_SOROST, A_AUTISME, T3, [SRC_STATPED], shared=True)
    s.coverage(
        "statped-sorost/sammensatte-laerevansker-3", STATPED_SOROST, A_SAMMENSATTE, T3, [SRC_STATPED], shared=True
    )


# ===================================================================================================
# Gjøvikregionen: six municipalities with NTNU, 2021–2025
# ===================================================================================================
@dataclass(frozen=True)
class Municipality:
    """Counts per municipality; the seed gives only the regional totals (73 kindergartens, 44 schools)."""

    number: str
    slug: str
    name: str
    kindergartens: int
    private_kindergartens: int
    schools: int  # including any friskole


# Distributed roughly by population (Gjøvik largest, the two Land municipalities smallest).
GJR_MUNICIPALITIES: list[Municipality] = [
    Municipality("3407", "gjovik", "Gjøvik", 26, 10, 14),
    Municipality("3442", "ostre-toten", "Østre Toten", 13, 4, 8),
    Municipality("3443", "vestre-toten", "Vestre Toten", 11, 3, 7),
    Municipality("3446", "gran", "Gran", 12, 3, 7),
    Municipality("3447", "sondre-land", "Søndre Land", 5, 0, 4),
    Municipality("3448", "nordre-land", "Nordre Land", 6, 1, 4),
]
GJR_TOTAL_KINDERGARTENS = 73
GJR_TOTAL_SCHOOLS = 44
GJR_PRIVATE_OWNERS = 4  # owners of several private kindergartens, each with agreements with PPT/barnevern
GJR_COORDINATOR_EMPLOYER = "3446"  # the regional coordinator works for Gran kommune (seed 002)
GJR_FREE_SCHOOL_IN = "3443"  # the last school of this municipality is a friskole
GJR_NO_CHILD_COORDINATOR = "3447"  # gap: no barnekoordinator post
GJR_SCHOOL_WITHOUT_PPT = ("3442", 5)  # gap: school without any PPT link
GJR_KG_WITHOUT_SUPPORT = ("3446", 12)  # gap: private kindergarten without PPT/barnevern links

GJR_FINDINGS: list[tuple[str, list[URIRef], str, str]] = [
    (
        "regional-satsing-sammensatt",
        [A_SAMMENSATTE],
        "Behov for en regional og felles satsing med tanke på mer sammensatt og lavfrekvent problematikk.",
        "Need for a joint regional effort on more complex and low-frequency difficulties.",
    ),
    (
        "nettverk-pa-tvers",
        [A_SAMARBEID],
        "Behov for nettverk for å lære av hverandre på tvers av kommuner på mange områder.",
        "Need for networks to learn from each other across municipalities in many areas.",
    ),
    (
        "forstaelse-for-roller",
        [A_SAMARBEID],
        "Skape forståelse for ulike roller på tvers av fagfelt og kommuner, styrke likeverdighet og "
        "verdsette "
        "ulik kompetanse.",
        "Build understanding of the different roles across disciplines and municipalities, strengthen equal "
        "standing and value different kinds of competence.",
    ),
    (
        "forebyggende-samarbeid-ppt",
        [A_SAMARBEID, A_INKLUDERENDE],
        "Forebyggende samarbeid mellom skole/barnehage og PPT i forkant av henvisninger "
        "(førhenvisningsfasen) "
        "gjennom økt fokus på forebygging og tidlig innsats.",
        "Preventive collaboration between school/kindergarten and PPT before referral (the pre-referral "
        "phase), with more focus on prevention and early intervention.",
    ),
    (
        "spesialpedagogisk-allmennpedagogisk",
        [A_SPESPED, A_INKLUDERENDE],
        "Skape forståelse for hva som er spesialpedagogisk og allmennpedagogisk.",
        "Build understanding of what is special education and what is general education.",
    ),
]

# The need each finding gives, in the order the source lists the findings (its only hint at a priority;
# the rank is that order): slug -> (area, label nb, label en, target groups).
GJR_NEEDS: dict[str, tuple[URIRef, str, str, Sequence[URIRef]]] = {
    "regional-satsing-sammensatt": (A_SAMMENSATTE, "Felles regional satsing på sammensatt og lavfrekvent "
                                    "problematikk", "A joint regional effort on complex, low-frequency difficulties",
                                    (TG_WHOLE_TEAM,)),
    "nettverk-pa-tvers": (A_SAMARBEID, "Nettverk på tvers av kommunene", "Networks across the municipalities",
                          (TG_WHOLE_TEAM,)),
    "forstaelse-for-roller": (A_SAMARBEID, "Forståelse for roller på tvers av fagfelt og kommuner",
                              "Understanding of roles across disciplines and municipalities", (TG_WHOLE_TEAM,)),
    "forebyggende-samarbeid-ppt": (A_INKLUDERENDE, "Forebyggende samarbeid med PPT før henvisning",
                                   "Preventive collaboration with PPT before referral",
                                   (TG_KINDERGARTEN_STAFF, TG_SCHOOL_STAFF, TG_PPT)),
    "spesialpedagogisk-allmennpedagogisk": (A_SPESPED, "Forståelse for hva som er spesialpedagogisk og "
                                            "allmennpedagogisk", "Understanding of special versus general education",
                                            (TG_KINDERGARTEN_STAFF, TG_SCHOOL_STAFF)),
    "utnytte-kompetansen": (A_SAMARBEID, "Utnytte kompetansen som finnes i regionen",
                            "Use the competence that exists in the region", (TG_WHOLE_TEAM,)),
    "forstaelse-for-eget-stasted": (A_LEDELSE, "Kommunenes forståelse for eget ståsted, for hverandre og for regionen",
                              "The municipalities' understanding of their own position, of each other and of the "
                              "region", (TG_OWNERS,)),
    "koble-pa-enhetsledere": (A_LEDELSE, "Enhetsledere i barnehage, skole og PP-tjenesten koblet på",
                              "Unit leaders in kindergartens, schools and PPT involved", (TG_LEADERS,)),
}
#: The recommendations (seed 002, «Anbefalinger») as findings: slug -> (text nb, text en). The last one
#: (continue the mapping at unit level) is the continued assessment 2022–2024, not a competence need.
GJR_RECOMMENDATION_FINDINGS: list[tuple[str, str, str]] = [
    ("utnytte-kompetansen", "Anbefaling: utnytte kompetansen som finnes i regionen.",
     "Recommendation: use the competence that exists in the region."),
    ("forstaelse-for-eget-stasted", "Anbefaling: videreutvikle kommunenes forståelse for eget ståsted og for hverandre "
     "og for en samlet region.", "Recommendation: develop the municipalities' understanding of their own position, "
     "of each other and of the region as a whole."),
    ("koble-pa-enhetsledere", "Anbefaling: koble på enhetsledere i barnehage, skoler og i PP-tjenesten.",
     "Recommendation: involve the unit leaders in kindergartens, schools and PPT."),
    ("fortsette-kartleggingen", "Anbefaling: fortsette kartleggingen på enhetsnivå.",
     "Recommendation: continue the mapping at unit level."),
]

GJR_GAPS = [
    Gap(
        "no-child-coordinator",
        "Søndre Land (syntetisk oppsett) har koordinerende enhet, men ingen barnekoordinator-stilling.",
        "Søndre Land (synthetic setup) has a coordinating unit but no lg:ChildCoordinator post; families "
        "have a conditional right to a child coordinator from 1 August 2022 (a warning, not a violation).",
    ),
    Gap(
        "school-without-ppt",
        "Østre Toten skole 05 (syntetisk) betjenes ikke av PPT og henviser ikke til PPT.",
        "Østre Toten skole 05 (synthetic) is served by no PPT and refers to none.",
    ),
    Gap(
        "private-kindergarten-without-support",
        "Gran barnehage 12 (syntetisk, privat) har ingen kobling til kommunal PPT eller barneverntjeneste, "
        "og "
        "eieren har ingen samarbeidsavtale med dem.",
        "Gran barnehage 12 (synthetic, private) has no link to the municipal PPT or child welfare service, "
        "and its owner has no partnership with them, although the programme expects private owners to cooperate "
        "with the municipal support services (Udir).",
    ),
    Gap(
        "sammensatte-no-tier2",
        "Sammensatte vansker er et kartlagt behov, men dekkes bare av Statped på trinn 3; ingen aktør i "
        "regionen dekker trinn 2.",
        "Complex difficulties (area:sammensatte-laerevansker) are a named need covered only by Statped at "
        "tier 3; no actor in the region covers tier 2.",
    ),
    Gap(
        "no-unit-coverage",
        "Regionen er i kartleggingsfasen: ingen barnehage eller skole har registrert dekning på trinn 1.",
        "The region is still mapping: no kindergarten or school has any tier-1 coverage asserted.",
    ),
]


def build_gjovikregionen() -> Setup:
    """Gjøvikregionen: the regional programme with NTNU, its assessments, six municipalities' units."""
    s = Setup("gjovikregionen", "1002")
    add_dataset(
        s,
        "Eksempel: Kompetanseløftet i Gjøvikregionen 2021–2025",
        "Example: the competence programme in the Gjøvik region 2021–2025",
        [SRC_G, SRC_UDIR],
        [m.number for m in GJR_MUNICIPALITIES],
    )
    municipalities = {m.number: LGD[f"kommune/{m.number}"] for m in GJR_MUNICIPALITIES}
    assert sum(m.kindergartens for m in GJR_MUNICIPALITIES) == GJR_TOTAL_KINDERGARTENS
    assert sum(m.schools for m in GJR_MUNICIPALITIES) == GJR_TOTAL_SCHOOLS

    # --- specialist health service ------------------------------------------------------------------
    s.node(HF_INNLANDET, LG.HealthTrust, "Sykehuset Innlandet HF", "Innlandet Hospital Trust", [SRC_HF_SI])
    bup = s.node(
        LGD["helseforetak/sykehuset-innlandet/bup-gjovik"],
        LG.CAMHS,
        "BUP Gjøvik",
        "Child and adolescent mental health outpatient clinic, Gjøvik",
        [SRC_HF_SI],
    )
    s.add(bup, ORG.subOrganizationOf, HF_INNLANDET)
    s.add(bup, LG.municipality, municipalities["3407"])
    s.note(
        bup,
        "Henvisningslinjene fra kommunene til BUP er forenklet i eksempelet.",
        "Referral lines from the municipalities to BUP are simplified in this example.",
    )

    # --- programme -------------------------------------------------------------------------------
    prog = s.node(
        LGD["programme/gjovikregionen/kompetanseloftet"],
        LG.CompetenceProgramme,
        "Kompetanseløftet i Gjøvikregionen",
        "The competence programme in the Gjøvik region",
        [SRC_G],
    )
    s.add(prog, SCHEMA.startDate, year(2021))
    s.add(prog, SCHEMA.endDate, year(2025))
    s.add(prog, LG.universityPartner, UH_NTNU)
    s.describe(
        prog,
        "Regionalt kompetanseløft for seks kommuner med 73 barnehager, 44 skoler og 6 PPT-kontor, i "
        "partnerskap med NTNU: fra kommunal kartlegging til regional samskaping.",
        "Regional competence programme of six municipalities with 73 kindergartens, 44 schools and "
        "6 PPT offices, in partnership with NTNU: from municipal mapping to regional co-creation.",
    )
    s.add(
        prog,
        SKOS.editorialNote,
        nb(
            "Finansiering fra statsforvalteren følger av tilskuddsordningen (Udir); beløp og vedtak er ikke "
            "oppgitt i kildene."
        ),
    )
    coordinator = s.node(
        s.post("regional-koordinator"),
        LG.ProgrammeCoordinator,
        "Koordinator Gjøvikregionen",
        "Regional coordinator, Gjøvik region",
        [SRC_G],
    )
    s.add(coordinator, ORG.postIn, municipalities[GJR_COORDINATOR_EMPLOYER])
    s.note(
        coordinator,
        "Stillingen er ansatt i Gran kommune og koordinerer for hele regionen.",
        "The post is employed by Gran municipality and coordinates for the whole region.",
    )
    s.add(prog, LG.programmeCoordinator, coordinator)
    s.add(prog, LG.coordinatedBy, coordinator)

    working = s.node(
        s.unit("arbeidsgruppe"),
        LG.WorkingGroup,
        "Regional arbeidsgruppe (ny 2022)",
        "Regional working group (new in 2022)",
        [SRC_G],
    )
    s.add(prog, LG.workingGroup, working)
    s.add(coordinator, LG.coordinates, working)
    network = s.node(
        s.unit("nettverk"),
        LG.Network,
        "Regionalt nettverk på tvers av kommunene",
        "Regional network across the municipalities",
        [SRC_G],
    )
    s.add(network, DCTERMS.isPartOf, prog)
    s.add(network, DCTERMS.subject, A_SAMARBEID)
    s.add(coordinator, LG.coordinates, network)
    s.add(
        network,
        SKOS.editorialNote,
        nb("Kilden beskriver behovet for nettverk på tvers av kommunene; at nettverket er etablert, er antatt."),
    )

    # --- municipalities, their services and units -------------------------------------------------
    owners: list[URIRef] = []
    for i in range(1, GJR_PRIVATE_OWNERS + 1):
        owner = s.node(
            s.unit(f"privat-barnehageeier-{i:02d}"),
            LG.PrivateOwner,
            f"Privat barnehageeier {i:02d} (Gjøvikregionen)",
            f"Private kindergarten owner {i:02d} (Gjøvik region)",
        )
        s.synthetic(owner)
        s.synthetic_org_number(owner)
        owner_report = s.needs_report(
            f"privat-barnehageeier-{i:02d}",
            owner,
            SAMF_INNLANDET,
            f"Melding av kompetansebehov, privat barnehageeier {i:02d}",
            f"Needs report, private kindergarten owner {i:02d}",
        )
        s.synthetic(owner_report)
        owners.append(owner)
    lone_owner = s.node(
        s.unit("privat-barnehageeier-05"),
        LG.PrivateOwner,
        "Privat barnehageeier 05 (Gjøvikregionen)",
        "Private kindergarten owner 05 (Gjøvik region)",
    )
    s.synthetic(lone_owner)
    s.synthetic_org_number(lone_owner)
    school_owner = s.node(
        s.unit("friskoleeier-01"),
        LG.PrivateOwner,
        "Friskoleeier 01 (Gjøvikregionen)",
        "Free-school owner 01 (Gjøvik region)",
    )
    s.synthetic(school_owner)
    s.synthetic_org_number(school_owner)

    decision = s.node(
        s.grant("decision", "innlandet"),
        LG.PriorityDecision,
        "Samarbeidsforumet i Innlandets prioritering av Gjøvikregionens tiltak",
        "The Innlandet cooperation forum's priority decision on the Gjøvik region's measures",
        [SRC_UDIR],
    )
    s.add(decision, LG.decidedBy, SAMF_INNLANDET)
    s.add(decision, LG.prioritises, prog)
    s.add(
        decision,
        SKOS.editorialNote,
        nb("Samarbeidsforumet beslutter prioriteringen før statsforvalteren tildeler (Udir); kilden beskriver ikke "
           "vedtaket."),
    )
    reports: list[URIRef] = []
    private_counter = 0
    ppts: list[URIRef] = []
    for m in GJR_MUNICIPALITIES:
        kommune = municipalities[m.number]
        s.add(prog, LG.programmeOwner, kommune)
        s.add(kommune, LG.partnersWith, UH_NTNU)
        # The grant process as the scheme lays it down (Udir); the source gives no report, decision or amount.
        report = s.needs_report(
            m.slug,
            kommune,
            SAMF_INNLANDET,
            f"{m.name} kommunes melding av kompetansebehov",
            f"{m.name} municipality's needs report",
            [SRC_UDIR],
        )
        s.add(decision, LG.decisionOn, report)
        reports.append(report)
        allocation = s.allocation(
            m.slug,
            SF_INNLANDET,
            kommune,
            decision,
            prog,
            f"Tildeling til {m.name} kommune",
            f"Allocation to {m.name} municipality",
            [SRC_UDIR],
        )
        s.add(
            allocation,
            SKOS.editorialNote,
            nb("Følger av tilskuddsordningen (Udir); beløp, år og vedtak er ikke oppgitt i kilden, så lg:amount er "
               "utelatt."),
        )
        s.add(kommune, LG.memberOf, network)

        def service(
            kind: str,
            cls: URIRef,
            label_nb: str,
            label_en: str,
            *sources: str,
            m: Municipality = m,
            kommune: URIRef = kommune,
        ) -> URIRef:
            iri = s.node(s.unit(f"{kind}-{m.slug}"), cls, label_nb, label_en, sources)
            s.synthetic(iri)
            s.add(iri, LG.municipality, kommune)
            s.add(iri, ORG.subOrganizationOf, kommune)
            return iri

        ppt = service("ppt", LG.PPT, f"{m.name} PPT", f"{m.name} educational-psychological service", SRC_G)
        s.note(
            ppt,
            "Kilden oppgir 6 PPT-kontor i regionen; at det er ett per kommune, er modellert (i "
            "virkeligheten kan kontorer være interkommunale).",
            "The source gives 6 PPT offices in the region; one per municipality is modelled (in reality "
            "some may be inter-municipal).",
        )
        ppts.append(ppt)
        s.add(ppt, LG.refersTo, STATPED_SOROST)
        s.add(ppt, LG.memberOf, network)
        barnevern = service(
            "barneverntjeneste",
            LG.ChildWelfareService,
            f"Barneverntjenesten i {m.name}",
            f"{m.name} child welfare service",
        )
        helsestasjon = service(
            "helsestasjon", LG.HealthStation, f"Helsestasjonen i {m.name}", f"{m.name} child health clinic"
        )
        skolehelse = service(
            "skolehelsetjeneste",
            LG.SchoolHealthService,
            f"Skolehelsetjenesten i {m.name}",
            f"{m.name} school health service",
            SRC_LAW_SCHOOL_HEALTH,
        )
        koord = service(
            "koordinerende-enhet",
            LG.CoordinatingUnit,
            f"Koordinerende enhet i {m.name}",
            f"{m.name} coordinating unit",
            SRC_LAW_CHILD_COORD,
        )
        for health in (helsestasjon, skolehelse):
            s.add(health, LG.refersTo, bup)
        if m.number != GJR_NO_CHILD_COORDINATOR:
            post = s.node(
                s.post(f"barnekoordinator-{m.slug}"),
                LG.ChildCoordinator,
                f"Barnekoordinator, {m.name} kommune",
                f"Child coordinator, {m.name} municipality",
                [SRC_LAW_CHILD_COORD],
            )
            s.synthetic(post)
            s.add(post, ORG.postIn, koord)
            for coordinated in (ppt, barnevern, helsestasjon, skolehelse, bup):
                s.add(post, LG.coordinates, coordinated)
        s.coverage(
            f"ppt-{m.slug}-utfordrende-atferd-2",
            ppt,
            A_UTFORDRENDE_ATFERD,
            T2,
            [SRC_SYNTHETIC],
            synthetic=True,
        )
        s.coverage(f"ppt-{m.slug}-spesialpedagogikk-2", ppt, A_SPESPED, T2, [SRC_SYNTHETIC], synthetic=True)

        # Kindergartens: municipal first, then private.
        for i in range(1, m.kindergartens + 1):
            private = i > m.kindergartens - m.private_kindergartens
            slug = f"{m.slug}-barnehage-{i:02d}"
            label = f"{m.name} barnehage {i:02d}"
            kg = s.node(
                s.unit(slug),
                LG.PrivateKindergarten if private else LG.MunicipalKindergarten,
                label,
                f"{m.name} kindergarten {i:02d}",
            )
            s.synthetic(kg)
            s.synthetic_org_number(kg)
            s.add(kg, LG.municipality, kommune)
            s.add(kg, LG.numberOfChildren, Literal(s.rng.randint(15, 95), datatype=XSD.nonNegativeInteger))
            add_unit_post(s, kg, slug, label, "kindergarten")
            if (m.number, i) == GJR_KG_WITHOUT_SUPPORT:
                s.add(lone_owner, LG.owns, kg)
                s.add(kg, SKOS.editorialNote, nb("Tilsiktet hull: ingen kobling til PPT eller barnevern."))
                continue
            if private:
                owner = owners[private_counter % len(owners)]
                private_counter += 1
                s.add(owner, LG.owns, kg)
                for partner in (ppt, barnevern):
                    s.add(owner, LG.partnersWith, partner)
            else:
                s.add(kommune, LG.owns, kg)
            s.add(ppt, LG.serves, kg)
            s.add(kg, LG.refersTo, ppt)
            s.add(kg, LG.reportsConcernTo, barnevern)

        # Schools: municipal primary schools, in one municipality the last one is a friskole.
        for i in range(1, m.schools + 1):
            free = m.number == GJR_FREE_SCHOOL_IN and i == m.schools
            if free:
                slug, label = f"{m.slug}-friskole-01", f"{m.name} friskole 01"
                school = s.node(s.unit(slug), LG.FreeSchool, label, f"{m.name} free school 01")
                s.add(school_owner, LG.owns, school)
                for partner in (ppt, barnevern):
                    s.add(school_owner, LG.partnersWith, partner)
                size = s.rng.randint(40, 120)
            else:
                slug, label = f"{m.slug}-skole-{i:02d}", f"{m.name} skole {i:02d}"
                school = s.node(s.unit(slug), LG.PrimarySchool, label, f"{m.name} school {i:02d}")
                s.add(kommune, LG.owns, school)
                size = s.rng.randint(45, 480)
            s.synthetic(school)
            s.synthetic_org_number(school)
            s.add(school, LG.municipality, kommune)
            s.add(school, LG.numberOfChildren, Literal(size, datatype=XSD.nonNegativeInteger))
            add_unit_post(s, school, slug, label, "school")
            s.add(skolehelse, LG.serves, school)
            s.add(school, LG.reportsConcernTo, barnevern)
            if (m.number, i) == GJR_SCHOOL_WITHOUT_PPT:
                s.add(school, SKOS.editorialNote, nb("Tilsiktet hull: ingen kobling til PPT."))
                continue
            s.add(ppt, LG.serves, school)
            s.add(school, LG.refersTo, ppt)

    # --- needs assessments, survey and plan ------------------------------------------------------
    na1 = s.node(
        s.assessment("kartlegging-2021-2022"),
        LG.NeedsAssessment,
        "Kartlegging 2021–2022",
        "Needs assessment 2021–2022",
        [SRC_G],
    )
    s.add(na1, SCHEMA.startDate, year(2021))
    s.add(na1, SCHEMA.endDate, year(2022))
    s.describe(
        na1,
        "Mål: skape forståelse og forankring for hva kompetanseløftet er; finne regionens og kommunenes "
        "ståsted og vekstpunkter i spesialpedagogikk og inkluderende praksis; finne regionens vei videre.",
        "Aims: build understanding and anchoring of what the programme is; find the region's and the "
        "municipalities' position and growth points in special education and inclusive practice; find "
        "the region's way forward.",
    )
    na2 = s.node(
        s.assessment("kartlegging-2022-2024"),
        LG.NeedsAssessment,
        "Videre kartlegging 2022–2024",
        "Continued needs assessment 2022–2024",
        [SRC_G],
    )
    s.add(na2, SCHEMA.startDate, year(2022))
    s.add(na2, SCHEMA.endDate, year(2024))
    s.note(
        na2,
        "Vår–høst 2022: videre kartlegging på ledernivå, forankring, survey og ny arbeidsgruppe; "
        "kartleggingen fortsetter på enhetsnivå.",
        "Spring–autumn 2022: further mapping at leader level, anchoring, a survey and a new working group; "
        "the mapping continues at unit level.",
    )
    survey = s.node(
        s.assessment("survey-host-2022"),
        LG.NeedsAssessment,
        "Survey høsten 2022",
        "Survey, autumn 2022",
        [SRC_G],
    )
    s.add(survey, SCHEMA.startDate, year(2022))
    s.add(survey, SCHEMA.endDate, year(2022))
    s.add(survey, DCTERMS.isPartOf, na2)
    s.describe(
        survey,
        "Tema: bakgrunnsspørsmål; samarbeid i laget rundt barn og unge med store sammensatte behov; "
        "samarbeid rundt mer vanlige utfordringer; skolen som lærende organisasjon; samarbeid med PPT.",
        "Themes: background; collaboration in the team around children and young people with major "
        "complex needs; collaboration on more common challenges; the school as a learning "
        "organisation; collaboration with PPT.",
    )
    for na in (na1, na2, survey):
        s.add(na, LG.partOfProgramme, prog)
        s.add(na, LG.assessedBy, coordinator)
        s.add(na, LG.assessedBy, UH_NTNU)
    findings = {slug: s.finding_node(na1, slug, areas, text_nb, text_en, SRC_G)
                for slug, areas, text_nb, text_en in GJR_FINDINGS}
    for slug, text_nb, text_en in GJR_RECOMMENDATION_FINDINGS:
        areas = [GJR_NEEDS[slug][0]] if slug in GJR_NEEDS else []
        findings[slug] = s.finding_node(na1, slug, areas, text_nb, text_en, SRC_G)
    s.add(findings["fortsette-kartleggingen"], RDFS.seeAlso, na2)
    needs: dict[str, URIRef] = {}
    for rank, (slug, (area, label_nb, label_en, groups)) in enumerate(GJR_NEEDS.items(), start=1):
        needs[slug] = s.need_node(na1, findings[slug], slug, area, label_nb, label_en, groups, SRC_G, rank)
        s.add(
            needs[slug],
            SKOS.editorialNote,
            nb("Prioriteten er rekkefølgen kilden lister funn og anbefalinger i; kilden rangerer dem ikke selv."),
        )
        for report in reports:
            s.add(report, LG.reportsNeed, needs[slug])

    plan = LGD["plan/gjovikregionen/kompetanseplan-2022-2025"]
    s.add(plan, RDF.type, PROV.Plan)
    s.add(plan, RDFS.label, nb("Kompetanseplan 2022–2025"))
    s.add(plan, RDFS.label, en("Competence plan 2022–2025"))
    s.add(plan, DCTERMS.source, nb(SRC_G))
    s.add(plan, DCTERMS.isPartOf, prog)
    s.add(plan, SCHEMA.startDate, year(2022))
    s.add(plan, SCHEMA.endDate, year(2025))
    s.describe(
        plan,
        "Regionalt målbilde og prosjektplan for videre kartlegging. Langsiktige mål: system, "
        "systemforståelse og kapasitet.",
        "Regional target picture and project plan for the continued mapping. Long-term goals: system, "
        "understanding of the system, and capacity.",
    )

    # --- a measure derived from the findings ----------------------------------------------------
    samskaping = s.node(
        s.measure("regional-samskaping"),
        LG.CompetenceMeasure,
        "Regional samskaping: samarbeid i laget rundt barnet på tvers av kommunene",
        "Regional co-creation: collaboration in the team around the child across municipalities",
        [SRC_G],
    )
    s.synthetic(samskaping)
    s.add(
        samskaping,
        SKOS.editorialNote,
        nb("Tiltaket er avledet av funnene og anbefalingene i kilden; navn, trinn og periode er modellert."),
    )
    s.add(samskaping, LG.partOfProgramme, prog)
    for a in (A_SAMARBEID, A_SAMMENSATTE, A_INKLUDERENDE, A_LEDELSE):
        s.add(samskaping, LG.area, a)
    s.add(samskaping, LG.measureKind, MK_COLLECTIVE)
    # Every need but the one on special versus general education (intended gap no-unit-coverage).
    for slug, need in needs.items():
        if slug != "spesialpedagogisk-allmennpedagogisk":
            s.add(samskaping, LG.addressesNeed, need)
    for t in (T1, T2):
        s.add(samskaping, LG.tier, t)
    for tg in (TG_LEADERS, TG_PPT, TG_KINDERGARTEN_STAFF, TG_SCHOOL_STAFF):
        s.add(samskaping, LG.targetGroup, tg)
    s.add(samskaping, SCHEMA.startDate, year(2022))
    s.add(samskaping, SCHEMA.endDate, year(2025))
    s.add(samskaping, LG.status, ST_ONGOING)
    s.add(samskaping, LG.universityPartner, UH_NTNU)
    s.add(samskaping, LG.provider, UH_NTNU)
    for p in ppts:
        s.add(samskaping, LG.participant, p)

    # --- the evaluation the source announces for spring 2023 («Neste steg») ----------------------
    evaluation = s.node(
        s.grant("evaluation", "regional-samskaping-2023"),
        LG.Evaluation,
        "Evaluering våren 2023: hva har vi fått til?",
        "Evaluation, spring 2023: what have we achieved?",
        [SRC_G],
    )
    s.add(evaluation, LG.evaluates, samskaping)
    s.add(evaluation, PROV.wasAssociatedWith, coordinator)
    s.add(evaluation, PROV.wasAssociatedWith, UH_NTNU)
    s.add(evaluation, SCHEMA.startDate, year(2023))
    for goal_nb, goal_en in (("System", "System"), ("Systemforståelse", "Understanding of the system"),
                             ("Kapasitet", "Capacity")):
        s.add(evaluation, LG.goal, nb(f"{goal_nb} (langsiktig mål i kompetanseplanen 2022–2025)"))
        s.add(evaluation, LG.goal, en(f"{goal_en} (long-term goal of the competence plan 2022–2025)"))
    for q_nb, q_en in (("Hva har vært utfordrende?", "What has been challenging?"),
                       ("Hva har vi fått til?", "What have we achieved?"), ("Råd på veien?", "Advice for the way on?")):
        s.add(evaluation, LG.indicator, nb(q_nb))
        s.add(evaluation, LG.indicator, en(q_en))
    s.add(
        evaluation,
        SKOS.editorialNote,
        nb("Kilden varsler spørsmålene for våren 2023, men ikke svarene; derfor har evalueringen ingen lg:outcome."),
    )

    # --- coverage --------------------------------------------------------------------------------
    s.coverage("bup-gjovik-psykiske-helseplager-3", bup, A_PSYKISK, T3, [SRC_HF_SI])
    s.coverage("bup-gjovik-nevroutviklingsforstyrrelser-3", bup, A_NEVRO, T3, [SRC_HF_SI])
    add_reference_coverage(s)
    return s


# ===================================================================================================
# Output
# ===================================================================================================
# Responsibilities of the actors, written out as their own block at the end of each file (issue 11 § 3)
# ===================================================================================================
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
RESPONSIBILITY_RULE = (
    "# " + "-" * 99 + "\n"
    "# Responsibilities (lg:hasResponsibility) of the actors this setup describes: its own units, services\n"
    "# and posts and the municipalities it describes. Written out from the class defaults in\n"
    "# ontology/laget.ttl (\"Responsibilities by class\"), so that they show without a reasoner; the legal\n"
    "# bases are in ontology/responsibilities.ttl and ontology/legal-bases.ttl.\n"
    "# " + "-" * 99 + "\n"
)
PREFIX_LINE = re.compile(r"^@prefix ([A-Za-z][\w-]*): <([^>]+)> \.$", re.MULTILINE)
SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


def class_responsibilities() -> dict[URIRef, set[URIRef]]:
    """Each class of the ontology -> the responsibilities its members hold, inherited down rdfs:subClassOf:
    the owl:hasValue restrictions on lg:hasResponsibility, read from ontology/laget.ttl (one source)."""
    onto = Graph().parse(ONTOLOGY_DIR / "laget.ttl", format="turtle")
    direct: dict[URIRef, set[URIRef]] = {}
    for cls, restriction in onto.subject_objects(RDFS.subClassOf):
        if (restriction, OWL.onProperty, LG.hasResponsibility) in onto:
            direct.setdefault(cls, set()).update(onto.objects(restriction, OWL.hasValue))  # type: ignore[arg-type]
    result: dict[URIRef, set[URIRef]] = {}
    for cls in set(onto.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            found: set[URIRef] = set()
            for sup in onto.transitive_objects(cls, RDFS.subClassOf):
                found |= direct.get(sup, set())  # type: ignore[arg-type]
            if found:
                result[cls] = found
    return result


def actor_responsibilities(s: Setup, defaults: dict[URIRef, set[URIRef]]) -> dict[URIRef, set[URIRef]]:
    """The setup's own typed actors and the municipalities it describes, each with its class defaults;
    an actor that owns a kindergarten, school or SFO is an lg:Owner (the defined class)."""
    units = {u for c in (LG.Kindergarten, LG.MunicipalKindergarten, LG.PrivateKindergarten, LG.School,
                         LG.PrimarySchool, LG.UpperSecondarySchool, LG.FreeSchool, LG.AfterSchoolProgramme)
             for u in s.g.subjects(RDF.type, c)}
    actors: dict[URIRef, set[URIRef]] = {}
    for subject in set(s.g.subjects()):
        if not isinstance(subject, URIRef):
            continue
        classes = set(s.g.objects(subject, RDF.type))
        if (None, LG.describesMunicipality, subject) in s.g:
            classes.add(LG.Municipality)
        if any(o in units for o in s.g.objects(subject, LG.owns)):
            classes.add(LG.Owner)
        held = set().union(*(defaults.get(c, set()) for c in classes))  # type: ignore[arg-type]
        if held:
            actors[subject] = held
    return actors


def with_responsibilities(text: str, s: Setup, defaults: dict[URIRef, set[URIRef]]) -> str:
    """``text`` (a serialized setup) with the responsibility block appended, in the file's own prefixes."""
    prefixes = sorted(((ns, p) for p, ns in PREFIX_LINE.findall(text)), key=lambda x: -len(x[0]))
    prefixes.append((str(RESP), "resp"))

    def name(iri: URIRef) -> str:
        for ns, prefix in prefixes:
            if str(iri).startswith(ns) and SAFE_LOCAL.match(str(iri)[len(ns):]):
                return f"{prefix}:{str(iri)[len(ns):]}"
        return f"<{iri}>"

    lines = [RESPONSIBILITY_RULE + f"@prefix resp: <{RESP}> ."]
    for actor, held in sorted(actor_responsibilities(s, defaults).items()):
        objects = " ,\n        ".join(name(r) for r in sorted(held))
        lines.append(f"{name(actor)} lg:hasResponsibility {objects} .")
    return text + "\n" + "\n\n".join(lines) + "\n"


# ===================================================================================================
BAERUM_TITLE = "Bærum kommune (3201): Alle på laget 2021–2025 - example setup for lgg:setup/3201"
GJR_TITLE = "Gjøvikregionen: Kompetanseløftet 2021–2025 - example setup for lgg:setup/gjovikregionen"


def render_all() -> dict[str, str]:
    """File name -> Turtle text of every example; pure, so tests can compare without writing."""
    baerum = build_baerum()
    gjr = build_gjovikregionen()
    defaults = class_responsibilities()
    return {
        "baerum.ttl": with_responsibilities(baerum.serialize(
            header_block(BAERUM_TITLE, [SRC_B_BRIEF, SRC_B_PLAN, SRC_HF_VV, SRC_STATPED, SRC_RVTS], BAERUM_GAPS)
        ), baerum, defaults),
        "gjovikregionen.ttl": with_responsibilities(gjr.serialize(
            header_block(GJR_TITLE, [SRC_G, SRC_UDIR, SRC_HF_SI, SRC_STATPED, SRC_RVTS], GJR_GAPS)
        ), gjr, defaults),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-o",
        "--out-dir",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "data" / "examples",
        help="directory to write baerum.ttl and gjovikregionen.ttl into",
    )
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in render_all().items():
        with open(args.out_dir / name, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        print(f"wrote {args.out_dir / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
