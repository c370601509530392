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

    @property
    def protocol_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def execute(store: ox.Store, request: QueryRequest) -> Answer:
    """Run a request on a pyoxigraph store.

    Without a dataset (no FROM, no ``default-graph-uri``) the default graph is the union of all
    named graphs, since all data lives in named graphs; a protocol dataset wins over FROM.
    """
    kwargs: dict[str, object] = {}
    if request.protocol_dataset:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    elif not request.has_dataset:
        kwargs["use_default_graph_as_union"] = True
    raw = store.query(request.text, **kwargs)
    return serialise(raw, request.media_type, request.limit)
