"""The programme cycle in the words of a diff: needs, needs reports, priority decisions, allocations and
evaluations are compared by what they say, one sentence each, never also as plain triples."""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled, load_files
from laget_graph.resources import example_files
from laget_graph.store import Store
from laget_graph.versions.diff import diff
from tests.conftest import LiveServer

from .conftest import laget

LG = "https://w3id.org/laget/def#"
ID = "https://w3id.org/laget/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
GRAPH = "https://w3id.org/laget/graph/setup/gjovikregionen"
ALLOCATION = ox.NamedNode(ID + "allocation/gjovikregionen/gjovik")
NEED = ox.NamedNode(ID + "need/gjovikregionen/utnytte-kompetansen")
EVALUATION = ox.NamedNode(ID + "evaluation/gjovikregionen/regional-samskaping-2023")
REPORT = ox.NamedNode(ID + "needs-report/gjovikregionen/gjovik-2024")


def lit(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def example() -> set[ox.Triple]:
    path = next(p for p in example_files() if p.name == "gjovikregionen.ttl")
    return set(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def write(path: Path, triples: set[ox.Triple]) -> Path:
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE) or b"")
    return path


def setups(tmp_path: Path) -> tuple[Path, Path]:
    """Last year's setup: Gjøvik is allocated NOK 450 000 for 2024. This year's: the amount is 500 000,
    Gjøvik reports its needs for 2024 (deadline 2024-02-01; the report's link stated both ways), one
    need's priority went from 6 to 1, and the evaluation of regional co-creation is gone."""
    p = lambda name: ox.NamedNode(LG + name)  # noqa: E731
    before = example() | {ox.Triple(ALLOCATION, p("amount"), lit("450000", "decimal")),
                          ox.Triple(ALLOCATION, p("year"), lit("2024", "gYear"))}
    after = {t for t in before if t.subject != EVALUATION and t.object != EVALUATION
             and not (t.subject == ALLOCATION and t.predicate == p("amount"))
             and not (t.subject == NEED and t.predicate == p("priority"))}
    after |= {ox.Triple(ALLOCATION, p("amount"), lit("500000", "decimal")),
              ox.Triple(NEED, p("priority"), lit("1", "positiveInteger")),
              ox.Triple(REPORT, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), p("NeedsReport")),
              ox.Triple(REPORT, p("submittedBy"), ox.NamedNode(ID + "kommune/3407")),
              ox.Triple(REPORT, p("submittedTo"), ox.NamedNode(ID + "samarbeidsforum/34")),
              ox.Triple(REPORT, p("year"), lit("2024", "gYear")),
              ox.Triple(REPORT, p("deadline"), lit("2024-02-01", "date")),
              ox.Triple(REPORT, p("reportsNeed"), NEED),
              ox.Triple(ox.NamedNode(ID + "kommune/3407"), p("submitsNeedsReport"), REPORT)}  # the inverse too
    return (write(tmp_path / "2024" / "gjovikregionen.ttl", before),
            write(tmp_path / "2025" / "gjovikregionen.ttl", after))


