"""Compile SHACL shapes to SPARQL: one query per shape that returns all its violating focus nodes.

The SHACL2SPARQL idea: instead of walking focus nodes one at a time (pyshacl), ask the store once
per shape. Each query selects ``?this`` (focus node), ``?value``, ``?path`` and ``?component``.

What the compiler understands (the subset the project's shapes use, and a bit more):
targets (class, implicit class, node, subjectsOf, objectsOf); predicate, inverse, sequence,
alternative and */+/? paths; minCount, maxCount, class, datatype, nodeKind, pattern, minLength,
maxLength, in, hasValue, min/max Inclusive/Exclusive, closed, qualifiedValueShape and not (each with
a simple value shape: class, datatype, nodeKind, in, hasValue, pattern) and SHACL-SPARQL ``sh:select``
constraints that bind ``$this`` in a triple pattern.
Anything else makes :func:`compile_shapes` return an :class:`Unsupported` entry, and the engine
runs that shape with pyshacl instead and says so.

Choices made for pyoxigraph: ``MINUS`` rather than ``FILTER NOT EXISTS`` (two orders of magnitude
faster there for the same check), and class membership via ``rdf:type/rdfs:subClassOf*``, which is
what SHACL means by "instance of".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from .shapes import SH

TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
#: Where :meth:`CompiledShape.scoped` puts the setup's own nodes (see :meth:`Dataset.scope`).
SCOPE_MARK = "#SCOPE#\n"
LG_MUNICIPALITY = "https://w3id.org/laget/def#municipality"
LG_DESCRIBES = "https://w3id.org/laget/def#describesMunicipality"


class Unsupported(Exception):
    """A shape (or constraint) the compiler cannot translate; carries the reason."""


@dataclass(frozen=True)
class CompiledShape:
    """A shape and the single SPARQL query returning its violations."""

    shape: rdflib.URIRef | rdflib.BNode
    severity: rdflib.URIRef
    query: str
    #: True when every constraint follows paths from the focus node (SHACL Core), so the answer for a
    #: focus node does not depend on which other setups share the store. SHACL-SPARQL constraints may
    #: look at any node ("someone in the team covers the area"), so they are answered setup by setup.
    local: bool = True

    @property
    def reads_text(self) -> bool:
        """The query matches patterns in text (sh:pattern). Walking every focus node would match every
        label and definition of the ontology and reference data too, which is most of the text there
        is; such a query starts from the setup's own nodes instead (half the time for Oslo)."""
        return "REGEX(" in self.query

    def scoped(self, graph: str | None) -> str:
        """The query starting from the nodes of one setup graph (None: every focus node in the store).
        Without it the store would walk, for each setup, every municipality of the reference data."""
        if graph is None:
            return self.query.replace(SCOPE_MARK, "")
        start = (f"{{ SELECT DISTINCT ?this WHERE {{ {{ GRAPH <{graph}> {{ ?this ?_sp ?_so }} }} UNION "
                 f"{{ GRAPH <{graph}> {{ ?_ss <{LG_MUNICIPALITY}>|<{LG_DESCRIBES}> ?this }} }} }} }}\n")
        return self.query.replace(SCOPE_MARK, start)


@dataclass(frozen=True)
class Fallback:
    """A shape the compiler left to pyshacl, and why."""

    shape: rdflib.URIRef | rdflib.BNode
    reason: str


def compile_shapes(g: rdflib.Graph) -> tuple[list[CompiledShape], list[Fallback]]:
    """Compile every active shape of the shapes graph ``g`` that has targets (or whose parent has)."""
    compiled: list[CompiledShape] = []
    fallbacks: list[Fallback] = []
    for shape, targets in _shapes_with_targets(g):
        try:
            compiled.extend(_compile(g, shape, targets))
        except Unsupported as exc:
            fallbacks.append(Fallback(shape, str(exc)))
    return compiled, fallbacks


# -- which shapes, with which targets ---------------------------------------------------------------

def _shapes_with_targets(g: rdflib.Graph) -> Iterator[tuple[rdflib.term.Node, str]]:
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    shapes |= {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
               for s in g.subjects(p, None)}
    for shape in sorted(shapes, key=str):
        if _deactivated(g, shape):
            continue
        target = _target_pattern(g, shape)
        if target is not None:
            yield shape, target


