"""Settings read once from the environment and passed down (no environment reads deep in the code)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_data_dir


def default_data_dir() -> Path:
    """The embedded store's folder in the user's data directory (e.g. ~/.local/share/laget-graph/store)."""
    return Path(user_data_dir("laget-graph", appauthor=False)) / "store"


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
    # External SPARQL 1.1 database instead of the embedded store (see docs/stores.md).
    sparql_url: str | None = None
    sparql_update_url: str | None = None
    gsp_url: str | None = None
    sparql_user: str | None = None
    sparql_password: str | None = None
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from ``LAGET_*`` variables; unset ones keep their defaults."""
        env = dict(os.environ if env is None else env)
        base = cls()
        values: dict[str, object] = {}
        if "LAGET_DATA_DIR" in env:
            values["data_dir"] = Path(env["LAGET_DATA_DIR"]).expanduser()
        if "LAGET_STORE" in env:
            values["store"] = env["LAGET_STORE"]
        if "LAGET_HOST" in env:
            values["host"] = env["LAGET_HOST"]
        if "LAGET_PORT" in env:
            values["port"] = int(env["LAGET_PORT"])
        values["lang"] = detect_lang(env)
        if "LAGET_QUERY_TIMEOUT" in env:
            values["query_timeout_s"] = float(env["LAGET_QUERY_TIMEOUT"])
        if "LAGET_RESULT_LIMIT" in env:
            values["result_limit"] = int(env["LAGET_RESULT_LIMIT"])
        if "LAGET_MAX_UPLOAD_BYTES" in env:
            values["max_upload_bytes"] = int(env["LAGET_MAX_UPLOAD_BYTES"])
        if "LAGET_QUERY_WORKERS" in env:
            values["query_workers"] = int(env["LAGET_QUERY_WORKERS"])
        if "LAGET_QUERY_MEMORY_MB" in env:
            values["query_memory_mb"] = int(env["LAGET_QUERY_MEMORY_MB"])
        for name in ("sparql_url", "sparql_update_url", "gsp_url", "sparql_user", "sparql_password"):
            if env.get(f"LAGET_{name.upper()}"):
                values[name] = env[f"LAGET_{name.upper()}"]
        if env.get("LAGET_UPDATE_TOKEN"):
            values["update_token"] = env["LAGET_UPDATE_TOKEN"]
        if env.get("LAGET_CORS_ORIGINS"):
            values["cors_origins"] = tuple(o.strip() for o in env["LAGET_CORS_ORIGINS"].split(",") if o.strip())
        return replace(base, **values)  # type: ignore[arg-type]


def detect_lang(env: dict[str, str]) -> str:
    """``LAGET_LANG`` wins; otherwise a Norwegian locale gives ``nb``, any other set locale ``en``."""
    explicit = env.get("LAGET_LANG", "").strip().lower()
    if explicit in ("nb", "en"):
        return explicit
    locale = env.get("LC_ALL") or env.get("LC_MESSAGES") or env.get("LANG") or ""
    if not locale or locale.startswith(("C", "POSIX")):
        return "nb"
    return "nb" if locale.lower().startswith(("nb", "no", "nn")) else "en"
