"""``laget serve`` as a real process: seeds an empty store on first start, keeps data across restarts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from .conftest import free_port


@contextmanager
def serving(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    env = {**os.environ, "LAGET_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "laget_graph.cli", "serve", "--port", str(port),
                             "--data-dir", str(data_dir)], env=env, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read() if proc.stderr else "server exited")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_first_start_seeds_then_restart_keeps_data(tmp_path: Path) -> None:
    with serving(tmp_path / "db") as (url, _):
        first = httpx.get(f"{url}/health").json()
        assert first["store"] == "oxigraph" and first["triples"] > 1000
        graphs = {g["name"] for g in httpx.get(f"{url}/api/graphs").json()}
        assert {"ontology", "reference", "setup/3201"} <= graphs
    with serving(tmp_path / "db") as (url, proc):
        again = httpx.get(f"{url}/health").json()
    assert again["triples"] == first["triples"]
    assert "loading the bundled data" not in (proc.stderr.read() if proc.stderr else "")
