"""A query worker answers on a thread of its own, not on its main thread: the main thread's heap
(glibc's main arena) is where the worker built its copy of the store, and a query's allocations
there cost it about half as much again as on a thread with an arena of its own (issue 14; measured
in docs/benchmarks.md). Seen from outside by the CPU time of each of the worker's threads."""

from __future__ import annotations

from pathlib import Path

from laget_graph.ingest import load_bundled
from laget_graph.sparql.request import QueryRequest
from laget_graph.sparql.runner import QueryRunner
from laget_graph.store import Store

from .test_copies import _until

JSON = "application/sparql-results+json"
#: A few milliseconds of engine work on the bundled data, answered from the worker's copy.
JOIN = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r }", "SELECT", JSON, 10)


def _cpu_ns(pid: int) -> dict[int, int]:
    """CPU time of each thread of ``pid`` in nanoseconds (``schedstat``: exact, not in clock ticks)."""
    times = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        times[int(task.name)] = int((task / "schedstat").read_text().split()[0])
    return times


def test_queries_run_on_a_thread_of_their_own_not_the_main_thread(tmp_path: Path) -> None:
    store = Store(tmp_path / "db")
    load_bundled(store)
    runner = QueryRunner(store, timeout_s=30, memory_mb=1024, workers=1, in_memory_max=10_000_000)
    try:
        _until(lambda: len(runner._idle) == 1 and runner._idle[0].copied)
        runner.run(JOIN)
        pid = runner._idle[0].process.pid
        before = _cpu_ns(pid)
        for _ in range(20):
            runner.run(JOIN)
        after = _cpu_ns(pid)
        used = {tid: after[tid] - before.get(tid, 0) for tid in after}
        main, others = used.pop(pid), max(used.values(), default=0)
        assert others > 20 * main, f"main thread {main} ns, busiest other thread {others} ns"
        assert runner._idle[0].process.pid == pid, "the same worker answered throughout"
    finally:
        runner.close()
        store.close()