def _deactivated(g: rdflib.Graph, shape: rdflib.term.Node) -> bool:
    return any(o.toPython() is True for o in g.objects(shape, SH.deactivated) if isinstance(o, rdflib.Literal))


def _target_pattern(g: rdflib.Graph, shape: rdflib.term.Node) -> str | None:
    """A group pattern binding ``?this`` to each focus node of ``shape`` once, or None if untargeted."""
    parts: list[str] = []
    classes = set(g.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL.Class) in g:
        classes.add(shape)
    parts += [f"?this {TYPE_PATH} {_term(c)} ." for c in sorted(classes, key=str)]
    nodes = sorted(g.objects(shape, SH.targetNode), key=str)
    if nodes:
        parts.append("VALUES ?this { " + " ".join(_term(n) for n in nodes) + " }")
    parts += [f"?this {_term(p)} ?_target ." for p in sorted(g.objects(shape, SH.targetSubjectsOf), key=str)]
    parts += [f"?_target {_term(p)} ?this ." for p in sorted(g.objects(shape, SH.targetObjectsOf), key=str)]
    if not parts:
        return None
    union = " UNION ".join("{ " + p + " }" for p in parts)
    return "{ SELECT DISTINCT ?this WHERE { " + SCOPE_MARK + union + " } }"


# -- one shape ----------------------------------------------------------------------------------------

_KNOWN = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path, SH.property,
    SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.deactivated, SH.defaultValue,
    SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH.minLength,
    SH.maxLength, SH["in"], SH.hasValue, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH.closed, SH.ignoredProperties, SH.qualifiedValueShape, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.sparql, SH["not"], RDF.type,
}


def _compile(g: rdflib.Graph, shape: rdflib.term.Node, target: str) -> list[CompiledShape]:
    """The shape's own query, plus one per nested property shape (each reported as its own shape)."""
    result = []
    own = _blocks(g, shape, target)
    if own:
        result.append(_assemble(g, shape, own))
    for prop in sorted(g.objects(shape, SH.property), key=str):
        if _deactivated(g, prop):
            continue
        blocks = _blocks(g, prop, target)
        if blocks:
            result.append(_assemble(g, prop, blocks))
    return result


def _assemble(g: rdflib.Graph, shape: rdflib.term.Node, blocks: list[str]) -> CompiledShape:
    body = " UNION ".join("{ " + b + " }" for b in blocks)
    prefixes = _sparql_prefixes(g, shape)
    query = f"{prefixes}SELECT ?this ?value ?path ?component WHERE {{ {body} }}"
    severity = g.value(shape, SH.severity) or SH.Violation
    local = all(_focus_local(g, c, prefixes) for c in g.objects(shape, SH.sparql))
    return CompiledShape(shape, severity, query, local)  # type: ignore[arg-type]


