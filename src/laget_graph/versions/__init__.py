"""Versions of setups: nothing a user loaded disappears unless they drop it, and a drop is undone by
a restore.

A setup's current content stays in its graph (``lgg:setup/3201``); each load that replaces it first
moves the old content to a version graph (``lgg:version/setup/3201/1``) and records the versions in
PROV in the setup's history graph (``lgg:history/setup/3201``), all in the one store write of the
load. Queries read only the current graphs unless they name a version. See ``docs/versions.md``.
"""

from .asof import AsOf, Pick, as_of, current_at, end_of_year
from .names import (
    CURRENT_GRAPH,
    HISTORY_PREFIX,
    VERSION_PREFIX,
    current_graphs,
    history_iri,
    is_current,
    is_versioned,
    keeps_versions,
    kept_versions,
    parse_history_iri,
    parse_version_iri,
    reads_current,
    refresh,
    setup_iri,
    version_iri,
    with_refresh,
)
from .record import ORIGINS, Source, Version, content, from_json, history, read_triples, to_json
from .write import VersionError, Written, drop, restore, write

__all__ = [
    "CURRENT_GRAPH",
    "HISTORY_PREFIX",
    "ORIGINS",
    "VERSION_PREFIX",
    "AsOf",
    "Pick",
    "Source",
    "Version",
    "VersionError",
    "Written",
    "as_of",
    "content",
    "current_at",
    "current_graphs",
    "drop",
    "end_of_year",
    "from_json",
    "history",
    "history_iri",
    "is_current",
    "is_versioned",
    "keeps_versions",
    "kept_versions",
    "parse_history_iri",
    "parse_version_iri",
    "read_triples",
    "reads_current",
    "refresh",
    "restore",
    "setup_iri",
    "to_json",
    "version_iri",
    "with_refresh",
    "write",
]
