"""``laget serve`` as a real process: seeds an empty store on first start, keeps data across restarts,
and takes its query workers with it when it stops, whatever the signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

from .conftest import free_port, wait_healthy

#: Each test starts `laget serve` as a process twice (seeding an on-disk store, or killing it with -9).
pytestmark = pytest.mark.slow

#: Never finishes on the bundled data (three-way cross product): keeps a worker busy at the signal.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = {"Accept": "application/sparql-results+json"}


@contextmanager
def serving(data_dir: Path, *args: str, port: int | None = None, log: Path | None = None
            ) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``laget serve`` in a session of its own (so a test can signal its process group like a
    terminal's Ctrl-C), up once /health answers. Its stderr goes to ``log``: a pipe would never
    reach end-of-file while a surviving worker holds a copy of it."""
    port = port or free_port()
    log = log or data_dir.parent / f"serve-{port}.log"
    env = {**os.environ, "LAGET_LANG": "en"}
    with log.open("w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "laget_graph.cli", "serve", "--port", str(port),
                                 "--data-dir", str(data_dir), *args], env=env, stderr=stderr, text=True,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, 60, lambda: None if proc.poll() is None
                     else f"server exited ({proc.returncode}): {log.read_text()}")
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=20)


def test_first_start_seeds_then_restart_keeps_data(tmp_path: Path) -> None:
    log = tmp_path / "second.log"
    with serving(tmp_path / "db") as (url, _):
        first = httpx.get(f"{url}/health").json()
        assert first["store"] == "oxigraph" and first["triples"] > 1000
        graphs = {g["name"] for g in httpx.get(f"{url}/api/graphs").json()}
        assert {"ontology", "reference", "setup/3201"} <= graphs
    with serving(tmp_path / "db", log=log) as (url, _):
        again = httpx.get(f"{url}/health").json()
    assert again["triples"] == first["triples"]
    assert "loading the bundled data" not in log.read_text()


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie (a zombie holds no port and no memory; whoever adopted it reaps it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(condition, seconds: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
@pytest.mark.parametrize(("store", "how"), [("memory", signal.SIGTERM), ("memory", "ctrl-c"),
                                            ("memory", signal.SIGKILL), ("disk", signal.SIGTERM),
                                            ("disk", signal.SIGKILL)])
def test_workers_die_with_the_server(tmp_path: Path, store: str, how: signal.Signals | str) -> None:
    """One query answered and one still running when the server is stopped: afterwards no worker is
    left, nothing printed a traceback, and a new server starts on the same port."""
    port, log = free_port(), tmp_path / "first.log"
    args = ("--memory",) if store == "memory" else ()
    with serving(tmp_path / "db", *args, port=port, log=log) as (url, proc):
        assert httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, headers=JSON).status_code == 200
        endless = threading.Thread(target=_ask_quietly, args=(url, ENDLESS), daemon=True)
        endless.start()
        # ASKs beside the endless query until one needed a second worker (bounded by the time limit).
        while endless.is_alive() and len(descendants(proc.pid)) < 2:
            assert httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, headers=JSON).status_code == 200
            time.sleep(0.1)
        assert endless.is_alive(), "the endless query must still be running at the signal"
        workers = descendants(proc.pid)
        if how == "ctrl-c":  # a terminal's Ctrl-C reaches the whole foreground process group
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(how)
        proc.wait(timeout=20)
    assert wait_until(lambda: not any(alive(pid) for pid in workers)), \
        f"workers outlived the server: {[pid for pid in workers if alive(pid)]}"
    with serving(tmp_path / "db", *args, port=port, log=tmp_path / "second.log") as (url, _):
        assert httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, headers=JSON).status_code == 200
    printed = log.read_text()
    assert "Traceback" not in printed and "Error" not in printed, printed


def _ask_quietly(url: str, query: str) -> None:
    """A query whose answer does not matter (the server is stopped under it)."""
    with suppress(httpx.HTTPError):
        httpx.get(f"{url}/sparql", params={"query": query}, headers=JSON, timeout=30)
