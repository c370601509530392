"""A throwaway Virtuoso Open Source 7 on loopback: its own folder, ``virtuoso.ini`` and free ports.

Used by the Virtuoso tests (tests/store/) and by ``bench/external.py --store virtuoso``. Needs Debian's
``virtuoso-opensource`` package (``virtuoso-t`` and ``isql-vt``); nothing here touches the system
service or its database. The server gets a random ``dba`` password and an update user of its own
(role ``SPARQL_UPDATE``), the way docs/stores.md tells an administrator to set one up.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

#: The ``[SPARQL]`` limits a test can lower; these are the values of Debian's own virtuoso.ini.
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_SECONDS = 60
DEFAULT_MAX_COST_SECONDS = 400

_INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
DisableTcpSocket   = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode           = 2
AllowOSCalls       = 0
DirsAllowed        = .
ThreadsPerQuery    = 2
NumberOfBuffers    = 20000
MaxDirtyBuffers    = 15000
MaxQueryMem        = 1G

[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {folder}
MaxClientConnections = 10
ServerThreads      = 10
MaxKeepAlives      = 10
KeepAliveTimeout   = 10
Charset            = UTF-8
EnabledDavVSP      = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryExecutionTime      = {max_seconds}
MaxQueryCostEstimationTime = {max_cost_seconds}
"""


def virtuoso_command() -> str | None:
    """``virtuoso-t`` from Debian's virtuoso-opensource package, if installed."""
    return shutil.which("virtuoso-t")


def isql_command() -> str | None:
    """Virtuoso's SQL client (``isql-vt`` on Debian, ``isql-v`` elsewhere)."""
    return shutil.which("isql-vt") or shutil.which("isql-v")


def missing_reason() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    if virtuoso_command() is None or isql_command() is None:
        return "Virtuoso Open Source 7 is not installed (apt-get install virtuoso-opensource)"
    return None


@dataclass(frozen=True)
class Virtuoso:
    """A running server: its HTTP base URL and the update user laget-graph is given."""

    url: str
    sql_port: int
    user: str
    password: str
    dba_password: str
    folder: Path

    @property
    def env(self) -> dict[str, str]:
        """The ``LAGET_*`` variables that point laget-graph at this server (see docs/stores.md)."""
        return {"LAGET_SPARQL_URL": f"{self.url}/sparql", "LAGET_SPARQL_UPDATE_URL": f"{self.url}/sparql-auth",
                "LAGET_GSP_URL": f"{self.url}/sparql-graph-crud-auth",
                "LAGET_SPARQL_USER": self.user, "LAGET_SPARQL_PASSWORD": self.password}

    def sql(self, statements: str) -> str:
        """Run SQL as ``dba`` with isql; fail on any error (isql itself exits 0 on some)."""
        return _isql(self.sql_port, self.dba_password, statements)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _isql(port: int, password: str, statements: str) -> str:
    command = isql_command()
    assert command is not None
    done = subprocess.run([command, f"127.0.0.1:{port}", "dba", password, f"exec={statements}"],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def running_virtuoso(folder: Path, max_rows: int = DEFAULT_MAX_ROWS, max_seconds: int = DEFAULT_MAX_SECONDS,
                     max_cost_seconds: int = DEFAULT_MAX_COST_SECONDS, start_timeout_s: float = 120
                     ) -> Iterator[Virtuoso]:
    """Start ``virtuoso-t -f`` on free loopback ports with a new database in ``folder``; stop it after.

    ``max_rows`` and ``max_seconds`` are the ``[SPARQL]`` limits ``ResultSetMaxRows`` and
    ``MaxQueryExecutionTime``; ``max_cost_seconds`` is ``MaxQueryCostEstimationTime`` (0: off)."""
    command = virtuoso_command()
    if command is None or isql_command() is None:
        raise RuntimeError(missing_reason())
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(folder=folder, sql_port=sql_port, http_port=http_port, max_rows=max_rows,
                               max_seconds=max_seconds, max_cost_seconds=max_cost_seconds))
    log = (folder / "virtuoso.out").open("wb")
    process = subprocess.Popen([command, "-f", "+configfile", str(ini)], cwd=folder, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_ready(process, url, start_timeout_s, folder)
        dba_password, password = secrets.token_hex(12), secrets.token_hex(12)
        _isql(sql_port, "dba", f"USER_CHANGE_PASSWORD('dba', 'dba', '{dba_password}'); "
                               f"DB.DBA.USER_CREATE('laget', '{password}'); GRANT SPARQL_UPDATE TO \"laget\";")
        yield Virtuoso(url, sql_port, "laget", password, dba_password, folder)
    finally:
        process.terminate()  # Virtuoso checkpoints and exits on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, timeout_s: float, folder: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    tail = (folder / "virtuoso.out").read_text(errors="replace")[-2000:]
    raise RuntimeError(f"Virtuoso did not start (exit code {process.poll()}):\n{tail}")
