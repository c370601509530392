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
              append: bool = False, confined: bool = False, origin: str = "upload",
              sources: Sequence[versions.Source] = ()) -> versions.Written:
    """Parse and write one in-memory document into ``graph``, what it replaces kept as a version. The
    version records the document's name and SHA-256, or ``sources`` when the document stands for
    files read elsewhere (a ``laget load`` sent through a running server). ``confined`` (a request
    from outside, e.g. the Graph Store Protocol): write ``graph`` and nothing else, and never the
    ontology or reference graph (:func:`.store.confine`), refused before anything is written."""
    iri = graph_iri(graph)
    if confined:
        confine([], iri)
    parsed = parse_data(data, fmt, iri, source_name)
    if confined:
        confine(parsed.graphs, iri)
    raw = data.encode() if isinstance(data, str) else data
    found = tuple(sources) or versions.Source(source_name, hashlib.sha256(raw).hexdigest())
    return versions.write(store, [parsed], append=append, origin=origin, sources={source_name: found})


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


def bundled_sources() -> dict[str, versions.Source]:
    """Each bundled file's name in the package (``data/examples/baerum.ttl``) and SHA-256."""
    return {str(path): file_source(path, path.relative_to(bundle_root()).as_posix()) for path, _ in bundled_files()}


def load_bundled(store: Backend, progress: Progress = None) -> versions.Written:
    """Load the bundled ontology, reference data and example setups (all in one write). An example
    whose graph holds a setup that did not come from the bundled data is left alone (``Written.kept``)."""
    return versions.write(store, parse_bundled(progress), origin="bundled", sources=bundled_sources())


def load(store: Backend, paths: Iterable[Path] = (), graph: str | None = None, fmt: str | None = None,
         append: bool = False, bundled: bool = False, progress: Progress = None) -> versions.Written:
    """Everything one ``laget load`` names, in one write (so one transaction): the bundled data (its
    graphs always replaced, a user's setup of the same municipality kept) and the files (replaced or,
    with ``append``, added to), what they replace kept as versions."""
    paths = list(paths)
    base = parse_bundled(progress) if bundled else []
    files = parse_files(paths, graph, fmt, progress)
    sources = {**(bundled_sources() if bundled else {}), **{str(p): file_source(p) for p in paths}}
    return versions.write(store, [*base, *files], append=append, sources=sources,
                          origins={p.path: "bundled" for p in base}, replace={g for p in base for g in p.graphs})
