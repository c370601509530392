"""An external SPARQL 1.1 database as the store (Oxigraph server, Fuseki, GraphDB, Virtuoso …).

Same public methods as :class:`.store.Store`, so the app and the CLI run on it unchanged; parsing
and loading stay in :mod:`.store` (files are parsed completely here before anything is sent).
Reads use the SPARQL 1.1 Protocol; writes use the Graph Store HTTP Protocol when its URL is set,
otherwise SPARQL Update. The database must treat the default graph as the union of the named
graphs (see docs/stores.md): all data lives in named graphs. On a shared database laget-graph
lists, exports and guards only the graphs in its own namespace (``https://w3id.org/laget/graph/``),
never the database's system graphs or another application's data.

The database's own guards are read, not guessed: a row limit it reports (Virtuoso's
``X-SPARQL-MaxRows`` for ``ResultSetMaxRows``) marks the answer as cut short by the store, and its
time-limit and cost-limit refusals become clear errors in both languages rather than a 500.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import httpx
import pyoxigraph as ox

from .config import Settings
from .namespaces import LGG_IRI, PREFIXES, graph_iri, graph_short_name
from .sparql.errors import SparqlError
from .sparql.request import QueryRequest
from .sparql.results import Answer, serialise
from .store import (
    EXPORT_FORMATS,
    Backend,
    GraphInfo,
    ParsedFile,
    Store,
    StoreError,
    confine,
    merge_graphs,
    open_store,
    replacement_update,
    sorted_graphs,
)
from .versions import CURRENT_GRAPH, Source, Version, Written, from_json, history
from .versions.write import graph_origin

if TYPE_CHECKING:
    import rdflib

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_TSV = "text/tab-separated-values"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
#: A blank node label as N-Triples and SPARQL results allow it (ASCII letters, digits, "_", "-", ".").
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*[A-Za-z0-9_\-]|[A-Za-z0-9_]")

#: Triples per graph in laget-graph's namespace only (a shared store holds other graphs too).
GRAPH_COUNTS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                f'FILTER(STRSTARTS(STR(?g), "{LGG_IRI}")) }} GROUP BY ?g ORDER BY ?g')

#: How a store says it stopped a query at its own limits (Virtuoso 7 SQL states and messages).
_TIMEOUT_SIGNS = ("S1T00", "SR171", "has been cancelled")  # last: Oxigraph server's --timeout-s
_COST_SIGNS = ("estimated execution time",)  # Virtuoso's MaxQueryCostEstimationTime
_PERMISSION_SIGNS = ("SR186", "SECURITY", "SQ033")  # SQ033: access denied (e.g. reading a graph to version it)
_UPDATE = "application/sparql-update"


class StoreAuth(httpx.Auth):
    """HTTP Basic or Digest, whichever the store asks for in its challenge, per endpoint.

    Fuseki and GraphDB ask for Basic, Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth``
    for Digest. Credentials go out only after an endpoint has challenged once, so a public query
    endpoint never sees the password; from then on that endpoint gets them on every request."""

    requires_request_body = True  # a challenged request is sent again, body and all

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self._chosen: dict[str, httpx.Auth] = {}

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        endpoint = str(request.url.copy_with(query=None))
        chosen = self._chosen.get(endpoint)
        if chosen is None:
            response = yield request
            scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
            if response.status_code != 401 or scheme not in ("basic", "digest"):
                return
            chosen = (httpx.DigestAuth if scheme == "digest" else httpx.BasicAuth)(self.user, self.password)
            self._chosen[endpoint] = chosen
        yield from chosen.auth_flow(request)


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
        self._server: str | None = None  # the store's Server header, once seen
        auth = StoreAuth(user, password or "") if user else None
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

    @property
    def reads_current_graph(self) -> bool:
        """Can queries read ``lgg:current`` as their default graph (see :mod:`.versions`)? Not on
        Virtuoso: with a ``default-graph-uri`` it leaves ``GRAPH <iri>`` empty unless every named graph
        is listed too, and it fails on hundreds of those; there the default graph stays Virtuoso's own
        union of all graphs, earlier versions included (docs/versions.md)."""
        return not self._is_virtuoso()

    # -- reading ---------------------------------------------------------------------------

    def query(self, request: QueryRequest) -> Answer:
        """Send a guarded query; the answer is parsed and re-serialised under the same cap (and
        marked as cut short by the store when the store says it stopped at its own row limit)."""
        is_graph = request.form in ("CONSTRUCT", "DESCRIBE")
        text = request.text
        if request.form == "DESCRIBE" and self._is_virtuoso():
            # SPARQL leaves DESCRIBE's answer to the store; the embedded store gives the concise bounded
            # description, and Virtuoso's default mode drops some triples (and not always the same).
            text = 'define sql:describe-mode "CBD"\n' + text
        data: list[tuple[str, str]] = [("query", text)]
        data += [("default-graph-uri", g) for g in request.default_graphs]
        data += [("named-graph-uri", g) for g in request.named_graphs]
        if not request.protocol_dataset and not request.has_dataset and request.current and self.reads_current_graph:
            # the current data (lgg:current) as the default graph; a protocol dataset without
            # named-graph-uri has no named graphs, so they are listed too
            data.append(("default-graph-uri", CURRENT_GRAPH))
            data += [("named-graph-uri", g.iri) for g in self.graphs() if g.iri != CURRENT_GRAPH]
        response = self._post(self.query_url, data, _NTRIPLES if is_graph else _RESULTS_JSON)
        try:
            answer = serialise(self._parse(response.content, is_graph), request.media_type, request.limit,
                               store_limit=_store_max_rows(response), bounded=True)  # the body is here whole
        except SyntaxError as exc:
            raise _unreadable(response, exc) from None
        if answer.truncated and request.limit is None:  # the caller (e.g. the network) needs every row
            raise SparqlError("store_cut", status=502, limit=answer.limit)
        return answer

    @staticmethod
    def _parse(body: bytes, is_graph: bool) -> object:
        if is_graph:
            return ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        return ox.parse_query_results(_canonical_terms(body), format=ox.QueryResultsFormat.JSON)

    def _select(self, text: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        """All rows of an internal query (which must end in ORDER BY): when the store cuts an
        answer at its own row limit, the next page is asked for with OFFSET, so nothing is lost."""
        rows: list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]] = []
        while True:
            page = text if not rows else f"{text} OFFSET {len(rows)}"
            response = self._post(self.query_url, [("query", page)], _RESULTS_JSON)
            try:
                results = self._parse(response.content, is_graph=False)
                names = [v.value for v in results.variables]  # type: ignore[attr-defined]
                got = [{n: row[n] for n in names} for row in results]  # type: ignore[attr-defined]
            except SyntaxError as exc:
                raise _unreadable(response, exc) from None
            rows += got
            limit = _store_max_rows(response)
            if limit is None or not got or len(got) < limit:
                return rows

    def graphs(self) -> list[GraphInfo]:
        return sorted_graphs({row["g"].value: int(row["n"].value) for row in self._select(GRAPH_COUNTS)})

    def is_empty(self) -> bool:
        return not self.graphs()

    def __len__(self) -> int:
        return sum(g.triples for g in self.graphs())

    def _triples(self, iri: str, expected: int) -> list[ox.Triple]:
        """A whole graph of ``expected`` triples: by the Graph Store Protocol when configured, else by
        CONSTRUCT. A store may cut either at its own row limit, silently (Virtuoso's Graph Store
        endpoint applies ResultSetMaxRows without saying so), so a short answer is read again as
        ordered pages of a SELECT; if even that stays short, it is an error, never a partial graph."""
        graph = ox.NamedNode(iri)  # validated IRI; str() gives <…>
        if self.gsp_url:
            response = self._request("GET", self.gsp_url, params={"graph": iri}, headers={"Accept": _NTRIPLES})
            if response.status_code == 404:  # no such graph: nothing in it
                return []
            body = self._check(response).content
        else:
            text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
            body = self._post(self.query_url, [("query", text)], _NTRIPLES).content
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        if len(triples) < expected:
            rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o")
            triples = [ox.Triple(r["s"], r["p"], r["o"]) for r in rows]  # type: ignore[arg-type]
            if len(triples) < expected:
                raise SparqlError("store_cut", status=502, limit=len(triples))
        return triples

    def export(self, graph: str, fmt: str = "ttl") -> bytes:
        iri = graph_iri(graph)
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        counts = {g.iri: g.triples for g in self.graphs()}
        if iri not in counts:
            raise StoreError(f"no graph named {graph!r}")
        rdf_format = EXPORT_FORMATS[fmt][0]
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return ox.serialize(self._triples(iri, counts[iri]), format=rdf_format, prefixes=prefixes) or b""

    def to_rdflib(self, graphs: Iterable[str] | None = None) -> rdflib.Graph:
        import rdflib

        g = rdflib.Graph()
        counts = {gi.iri: gi.triples for gi in self.graphs()}
        for name in graphs if graphs is not None else list(counts):
            iri = graph_iri(name)
            if iri not in counts:
                continue
            data = ox.serialize(self._triples(iri, counts[iri]), format=ox.RdfFormat.N_TRIPLES)
            if data:
                g.parse(data=data, format="nt")
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        return g

    # -- writing ---------------------------------------------------------------------------

    def write(self, parsed: Sequence[ParsedFile], append: bool = False, replace: Iterable[str] = ()
              ) -> dict[str, int]:
        """Replace (or append to) each target graph. Without a Graph Store URL: one SPARQL Update
        request for the whole write (DROP + CREATE + INSERT DATA), which SPARQL 1.1 Update (2.2) asks
        the store to apply atomically. With one: a Graph Store request per graph (streamed, for stores
        that limit update requests), each graph on its own (see docs/stores.md for what that
        guarantees). Each graph is created explicitly (a no-op where it exists), as SPARQL Update allows
        a store to require: Virtuoso refuses a later DROP GRAPH of a graph that was only filled."""
        merged = merge_graphs(parsed)
        replaced = set(replace) if append else set(merged)
        if self.gsp_url:
            if merged:
                self.update(" ;\n".join(f"CREATE SILENT GRAPH {ox.NamedNode(g)}" for g in merged))
            for g, quads in merged.items():
                triples = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
                response = self._request("PUT" if g in replaced else "POST", self.gsp_url, params={"graph": g},
                                         content=triples, headers={"Content-Type": _NTRIPLES})
                self._check(response)
        elif merged:
            text = replacement_update(merged, [g for g in merged if g in replaced], create=list(merged))
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
        self.update(f"DROP SILENT GRAPH {ox.NamedNode(iri)}")  # it exists: SILENT only spares Virtuoso's
        return True  # "not explicitly created" refusal for graphs written before laget created them

    def update(self, sparql: str) -> None:
        """Send a (guarded) SPARQL Update."""
        self._check(self._request("POST", self.update_url, data={"update": sparql}))
        self.generation += 1

    def close(self) -> None:
        self._http.close()

    # -- HTTP ------------------------------------------------------------------------------

    def _post(self, url: str, data: list[tuple[str, str]], accept: str) -> httpx.Response:
        response = self._request("POST", url, content=urlencode(data).encode(),
                                 headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
        return self._check(response)

    def _is_virtuoso(self) -> bool:
        if self._server is None:
            self._post(self.query_url, [("query", "ASK {}")], _RESULTS_JSON)
        return (self._server or "").startswith("Virtuoso/")

    def _request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)  # type: ignore[arg-type]
            self._server = response.headers.get("server", "")
            return response
        except httpx.TimeoutException:
            raise SparqlError("timeout", status=503, seconds=f"{self.timeout_s:g}") from None
        except httpx.HTTPError as exc:
            raise SparqlError("backend", status=502, detail=f"{url}: {exc}") from None

    @staticmethod
    def _check(response: httpx.Response) -> httpx.Response:
        """Pass a good answer; turn the store's refusals into errors that say whose limit it was."""
        status, text = response.status_code, response.text[:500].strip()
        if status < 400:
            return response
        detail = f"{status} {text}".strip()
        if any(sign in text for sign in _TIMEOUT_SIGNS):
            raise SparqlError("store_timeout", status=503, detail=detail)
        if any(sign in text for sign in _COST_SIGNS):
            raise SparqlError("store_cost", status=503, detail=detail)
        if status in (401, 403) or any(sign in text for sign in _PERMISSION_SIGNS):
            raise SparqlError("store_auth", status=502, code=status, detail=text[:200])
        raise SparqlError("backend", status=502 if status >= 500 else 400, detail=detail)


