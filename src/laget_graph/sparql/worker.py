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

It also dies with its server, whatever stops the server (even ``kill -9``): the kernel sends it
SIGKILL when the thread that started it ends (``PR_SET_PDEATHSIG``, Linux; the runner starts every
worker from one thread that lives as long as the runner), and it ends quietly when its pipe to the
server closes. A forked worker drops every socket it inherited but its own pipe (the server's
listening socket, client connections, its siblings' pipes), so it never holds the port, and the
server's death always reaches it as end-of-file.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import resource
import signal
import stat
import sys
import threading
import time
from multiprocessing.connection import Connection

import pyoxigraph as ox

from ..store import open_read_only, snapshot
from .request import QueryRequest, execute

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1

#: Audit events that would reach the network or start something outside the worker.
_FORBIDDEN_EVENTS = frozenset({
    "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
    "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "ctypes.dlopen", "webbrowser.open",
})


def main(conn: Connection, source: ox.Store | str, memory_mb: int, in_memory_max: int = 0,
         parent_pid: int | None = None) -> None:
    """Entry point of a worker: open the store, wall in, then answer requests until killed.
    ``parent_pid`` is the server's pid when the server forked the worker itself (None: the worker's
    parent is the fork server, which ends with the server).

    ``source`` is the parent's in-memory store (inherited by ``fork``) or the path of the on-disk
    store, opened read-only so it never competes with the server's writer for RocksDB's lock.
    An on-disk store of at most ``in_memory_max`` quads is copied into memory first: lookups there
    skip RocksDB, which makes join-heavy queries several times faster, and the copy is as fresh as
    the worker (workers are replaced after every write).
    """
    faulthandler.disable()  # an aborted query (memory cap) is reported by the parent, not dumped here
    die_with_parent(os.getppid() if parent_pid is None else parent_pid)
    drop_inherited_sockets(keep=conn.fileno())
    store, copied = (source, False) if isinstance(source, ox.Store) else open_snapshot(source, in_memory_max)
    allowed_dir = None if isinstance(source, ox.Store) else os.path.realpath(source)
    isolated = isolate_network()  # before the answering thread, which inherits the empty namespace
    answering = _AnsweringThread(conn, store)
    cap_memory(memory_mb)  # after the thread's stack and heap are there: the cap is for the queries
    install_audit_hook(allowed_dir)
    answering.serve(("ready", isolated, copied))


class _AnsweringThread(threading.Thread):
    """The thread that answers, with a heap of its own. The copy of the store was built on the main
    thread, in its heap (glibc's main arena), and a query's own allocations in that heap cost about
    half as much again as in a heap of their own: a light query took 2.4–3.1 ms of CPU on the main
    thread against 1.7–1.9 ms here (issue 14, docs/benchmarks.md). The main thread only waits; an
    error the thread meets is raised there, so the worker ends as it did when it answered itself."""

    def __init__(self, conn: Connection, store: ox.Store) -> None:
        super().__init__(name="laget-query-answering", daemon=True)
        self.conn, self.store = conn, store
        self._ready = threading.Event()  # its arena exists: set by the thread's first allocations
        self._walled = threading.Event()  # the memory cap and the audit hook are in place
        self._greeting: tuple[object, ...] = ()
        self._error: BaseException | None = None
        self.start()
        self._ready.wait()

    def run(self) -> None:
        bytearray(4096)  # a first allocation here makes this thread's arena before the memory cap
        self._ready.set()
        self._walled.wait()
        try:  # each message ends with the CPU seconds used so far, which the server need not read in /proc
            self.conn.send((*self._greeting, time.process_time()))
            while True:
                request: QueryRequest = self.conn.recv()
                self.conn.send((*answer(self.store, request), time.process_time()))
        except (EOFError, OSError):  # the server is gone: nobody is left to answer
            return
        except BaseException as exc:  # handed to the main thread, which ends the worker with it
            self._error = exc

    def serve(self, greeting: tuple[object, ...]) -> None:
        """Tell the server the worker is ready (``greeting``), then answer until the server goes."""
        self._greeting = greeting
        self._walled.set()
        self.join()
        if self._error is not None:
            raise self._error


def answer(store: ox.Store, request: QueryRequest) -> tuple[str, object]:
    """One request's reply: ``("ok", answer)`` or why not."""
    try:
        return "ok", execute(store, request)
    except MemoryError:
        return "memory", ""
    except (SyntaxError, OSError, ValueError, TypeError, RuntimeError) as exc:
        return "failed", str(exc)


def die_with_parent(parent_pid: int) -> None:
    """End with the server: SIGKILL from the kernel when the server goes (Linux), SIGTERM as usual
    (a forked worker inherits the server's own handler, which would ignore it), and Ctrl-C left to
    the server, which takes its workers with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.set_wakeup_fd(-1)  # the server's event loop, inherited by a fork, is not ours
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the server died before the line above: nobody would kill us
        os._exit(0)


def drop_inherited_sockets(keep: int) -> None:
    """Point every inherited socket but ``keep`` at /dev/null. Not ``close``: Python objects copied
    from the server still own those numbers and may close them later; a reused number would then
    close something of ours."""
    fd_dir = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    try:
        fds = [int(name) for name in os.listdir(fd_dir)]
    except OSError:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in fds:
            if fd in (keep, null):
                continue
            try:
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.dup2(null, fd)
            except OSError:  # the listing's own descriptor, already closed
                continue
    finally:
        os.close(null)


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
