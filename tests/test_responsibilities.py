"""Responsibilities attached to actors (issue 11 § 3): every responsibility is held by some class, every
legal basis is a Lovdata node (a paragraph with its act, or an act) labelled in nb and en, the example
setups state their actors' responsibilities, the named query reads the same without a reasoner as the
OWL 2 RL closure gives, and the closure grows linearly with the actors."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from laget_graph.namespaces import LG
from laget_graph.reasoning import consistency_problems, owl_rl_closure
from laget_graph.resources import bundle_root, example_files, reference_files
from laget_graph.sparql import named

ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
ONTOLOGY = bundle_root() / "ontology"
ACT_IRI = re.compile(r"^https://lovdata\.no/(lov|forskrift)/(\d{4}-\d{2}-\d{2}-\d+)$")
PARAGRAPH_IRI = re.compile(r"^(https://lovdata\.no/(?:lov|forskrift)/\d{4}-\d{2}-\d{2}-\d+)/§\d+(?:-\d+)?[a-z]?$")


def class_defaults(g: rdflib.Graph) -> dict[rdflib.URIRef, set[rdflib.URIRef]]:
    """Class -> the responsibilities its owl:hasValue restrictions on lg:hasResponsibility give (direct)."""
    found: dict[rdflib.URIRef, set[rdflib.URIRef]] = {}
    for cls, restriction in g.subject_objects(RDFS.subClassOf):
        if (restriction, OWL.onProperty, LG.hasResponsibility) in g:
            found.setdefault(cls, set()).update(g.objects(restriction, OWL.hasValue))  # type: ignore[arg-type]
    return found


def labels(g: rdflib.Graph, node: rdflib.term.Node) -> set[str | None]:
    return {o.language for o in g.objects(node, RDFS.label) if isinstance(o, rdflib.Literal)}


# -- the ontology ---------------------------------------------------------------------------------

def test_every_responsibility_is_held_by_some_class(ontology: rdflib.Graph) -> None:
    responsibilities = set(ontology.subjects(RDF.type, LG.Responsibility))
    assert len(responsibilities) == 17
    held = set().union(*class_defaults(ontology).values())
    assert held == responsibilities  # none hangs off nothing, and no restriction names an unknown one


def test_the_law_puts_the_ppt_duty_on_the_municipality_and_county(ontology: rdflib.Graph) -> None:
    resp = rdflib.Namespace("https://w3id.org/laget/responsibility/")
    defaults = class_defaults(ontology)
    assert resp["ppt-tjeneste"] in defaults[LG.Municipality] & defaults[LG.CountyAuthority]
    assert resp["sakkyndig-vurdering"] in defaults[LG.PPT]
    assert resp["helsefremmende-forebyggende-arbeid"] in defaults[LG.HealthStation]
    assert resp["kompetanse-ansatte"] in defaults[LG.Owner]
    assert resp["barnekoordinator"] in defaults[LG.CoordinatingUnit]


def test_every_legal_basis_is_a_lovdata_paragraph_or_act(ontology: rdflib.Graph) -> None:
    bases = set(ontology.objects(None, LG.legalBasis))
    assert len(bases) >= 15
    paragraphs = {b for b in bases if (b, RDF.type, LG.LegalProvision) in ontology}
    acts = {b for b in bases if (b, RDF.type, LG.LegalAct) in ontology}
    assert bases == paragraphs | acts, sorted(map(str, bases - paragraphs - acts))
    assert len(paragraphs) >= 12
    for p in paragraphs:
        match = PARAGRAPH_IRI.match(str(p))
        assert match, p
        parts = list(ontology.objects(p, DCTERMS.isPartOf))
        assert [str(a) for a in parts] == [match.group(1)], p  # exactly its act, named by the IRI
        acts.add(parts[0])  # type: ignore[arg-type]
        assert {"nb", "en"} <= labels(ontology, p), p
        assert ontology.value(p, DCTERMS.identifier) is not None, p
    for act in acts:
        match = ACT_IRI.match(str(act))
        assert match and (act, RDF.type, LG.LegalAct) in ontology, act
        prefix = "LOV" if match.group(1) == "lov" else "FOR"
        assert str(ontology.value(act, DCTERMS.identifier)) == f"{prefix}-{match.group(2)}", act
        assert {"nb", "en"} <= labels(ontology, act), act


def test_in_force_dates_are_dates_and_no_paragraph_before_its_act(ontology: rdflib.Graph) -> None:
    dated = list(ontology.subject_objects(ELI.first_date_entry_in_force))
    assert dated
    for node, date in dated:
        assert isinstance(date, rdflib.Literal) and date.datatype == XSD.date, node
        assert len(list(ontology.objects(node, ELI.first_date_entry_in_force))) == 1, node
        act = ontology.value(node, DCTERMS.isPartOf)
        act_date = ontology.value(act, ELI.first_date_entry_in_force) if act is not None else None
        if act_date is not None:
            assert date.toPython() >= act_date.toPython(), node  # type: ignore[union-attr]
    oppl = rdflib.URIRef("https://lovdata.no/lov/2023-06-09-30")
    assert str(ontology.value(oppl, ELI.first_date_entry_in_force)) == "2024-08-01"


def test_citing_a_whole_act_or_nothing_says_why(ontology: rdflib.Graph) -> None:
    for r in ontology.subjects(RDF.type, LG.Responsibility):
        bases = set(ontology.objects(r, LG.legalBasis))
        if not bases or any((b, RDF.type, LG.LegalAct) in ontology for b in bases):
            notes = {o.language for o in ontology.objects(r, SKOS.editorialNote)}
            assert {"nb", "en"} <= notes, r


def test_no_citation_names_the_old_law_or_the_old_guess(ontology: rdflib.Graph) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ONTOLOGY / "responsibilities.ttl",
                                                             ONTOLOGY / "legal-bases.ttl"))
    assert "trolig § 11-12" not in text and "likely § 11-12" not in text
    assert "privatskolelova" not in text.replace("privatskolelova until 2015", "") \
        .replace("privatskolelova til 2015", "").replace("privatskolelova § 7-4", "")


# -- the examples and the closure -------------------------------------------------------------------

@pytest.fixture(scope="module")
def data(ontology: rdflib.Graph) -> rdflib.Graph:
    """Ontology and examples, with the classes the reference data gives the actors the examples name
    (the whole reference data is checked by tests/test_ontology.py; here it would only slow the closure)."""
    g = rdflib.Graph()
    g += ontology
    for path in example_files():
        g.parse(path, format="turtle")
    mentioned = set(g.subjects()) | set(g.objects())
    for path in reference_files():
        for s, o in rdflib.Graph().parse(path, format="turtle").subject_objects(RDF.type):
            if s in mentioned:
                g.add((s, RDF.type, o))
    return g


@pytest.fixture(scope="module")
def closure(data: rdflib.Graph) -> rdflib.Graph:
    return owl_rl_closure(data)


def test_the_examples_state_exactly_what_the_closure_gives_their_actors(closure: rdflib.Graph) -> None:
    """The explicit block in each example is complete (every class default is written out) and adds
    nothing the classes do not give: the same as OWL 2 RL infers for those actors."""
    for path in example_files():
        example = rdflib.Graph().parse(path, format="turtle")
        stated: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
        for actor, r in example.subject_objects(LG.hasResponsibility):
            stated.setdefault(actor, set()).add(r)
        assert len(stated) >= 40, path.name
        for actor, held in stated.items():
            assert held == set(closure.objects(actor, LG.hasResponsibility)), (path.name, actor)
        # every unit, service and post of the setup with a class default is in the block
        for subject in set(example.subjects(RDF.type, None)):
            if set(closure.objects(subject, LG.hasResponsibility)) and str(subject).startswith(
                    ("https://w3id.org/laget/id/unit/", "https://w3id.org/laget/id/post/")):
                assert subject in stated, (path.name, subject)
        for municipality in example.objects(None, LG.describesMunicipality):
            assert municipality in stated, (path.name, municipality)


def test_the_closure_stays_consistent(closure: rdflib.Graph) -> None:
    assert consistency_problems(closure) == []


@pytest.mark.slow  # three OWL RL closures of the ontology
def test_the_closure_grows_linearly_with_the_actors(ontology: rdflib.Graph) -> None:
    """Ten more PPTs add exactly ten times what one adds: four responsibilities each, nothing squared."""
    sizes, held = [], []
    for k in (0, 1, 10):
        g = rdflib.Graph()
        g += ontology
        for i in range(k):
            g.add((rdflib.URIRef(f"https://w3id.org/laget/id/unit/test/ppt-{i}"), RDF.type, LG.PPT))
        c = owl_rl_closure(g)
        sizes.append(len(c))
        held.append(len(set(c.triples((None, LG.hasResponsibility, None)))))
    assert held == [0, 4, 40]
    assert sizes[2] - sizes[0] == 10 * (sizes[1] - sizes[0])


def oxigraph_of(g: rdflib.Graph) -> ox.Store:
    """The triples of ``g`` in an Oxigraph store (owlrl's closure also holds triples about literals,
    which are not RDF; they are left out)."""
    clean = rdflib.Graph()
    for triple in g:
        if not isinstance(triple[0], rdflib.Literal):
            clean.add(triple)
    store = ox.Store()
    store.load(clean.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def test_the_query_without_reasoning_answers_as_the_closure(data: rdflib.Graph, closure: rdflib.Graph) -> None:
    """responsibilities-by-actor reads class defaults by SPARQL: on the asserted data with the examples'
    explicit blocks left out it gives the same (actor, responsibility) pairs as on the OWL 2 RL closure."""
    asserted = rdflib.Graph()
    asserted += data
    asserted.remove((None, LG.hasResponsibility, None))
    stores = (oxigraph_of(asserted), oxigraph_of(closure))
    query = named.get("responsibilities-by-actor")
    for municipality in ("https://w3id.org/laget/id/kommune/3201", "https://w3id.org/laget/id/kommune/3407"):
        bound = query.bind({"municipality": municipality})
        answers = [{(s["actor"].value, s["responsibility"].value) for s in store.query(bound)}  # type: ignore[union-attr]
                   for store in stores]
        assert len(answers[0]) >= 50 and answers[0] == answers[1], municipality
