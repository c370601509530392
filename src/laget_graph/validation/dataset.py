"""The data a validation looks at: ontology + reference data + one graph per setup, in pyoxigraph.

A municipality's setup is validated together with the ontology (for ``rdfs:subClassOf``) and the
reference data (municipalities, counties, Statped …), never alone: a check that looks at something
the subgraph lacks would otherwise pass silently. Each :class:`Dataset` is its own in-memory store,
so concurrent validations (server workers) share nothing mutable.

The shapes target only what a setup describes: its own nodes, and the municipalities its dcat:Dataset
names with ``lg:describesMunicipality``, so the 356 other municipalities of the reference data are
never "missing a PPT" in Bærum's report, in this engine or any other. :meth:`Dataset.scope` only
decides which setup's report a finding goes to when several setups are loaded together.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pyoxigraph as ox
import rdflib

from ..ingest import parse_rdf, rdf_format_for
from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, LG
from ..resources import ontology_files, reference_files
from ..store import ParsedFile

#: Blank nodes of uploaded setups become these IRIs (RDF 1.1 skolem IRIs), so that both engines and
#: every report name the same node.
SKOLEM_BASE = "https://w3id.org/laget/.well-known/genid/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


@cache
def bundled_base_quads() -> tuple[ox.Quad, ...]:
    """Ontology and reference data from the bundled files (parsed once per process)."""
    quads: list[ox.Quad] = []
    for files, graph in ((ontology_files(), GRAPH_ONTOLOGY), (reference_files(), GRAPH_REFERENCE)):
        for path in files:
            for qs in parse_rdf(path, rdf_format_for(path), graph, str(path)).graphs.values():
                quads += qs
    return tuple(quads)


class Dataset:
    """One validation's store: base graphs plus setup graphs added with :meth:`add`."""

    def __init__(self, base: Sequence[ox.Quad] | None = None) -> None:
        self.store = ox.Store()
        self._base = bundled_base_quads() if base is None else base
        self.store.extend(self._base)
        self.setups: dict[str, str] = {}  # graph IRI -> source name (file, upload, sheet)
        self._describers: dict[str, set[str]] = {}  # IRI -> setup graphs that declare (type) it
        self._subjects: dict[str, set[str]] = {}  # setup graph -> IRIs it declares
        self._neighbours: dict[str, list[str]] = {}

    def _in_base(self, node: ox.NamedNode) -> bool:
        return any(True for _ in self.store.quads_for_pattern(node, _RDF_TYPE, None, ox.NamedNode(GRAPH_REFERENCE)))

    def neighbours(self, setup: str) -> list[str]:
        """Other loaded setups that declare (type) a node this setup points to: an inter-municipal PPT
        hosted in the neighbour's file is typed there. Validating a county in one run sees them; a single
        file is validated with what it carries. Reference nodes (Statped, municipalities) never make
        setups neighbours, however many setups mention them."""
        if setup not in self._neighbours:
            found: set[str] = set()
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(setup)):
                if isinstance(q.object, ox.NamedNode):
                    found |= self._describers.get(q.object.value, set())
            found.discard(setup)
            self._neighbours[setup] = sorted(found)
        return self._neighbours[setup]

    def add(self, parsed: ParsedFile) -> list[str]:
        """Add every graph of a parsed file as a setup (blank nodes skolemised); returns the graph IRIs.
        Two files about the same setup are merged, never one silently replacing the other."""
        added = []
        self._neighbours.clear()
        for graph, quads in parsed.graphs.items():
            node = ox.NamedNode(graph)
            quads = [ox.Quad(_skolem(q.subject), q.predicate, _skolem(q.object), node) for q in quads]
            self.store.extend(quads)
            subjects = {q.subject.value for q in quads if q.predicate == _RDF_TYPE
                        and isinstance(q.subject, ox.NamedNode) and not self._in_base(q.subject)}
            self._subjects.setdefault(graph, set()).update(subjects)
            for subject in subjects:
                self._describers.setdefault(subject, set()).add(graph)
            self.setups[graph] = f"{self.setups[graph]} + {parsed.path}" if graph in self.setups else parsed.path
            added.append(graph)
        return added

    def isolated(self, setup: str) -> Dataset:
        """A store of its own with just what ``setup`` is validated against (base, itself, its
        neighbours). In a big run every query then touches one setup's data, not the whole county's
        or country's, so the time per setup stays constant and a run grows linearly."""
        sub = Dataset(self._base)
        neighbours = self.neighbours(setup)
        for graph in (setup, *neighbours):
            sub.store.extend(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        sub.setups[setup] = self.setups[setup]
        sub._neighbours[setup] = neighbours
        return sub

    def replace(self, parsed: ParsedFile) -> list[str]:
        """Put a changed file's graphs in place of the old ones (re-validating one municipality)."""
        for graph in parsed.graphs:
            self.store.remove_graph(ox.NamedNode(graph))
            self.setups.pop(graph, None)
            for subject in self._subjects.pop(graph, set()):
                self._describers[subject].discard(graph)
        return self.add(parsed)

    def default_graphs(self, setup: str) -> list[ox.NamedNode]:
        """What a setup is validated against: ontology, reference data, itself and its neighbours."""
        graphs = [GRAPH_ONTOLOGY, GRAPH_REFERENCE, setup, *self.neighbours(setup)]
        return [ox.NamedNode(g) for g in graphs]

    def query(self, sparql: str, setup: str) -> ox.QuerySolutions:
        """Run a SELECT over setup + ontology + reference as one default graph."""
        return self.store.query(sparql, default_graph=self.default_graphs(setup))  # type: ignore[return-value]

    def scope(self, setup: str) -> set[rdflib.term.Node]:
        """Which findings belong in this setup's report: those about its subjects, the municipalities
        it says it describes (``lg:describesMunicipality``) and those its units lie in
        (``lg:municipality``). The shapes themselves target only these (see shapes/README.md), so for
        a setup validated alone this keeps every finding; with neighbours loaded it leaves the
        neighbours' own nodes to their own reports."""
        g = ox.NamedNode(setup)
        nodes = {q.subject for q in self.store.quads_for_pattern(None, None, None, g)}
        for link in (LG.describesMunicipality, LG.municipality):
            nodes |= {q.object for q in self.store.quads_for_pattern(None, ox.NamedNode(str(link)), None, g)
                      if isinstance(q.object, ox.NamedNode)}
        return {to_rdflib(n) for n in nodes}

    def to_rdflib(self, setup: str) -> rdflib.Graph:
        """Setup + ontology + reference as one rdflib graph, for pyshacl (terms kept identical)."""
        g = rdflib.Graph()
        for graph in self.default_graphs(setup):
            for q in self.store.quads_for_pattern(None, None, None, graph):
                g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g

    def labels(self, nodes: Sequence[rdflib.term.Node], setup: str | None) -> dict[str, dict[str, str]]:
        """rdfs:label / skos:prefLabel of the given IRIs, by language ("" for untagged); with
        ``setup=None`` from every graph at once (a big run looks its labels up in one go)."""
        iris = sorted({str(n) for n in nodes if isinstance(n, rdflib.URIRef)})
        result: dict[str, dict[str, str]] = {}
        for start in range(0, len(iris), 500):
            values = " ".join(f"<{i}>" for i in iris[start:start + 500])
            q = ("SELECT ?s ?l WHERE { VALUES ?s { " + values + " } "
                 "?s <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
            rows = self.query(q, setup) if setup else self.store.query(q, use_default_graph_as_union=True)
            for row in rows:  # type: ignore[union-attr]
                lit = row["l"]
                if isinstance(lit, ox.Literal):
                    result.setdefault(row["s"].value, {}).setdefault(lit.language or "", lit.value)
        return result


    def anchors(self, nodes: Sequence[rdflib.term.Node], setup: str) -> dict[str, str]:
        """For each blank node (skolem IRI) among ``nodes``, the nearest named node of the setup that
        points to it, preferring one with a label: a finding on ``[ skos:note "…" ]`` is then shown
        under the unit or post the reader can find. Walks incoming links breadth first."""
        graph = ox.NamedNode(setup)
        result: dict[str, str] = {}
        for node in {str(n) for n in nodes if str(n).startswith(SKOLEM_BASE)}:
            seen, frontier, named = {node}, [node], None
            while frontier and node not in result:
                nxt = []
                for current in frontier:
                    for q in self.store.quads_for_pattern(None, None, ox.NamedNode(current), graph):
                        subject = q.subject.value
                        if subject in seen:
                            continue
                        seen.add(subject)
                        if not subject.startswith(SKOLEM_BASE):
                            named = named or subject
                            if self._has_label(q.subject):
                                result[node] = subject
                                break
                        nxt.append(subject)
                    if node in result:
                        break
                frontier = nxt
            if node not in result and named:
                result[node] = named
        return result

    def _has_label(self, node: ox.NamedNode | ox.BlankNode) -> bool:
        return any(True for p in (_LABEL, _PREF_LABEL) for _ in self.store.quads_for_pattern(node, p, None, None))


def _skolem(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> ox.NamedNode | ox.Literal | ox.Triple:
    if isinstance(term, ox.BlankNode):
        return ox.NamedNode(SKOLEM_BASE + term.value)
    return term  # type: ignore[return-value]


def to_rdflib(term: object) -> rdflib.term.Node:
    """Convert a pyoxigraph term to the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")
