"""Run the shapes over each setup of a :class:`~.dataset.Dataset` and build the report.

``engine="compiled"`` (default) runs one compiled SPARQL query per shape on pyoxigraph and sends only
the shapes the compiler could not translate to pyshacl; ``engine="pyshacl"`` runs everything on
pyshacl (the reference, slow). Both keep findings to the setup's scope, so they are comparable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import rdflib

from .compiler import CompiledShape, compile_shapes
from .compiler import Fallback as CompilerFallback
from .dataset import Dataset, to_rdflib
from .reference import run_pyshacl, shapes_subgraph
from .report import Fallback, Finding, Report, SetupReport
from .shapes import load_shapes_graph

ENGINES = ("compiled", "pyshacl")


@dataclass(frozen=True)
class Plan:
    """Compiled queries and the shapes left to pyshacl; built once per process from the shape files."""

    compiled: tuple[CompiledShape, ...]
    fallbacks: tuple[CompilerFallback, ...]


@cache
def plan(shapes: Path | None = None) -> Plan:
    """The compiled form of the shapes in ``shapes`` (default: the bundled shapes/ folder)."""
    compiled, fallbacks = compile_shapes(load_shapes_graph(shapes))
    return Plan(tuple(compiled), tuple(fallbacks))


def run_compiled(ds: Dataset, setup: str, scope: set[rdflib.term.Node], shapes: Path | None = None,
                 own_store: bool = False) -> list[Finding]:
    """Every compiled shape's query over the setup; findings outside the scope are dropped.

    ``own_store``: the dataset holds only this setup (with its neighbours and the base graphs), so
    each query may walk every focus node and leave the scope to the filter here. That is several
    times faster than starting each query from the setup's nodes, which makes the store enumerate
    all of the setup's triples once per shape; but not for a query that matches text (it would match
    the base graphs' texts too)."""
    findings: set[Finding] = set()
    for shape in plan(shapes).compiled:
        every_node = own_store and not shape.reads_text
        for row in ds.query(shape.scoped(None if every_node else setup), setup):
            focus = to_rdflib(row["this"])
            if focus not in scope:
                continue
            findings.add(_finding(shape, focus, row))
    return sorted(findings)


def _opt(term: object) -> rdflib.term.Node | None:
    return None if term is None else to_rdflib(term)  # type: ignore[return-value]


def validate_setup(ds: Dataset, setup: str, engine: str = "compiled", shapes: Path | None = None) -> SetupReport:
    """Validate one setup graph of the dataset (with the shapes in ``shapes``, default the bundled ones)."""
    if len(ds.setups) > 1:
        ds = ds.isolated(setup)
    scope = ds.scope(setup)
    report = SetupReport(graph=setup, source=ds.setups.get(setup, setup), engine=engine)
    if engine == "pyshacl":
        report.findings = sorted({f for f in run_pyshacl(ds.to_rdflib(setup), load_shapes_graph(shapes))
                                  if f.focus in scope})
    else:
        report.findings = run_compiled(ds, setup, scope, shapes, own_store=True)
        _add_fallbacks(report, ds, scope, _fallback_shapes(shapes), shapes)
    nodes = [n for f in report.findings for n in (f.focus, f.value) if n is not None]
    report.anchors = ds.anchors(nodes, setup)
    report.labels = ds.labels([*nodes, *map(rdflib.URIRef, report.anchors.values())], setup)
    return report


def validate(ds: Dataset, engine: str = "compiled",
             progress: Callable[[str], None] | None = None) -> Report:
    """Validate every setup of the dataset. Several setups with the compiled engine take the merged
    path (:func:`validate_merged`); otherwise each setup is validated on its own."""
    if engine == "compiled" and len(ds.setups) > 1:
        return validate_merged(ds, progress)
    report = Report()
    for setup in ds.setups:
        report.setups.append(validate_setup(ds, setup, engine))
        if progress:
            progress(setup)
    return report


def validate_merged(ds: Dataset, progress: Callable[[str], None] | None = None,
                    shapes: Path | None = None) -> Report:
    """A county or the whole country at once. Each local shape (one that reads only what hangs off
    the focus node) is one query over all setups together, its findings handed to every setup whose
    scope holds the focus node. Team-scoped SHACL-SPARQL shapes, whose answer depends on which setups
    are present, run setup by setup over that setup's graphs (itself, its neighbours, ontology and
    reference data). Same findings as validating setups one by one, in a fraction of the time."""
    compiled = plan(shapes).compiled
    scopes = {setup: ds.scope(setup) for setup in ds.setups}
    holders: dict[rdflib.term.Node, list[str]] = {}
    for setup, scope in scopes.items():
        for node in scope:
            holders.setdefault(node, []).append(setup)
    found: dict[str, set[Finding]] = {setup: set() for setup in ds.setups}
    for shape in compiled:
        if not shape.local:
            continue
        for row in ds.store.query(shape.scoped(None), use_default_graph_as_union=True):
            focus = to_rdflib(row["this"])
            for setup in holders.get(focus, ()):
                found[setup].add(_finding(shape, focus, row))
    report = Report()
    non_local = [s for s in compiled if not s.local]
    fallback_shapes = _fallback_shapes(shapes)
    for setup in ds.setups:
        for shape in non_local:
            for row in ds.query(shape.scoped(setup), setup):
                focus = to_rdflib(row["this"])
                if focus in scopes[setup]:
                    found[setup].add(_finding(shape, focus, row))
        setup_report = SetupReport(graph=setup, source=ds.setups[setup], engine="compiled",
                                   findings=sorted(found[setup]))
        if fallback_shapes is not None:
            _add_fallbacks(setup_report, ds.isolated(setup), scopes[setup], fallback_shapes, shapes)
        report.setups.append(setup_report)
        if progress:
            progress(setup)
    nodes = [n for r in report.setups for f in r.findings for n in (f.focus, f.value) if n is not None]
    for setup_report in report.setups:
        setup_report.anchors = ds.anchors([f.focus for f in setup_report.findings], setup_report.graph)
        nodes += [rdflib.URIRef(a) for a in setup_report.anchors.values()]
    labels = ds.labels(nodes, None)
    for setup_report in report.setups:
        setup_report.labels = labels
    return report


def _fallback_shapes(shapes: Path | None) -> rdflib.Graph | None:
    """The shapes the compiler left to pyshacl, as a shapes graph of their own (None: there are none)."""
    fallbacks = plan(shapes).fallbacks
    return shapes_subgraph(load_shapes_graph(shapes), [f.shape for f in fallbacks]) if fallbacks else None


def _add_fallbacks(report: SetupReport, ds: Dataset, scope: set[rdflib.term.Node],
                   fallback_shapes: rdflib.Graph | None, shapes: Path | None) -> None:
    """Add pyshacl's findings for the fallback shapes to a setup's report, and name those shapes."""
    if fallback_shapes is None:
        return
    report.findings = sorted(set(report.findings) | {f for f in run_pyshacl(ds.to_rdflib(report.graph),
                                                                             fallback_shapes) if f.focus in scope})
    report.fallbacks = [Fallback(str(f.shape), f.reason) for f in plan(shapes).fallbacks]


def _finding(shape: CompiledShape, focus: rdflib.term.Node, row: object) -> Finding:
    return Finding(focus=focus, shape=shape.shape, severity=shape.severity, component=_opt(row["component"]),  # type: ignore[index]
                   path=_opt(row["path"]), value=_opt(row["value"]))  # type: ignore[index]