def _blocks(g: rdflib.Graph, shape: rdflib.term.Node, target: str) -> list[str]:
    """One group pattern per constraint component of ``shape``; each binds ?this (+ ?value, ?path)."""
    unknown = {p for p in g.predicates(shape, None) if p not in _KNOWN and str(p).startswith(str(SH))}
    if unknown:
        raise Unsupported("constraint(s) " + ", ".join(sorted(_short(p) for p in unknown)) + " not compiled")
    path_node = g.value(shape, SH.path)
    path = _path(g, path_node) if path_node is not None else None
    path_bind = f' BIND({_term(path_node)} AS ?path)' if isinstance(path_node, rdflib.URIRef) else ""
    values = f"?this {path} ?value ." if path else "BIND(?this AS ?value)"
    blocks: list[str] = []

    def add(component: str, pattern: str) -> None:
        blocks.append(f"{target} {pattern}{path_bind} BIND(<{SH[component]}> AS ?component)")

    def value_block(component: str, condition: str) -> None:
        add(component, f"{values} {condition}")

    for n in g.objects(shape, SH.minCount):
        if path is None:
            raise Unsupported("sh:minCount on a node shape")
        count = int(n)
        if count == 1:
            add("MinCountConstraintComponent", f"MINUS {{ ?this {path} ?_v . }}")
        elif count > 1:
            blocks.append(_counted(target, f"OPTIONAL {{ ?this {path} ?_v . }}", f"< {count}", path_bind,
                                   "MinCountConstraintComponent"))
    for n in g.objects(shape, SH.maxCount):
        if path is None:
            raise Unsupported("sh:maxCount on a node shape")
        blocks.append(_counted(target, f"?this {path} ?_v .", f"> {int(n)}", path_bind,
                               "MaxCountConstraintComponent"))
    for c in g.objects(shape, SH["class"]):
        value_block("ClassConstraintComponent", f"MINUS {{ ?value {TYPE_PATH} {_term(c)} . }}")
    for d in g.objects(shape, SH.datatype):
        value_block("DatatypeConstraintComponent", f"FILTER(!isLiteral(?value) || DATATYPE(?value) != {_term(d)})")
    for k in g.objects(shape, SH.nodeKind):
        value_block("NodeKindConstraintComponent", f"FILTER(!({_NODE_KINDS[k]}))")
    flags = g.value(shape, SH.flags)
    for p in g.objects(shape, SH.pattern):
        args = _literal(str(p)) + (f", {_literal(str(flags))}" if flags else "")
        value_block("PatternConstraintComponent", f"FILTER(isBlank(?value) || !REGEX(STR(?value), {args}))")
    for n in g.objects(shape, SH.minLength):
        value_block("MinLengthConstraintComponent", f"FILTER(isBlank(?value) || STRLEN(STR(?value)) < {int(n)})")
    for n in g.objects(shape, SH.maxLength):
        value_block("MaxLengthConstraintComponent", f"FILTER(isBlank(?value) || STRLEN(STR(?value)) > {int(n)})")
    for lst in g.objects(shape, SH["in"]):
        members = list(Collection(g, lst))
        cond = " || ".join(f"sameTerm(?value, {_term(m)})" for m in members) or "false"
        value_block("InConstraintComponent", f"FILTER(!({cond}))")
    for v in g.objects(shape, SH.hasValue):
        if path is None:
            add("HasValueConstraintComponent", f"FILTER(!sameTerm(?this, {_term(v)}))")
        else:
            add("HasValueConstraintComponent", f"MINUS {{ ?this {path} {_term(v)} . }}")
    for prop, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<="), (SH.minExclusive, ">"),
                     (SH.maxExclusive, "<")):
        for bound in g.objects(shape, prop):
            component = _short(prop)[3:]
            component = component[0].upper() + component[1:] + "ConstraintComponent"
            value_block(component, f"FILTER(!COALESCE(?value {op} {_term(bound)}, false))")
    if any(o.toPython() is True for o in g.objects(shape, SH.closed) if isinstance(o, rdflib.Literal)):
        allowed = [_term(p) for p in _closed_allowed(g, shape)]
        add("ClosedConstraintComponent",
            "?this ?_p ?value . FILTER(?_p NOT IN (" + ", ".join(allowed) + ")) BIND(?_p AS ?path)")
    for negated in g.objects(shape, SH["not"]):
        # a value that conforms to the (simple) negated shape is a violation
        value_block("NotConstraintComponent", _condition(g, negated, "?value"))
    qualified = g.value(shape, SH.qualifiedValueShape)
    if qualified is not None:
        blocks += _qualified(g, shape, qualified, path, target, path_bind)
    for constraint in g.objects(shape, SH.sparql):
        blocks.append(_sparql_block(g, constraint, target) + f"{path_bind} "
                      f"BIND(<{SH.SPARQLConstraintComponent}> AS ?component)")
    return blocks


def _counted(target: str, pattern: str, test: str, path_bind: str, component: str, var: str = "?_v") -> str:
    """A block for focus nodes whose number of distinct ``var`` values matching ``pattern`` fails ``test``."""
    return (f"{{ SELECT ?this WHERE {{ {target} {pattern} }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT {var}) {test}) }}{path_bind} BIND(<{SH[component]}> AS ?component)")


_NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "!isLiteral(?value)",
    SH.BlankNodeOrLiteral: "!isIRI(?value)",
    SH.IRIOrLiteral: "!isBlank(?value)",
}


def _closed_allowed(g: rdflib.Graph, shape: rdflib.term.Node) -> list[rdflib.term.Node]:
    allowed: list[rdflib.term.Node] = []
    for lst in g.objects(shape, SH.ignoredProperties):
        allowed += list(Collection(g, lst))
    for prop in g.objects(shape, SH.property):
        p = g.value(prop, SH.path)
        if isinstance(p, rdflib.URIRef):
            allowed.append(p)
    return sorted(set(allowed), key=str)


