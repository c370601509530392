"""The municipality summary (network/team.py) on the bundled Bærum and Gjøvik region setups."""

from __future__ import annotations

from laget_graph.network.build import build_graph
from laget_graph.network.measures import analyse
from laget_graph.network.report import report
from laget_graph.network.scope import Scope
from laget_graph.network.team import summary
from laget_graph.store import Store


def test_baerum_at_a_glance(bundled_store: Store) -> None:
    s = summary(bundled_store, "3201", "nb")
    assert s is not None and s["name"] == "Bærum" and s["county"] == "Akershus"
    assert [g["title"] for g in s["setups"]] == ["Bærum"]
    units = {u["group"]: u for u in s["units"]}
    assert units["kindergarten"]["count"] == 20 and units["school"]["count"] == 28
    assert {k["label"]: k["count"] for k in units["kindergarten"]["kinds"]} == {"kommunal barnehage": 12,
                                                                              "privat barnehage": 8}
    (ppt,) = s["ppt"]
    assert ppt["label"] == "Bærum PPT" and (ppt["serves"], ppt["units"]) == (48, 48)
    assert [step["label"] for step in ppt["route"]] == ["Bærum PPT", "Statped sørøst"]
    assert [a["label"] for a in s["childWelfare"]] == ["Barneverntjenesten i Bærum"]
    assert [a["label"] for a in s["coordinatingUnit"]] == ["Koordinerende enhet i Bærum"]
    assert [a["label"] for a in s["childCoordinator"]] == ["Barnekoordinator, Bærum kommune"]
    assert "BUP Bærum" in [a["label"] for a in s["health"]]
    (programme,) = s["programmes"]
    roles = {r["key"]: r["names"] for r in programme["roles"]}
    assert programme["label"] == "Alle på laget" and programme["period"] == "2021–2025"
    assert roles["coordinatedBy"] == ["Bærum PPT"] and len(roles["workingGroup"]) == 3
    assert roles["universityPartner"] == [] and programme["noUniversityPartner"]  # gap G3 of the example
    measures = {m["label"]: m for m in programme["measures"]}
    assert measures["Å snakke med barn – skoler, pulje 1"]["provider"] == ["RVTS Øst"]
    assert measures["Rådgiverrollen i endrings- og utviklingsarbeid"]["provider"] == []  # gap G6


def test_coverage_and_plain_findings_match_the_network_analysis(bundled_store: Store) -> None:
    s = summary(bundled_store, "3201", "en")
    graph = build_graph(bundled_store, Scope(("3201",)))
    expected = report(analyse(graph, brokers=False, clusters=False), graph, "en")
    table = s["coverage"]
    assert table["tiers"] == ["tier 1", "tier 2", "tier 3"]
    assert len(table["rows"]) == len(graph.graph["areas"])
    empty = sum(1 for row in table["rows"] for c in row["cells"] if c["count"] == 0)
    assert empty == len(expected["gaps"]) == s["figures"]["gaps"]
    gaps = [f["text"] for f in s["findings"] if f["kind"] == "gap"]
    assert len(gaps) == len({c["area"] for c in expected["gaps"]})
    assert "No one in the team covers Language, speech and communication difficulties – at any tier." in gaps
    spof = [f["text"] for f in s["findings"] if f["kind"] == "spof"]
    assert len(spof) == len(expected["dropout"])
    assert ("If Bærum educational-psychological service (PPT) drops out, the team loses all cover of "
            "Learning difficulties (tier 3).") in spof


def test_region_and_unknown_and_empty_municipalities(bundled_store: Store) -> None:
    gjovik = summary(bundled_store, "3407", "en")
    (programme,) = gjovik["programmes"]
    roles = {r["key"]: r["names"] for r in programme["roles"]}
    assert len(roles["owner"]) == 6 and roles["universityPartner"] == ["Norwegian University of Science and Technology"]
    region = "Gjøvik, Gran, Nordre Land, Søndre Land, Vestre Toten, Østre Toten"
    assert [g["title"] for g in gjovik["setups"]] == [region]
    assert summary(bundled_store, "9999") is None
    oslo = summary(bundled_store, "0301", "nb")
    assert oslo["setups"] == [] and oslo["programmes"] == [] and oslo["ppt"] == []
