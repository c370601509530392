"""What changed between two versions of a setup: in words, in nb and en, and as triples.

The words come from the model, not from the triples one by one: a competence coverage
(``lg:CompetenceCoverage``: actor, area, tier) is compared by what it says, whatever its node is
called, so "Bærum PPT no longer covers autism at tier 2" is one sentence, not five removed triples;
an actor that appears or disappears is one sentence; the main relations (serves, refers to …) read as
sentences; the programme cycle's nodes (needs, needs reports, priority decisions, allocations,
evaluations: :data:`CYCLE`) are compared like coverages, by what they are about, so a new needs
report or a changed amount is one sentence; a changed value is "changed from … to …"; anything else
gets a plain sentence naming
subject, property and value. Names come from the versions themselves and from the ontology and
reference data in the store. Blank nodes are compared by their place in the graph (rdflib's
canonical labelling), so an unchanged blank node is not reported as removed and added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
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
    "hasResponsibility", "addressesNeed")}


@dataclass(frozen=True)
class Kind:
    """A kind of node in the programme cycle, compared by what it is about rather than by its IRI.
    ``key``: the properties that say which node it is (a key only in the new version is a node that
    appeared, one only in the old a node that disappeared); ``fields``: the properties its sentences
    name; ``said``: the properties whose change has a sentence of its own (``<name>.<property>.changed``
    in :data:`T`); any other change to a node that stays is a plain "changed from … to …"."""

    name: str
    cls: str
    key: tuple[str, ...]
    fields: tuple[str, ...]
    said: tuple[str, ...] = ()


def _lg(*names: str) -> tuple[str, ...]:
    return tuple(n if ":" in n else LG_IRI + n for n in names)


#: The inverses of the cycle's links, stated on the actor (the setups state them on the node): said with it.
CYCLE_INVERSES = set(_lg("makesAllocation", "submitsNeedsReport"))
RDFS_LABEL = PREFIXES["rdfs"] + "label"
#: The programme cycle: sentences ``cycle.<name>.added`` / ``.removed`` / ``.<property>.changed``.
CYCLE = (
    Kind("need", LG_IRI + "Need", (RDFS_LABEL,), _lg("area", "priority"), _lg("priority")),
    Kind("report", LG_IRI + "NeedsReport", _lg("submittedBy", "submittedTo", "year"),
         _lg("submittedBy", "submittedTo", "year", "deadline"), _lg("deadline")),
    Kind("decision", LG_IRI + "PriorityDecision", _lg("decidedBy", "year"), _lg("decidedBy", "year")),
    Kind("allocation", LG_IRI + "Allocation", _lg("allocatedBy", "recipient", "year", "allocatedFor"),
         _lg("allocatedBy", "recipient", "year", "allocatedFor", "amount"), _lg("amount")),
    Kind("evaluation", LG_IRI + "Evaluation", (LG_IRI + "evaluates", PREFIXES["schema"] + "startDate"),
         _lg("evaluates"), _lg("outcome")),
)

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
    "rel.addressesNeed.added": {"nb": "{s} tar nå opp behovet {o}.", "en": "{s} now addresses the need {o}."},
    "rel.addressesNeed.removed": {"nb": "{s} tar ikke lenger opp behovet {o}.",
                                  "en": "{s} no longer addresses the need {o}."},
    "nok": {"nb": "{amount} kr", "en": "NOK {amount}"},
    "part.year": {"nb": " for {year}", "en": " for {year}"},
    "part.deadline": {"nb": " (frist {deadline})", "en": " (deadline {deadline})"},
    "part.priority": {"nb": ", prioritet {priority}", "en": ", priority {priority}"},
    "part.area": {"nb": " innen {area}", "en": " in {area}"},
    "part.amount.none": {"nb": "midler", "en": "funds"},
    "part.allocatedFor": {"nb": " ({allocatedFor})", "en": " ({allocatedFor})"},
    "part.evaluates": {"nb": " av {evaluates}", "en": " of {evaluates}"},
    "cycle.need.added": {"nb": "Ny i oppsettet: behovet {name}{area}{priority}.",
                         "en": "New in the setup: the need {name}{area}{priority}."},
    "cycle.need.removed": {"nb": "Ikke lenger i oppsettet: behovet {name}{area}{priority}.",
                           "en": "No longer in the setup: the need {name}{area}{priority}."},
    "cycle.need.priority.changed": {"nb": "Prioriteten til behovet {name} er endret fra {old} til {new}.",
                                    "en": "The priority of the need {name} changed from {old} to {new}."},
    "cycle.report.added": {"nb": "{submittedBy} melder nå behov til {submittedTo}{year}{deadline}.",
                           "en": "{submittedBy} now reports its needs to {submittedTo}{year}{deadline}."},
    "cycle.report.removed": {"nb": "{submittedBy} melder ikke lenger behov til {submittedTo}{year}{deadline}.",
                             "en": "{submittedBy} no longer reports its needs to {submittedTo}{year}{deadline}."},
    "cycle.report.deadline.changed": {
        "nb": "Fristen for meldingen av behov fra {submittedBy} til {submittedTo}{year} er endret fra {old} til {new}.",
        "en": "The deadline of the needs report from {submittedBy} to {submittedTo}{year} changed from {old} "
              "to {new}."},
    "cycle.decision.added": {"nb": "{decidedBy} har nå vedtatt prioriteringer{year}.",
                             "en": "{decidedBy} has now decided its priorities{year}."},
    "cycle.decision.removed": {"nb": "Ikke lenger i oppsettet: prioriteringsvedtaket til {decidedBy}{year}.",
                               "en": "No longer in the setup: the priority decision of {decidedBy}{year}."},
    "cycle.allocation.added": {"nb": "{allocatedBy} tildeler nå {amount} til {recipient}{year}{allocatedFor}.",
                               "en": "{allocatedBy} now allocates {amount} to {recipient}{year}{allocatedFor}."},
    "cycle.allocation.removed": {
        "nb": "{allocatedBy} tildeler ikke lenger {amount} til {recipient}{year}{allocatedFor}.",
        "en": "{allocatedBy} no longer allocates {amount} to {recipient}{year}{allocatedFor}."},
    "cycle.allocation.amount.changed": {
        "nb": "Tildelingen fra {allocatedBy} til {recipient}{year}{allocatedFor} er endret fra {old} til {new}.",
        "en": "The allocation from {allocatedBy} to {recipient}{year}{allocatedFor} changed from {old} to {new}."},
    "cycle.evaluation.added": {"nb": "Ny i oppsettet: evalueringen {name}{evaluates}.",
                               "en": "New in the setup: the evaluation {name}{evaluates}."},
    "cycle.evaluation.removed": {"nb": "Ikke lenger i oppsettet: evalueringen {name}{evaluates}.",
                                 "en": "No longer in the setup: the evaluation {name}{evaluates}."},
    "cycle.evaluation.outcome.changed": {
        "nb": "Resultatet av evalueringen {name} er endret fra {old} til {new}.",
        "en": "The outcome of the evaluation {name} changed from {old} to {new}."},
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


Described = dict[Term, dict[str, set[Term]]]
KINDS = {kind.name: kind for kind in CYCLE}


def _described(triples: Iterable[ox.Triple]) -> Described:
    """Each subject's values, by property."""
    props: Described = defaultdict(lambda: defaultdict(set))
    for t in triples:
        props[t.subject][t.predicate.value].add(t.object)
    return props


