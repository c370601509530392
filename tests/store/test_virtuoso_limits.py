"""Virtuoso's own guards, set low in its virtuoso.ini, reported by laget-graph as Virtuoso's:
``ResultSetMaxRows`` cuts an answer (marked truncated by the store, in both languages) and
``MaxQueryExecutionTime`` stops a query (a bilingual 503, not a 500); laget's own reads that need
every row page past the limit or refuse, and never lose rows silently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from laget_graph.ingest import load_bundled, load_files
from laget_graph.network import build_graph
from laget_graph.sparql.errors import SparqlError
from laget_graph.store import Store
from laget_graph.store_external import ExternalSparqlStore
from laget_graph.versions import CURRENT_GRAPH
from tests.conftest import LiveServer
from tests.sparql.conftest import serve, settings_for
from tests.virtuoso import Virtuoso, running_virtuoso

from .conftest import external_store, laget, require_virtuoso

pytestmark = [pytest.mark.store, pytest.mark.slow]

MAX_ROWS = 3  # fewer than the bundled data's four graphs, so even listing them needs two pages
MAX_SECONDS = 1
MAX_COST_SECONDS = 100  # HEAVY is estimated below this, so it runs into the time limit
ONTOLOGY, REFERENCE = "https://w3id.org/laget/graph/ontology", "https://w3id.org/laget/graph/reference"
#: Millions of string joins, case-folded: about six seconds of Virtuoso's time on this machine, so
#: well past the one-second limit on a faster one too (a plain STR comparison finished in 1.3 s, under
#: Virtuoso's coarse time check, and CI's answer came back whole), and bounded (Virtuoso 7.2 answers at
#: its limit but may finish the work in the background).
HEAVY = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY}> {{ ?a ?p ?b }} GRAPH <{REFERENCE}> {{ ?c ?q ?d }} "
         "FILTER(LCASE(CONCAT(STR(?b), STR(?a))) = LCASE(STR(?d))) }")
SMALL = Path(__file__).parents[1] / "fixtures" / "rdf" / "good-setup.ttl"  # 7 triples, graph setup/4601
#: Estimated by Virtuoso at hours: refused before it starts.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MUNICIPALITIES = "PREFIX lg: <https://w3id.org/laget/def#> SELECT ?m WHERE { ?m a lg:Municipality }"


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A Virtuoso of its own with ResultSetMaxRows 3, MaxQueryExecutionTime 1 s and
    MaxQueryCostEstimationTime 100 s, with the bundled data."""
    require_virtuoso()
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-limits"), max_rows=MAX_ROWS,
                          max_seconds=MAX_SECONDS, max_cost_seconds=MAX_COST_SECONDS) as server:
        for args in (["--bundled"], [str(SMALL)]):
            done = laget("load", *args, env=server.env)
            assert done.returncode == 0, done.stderr
        yield server


@pytest.fixture(scope="module")
def store(limited: Virtuoso) -> Iterator[ExternalSparqlStore]:
    store = external_store(limited)
    yield store
    store.close()


@pytest.fixture(scope="module")
def app(store: ExternalSparqlStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(settings_for(tmp_path_factory.mktemp("limits-app")), store) as server:
        yield server


def test_a_cut_answer_is_marked_as_cut_by_the_store(app: LiveServer) -> None:
    r = httpx.post(f"{app.url}/sparql", data={"query": MUNICIPALITIES})
    assert r.status_code == 200
    assert r.headers["laget-truncated"] == "true" and r.headers["laget-result-limit"] == str(MAX_ROWS)
    body = r.json()
    assert len(body["results"]["bindings"]) == MAX_ROWS
    assert body["laget"] == {"count": MAX_ROWS, "truncated": True, "limit": MAX_ROWS, "limited_by": "store"}
    for lang, words in (("nb", "Avkortet av det eksterne SPARQL-lageret"), ("en", "Truncated by the external")):
        named = httpx.get(f"{app.url}/api/queries/most-collaboration-links",
                          params={"minimum": "1", "lang": lang}).json()
        assert named["truncated"] is True and named["limit"] == MAX_ROWS and len(named["rows"]) == MAX_ROWS
        assert words in named["notice"] and "ResultSetMaxRows" in named["notice"]


def test_laget_query_says_the_store_cut_the_answer(limited: Virtuoso) -> None:
    done = laget("query", "most-collaboration-links", "--param", "minimum=1", "--format", "csv", env=limited.env)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1 + MAX_ROWS
    assert "Truncated by the external SPARQL store" in done.stderr and "ResultSetMaxRows" in done.stderr


def test_reads_that_need_every_row_are_whole_or_refused(store: ExternalSparqlStore) -> None:
    embedded = Store(None)
    load_bundled(embedded)
    load_files(embedded, [SMALL])
    # the graph list pages past the row limit
    # (the external store keeps the current data in lgg:current, the embedded one in its default graph)
    assert [(g.iri, g.triples) for g in store.graphs() if g.iri != CURRENT_GRAPH] == \
        [(g.iri, g.triples) for g in embedded.graphs()]
    # a whole graph, though Virtuoso cuts its Graph Store answer (silently) and CONSTRUCT at 3 triples
    whole = embedded.export("setup/4601", "nt")
    bare = ExternalSparqlStore(store.query_url)  # no Graph Store Protocol: CONSTRUCT
    for reader in (store, bare):
        assert sorted(reader.export("setup/4601", "nt").splitlines()) == sorted(whole.splitlines())
    bare.close()
    # the network needs every row of answers that cannot be paged: refused rather than built from three
    with pytest.raises(SparqlError) as cut:
        build_graph(store)
    assert cut.value.key == "store_cut" and "ResultSetMaxRows" in cut.value.message("en")


def test_the_stores_time_limit_is_a_clear_503(app: LiveServer) -> None:
    for lang, words in (("nb", "stoppet spørringen ved sin egen tidsgrense"), ("en", "at its own time limit")):
        r = httpx.post(f"{app.url}/sparql", data={"query": HEAVY}, headers={"Accept-Language": lang}, timeout=60)
        assert r.status_code == 503 and words in r.text and "SR171" in r.text, r.text
    assert httpx.get(f"{app.url}/health").status_code == 200


def test_the_stores_cost_limit_refuses_before_running(app: LiveServer) -> None:
    for lang, words in (("nb", "anslåtte tiden er over lagerets grense"), ("en", "estimated time exceeds")):
        r = httpx.post(f"{app.url}/sparql", data={"query": CARTESIAN}, headers={"Accept-Language": lang}, timeout=60)
        assert r.status_code == 503 and words in r.text and f"limit of {MAX_COST_SECONDS} (sec)" in r.text, r.text
