"""National validation: laget's compiled-SPARQL engine against one plain pyshacl call on the merged
graph (the naive way), on the same shapes and data, side by side; findings compared as
(focus node, shape, severity) sets. Also re-validation of the largest municipality after a change.

    python bench/validation.py [--skip-naive]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyshacl
import rdflib

sys.path.insert(0, str(Path(__file__).parent))
from common import national_data, save, table

from laget_graph.ingest import parse_rdf, rdf_format_for
from laget_graph.resources import ontology_files, reference_files
from laget_graph.validation.dataset import Dataset
from laget_graph.validation.engine import validate, validate_setup
from laget_graph.validation.reference import findings_from_report
from laget_graph.validation.shapes import load_shapes_graph

LARGEST = "0301"  # Oslo, the largest municipality (in a county run: the county's first file)


def ours(files: list[Path]) -> tuple[dict[str, float], set[tuple[str, str, str]], Dataset]:
    start = time.perf_counter()
    ds = Dataset()
    for f in files:
        ds.add(parse_rdf(f, rdf_format_for(f), None, str(f)))
    loaded = time.perf_counter()
    report = validate(ds)
    done = time.perf_counter()
    keys = {f.key for s in report.setups for f in s.findings}
    return {"load_s": loaded - start, "validate_s": done - loaded, "total_s": done - start}, keys, ds


def end_to_end(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "laget_graph.cli", "validate", str(folder), "--format", "json",
                    "-o", "/dev/null"], check=False, capture_output=True)
    return time.perf_counter() - start


def merged_graph(files: list[Path]) -> rdflib.Graph:
    """Ontology, reference data and every setup in one rdflib graph: what the naive way validates."""
    g = rdflib.Graph()
    for f in [*ontology_files(), *reference_files(), *files]:
        g.parse(f, format="turtle")
    return g


def naive(files: list[Path]) -> tuple[dict[str, float], set[tuple[str, str, str]]]:
    start = time.perf_counter()
    g = merged_graph(files)
    shapes = load_shapes_graph()
    loaded = time.perf_counter()
    _, report, _ = pyshacl.validate(g, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True)
    done = time.perf_counter()
    keys = {f.key for f in findings_from_report(report)}
    return {"load_s": loaded - start, "validate_s": done - loaded, "total_s": done - start}, keys


def pyshacl_per_setup(ds: Dataset, differing: set[tuple[str, str, str]]) -> dict[str, object]:
    """Settle findings on which laget and the naive call differ: run pyshacl on each setup that holds
    one of their focus nodes, with exactly what that setup is validated against (itself, its
    neighbours, ontology, reference). The team-scoped shapes ("someone in the team covers …") mean a
    municipality's team; on the merged graph of a whole county or country any other team's coverage
    satisfies them, so the naive call can miss a fault that pyshacl finds on the setup itself."""
    shapes = load_shapes_graph()
    foci = {key[0] for key in differing}
    per_setup: set[tuple[str, str, str]] = set()
    setups = [setup for setup in ds.setups if foci & {str(n) for n in ds.scope(setup)}]
    for setup in setups:
        _, report, _ = pyshacl.validate(ds.to_rdflib(setup), shacl_graph=shapes, inference="none",
                                        advanced=False, allow_warnings=True)
        per_setup |= {f.key for f in findings_from_report(report) if f.key[0] in foci}
    return {"setups": setups, "pyshacl_per_setup": sorted(per_setup & differing),
            "settled": differing <= per_setup or not (differing & per_setup)}


def _norm(term: object) -> str:
    """One spelling for node names across validators (``<iri>``, ``sh:Violation``, full IRIs)."""
    text = str(term).strip("<>")
    return "http://www.w3.org/ns/shacl#" + text if text in ("Violation", "Warning", "Info") else text


def other_validators(files: list[Path]) -> dict[str, tuple[dict[str, float], set[tuple[str, str, str]] | str]]:
    """The other validators that claim to run our shapes: pyshacl-turbo (a drop-in for pyshacl) and
    pyrudof (rudof's Rust engine). Each gets the same merged data; a failure is reported, not hidden."""
    results: dict[str, tuple[dict[str, float], set[tuple[str, str, str]] | str]] = {}
    g = merged_graph(files)
    shapes = load_shapes_graph()
    try:
        import pyshacl_turbo

        start = time.perf_counter()
        _, report, _ = pyshacl_turbo.validate(g, shacl_graph=shapes, inference="none", advanced=False,
                                              allow_warnings=True)
        keys = {(_norm(f.focus), _norm(f.shape), _norm(f.severity)) for f in findings_from_report(report)}
        results["pyshacl-turbo, one call"] = ({"validate_s": time.perf_counter() - start}, keys)
    except Exception as exc:  # a validator that cannot run our shapes is a finding of the benchmark
        results["pyshacl-turbo, one call"] = ({}, f"{type(exc).__name__}: {exc}")
    try:
        from pyrudof import RDFFormat, Rudof, RudofConfig, ShaclFormat

        rudof = Rudof(RudofConfig())
        with tempfile.TemporaryDirectory() as tmp:  # files, so nothing is read as a URL
            data_file, shapes_file = Path(tmp) / "data.nt", Path(tmp) / "shapes.ttl"
            g.serialize(data_file, format="nt")
            shapes.serialize(shapes_file, format="turtle")
            rudof.read_data(str(data_file), format=RDFFormat.NTriples)
            rudof.read_shacl(str(shapes_file), format=ShaclFormat.Turtle)
        start = time.perf_counter()
        report = rudof.validate_shacl()
        keys = {(_norm(e.focus_node()), _norm(e.source_shape()), _norm(e.severity())) for e in report}
        results["pyrudof"] = ({"validate_s": time.perf_counter() - start}, keys)
    except Exception as exc:  # as above
        results["pyrudof"] = ({}, f"{type(exc).__name__}: {exc}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-naive", action="store_true", help="skip the (minutes-long) plain pyshacl call")
    parser.add_argument("--county", help="one county's part of the national data (e.g. 34) instead of all")
    parser.add_argument("--others", action="store_true", help="also run pyshacl-turbo and pyrudof (bench extra)")
    args = parser.parse_args()
    data = national_data(county=args.county)
    folder = data / "setups"
    files = sorted(folder.glob("*.ttl"))
    rows: dict[str, dict[str, float]] = {}
    rows["laget (compiled SPARQL)"], ours_keys, ds = ours(files)
    rows["laget (compiled SPARQL)"]["end_to_end_s"] = end_to_end(folder)
    largest = folder / f"{LARGEST}.ttl" if (folder / f"{LARGEST}.ttl").exists() else files[0]
    start = time.perf_counter()
    graphs = ds.replace(parse_rdf(largest, rdf_format_for(largest), None, str(largest)))
    for graph in graphs:
        validate_setup(ds, graph)
    rows["laget (compiled SPARQL)"]["revalidate_largest_s"] = time.perf_counter() - start
    print(f"laget: {len(ours_keys)} findings; {rows['laget (compiled SPARQL)']}", file=sys.stderr)
    result: dict[str, object] = {"rows": rows, "findings": {"laget": len(ours_keys)}}
    if not args.skip_naive:
        rows["pyshacl, one call (naive)"], naive_keys = naive(files)
        rows["pyshacl, one call (naive)"]["end_to_end_s"] = rows["pyshacl, one call (naive)"]["total_s"]
        # The shapes target only what the setups describe, so the plain call's findings are compared as
        # they come, with no filtering (the reference data's other municipalities are never targeted).
        naive_all = len(naive_keys)
        only_ours, only_naive = ours_keys - naive_keys, naive_keys - ours_keys
        result["findings"] = {"laget": len(ours_keys), "naive": len(naive_keys), "naive_all": naive_all,
                              "identical": not only_ours
                              and not only_naive, "only_laget": sorted(only_ours)[:50],
                              "only_naive": sorted(only_naive)[:50]}
        print(f"findings: laget {len(ours_keys)}, naive {naive_all}, "
              f"only laget {len(only_ours)}, only naive {len(only_naive)}")
        for key in sorted(only_ours | only_naive)[:20]:
            print("  differs:", "laget only" if key in only_ours else "naive only", *key)
        if only_ours or only_naive:
            settled = pyshacl_per_setup(ds, only_ours | only_naive)
            found = set(map(tuple, settled["pyshacl_per_setup"]))  # type: ignore[arg-type]
            agrees = found == only_ours
            result["findings"]["differing_settled_by_pyshacl_per_setup"] = {**settled, "agrees_with_laget": agrees}
            print(f"pyshacl on each of the {len(settled['setups'])} setups concerned (what a setup is validated "
                  f"against): finds {len(found & only_ours)} of the {len(only_ours)} laget-only findings and "
                  f"{len(found & only_naive)} of the {len(only_naive)} naive-only ones -> "
                  f"{'agrees with laget' if agrees else 'does NOT settle the difference'}")
        if args.others:
            for name, (figures, outcome) in other_validators(files).items():
                if isinstance(outcome, str):
                    print(f"{name}: could not run our shapes: {outcome[:300]}")
                    result[name] = outcome
                    continue
                rows[name] = figures
                theirs = set(outcome)
                same = theirs == naive_keys
                print(f"{name}: {len(theirs)} findings, identical to pyshacl: {same}"
                      + ("" if same else f" (only theirs {len(theirs - naive_keys)}, "
                                         f"only pyshacl {len(naive_keys - theirs)})"))
                result[name] = {"findings": len(theirs), "identical_to_pyshacl": same}
        table("National validation", rows, "pyshacl, one call (naive)", ["validate_s", "end_to_end_s"])
    else:
        table("National validation", rows, "laget (compiled SPARQL)", ["validate_s", "end_to_end_s",
                                                                       "revalidate_largest_s"])
    save(f"validation-county{args.county}" if args.county else "validation", result)


if __name__ == "__main__":
    main()
