"""The command line beside a running ``laget serve`` on the same on-disk store: reads open a snapshot,
writes go through the server with the token, and without it the user is told exactly what to do."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from .conftest import free_port, wait_healthy

TOKEN = "beside-token-0123456789"
SETUP = """@prefix lg: <https://w3id.org/laget/def#> .
<https://w3id.org/laget/id/unit/9999/x> a lg:Unit ; lg:municipality <https://w3id.org/laget/id/kommune/3201> .
"""


def _env(data_dir: Path, token: str | None) -> dict[str, str]:
    env = {**os.environ, "LAGET_LANG": "en", "LAGET_DATA_DIR": str(data_dir), "COLUMNS": "300"}
    env.pop("LAGET_SPARQL_URL", None)
    env["LAGET_UPDATE_TOKEN"] = token or ""
    return env


@contextmanager
def server(data_dir: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "laget_graph.cli", "serve", "--port", str(port)],
                            env=_env(data_dir, TOKEN), stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, 90, lambda: None if proc.poll() is None else "laget serve exited")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def laget(data_dir: Path, *args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "laget_graph.cli", *args], capture_output=True, text=True,
                          env=_env(data_dir, token), timeout=120)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("beside") / "store"
    with server(data_dir) as url:
        yield url, data_dir


@pytest.mark.parametrize("args", [
    ["info"], ["export", "setup/3201", "--format", "nt"], ["query", "coverage-matrix", "--format", "csv"],
    ["network", "analyse", "--municipality", "3201", "--format", "json"],
], ids=["info", "export", "query", "network"])
def test_read_commands_work_while_the_server_runs(running: tuple[str, Path], args: list[str]) -> None:
    _, data_dir = running
    done = laget(data_dir, *args)
    assert done.returncode == 0, done.stderr
    assert "in use by another process" not in done.stderr
    assert done.stdout.strip()


def test_a_write_without_the_token_says_what_to_do_and_changes_nothing(running: tuple[str, Path],
                                                                      tmp_path: Path) -> None:
    url, data_dir = running
    setup = tmp_path / "x.ttl"
    setup.write_text(SETUP, encoding="utf-8")
    done = laget(data_dir, "load", str(setup), "--graph", "setup/beside-refused")
    assert done.returncode == 2
    assert url in done.stderr and "LAGET_UPDATE_TOKEN" in done.stderr and "Traceback" not in done.stderr
    assert "setup/beside-refused" not in laget(data_dir, "info").stdout


def test_a_write_with_the_token_goes_through_the_server(running: tuple[str, Path], tmp_path: Path) -> None:
    url, data_dir = running
    setup = tmp_path / "x.ttl"
    setup.write_text(SETUP, encoding="utf-8")
    done = laget(data_dir, "load", str(setup), "--graph", "setup/beside", token=TOKEN)
    assert done.returncode == 0, done.stderr
    assert url in done.stderr
    names = {g["name"] for g in httpx.get(f"{url}/api/graphs").json()}
    assert "setup/beside" in names  # the server itself has it
    assert "setup/beside" in laget(data_dir, "info").stdout  # and a fresh snapshot sees it


WRITER = """
import sys, time
from pathlib import Path
from laget_graph.ingest import load_data
from laget_graph.store import Store
store = Store(Path(sys.argv[1]))
deadline = time.monotonic() + float(sys.argv[2])
i = 0
while time.monotonic() < deadline:  # many small writes: RocksDB flushes and compacts all the while
    load_data(store, "".join(f"<urn:x:{i}-{j}> <urn:x:p> \\"{'x' * 200}\\" .\\n" for j in range(300)), "nt",
              f"setup/w{i % 7}", "w.nt")
    store.oxigraph.optimize()
    i += 1
store.close()
"""


@pytest.mark.slow
def test_snapshots_are_taken_while_the_writer_compacts(tmp_path: Path) -> None:
    """A snapshot taken while another process writes and compacts: RocksDB may list a file the writer
    then deletes, before or while it is read; the snapshot must try again, never fail with "Corruption"."""
    from laget_graph.ingest import load_bundled
    from laget_graph.store import Store, snapshot

    path = tmp_path / "store"
    first = Store(path)
    load_bundled(first)
    first.close()
    del first
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "8"])
    try:
        taken = 0
        while writer.poll() is None:
            copy = snapshot(path)
            assert len(copy) > 8000  # the bundled data, whatever the writer adds
            del copy
            taken += 1
        assert writer.returncode == 0
        assert taken > 10
    finally:
        writer.kill()
