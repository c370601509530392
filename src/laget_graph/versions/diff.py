"""What changed between two versions of a setup: in words, in nb and en, and as triples.

The words come from the model, not from the triples one by one: a competence coverage
(``lg:CompetenceCoverage``: actor, area, tier) is compared by what it says, whatever its node is
called, so "Bærum PPT no longer covers autism at tier 2" is one sentence, not five removed triples;
an actor that appears or disappears is one sentence; the main relations (serves, refers to …) read as
sentences; a changed value is "changed from … to …"; anything else gets a plain sentence naming
subject, property and value. Names come from the versions themselves and from the ontology and
reference data in the store. Blank nodes are compared by their place in the graph (rdflib's
canonical labelling), so an unchanged blank node is not reported as removed and added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from ..i18n import Catalog
from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, LG_IRI, PREFIXES, graph_short_name
from ..resources import ontology_files, reference_files
from ..sparql.request import QueryRequest, execute
from ..store import Backend
from .names import is_versioned
from .record import Version, content, history
from .write import VersionError

RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL_PROPERTIES = (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel")
COVERAGE = LG_IRI + "CompetenceCoverage"
COVERAGE_LINKS = {LG_IRI + p for p in ("coveringActor", "area", "tier", "hasCoverage")}

#: The main relations, by the key of their sentences in :data:`T` (``rel.<key>.added`` / ``.removed``).
RELATIONS = {LG_IRI + name: name for name in (
    "serves", "refersTo", "reportsConcernTo", "advises", "coordinates", "owns", "funds", "partnersWith",
    "collaboratesWith", "governanceRelation", "memberOf", "reportsNeedTo", "supervises", "municipality",
    "hasResponsibility")}

T = Catalog({
    "header": {"nb": "{graph}: fra {old} til {new}", "en": "{graph}: from {old} to {new}"},
    "version": {"nb": "versjon {number}", "en": "version {number}"},
    "current": {"nb": "versjon {number} (gjeldende)", "en": "version {number} (current)"},
    "nothing_before": {"nb": "ingenting", "en": "nothing"},
    "summary": {"nb": "{removed} tripler fjernet, {added} lagt til.",
                "en": "{removed} triples removed, {added} added."},
    "no_changes": {"nb": "Ingen endringer.", "en": "No changes."},
    "first": {"nb": "Versjon {number} er den første: alt i den er nytt. Se innholdet med --format ttl, eller "
                    "sammenlign to versjoner med --from og --to.",
              "en": "Version {number} is the first: everything in it is new. See its content with --format ttl, "
                    "or compare two versions with --from and --to."},
    "cov.added": {"nb": "{actor} dekker nå {area} på {tier}.", "en": "{actor} now covers {area} at {tier}."},
    "cov.removed": {"nb": "{actor} dekker ikke lenger {area} på {tier}.",
                    "en": "{actor} no longer covers {area} at {tier}."},
    "tier": {"nb": "nivå {n}", "en": "tier {n}"},
    "entity.added": {"nb": "Ny i oppsettet: {name} ({kind}).", "en": "New in the setup: {name} ({kind})."},
    "entity.removed": {"nb": "Ikke lenger i oppsettet: {name} ({kind}).",
                       "en": "No longer in the setup: {name} ({kind})."},
    "value.changed": {"nb": "{subject}: {property} er endret fra {old} til {new}.",
                      "en": "{subject}: {property} changed from {old} to {new}."},
    "value.added": {"nb": "{subject}: {property} {new} er lagt til.", "en": "{subject}: {property} {new} was added."},
    "value.removed": {"nb": "{subject}: {property} {old} er fjernet.",
                      "en": "{subject}: {property} {old} was removed."},
    "quote": {"nb": "«{text}»", "en": "“{text}”"},
    "rel.serves.added": {"nb": "{s} betjener nå {o}.", "en": "{s} now serves {o}."},
    "rel.serves.removed": {"nb": "{s} betjener ikke lenger {o}.", "en": "{s} no longer serves {o}."},
    "rel.refersTo.added": {"nb": "{s} henviser nå til {o}.", "en": "{s} now refers to {o}."},
    "rel.refersTo.removed": {"nb": "{s} henviser ikke lenger til {o}.", "en": "{s} no longer refers to {o}."},
    "rel.reportsConcernTo.added": {"nb": "{s} melder nå bekymring til {o}.", "en": "{s} now reports concerns to {o}."},
    "rel.reportsConcernTo.removed": {"nb": "{s} melder ikke lenger bekymring til {o}.",
                                     "en": "{s} no longer reports concerns to {o}."},
    "rel.advises.added": {"nb": "{s} veileder nå {o}.", "en": "{s} now advises {o}."},
    "rel.advises.removed": {"nb": "{s} veileder ikke lenger {o}.", "en": "{s} no longer advises {o}."},
    "rel.coordinates.added": {"nb": "{s} koordinerer nå {o}.", "en": "{s} now coordinates {o}."},
    "rel.coordinates.removed": {"nb": "{s} koordinerer ikke lenger {o}.", "en": "{s} no longer coordinates {o}."},
    "rel.owns.added": {"nb": "{s} eier nå {o}.", "en": "{s} now owns {o}."},
    "rel.owns.removed": {"nb": "{s} eier ikke lenger {o}.", "en": "{s} no longer owns {o}."},
    "rel.funds.added": {"nb": "{s} finansierer nå {o}.", "en": "{s} now funds {o}."},
    "rel.funds.removed": {"nb": "{s} finansierer ikke lenger {o}.", "en": "{s} no longer funds {o}."},
    "rel.partnersWith.added": {"nb": "{s} samarbeider nå med {o}.", "en": "{s} now partners with {o}."},
    "rel.partnersWith.removed": {"nb": "{s} samarbeider ikke lenger med {o}.",
                                 "en": "{s} no longer partners with {o}."},
    "rel.collaboratesWith.added": {"nb": "{s} samarbeider nå med {o}.", "en": "{s} now works with {o}."},
    "rel.collaboratesWith.removed": {"nb": "{s} samarbeider ikke lenger med {o}.",
                                     "en": "{s} no longer works with {o}."},
    "rel.governanceRelation.added": {"nb": "{s} har nå en styringslinje til {o}.",
                                     "en": "{s} now has a line of governance to {o}."},
    "rel.governanceRelation.removed": {"nb": "{s} har ikke lenger en styringslinje til {o}.",
                                       "en": "{s} no longer has a line of governance to {o}."},
    "rel.memberOf.added": {"nb": "{s} er nå medlem av {o}.", "en": "{s} is now a member of {o}."},
    "rel.memberOf.removed": {"nb": "{s} er ikke lenger medlem av {o}.", "en": "{s} is no longer a member of {o}."},
    "rel.reportsNeedTo.added": {"nb": "{s} melder nå behov til {o}.", "en": "{s} now reports needs to {o}."},
    "rel.reportsNeedTo.removed": {"nb": "{s} melder ikke lenger behov til {o}.",
                                  "en": "{s} no longer reports needs to {o}."},
    "rel.supervises.added": {"nb": "{s} fører nå tilsyn med {o}.", "en": "{s} now supervises {o}."},
    "rel.supervises.removed": {"nb": "{s} fører ikke lenger tilsyn med {o}.", "en": "{s} no longer supervises {o}."},
    "rel.municipality.added": {"nb": "{s} hører nå til {o}.", "en": "{s} now belongs to {o}."},
    "rel.municipality.removed": {"nb": "{s} hører ikke lenger til {o}.", "en": "{s} no longer belongs to {o}."},
    "rel.hasResponsibility.added": {"nb": "{s} har nå ansvaret «{o}».", "en": "{s} now has the responsibility “{o}”."},
    "rel.hasResponsibility.removed": {"nb": "{s} har ikke lenger ansvaret «{o}».",
                                      "en": "{s} no longer has the responsibility “{o}”."},
})

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Labels:
    """Names of IRIs by language ("" for untagged) and SKOS notations (the tiers' numbers)."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    notations: dict[str, str] = field(default_factory=dict)

    def add(self, triples: Iterable[ox.Triple]) -> None:
        for t in triples:
            if t.predicate.value in LABEL_PROPERTIES and isinstance(t.object, ox.Literal):
                self.names.setdefault(t.subject.value, {}).setdefault(t.object.language or "", t.object.value)

    def name(self, term: Term, lang: str) -> str:
        if isinstance(term, ox.Literal):
            return T("quote", lang, text=term.value)
        known = self.names.get(term.value, {})
        for choice in (lang, "nb", "", *known):
            if choice in known:
                return known[choice]
        return _prefixed(term.value)


@cache
def _labels_query() -> str:
    return (Path(__file__).with_name("labels.rq")).read_text(encoding="utf-8")


@cache
def _bundled_base() -> ox.Store:
    """The bundled ontology and reference data, for a store that holds neither (names still come out)."""
    base = ox.Store()
    for path in [*ontology_files(), *reference_files()]:
        base.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH_ONTOLOGY))
                    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return base