def _qualified(g: rdflib.Graph, shape: rdflib.term.Node, qualified: rdflib.term.Node, path: str | None,
               target: str, path_bind: str) -> list[str]:
    if path is None:
        raise Unsupported("sh:qualifiedValueShape on a node shape")
    if any(o.toPython() is True for o in g.objects(shape, SH.qualifiedValueShapesDisjoint)
           if isinstance(o, rdflib.Literal)):
        raise Unsupported("sh:qualifiedValueShapesDisjoint")
    condition = _condition(g, qualified, "?_q")
    blocks = []
    for n in g.objects(shape, SH.qualifiedMinCount):
        count = int(n)
        if count == 1:
            blocks.append(f"{target} MINUS {{ ?this {path} ?_q . {condition} }}{path_bind} "
                          f"BIND(<{SH.QualifiedMinCountConstraintComponent}> AS ?component)")
        elif count > 1:
            blocks.append(_counted(target, f"OPTIONAL {{ ?this {path} ?_q . {condition} }}", f"< {count}",
                                   path_bind, "QualifiedMinCountConstraintComponent", "?_q"))
    for n in g.objects(shape, SH.qualifiedMaxCount):
        blocks.append(_counted(target, f"?this {path} ?_q . {condition}", f"> {int(n)}", path_bind,
                               "QualifiedMaxCountConstraintComponent", "?_q"))
    return blocks


def _condition(g: rdflib.Graph, shape: rdflib.term.Node, var: str) -> str:
    """A pattern true for the values of ``var`` that conform to a simple (class/datatype/in) shape."""
    allowed = {RDF.type, SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue, SH.pattern, SH.flags}
    extra = {p for p in g.predicates(shape, None) if p not in allowed}
    if extra:
        raise Unsupported("value shape with " + ", ".join(sorted(_short(p) for p in extra)))
    parts = [f"{var} {TYPE_PATH} {_term(c)} ." for c in g.objects(shape, SH["class"])]
    parts += [f"FILTER(isLiteral({var}) && DATATYPE({var}) = {_term(d)})" for d in g.objects(shape, SH.datatype)]
    parts += [f"FILTER({_NODE_KINDS[k].replace('?value', var)})" for k in g.objects(shape, SH.nodeKind)]
    for lst in g.objects(shape, SH["in"]):
        parts.append("FILTER(" + (" || ".join(f"sameTerm({var}, {_term(m)})" for m in Collection(g, lst))
                                  or "false") + ")")
    parts += [f"FILTER(sameTerm({var}, {_term(v)}))" for v in g.objects(shape, SH.hasValue)]
    flags = g.value(shape, SH.flags)
    for pattern in g.objects(shape, SH.pattern):
        args = _literal(str(pattern)) + (f", {_literal(str(flags))}" if flags else "")
        parts.append(f"FILTER(!isBlank({var}) && REGEX(STR({var}), {args}))")
    return " ".join(parts)


# -- SHACL-SPARQL ---------------------------------------------------------------------------------------

_THIS = re.compile(r"\$this\b")
_SUBJECT_THIS = re.compile(r"[{.;]\s*\$this\s+[^\s.;]+\s+[^\s.;]")


def _sparql_block(g: rdflib.Graph, constraint: rdflib.term.Node, target: str) -> str:
    """The ``sh:select`` query as a sub-select that starts from the targets (``$this`` becomes ``?this``),
    so the store binds the focus nodes first instead of scanning every value in the data."""
    if _deactivated(g, constraint):
        return "FILTER(false)"
    select = g.value(constraint, SH.select)
    if select is None:
        raise Unsupported("SPARQL constraint without sh:select (e.g. sh:ask)")
    text = str(select)
    for var in ("$currentShape", "$shapesGraph", "$PATH"):
        if var in text:
            raise Unsupported(f"SPARQL constraint uses {var}")
    body = text[text.index("{"):]
    if not _SUBJECT_THIS.search(body):
        raise Unsupported("SPARQL constraint does not bind $this in a triple pattern")
    head = text[:text.index("{")]
    if not re.search(r"SELECT\s+(DISTINCT\s+)?\$this\b", head, flags=re.I):
        raise Unsupported("SPARQL constraint does not select $this first")
    has_value = re.search(r"\?value\b", head) is not None
    has_path = re.search(r"\?path\b", head) is not None
    projection = "?this" + (" ?value" if has_value else "") + (" ?path" if has_path else "")
    where = _not_exists_to_minus(_THIS.sub("?this", body))
    return f"{{ SELECT DISTINCT {projection} WHERE {{ {target} {where[1:]} }}"


