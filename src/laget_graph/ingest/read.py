"""Read what a user hands in (files, folders, uploads) into parsed setups, safely.

Every input is parsed here with an explicit format. Safety rules: a size cap (a 4 MB Turtle file
costs rdflib ~400 MB in the pyshacl fallback), RDF/XML with a DTD is refused wherever it stands
(entity expansion, "billion laughs"), remote JSON-LD contexts are refused by pyoxigraph, and a user's
file may not write into the ontology or reference graphs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, graph_short_name
from ..store import ParsedFile
from .errors import InputError, ParseError
from .files import SPREADSHEET_SUFFIXES
from .rdf import parse_rdf, rdf_format_for

if TYPE_CHECKING:
    from .spreadsheet.origins import Origins


def read_path(path: Path, max_bytes: int, fmt: str | None = None) -> ParsedFile:
    """Read one file (or a CSV template folder) as a user's setup; the size is checked before a byte is read."""
    if path.is_dir():
        from .spreadsheet.importer import import_csv_folder

        _check_size(sum(f.stat().st_size for f in path.glob("*.csv")), max_bytes, str(path))
        return _from_rdflib(import_csv_folder(path), str(path))
    if not path.is_file():
        raise InputError("missing", source=str(path))
    _check_size(path.stat().st_size, max_bytes, str(path))
    return read_bytes(path.read_bytes(), str(path), max_bytes, fmt)


def read_bytes(data: bytes, source: str, max_bytes: int, fmt: str | None = None,
               graph: str | None = None) -> ParsedFile:
    """Parse one document (a file's bytes or an upload) into setup graphs, or raise :class:`InputError`."""
    return read_located(data, source, max_bytes, fmt, graph)[0]


def read_located(data: bytes, source: str, max_bytes: int, fmt: str | None = None,
                 graph: str | None = None) -> tuple[ParsedFile, Origins | None]:
    """:func:`read_bytes`, and for a spreadsheet where each fact came from (sheet, row, column), so a
    validation finding can name the cell to fix; None for RDF, whose findings name the node."""
    check_bytes(data, source, max_bytes)
    suffix = Path(source).suffix.lower() if fmt is None else "." + fmt.lstrip(".")
    if suffix in SPREADSHEET_SUFFIXES:
        from .spreadsheet.importer import import_workbook
        from .spreadsheet.origins import Origins

        origins = Origins()
        imported = import_workbook(data, source, origins)  # ImportProblems on any bad row
        return _from_rdflib(imported, source, graph), origins
    return _read_rdf(data, source, fmt, graph), None


def _read_rdf(data: bytes, source: str, fmt: str | None, graph: str | None) -> ParsedFile:
    rdf_format = rdf_format_for(source, fmt)
    refuse_entities(data, rdf_format, source)
    return _user_graphs(parse_rdf(data, rdf_format, graph, source), source)


def refuse_entities(data: bytes, rdf_format: ox.RdfFormat, source: str) -> None:
    """RDF/XML may carry a DTD whose entities pyoxigraph's parser expands without bound ("billion
    laughs"); we never accept one. The whole document goes through an XML parser configured to refuse
    any DTD or entity declaration (defusedxml over expat), wherever in the file it stands, before
    pyoxigraph reads it."""
    if rdf_format != ox.RdfFormat.RDF_XML:
        return
    import io
    from xml.etree.ElementTree import ParseError as XmlSyntaxError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    try:
        for _, element in iterparse(io.BytesIO(data), forbid_dtd=True, forbid_entities=True,
                                    forbid_external=True):
            element.clear()
    except DefusedXmlException:
        raise InputError("doctype", source=source) from None
    except XmlSyntaxError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise ParseError(source, str(exc).split(":")[0], line, column) from None


def _from_rdflib(graph: object, source: str, target: str | None = None) -> ParsedFile:
    data = graph.serialize(format="nt").encode()  # type: ignore[attr-defined]
    return _user_graphs(parse_rdf(data, ox.RdfFormat.N_TRIPLES, target, source), source)


def _user_graphs(parsed: ParsedFile, source: str) -> ParsedFile:
    for graph in parsed.graphs:
        if graph in (GRAPH_ONTOLOGY, GRAPH_REFERENCE):
            raise InputError("reserved", source=source, graph=graph_short_name(graph))
    return parsed


def check_bytes(data: bytes, source: str, max_bytes: int) -> None:
    """Refuse a document that is too large or empty, before anything parses it."""
    _check_size(len(data), max_bytes, source)
    if not data.strip():
        raise InputError("empty", source=source)


def _check_size(size: int, max_bytes: int, source: str) -> None:
    if size > max_bytes:
        raise InputError("too_large", source=source, size=size / 1_048_576, limit=max_bytes / 1_048_576)
