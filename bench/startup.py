"""How fast ``laget`` starts: CPU and wall time of ``--help``, ``info`` and ``query --list`` against
``python -c pass``, side by side (median of --runs, each in a fresh process).

The target (issue 10) is at most 0.3 s of CPU for each of the three commands: heavy libraries
(rdflib, pyshacl, fastapi, networkx, openpyxl) are imported only by the commands that use them."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import RESULTS, table

TARGET_CPU_S = 0.3


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one run of a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, default=RESULTS / "startup.json")
    options = parser.parse_args()
    laget = [sys.executable, "-m", "laget_graph.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LAGET_DATA_DIR": str(Path(tmp) / "store"), "LAGET_SPARQL_URL": ""}
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "laget --help": [*laget, "--help"],
            "laget info": [*laget, "info"],
            "laget query --list": [*laget, "query", "--list"],
        }
        samples: dict[str, dict[str, list[float]]] = {name: {"cpu_s": [], "wall_s": []} for name in commands}
        for _ in range(options.runs):  # take turns, so a busy moment hits every command alike
            for name, args in commands.items():
                cpu, wall = measure(args, env)
                samples[name]["cpu_s"].append(cpu)
                samples[name]["wall_s"].append(wall)
    figures = {name: {k: statistics.median(v) for k, v in s.items()} for name, s in samples.items()}
    table(f"Start-up, median of {options.runs} runs", figures, "python -c pass", ["cpu_s", "wall_s"])
    print()
    for name, f in figures.items():
        if name.startswith("laget"):
            verdict = "meets" if f["cpu_s"] <= TARGET_CPU_S else "MISSES"
            print(f"{name:<22} {f['cpu_s']:.3f} s CPU: {verdict} the target of ≤ {TARGET_CPU_S} s")
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
