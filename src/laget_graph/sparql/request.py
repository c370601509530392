"""What a query asks for, and how the embedded engine answers it (in a worker or in-process)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .results import Answer, serialise


@dataclass(frozen=True)
class QueryRequest:
    """A guarded query with its protocol dataset, wanted media type and row cap. Picklable."""

    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    media_type: str
    limit: int | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    has_dataset: bool = False
    #: For a query that names no dataset, in a store that keeps versions: read the current data (the
    #: union of the current graphs, which the embedded store keeps in its default graph and an external
    #: one in ``lgg:current``) as the default graph; GRAPH reads every named graph. Unset: the union of
    #: all named graphs.
    current: bool = False
    #: The text asks for at most ``limit`` + 1 rows itself (:mod:`.capping`), so the answer may be
    #: serialised whole (:func:`.results.serialise`).
    bounded: bool = False

    @property
    def protocol_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def execute(store: ox.Store, request: QueryRequest) -> Answer:
    """Run a request on a pyoxigraph store.

    Without a dataset (no FROM, no ``default-graph-uri``) the default graph is the current data: the
    union of all named graphs, since all data lives in named graphs, or, once the store keeps versions,
    the store's own default graph, which then holds the union of the current graphs (``current``). A
    protocol dataset wins over FROM.
    """
    kwargs: dict[str, object] = {}
    if request.protocol_dataset:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    elif not request.has_dataset and request.current:
        pass  # the store's own default graph holds the current data
    elif not request.has_dataset:
        kwargs["use_default_graph_as_union"] = True
    raw = store.query(request.text, **kwargs)
    return serialise(raw, request.media_type, request.limit, bounded=request.bounded)
