"""Settings read once from the environment and passed down (no environment reads deep in the code)."""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

#: Enhetsregisteret's open API (Brønnøysundregistrene), as its OpenAPI specification names the server.
BRREG_API = "https://data.brreg.no/enhetsregisteret/api"


def default_data_dir() -> Path:
    """The embedded store's folder in the user's data directory (e.g. ~/.local/share/laget-graph/store)."""
    return Path(user_data_dir("laget-graph", appauthor=False)) / "store"


def default_cache_dir() -> Path:
    """Answers fetched from the public registers (e.g. ~/.cache/laget-graph), kept to spare them and to work offline."""
    return Path(user_cache_dir("laget-graph", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with sensible defaults for a single user on one machine."""

    data_dir: Path = field(default_factory=default_data_dir)
    store: str = "oxigraph"  # "oxigraph" (embedded, on disk) or "memory"
    host: str = "127.0.0.1"
    port: int = 8000
    lang: str = "nb"
    query_timeout_s: float = 10.0
    result_limit: int = 10_000
    max_upload_bytes: int = 5 * 1024 * 1024
    update_token: str | None = None
    query_workers: int = 2  # query worker processes (each killable at the time limit)
    query_memory_mb: int = 2048  # address-space growth allowed to one query worker
    # Requests that may wait for a busy worker (in each of the regular and the long-query line); one more
    # gets 503 at once. Room for 32 clients with a query each beside the first queries of a few
    # long-query clients, before those are told apart (see sparql/runner.py).
    query_queue: int = 64
    query_queue_wait_s: float = 60.0  # how long a request may wait in that line before 503
    # Query workers copy an on-disk store of at most this many quads into memory (0: never); about
    # 0.5 KB per quad per worker, and 1.2 s per 200 000 quads when a worker starts.
    query_in_memory_max: int = 1_000_000
    # All query workers together may hold this much memory; past it the largest query is stopped (0: no bound).
    query_memory_total_mb: int = 4096
    # Per client (see sparql/clients.py): queries running or waiting at once, and seconds of query time
    # per minute (0: no bound); past either, 429 with Retry-After. A client is its remote address, or,
    # when the request comes from one of ``trusted_proxies``, the address the proxy passed in ``client_header``.
    client_queries: int = 4
    client_query_seconds: float = 60.0
    trusted_proxies: tuple[str, ...] = ()
    client_header: str = "X-Forwarded-For"
    # External SPARQL 1.1 database instead of the embedded store (see docs/stores.md).
    sparql_url: str | None = None
    sparql_update_url: str | None = None
    gsp_url: str | None = None
    sparql_user: str | None = None
    sparql_password: str | None = None
    cors_origins: tuple[str, ...] = ()
    # The public registers (laget registers): where answers are cached, and Enhetsregisteret's API.
    cache_dir: Path = field(default_factory=default_cache_dir)
    brreg_url: str = BRREG_API
    register_timeout_s: float = 10.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from ``LAGET_*`` variables; unset ones keep their defaults."""
        env = dict(os.environ if env is None else env)
        lang = detect_lang(env)
        values: dict[str, object] = {"lang": lang}
        for name, convert in _FROM_ENV.items():
            variable = f"LAGET_{name.upper()}"
            raw = env.get(variable, "")
            if raw.strip():
                try:
                    values[_FIELD.get(name, name)] = convert(raw.strip())
                except ValueError:
                    raise SettingsError(variable, raw, convert, lang) from None
        return replace(cls(), **values)  # type: ignore[arg-type]


class SettingsError(ValueError):
    """A ``LAGET_*`` variable that cannot be read; the message names it, in the user's language."""

    def __init__(self, variable: str, raw: str, convert: Callable[[str], object], lang: str) -> None:
        self.variable, self.raw = variable, raw
        kind = {int: ("et heltall", "a whole number"), float: ("et tall", "a number")}.get(convert, ("gyldig",
                                                                                                  "valid"))
        super().__init__(f"{variable}={raw!r} er ikke {kind[0]}." if lang == "nb"
                         else f"{variable}={raw!r} is not {kind[1]}.")


def settings_or_exit() -> Settings:
    """For command-line entry points: a bad variable ends the program naming it, not with a traceback."""
    try:
        return Settings.from_env()
    except SettingsError as exc:
        print(f"laget: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _origins(raw: str) -> tuple[str, ...]:
    return tuple(o.strip() for o in raw.split(",") if o.strip())


def _networks(raw: str) -> tuple[str, ...]:
    """Addresses or networks (``10.0.0.0/8``), comma-separated; a ValueError names none of them as valid."""
    return tuple(str(ipaddress.ip_network(n, strict=False)) for n in _origins(raw))


#: ``LAGET_<NAME>`` variables and how each is read.
_FROM_ENV: dict[str, Callable[[str], object]] = {
    "data_dir": lambda raw: Path(raw).expanduser(), "store": str, "host": str, "port": int,
    "query_timeout": float, "result_limit": int, "max_upload_bytes": int, "query_workers": int,
    "query_memory_mb": int, "query_queue": int, "query_queue_wait": float, "query_in_memory_max": int,
    "sparql_url": str, "sparql_update_url": str, "gsp_url": str, "sparql_user": str, "sparql_password": str,
    "update_token": str, "cors_origins": _origins, "query_memory_total_mb": int, "client_queries": int,
    "client_query_seconds": float, "trusted_proxies": _networks, "client_header": str,
    "cache_dir": lambda raw: Path(raw).expanduser(), "brreg_url": str, "register_timeout": float,
}
#: Variables whose field name differs (times carry their unit in the field name).
_FIELD = {"query_timeout": "query_timeout_s", "query_queue_wait": "query_queue_wait_s",
          "register_timeout": "register_timeout_s"}


def detect_lang(env: dict[str, str]) -> str:
    """``LAGET_LANG`` wins; otherwise a Norwegian locale gives ``nb``, any other set locale ``en``."""
    explicit = env.get("LAGET_LANG", "").strip().lower()
    if explicit in ("nb", "en"):
        return explicit
    locale = env.get("LC_ALL") or env.get("LC_MESSAGES") or env.get("LANG") or ""
    if not locale or locale.startswith(("C", "POSIX")):
        return "nb"
    return "nb" if locale.lower().startswith(("nb", "no", "nn")) else "en"
