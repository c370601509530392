"""Read what a user hands in (files, folders, uploads) into parsed setups, safely.

Every input is parsed here with an explicit format (never by pyshacl or rdflib guessing, which could
open a URL or a path named in the data). Safety rules: a size cap (a 4 MB Turtle file costs rdflib
~400 MB in the pyshacl fallback), RDF/XML with a DOCTYPE is refused (entity expansion, "billion
laughs"), remote JSON-LD contexts are refused by pyoxigraph, and TriG may not write into the
ontology or reference graphs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..i18n import Catalog
from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, graph_short_name
from ..store import ParsedFile, ParseError, StoreError, data_files_in, parse_rdf, rdf_format_for

T = Catalog({
    "empty": {"nb": "{source}: filen er tom.", "en": "{source}: the file is empty."},
    "too_large": {
        "nb": "{source}: filen er {size:.1f} MB; grensen er {limit:.1f} MB (LAGET_MAX_UPLOAD_BYTES).",
        "en": "{source}: the file is {size:.1f} MB; the limit is {limit:.1f} MB (LAGET_MAX_UPLOAD_BYTES).",
    },
    "doctype": {
        "nb": "{source}: RDF/XML med DOCTYPE eller entiteter avvises (entitetsutvidelse kan lamme tjenesten).",
        "en": "{source}: RDF/XML with a DOCTYPE or entities is refused (entity expansion can stall the service).",
    },
    "parse": {"nb": "{source}: ugyldig RDF: {detail}", "en": "{source}: invalid RDF: {detail}"},
    "parse_at": {"nb": "{source}, linje {line}, kolonne {column}: ugyldig RDF: {detail}",
                 "en": "{source}, line {line}, column {column}: invalid RDF: {detail}"},
    "format": {
        "nb": "{source}: ukjent filtype; bruk Turtle (.ttl), JSON-LD (.jsonld), TriG (.trig), N-Triples (.nt), "
              "N-Quads (.nq), RDF/XML (.rdf) eller et regneark (.xlsx).",
        "en": "{source}: unknown file type; use Turtle (.ttl), JSON-LD (.jsonld), TriG (.trig), N-Triples (.nt), "
              "N-Quads (.nq), RDF/XML (.rdf) or a spreadsheet (.xlsx).",
    },
    "missing": {"nb": "{source}: finnes ikke.", "en": "{source}: does not exist."},
    "reserved": {
        "nb": "{source}: grafen {graph} er reservert for ontologien og referansedataene.",
        "en": "{source}: the graph {graph} is reserved for the ontology and reference data.",
    },
    "nothing": {"nb": "Ingen filer å validere i {source}.", "en": "No files to validate in {source}."},
})

SPREADSHEET_SUFFIXES = (".xlsx",)
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", flags=re.I)


class InputError(Exception):
    """An input that cannot be used; the message exists in nb and en."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(T(key, "en", **values))

    def message(self, lang: str) -> str:
        return T(self.key, lang, **self.values)


def expand(paths: list[Path]) -> list[Path]:
    """Files stay; folders stand for the RDF files and spreadsheets in them (recursively, sorted)."""
    result: list[Path] = []
    for p in paths:
        if p.is_dir() and is_csv_template(p):
            result.append(p)
        elif p.is_dir():
            found = data_files_in(p, SPREADSHEET_SUFFIXES)
            if not found:
                raise InputError("nothing", source=str(p))
            result += found
        elif not p.exists():
            raise InputError("missing", source=str(p))
        else:
            result.append(p)
    return result


def is_csv_template(folder: Path) -> bool:
    """A folder holding the template's CSV twin (Enheter.csv, Kompetanse.csv …) is one setup."""
    from ..spreadsheet.layout import SHEET_NAMES

    return any((folder / f"{name}.csv").is_file() for name in SHEET_NAMES)


def read_path(path: Path, max_bytes: int, fmt: str | None = None) -> ParsedFile:
    """Read one file (or a CSV template folder); the size is checked before a byte is read."""
    if path.is_dir():
        from ..spreadsheet.importer import import_csv_folder

        _check_size(sum(f.stat().st_size for f in path.glob("*.csv")), max_bytes, str(path))
        rdf = import_csv_folder(path)
        return _parse(rdf.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES, str(path))
    size = path.stat().st_size
    _check_size(size, max_bytes, str(path))
    return read_bytes(path.read_bytes(), str(path), max_bytes, fmt)


def read_bytes(data: bytes, source: str, max_bytes: int, fmt: str | None = None) -> ParsedFile:
    """Parse one document (a file's bytes or an upload) into setup graphs, or raise :class:`InputError`."""
    check_bytes(data, source, max_bytes)
    suffix = Path(source).suffix.lower() if fmt is None else "." + fmt.lstrip(".")
    if suffix in SPREADSHEET_SUFFIXES:
        from ..spreadsheet.importer import import_workbook

        rdf = import_workbook(data, source)  # raises ImportProblems (an InputError) on any bad row
        return _parse(rdf.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES, source)
    try:
        rdf_format = rdf_format_for(source, fmt)
    except StoreError:
        raise InputError("format", source=source) from None
    if rdf_format == ox.RdfFormat.RDF_XML and _DOCTYPE.search(data[:65536]):
        raise InputError("doctype", source=source)
    return _parse(data, rdf_format, source)


def _parse(data: bytes, rdf_format: ox.RdfFormat, source: str) -> ParsedFile:
    try:
        parsed = parse_rdf(data, rdf_format, None, source)
    except ParseError as exc:
        if exc.line is None:
            raise InputError("parse", source=source, detail=exc.detail) from None
        raise InputError("parse_at", source=source, line=exc.line, column=exc.column or 0,
                         detail=exc.detail) from None
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
