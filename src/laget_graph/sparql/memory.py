"""How much memory a query worker holds, for the bound on all workers together, and how much CPU time
it has used, for when a long query's priority is lowered (see :mod:`.runner`).

The proportional set size (``Pss`` in ``/proc/<pid>/smaps_rollup``) shares each page among the
processes that map it, so forked workers, which share the in-memory store copy-on-write, are not
counted once per worker; where the kernel has no ``smaps_rollup``, the resident set stands in.
Elsewhere than Linux nothing is known and nothing is bounded.

Reading ``smaps_rollup`` walks the process's page tables (about 12 ms of kernel time for a worker
holding national data), so the watchdog first adds up the resident sets (``statm``, read in
microseconds): a process's proportional size is never larger than its resident set, so while the
resident sets together stay under the bound the proportional sizes need not be read.
"""

from __future__ import annotations

import os
import resource

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def held_bytes(pid: int) -> int:
    """Memory held by process ``pid`` in bytes; 0 if it is gone or cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resident_bytes(pid)


def resident_bytes(pid: int) -> int:
    """The resident set of process ``pid`` in bytes (pages shared with other processes counted in
    full, so never less than :func:`held_bytes`); 0 if it is gone or cannot be read."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize()
    except (OSError, IndexError, ValueError):
        return 0


def measurable() -> bool:
    """Whether :func:`held_bytes` can see anything on this system."""
    try:
        with open("/proc/self/statm"):
            return True
    except OSError:
        return False


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system) process ``pid`` has used; 0 if it is gone or cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime: fields 14 and 15
    except (OSError, IndexError, ValueError):
        return 0.0