def _cycle(props: Described, kinds: dict[Term, list[str]]) -> dict[tuple[object, ...], Term]:
    """The cycle's nodes by (kind, key). Nodes that share a key in one version, or have none, are told
    apart by their IRI as well."""
    found: dict[tuple[object, ...], list[Term]] = defaultdict(list)
    for node, classes in kinds.items():
        for kind in CYCLE:
            if kind.cls in classes:
                found[(kind.name, *(frozenset(props[node].get(p, ())) for p in kind.key))].append(node)
    unique: dict[tuple[object, ...], Term] = {}
    for key, nodes in found.items():
        if len(nodes) == 1 and any(key[1:]):
            unique[key] = nodes[0]
        else:
            unique.update({(*key, n): n for n in nodes})
    return unique


def _moved(t: ox.Triple, renamed: dict[Term, Term]) -> ox.Triple:
    return ox.Triple(renamed.get(t.subject, t.subject), t.predicate, renamed.get(t.object, t.object))  # type: ignore[arg-type]


def _local(iri: str) -> str:
    return iri.rpartition("#")[2].rpartition("/")[2]


def _grouped(value: str, lang: str) -> str:
    """An amount with its thousands grouped by a space (as the project writes counts), decimals only
    when there are some, with a decimal comma in nb."""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    text = f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"
    text = text.replace(",", " ")
    return text.replace(".", ",") if lang == "nb" else text


