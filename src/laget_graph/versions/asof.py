"""The data as it stood at a moment: for each setup, the version that was current then.

What a year's network counts (``laget network analyse --compare-year 2025``) is the store as it was
at the end of that year: each setup's version loaded last on or before 31 December (UTC), unless it
was dropped by then. A setup with no version that old (loaded later, or before versions were kept)
is represented by its current content, whose own ``schema:startDate``/``endDate`` facts then decide
what counted that year; :class:`Pick` says which it was, so the reader can be told. The ontology,
the reference data and saved analyses have no versions and are taken as they are now.

The result is a dataset of its own (an in-memory pyoxigraph store, each setup under its usual graph
name), so whatever reads the current data reads the old data the same way, graph by graph: the
claims rule of the network (one setup's claims never count for another municipality) applies to it
unchanged. When every setup's version then is its current one, no copy is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyoxigraph as ox

from ..store import Backend, Store
from .names import is_current, is_versioned, kept_versions, version_iri
from .record import Version, history, read_triples

#: How the content of a setup at a moment was found (see :class:`Pick`).
KINDS = ("version", "dropped", "newer", "unrecorded", "deleted")


def end_of_year(year: int) -> datetime:
    """The first moment after ``year`` (1 January of the next year, 00:00 UTC): a version generated
    before it was loaded on or before 31 December."""
    return datetime(year + 1, 1, 1, tzinfo=UTC)


def current_at(records: Sequence[Version], moment: datetime) -> Version | None:
    """The version loaded last before ``moment`` (oldest first in ``records``; a version recorded
    without a time, found when versions began to be kept, counts as older than any with one), or
    None when none is that old. It may have been dropped before ``moment``: see its ``invalidated``."""
    older = [r for r in records if r.generated is None or r.generated < moment]
    return older[-1] if older else None


@dataclass(frozen=True)
class Pick:
    """Where a setup's content at a moment came from.

    ``kind``: ``version`` (``version`` was current then; it may be the current one), ``dropped`` (the
    setup had been dropped by then: not in the data), ``newer`` (no version that old; the current
    content stands in, ``oldest`` being the first version), ``unrecorded`` (no version recorded at
    all; the current content stands in), ``deleted`` (``version`` was current then, but its content
    was deleted for good; the current content stands in)."""

    graph: str
    kind: str
    version: Version | None = None
    oldest: Version | None = None

    @property
    def falls_back(self) -> bool:
        """Does the current content stand in for what is not kept?"""
        return self.kind in ("newer", "unrecorded", "deleted")


@dataclass
class AsOf:
    """The data at ``moment``: a pick per setup and, when any setup's content then differs from its
    current content, the dataset to read instead of the store (None: the store is it)."""

    moment: datetime
    picks: dict[str, Pick] = field(default_factory=dict)
    dataset: ox.Store | None = None


def _pick(graph: str, records: list[Version], moment: datetime, present: set[str]) -> Pick:
    if not records:
        return Pick(graph, "unrecorded")
    then = current_at(records, moment)
    if then is None:
        return Pick(graph, "newer", oldest=records[0])
    if then.invalidated is not None and then.invalidated < moment:
        return Pick(graph, "dropped", then)  # closed before the moment with no successor by then: a drop
    if then.current or version_iri(graph, then.number) in present:
        return Pick(graph, "version", then)
    return Pick(graph, "deleted", then)


def _quads(store: Backend, graph: str, target: str, present: set[str]) -> list[ox.Quad]:
    node = ox.NamedNode(target)
    if isinstance(store, Store):  # straight from the embedded store, no serialisation
        return [ox.Quad(q.subject, q.predicate, q.object, node)
                for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
    return [ox.Quad(t.subject, t.predicate, t.object, node) for t in read_triples(store, graph, present)]


def as_of(store: Backend, moment: datetime) -> AsOf:
    """The data as it stood at ``moment`` (see the module docstring)."""
    present = {g.iri for g in store.graphs()}
    current = {g for g in present if is_current(g)}
    setups = {g for g in current if is_versioned(g)} | set(kept_versions(store))
    result = AsOf(moment)
    content: dict[str, str | None] = {g: g for g in current}  # graph -> the graph to read it from
    for graph in sorted(setups):
        records = history(store, graph, present)
        pick = result.picks[graph] = _pick(graph, records, moment, present)
        if pick.kind == "dropped":
            content[graph] = None
        elif pick.kind == "version" and pick.version is not None and not (pick.version.current and graph in current):
            content[graph] = version_iri(graph, pick.version.number)
    if all(source == graph for graph, source in content.items()):
        return result
    dataset = ox.Store()
    for graph, source in sorted(content.items(), key=lambda kv: kv[0]):
        if source is not None:
            dataset.extend(_quads(store, source, graph, present))
    result.dataset = dataset
    return result


__all__ = ["KINDS", "AsOf", "Pick", "as_of", "current_at", "end_of_year"]
