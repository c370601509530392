"""Shared helpers for the benchmarks: national data on demand, timing, peak memory, a ratio table."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from laget_graph.sparql.memory import cpu_seconds

RESULTS = Path(__file__).resolve().parents[1] / "bench-results"


def generator_fingerprint() -> str:
    """What the synthetic data depends on: the generator and the model it writes (ontology, reference
    data). Cached data made by another version is stale (it would be validated against new shapes)."""
    import laget_graph.synth as synth

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(Path(synth.__file__).read_bytes())
    for path in sorted([*(root / "ontology").glob("*.ttl"), *(root / "data" / "reference").rglob("*")]):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def national_data(seed: int = 1, defects: float = 0.01, county: str | None = None) -> Path:
    """Generate (once per generator version, cached in bench-results/) the national synthetic data set —
    or one county's part of it — and return its folder."""
    name = f"county{county}" if county else "national"
    out = RESULTS / f"{name}-seed{seed}-defects{defects}"
    stamp, fingerprint = out / "generator.sha256", generator_fingerprint()
    if not (out / "defects.json").exists() or not stamp.exists() or stamp.read_text() != fingerprint:
        from laget_graph.synth import generate

        print(f"generating synthetic data into {out} …", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)
        generate(out, scale="county" if county else "national", county=county, seed=seed, defect_rate=defects)
        stamp.write_text(fingerprint)
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
    """Run Python code in a fresh process; return wall seconds and peak RSS in MB of that process, and
    the figures the code printed as a JSON object on its last line of output, if any."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    # this child's own peak (RUSAGE_CHILDREN would give the largest of every child so far)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, "python -c …", output)
    lines = output.strip().splitlines()
    printed = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return {"seconds": time.perf_counter() - start, "peak_mb": usage.ru_maxrss / 1024, **printed}


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


# -- servers on loopback, for the endpoint and scale-out benchmarks --------------------------------

BIN = Path(sys.executable).parent


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def laget_load(env: dict[str, str], data: Path) -> float:
    """Load the bundled data and the national setups with the ``laget`` command (embedded store or,
    with ``LAGET_SPARQL_URL`` in ``env``, an external one); return the wall seconds it took."""
    start = time.perf_counter()
    for args in (["--bundled"], [str(data / "setups")]):
        subprocess.run([str(BIN / "laget"), "load", *args], env={**os.environ, **env}, check=True,
                       stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


#: The process of each running :class:`Server`, by its base URL (for :func:`server_cpu`).
_RUNNING: dict[str, int] = {}


def server_cpu(url: str) -> Callable[[], float] | None:
    """For a URL of a running :class:`Server`: a function giving the CPU seconds (user and system)
    that the server's process and all its descendants (uvicorn workers, query workers, the fork
    server) have used so far; None for any other URL."""
    pid = next((p for base, p in _RUNNING.items() if url.startswith(base)), None)
    return None if pid is None else lambda: sum(cpu_seconds(p) for p in _process_tree(pid))


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (children of every thread: the fork server is started from one)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for children in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in children.read_text().split()]
    return found


class Server:
    """A server in a subprocess of its own, up once ``ready_url`` answers 200; stopped on exit.

    Its output goes to a log file in bench-results/ so a failed start can be read afterwards."""

    def __init__(self, name: str, command: list[str], url: str, ready_path: str, env: dict[str, str] | None = None,
                 start_timeout_s: float = 180) -> None:
        self.name, self.command, self.url, self.env = name, command, url, env or {}
        self.ready_url = url + ready_path
        self.start_timeout_s = start_timeout_s
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        import httpx

        RESULTS.mkdir(exist_ok=True)
        log = (RESULTS / f"{self.name}.log").open("wb")
        self.process = subprocess.Popen(self.command, env={**os.environ, **self.env}, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(self.ready_url, timeout=2).status_code == 200:
                    _RUNNING[self.url] = self.process.pid
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"{self.name} did not start; see {log.name}")

    def __exit__(self, *exc: object) -> None:
        """Stop the server's whole process group (uvicorn workers, query workers) by its own id."""
        import signal

        if self.process is None:
            return
        _RUNNING.pop(self.url, None)
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass


def stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so ``with Server(...)`` blocks stop their servers on the way out."""
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def laget_server(name: str, data_dir: Path, env: dict[str, str] | None = None) -> Server:
    """``laget serve`` on a free loopback port over ``data_dir`` (or the external store in ``env``)."""
    port = free_port()
    return Server(name, [str(BIN / "laget"), "serve", "--host", "127.0.0.1", "--port", str(port),
                         "--data-dir", str(data_dir)], f"http://127.0.0.1:{port}", "/health", env)
