"""What the query editor asks of the server, over real HTTP on loopback: a named query's parameter
ranges (``#+ range:``), the values a form offers for them by name, the bound SPARQL without running
it, and the ontology's classes and properties for autocompletion."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from laget_graph.sparql import named

LG = "https://w3id.org/laget/def#"


def test_a_range_header_names_a_class_or_scheme_and_a_bad_one_names_the_line(tmp_path: Path) -> None:
    ranges = {p.name: p.range for p in named.get("coverage-by-area-tier").params}
    assert ranges == {"area": "https://w3id.org/laget/area/", "tier": "https://w3id.org/laget/tier/",
                      "municipality": LG + "Municipality"}
    head = "#+ title@nb: x\n#+ title@en: y\n#+ description@nb: x\n#+ description@en: y\n"
    bad = tmp_path / "bad.rq"
    bad.write_text(head + "#+ param: m iri lgd:kommune/3201\n#+ param@nb: m K\n#+ param@en: m M\n"
                   "#+ range: m not-an-iri\nSELECT * WHERE { ?m ?p ?o }\n")
    with pytest.raises(ValueError, match=r"bad.rq:8"):
        named.parse(bad)
    bad.write_text(head + "#+ param: n integer 1\n#+ param@nb: n N\n#+ param@en: n N\n"
                   "#+ range: n lg:Municipality\nSELECT * WHERE { ?s ?p ?n }\n")
    with pytest.raises(ValueError, match="no iri parameter"):
        named.parse(bad)


def test_the_list_says_which_parameters_have_choices(live_server) -> None:  # type: ignore[no-untyped-def]
    listed = {q["name"]: q for q in httpx.get(f"{live_server.url}/api/queries?lang=en").json()}
    params = {p["name"]: p for p in listed["municipalities-without-child-coordinator"]["params"]}
    assert params["county"]["range"] == LG + "County" and params["county"]["default"] == "lgd:fylke/34"
    assert {p["range"] for p in listed["measures-per-tier-period"]["params"]} == {None}


def test_choices_by_name_in_the_readers_language(live_server) -> None:  # type: ignore[no-untyped-def]
    base = f"{live_server.url}/api/queries/coverage-by-area-tier/choices"
    tiers = httpx.get(f"{base}/tier?lang=nb").json()
    assert [t["code"] for t in tiers] == ["1", "2", "3"] and tiers[0]["label"] == "Nivå 1: alle"
    assert httpx.get(f"{base}/tier?lang=en").json()[0]["label"] == "Tier 1: everyone"
    areas = httpx.get(f"{base}/area?lang=en").json()
    codes = [a["code"] for a in areas]
    assert codes.index("1") < codes.index("1.1") < codes.index("2")  # the scheme's order
    assert {"value": "https://w3id.org/laget/area/traumer", "label": "Trauma", "code": "6.4"} in areas
    municipalities = httpx.get(f"{base}/municipality?lang=nb").json()
    assert len(municipalities) == 357 and municipalities[0]["label"] < municipalities[-1]["label"]  # by name
    assert {"value": "https://w3id.org/laget/id/kommune/3201", "label": "Bærum", "code": "3201"} in municipalities
    counties = httpx.get(f"{live_server.url}/api/queries/municipalities-without-child-coordinator/choices/county")
    counties = counties.json()
    assert len(counties) == 15
    unknown = httpx.get(f"{base}/nothing?lang=en")
    assert unknown.status_code == 400 and "nothing" in unknown.json()["error"]
    assert httpx.get(f"{live_server.url}/api/queries/no-such-query/choices/area").status_code == 404


def test_the_bound_sparql_without_running_it(live_server) -> None:  # type: ignore[no-untyped-def]
    response = httpx.get(f"{live_server.url}/api/queries/coverage-by-area-tier",
                         params={"format": "sparql", "tier": "https://w3id.org/laget/tier/3"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/sparql-query")
    assert response.text == named.get("coverage-by-area-tier").bind({"tier": "https://w3id.org/laget/tier/3"})
    refused = httpx.get(f"{live_server.url}/api/queries/measures-per-tier-period",
                        params={"format": "sparql", "from": "twenty", "lang": "en"})
    assert refused.status_code == 400 and "twenty" in refused.json()["error"]


def test_the_vocabulary_comes_from_the_local_ontology(live_server) -> None:  # type: ignore[no-untyped-def]
    vocabulary = httpx.get(f"{live_server.url}/api/vocabulary").json()
    assert LG + "Municipality" in vocabulary["classes"] and LG + "Owner" in vocabulary["classes"]
    assert "http://www.w3.org/ns/org#Organization" in vocabulary["classes"]  # what lg: builds on
    assert LG + "municipality" in vocabulary["properties"] and LG + "refersTo" in vocabulary["properties"]
    assert not set(vocabulary["classes"]) & set(vocabulary["properties"])
