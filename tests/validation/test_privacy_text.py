"""Personal data in free text: what a careful reader catches, in both engines alike.

Every sentence becomes a note (skos:note) on a node of its own in one setup; the compiled engine and
pyshacl validate it once, and each row of the tables checks its own node."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import validate_setup

LGSH = "https://w3id.org/laget/shapes#"
DATA, NAMES = LGSH + "NoPersonalDataInText", LGSH + "NoPersonNamesInText"
REPO = Path(__file__).resolve().parents[2]

# (sentence, the shape that must catch it)
CAUGHT = [
    # national identity numbers, with and without separators
    ("Eleven har fødselsnummer 01021612345.", DATA),
    ("Fnr 010216 12345 ligger i saken.", DATA),
    ("Nummeret 010216-12345 er registrert.", DATA),
    ("Se 01.02.16 12345 i journalen.", DATA),
    ("Personnummer oppgis ved henvisning.", DATA),
    ("Legg ved f.nr. i skjemaet.", DATA),
    ("D-nummer må fylles ut.", DATA),
    # birth dates: bokmål, nynorsk, English, abbreviated, in digits or words
    ("Gutten er født 3. mars 2016.", DATA),
    ("Jenta er fødd 03.03.16 og går i 2. klasse.", DATA),
    ("Barnet (f. 12.05.2017) trenger tilrettelegging.", DATA),
    ("Eleven, f. 3/3-16, har vedtak.", DATA),
    ("Født 2016-03-03, henvist til PPT.", DATA),
    ("Eleven er født den tredje mars.", DATA),
    ("fødd i 2015, går på Gran skule", DATA),
    ("Hun ble født 3.mars 2016 på Gjøvik.", DATA),
    ("Barnet er født mars 2016.", DATA),
    ("Fdt. 12.12.2012", DATA),
    ("The pupil was born on 3 March 2016.", DATA),
    ("The child, born 2016, needs support.", DATA),
    ("Fødselsdato: 03.03.2016", DATA),
    ("Date of birth 2016-03-03", DATA),
    ("DOB: 03/03/2016", DATA),
    # an individual's age
    ("Gutten er 7 år gammel.", DATA),
    ("Jenta er sju år gammal.", DATA),
    ("Barnet er 2 år og 3 måneder.", DATA),
    ("Ho er 2 år og 4 månader gamal.", DATA),
    ("Sjuåringen har store behov.", DATA),
    ("7-åringen i gruppe 2 trenger støtte.", DATA),
    ("Alder: 7", DATA),
    ("Eleven (alder: 9) har vedtak.", DATA),
    ("The pupil, aged 9, was referred.", DATA),
    ("The child is seven years old.", DATA),
    ("The 7-year-old was referred to PPT.", DATA),
    # a name beside an age
    ("Emma (7) har vedtak om spesialpedagogisk hjelp.", DATA),
    ("Emma, 7 år, har vedtak.", DATA),
    ("Jonas 6 år, trenger ASK.", DATA),
    ("Sofie (5 år) går i avdeling Blå.", DATA),
    ("Henrik 12.05.2017 henvist.", DATA),
    # persons at all: staff in minutes, full names, pairs
    ("Til stede: Kari Nordmann (PPT) og rektor.", NAMES),
    ("Referat: Per Olav Hansen la fram planen.", NAMES),
    ("Møtet ble ledet av Kari.", NAMES),
    ("Til stede: Kari, Per og Anne.", NAMES),
    ("Kari og Per deltok fra PPT.", NAMES),
    ("Present: Lars and Hege from the school.", NAMES),
    ("Saken ble fulgt opp av Trond etter møtet.", NAMES),
    ("Kontaktperson er Ingrid Berg-Olsen.", NAMES),
    ("Emma Hansen har behov for tilrettelegging.", NAMES),
    ("Referent: Geir.", NAMES),
]

# sentences that name no one and say nothing about an individual
PASSED = [
    "Bærum kommune har en egen PP-tjeneste.",
    "Tiltaket varer i 3 år, fra 2021 til 2024.",
    "Barn i alderen 0–5 år og deres familier.",
    "Tilbudet gjelder 5-åringer og 6-åringer i kommunen.",
    "Skolestart for seksåringene er i august.",
    "Organisasjonsnummer 974760673.",
    "Telefon 67 50 40 00, sentralbord.",
    "Møtet 12.03.2022 i styringsgruppen vedtok planen.",
    "Kompetanseløftet 2021–2025, pulje 1.",
    "Per i dag har kommunen tre team.",
    "Per 31.12.2023 deltok 21 skoler.",
    "Even so, the team met twice.",
    "Statped sørøst og RVTS Øst gir veiledning.",
    "Høgskulen i Volda og NTNU er partnere.",
    "Kristiansand og Lillehammer er med.",
    "Rådgiverrollen i skolen, f.eks. karriereveiledning.",
    "Alle på laget: kollektiv etterutdanning på nivå 1.",
    "St. Olavs hospital er helseforetak.",
    "Nivå 3 (2) er bare dekket av Statped.",
    "Gjennomføres i samarbeid med universitet eller høgskole.",
    "Aurora barnehage er en privat barnehage.",
    "Eleven trenger tilrettelegging i fire fag.",
    "Samarbeid med foreldre og barnevernet, se § 13-2.",
    "The municipality has 44 schools and 73 kindergartens.",
    "Fødselstall og barnetall per kommune (aggregert).",
    "Pupils up to age 20 are served; children aged 6–16 attend school.",
    "Barn i alder 0-5 år.",
]


def _setup() -> tuple[Dataset, str, list[str]]:
    sentences = [s for s, _ in CAUGHT] + PASSED
    g = rdflib.Graph()
    nodes = []
    for i, text in enumerate(sentences):
        node = rdflib.URIRef(f"https://w3id.org/laget/id/note/test/{i}")
        g.add((node, rdflib.namespace.SKOS.note, rdflib.Literal(text, lang="nb")))
        nodes.append(str(node))
    ds = Dataset()
    [setup] = ds.add(parse_rdf(g.serialize(format="nt").encode(), rdf_format_for("x.nt"), None, "notes.nt"))
    return ds, setup, nodes


@pytest.fixture(scope="module")
def caught() -> dict[str, dict[str, set[str]]]:
    """For each engine: focus node -> the free-text shapes that reported it."""
    ds, setup, nodes = _setup()
    out: dict[str, dict[str, set[str]]] = {}
    for engine in ("compiled", "pyshacl"):
        found: dict[str, set[str]] = {n: set() for n in nodes}
        for f in validate_setup(ds, setup, engine).findings:
            if str(f.shape) in (DATA, NAMES):
                found.setdefault(str(f.focus), set()).add(str(f.shape))
        out[engine] = found
    out["nodes"] = {str(i): {n} for i, n in enumerate(nodes)}
    return out


def _node(caught: dict[str, dict[str, set[str]]], index: int) -> str:
    return next(iter(caught["nodes"][str(index)]))


@pytest.mark.parametrize(("index", "sentence", "shape"), [(i, s, sh) for i, (s, sh) in enumerate(CAUGHT)],
                         ids=[s for s, _ in CAUGHT])
def test_personal_data_in_text_is_caught(caught: dict[str, dict[str, set[str]]], index: int, sentence: str,
                                         shape: str) -> None:
    node = _node(caught, index)
    assert shape in caught["compiled"][node], sentence
    assert caught["compiled"][node] == caught["pyshacl"][node], sentence


@pytest.mark.parametrize(("index", "sentence"), [(len(CAUGHT) + i, s) for i, s in enumerate(PASSED)], ids=PASSED)
def test_text_about_no_one_passes(caught: dict[str, dict[str, set[str]]], index: int, sentence: str) -> None:
    node = _node(caught, index)
    assert caught["compiled"][node] == set(), sentence
    assert caught["pyshacl"][node] == set(), sentence


def test_the_shapes_are_built_from_the_bundled_names() -> None:
    """shapes/privacy.ttl holds exactly what scripts/build_privacy_text.py makes of data/names/given-names.csv."""
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "build_privacy_text.py"), "--check"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    names = (REPO / "data" / "names" / "given-names.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(names) >= 150
    text = (REPO / "shapes" / "privacy.ttl").read_text(encoding="utf-8")
    spec = importlib.util.spec_from_file_location("build_privacy_text", REPO / "scripts" / "build_privacy_text.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    pattern = build.trie(build.given_names())
    assert pattern in text
    assert all(re.fullmatch(pattern, line.split(",")[0]) for line in names)
    assert not any(re.fullmatch(pattern, word) for word in ("Bærum", "Statped", "Emm", "Sofi", "PPT"))


def test_a_finding_on_a_blank_node_names_the_nearest_labelled_node() -> None:
    """The note sits on a blank node two links below the unit; the report names the unit and its IRI."""
    from laget_graph.validation.engine import validate
    from laget_graph.validation.render import render

    data = b"""@prefix lg: <https://w3id.org/laget/def#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://w3id.org/laget/id/unit/anchor/skole> a lg:PrimarySchool ; rdfs:label "Ankerskolen"@nb ;
            lg:hasCoverage [ a lg:CompetenceCoverage ; skos:note [ rdfs:comment "Emma (7) trenger hjelp."@nb ] ] .
    """
    ds = Dataset()
    ds.add(parse_rdf(data, rdf_format_for("x.ttl"), None, "anchor.ttl"))
    report = validate(ds)
    [hit] = [f for s in report.setups for f in s.findings if str(f.shape) == DATA]
    assert str(hit.focus).startswith("https://w3id.org/laget/.well-known/genid/")
    assert report.setups[0].anchors[str(hit.focus)] == "https://w3id.org/laget/id/unit/anchor/skole"
    text = render(report, "text", "nb")
    assert "(anonym node i «Ankerskolen» <https://w3id.org/laget/id/unit/anchor/skole>)" in text
    json_report = render(report, "json", "en")
    assert '"focusAnchor": "https://w3id.org/laget/id/unit/anchor/skole"' in json_report
    assert "(anonymous node in “Ankerskolen” <https://w3id.org/laget/id/unit/anchor/skole>)" in json_report
