"""The ontology and its concept schemes: they parse, every term is labelled and defined in nb and en,
nothing uses an undeclared term, and OWL 2 RL finds no contradiction with the bundled data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from laget_graph.ingest import load_files
from laget_graph.namespaces import AREA, LG, MK, ONTOLOGY_IRI, RESP, STATUS, TG, TIER
from laget_graph.reasoning import consistency_problems
from laget_graph.resources import bundle_root, example_files, ontology_files, reference_files
from laget_graph.store import Store

ROOT = bundle_root()
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
CONCEPT_NAMESPACES = (AREA, TIER, TG, RESP, STATUS, MK)
IRI_IN_TEXT = re.compile(r"https://w3id\.org/laget/(?:def#|area/|tier/|target-group/|responsibility/|status/|measure-kind/)"
                         r"[A-Za-z0-9_\-.]*[A-Za-z0-9_\-]")
PREFIXED_IN_TEXT = re.compile(r"(?<![\w:/#])(lg|area|tier|tg|resp|status|mk):([A-Za-z0-9_\-]+)")


def lg_terms(g: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for t in TERM_TYPES for s in g.subjects(RDF.type, t)
            if isinstance(s, rdflib.URIRef) and str(s).startswith(str(LG))}


def test_every_file_parses_strictly() -> None:
    store = Store(None)
    load_files(store, ontology_files(), graph="ontology")
    assert len(store) > 500


def test_ontology_header(ontology: rdflib.Graph) -> None:
    onto = rdflib.URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for p in (OWL.versionInfo, OWL.versionIRI, rdflib.DCTERMS.license, rdflib.DCTERMS.title):
        assert ontology.value(onto, p) is not None, p
    assert not list(ontology.objects(None, OWL.imports)), "owl:imports would make tools fetch from the web"


def test_every_term_labelled_and_defined_in_nb_and_en(ontology: rdflib.Graph) -> None:
    terms = lg_terms(ontology)
    assert len(terms) > 80
    missing = []
    for term in sorted(terms):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, rdflib.Literal)}
            missing += [f"{term} {prop} @{lang}" for lang in ("nb", "en") if lang not in langs]
        if (term, RDFS.isDefinedBy, rdflib.URIRef(ONTOLOGY_IRI)) not in ontology:
            missing.append(f"{term} rdfs:isDefinedBy")
    assert missing == []


def test_every_concept_labelled_in_nb_and_en(ontology: rdflib.Graph) -> None:
    concepts = {s for s in ontology.subjects(RDF.type, SKOS.Concept)
                if any(str(s).startswith(str(ns)) for ns in CONCEPT_NAMESPACES)}
    assert len(concepts) > 40
    for concept in concepts:
        langs = {o.language for o in ontology.objects(concept, SKOS.prefLabel)}
        assert {"nb", "en"} <= langs, concept
        assert ontology.value(concept, SKOS.inScheme) is not None, concept


def test_tiers_are_three() -> None:
    g = rdflib.Graph().parse(ROOT / "ontology" / "tiers.ttl")
    assert {str(s) for s in g.subjects(RDF.type, SKOS.Concept)} == {str(TIER[n]) for n in "123"}


def declared(ontology: rdflib.Graph) -> set[str]:
    names = {str(t) for t in lg_terms(ontology)}
    names |= {str(s) for s in ontology.subjects(RDF.type, SKOS.Concept)}
    names |= {str(s) for s in ontology.subjects(RDF.type, SKOS.ConceptScheme)}
    return names


def used_terms(path: Path) -> set[str]:
    """Every lg:/area:/tier:/… term a file mentions, by full IRI or prefixed name."""
    text = path.read_text(encoding="utf-8")
    found = {m.group(0) for m in IRI_IN_TEXT.finditer(text)}
    bases = {"lg": str(LG), "area": str(AREA), "tier": str(TIER), "tg": str(TG), "resp": str(RESP),
             "status": str(STATUS), "mk": str(MK)}
    found |= {bases[m.group(1)] + m.group(2) for m in PREFIXED_IN_TEXT.finditer(text)}
    # Scheme IRIs themselves (…/area/) are not terms.
    return {t for t in found if not t.endswith(("/", "#"))}


def checked_files() -> list[Path]:
    files = [*ontology_files(), *reference_files(), *example_files()]
    files += sorted((ROOT / "shapes").rglob("*.ttl")) + sorted((ROOT / "queries").rglob("*.rq"))
    return files


def test_no_undeclared_term_in_shapes_queries_or_data(ontology: rdflib.Graph) -> None:
    known = declared(ontology)
    problems = {f"{path.relative_to(ROOT)}: {term}" for path in checked_files()
                for term in used_terms(path) - known}
    assert sorted(problems) == []


@pytest.mark.slow  # an OWL RL closure over the national reference data
def test_owl_rl_closure_finds_no_contradiction(ontology: rdflib.Graph) -> None:
    g = rdflib.Graph()
    g += ontology
    for path in [*reference_files(), *example_files()]:
        g.parse(path, format="turtle")
    assert consistency_problems(g) == []


def test_owl_rl_catches_a_planted_clash(ontology: rdflib.Graph) -> None:
    """The check above can fail: a unit that is both a municipal and a private kindergarten clashes."""
    g = rdflib.Graph()
    g += ontology
    unit = rdflib.URIRef("https://w3id.org/laget/id/unit/test/clash")
    g.add((unit, RDF.type, LG.MunicipalKindergarten))
    g.add((unit, RDF.type, LG.PrivateKindergarten))
    problems = consistency_problems(g)
    assert problems and any("clash" in p for p in problems)
