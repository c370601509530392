"""The network over real HTTP: JSON, RDF, the page's HTML and the vis-network assets."""

from __future__ import annotations

import httpx
import rdflib

from ..conftest import LiveServer
from .conftest import HOSTILE


def get(server: LiveServer, path: str, **params: str) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, timeout=30)


def test_graph_json_has_opaque_ids_legend_and_filters(server: LiveServer) -> None:
    data = get(server, "/api/network/graph", municipality="9901", lang="en").json()
    assert data["counts"] == {"nodes": 10, "edges": 10}
    assert all(n["id"].startswith("n") and n["id"][1:].isdigit() for n in data["nodes"])
    labels = {n["label"] for n in data["nodes"]}
    assert "Midt PPT (inter-municipal)" in labels and HOSTILE in labels
    assert {g["key"] for g in data["legend"]["groups"]} >= {"ppt", "school", "statped", "post"}
    ppt = next(n for n in data["nodes"] if n["label"] == "Midt PPT (inter-municipal)")
    assert ppt["title"].splitlines()[:3] == ["Midt PPT (inter-municipal)",
                                             "Type: inter-municipal educational-psychological service",
                                             "Municipality: Aby municipality, Bby municipality"]
    assert "Covers:" in ppt["title"] and "General learning difficulties (tier 2)" in ppt["title"]
    assert "Responsibilities:" in ppt["title"]
    refers = next(r for r in data["legend"]["relations"] if r["key"] == "refersTo")
    assert refers["label"] == "refers to"  # from the ontology
    assert get(server, "/api/network/graph", municipality="9901", type="school").json()["counts"]["nodes"] == 3
    assert get(server, "/api/network/graph", municipality="9901", tier="3").json()["counts"]["nodes"] == 1
    only = get(server, "/api/network/graph", municipality="9901", relation="serves").json()
    assert only["counts"] == {"nodes": 3, "edges": 2}
    assert {e["relation"] for e in only["edges"]} == {"serves"}


def test_county_is_aggregated_per_municipality(server: LiveServer) -> None:
    data = get(server, "/api/network/graph", county="99").json()
    assert data["aggregated"] is True
    by_label = {n["label"]: n for n in data["nodes"]}
    # Aby kommune and its 7 actors; Bby kommune and its 3; the shared PPT and Statped stay themselves
    assert set(by_label) == {"Aby kommune (8)", "Bby kommune (4)", "Midt PPT", "Statped test"}
    assert by_label["Aby kommune (8)"]["href"] == "/network?municipality=9901&lang=nb"
    serves = {e["label"] for e in data["edges"] if e["relation"] == "serves"}
    assert serves == {"betjener ×2", "betjener"}


def test_analysis_json_and_rdf(server: LiveServer) -> None:
    result = get(server, "/api/network/analysis", municipality="9901", lang="en").json()
    assert [u["label"] for u in result["noPathToPPT"]] == ["Eventyr barnehage", HOSTILE]
    assert result["figures"]["gaps"] == 18
    assert {a["label"] for a in result["dropout"]} == {"Midt PPT (inter-municipal)", "Statped test",
                                                       "Eventyr barnehage"}
    compared = get(server, "/api/network/analysis", municipality="9901", compare="9902").json()["comparison"]
    assert next(r for r in compared["rows"] if r["figure"] == "nodes")["second"] == 6
    turtle = get(server, "/api/network/analysis", municipality="9901", format="ttl")
    assert turtle.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=turtle.text, format="turtle")
    rows = list(g.query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?about ?value WHERE {
          ?o a schema:Observation ; schema:variableMeasured <https://w3id.org/laget/id/measure/path-to-ppt> ;
             schema:observationAbout ?about ; schema:value ?value . }"""))
    no_path = {str(a).rsplit("/", 1)[-1] for a, v in rows if not v.toPython()}
    assert no_path == {"eventyr-barnehage", "hostile"}


def test_bad_parameters_are_refused(server: LiveServer) -> None:
    assert get(server, "/api/network/graph", municipality="32x1").status_code == 400
    assert get(server, "/api/network/graph", type="nonsense").status_code == 400
    assert get(server, "/network/assets/../../secret").status_code == 404
    assert get(server, "/network/assets/other.js").status_code == 404


def test_page_escapes_labels_and_loads_only_own_assets(server: LiveServer) -> None:
    page = get(server, "/network", municipality="9901", lang="en", posts="1")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert HOSTILE not in html  # neither in the findings list nor in the embedded JSON
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html  # the findings list, escaped
    assert "<script>window.__pwned" not in html
    assert 'data-node-count="10"' in html
    for asset in ("/network/assets/vis-network.min.js", "/network/assets/vis-network.css", "/static/network.js"):
        assert asset in html
        assert get(server, asset).status_code == 200
    assert "cdn" not in html.lower() and "bootstrap" not in html.lower()


def test_whole_country_is_aggregated_per_county(server: LiveServer) -> None:
    data = get(server, "/api/network/graph", lang="en").json()
    by_label = {n["label"]: n for n in data["nodes"]}
    assert set(by_label) == {"Test county (12)", "Midt PPT (inter-municipal)", "Statped test"}
    assert by_label["Test county (12)"]["href"] == "/network?county=99&lang=en"
    assert by_label["Test county (12)"]["group"] == "county"


def test_page_speaks_both_languages_and_runs_no_inline_script(server: LiveServer) -> None:
    import re

    nb = get(server, "/network", municipality="9901", lang="nb").text
    en = get(server, "/network", municipality="9901", lang="en").text
    assert "Samarbeidsnettverket rundt barnet" in nb and "The collaboration network around the child" in en
    assert "PP-tjeneste" in nb and "Educational-psychological service (PPT)" in en
    assert "henviser til" in nb and "refers to" in en  # relation names from the ontology
    for html in (nb, en):
        inline = [tag for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
                  if 'type="application/json"' not in tag]
        assert inline == []
