"""Validate an upload in a child process that can be killed, so no upload can freeze the server.

Parsing and validating a hostile upload can take long (a million triples in a megabyte of Turtle,
deeply nested collections) or much memory (a workbook that unpacks to gigabytes), and neither
pyoxigraph nor openpyxl can be stopped from outside. So an upload is read and validated in a child
of a fork server (started once, with the validation code imported), under the same time limit
(``LAGET_QUERY_TIMEOUT``) and memory cap (``LAGET_QUERY_MEMORY_MB``) as a query, in its own empty
network namespace where the kernel allows it. At most ``LAGET_QUERY_WORKERS`` run at once; others
wait their turn for up to ``LAGET_QUERY_QUEUE_WAIT``.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from dataclasses import dataclass, field
from functools import cache
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..i18n import Catalog
from ..store import ParsedFile
from .report import InputProblem, Report

if TYPE_CHECKING:
    from ..ingest.spreadsheet.origins import Origins

T = Catalog({
    "no_file": {"nb": "Ingen fil ble lastet opp.", "en": "No file was uploaded."},
    "timeout": {
        "nb": "{source}: lesing og validering tok mer enn {seconds:g} s og ble stoppet (LAGET_QUERY_TIMEOUT).",
        "en": "{source}: reading and validating took longer than {seconds:g} s and was stopped "
              "(LAGET_QUERY_TIMEOUT).",
    },
    "memory": {
        "nb": "{source}: lesing og validering trengte mer enn {mb} MB minne og ble stoppet (LAGET_QUERY_MEMORY_MB).",
        "en": "{source}: reading and validating needed more than {mb} MB of memory and was stopped "
              "(LAGET_QUERY_MEMORY_MB).",
    },
    "crashed": {
        "nb": "{source}: valideringsprosessen stanset uventet ({how}); filen kunne ikke valideres.",
        "en": "{source}: the validation process stopped unexpectedly ({how}); the file could not be validated.",
    },
})


#: How long a child may take to start and read the base data before its time limit begins.
_START_S = 60.0


class ValidationBusy(Exception):
    """Every validation slot stayed taken for the whole wait."""


@dataclass(frozen=True)
class Limits:
    timeout_s: float
    memory_mb: int
    max_bytes: int


@dataclass
class Upload:
    """What the child hands back: the report, what was parsed, each setup graph's name for people
    (``Bærum``), and for a spreadsheet where each fact came from (sheet, row, column)."""

    report: Report
    parsed: list[ParsedFile] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    origins: Origins | None = None


def base_quads(base_nt: bytes | None) -> list[ox.Quad] | None:
    """The server's ontology and reference data from their N-Quads (None: the bundled files)."""
    from ..ingest import parse_rdf, rdf_format_for

    if base_nt is None:
        return None
    return [q for qs in parse_rdf(base_nt, rdf_format_for("base.nq"), None, "base").graphs.values() for q in qs]


def validate_upload(data: bytes, name: str, fmt: str | None, max_bytes: int, base: list[ox.Quad] | None,
                    lang: str) -> Upload:
    """Read one upload and validate it in a dataset of its own (ontology and reference data from
    ``base``, the server's, or the bundled files); problems are worded in ``lang``."""
    from ..ingest import InputError, read_located
    from ..network.places import directory
    from .dataset import Dataset
    from .engine import validate

    report = Report()
    if not data:
        report.problems.append(InputProblem(name, T("no_file", lang)))
        return Upload(report)
    try:
        parsed, origins = read_located(data, name, max_bytes, fmt)
    except InputError as exc:
        report.problems.append(InputProblem(name, exc.message(lang)))
        return Upload(report)
    ds = Dataset(base)
    ds.add(parsed)
    report.setups = validate(ds).setups
    names = directory(ds.store)
    return Upload(report, [parsed], {s.graph: names.graph_title(s.graph, lang) for s in report.setups}, origins)


def _child(conn: Connection, args: tuple[object, ...], memory_mb: int) -> None:
    """Wall in, read the base data, say "ready" (the time limit runs from here: it is the upload's),
    then read and validate the upload."""
    from ..sparql.worker import cap_memory, isolate_network

    isolate_network()
    cap_memory(memory_mb)
    try:
        data, name, fmt, max_bytes, base_nt, lang = args
        base = base_quads(base_nt)  # type: ignore[arg-type]
        conn.send(("ready", None))
        conn.send(("ok", validate_upload(data, name, fmt, max_bytes, base, lang)))  # type: ignore[arg-type]
    except MemoryError:
        conn.send(("memory", None))
    finally:
        conn.close()


@cache
def _context() -> multiprocessing.context.BaseContext:
    """A fork server: children start from a small clean process with this module loaded, not from
    the threaded server (forking that is unsafe) and not from scratch (spawning costs a second)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["laget_graph.validation.isolated", "laget_graph.validation.engine",
                                    "laget_graph.ingest"])
    return context


@cache
def _slots(count: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(count)


def validate_isolated(data: bytes, name: str, fmt: str | None, base_nt: bytes | None, lang: str, limits: Limits,
                      slots: int = 2, wait_s: float = 60.0) -> Upload:
    """:func:`validate_upload` in a killable child; a child that runs out of time or memory, or
    dies, becomes an input problem of the report, and the server goes on."""
    slot = _slots(max(1, slots))
    if not slot.acquire(timeout=wait_s):
        raise ValidationBusy
    try:
        return _run_child(data, name, fmt, base_nt, lang, limits)
    finally:
        slot.release()


def _run_child(data: bytes, name: str, fmt: str | None, base_nt: bytes | None, lang: str, limits: Limits
               ) -> Upload:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    args = (data, name, fmt, limits.max_bytes, base_nt, lang)
    process = context.Process(target=_child, args=(sender, args, limits.memory_mb), daemon=True)
    process.start()
    sender.close()
    kind, result = "crashed", None
    try:
        for wait in (max(_START_S, limits.timeout_s), limits.timeout_s):  # starting, then the upload's work
            if not receiver.poll(wait):
                kind, result = "timeout", None
                break
            try:
                kind, result = receiver.recv()
            except (EOFError, OSError):
                kind, result = "crashed", None
            if kind != "ready":
                break
    finally:
        if kind != "ok":
            _kill(process)
        process.join(timeout=5)
        receiver.close()
    if kind == "ok":
        return result  # type: ignore[return-value]
    if kind == "timeout":
        problem = T("timeout", lang, source=name, seconds=limits.timeout_s)
    elif kind == "memory" or process.exitcode == -signal.SIGKILL:
        problem = T("memory", lang, source=name, mb=limits.memory_mb)
    else:
        code = process.exitcode
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
        problem = T("crashed", lang, source=name, how=how)
    return Upload(Report(problems=[InputProblem(name, problem)]))


def _kill(process: multiprocessing.process.BaseProcess) -> None:
    if process.is_alive():
        process.kill()
