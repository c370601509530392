"""Shared helpers for the benchmarks: national data on demand, timing, peak memory, a ratio table."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[1] / "bench-results"


def national_data(seed: int = 1, defects: float = 0.01) -> Path:
    """Generate (once, cached in bench-results/) the national synthetic data set and return its folder."""
    out = RESULTS / f"national-seed{seed}-defects{defects}"
    if not (out / "defects.json").exists():
        from laget_graph.synth import generate

        print(f"generating national data into {out} …", file=sys.stderr)
        generate(out, scale="national", seed=seed, defect_rate=defects)
    return out


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def repeat(fn: Callable[[], object], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50": statistics.median(samples), "p95": percentile(samples, 95), "n": len(samples)}


def run_measured(code: str) -> dict[str, float]:
    """Run Python code in a fresh process; return wall seconds and peak RSS in MB of that process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", code], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": time.perf_counter() - start, "peak_mb": max(after, before) / 1024}


def table(title: str, rows: dict[str, dict[str, float]], baseline: str, keys: list[str]) -> None:
    """Print rows of figures with each figure's ratio to the baseline row."""
    print(f"\n{title}  (ratio = figure / {baseline})")
    print(f"{'':<28}" + "".join(f"{k:>24}" for k in keys))
    for name, row in rows.items():
        cells = ""
        for k in keys:
            value, base = row.get(k), rows[baseline].get(k)
            if value is None:
                cells += f"{'–':>24}"
                continue
            ratio = f"{value / base:.2f}×" if base else "–"
            cells += f"{value:>14.4g} ({ratio:>7})"
        print(f"{name:<28}{cells}")


def save(name: str, data: object) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2))
    return path
