"""Load files, uploads and the bundled data into a store: parse everything first, then one write.

These are the operator's paths (``laget load``, ``laget serve``'s first start, the Graph Store
Protocol): unlike a user's setup handed to validation, they may write any graph they name. Every
load keeps what it replaces as a version, with the name and SHA-256 of each file it read
(:mod:`..versions`), and a load of the bundled data never replaces a user's setup."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from .. import versions
from ..namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, graph_iri
from ..resources import bundle_root, example_files, ontology_files, reference_files
from ..store import Backend, ParsedFile
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


def file_source(path: Path, name: str | None = None) -> versions.Source:
    """A file's name (as given) and the SHA-256 of its bytes, for the record of the version it makes."""
    with path.open("rb") as f:
        return versions.Source(name or str(path), hashlib.file_digest(f, "sha256").hexdigest())


def load_files(store: Backend, paths: Iterable[Path], graph: str | None = None, fmt: str | None = None,
               append: bool = False, progress: Progress = None) -> versions.Written:
    """Parse every file, then write them: each target graph is replaced (or appended to), what it held
    kept as a version. Returns triples written per graph; raises :class:`InputError` before writing anything."""
    paths = list(paths)
    parsed = parse_files(paths, graph, fmt, progress)
    return versions.write(store, parsed, append=append, sources={str(p): file_source(p) for p in paths})


def parse_data(data: bytes | str, fmt: str, graph: str, source_name: str) -> ParsedFile:
    """Parse one in-memory document (e.g. an HTTP upload) into ``graph``."""
    rdf_format = rdf_format_for(source_name, fmt)
    refuse_entities(data.encode() if isinstance(data, str) else data, rdf_format, source_name)
    return parse_rdf(data, rdf_format, graph_iri(graph), source_name)


def load_data(store: Backend, data: bytes | str, fmt: str, graph: str, source_name: str,
              append: bool = False, origin: str = "upload", sources: Sequence[versions.Source] = ()
              ) -> versions.Written:
    """Parse and write one in-memory document into ``graph``, what it replaces kept as a version. The
    version records the document's name and SHA-256, or ``sources`` when the document stands for
    files read elsewhere (a ``laget load`` sent through a running server)."""
    raw = data.encode() if isinstance(data, str) else data
    found = tuple(sources) or versions.Source(source_name, hashlib.sha256(raw).hexdigest())
    return versions.write(store, [parse_data(data, fmt, graph, source_name)], append=append, origin=origin,
                          sources={source_name: found})


def bundled_files() -> list[tuple[Path, str | None]]:
    """The bundled ontology, reference data and example setups, each with its target graph."""
    return [*((p, GRAPH_ONTOLOGY) for p in ontology_files()),
            *((p, GRAPH_REFERENCE) for p in reference_files()),
            *((p, None) for p in example_files())]


def load_bundled(store: Backend, progress: Progress = None) -> versions.Written:
    """Load the bundled ontology, reference data and example setups (all in one write). An example
    whose graph holds a setup that did not come from the bundled data is left alone (``Written.kept``)."""
    parsed, sources = [], {}
    for path, target in bundled_files():
        parsed.append(parse_file(path, graph=target))
        sources[str(path)] = file_source(path, path.relative_to(bundle_root()).as_posix())
        if progress:
            progress(path)
    return versions.write(store, parsed, origin="bundled", sources=sources)
