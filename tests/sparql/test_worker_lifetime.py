"""Query workers live as long as their runner, not as long as the thread that asked for them: the
kernel's parent-death signal follows the starting thread, so workers are started from the runner's
own thread (see sparql/runner.py). Dying with the server is tested on a real ``laget serve`` in
tests/test_serve_command.py."""

from __future__ import annotations

import threading
import time

from laget_graph.sparql.request import QueryRequest
from laget_graph.sparql.runner import QueryRunner
from laget_graph.store import Store

JSON = "application/sparql-results+json"


def test_a_worker_started_from_a_thread_that_ended_keeps_answering(bundled_store: Store) -> None:
    runner = QueryRunner(bundled_store, timeout_s=20, memory_mb=1024, workers=1)
    try:
        thread = threading.Thread(target=runner.warm)
        thread.start()
        thread.join()
        (worker,) = runner._idle
        time.sleep(0.5)  # the kernel signals at once when the starting thread ends; give it time to land
        assert worker.process.is_alive()
        answer = runner.run(QueryRequest("ASK { ?s ?p ?o }", "ASK", JSON))
        assert b"true" in answer.body
        assert runner._idle == [worker], "the same worker answered"
    finally:
        runner.close()
