"""Load files, uploads and the bundled data into a store: parse everything first, then one write.

These are the operator's paths (``laget load``, ``laget serve``'s first start, the Graph Store
Protocol): unlike a user's setup handed to validation, they may write any graph they name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, graph_iri
from ..resources import example_files, ontology_files, reference_files
from ..store import Backend, ParsedFile, confine
from .errors import InputError
from .rdf import parse_rdf, rdf_format_for
from .read import refuse_entities

Progress = Callable[[Path], None] | None


def parse_file(path: Path, fmt: str | None = None, graph: str | None = None) -> ParsedFile:
    """Parse one file completely (RDF/XML with a DOCTYPE refused), into ``graph`` or the graph it implies."""
    if not path.is_file():
        raise InputError("missing", source=str(path))
    rdf_format = rdf_format_for(path, fmt)
    if rdf_format == ox.RdfFormat.RDF_XML:
        data = path.read_bytes()
        refuse_entities(data, rdf_format, str(path))
        return parse_rdf(data, rdf_format, graph, str(path))
    return parse_rdf(path, rdf_format, graph, str(path))


def parse_files(paths: Iterable[Path], graph: str | None = None, fmt: str | None = None,
                progress: Progress = None) -> list[ParsedFile]:
    """Parse every file before anything is written, so a bad file changes nothing."""
    target = graph_iri(graph) if graph else None
    parsed: list[ParsedFile] = []
    for path in paths:
        parsed.append(parse_file(path, fmt, target))
        if progress:
            progress(path)
    return parsed


def load_files(store: Backend, paths: Iterable[Path], graph: str | None = None, fmt: str | None = None,
               append: bool = False, progress: Progress = None) -> dict[str, int]:
    """Parse every file, then write them: each target graph is replaced (or appended to).
    Returns triples written per graph; raises :class:`InputError` before writing anything."""
    return store.write(parse_files(paths, graph, fmt, progress), append=append)


def parse_data(data: bytes | str, fmt: str, graph: str, source_name: str) -> ParsedFile:
    """Parse one in-memory document (e.g. an HTTP upload) into ``graph``."""
    rdf_format = rdf_format_for(source_name, fmt)
    refuse_entities(data.encode() if isinstance(data, str) else data, rdf_format, source_name)
    return parse_rdf(data, rdf_format, graph_iri(graph), source_name)


def load_data(store: Backend, data: bytes | str, fmt: str, graph: str, source_name: str,
              append: bool = False, confined: bool = False) -> dict[str, int]:
    """Parse and write one in-memory document into ``graph``. ``confined`` (a request from outside,
    e.g. the Graph Store Protocol): write ``graph`` and nothing else, and never the ontology or
    reference graph (:func:`.store.confine`), refused before anything is written."""
    iri = graph_iri(graph)
    if confined:
        confine([], iri)
    parsed = parse_data(data, fmt, iri, source_name)
    if confined:
        confine(parsed.graphs, iri)
    return store.write([parsed], append=append)


def bundled_files() -> list[tuple[Path, str | None]]:
    """The bundled ontology, reference data and example setups, each with its target graph."""
    return [*((p, GRAPH_ONTOLOGY) for p in ontology_files()),
            *((p, GRAPH_REFERENCE) for p in reference_files()),
            *((p, None) for p in example_files())]


def parse_bundled(progress: Progress = None) -> list[ParsedFile]:
    """The bundled ontology, reference data and example setups, parsed."""
    parsed = []
    for path, target in bundled_files():
        parsed.append(parse_file(path, graph=target))
        if progress:
            progress(path)
    return parsed


def load_bundled(store: Backend, progress: Progress = None) -> dict[str, int]:
    """Load the bundled ontology, reference data and example setups (all in one write)."""
    return store.write(parse_bundled(progress))


def load(store: Backend, paths: Iterable[Path] = (), graph: str | None = None, fmt: str | None = None,
         append: bool = False, bundled: bool = False, progress: Progress = None) -> dict[str, int]:
    """Everything one ``laget load`` names, in one write (so one transaction): the bundled data (its
    graphs always replaced) and the files (replaced or, with ``append``, added to)."""
    base = parse_bundled(progress) if bundled else []
    files = parse_files(paths, graph, fmt, progress)
    return store.write([*base, *files], append=append, replace={g for p in base for g in p.graphs})
