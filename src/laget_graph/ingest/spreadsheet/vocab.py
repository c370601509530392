"""Controlled values for the drop-downs, read from the ontology and its SKOS schemes.

Each list maps the text a coordinator sees (the Norwegian label) to an IRI, and accepts near
spellings (English label, alternative labels, notation, local name) when importing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ...namespaces import AREA, LG, MK, STATUS, TG, TIER
from ...resources import ontology_files


@dataclass
class Choices:
    """A drop-down list: display label → IRI, plus every accepted spelling for the import."""

    name: str
    labels: dict[str, rdflib.URIRef] = field(default_factory=dict)  # display (nb) -> IRI
    accepted: dict[str, rdflib.URIRef] = field(default_factory=dict)  # lower-cased spelling -> IRI

    def label_of(self, iri: rdflib.term.Node) -> str | None:
        for label, value in self.labels.items():
            if value == iri:
                return label
        return None

    def lookup(self, text: str) -> rdflib.URIRef | None:
        return self.accepted.get(text.strip().lower())

    def suggest(self, text: str) -> str | None:
        """The display label closest to ``text`` (difflib), or None."""
        match = difflib.get_close_matches(text.strip().lower(), list(self.accepted), n=1, cutoff=0.6)
        if not match:
            return None
        return self.label_of(self.accepted[match[0]])


@cache
def ontology_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in ontology_files():
        g.parse(path, format="turtle")
    return g


def _choices(name: str, members: list[rdflib.URIRef], g: rdflib.Graph, label_props: tuple[rdflib.URIRef, ...],
             ) -> Choices:
    c = Choices(name)
    for iri in sorted(members, key=lambda i: _sort_key(g, i)):
        nb = _label(g, iri, "nb", label_props) or iri.split("/")[-1].split("#")[-1]
        c.labels[nb] = iri
        spellings = {nb, iri.split("/")[-1].split("#")[-1]}
        for prop in (*label_props, SKOS.altLabel, SKOS.notation):
            spellings |= {str(o) for o in g.objects(iri, prop)}
        for s in spellings:
            c.accepted.setdefault(s.strip().lower(), iri)
    return c


def _sort_key(g: rdflib.Graph, iri: rdflib.URIRef) -> tuple[str, str]:
    notation = g.value(iri, SKOS.notation)
    parts = str(notation).split(".") if notation is not None else []
    return (".".join(p.zfill(3) for p in parts), str(iri))


def _label(g: rdflib.Graph, iri: rdflib.URIRef, lang: str, props: tuple[rdflib.URIRef, ...]) -> str | None:
    for prop in props:
        for o in g.objects(iri, prop):
            if isinstance(o, rdflib.Literal) and o.language == lang:
                return str(o)
    return None


@cache
def actor_types() -> Choices:
    """Every subclass of lg:Actor, by its Norwegian label."""
    g = ontology_graph()
    members = [c for c in g.transitive_subjects(RDFS.subClassOf, LG.Actor) if isinstance(c, rdflib.URIRef)]
    return _choices("actor_types", members, g, (RDFS.label,))


def _scheme(name: str, scheme: rdflib.Namespace) -> Choices:
    g = ontology_graph()
    members = [s for s in g.subjects(SKOS.inScheme, rdflib.URIRef(str(scheme)))
               if isinstance(s, rdflib.URIRef) and (s, RDF.type, SKOS.Concept) in g]
    return _choices(name, members, g, (SKOS.prefLabel,))


@cache
def areas() -> Choices:
    return _scheme("areas", AREA)


@cache
def tiers() -> Choices:
    return _scheme("tiers", TIER)


@cache
def target_groups() -> Choices:
    return _scheme("target_groups", TG)


@cache
def statuses() -> Choices:
    return _scheme("statuses", STATUS)


@cache
def measure_kinds() -> Choices:
    return _scheme("measure_kinds", MK)


@cache
def relations() -> Choices:
    """The relations between actors: both families (lg:collaboratesWith, lg:governanceRelation and
    their sub-properties) and the inverses of their members (lg:ownedBy)."""
    g = ontology_graph()
    family = [p for root in (LG.collaboratesWith, LG.governanceRelation)
              for p in g.transitive_subjects(RDFS.subPropertyOf, root)]
    inverses = [q for p in family for q in (*g.subjects(OWL.inverseOf, p), *g.objects(p, OWL.inverseOf))]
    members = [p for p in dict.fromkeys([*family, *inverses])
               if isinstance(p, rdflib.URIRef) and str(p).startswith(str(LG))]
    return _choices("relations", members, g, (RDFS.label,))
