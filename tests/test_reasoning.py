"""OWL 2 RL on the relations between actors: the closure stays small and linear in the data, the two
relation families stay apart, every inverse pair really is one, and the disjointness axioms hold on
the bundled data and a synthetic county while still catching a planted clash."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from laget_graph.namespaces import LG
from laget_graph.reasoning import consistency_problems, owl_rl_closure
from laget_graph.resources import reference_files
from laget_graph.synth import generate

LGN = rdflib.Namespace(str(LG))
ID = "https://w3id.org/laget/id/"
TEST = rdflib.Namespace(ID + "test/reasoning/")
SUPPORT, GOVERNANCE = LGN.collaboratesWith, LGN.governanceRelation


def family(ontology: rdflib.Graph, root: rdflib.URIRef) -> set[rdflib.URIRef]:
    return {p for p in ontology.transitive_subjects(RDFS.subPropertyOf, root) if p != root}


def class_duties(ontology: rdflib.Graph) -> list[tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]]:
    """(class, lg:hasResponsibility, responsibility) for every class default (an owl:hasValue restriction)."""
    return [(c, LGN.hasResponsibility, v) for c, _, r in ontology.triples((None, RDFS.subClassOf, None))
            if (r, OWL.onProperty, LGN.hasResponsibility) in ontology
            for v in ontology.objects(r, OWL.hasValue)]


def test_the_families_are_the_ones_of_the_model(ontology: rdflib.Graph) -> None:
    support = {str(p).removeprefix(str(LG)) for p in family(ontology, SUPPORT)}
    governance = {str(p).removeprefix(str(LG)) for p in family(ontology, GOVERNANCE)}
    assert support == {"serves", "refersTo", "reportsConcernTo", "advises", "partnersWith"}
    assert governance == {"owns", "funds", "supervises", "coordinates", "memberOf", "reportsNeedTo"}
    assert (GOVERNANCE, RDF.type, OWL.SymmetricProperty) not in ontology
    assert (SUPPORT, RDF.type, OWL.SymmetricProperty) in ontology


def test_one_link_adds_a_small_constant_and_governance_is_no_collaboration(ontology: rdflib.Graph) -> None:
    """Each relation links its own pair of typed actors; what the link adds to the closure is counted
    per pair. A governance link (owning, funding, supervising …) never becomes a collaboration."""
    props = sorted(family(ontology, SUPPORT) | family(ontology, GOVERNANCE) | {LGN.ownedBy}, key=str)
    base = rdflib.Graph()
    base += ontology
    pairs = {}
    for i, prop in enumerate(props):
        a, b = TEST[f"a{i}"], TEST[f"b{i}"]
        base.add((a, RDF.type, LGN.Municipality))
        base.add((b, RDF.type, LGN.PrimarySchool))
        pairs[prop] = (a, b)
    linked = rdflib.Graph()
    linked += base
    for prop, (a, b) in pairs.items():
        linked.add((a, prop, b))
    added = set(owl_rl_closure(linked)) - set(owl_rl_closure(base))
    node_pair = {n: prop for prop, pair in pairs.items() for n in pair}
    # Becoming an lg:Owner brings the owner's class-default responsibilities (ontology: owl:hasValue):
    # counted apart, bounded by how many the ontology gives a class.
    def is_duty(p: rdflib.term.Node, o: rdflib.term.Node) -> bool:  # the duty, or membership of its restriction
        return p == LGN.hasResponsibility or (p == RDF.type and isinstance(o, rdflib.BNode))
    duties = Counter(node_pair.get(s) for s, p, o in added if is_duty(p, o) and p == LGN.hasResponsibility)
    per_link = Counter(node_pair.get(s) for s, p, o in added if not is_duty(p, o))
    assert None not in per_link and None not in duties, (per_link[None], duties[None])  # no spill-over
    most_per_class = max(Counter(c for c, _, _ in class_duties(ontology)).values())
    assert all(n <= most_per_class for n in duties.values()), duties
    governance = family(ontology, GOVERNANCE) | {LGN.ownedBy}
    for prop, (a, b) in pairs.items():
        # The link itself, the family's super-property (both ways round for support), and for owning the
        # inverse and lg:Owner (with its defining restriction).
        assert 2 <= per_link[prop] <= 5, (prop, per_link[prop])
        if prop in governance:
            assert (a, SUPPORT, b) not in added and (b, SUPPORT, a) not in added, prop
            if prop != LGN.ownedBy:
                assert (a, GOVERNANCE, b) in added, prop
        else:
            assert {(a, SUPPORT, b), (b, SUPPORT, a)} <= added | {(a, prop, b)}, prop
            assert (a, GOVERNANCE, b) not in added and (b, GOVERNANCE, a) not in added, prop
    # Owning is governance both ways round: owns and ownedBy give the same governance line.
    a, b = pairs[LGN.ownedBy]
    assert (b, LGN.owns, a) in added and (b, GOVERNANCE, a) in added and (a, GOVERNANCE, b) not in added


def copies(setup: rdflib.Graph, n: int) -> rdflib.Graph:
    """``n`` copies of ``setup``, every minted IRI and blank node renamed per copy so the copies share
    no node (they still share the ontology's concepts and classes)."""
    out = rdflib.Graph()
    for k in range(n):
        def rename(term: rdflib.term.Node, k: int = k) -> rdflib.term.Node:
            if isinstance(term, rdflib.URIRef) and str(term).startswith(ID):
                return rdflib.URIRef(f"{ID}copy{k}/{str(term).removeprefix(ID)}")
            if isinstance(term, rdflib.BNode):
                return rdflib.BNode(f"copy{k}{term}")
            return term
        for s, p, o in setup:
            out.add((rename(s), p, rename(o)))
    return out


@pytest.fixture(scope="module")
def synthetic_region(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("synth-region")
    # Two small municipalities of Innlandet, with planted faults (which are SHACL findings, not clashes).
    return generate(out, scale="region", region=["3446", "3447"], seed=5, defect_rate=0.1).files


@pytest.mark.slow  # three OWL RL closures over a synthetic region
def test_closure_grows_linearly_with_the_data(ontology: rdflib.Graph, synthetic_region: list[Path]) -> None:
    """Two copies of a setup give exactly twice the closure about their own nodes of one copy, and
    nothing more about the shared terms (concepts typed by a range, say) than one copy does."""
    setup = rdflib.Graph()
    for path in synthetic_region:
        setup.parse(path, format="turtle")
    per_copy, shared = {}, {}
    for n in (0, 1, 2):
        g = rdflib.Graph()
        g += ontology
        g += copies(setup, n)
        closure = owl_rl_closure(g)
        parts = Counter(next((k for k in range(n) if str(s).startswith(f"{ID}copy{k}/")), None)
                        for s, _, _ in closure if not isinstance(s, rdflib.Literal))
        shared[n] = parts.pop(None)
        per_copy[n] = parts
    one = per_copy[1][0]
    assert per_copy[2] == {0: one, 1: one}
    assert shared[2] == shared[1]
    # Per asserted triple the closure adds a small constant (types up the class tree, the inverse,
    # the family's super-property, reflexive owl:sameAs), not a factor of the data.
    assert len(setup) < one + shared[1] - shared[0] <= 4 * len(setup), (one, len(setup))


@pytest.mark.slow  # an OWL RL closure over a synthetic region and the national reference data
def test_synthetic_region_with_reference_data_is_consistent(ontology: rdflib.Graph,
                                                           synthetic_region: list[Path]) -> None:
    g = rdflib.Graph()
    g += ontology
    for path in [*reference_files(), *synthetic_region]:
        g.parse(path, format="turtle")
    assert consistency_problems(g) == []


@pytest.mark.slow
def test_synthetic_county_is_consistent(ontology: rdflib.Graph, tmp_path: Path) -> None:
    files = generate(tmp_path, scale="county", county="34", seed=7, defect_rate=0.05).files
    g = rdflib.Graph()
    g += ontology
    for path in [*reference_files(), *files]:
        g.parse(path, format="turtle")
    assert consistency_problems(g) == []


def test_every_inverse_pair_swaps_domain_and_range(ontology: rdflib.Graph) -> None:
    pairs = list(ontology.subject_objects(OWL.inverseOf))
    assert {(str(p).removeprefix(str(LG)), str(q).removeprefix(str(LG))) for p, q in pairs} >= {
        ("owns", "ownedBy"), ("hasCoverage", "coveringActor"), ("coordinatesProgramme", "coordinatedBy")}
    for p, q in pairs:
        assert ontology.value(p, RDFS.domain) == ontology.value(q, RDFS.range), (p, q)
        assert ontology.value(p, RDFS.range) == ontology.value(q, RDFS.domain), (p, q)
    # lg:coordinates (actor to actor) is not the inverse of lg:coordinatedBy (programme to actor).
    assert ontology.value(LGN.coordinates, RDFS.domain) != ontology.value(LGN.coordinatedBy, RDFS.range) or \
        ontology.value(LGN.coordinates, RDFS.range) != ontology.value(LGN.coordinatedBy, RDFS.domain)
    assert (LGN.coordinates, OWL.inverseOf, LGN.coordinatedBy) not in ontology
    assert (LGN.coordinatedBy, OWL.inverseOf, LGN.coordinates) not in ontology


def test_coordinating_a_programme_is_inferred_both_ways(ontology: rdflib.Graph) -> None:
    g = rdflib.Graph()
    g += ontology
    g.add((TEST.programme, RDF.type, LGN.CompetenceProgramme))
    g.add((TEST.programme, LGN.coordinatedBy, TEST.ppt))
    closure = owl_rl_closure(g)
    assert (TEST.ppt, LGN.coordinatesProgramme, TEST.programme) in closure
    assert (TEST.ppt, LGN.coordinates, TEST.programme) not in closure
    assert consistency_problems(g) == []


CLASHES = [
    ("Municipality", "PrimarySchool"),           # an owner is not its school
    ("PPT", "Kindergarten"),
    ("CountyAuthority", "UpperSecondarySchool"),
    ("Statped", "University"),
    ("StateAdministrator", "CooperationForum"),
    ("PrivateOwner", "Municipality"),
    ("School", "AfterSchoolProgramme"),
    ("University", "UniversityCollege"),
    ("ChildCoordinator", "CoordinatingUnit"),    # a post is not an organisation
    ("HealthStation", "CompetenceProgramme"),
    ("County", "CountyAuthority"),
]
OVERLAPS = [
    ("Municipality", "CountyAuthority"),         # Oslo kommune is both
    ("PrivateOwner", "PrivateKindergarten"),     # a one-kindergarten company
    ("HealthStation", "SchoolHealthService"),    # often one unit
    ("PrimarySchool", "UpperSecondarySchool"),   # combined schools
    ("FreeSchool", "PrimarySchool"),
    ("CooperationForum", "ProgrammeBody"),
]


def planted(ontology: rdflib.Graph, pairs: list[tuple[str, str]]) -> tuple[rdflib.Graph, dict[str, tuple[str, str]]]:
    """The ontology and one node per pair typed with both classes."""
    g = rdflib.Graph()
    g += ontology
    nodes = {}
    for first, second in pairs:
        node = TEST[f"both-{first}-{second}"]
        g.add((node, RDF.type, LGN[first]))
        g.add((node, RDF.type, LGN[second]))
        nodes[str(node)] = (first, second)
    return g, nodes


def test_a_planted_overlap_clashes(ontology: rdflib.Graph) -> None:
    g, nodes = planted(ontology, CLASHES)
    problems = consistency_problems(g)
    assert [pair for node, pair in nodes.items() if not any(node in p for p in problems)] == []


def test_what_may_overlap_does_not_clash(ontology: rdflib.Graph) -> None:
    g, _ = planted(ontology, OVERLAPS)
    assert consistency_problems(g) == []
