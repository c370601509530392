"""Reading input: every format the project accepts, into parsed quads, with one error type.

Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, the spreadsheet (xlsx) and its CSV folder all
enter here, whoever reads them (``laget load``, ``laget validate``, ``laget import``,
``POST /api/validate``, the Graph Store Protocol), so a format or a refusal added once holds
everywhere. Errors are :class:`InputError` (file, line and column; sheet, row and column)."""

from .errors import InputError, ParseError
from .files import SPREADSHEET_SUFFIXES, data_files_in, expand, expand_rdf, is_csv_template
from .load import (
    bundled_files,
    load,
    load_bundled,
    load_data,
    load_files,
    parse_bundled,
    parse_data,
    parse_file,
    parse_files,
)
from .rdf import FORMATS, parse_rdf, rdf_format_for, setup_graph_for
from .read import check_bytes, read_bytes, read_located, read_path, refuse_entities

__all__ = [
    "FORMATS",
    "SPREADSHEET_SUFFIXES",
    "InputError",
    "ParseError",
    "bundled_files",
    "check_bytes",
    "data_files_in",
    "expand",
    "expand_rdf",
    "is_csv_template",
    "load",
    "load_bundled",
    "load_data",
    "load_files",
    "parse_bundled",
    "parse_data",
    "parse_file",
    "parse_files",
    "parse_rdf",
    "rdf_format_for",
    "read_bytes",
    "read_located",
    "read_path",
    "refuse_entities",
    "setup_graph_for",
]
