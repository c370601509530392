"""Writes are all-or-nothing when the process dies (issue 15, item 5): ``laget load`` and a Graph Store
PUT are killed with a real ``kill -9`` at several moments, the store is reopened, and every graph must
hold exactly its old content or exactly its new one — and, for a load, all graphs the same one."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from laget_graph.ingest import load_data, load_files
from laget_graph.store import Store
from laget_graph.store_external import ExternalSparqlStore
from laget_graph.synth import generate
from laget_graph.versions import history, is_current, is_versioned

from .conftest import free_port, running_oxigraph, wait_healthy

FIXTURES = Path(__file__).parent / "fixtures" / "rdf"

pytestmark = pytest.mark.slow

#: A county (Telemark: 18 municipalities, about 10 000 triples): big enough to kill mid-write,
#: small enough for CI.
COUNTY = "40"
TOKEN = "crash-test-token-0123456789"
PYTHON_ENV = {**os.environ, "LAGET_LANG": "en", "PYTHONUNBUFFERED": "1"}


def digests(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """Each current graph's content as a digest (blank node labels ignored). The versions, histories
    and the default graph (derived from the current graphs) are checked by :func:`records_agree`."""
    lines: dict[str, list[str]] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph) or not is_current(q.graph_name.value):
            continue
        lines.setdefault(q.graph_name.value, []).append(re.sub(r"_:\S+", "_:b", str(q.triple)))
    return {g: hashlib.sha256("\n".join(sorted(ls)).encode()).hexdigest() for g, ls in lines.items()}


def records_agree(store: Store) -> None:
    """Each setup's history ends in a current version whose size is the setup's: a load and the record
    of what it replaced are one write, so a crash can never leave one without the other."""
    for g in store.graphs():
        if is_versioned(g.iri):
            last = history(store, g.iri)[-1]
            assert last.current and last.triples == g.triples, (g.name, last, g.triples)


def signature(data_dir: Path) -> dict[str, str]:
    """:func:`digests` of the store on disk, reopened as after a crash (its records checked too)."""
    store = Store(data_dir)
    try:
        records_agree(store)
        return digests(store.oxigraph)
    finally:
        store.close()


def expected(files: list[Path]) -> dict[str, str]:
    """What the store holds after loading exactly ``files`` into an empty store (in memory)."""
    store = Store(None)
    load_files(store, files)
    return digests(store.oxigraph)


def write_ahead_logs(data_dir: Path) -> dict[str, int]:
    """RocksDB's write-ahead log files (``NNNNNN.log``) and their sizes: a commit lands there first.
    A log the loading process deletes between the listing and its size (once flushed) is left out."""
    sizes = {}
    for f in data_dir.glob("*.log"):
        with contextlib.suppress(FileNotFoundError):
            sizes[f.name] = f.stat().st_size
    return sizes


def logged_since(data_dir: Path, before: dict[str, int]) -> int:
    """Bytes appended to the write-ahead logs since ``before``."""
    return sum(max(0, size - before.get(name, 0)) for name, size in write_ahead_logs(data_dir).items())


def kill_when(process: subprocess.Popen[bytes], data_dir: Path, logged: int,
              kill: Callable[[subprocess.Popen[bytes]], None], give_up_s: float = 30) -> bool:
    """``kill`` as soon as ``logged`` bytes have been appended to the write-ahead logs (so part way
    through a write, wherever it is slow), or after ``give_up_s``. False if the process ended first."""
    start, before = time.monotonic(), write_ahead_logs(data_dir)
    while process.poll() is None and time.monotonic() - start < give_up_s:
        if logged_since(data_dir, before) >= logged:
            break
        time.sleep(0.001)
    if process.poll() is not None:
        return False
    kill(process)
    return True


#: Where to kill: fractions of the log an uncut write appends (a write that commits graph by graph
#: is caught between two graphs; a single commit is cut inside its log record or after it).
FRACTIONS = (0.01, 0.3, 0.6, 0.9)


def kill_9(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """The same county twice, with different content (two seeds): the same graphs, every one changed."""
    root = tmp_path_factory.mktemp("county")
    for seed in (1, 2):
        generate(root / f"seed{seed}", "county", seed, county=COUNTY)
    return sorted(root.glob("seed1/setups/*.ttl")), sorted(root.glob("seed2/setups/*.ttl"))


def test_load_killed_at_any_moment_leaves_all_old_or_all_new(versions: tuple[list[Path], list[Path]],
                                                             tmp_path: Path) -> None:
    old, new = versions
    want = {"old": expected(old), "new": expected(new)}
    assert set(want["old"]) == set(want["new"]) and len(want["old"]) > 10
    assert all(want["old"][g] != want["new"][g] for g in want["old"])
    data_dir = tmp_path / "db"
    store = Store(data_dir)
    load_files(store, old)
    before = write_ahead_logs(data_dir)
    load_files(store, new)  # what 'laget load' does, uncut: how much it logs
    whole = logged_since(data_dir, before)
    store.close()
    command = [sys.executable, "-m", "laget_graph.cli", "load", "--data-dir", str(data_dir)]
    state, seen = "new", []
    for fraction in FRACTIONS:
        target = "old" if state == "new" else "new"
        process = subprocess.Popen([*command, *map(str, old if target == "old" else new)], env=PYTHON_ENV,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killed = kill_when(process, data_dir, max(1, int(whole * fraction)), kill_9)
        got = signature(data_dir)
        matches = [name for name, sig in want.items() if got == sig]
        done = sum(got.get(g) == want[target][g] for g in want[target])
        assert matches, (f"killed={killed} at {fraction:.0%} of the log: {done} of {len(want[target])} graphs "
                         f"new, {len(want[target]) - len(got)} missing")
        state = matches[0]
        seen.append((killed, state == target))
    assert any(killed and not done for killed, done in seen), seen  # some kills did cut a load short


def test_load_into_an_external_store_killed_mid_request_leaves_all_old_or_all_new(
        versions: tuple[list[Path], list[Path]], tmp_path: Path) -> None:
    """On an external store (a real ``oxigraph serve``) a load is one SPARQL Update request: a client
    killed while sending it leaves nothing; once it is sent, the store applies it whole."""
    old, new = versions
    want = {"old": expected(old), "new": expected(new)}
    with running_oxigraph(tmp_path / "oxigraph") as url:
        env = {**PYTHON_ENV, "LAGET_SPARQL_URL": f"{url}/query", "LAGET_SPARQL_UPDATE_URL": f"{url}/update"}
        command = [sys.executable, "-m", "laget_graph.cli", "load"]

        def dataset() -> dict[str, str]:
            body = httpx.get(f"{url}/store", headers={"Accept": "application/n-quads"}, timeout=30).content
            return digests(ox.parse(body, format=ox.RdfFormat.N_QUADS))

        external = ExternalSparqlStore(f"{url}/query", f"{url}/update")
        load_files(external, old)
        external.close()
        assert dataset() == want["old"]
        start = time.monotonic()
        subprocess.run([*command, *map(str, new)], env=env, check=True, capture_output=True)
        whole_s = time.monotonic() - start
        assert dataset() == want["new"]
        state, seen = "new", []
        for fraction in (0.5, 0.75, 0.9, 0.97):
            target = "old" if state == "new" else "new"
            process = subprocess.Popen([*command, *map(str, old if target == "old" else new)], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(whole_s * fraction)
            killed = process.poll() is None
            kill_9(process)
            time.sleep(0.2)  # a request sent whole is being applied
            got = dataset()
            matches = [name for name, sig in want.items() if got == sig]
            done = sum(got.get(g) == want[target][g] for g in want[target])
            assert matches, f"killed={killed} at {fraction:.0%}: {done} of {len(want[target])} graphs new"
            state = matches[0]
            seen.append((killed, state == target))
    assert any(killed and not done for killed, done in seen), seen


@contextmanager
def serving(data_dir: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {**PYTHON_ENV, "LAGET_UPDATE_TOKEN": TOKEN, "LAGET_MAX_UPLOAD_BYTES": str(64 * 1024 * 1024)}
    process = subprocess.Popen([sys.executable, "-m", "laget_graph.cli", "serve", "--port", str(port),
                                "--data-dir", str(data_dir)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", 60, lambda: None if process.poll() is None else "the server exited")
        yield process
    finally:
        kill_group(process)


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """``kill -9`` the server and its query workers (its own process group), as a crash would."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def triples(n: int, tag: str) -> bytes:
    return "".join(f'<urn:x:unit{i}> <http://www.w3.org/2000/01/rdf-schema#label> "{tag} {i}" .\n'
                   for i in range(n)).encode()


