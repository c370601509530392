"""An external SPARQL 1.1 database as the store (Oxigraph server, Fuseki, GraphDB, Virtuoso …).

Same public methods as :class:`.store.Store`, so the app and the CLI run on it unchanged; parsing
and loading stay in :mod:`.store` (files are parsed completely here before anything is sent).
Reads use the SPARQL 1.1 Protocol; writes use the Graph Store HTTP Protocol when its URL is set,
otherwise SPARQL Update. The database must treat the default graph as the union of the named
graphs (see docs/stores.md): all data lives in named graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import rdflib

from .config import Settings
from .namespaces import PREFIXES, graph_iri
from .sparql.errors import SparqlError
from .sparql.request import QueryRequest
from .sparql.results import Answer, serialise
from .store import (
    EXPORT_FORMATS,
    GRAPH_COUNTS,
    Backend,
    GraphInfo,
    Loader,
    ParsedFile,
    Store,
    StoreError,
    confine,
    merge_graphs,
    open_store,
    replacement_update,
    sorted_graphs,
)

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_UPDATE = "application/sparql-update"


class ExternalSparqlStore(Loader):
    """A store behind SPARQL 1.1 query, update and (optionally) Graph Store endpoints."""

    path = None
    kind = "external"

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 user: str | None = None, password: str | None = None, timeout_s: float = 10.0) -> None:
        self.query_url, self.update_url, self.gsp_url = query_url, update_url or query_url, gsp_url
        self.timeout_s = timeout_s
        self.generation = 0
        auth = httpx.BasicAuth(user, password or "") if user else None
        self._http = httpx.Client(auth=auth, timeout=timeout_s, follow_redirects=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> ExternalSparqlStore:
        assert settings.sparql_url
        return cls(settings.sparql_url, settings.sparql_update_url, settings.gsp_url, settings.sparql_user,
                   settings.sparql_password, settings.query_timeout_s)

    def __repr__(self) -> str:
        return f"ExternalSparqlStore({self.query_url!r})"

    # -- reading ---------------------------------------------------------------------------

    def query(self, request: QueryRequest) -> Answer:
        """Send a guarded query; the answer is parsed and re-serialised under the same cap."""
        is_graph = request.form in ("CONSTRUCT", "DESCRIBE")
        data: list[tuple[str, str]] = [("query", request.text)]
        data += [("default-graph-uri", g) for g in request.default_graphs]
        data += [("named-graph-uri", g) for g in request.named_graphs]
        body = self._post(self.query_url, data, _NTRIPLES if is_graph else _RESULTS_JSON)
        if is_graph:
            raw: object = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        else:
            raw = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return serialise(raw, request.media_type, request.limit)

    def _select(self, text: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        body = self._post(self.query_url, [("query", text)], _RESULTS_JSON)
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(results, ox.QueryBoolean):
            return [{"boolean": ox.Literal(str(bool(results)).lower())}]
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names} for row in results]

    def graphs(self) -> list[GraphInfo]:
        return sorted_graphs({row["g"].value: int(row["n"].value) for row in self._select(GRAPH_COUNTS)})

    def is_empty(self) -> bool:
        return not self.graphs()

    def __len__(self) -> int:
        return sum(g.triples for g in self.graphs())

    def _triples(self, iri: str) -> list[ox.Triple]:
        graph = ox.NamedNode(iri)  # validated IRI; str() gives <…>
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        return list(ox.parse(self._post(self.query_url, [("query", text)], _NTRIPLES), format=ox.RdfFormat.N_TRIPLES))

    def export(self, graph: str, fmt: str = "ttl") -> bytes:
        iri = graph_iri(graph)
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        if iri not in {g.iri for g in self.graphs()}:
            raise StoreError(f"no graph named {graph!r}")
        rdf_format = EXPORT_FORMATS[fmt][0]
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return ox.serialize(self._triples(iri), format=rdf_format, prefixes=prefixes) or b""

    def to_rdflib(self, graphs: Iterable[str] | None = None) -> rdflib.Graph:
        g = rdflib.Graph()
        for name in graphs if graphs is not None else [gi.iri for gi in self.graphs()]:
            data = ox.serialize(self._triples(graph_iri(name)), format=ox.RdfFormat.N_TRIPLES)
            if data:
                g.parse(data=data, format="nt")
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        return g

    # -- writing ---------------------------------------------------------------------------

    def write(self, parsed: Sequence[ParsedFile], append: bool = False, replace: Iterable[str] = ()
              ) -> dict[str, int]:
        """Replace (or append to) each target graph. Without a Graph Store URL: one SPARQL Update
        request for the whole write (DROP + INSERT DATA), which SPARQL 1.1 Update (2.2) asks the store
        to apply atomically. With one: a Graph Store request per graph (streamed, for stores that
        limit update requests), each graph on its own (see docs/stores.md for what that guarantees)."""
        merged = merge_graphs(parsed)
        replaced = set(replace) if append else set(merged)
        if self.gsp_url:
            for g, quads in merged.items():
                triples = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
                response = self._request("PUT" if g in replaced else "POST", self.gsp_url, params={"graph": g},
                                         content=triples, headers={"Content-Type": _NTRIPLES})
                self._check(response)
        else:
            text = replacement_update(merged, [g for g in merged if g in replaced])
            self._check(self._request("POST", self.update_url, content=text.encode(),
                                      headers={"Content-Type": _UPDATE}))
        self.generation += 1
        return {g: len(q) for g, q in merged.items()}

    def drop_graph(self, graph: str, confined: bool = False) -> bool:
        iri = graph_iri(graph)
        if confined:
            confine([], iri)
        if iri not in {g.iri for g in self.graphs()}:
            return False
        self.update(f"DROP GRAPH {ox.NamedNode(iri)}")
        return True

    def update(self, sparql: str) -> None:
        """Send a (guarded) SPARQL Update."""
        self._check(self._request("POST", self.update_url, data={"update": sparql}))
        self.generation += 1

    def close(self) -> None:
        self._http.close()

    # -- HTTP ------------------------------------------------------------------------------

    def _post(self, url: str, data: list[tuple[str, str]], accept: str) -> bytes:
        response = self._request("POST", url, content=urlencode(data).encode(),
                                 headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        return self._check(response).content

    def _request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            return self._http.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException:
            raise SparqlError("timeout", status=503, seconds=f"{self.timeout_s:g}") from None
        except httpx.HTTPError as exc:
            raise SparqlError("backend", status=502, detail=f"{url}: {exc}") from None

    @staticmethod
    def _check(response: httpx.Response) -> httpx.Response:
        if response.status_code >= 400:
            raise SparqlError("backend", status=502 if response.status_code >= 500 else 400,
                              detail=f"{response.status_code} {response.text[:500]}")
        return response


def open_backend(settings: Settings) -> Backend:
    """The store the settings ask for: external by URL, in memory, or the embedded one on disk."""
    if settings.sparql_url:
        return ExternalSparqlStore.from_settings(settings)
    if settings.store == "memory":
        return Store(None)
    return open_store(settings.data_dir)