SENTENCES = {
    "en": [
        "Gjøvik now reports its needs to Cooperation forum Innlandet for 2024 (deadline 2024-02-01).",
        "No longer in the setup: the evaluation “Evaluation, spring 2023: what have we achieved?” of Regional "
        "co-creation: collaboration in the team around the child across municipalities.",
        "The allocation from County Governor of Innlandet to Gjøvik for 2024 changed from NOK 450 000 "
        "to NOK 500 000.",
        "The priority of the need “Use the competence that exists in the region” changed from 6 to 1.",
    ],
    "nb": [
        "Gjøvik melder nå behov til Samarbeidsforum Innlandet for 2024 (frist 2024-02-01).",
        "Ikke lenger i oppsettet: evalueringen «Evaluering våren 2023: hva har vi fått til?» av Regional "
        "samskaping: samarbeid i laget rundt barnet på tvers av kommunene.",
        "Tildelingen fra Statsforvalteren i Innlandet til Gjøvik for 2024 er endret fra 450 000 kr "
        "til 500 000 kr.",
        "Prioriteten til behovet «Utnytte kompetansen som finnes i regionen» er endret fra 6 til 1.",
    ],
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(None)
    load_bundled(store)
    before, after = setups(tmp_path)
    load_files(store, [before])
    load_files(store, [after])
    return store


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_cycle_s_changes_are_one_sentence_each(store: Store, lang: str) -> None:
    assert sorted(diff(store, GRAPH).sentences(lang)) == sorted(SENTENCES[lang])


def test_back_again_the_report_disappears_and_the_evaluation_appears(store: Store) -> None:
    sentences = diff(store, GRAPH, old=3, new=2).sentences("en")
    assert "Gjøvik no longer reports its needs to Cooperation forum Innlandet for 2024 " \
           "(deadline 2024-02-01)." in sentences
    assert "New in the setup: the evaluation “Evaluation, spring 2023: what have we achieved?” of Regional " \
           "co-creation: collaboration in the team around the child across municipalities." in sentences
    assert "The priority of the need “Use the competence that exists in the region” changed from 1 to 6." \
           in sentences
    assert len(sentences) == 4  # nothing else: no goal, label or source of the evaluation on its own


def test_laget_diff_says_it_too(tmp_path: Path) -> None:
    before, after = setups(tmp_path)
    data = tmp_path / "store"
    for path in (before, after):
        assert laget(data, "load", str(path)).returncode == 0
    done = laget(data, "diff", "gjovikregionen", lang="en")
    assert done.returncode == 0, done.stderr
    for sentence in SENTENCES["en"]:
        assert sentence in done.stdout


def test_the_municipality_page_says_it_too(store: Store, tmp_path: Path) -> None:
    with LiveServer(Settings(data_dir=tmp_path / "unused", store="memory", lang="nb"), store) as live:
        for lang in ("nb", "en"):
            page = httpx.get(f"{live.url}/kommune/3407", params={"lang": lang}, timeout=60).text
            section = page[page.index('id="h-versions"'):]
            for sentence in SENTENCES[lang]:
                assert sentence in section


def between(tmp_path: Path, before: set[ox.Triple], after: set[ox.Triple], lang: str) -> list[str]:
    store = Store(None)
    load_files(store, [write(tmp_path / "a" / "gjovikregionen.ttl", before)])
    load_files(store, [write(tmp_path / "b" / "gjovikregionen.ttl", after)])
    return diff(store, GRAPH).sentences(lang)


def test_a_new_need_a_measure_for_it_an_allocation_and_a_decision(tmp_path: Path) -> None:
    p = lambda name: ox.NamedNode(LG + name)  # noqa: E731
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    need, grant, decision = (ox.NamedNode(ID + x) for x in ("need/gjovikregionen/lesing", "allocation/x/gran-2025",
                                                             "decision/x/innlandet-2025"))
    before = example()
    after = before | {
        ox.Triple(need, a, p("Need")), ox.Triple(need, label, ox.Literal("Reading", language="en")),
        ox.Triple(need, label, ox.Literal("Lesing", language="nb")),
        ox.Triple(need, p("priority"), lit("1", "positiveInteger")),
        ox.Triple(need, p("area"), ox.NamedNode("https://w3id.org/laget/area/samarbeidskompetanse")),
        ox.Triple(ox.NamedNode(ID + "measure/gjovikregionen/regional-samskaping"), p("addressesNeed"), need),
        ox.Triple(grant, a, p("Allocation")),
        ox.Triple(grant, p("allocatedBy"), ox.NamedNode(ID + "statsforvalter/innlandet")),
        ox.Triple(grant, p("recipient"), ox.NamedNode(ID + "kommune/3446")),
        ox.Triple(grant, p("amount"), lit("1250000.5", "decimal")), ox.Triple(grant, p("year"), lit("2025", "gYear")),
        ox.Triple(grant, p("allocatedFor"), ox.NamedNode("https://w3id.org/laget/measure-kind/oppstart-vurdering-planlegging")),
        ox.Triple(decision, a, p("PriorityDecision")),
        ox.Triple(decision, p("decidedBy"), ox.NamedNode(ID + "samarbeidsforum/34")),
        ox.Triple(decision, p("year"), lit("2025", "gYear"))}
    assert between(tmp_path, before, after, "en") == [
        "Cooperation forum Innlandet has now decided its priorities for 2025.",
        "County Governor of Innlandet now allocates NOK 1 250 000.50 to Gran for 2025 (Start-up funds: assessing "
        "needs and planning measures).",
        "New in the setup: the need “Reading” in collaboration competence, priority 1.",
        "Regional co-creation: collaboration in the team around the child across municipalities now addresses "
        "the need Reading.",
    ]
    assert between(tmp_path, after, before, "nb") == [
        "Ikke lenger i oppsettet: behovet «Lesing» innen samarbeidskompetanse, prioritet 1.",
        "Ikke lenger i oppsettet: prioriteringsvedtaket til Samarbeidsforum Innlandet for 2025.",
        "Statsforvalteren i Innlandet tildeler ikke lenger 1 250 000,50 kr til Gran for 2025 (Oppstartsmidler: "
        "vurdering av behov og planlegging av tiltak).",
        "Regional samskaping: samarbeid i laget rundt barnet på tvers av kommunene tar ikke lenger opp behovet "
        "Lesing.",
    ]


def test_a_node_under_another_iri_is_no_change(tmp_path: Path) -> None:
    """Compared by what they say: a need and an allocation renamed, with every link to them, say nothing new."""
    renamed = {NEED: ox.NamedNode(ID + "need/gjovikregionen/bruke-kompetansen"),
               ALLOCATION: ox.NamedNode(ID + "allocation/gjovikregionen/3407")}
    before = example()
    after = {ox.Triple(renamed.get(t.subject, t.subject), t.predicate, renamed.get(t.object, t.object))  # type: ignore[arg-type]
             for t in before}
    assert between(tmp_path, before, after, "en") == []


def test_an_evaluation_s_outcome_and_goals_in_the_reader_s_language(tmp_path: Path) -> None:
    outcome, goal = ox.NamedNode(LG + "outcome"), ox.NamedNode(LG + "goal")
    found = lambda nb, en: {ox.Triple(EVALUATION, outcome, ox.Literal(nb, language="nb")),  # noqa: E731
                            ox.Triple(EVALUATION, outcome, ox.Literal(en, language="en"))}
    before = example() | found("Godt", "Good")
    after = {t for t in before if t.predicate not in (outcome, goal) or "Kapasitet" in t.object.value
             or "Capacity" in t.object.value} | found("Bedre", "Better")
    title = "Evaluation, spring 2023: what have we achieved?"
    assert between(tmp_path, before, after, "en") == [
        f"The outcome of the evaluation “{title}” changed from “Good” to “Better”.",
        f"{title}: goal “System (long-term goal of the competence plan 2022–2025)” was removed.",
        f"{title}: goal “Understanding of the system (long-term goal of the competence plan 2022–2025)” was removed.",
    ]
    assert between(tmp_path, before, after, "nb")[0] == \
        "Resultatet av evalueringen «Evaluering våren 2023: hva har vi fått til?» er endret fra «Godt» til «Bedre»."