def _store_max_rows(response: httpx.Response) -> int | None:
    """The row limit the store says it applied (Virtuoso: ``X-SPARQL-MaxRows`` with ResultSetMaxRows)."""
    try:
        return int(response.headers["x-sparql-maxrows"])
    except (KeyError, ValueError):
        return None


def _unreadable(response: httpx.Response, exc: SyntaxError) -> SparqlError:
    """A broken answer body; Oxigraph's server, stopped at its --timeout-s, ends the body with a notice."""
    tail = response.content[-300:].decode(errors="replace")
    if any(sign in tail for sign in _TIMEOUT_SIGNS):
        return SparqlError("store_timeout", status=503, detail=tail.strip()[-200:])
    return SparqlError("store_unreadable", status=502, detail=str(exc))


def _canonical_terms(body: bytes) -> bytes:
    """Write xsd:boolean values in their canonical form: Virtuoso sends ``"1"``/``"0"`` for true/false
    (the same values, but a client comparing text, or laget's own row reader, would see other data).
    Blank node labels that are no valid label (Virtuoso's ``nodeID://b10006``) become one, the same
    for the same label, so a blank node that appears twice in an answer is still one node."""
    has_booleans, has_bnodes = _XSD_BOOLEAN.encode() in body, b'"bnode"' in body
    if not has_booleans and not has_bnodes:
        return body
    document = json.loads(body)
    for binding in document.get("results", {}).get("bindings", []):
        for term in binding.values():
            if term.get("datatype") == _XSD_BOOLEAN and term.get("value") in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
            elif term.get("type") == "bnode" and not _BNODE_LABEL.fullmatch(term.get("value", "")):
                term["value"] = "x" + term.get("value", "").encode().hex()
    return json.dumps(document).encode()


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
        body = self._post(self.query_url, [("query", request.text)], _TSV).content
        return serialise(ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV), request.media_type,
                         request.limit, bounded=True)

    def _select(self, text: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        results = ox.parse_query_results(self._post(self.query_url, [("query", text)], _TSV).content,
                                         format=ox.QueryResultsFormat.TSV)
        names = [v.value for v in results.variables]  # type: ignore[union-attr]
        return [{n: row[n] for n in names} for row in results]  # type: ignore[union-attr]

    def write_versions(self, parsed: Sequence[ParsedFile], append: bool, origin: str,
                       sources: Mapping[str, Source | Sequence[Source]], origins: Mapping[str, str],
                       replace: set[str]) -> Written:
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
            method = "POST" if append and g not in replace else "PUT"
            response = self._answer(self._request(
                method, self.gsp_url, params={"graph": g, "lang": self.lang}, content=body,
                headers={"Content-Type": _NTRIPLES, "Laget-Origin": graph_origin(files[g], origin, origins),
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
