"""The first guard: queries that could leave the store are refused before anything runs."""

from __future__ import annotations

import pytest

from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.guard import check_query, check_update, local_graph_checker

IS_LOCAL = local_graph_checker(["https://w3id.org/laget/graph/ontology", "urn:x-local:g"])


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://x> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE <http://x/> { ?s ?p ?o } } } } }",
    "ASK { MINUS { SERVICE <http://x/> { ?s ?p ?o } } }",
])
def test_service_is_refused_anywhere(query: str) -> None:
    with pytest.raises(SparqlError) as err:
        check_query(query, IS_LOCAL)
    assert err.value.key == "service" and err.value.status == 400


@pytest.mark.parametrize("query", [
    "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_remote_from_is_refused(query: str) -> None:
    with pytest.raises(SparqlError) as err:
        check_query(query, IS_LOCAL)
    assert err.value.key == "remote_graph"


def test_local_from_is_allowed_and_noted() -> None:
    checked = check_query("SELECT * FROM <https://w3id.org/laget/graph/ontology> WHERE { ?s ?p ?o }", IS_LOCAL)
    assert checked.form == "SELECT" and checked.has_dataset
    assert not check_query("ASK { ?s ?p ?o }", IS_LOCAL).has_dataset


def test_protocol_graph_iris_are_checked() -> None:
    with pytest.raises(SparqlError):
        check_query("SELECT * WHERE { ?s ?p ?o }", IS_LOCAL, default_graphs=["http://example.org/x"])
    check_query("SELECT * WHERE { ?s ?p ?o }", IS_LOCAL, named_graphs=["urn:x-local:g"])


@pytest.mark.parametrize("update", [
    "LOAD <http://example.org/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:x-local:g>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "DELETE { ?s ?p ?o } USING <http://example.org/remote> WHERE { ?s ?p ?o }",
])
def test_dangerous_updates_are_refused(update: str) -> None:
    with pytest.raises(SparqlError):
        check_update(update, IS_LOCAL)


def test_forms_and_syntax_errors() -> None:
    assert check_query("CONSTRUCT WHERE { ?s ?p ?o }", IS_LOCAL).is_graph
    assert check_query("DESCRIBE <urn:x>", IS_LOCAL).form == "DESCRIBE"
    with pytest.raises(SparqlError) as err:
        check_query("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER( }", IS_LOCAL)
    assert err.value.key == "syntax" and err.value.values["line"] == 3
    assert "line 3" in str(err.value) and "linje 3" in err.value.message("nb")
    with pytest.raises(SparqlError) as err:
        check_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", IS_LOCAL)
    assert err.value.key == "not_query"