def base_labels(store: Backend) -> Labels:
    """Names and notations from the ontology and the reference data: the store's, or the bundled ones
    when the store has none."""
    request = QueryRequest(_labels_query(), "SELECT", "text/tab-separated-values", limit=None,
                           default_graphs=(GRAPH_ONTOLOGY, GRAPH_REFERENCE))
    present = {g.iri for g in store.graphs()}
    body = (store.query(request) if GRAPH_ONTOLOGY in present else execute(_bundled_base(), request)).body
    labels = Labels()
    for row in ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV):
        s, label, notation = row["s"], row["label"], row["notation"]
        if isinstance(label, ox.Literal):
            labels.names.setdefault(s.value, {}).setdefault(label.language or "", label.value)
        if isinstance(notation, ox.Literal):
            labels.notations.setdefault(s.value, notation.value)
    return labels


#: For naming terms without a label; beyond the project's prefixes, the vocabularies of the records.
_NAMING = {**PREFIXES, "dcat": "http://www.w3.org/ns/dcat#", "void": "http://rdfs.org/ns/void#",
           "spdx": "http://spdx.org/rdf/terms#"}


def _prefixed(iri: str) -> str:
    for prefix, ns in _NAMING.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri.rstrip("/").rpartition("/")[2] or iri


def _canonical(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    """The triples with blank nodes named by their place in the graph, so two versions compare."""
    triples = list(triples)
    if not any(isinstance(x, ox.BlankNode) for t in triples for x in (t.subject, t.object)):
        return set(triples)
    import rdflib
    from rdflib.compare import to_canonical_graph

    g = rdflib.Graph().parse(data=(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode(), format="nt")
    return set(ox.parse(to_canonical_graph(g).serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES))


def _coverages(triples: Iterable[ox.Triple]) -> dict[Term, tuple[Term, Term, Term]]:
    """Each coverage node with what it says: (actor, area, tier)."""
    props: dict[Term, dict[str, Term]] = defaultdict(dict)
    typed: set[Term] = set()
    for t in triples:
        if t.predicate.value == RDF_TYPE and t.object.value == COVERAGE:
            typed.add(t.subject)
        elif t.predicate.value == LG_IRI + "hasCoverage":
            props[t.object].setdefault(LG_IRI + "coveringActor", t.subject)
        elif t.predicate.value in COVERAGE_LINKS:
            props[t.subject][t.predicate.value] = t.object
    found = {}
    for node in typed:
        p = props.get(node, {})
        if all(LG_IRI + k in p for k in ("coveringActor", "area", "tier")):
            found[node] = (p[LG_IRI + "coveringActor"], p[LG_IRI + "area"], p[LG_IRI + "tier"])
    return found


def _kinds(triples: Iterable[ox.Triple]) -> dict[Term, list[str]]:
    kinds: dict[Term, list[str]] = defaultdict(list)
    for t in triples:
        if t.predicate.value == RDF_TYPE:
            kinds[t.subject].append(t.object.value)
    return kinds


@dataclass
class Diff:
    """Two versions of one graph compared. ``old`` is None when comparing with nothing (the first
    version); ``removed`` and ``added`` are the triples only in the old and only in the new one."""

    graph: str
    old: Version | None
    new: Version
    removed: list[ox.Triple]
    added: list[ox.Triple]
    labels: Labels
    old_triples: set[ox.Triple] = field(default_factory=set, repr=False)
    new_triples: set[ox.Triple] = field(default_factory=set, repr=False)

    def title(self, lang: str) -> str:
        def name(v: Version | None) -> str:
            if v is None:
                return T("nothing_before", lang)
            return T("current" if v.current else "version", lang, number=v.number)
        return T("header", lang, graph=graph_short_name(self.graph), old=name(self.old), new=name(self.new))

    def summary(self, lang: str) -> str:
        return T("summary", lang, removed=len(self.removed), added=len(self.added))

    def sentences(self, lang: str) -> list[str]:
        """What changed, one sentence each: actors, coverage, relations, values, then the rest."""
        name = lambda term: self.labels.name(term, lang)  # noqa: E731
        groups: dict[int, set[str]] = defaultdict(set)
        cov_old, cov_new = _coverages(self.old_triples), _coverages(self.new_triples)
        keys_old, keys_new = set(cov_old.values()), set(cov_new.values())
        for (actor, area, tier), change in [*((k, "removed") for k in keys_old - keys_new),
                                            *((k, "added") for k in keys_new - keys_old)]:
            groups[1].add(T(f"cov.{change}", lang, actor=name(actor), area=_in_text(name(area)),
                            tier=self._tier(tier, lang)))
        nodes = set(cov_old) | set(cov_new)
        kinds_old, kinds_new = _kinds(self.old_triples), _kinds(self.new_triples)
        subjects_old = {t.subject for t in self.old_triples}
        subjects_new = {t.subject for t in self.new_triples}
        appeared = {s for s in subjects_new - subjects_old if s in kinds_new and s not in nodes}
        vanished = {s for s in subjects_old - subjects_new if s in kinds_old and s not in nodes}
        for s in appeared:
            groups[0].add(T("entity.added", lang, name=name(s), kind=self._kind(kinds_new[s], lang)))
        for s in vanished:
            groups[0].add(T("entity.removed", lang, name=name(s), kind=self._kind(kinds_old[s], lang)))
        values: dict[tuple[Term, str], dict[str, list[Term]]] = defaultdict(lambda: {"removed": [], "added": []})
        for change, triples in (("removed", self.removed), ("added", self.added)):
            for t in triples:
                p = t.predicate.value
                if t.subject in nodes and cov_old.get(t.subject, cov_new.get(t.subject)) not in keys_old & keys_new:
                    continue  # said by the coverage sentence
                if p in RELATIONS and not isinstance(t.object, ox.Literal):
                    groups[2].add(T(f"rel.{RELATIONS[p]}.{change}", lang, s=name(t.subject), o=name(t.object)))
                elif t.subject in appeared or t.subject in vanished or p == LG_IRI + "hasCoverage":
                    continue  # said by the actor's sentence (or the coverage's)
                else:
                    values[(t.subject, p)][change].append(t.object)
        for (subject, p), change in values.items():
            who, prop = self._subject(subject, cov_old | cov_new, lang), name(ox.NamedNode(p))
            old, new = sorted(change["removed"], key=str), sorted(change["added"], key=str)
            if len(old) == 1 and len(new) == 1:
                groups[3].add(T("value.changed", lang, subject=who, property=prop, old=name(old[0]), new=name(new[0])))
                continue
            for o in old:
                groups[4].add(T("value.removed", lang, subject=who, property=prop, old=name(o)))
            for o in new:
                groups[4].add(T("value.added", lang, subject=who, property=prop, new=name(o)))
        return [line for rank in sorted(groups) for line in sorted(groups[rank])]

    def _tier(self, tier: Term, lang: str) -> str:
        number = self.labels.notations.get(tier.value) or tier.value.rstrip("/").rpartition("/")[2]
        return T("tier", lang, n=number) if number.isdigit() else self.labels.name(tier, lang)

    def _kind(self, classes: list[str], lang: str) -> str:
        ours = sorted(c for c in classes if c.startswith(LG_IRI)) or sorted(classes)
        return self.labels.name(ox.NamedNode(ours[0]), lang)

    def _subject(self, subject: Term, coverages: dict[Term, tuple[Term, Term, Term]], lang: str) -> str:
        if subject in coverages:  # a coverage's own details (source, note, period) changed
            actor, area, tier = coverages[subject]
            area_name = _in_text(self.labels.name(area, lang))
            return f"{self.labels.name(actor, lang)} – {area_name}, {self._tier(tier, lang)}"
        return self.labels.name(subject, lang)

    def turtle(self) -> bytes:
        """The removed and the added triples as two Turtle documents, each under a comment line."""
        def doc(triples: list[ox.Triple]) -> bytes:
            return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        return (f"# {self.title('en')}\n# removed\n".encode() + doc(self.removed)
                + b"\n# added\n" + doc(self.added))

    def to_json(self, lang: str) -> dict[str, object]:
        def nt(triples: list[ox.Triple]) -> list[str]:
            return sorted(f"{t} ." for t in triples)
        return {"graph": graph_short_name(self.graph), "from": self.old.number if self.old else None,
                "to": self.new.number, "title": self.title(lang), "summary": self.summary(lang),
                "sentences": self.sentences(lang), "removed": nt(self.removed), "added": nt(self.added)}


def _in_text(label: str) -> str:
    """An area's name inside a sentence: lower case like a common noun, unless it is an acronym."""
    return label[:1].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def _pick(records: list[Version], number: int, graph: str) -> Version:
    for r in records:
        if r.number == number:
            return r
    raise VersionError("no_version", graph=graph_short_name(graph), number=number,
                       known=", ".join(str(r.number) for r in records))


def diff(store: Backend, graph: str, old: int | None = None, new: int | None = None) -> Diff:
    """Compare version ``old`` with version ``new`` of ``graph``. By default ``new`` is the current
    version (or the last, after a drop) and ``old`` the one it replaced."""
    if not is_versioned(graph):
        raise VersionError("not_versioned", graph=graph_short_name(graph))
    present = {g.iri for g in store.graphs()}
    records = history(store, graph, present)
    if not records:
        raise VersionError("no_history", graph=graph_short_name(graph))
    to = _pick(records, new, graph) if new is not None else records[-1]
    before_number = old if old is not None else to.revision_of
    before = _pick(records, before_number, graph) if before_number is not None else None
    old_triples = _canonical(content(store, graph, before, present)) if before else set()
    new_triples = _canonical(content(store, graph, to, present))
    labels = base_labels(store)
    labels.add(old_triples)
    labels.add(new_triples)
    removed = sorted(old_triples - new_triples, key=str)
    added = sorted(new_triples - old_triples, key=str)
    return Diff(graph, before, to, removed, added, labels, old_triples, new_triples)
