"""Deterministic synthetic setups for every municipality (``laget synth``).

The real names and numbers come from the reference data; everything else — units, services, posts,
programmes, coverage — is generated with a seeded random generator, in the order of the real counts
(about 5,500 kindergartens, 2,800 schools, PPT offices shared between small municipalities), and
every generated node is flagged ``lg:synthetic true``. ``defect_rate`` plants known faults and returns
their list, so a test can assert that validation finds exactly them.

No person is ever generated: posts are positions, and unit sizes are aggregate counts of at least 6.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .identifiers import mod11_check_digit
from .namespaces import AREA, LG, LGD, MK, ORG, PREFIXES, SCHEMA, TG, TIER
from .resources import reference_files

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCT_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
DCAT_DATASET = "http://www.w3.org/ns/dcat#Dataset"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCE_NOTE = "Syntetisk: generert av laget synth (seed {seed})"

#: National totals the generator aims at (SSB/Udir orders of magnitude, see data/README).
KINDERGARTENS = 5500
SCHOOLS = 2800
PRIVATE_KINDERGARTEN_SHARE = 0.51
FREE_SCHOOL_SHARE = 0.10
#: Municipalities smaller than this weight share a PPT office with neighbours (inter-municipal).
SHARED_PPT_WEIGHT = 0.55

#: Largest municipalities by population, as weight multipliers (so Oslo gets many units).
LARGE = {"0301": 40.0, "4601": 16.0, "5001": 12.0, "1103": 8.0, "3201": 7.0, "4204": 6.0, "3301": 5.5,
         "3203": 5.0, "3205": 5.0, "3107": 4.5, "1108": 4.5, "5501": 4.0}

NEED_AREAS = ["utfordrende-atferd", "traumer", "sprak", "radgiverkompetanse", "digitale-verktoy", "autisme",
              "adhd", "dysleksi", "spesialpedagogikk", "inkluderende-praksis", "sosiale-emosjonelle-vansker"]
STATPED_AREAS = ["autisme", "horselshemming", "synshemming", "sammensatte-laerevansker", "ask", "ervervet-hjerneskade"]

DEFECT_KINDS = ("missing-ppt-link", "missing-owner", "bad-organisation-number", "uncovered-need",
                "small-child-count", "no-child-coordinator")


@dataclass(frozen=True)
class Municipality:
    number: str
    name: str
    county: str


@dataclass(frozen=True)
class Defect:
    """One planted fault: its kind, the municipality and the node a validator should report (focus),
    with the node it names as the value where that is another one (a unit linked to no PPT is the
    municipality's finding, the unit its value)."""

    kind: str
    municipality: str
    focus: str
    value: str = ""


@dataclass
class SynthResult:
    files: list[Path] = field(default_factory=list)
    defects: list[Defect] = field(default_factory=list)
    triples: int = 0
    units: dict[str, int] = field(default_factory=dict)


def load_municipalities() -> list[Municipality]:
    """Municipalities with their county numbers, read from the bundled reference data."""
    county_pred, number_pred = LG.county, LG.municipalityNumber
    numbers: dict[str, str] = {}
    names: dict[str, str] = {}
    counties: dict[str, str] = {}
    for path in reference_files():
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            s, p = t.subject.value, t.predicate.value
            if p == str(number_pred):
                numbers[s] = t.object.value
            elif p == str(county_pred):
                counties[s] = t.object.value.rsplit("/", 1)[-1]
            elif p == str(RDFS_LABEL.value) and getattr(t.object, "language", None) == "nb":
                names[s] = t.object.value
    return sorted((Municipality(numbers[s], names.get(s, numbers[s]), counties[s]) for s in numbers
                   if s in counties), key=lambda m: m.number)


def organisation_number(serial: int, valid: bool = True) -> str:
    """A 9-digit number in the 3xxxxxxxx range with a correct (or deliberately wrong) mod-11 digit."""
    while (check := mod11_check_digit(base := f"3{serial:07d}"[-8:])) is None:
        serial += 1
    digit = check if valid else (check + 1) % 10
    return base + str(digit)


class Writer:
    """Collects triples for one municipality with small helpers, flagging generated nodes."""

    def __init__(self, seed: int) -> None:
        self.triples: list[ox.Triple] = []
        self.source = ox.Literal(SOURCE_NOTE.format(seed=seed), language="nb")

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def node(self, iri: str, cls: str, label_nb: str, label_en: str | None = None) -> ox.NamedNode:
        n = ox.NamedNode(iri)
        self.triples += [ox.Triple(n, RDF_TYPE, ox.NamedNode(cls)),
                         ox.Triple(n, RDFS_LABEL, ox.Literal(label_nb, language="nb")),
                         ox.Triple(n, ox.NamedNode(str(LG.synthetic)),
                                   ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))),
                         ox.Triple(n, DCT_SOURCE, self.source)]
        if label_en and label_en != label_nb:
            self.triples.append(ox.Triple(n, RDFS_LABEL, ox.Literal(label_en, language="en")))
        return n

    def literal(self, value: object, datatype: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def allocate(total: int, weights: dict[str, float], minimum: int) -> dict[str, int]:
    """Spread ``total`` over keys in proportion to weights, each at least ``minimum`` (largest remainder)."""
    whole = sum(weights.values())
    raw = {k: max(minimum, total * w / whole) for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[: max(0, total - sum(counts.values()))]:
        counts[k] += 1
    return counts


def ppt_groups(municipalities: list[Municipality], weights: dict[str, float]) -> dict[str, str]:
    """Map each municipality to the municipality hosting its PPT: small neighbours in a county share one."""
    host: dict[str, str] = {}
    by_county: dict[str, list[Municipality]] = {}
    for m in municipalities:
        by_county.setdefault(m.county, []).append(m)
    for members in by_county.values():
        group: list[Municipality] = []
        for m in members:
            if weights[m.number] >= SHARED_PPT_WEIGHT:
                host[m.number] = m.number
                continue
            group.append(m)
            if len(group) == 3:
                host.update({g.number: group[0].number for g in group})
                group = []
        if group:
            host.update({g.number: group[0].number for g in group})
    return host


def scale_filter(scale: str, county: str | None, region: list[str] | None) -> Callable[[Municipality], bool]:
    if scale == "national":
        return lambda m: True
    if scale == "county":
        if not county:
            raise ValueError("--scale county needs --county NN")
        return lambda m: m.county == county
    if scale == "region":
        if not region:
            raise ValueError("--scale region needs --municipalities NNNN,NNNN,…")
        return lambda m: m.number in region
    raise ValueError(f"unknown scale {scale!r}: use national, county or region")


def generate(
    out_dir: Path,
    scale: str = "national",
    seed: int = 1,
    defect_rate: float = 0.0,
    county: str | None = None,
    region: list[str] | None = None,
    progress: Callable[[Municipality], None] | None = None,
) -> SynthResult:
    """Write one Turtle file per municipality into ``out_dir/setups`` and ``defects.json``."""
    everyone = load_municipalities()
    rng = random.Random(seed)
    # Weights for the whole country first, so a county run yields the same units as the national one.
    weights = {m.number: LARGE.get(m.number, math.exp(rng.gauss(0, 0.8))) for m in everyone}
    kindergartens = allocate(KINDERGARTENS, weights, 2)
    schools = allocate(SCHOOLS, weights, 1)
    hosts = ppt_groups(everyone, weights)
    names = {m.number: m.name for m in everyone}
    chosen = [m for m in everyone if scale_filter(scale, county, region)(m)]
    if not chosen:
        raise ValueError("no municipality matches the chosen scale")
    setups = out_dir / "setups"
    setups.mkdir(parents=True, exist_ok=True)
    result = SynthResult()
    for m in chosen:
        mrng = random.Random(f"{seed}-{m.number}")
        w = Writer(seed)
        defects = _municipality(w, m, kindergartens[m.number], schools[m.number], hosts, names, mrng, defect_rate)
        path = setups / f"{m.number}.ttl"
        with path.open("wb") as fh:
            ox.serialize(w.triples, fh, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        result.files.append(path)
        result.defects += defects
        result.triples += len(w.triples)
        result.units[m.number] = kindergartens[m.number] + schools[m.number]
        if progress:
            progress(m)
    trusts = setups / "helseforetak.ttl"
    _health_trusts(trusts, sorted({m.county for m in chosen}), seed)
    result.files.append(trusts)
    (out_dir / "defects.json").write_text(json.dumps(
        {"seed": seed, "scale": scale, "defect_rate": defect_rate,
         "defects": [asdict(d) for d in result.defects]}, indent=1, ensure_ascii=False), encoding="utf-8")
    return result


def _municipality(w: Writer, m: Municipality, n_kg: int, n_school: int, hosts: dict[str, str],
                  names: dict[str, str], rng: random.Random, rate: float) -> list[Defect]:
    """All nodes of one municipality's setup; returns the defects planted in it."""
    defects: list[Defect] = []

    def plant(kind: str) -> bool:
        return rate > 0 and rng.random() < rate

    base = f"{LGD}unit/{m.number}/"
    kommune = ox.NamedNode(f"{LGD}kommune/{m.number}")
    serial = int(m.number) * 1000
    # The setup says which municipality it describes: the shapes check that municipality's services.
    dataset = w.node(f"{LGD}dataset/{m.number}", DCAT_DATASET, f"Syntetisk oppsett for {m.name}",
                     f"Synthetic setup for {m.name}")
    w.add(dataset, str(LG.describesMunicipality), kommune)

    def orgnr(node: ox.NamedNode) -> None:
        nonlocal serial
        serial += 1
        valid = True
        if plant("bad-organisation-number"):
            valid = False
            defects.append(Defect("bad-organisation-number", m.number, node.value))
        w.add(node, str(LG.organisationNumber), ox.Literal(organisation_number(serial, valid)))

    def in_municipality(node: ox.NamedNode) -> ox.NamedNode:
        w.add(node, str(LG.municipality), kommune)
        return node

    host = hosts[m.number]
    ppt_iri = f"{LGD}unit/{host}/ppt"
    shared = sum(1 for v in hosts.values() if v == host) > 1
    ppt = ox.NamedNode(ppt_iri)
    cls = LG.InterMunicipalPPT if shared else LG.PPT
    host_name = names[host]
    # Every setup declares its PPT, so it validates on its own; the host's file alone carries the
    # PPT's identifiers and home municipality, so faults in them are reported once.
    w.node(ppt_iri, str(cls), f"PPT {host_name}" + (" (interkommunal)" if shared else ""),
           f"Educational-psychological service {host_name}" + (" (inter-municipal)" if shared else ""))
    if host == m.number:
        in_municipality(ppt)
        orgnr(ppt)
        statped_region = ox.NamedNode(f"{LGD}statped/{_statped_region(m.county)}")
        w.add(ppt, str(LG.refersTo), statped_region)
    w.add(ppt, str(SCHEMA.areaServed), kommune)

    services = {}
    for slug, cls, nb, en in (("barnevern", LG.ChildWelfareService, "Barneverntjenesten", "Child welfare service"),
                              ("helsestasjon", LG.HealthStation, "Helsestasjon", "Child health clinic"),
                              ("skolehelsetjeneste", LG.SchoolHealthService, "Skolehelsetjenesten",
                               "School health service"),
                              ("koordinerende-enhet", LG.CoordinatingUnit, "Koordinerende enhet", "Coordinating unit")):
        services[slug] = in_municipality(w.node(base + slug, str(cls), f"{nb} i {m.name}", f"{en}, {m.name}"))
        orgnr(services[slug])
    bup = ox.NamedNode(f"{LGD}unit/fylke-{m.county}/bup")
    w.add(services["helsestasjon"], str(LG.refersTo), bup)
    if plant("no-child-coordinator"):
        defects.append(Defect("no-child-coordinator", m.number, kommune.value))
    else:
        coordinator = w.node(f"{LGD}post/{m.number}/barnekoordinator", str(LG.ChildCoordinator),
                             f"Barnekoordinator, {m.name}", f"Child coordinator, {m.name}")
        w.add(coordinator, str(ORG.postIn), services["koordinerende-enhet"])

    units: list[ox.NamedNode] = []
    private_owners = [w.node(f"{LGD}owner/{m.number}/privat-{i}", str(LG.PrivateOwner),
                             f"Privat barnehageeier {i} i {m.name}", f"Private kindergarten owner {i}, {m.name}")
                      for i in range(1, 1 + max(1, n_kg // 6))]
    for owner in private_owners:
        orgnr(owner)
    for i in range(1, n_kg + 1):
        private = rng.random() < PRIVATE_KINDERGARTEN_SHARE
        cls = LG.PrivateKindergarten if private else LG.MunicipalKindergarten
        unit = in_municipality(w.node(f"{base}barnehage-{i:03d}", str(cls), f"{m.name} barnehage {i:03d}",
                                      f"{m.name} kindergarten {i:03d}"))
        owner = private_owners[i % len(private_owners)] if private else kommune
        _unit_links(w, unit, owner, ppt, services, rng, plant, defects, m.number, orgnr)
        if private:
            w.add(unit, str(LG.partnersWith), ppt)
        units.append(unit)
    for i in range(1, n_school + 1):
        free = rng.random() < FREE_SCHOOL_SHARE
        cls = LG.FreeSchool if free else LG.PrimarySchool
        unit = in_municipality(w.node(f"{base}skole-{i:03d}", str(cls), f"{m.name} skole {i:03d}",
                                      f"{m.name} school {i:03d}"))
        owner = (w.node(f"{LGD}owner/{m.number}/friskole-{i:03d}", str(LG.PrivateOwner),
                        f"Stiftelsen {m.name} friskole {i:03d}", f"Foundation {m.name} free school {i:03d}")
                 if free else kommune)
        if free:
            orgnr(owner)
            w.add(unit, str(LG.partnersWith), ppt)
        _unit_links(w, unit, owner, ppt, services, rng, plant, defects, m.number, orgnr)
        w.add(services["skolehelsetjeneste"], str(LG.serves), unit)
        units.append(unit)

    _programme(w, m, kommune, ppt, units, rng, plant, defects)
    return defects


def _unit_links(w: Writer, unit: ox.NamedNode, owner: ox.NamedNode, ppt: ox.NamedNode,
                services: dict[str, ox.NamedNode], rng: random.Random, plant: Callable[[str], bool],
                defects: list[Defect], number: str, orgnr: Callable[[ox.NamedNode], None]) -> None:
    """Owner, PPT, child welfare and health links of one kindergarten or school, plus its size."""
    orgnr(unit)
    if plant("missing-owner"):
        defects.append(Defect("missing-owner", number, unit.value))
    else:
        w.add(owner, str(LG.owns), unit)
    if plant("missing-ppt-link"):
        defects.append(Defect("missing-ppt-link", number, f"{LGD}kommune/{number}", unit.value))
    else:
        w.add(ppt, str(LG.serves), unit)
        w.add(unit, str(LG.refersTo), ppt)
    w.add(unit, str(LG.reportsConcernTo), services["barnevern"])
    size = rng.randint(2, 5) if plant("small-child-count") else rng.randint(18, 420)
    if size < 6:
        defects.append(Defect("small-child-count", number, unit.value))
    w.add(unit, str(LG.numberOfChildren), w.literal(size, "nonNegativeInteger"))


def _programme(w: Writer, m: Municipality, kommune: ox.NamedNode, ppt: ox.NamedNode, units: list[ox.NamedNode],
               rng: random.Random, plant: Callable[[str], bool], defects: list[Defect]) -> None:
    """The municipality's programme: bodies, needs assessment, measures and who covers what."""
    base = f"{LGD}programme/{m.number}/"
    prog = w.node(base + "kompetanseloft", str(LG.CompetenceProgramme), f"Kompetanseløftet i {m.name}",
                  f"Competence programme, {m.name}")
    w.add(prog, str(LG.programmeOwner), kommune)
    w.add(prog, str(LG.coordinatedBy), ppt)
    university = ox.NamedNode(f"{LGD}uh/{_university(m.county)}")
    w.add(prog, str(LG.universityPartner), university)
    w.add(prog, str(SCHEMA.startDate), w.literal(2021, "gYear"))
    w.add(prog, str(SCHEMA.endDate), w.literal(2025, "gYear"))
    # The grant process: the owner's needs report to its county's forum, the forum's decision, the
    # County Governor's allocation (no amount: the synthetic data invents none).
    forum = ox.NamedNode(f"{LGD}samarbeidsforum/{m.county}")
    report = w.node(base + "behovsmelding", str(LG.NeedsReport), f"Melding av kompetansebehov, {m.name}",
                    f"Needs report, {m.name}")
    w.add(report, str(LG.submittedBy), kommune)
    w.add(report, str(LG.submittedTo), forum)
    w.add(report, str(LG.year), w.literal(2022, "gYear"))
    w.add(report, str(LG.deadline), w.literal("2022-02", "gYearMonth"))
    decision = w.node(base + "prioritering", str(LG.PriorityDecision), f"Prioritering av tiltak, {m.name}",
                      f"Priority decision, {m.name}")
    w.add(decision, str(LG.decidedBy), forum)
    w.add(decision, str(LG.decisionOn), report)
    w.add(decision, str(LG.prioritises), prog)
    allocation = w.node(base + "tildeling", str(LG.Allocation), f"Tildeling, {m.name}", f"Allocation, {m.name}")
    w.add(allocation, str(LG.allocatedBy), ox.NamedNode(f"{LGD}statsforvalter/{_governor(m.county)}"))
    w.add(allocation, str(LG.recipient), kommune)
    w.add(allocation, str(LG.followsDecision), decision)
    w.add(allocation, str(LG.fundsActivity), prog)
    w.add(allocation, str(LG.year), w.literal(2022, "gYear"))
    for prop, cls, nb, en in ((LG.steeringGroup, LG.SteeringGroup, "Styringsgruppe", "Steering group"),
                              (LG.workingGroup, LG.WorkingGroup, "Arbeidsgruppe", "Working group"),
                              (LG.referenceGroup, LG.ReferenceGroup, "Referansegruppe", "Reference group")):
        body = w.node(base + nb.lower(), str(cls), f"{nb}, {m.name}", f"{en}, {m.name}")
        w.add(prog, str(prop), body)
        w.add(body, str(LG.municipality), kommune)
    coordinator = w.node(f"{LGD}post/{m.number}/koordinator", str(LG.ProgrammeCoordinator),
                         f"Koordinator for kompetanseløftet, {m.name}", f"Programme coordinator, {m.name}")
    w.add(coordinator, str(ORG.postIn), ppt)
    w.add(prog, str(LG.programmeCoordinator), coordinator)

    needs = rng.sample(NEED_AREAS, 3)
    assessment = w.node(base + "kartlegging", str(LG.NeedsAssessment), f"Kartlegging av kompetansebehov, {m.name}",
                        f"Needs assessment, {m.name}")
    w.add(assessment, str(LG.partOfProgramme), prog)
    w.add(assessment, str(LG.assessedBy), ppt)
    w.add(assessment, str(LG.assessedBy), university)  # made with the university (AssessmentInvolvesUniversity)
    need_nodes = []
    for k, area in enumerate(needs):
        need = w.node(f"{base}behov-{area}", str(LG.Need), f"Behov: {area}, {m.name}", f"Need: {area}, {m.name}")
        w.add(assessment, str(LG.identifiesNeed), need)
        w.add(need, str(LG.area), ox.NamedNode(str(AREA[area])))
        w.add(need, str(LG.inSetup), ox.NamedNode(f"{LGD}dataset/{m.number}"))
        w.add(need, str(LG.priority), w.literal(k + 1, "positiveInteger"))
        w.add(need, str(LG.targetGroup), ox.NamedNode(str(TG["hele-laget"])))
        w.add(report, str(LG.reportsNeed), need)
        need_nodes.append(need)

    uncovered = needs[-1] if plant("uncovered-need") else None
    if uncovered:
        defects.append(Defect("uncovered-need", m.number, need_nodes[-1].value))
    for k, area in enumerate(needs):
        if area == uncovered:  # no measure addresses it and nobody covers it: NeedCoveredAtTier1/2 find it
            continue
        measure = w.node(f"{base}tiltak-{k + 1}", str(LG.CompetenceMeasure), f"Kompetansetiltak {k + 1}, {m.name}",
                         f"Competence measure {k + 1}, {m.name}")
        w.add(measure, str(LG.partOfProgramme), prog)
        w.add(measure, str(LG.area), ox.NamedNode(str(AREA[area])))
        w.add(measure, str(LG.tier), ox.NamedNode(str(TIER["1"])))
        w.add(measure, str(LG.targetGroup), ox.NamedNode(str(TG["hele-laget"])))
        w.add(measure, str(SCHEMA.startDate), w.literal(2022 + k, "gYear"))
        w.add(measure, str(SCHEMA.endDate), w.literal(2023 + k, "gYear"))
        w.add(measure, str(LG.provider), ppt)
        w.add(measure, str(LG.measureKind), ox.NamedNode(str(MK["kollektiv-etterutdanning"])))
        w.add(measure, str(LG.addressesNeed), need_nodes[k])
        if k == 0:  # tier 1 means everyone: every unit takes part (needs[0] is never the uncovered need)
            for unit in units:
                w.add(measure, str(LG.participant), unit)
        for tier, actors in (("1", units[:: max(1, len(units) // 5)]), ("2", [ppt])):
            for actor in actors:
                _coverage(w, actor, area, tier, m.number)
    # Complex needs: PPT at tier 2, with Statped (reached through PPT) at tier 3.
    for area in STATPED_AREAS[:2]:
        if area != uncovered:
            _coverage(w, ppt, area, "2", m.number)
        _coverage(w, ox.NamedNode(f"{LGD}statped/{_statped_region(m.county)}"), area, "3", m.number)


def _coverage(w: Writer, actor: ox.NamedNode, area: str, tier: str, scope: str) -> None:
    """A qualified "actor covers area at tier" node, named within the municipality's setup."""
    slug = actor.value.replace(str(LGD), "").replace("/", "-")
    node = ox.NamedNode(f"{LGD}coverage/{scope}/{slug}-{area}-{tier}")
    w.add(node, str(RDF_TYPE.value), ox.NamedNode(str(LG.CompetenceCoverage)))
    w.add(node, str(LG.coveringActor), actor)
    w.add(actor, str(LG.hasCoverage), node)
    w.add(node, str(LG.area), ox.NamedNode(str(AREA[area])))
    w.add(node, str(LG.tier), ox.NamedNode(str(TIER[tier])))
    w.add(node, str(LG.synthetic), w.literal("true", "boolean"))
    # The setup marker: in a county read in one run, a need counts only its own team's coverage.
    w.add(node, str(LG.inSetup), ox.NamedNode(f"{LGD}dataset/{scope}"))


def _health_trusts(path: Path, counties: list[str], seed: int) -> None:
    """One synthetic health trust with a BUP per county (real trusts do not follow county lines)."""
    w = Writer(seed)
    for county in counties:
        trust = w.node(f"{LGD}helseforetak/fylke-{county}", str(LG.HealthTrust), f"Helseforetak for fylke {county}",
                       f"Health trust for county {county}")
        bup = w.node(f"{LGD}unit/fylke-{county}/bup", str(LG.CAMHS), f"BUP, fylke {county}",
                     f"Child and adolescent mental health service, county {county}")
        w.add(bup, str(ORG.subOrganizationOf), trust)
        w.add(bup, str(LG.refersTo), ox.NamedNode(f"{LGD}statped/{_statped_region(county)}"))
        w.add(bup, str(LG.coversCounty), ox.NamedNode(f"{LGD}fylke/{county}"))
    with path.open("wb") as fh:
        ox.serialize(w.triples, fh, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _statped_region(county: str) -> str:
    return {"18": "nord", "55": "nord", "56": "nord", "50": "midt", "15": "midt", "11": "vest",
            "46": "vest"}.get(county, "sorost")


def _university(county: str) -> str:
    return {"03": "oslomet", "31": "hiof", "32": "oslomet", "33": "usn", "34": "inn", "39": "usn", "40": "usn",
            "42": "uia", "11": "uis", "46": "hvl", "15": "hivolda", "50": "ntnu", "18": "nord", "55": "uit",
            "56": "uit"}.get(county, "oslomet")



def _governor(county: str) -> str:
    """The statsforvalter office whose area the county lies in (data/reference/state.ttl, lg:coversCounty)."""
    return {"03": "ostfold-buskerud-oslo-akershus", "31": "ostfold-buskerud-oslo-akershus",
            "32": "ostfold-buskerud-oslo-akershus", "33": "ostfold-buskerud-oslo-akershus", "11": "rogaland",
            "15": "more-og-romsdal", "18": "nordland", "34": "innlandet", "39": "vestfold-og-telemark",
            "40": "vestfold-og-telemark", "42": "agder", "46": "vestland", "50": "trondelag",
            "55": "troms-og-finnmark", "56": "troms-og-finnmark"}[county]