def _in_lang(terms: Iterable[Term], lang: str) -> list[Term]:
    """Untagged values, and of the language-tagged ones those in ``lang`` (else nb, else all)."""
    terms = list(terms)
    tagged = [t for t in terms if isinstance(t, ox.Literal) and t.language]
    chosen = [t for t in tagged if t.language == lang] or [t for t in tagged if t.language == "nb"] or tagged
    return [t for t in terms if t not in tagged] + chosen


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
        """What changed, one sentence each: actors, coverage and the cycle's nodes, relations, values,
        then the rest."""
        name = lambda term: self.labels.name(term, lang)  # noqa: E731
        groups: dict[int, set[str]] = defaultdict(set)
        cov_old, cov_new = _coverages(self.old_triples), _coverages(self.new_triples)
        keys_old, keys_new = set(cov_old.values()), set(cov_new.values())
        for (actor, area, tier), change in [*((k, "removed") for k in keys_old - keys_new),
                                            *((k, "added") for k in keys_new - keys_old)]:
            groups[1].add(T(f"cov.{change}", lang, actor=name(actor), area=_in_text(name(area)),
                            tier=self._tier(tier, lang)))
        kinds_old, kinds_new = _kinds(self.old_triples), _kinds(self.new_triples)
        values: dict[tuple[Term, str], dict[str, list[Term]]] = defaultdict(lambda: {"removed": [], "added": []})
        cycle, renamed = self._cycle_changes(kinds_old, kinds_new, lang, groups, values)
        back = {n: o for o, n in renamed.items()}
        nodes = set(cov_old) | set(cov_new) | cycle
        subjects_old = {t.subject for t in self.old_triples}
        subjects_new = {t.subject for t in self.new_triples}
        appeared = {s for s in subjects_new - subjects_old if s in kinds_new and s not in nodes}
        vanished = {s for s in subjects_old - subjects_new if s in kinds_old and s not in nodes}
        for s in appeared:
            groups[0].add(T("entity.added", lang, name=name(s), kind=self._kind(kinds_new[s], lang)))
        for s in vanished:
            groups[0].add(T("entity.removed", lang, name=name(s), kind=self._kind(kinds_old[s], lang)))
        for change, triples in (("removed", self.removed), ("added", self.added)):
            for t in triples:
                p = t.predicate.value
                if t.subject in cycle or (p in CYCLE_INVERSES and t.object in cycle):
                    continue  # said by the cycle's sentences
                if renamed and _moved(t, renamed if change == "removed" else back) in (
                        self.new_triples if change == "removed" else self.old_triples):
                    continue  # a link to a cycle node that only changed its IRI
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

    def _cycle_changes(self, kinds_old: dict[Term, list[str]], kinds_new: dict[Term, list[str]], lang: str,
                       groups: dict[int, set[str]],
                       values: dict[tuple[Term, str], dict[str, list[Term]]]) -> tuple[set[Term], dict[Term, Term]]:
        """The cycle's nodes that appeared or disappeared (one sentence each) and the changed values
        of those that stay (a sentence of their own, or into ``values`` for the plain one). Returns
        every cycle node, whose triples are then said, and the new IRI of each node that stays under
        another one (a link to it is not a change)."""
        props_old, props_new = _described(self.old_triples), _described(self.new_triples)
        old, new = _cycle(props_old, kinds_old), _cycle(props_new, kinds_new)
        for keys, nodes, props, change in ((old.keys() - new.keys(), old, props_old, "removed"),
                                           (new.keys() - old.keys(), new, props_new, "added")):
            for key in keys:
                kind = KINDS[str(key[0])]
                groups[1].add(T(f"cycle.{kind.name}.{change}", lang, **self._fields(kind, nodes[key], props, lang)))
        renamed = {old[key]: new[key] for key in old.keys() & new.keys() if old[key] != new[key]}
        for key in old.keys() & new.keys():
            kind, before, after = KINDS[str(key[0])], props_old[old[key]], props_new[new[key]]
            for p in sorted((before.keys() | after.keys()) - {RDF_TYPE}):
                was, now = {renamed.get(o, o) for o in before.get(p, ())}, after.get(p, set())
                if was == now:
                    continue
                said_old, said_new = _in_lang(was, lang), _in_lang(now, lang)
                sentence = f"cycle.{kind.name}.{_local(p)}.changed"
                if p in kind.said and len(said_old) == len(said_new) == 1 and sentence in T:
                    groups[3].add(T(sentence, lang, old=self._value(p, said_old[0], lang),
                                    new=self._value(p, said_new[0], lang),
                                    **self._fields(kind, new[key], props_new, lang)))
                else:  # texts in both languages: the reader's
                    values[(new[key], p)]["removed"].extend(_in_lang(was - now, lang))
                    values[(new[key], p)]["added"].extend(_in_lang(now - was, lang))
        return set(old.values()) | set(new.values()), renamed

    def _fields(self, kind: Kind, node: Term, props: Described, lang: str) -> dict[str, str]:
        """What a cycle node's sentences name: its own name, and each of ``kind.fields`` in words
        (wrapped in its ``part.<field>`` when there is one, or ``part.<field>.none`` when it is missing)."""
        fields = {"name": T("quote", lang, text=self.labels.name(node, lang))}
        for p in kind.fields:
            f = _local(p)
            text = ", ".join(sorted(self._value(p, t, lang) for t in _in_lang(props[node].get(p, ()), lang)))
            if text:
                fields[f] = T(f"part.{f}", lang, **{f: text}) if f"part.{f}" in T else text
            else:
                fields[f] = T(f"part.{f}.none", lang) if f"part.{f}.none" in T else ""
        return fields

    def _value(self, p: str, term: Term, lang: str) -> str:
        """One value of a cycle node in words: amounts in kroner, dates and numbers as written (ISO),
        texts quoted, anything else by its name."""
        if p == LG_IRI + "amount" and isinstance(term, ox.Literal):
            return T("nok", lang, amount=_grouped(term.value, lang))
        if isinstance(term, ox.Literal):
            return T("quote", lang, text=term.value) if term.language else term.value
        name = self.labels.name(term, lang)
        return _in_text(name) if p == LG_IRI + "area" else name

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