def _focus_local(g: rdflib.Graph, constraint: rdflib.term.Node, prefixes: str) -> bool:
    """Does the constraint read only the focus node's own statements? True when every triple pattern
    of its query (those inside FILTER EXISTS / NOT EXISTS included) has ``$this`` as subject or
    object and a plain predicate: then its answer for a node is the same in any set of setups."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    select = g.value(constraint, SH.select)
    if select is None:
        return False
    try:
        algebra = prepareQuery(prefixes + str(select).replace("$this", "?this")).algebra
    except Exception:  # an unparsable query is not provably local
        return False
    this = rdflib.Variable("this")
    triples: list[tuple[object, object, object]] = []

    def collect(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "BGP":
                triples.extend(node.triples)
            elif node.name == "TriplesBlock":  # inside EXISTS, not yet translated: flat s p o s p o …
                for flat in node.triples:
                    triples.extend(zip(flat[0::3], flat[1::3], flat[2::3], strict=True))
            for value in node.values():
                collect(value)
        elif isinstance(node, list | tuple):
            for item in node:
                collect(item)

    collect(algebra)
    return all(this in (s, o) and isinstance(p, rdflib.term.Identifier) for s, p, o in triples)


_NOT_EXISTS = re.compile(r"FILTER\s*NOT\s+EXISTS\s*\{([^{}]*)\}", flags=re.I)
_VARS = re.compile(r"[?$](\w+)")


def _not_exists_to_minus(where: str) -> str:
    """``FILTER NOT EXISTS { BGP }`` becomes ``MINUS { BGP }`` where both mean the same: the group is a
    plain triple pattern that shares a variable with the rest of the query. SHACL forbids MINUS in
    constraints (pyshacl refuses it), but on pyoxigraph MINUS is two orders of magnitude faster."""

    def swap(match: re.Match[str]) -> str:
        group = match.group(1)
        if re.search(r"\b(FILTER|BIND|OPTIONAL|UNION|GRAPH|SERVICE|VALUES)\b", group, flags=re.I):
            return match.group(0)
        rest = where[:match.start()] + where[match.end():]
        shared = set(_VARS.findall(group)) & set(_VARS.findall(rest))
        return f"MINUS {{{group}}}" if shared else match.group(0)

    return _NOT_EXISTS.sub(swap, where)


def _sparql_prefixes(g: rdflib.Graph, shape: rdflib.term.Node) -> str:
    """PREFIX lines for every ``sh:prefixes`` declaration reachable from the shape's SPARQL constraints."""
    lines = {}
    for constraint in g.objects(shape, SH.sparql):
        for owner in g.objects(constraint, SH.prefixes):
            for decl in g.objects(owner, SH.declare):
                prefix, ns = g.value(decl, SH.prefix), g.value(decl, SH.namespace)
                if prefix is not None and ns is not None:
                    lines[str(prefix)] = f"PREFIX {prefix}: <{ns}>\n"
    return "".join(lines[k] for k in sorted(lines))


# -- paths and terms ------------------------------------------------------------------------------------

def _path(g: rdflib.Graph, node: rdflib.term.Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(node, rdflib.URIRef):
        return _term(node)
    if (node, RDF.first, None) in g:
        return "(" + "/".join(_path(g, p) for p in Collection(g, node)) + ")"
    for prop, fmt in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"),
                      (SH.zeroOrOnePath, "({})?")):
        inner = g.value(node, prop)
        if inner is not None:
            return fmt.format(_path(g, inner))
    alternatives = g.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path(g, p) for p in Collection(g, alternatives)) + ")"
    raise Unsupported(f"unknown property path {node}")


def _term(node: rdflib.term.Node) -> str:
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        return node.n3()
    raise Unsupported(f"blank node {node} used as a value")


def _literal(text: str) -> str:
    return rdflib.Literal(text).n3()


def _short(iri: rdflib.term.Node) -> str:
    return "sh:" + str(iri)[len(str(SH)):] if str(iri).startswith(str(SH)) else str(iri)
