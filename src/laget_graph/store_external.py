"""An external SPARQL 1.1 database as the store (Oxigraph server, Fuseki, GraphDB, Virtuoso …).

Same public methods as :class:`.store.Store`, so the app and the CLI run on it unchanged; parsing
and loading stay in :mod:`.store` (files are parsed completely here before anything is sent).
Reads use the SPARQL 1.1 Protocol; writes use the Graph Store HTTP Protocol when its URL is set,
otherwise SPARQL Update. The database must treat the default graph as the union of the named
graphs (see docs/stores.md): all data lives in named graphs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from .config import Settings
from .namespaces import PREFIXES, graph_iri, graph_short_name
from .sparql.errors import SparqlError
from .sparql.request import QueryRequest
from .sparql.results import Answer, serialise
from .store import (
    EXPORT_FORMATS,
    GRAPH_COUNTS,
    Backend,
    GraphInfo,
    ParsedFile,
    Store,
    StoreError,
    open_store,
    sorted_graphs,
)
from .versions import CURRENT_GRAPH, Source, Version, Written, from_json, history

if TYPE_CHECKING:
    import httpx
    import rdflib

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_TSV = "text/tab-separated-values"


class ExternalSparqlStore:
    """A store behind SPARQL 1.1 query, update and (optionally) Graph Store endpoints."""

    path = None
    kind = "external"

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None,
                 user: str | None = None, password: str | None = None, timeout_s: float = 10.0,
                 token: str | None = None) -> None:
        self.query_url, self.update_url, self.gsp_url = query_url, update_url or query_url, gsp_url
        self.timeout_s = timeout_s
        self.generation = 0
        import httpx  # only an external store needs an HTTP client; keeps `laget info` quick to start

        auth = httpx.BasicAuth(user, password or "") if user else None
        # a bearer token is how laget serve's own endpoints take writes (LAGET_UPDATE_TOKEN)
        headers = {"Authorization": f"Bearer {token}"} if token else None
        self._http = httpx.Client(auth=auth, timeout=timeout_s, follow_redirects=False, headers=headers)

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
        if not request.protocol_dataset and not request.has_dataset and request.current:
            # the current data (lgg:current) as the default graph; the named graphs must then be listed
            # too (a protocol dataset without named-graph-uri has none)
            named = request.current_named
            if named is None:
                named = tuple(g.iri for g in self.graphs() if g.iri != CURRENT_GRAPH)
            data += [("default-graph-uri", CURRENT_GRAPH), *(("named-graph-uri", g) for g in named)]
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
        import rdflib

        g = rdflib.Graph()
        for name in graphs if graphs is not None else [gi.iri for gi in self.graphs()]:
            data = ox.serialize(self._triples(graph_iri(name)), format=ox.RdfFormat.N_TRIPLES)
            if data:
                g.parse(data=data, format="nt")
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        return g

    # -- writing ---------------------------------------------------------------------------

    def write(self, parsed: Sequence[ParsedFile], append: bool = False) -> dict[str, int]:
        """Replace (or append to) each target graph; via the Graph Store Protocol when configured."""
        merged: dict[str, list[ox.Quad]] = {}
        for p in parsed:
            for g, quads in p.graphs.items():
                merged.setdefault(g, []).extend(quads)
        for g, quads in merged.items():
            triples = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                   format=ox.RdfFormat.N_TRIPLES) or b""
            if self.gsp_url:
                response = self._request("POST" if append else "PUT", self.gsp_url, params={"graph": g},
                                         content=triples, headers={"Content-Type": _NTRIPLES})
                self._check(response)
            else:
                drop = "" if append else f"DROP SILENT GRAPH {ox.NamedNode(g)} ;\n"
                self.update(f"{drop}INSERT DATA {{ GRAPH {ox.NamedNode(g)} {{\n{triples.decode()}\n}} }}")
        self.generation += 1
        return {g: len(q) for g, q in merged.items()}

    def drop_graph(self, graph: str) -> bool:
        iri = graph_iri(graph)
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
        import httpx

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


class LagetServerStore(ExternalSparqlStore):
    """A running ``laget serve`` as the store of another ``laget`` command (which cannot open the
    on-disk store the server holds): reads over its SPARQL endpoint, writes with the update token
    through its Graph Store and ``/api/setups`` routes, so that the server keeps the versions
    (:mod:`.versions` hands it the parsed files with their origin and sources)."""

    versions_by_server = True

    def __init__(self, url: str, token: str, timeout_s: float = 60.0, lang: str = "nb") -> None:
        self.url = url.rstrip("/")
        super().__init__(f"{self.url}/sparql", f"{self.url}/sparql", f"{self.url}/sparql/graphs",
                         timeout_s=timeout_s, token=token)
        self.lang = lang

    def query(self, request: QueryRequest) -> Answer:
        """As for any SPARQL store, but tables come as TSV: laget's JSON results carry a ``laget``
        member (the row cap) that a strict parser refuses."""
        if request.form in ("CONSTRUCT", "DESCRIBE"):
            return super().query(request)
        body = self._post(self.query_url, [("query", request.text)], _TSV)
        return serialise(ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV), request.media_type,
                         request.limit)

    def _select(self, text: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        results = ox.parse_query_results(self._post(self.query_url, [("query", text)], _TSV),
                                         format=ox.QueryResultsFormat.TSV)
        names = [v.value for v in results.variables]  # type: ignore[union-attr]
        return [{n: row[n] for n in names} for row in results]  # type: ignore[union-attr]

    def write_versions(self, parsed: Sequence[ParsedFile], append: bool, origin: str,
                       sources: Mapping[str, Source | Sequence[Source]]) -> Written:
        """Each target graph to the server's Graph Store, which versions it (``Laget-Origin`` and
        ``Laget-Sources`` say where it came from; ``Laget-Outcome`` and ``Laget-Version`` answer)."""
        merged: dict[str, list[ox.Quad]] = {}
        files: dict[str, list[str]] = {}
        for p in parsed:
            for g, quads in p.graphs.items():
                merged.setdefault(g, []).extend(quads)
                files.setdefault(g, []).append(p.path)
        result = Written()
        for g, quads in merged.items():
            found = [s for f in dict.fromkeys(files[g]) if f in sources
                     for s in ([sources[f]] if isinstance(sources[f], Source) else sources[f])]  # type: ignore[list-item]
            body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                format=ox.RdfFormat.N_TRIPLES) or b""
            response = self._answer(self._request(
                "POST" if append else "PUT", self.gsp_url, params={"graph": g, "lang": self.lang}, content=body,
                headers={"Content-Type": _NTRIPLES, "Laget-Origin": origin,
                         "Laget-Sources": json.dumps([{"name": s.name, "sha256": s.sha256} for s in found])}))
            outcome, number = response.headers.get("laget-outcome", "written"), response.headers.get("laget-version")
            if number and number.isdigit():
                result.versions[g] = int(number)
            if outcome == "kept":
                kept = history(self, g)
                result.kept[g] = kept[-1] if kept and kept[-1].current else None
            elif outcome == "unchanged":
                result.unchanged.append(g)
            else:
                result[g] = len(quads)
        self.generation += 1
        return result

    def drop_version(self, graph: str) -> Version:
        data = self._answer(self._request("POST", self._setup_url(graph, "drop"), params={"lang": self.lang})).json()
        self.generation += 1
        return from_json(data["dropped"])

    def restore_version(self, graph: str, number: int) -> Written:
        response = self._request("POST", self._setup_url(graph, "restore"),
                                 params={"version": str(number), "lang": self.lang})
        self.generation += 1
        return Written.from_json(self._answer(response).json())

    def _setup_url(self, graph: str, action: str) -> str:
        return f"{self.url}/api/setups/{quote(graph_short_name(graph), safe='/')}/{action}"

    @staticmethod
    def _answer(response: httpx.Response) -> httpx.Response:
        """The server's own message (in the user's language) for a refused write."""
        if response.status_code >= 400:
            try:
                message = str(response.json()["error"])
            except (ValueError, KeyError, TypeError):
                message = response.text.strip()[:500]
            raise StoreError(message or f"{response.status_code}")
        return response


def open_backend(settings: Settings) -> Backend:
    """The store the settings ask for: external by URL, in memory, or the embedded one on disk."""
    if settings.sparql_url:
        return ExternalSparqlStore.from_settings(settings)
    if settings.store == "memory":
        return Store(None)
    return open_store(settings.data_dir)
