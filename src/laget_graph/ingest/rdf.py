"""Parse RDF documents completely, with an explicit format, into quads grouped by target graph.

Never by guessing (which could open a URL or a path named in the data): the format comes from an
explicit short name or the file's extension. pyoxigraph refuses remote JSON-LD contexts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import LG_IRI, SETUP_GRAPH_PREFIX
from ..store import ParsedFile
from .errors import InputError, ParseError

#: File extensions we read, and the pyoxigraph format for each.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

_MUNICIPALITY_NUMBER = re.compile(r"/kommune/(\d{4})$")
_PARSER_POSITION = re.compile(r"^Parser error (at|between) line [^:]*: ")


def rdf_format_for(path: str | Path, explicit: str | None = None) -> ox.RdfFormat:
    """The parser format for a file, from an explicit short name or the file's extension."""
    suffix = (explicit if explicit.startswith(".") else f".{explicit}") if explicit else Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError("format", source=str(path), suffix=suffix or "—")
    return FORMATS[suffix]


def parse_rdf(
    data: bytes | str | Path,
    fmt: ox.RdfFormat,
    default_graph: str | None,
    source_name: str,
) -> ParsedFile:
    """Parse one document completely. Triples go to ``default_graph`` (or the graph the data
    implies, see :func:`setup_graph_for`); quads in named graphs keep theirs."""
    try:
        if isinstance(data, Path):
            items = list(ox.parse(path=str(data), format=fmt, rename_blank_nodes=True))
        else:
            items = list(ox.parse(data, format=fmt, rename_blank_nodes=True))
    except SyntaxError as exc:
        raise ParseError(source_name, _PARSER_POSITION.sub("", exc.msg), exc.lineno, exc.offset) from None
    except (ValueError, OSError) as exc:
        raise ParseError(source_name, str(exc)) from None
    triples = [x for x in items if isinstance(x, ox.Triple)]
    quads = [x for x in items if isinstance(x, ox.Quad) and not isinstance(x.graph_name, ox.DefaultGraph)]
    if any(isinstance(q.graph_name, ox.BlankNode) for q in quads):
        raise ParseError(source_name, "a named graph needs an IRI as its name, not a blank node")
    triples += [ox.Triple(x.subject, x.predicate, x.object) for x in items
                if isinstance(x, ox.Quad) and isinstance(x.graph_name, ox.DefaultGraph)]
    graphs: dict[str, list[ox.Quad]] = {}
    if triples:
        target = default_graph or setup_graph_for(triples, source_name)
        node = ox.NamedNode(target)
        graphs[target] = [ox.Quad(t.subject, t.predicate, t.object, node) for t in triples]
    for q in quads:
        graphs.setdefault(q.graph_name.value, []).append(q)
    if not graphs:
        raise InputError("no_statements", source=source_name)
    return ParsedFile(source_name, graphs)


def setup_graph_for(triples: Sequence[ox.Triple], source_name: str) -> str:
    """Choose a setup graph: ``setup/<kommunenummer>`` when the file is about exactly one
    municipality (all ``lg:municipality`` links point to it), else ``setup/<file stem>``."""
    pred = f"{LG_IRI}municipality"
    numbers = set()
    for t in triples:
        if t.predicate.value == pred and isinstance(t.object, ox.NamedNode):
            m = _MUNICIPALITY_NUMBER.search(t.object.value)
            if m:
                numbers.add(m.group(1))
    if len(numbers) == 1:
        return f"{SETUP_GRAPH_PREFIX}{numbers.pop()}"
    stem = re.sub(r"[^a-z0-9]+", "-", Path(source_name).stem.lower()).strip("-") or "unnamed"
    return f"{SETUP_GRAPH_PREFIX}{stem}"
