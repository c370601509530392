"""The query worker: a child process that answers queries and can be killed at any moment.

Neither rdflib nor pyoxigraph can stop a running query, so every query runs here and the parent
kills the process at the time limit. Before serving, the worker walls itself in (the second
guard, after :mod:`.guard`):

- an address-space cap (``RLIMIT_AS``) so a runaway query dies instead of the server;
- its own empty network namespace where the kernel allows it (root, or unprivileged user
  namespaces): pyoxigraph's Rust HTTP client for ``SERVICE`` bypasses Python entirely, and in
  an empty namespace every connection fails with "network unreachable";
- a Python audit hook that refuses socket connections, name look-ups, new processes, and opening
  any file outside the store's folder.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import resource
import sys
from multiprocessing.connection import Connection

import pyoxigraph as ox

from ..store import open_read_only, snapshot
from .request import QueryRequest, execute

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000

#: Audit events that would reach the network or start something outside the worker.
_FORBIDDEN_EVENTS = frozenset({
    "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
    "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "ctypes.dlopen", "webbrowser.open",
})


def main(conn: Connection, source: ox.Store | str, memory_mb: int, in_memory_max: int = 0) -> None:
    """Entry point of a worker: open the store, wall in, then answer requests until killed.

    ``source`` is the parent's in-memory store (inherited by ``fork``) or the path of the on-disk
    store, opened read-only so it never competes with the server's writer for RocksDB's lock.
    An on-disk store of at most ``in_memory_max`` quads is copied into memory first: lookups there
    skip RocksDB, which makes join-heavy queries several times faster, and the copy is as fresh as
    the worker (workers are replaced after every write).
    """
    faulthandler.disable()  # an aborted query (memory cap) is reported by the parent, not dumped here
    store, copied = (source, False) if isinstance(source, ox.Store) else open_snapshot(source, in_memory_max)
    allowed_dir = None if isinstance(source, ox.Store) else os.path.realpath(source)
    cap_memory(memory_mb)
    isolated = isolate_network()
    install_audit_hook(allowed_dir)
    conn.send(("ready", isolated, copied))
    while True:
        request: QueryRequest = conn.recv()
        try:
            conn.send(("ok", execute(store, request)))
        except MemoryError:
            conn.send(("memory", ""))
        except (SyntaxError, OSError, ValueError, TypeError, RuntimeError) as exc:
            conn.send(("failed", str(exc)))


def open_snapshot(path: str, in_memory_max: int) -> tuple[ox.Store, bool]:
    """The on-disk store read-only, or an in-memory copy of it when it holds at most ``in_memory_max``
    quads (about 0.5 KB of memory per quad); True when copied."""
    on_disk = open_read_only(path)
    if in_memory_max <= 0 or len(on_disk) > in_memory_max:
        return on_disk, False
    del on_disk
    return snapshot(path), True


def cap_memory(memory_mb: int) -> None:
    """Allow the address space to grow by ``memory_mb`` beyond what the process holds now."""
    with open("/proc/self/statm") as f:
        current = int(f.read().split()[0]) * resource.getpagesize()
    limit = current + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def isolate_network() -> bool:
    """Move into an empty network namespace; False where the kernel refuses (then the other
    guards still hold)."""
    libc = ctypes.CDLL(None, use_errno=True)
    return any(libc.unshare(flags) == 0 for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET))


def install_audit_hook(allowed_dir: str | None) -> None:
    """Refuse, from now on and irrevocably, network use, new processes and foreign files."""

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event in _FORBIDDEN_EVENTS:
            raise PermissionError(f"laget-graph query worker: {event} is not allowed")
        if event == "open" and isinstance(args[0], str | bytes):
            path = os.path.realpath(os.fsdecode(args[0]))
            if allowed_dir is None or not (path == allowed_dir or path.startswith(allowed_dir + os.sep)):
                raise PermissionError(f"laget-graph query worker: opening {path} is not allowed")

    sys.addaudithook(hook)
