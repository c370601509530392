"""Which ``laget serve`` holds an on-disk store: a small marker file beside the data, so that other
``laget`` commands can read a snapshot while it runs and send writes through it.

The on-disk store has one writer (RocksDB's lock); a second process can open it read-only, but
cannot write. ``laget serve`` writes ``<store>/laget-serve.json`` (its URL and process id) when it
starts and removes it when it stops; a marker whose process is gone is ignored."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

MARKER = "laget-serve.json"


@dataclass(frozen=True)
class RunningServer:
    url: str
    pid: int

    @property
    def sparql_url(self) -> str:
        return f"{self.url}/sparql"

    @property
    def graph_store_url(self) -> str:
        return f"{self.url}/sparql/graphs"


def announce(data_dir: Path, url: str) -> Path:
    """Record that this process serves the store in ``data_dir`` at ``url``."""
    marker = data_dir / MARKER
    marker.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    return marker


def withdraw(data_dir: Path) -> None:
    """Remove this process's marker (another server's is left alone)."""
    found = running_server(data_dir)
    if found is not None and found.pid == os.getpid():
        (data_dir / MARKER).unlink(missing_ok=True)


def running_server(data_dir: Path) -> RunningServer | None:
    """The server that holds the store in ``data_dir``, if its marker is there and its process alive."""
    try:
        data = json.loads((data_dir / MARKER).read_text(encoding="utf-8"))
        server = RunningServer(str(data["url"]).rstrip("/"), int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(server.pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, another user's
        pass
    return server
