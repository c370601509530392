"""Checks on the Norwegian reference data and the SKOS concept schemes.

The data are what every setup links to (municipality numbers, counties, state actors), so errors here
spread everywhere: counts, identifiers, official names and the concept hierarchies are checked against
independent expectations, and the generated files must be exactly what the conversion script makes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from laget_graph.identifiers import is_valid_organisation_number

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "data" / "reference"
ONTOLOGY = REPO / "ontology"
SCRIPT = REPO / "scripts" / "build_reference.py"
# The developer's shared folder lies beside the clone (CI lays it there too); users do not have it.
SOURCE_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "kommuner-2024.csv"

LG = Namespace("https://w3id.org/laget/def#")
LGD = Namespace("https://w3id.org/laget/id/")

GENERATED = ("counties-municipalities.ttl", "state.ttl")
CONCEPT_FILES = ("areas.ttl", "tiers.ttl", "target-groups.ttl", "statuses.ttl", "responsibilities.ttl",
                 "measure-kinds.ttl")

# Municipalities with official parallel names: number -> {language tag: name}.
PARALLEL_NAMES = {
    "1826": {"nb": "Hattfjelldal", "sma": "Aarborte"},
    "1875": {"nb": "Hamarøy", "smj": "Hábmer"},
    "5041": {"nb": "Snåsa", "sma": "Snåase"},
    "5043": {"nb": "Røyrvik", "sma": "Raarvihke"},
    "5512": {"nb": "Tjeldsund", "se": "Dielddanuorri"},
    "5518": {"nb": "Lavangen", "se": "Loabák"},
    "5540": {"nb": "Kåfjord", "se": "Gáivuotna", "fkv": "Kaivuono"},
    "5610": {"nb": "Karasjok", "se": "Kárášjohka"},
    "5612": {"nb": "Kautokeino", "se": "Guovdageaidnu"},
    "5628": {"nb": "Tana", "se": "Deatnu"},
    "5636": {"nb": "Nesseby", "se": "Unjárga"},
}

COUNTY_NUMBERS = {"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"}


def parse(*paths: Path) -> Graph:
    g = Graph()
    for path in paths:
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="module")
def places() -> Graph:
    return parse(REFERENCE / "counties-municipalities.ttl")


@pytest.fixture(scope="module")
def state() -> Graph:
    return parse(REFERENCE / "state.ttl")


@pytest.fixture(scope="module")
def reference() -> Graph:
    return parse(*(REFERENCE / name for name in GENERATED))


def test_357_municipalities_with_unique_four_digit_numbers(places: Graph) -> None:
    municipalities = set(places.subjects(RDF.type, LG.Municipality))
    assert len(municipalities) == 357
    numbers = [str(places.value(m, LG.municipalityNumber)) for m in municipalities]
    assert len(set(numbers)) == 357
    assert all(len(n) == 4 and n.isdigit() for n in numbers)
    for m in municipalities:
        assert m == LGD[f"kommune/{places.value(m, LG.municipalityNumber)}"]


def test_15_counties(places: Graph) -> None:
    counties = set(places.subjects(RDF.type, LG.County))
    assert len(counties) == 15
    assert {str(places.value(c, LG.countyNumber)) for c in counties} == COUNTY_NUMBERS
    for c in counties:
        assert c == LGD[f"fylke/{places.value(c, LG.countyNumber)}"]
        assert any(label.language == "nb" for label in places.objects(c, RDFS.label))


def test_every_county_has_a_county_authority(places: Graph) -> None:
    for c in places.subjects(RDF.type, LG.County):
        authorities = list(places.objects(c, LG.countyAuthority))
        assert len(authorities) == 1, c
        assert (authorities[0], RDF.type, LG.CountyAuthority) in places
        labels = {str(lbl) for lbl in places.objects(authorities[0], RDFS.label) if lbl.language == "nb"}
        assert labels, authorities[0]
    # Oslo has no separate county authority: Oslo kommune carries its tasks.
    assert places.value(LGD["fylke/03"], LG.countyAuthority) == LGD["kommune/0301"]
    assert places.value(LGD["fylke/34"], LG.countyAuthority) == LGD["fylkeskommune/34"]
    assert Literal("Innlandet fylkeskommune", lang="nb") in set(places.objects(LGD["fylkeskommune/34"], RDFS.label))


def test_municipality_numbers_start_with_their_county_number(places: Graph) -> None:
    for m in places.subjects(RDF.type, LG.Municipality):
        counties = list(places.objects(m, LG.county))
        assert len(counties) == 1, m
        county_number = str(places.value(counties[0], LG.countyNumber))
        assert str(places.value(m, LG.municipalityNumber)).startswith(county_number), m


def test_every_municipality_has_exactly_one_norwegian_label(places: Graph) -> None:
    for m in places.subjects(RDF.type, LG.Municipality):
        assert len([lbl for lbl in places.objects(m, RDFS.label) if lbl.language == "nb"]) == 1, m


def test_parallel_names_carry_the_right_language_tags(places: Graph) -> None:
    for number, names in PARALLEL_NAMES.items():
        labels = {lbl.language: str(lbl) for lbl in places.objects(LGD[f"kommune/{number}"], RDFS.label)}
        assert labels == names, number


def test_only_the_parallel_name_municipalities_have_non_nb_labels(places: Graph) -> None:
    with_other = {
        str(places.value(m, LG.municipalityNumber))
        for m in places.subjects(RDF.type, LG.Municipality)
        if any(lbl.language != "nb" for lbl in places.objects(m, RDFS.label))
    }
    assert with_other == set(PARALLEL_NAMES)


def test_known_municipalities(places: Graph) -> None:
    cases = {"3201": ("Bærum", "32"), "3407": ("Gjøvik", "34"), "0301": ("Oslo", "03"), "5001": ("Trondheim", "50")}
    for number, (name, county_number) in cases.items():
        m = LGD[f"kommune/{number}"]
        assert Literal(name, lang="nb") in set(places.objects(m, RDFS.label))
        assert places.value(m, LG.county) == LGD[f"fylke/{county_number}"]


# ---- state actors ---------------------------------------------------------------------------------


def test_every_organisation_number_passes_mod11(reference: Graph) -> None:
    numbers = [str(o) for o in reference.objects(None, LG.organisationNumber)]
    assert numbers, "expected some organisation numbers"
    assert [n for n in numbers if not is_valid_organisation_number(n)] == []
    assert len(numbers) == len(set(numbers))


def test_ten_state_administrators_cover_every_county_once(state: Graph) -> None:
    offices = set(state.subjects(RDF.type, LG.StateAdministrator))
    assert len(offices) == 10
    covered = [c for o in offices for c in state.objects(o, LG.coversCounty)]
    assert sorted(covered) == sorted(LGD[f"fylke/{n}"] for n in COUNTY_NUMBERS)
    assert set(state.objects(LGD["statsforvalter/innlandet"], LG.coversCounty)) == {LGD["fylke/34"]}


def test_one_cooperation_forum_per_county_coordinated_by_its_state_administrator(state: Graph) -> None:
    forums = set(state.subjects(RDF.type, LG.CooperationForum))
    assert forums == {LGD[f"samarbeidsforum/{n}"] for n in COUNTY_NUMBERS}
    for forum in forums:
        (county,) = state.objects(forum, LG.coversCounty)
        coordinators = set(state.subjects(LG.coordinates, forum))
        assert len(coordinators) == 1, forum
        (office,) = coordinators
        assert (office, RDF.type, LG.StateAdministrator) in state
        assert (office, LG.coversCounty, county) in state


def test_five_rvts_cover_every_county_once(state: Graph) -> None:
    centres = set(state.subjects(RDF.type, LG.RVTS))
    assert centres == {LGD[f"rvts/{s}"] for s in ("ost", "sor", "vest", "midt", "nord")}
    covered = [c for r in centres for c in state.objects(r, LG.coversCounty)]
    assert sorted(covered) == sorted(LGD[f"fylke/{n}"] for n in COUNTY_NUMBERS)
    assert (LGD["rvts/ost"], LG.coversCounty, LGD["fylke/32"]) in state  # Bærum works with RVTS Øst


def test_statped_regions_and_authorities(state: Graph) -> None:
    statped = LGD["statped"]
    assert (statped, RDF.type, LG.Statped) in state
    assert state.value(statped, URIRef("http://www.w3.org/ns/org#subOrganizationOf")) == LGD["kd"]
    sub_org = URIRef("http://www.w3.org/ns/org#subOrganizationOf")
    regions = set(state.subjects(sub_org, statped))
    assert regions == {LGD[f"statped/{s}"] for s in ("nord", "midt", "vest", "sorost", "sead")}
    for r in regions:
        assert (r, RDF.type, LG.Statped) in state
        assert list(state.objects(r, SKOS.editorialNote)), r
    for node in (LGD["udir"], LGD["kd"]):
        assert (node, RDF.type, LG.NationalAuthority) in state
    assert state.value(LGD["udir"], sub_org) == LGD["kd"]


def test_universities_named_by_the_examples(state: Graph) -> None:
    for slug, number in (("ntnu", "974767880"), ("uio", "971035854")):
        node = LGD[f"uh/{slug}"]
        assert (node, RDF.type, LG.University) in state
        assert str(state.value(node, LG.organisationNumber)) == number
    institutions = set(state.subjects(RDF.type, LG.University)) | set(state.subjects(RDF.type, LG.UniversityCollege))
    assert len(institutions) >= 16
    for node in institutions:
        assert any(lbl.language == "nb" for lbl in state.objects(node, RDFS.label)), node
        assert any(lbl.language == "en" for lbl in state.objects(node, RDFS.label)), node


def test_each_file_describes_itself_as_a_dataset(reference: Graph) -> None:
    dcat_dataset = URIRef("http://www.w3.org/ns/dcat#Dataset")
    source = URIRef("http://purl.org/dc/terms/source")
    license_ = URIRef("http://purl.org/dc/terms/license")
    for slug in ("counties-municipalities", "state"):
        ds = LGD[f"dataset/{slug}"]
        assert (ds, RDF.type, dcat_dataset) in reference
        assert list(reference.objects(ds, source))
        assert reference.value(ds, license_) is not None
    assert Literal("SSB Klass 131 (kommuner) and 104 (fylker), 2024") in set(
        reference.objects(LGD["dataset/counties-municipalities"], source)
    )


# ---- concept schemes ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CONCEPT_FILES)
def test_concepts_have_bilingual_labels_and_a_scheme(name: str) -> None:
    g = parse(ONTOLOGY / name)
    schemes = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 1
    (scheme,) = schemes
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for c in concepts:
        langs = [lbl.language for lbl in g.objects(c, SKOS.prefLabel)]
        assert sorted(langs) == ["en", "nb"], (c, langs)
        assert (c, SKOS.inScheme, scheme) in g, c
        assert str(c).startswith(str(scheme)), c
        definitions = {d.language for d in g.objects(c, SKOS.definition)}
        assert {"nb", "en"} <= definitions, c
    tops = set(g.objects(scheme, SKOS.hasTopConcept))
    assert tops == set(g.subjects(SKOS.topConceptOf, scheme))
    assert tops == {c for c in concepts if (c, SKOS.broader, None) not in g}


@pytest.mark.parametrize("name", CONCEPT_FILES)
def test_hierarchy_is_consistent_and_acyclic(name: str) -> None:
    g = parse(ONTOLOGY / name)
    for child, parent in g.subject_objects(SKOS.broader):
        assert (parent, SKOS.narrower, child) in g, (child, parent)
    for parent, child in g.subject_objects(SKOS.narrower):
        assert (child, SKOS.broader, parent) in g, (parent, child)
    for concept in set(g.subjects(RDF.type, SKOS.Concept)):
        seen = {concept}
        frontier = set(g.objects(concept, SKOS.broader))
        while frontier:
            assert concept not in frontier, f"cycle through {concept}"
            seen |= frontier
            frontier = {p for c in frontier for p in g.objects(c, SKOS.broader)} - seen


def test_area_scheme_shape() -> None:
    g = parse(ONTOLOGY / "areas.ttl")
    area = Namespace("https://w3id.org/laget/area/")
    assert len(set(g.objects(URIRef(str(area)), SKOS.hasTopConcept))) == 8
    for slug in (
        "laerevansker",
        "dysleksi",
        "utfordrende-atferd",
        "traumer",
        "autisme",
        "adhd",
        "radgiverkompetanse",
        "digitale-verktoy",
        "sprak",
        "spesialpedagogikk",
        "inkluderende-praksis",
    ):
        assert (area[slug], RDF.type, LG.CompetenceArea) in g, slug
    notations = [str(n) for n in g.objects(None, SKOS.notation)]
    assert len(notations) == len(set(notations))
    for child, parent in g.subject_objects(SKOS.broader):
        assert str(g.value(child, SKOS.notation)).rsplit(".", 1)[0] == str(g.value(parent, SKOS.notation))
    assert Literal("Lese- og skrivevansker", lang="nb") in set(g.objects(area.dysleksi, SKOS.altLabel))
    assert Literal("Matematikkvansker", lang="nb") in set(g.objects(area.dyskalkuli, SKOS.altLabel))


def test_tiers_and_responsibilities() -> None:
    tiers = parse(ONTOLOGY / "tiers.ttl")
    tier = Namespace("https://w3id.org/laget/tier/")
    assert {str(tiers.value(tier[n], SKOS.notation)) for n in "123"} == {"1", "2", "3"}
    assert all((tier[n], RDF.type, LG.Tier) in tiers for n in "123")
    assert list(tiers.objects(tier["3"], SKOS.note))
    resp = parse(ONTOLOGY / "responsibilities.ttl")
    for c in resp.subjects(RDF.type, LG.Responsibility):
        bases = list(resp.objects(c, LG.legalBasis))
        assert all(str(b).startswith("https://lovdata.no/") for b in bases), c
        # A responsibility without a legal basis must say why.
        assert bases or list(resp.objects(c, SKOS.editorialNote)), c


# ---- generated files are reproducible ---------------------------------------------------------------


@pytest.mark.skipif(not SOURCE_CSV.is_file(), reason=f"source CSV {SOURCE_CSV} is not here (developer/CI only)")
def test_build_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(SOURCE_CSV), "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (REFERENCE / name).read_bytes(), (
            f"{name} differs from what scripts/build_reference.py generates; rerun the script and commit"
        )