def test_graph_store_put_killed_mid_write_leaves_the_old_graph_or_the_new(tmp_path: Path) -> None:
    data_dir, port = tmp_path / "db", free_port()
    graph = "https://w3id.org/laget/graph/setup/big"
    bodies = {"old": triples(12_000, "gammel"), "new": triples(18_000, "ny")}
    want = {}
    for name, body in bodies.items():
        in_memory = Store(None)
        load_data(in_memory, body, "nt", graph, "x.nt")
        want[name] = graph_triples(in_memory, graph)
    store = Store(data_dir)
    load_files(store, [FIXTURES / "good-setup.ttl"])  # another graph, which must never change
    load_data(store, bodies["old"], "nt", graph, "x.nt")
    store.close()
    with serving(data_dir, port):  # a real PUT, uncut: how much it logs
        before = write_ahead_logs(data_dir)
        assert put(port, graph, bodies["new"]) == 204
        whole = logged_since(data_dir, before)
    store = Store(data_dir)
    assert graph_triples(store, graph) == want["new"]  # kill -9 right after the answer: the PUT stays
    load_data(store, bodies["old"], "nt", graph, "x.nt")
    store.close()
    others = {g: d for g, d in signature(data_dir).items() if g != graph}
    seen = []
    for fraction in FRACTIONS:
        with serving(data_dir, port) as process:
            sender = threading.Thread(target=put, args=(port, graph, bodies["new"]))
            sender.start()
            killed = kill_when(process, data_dir, max(1, int(whole * fraction)), kill_group)
            kill_group(process)
            sender.join()
        store = Store(data_dir)
        got = graph_triples(store, graph)
        store.close()
        assert got in (want["old"], want["new"]), f"killed at {fraction:.0%} of the log: {len(got)} triples"
        assert {g: d for g, d in signature(data_dir).items() if g != graph} == others
        seen.append((killed, got == want["new"]))
        if got == want["new"]:  # the old content back for the next kill
            store = Store(data_dir)
            load_data(store, bodies["old"], "nt", graph, "x.nt")
            store.close()
    assert any(killed and not done for killed, done in seen), seen  # some kills did cut a PUT short


def graph_triples(store: Store, graph: str) -> list[str]:
    return sorted(str(q.triple) for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def put(port: int, graph: str, body: bytes) -> int | None:
    """A Graph Store PUT; None when the server died before answering."""
    with suppress(httpx.HTTPError):
        return httpx.put(f"http://127.0.0.1:{port}/sparql/graphs", params={"graph": graph}, content=body,
                         headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
                         timeout=120).status_code
    return None
