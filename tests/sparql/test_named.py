"""Named queries: the header format, safe binding, and each competency question's answer on the
bundled example data; then the same queries over HTTP and from the CLI."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from laget_graph.config import Settings
from laget_graph.ingest import load_bundled, load_data
from laget_graph.sparql import named
from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.guard import check_query, local_graph_checker
from laget_graph.sparql.results import plain_rows as rows
from laget_graph.sparql.service import SparqlService
from laget_graph.store import Store

ID = "https://w3id.org/laget/id/"
AREA = "https://w3id.org/laget/area/"
TIER = "https://w3id.org/laget/tier/"


@pytest.fixture(scope="module")
def ask(bundled_store: Store):  # type: ignore[no-untyped-def]
    service = SparqlService(bundled_store, Settings(store="memory"), workers=False)

    def run(name: str, **params: str) -> list[dict[str, object]]:
        checked = service.check(named.get(name).bind(params))
        return rows(service.run(checked, "application/sparql-results+json"), name)["rows"]  # type: ignore[return-value]

    return run


def column(result: list[dict[str, object]], name: str) -> set[object]:
    return {row[name] for row in result}


# -- the registry and the header format --------------------------------------------------------

def test_at_least_twelve_questions_in_both_languages() -> None:
    queries = named.registry()
    assert len(queries) >= 12
    for q in queries.values():
        assert q.title["nb"] and q.title["en"] and q.title["nb"] != q.title["en"]
        assert q.description["nb"] and q.description["en"]
        check_query(q.bind({}), local_graph_checker([]))  # every query passes the guard as bound


def test_header_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ title@nb: x\n#+ title@en: y\n#+ description@nb: x\n#+ description@en: y\n"
                   "#+ param: m kommune lgd:kommune/3201\nSELECT * WHERE { ?m ?p ?o }\n")
    with pytest.raises(ValueError, match=r"bad.rq:5"):
        named.parse(bad)
    bad.write_text("#+ title@nb: x\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(ValueError, match="title@en"):
        named.parse(bad)


def test_values_are_typed_and_cannot_become_syntax() -> None:
    query = named.get("coverage-by-area-tier")
    for hostile in ('area:traumer> } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #', "not an iri", "javascript:x"):
        with pytest.raises(SparqlError) as err:
            query.bind({"area": hostile})
        assert err.value.key == "bad_value"
    with pytest.raises(SparqlError) as err:
        query.bind({"areaa": "area:traumer"})
    assert err.value.key == "unknown_param"
    with pytest.raises(SparqlError):
        named.get("measures-per-tier-period").bind({"from": "2021; DROP ALL"})
    text = "SELECT ?x WHERE { ?s ?p ?x }"
    hostile = '" } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #'
    bound = named.inject_values(text, [("x", named.Param("x", "string", None).term(hostile))])
    checked = check_query(bound, local_graph_checker([]))  # still no SERVICE: the value stayed a literal
    assert checked.form == "SELECT"
    from pyoxigraph import Store as OxStore
    assert [s["x"].value for s in OxStore().query(bound.replace("?s ?p ?x", ""))] == [hostile]


# -- each competency question on the example data ----------------------------------------------

def test_coverage_by_area_tier(ask) -> None:  # type: ignore[no-untyped-def]
    assert column(ask("coverage-by-area-tier"), "actor") == {f"{ID}unit/3201/ppt", f"{ID}rvts/ost"}
    assert column(ask("coverage-by-area-tier", tier="tier:3"), "actor") == {f"{ID}rvts/ost"}
    gjovik = ask("coverage-by-area-tier", area="area:sammensatte-laerevansker", tier="tier:3",
                 municipality="lgd:kommune/3407")
    assert column(gjovik, "actor") == {f"{ID}statped/sorost"}


def test_units_without_ppt(ask) -> None:  # type: ignore[no-untyped-def]
    result = ask("units-without-ppt")
    assert column(result, "unit") == {f"{ID}unit/gjovikregionen/gran-barnehage-12",
                                      f"{ID}unit/gjovikregionen/ostre-toten-skole-05"}
    assert column(result, "responsible") == {f"{ID}kommune/3446", f"{ID}kommune/3442"}  # Gran, Østre Toten


def test_uncovered_needs(ask) -> None:  # type: ignore[no-untyped-def]
    result = ask("uncovered-needs")
    assert column(result, "area") == {f"{AREA}sprak", f"{AREA}digitale-verktoy"}
    assert column(result, "assessment") == {f"{ID}assessment/3201/kartlegging-2019-2021"}
    assert column(result, "need") == {f"{ID}need/3201/sprak", f"{ID}need/3201/digitale-verktoy"}
    # at tier 1, a need counts as covered when someone covers it or a measure addresses it there
    tier1 = {(r["assessment"].removeprefix(ID), r["area"].removeprefix(AREA))  # type: ignore[union-attr]
             for r in ask("uncovered-needs", tier="tier:1")}
    assert tier1 == {("assessment/3201/kartlegging-2019-2021", a)
                     for a in ("sprak", "digitale-verktoy", "radgiverkompetanse", "spesialpedagogikk")} | {
        ("assessment/gjovikregionen/kartlegging-2021-2022", "spesialpedagogikk")}


def test_route_to_statped(ask) -> None:  # type: ignore[no-untyped-def]
    steps = [(r["step"], r["from"], r["to"]) for r in ask("route-to-statped")]
    assert steps == [(1, f"{ID}unit/3201/baerum-skole-01", f"{ID}unit/3201/ppt"),
                     (2, f"{ID}unit/3201/ppt", f"{ID}statped/sorost")]
    assert ask("route-to-statped", unit="lgd:unit/gjovikregionen/ostre-toten-skole-05") == []


def test_shared_ppt_none_in_examples_one_when_added(ask, bundled_store: Store) -> None:  # type: ignore[no-untyped-def]
    assert ask("shared-ppt") == []
    store = Store(None)
    load_bundled(store)
    load_data(store,
        f"""@prefix lg: <https://w3id.org/laget/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{ID}unit/test/ikt-ppt> a lg:InterMunicipalPPT ; rdfs:label "Interkommunal PPT"@nb ;
            lg:serves <{ID}unit/gjovikregionen/ostre-toten-skole-05>, <{ID}unit/gjovikregionen/gran-barnehage-12> .""",
        "ttl", "setup/test", "test.ttl")
    service = SparqlService(store, Settings(store="memory"), workers=False)
    result = rows(service.run(service.check(named.get("shared-ppt").bind({})), "application/sparql-results+json"),
                  "shared-ppt")["rows"]
    assert [(r["ppt"], r["municipalities"]) for r in result] == [(f"{ID}unit/test/ikt-ppt", 2)]
    assert set(str(result[0]["names"]).split(", ")) == {"Gran", "Østre Toten"}


def test_measure_partners(ask) -> None:  # type: ignore[no-untyped-def]
    result = {(r["measure"], r["universityLabel"], r["rvtsLabel"]) for r in ask("measure-partners")}
    assert result == {
        (f"{ID}measure/gjovikregionen/regional-samskaping", "Norges teknisk-naturvitenskapelige universitet", None),
        (f"{ID}measure/3201/a-snakke-med-barn-skoler", None, "RVTS Øst"),
        (f"{ID}measure/3201/a-snakke-med-barn-barnehager", None, "RVTS Øst"),
    }


def test_coverage_matrix(ask) -> None:  # type: ignore[no-untyped-def]
    matrix = {r["area"]: (r["tier1"], r["tier2"], r["tier3"]) for r in ask("coverage-matrix")}
    assert matrix[f"{AREA}traumer"] == (41, 2, 1)  # 21 schools + 20 kindergartens; PPT, RVTS; RVTS
    assert matrix[f"{AREA}utfordrende-atferd"] == (0, 2, 0)
    assert matrix[f"{AREA}autisme"] == (0, 0, 1)
    assert f"{AREA}sprak" not in matrix  # the intended gap
    gran = {r["area"]: (r["tier1"], r["tier2"], r["tier3"])
            for r in ask("coverage-matrix", municipality="lgd:kommune/3446")}
    assert gran[f"{AREA}spesialpedagogikk"] == (0, 1, 0)


def test_most_collaboration_links(ask) -> None:  # type: ignore[no-untyped-def]
    result = ask("most-collaboration-links")
    links = [r["links"] for r in result]
    assert result[0]["actor"] == f"{ID}unit/3201/ppt" and links == sorted(links, reverse=True)
    assert min(links) >= 20
    assert column(ask("most-collaboration-links", minimum="100"), "actor") == {f"{ID}unit/3201/ppt"}


def test_municipalities_without_child_coordinator(ask) -> None:  # type: ignore[no-untyped-def]
    assert column(ask("municipalities-without-child-coordinator"), "municipality") == {f"{ID}kommune/3447"}
    assert ask("municipalities-without-child-coordinator", county="lgd:fylke/32") == []


def test_measures_per_tier_period(ask) -> None:  # type: ignore[no-untyped-def]
    whole = {r["tier"]: r["measures"] for r in ask("measures-per-tier-period")}
    assert whole == {f"{TIER}1": 4, f"{TIER}2": 5}
    late = {r["tier"]: r["measures"] for r in ask("measures-per-tier-period", **{"from": "2024", "to": "2025"})}
    assert late == {f"{TIER}1": 2, f"{TIER}2": 2}


def test_measures_without_provider(ask) -> None:  # type: ignore[no-untyped-def]
    assert column(ask("measures-without-provider"), "measure") == {
        f"{ID}measure/3201/radgiverrollen", f"{ID}measure/3201/nevroutviklingsforstyrrelser"}


def test_needs_without_tier2(ask) -> None:  # type: ignore[no-untyped-def]
    assert [(r["need"], r["assessment"], r["area"]) for r in ask("needs-without-tier2")] == [
        (f"{ID}need/gjovikregionen/regional-satsing-sammensatt", f"{ID}assessment/gjovikregionen/kartlegging-2021-2022",
         f"{AREA}sammensatte-laerevansker")]


def test_private_kindergartens_without_support(ask) -> None:  # type: ignore[no-untyped-def]
    result = ask("private-kindergartens-without-support")
    assert [(r["kindergarten"], r["ownerLabel"]) for r in result] == [
        (f"{ID}unit/gjovikregionen/gran-barnehage-12", "Privat barnehageeier 05 (Gjøvikregionen)")]


def test_programme_bodies(ask) -> None:  # type: ignore[no-untyped-def]
    roles = {r["role"].rsplit("#", 1)[1] for r in ask("programme-bodies")}  # type: ignore[union-attr]
    assert roles == {"programmeOwner", "coordinatedBy", "programmeCoordinator", "steeringGroup",
                     "workingGroup", "referenceGroup"}  # no university partner: an intended gap
    gjovik = {r["role"].rsplit("#", 1)[1] for r in  # type: ignore[union-attr]
              ask("programme-bodies", programme="lgd:programme/gjovikregionen/kompetanseloftet")}
    assert "universityPartner" in gjovik and "steeringGroup" not in gjovik


# -- over HTTP and from the command line -------------------------------------------------------

def test_named_queries_over_http(live_server) -> None:  # type: ignore[no-untyped-def]
    listing = httpx.get(f"{live_server.url}/api/queries", params={"lang": "en"}).json()
    assert len(listing) >= 12 and {"name", "title", "params", "sparql"} <= set(listing[0])
    url = f"{live_server.url}/api/queries/municipalities-without-child-coordinator"
    body = httpx.get(url).json()
    assert body["columns"] == ["municipality", "municipalityLabel"]
    assert body["rows"] == [{"municipality": f"{ID}kommune/3447", "municipalityLabel": "Søndre Land"}]
    csv = httpx.get(url, headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv") and "Søndre Land" in csv.text
    assert httpx.get(url, params={"county": "lgd:fylke/32"}).json()["rows"] == []
    bad = httpx.get(url, params={"county": "'; DROP", "lang": "en"})
    assert bad.status_code == 400 and "must be iri" in bad.json()["error"]
    assert httpx.get(url, params={"nonsense": "1"}).status_code == 400
    assert httpx.get(f"{live_server.url}/api/queries/no-such-question").status_code == 404
    openapi = httpx.get(f"{live_server.url}/openapi.json").json()
    params = openapi["paths"]["/api/queries/coverage-by-area-tier"]["get"]["parameters"]
    assert {p["name"] for p in params} == {"area", "tier", "municipality"}
    assert {"measures-by-target-group", "findings-per-assessment", "assessments-without-university",
            "region-coverage-matrix"} <= {q["name"] for q in listing}
    region = openapi["paths"]["/api/queries/region-coverage-matrix"]["get"]["parameters"]
    assert {p["name"] for p in region} == {"county", "region"}
    gran = httpx.get(f"{live_server.url}/api/queries/region-coverage-matrix",
                     params={"region": "lgd:dataset/gjovikregionen", "format": "csv"})
    assert gran.status_code == 200 and "Gran,https://w3id.org/laget/area/spesialpedagogikk" in gran.text


def test_cli_query(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    load_bundled(store)
    store.close()
    del store
    from laget_graph.cli import app

    runner = CliRunner()
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0 and "route-to-statped" in listed.output
    args = ["query", "units-without-ppt", "--data-dir", str(tmp_path / "store")]
    as_json = runner.invoke(app, [*args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert "ostre-toten-skole-05" in as_json.output and '"count": 2' in as_json.output
    as_csv = runner.invoke(app, [*args, "--format", "csv"])
    assert as_csv.output.splitlines()[0] == "unit,unitLabel,municipalityLabel,responsible,responsibleLabel"
    table = runner.invoke(app, [*args], env={"COLUMNS": "200"})  # five columns: wide enough not to wrap
    assert "Østre Toten skole 05" in table.output
    bad = runner.invoke(app, ["query", "coverage-by-area-tier", "--param", "tier=nope", "--data-dir",
                              str(tmp_path / "store")])
    assert bad.exit_code != 0 and "tier" in bad.output


def test_units_in_no_measure(ask) -> None:  # type: ignore[no-untyped-def]
    units = column(ask("units-in-no-measure"), "unit")
    baerum = {u for u in units if str(u).startswith(f"{ID}unit/3201/")}
    assert baerum == {f"{ID}unit/3201/baerum-skole-{n:02d}" for n in (6, 7, 8, 11, 19, 23, 25)}  # gap G5
    assert len(units - baerum) == 73 + 44  # Gjøvikregionen: only the PPT offices take part so far


def test_owners_without_needs_report_when_added() -> None:
    store = Store(None)
    load_bundled(store)
    load_data(store,
        f"""@prefix lg: <https://w3id.org/laget/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <{ID}owner/test/eier> a lg:PrivateOwner ; rdfs:label "Testeier"@nb ;
            lg:owns <{ID}unit/test/bhg-1> , <{ID}unit/test/bhg-2> .
        <{ID}owner/test/melder> a lg:PrivateOwner ; rdfs:label "Melder"@nb ; lg:owns <{ID}unit/test/bhg-3> .
        <{ID}needs-report/test/melder> a lg:NeedsReport ; lg:submittedBy <{ID}owner/test/melder> ;
            lg:submittedTo <{ID}samarbeidsforum/32> .
        <{ID}owner/test/feil> a lg:PrivateOwner ; rdfs:label "Feil mottaker"@nb ; lg:owns <{ID}unit/test/bhg-4> .
        <{ID}needs-report/test/feil> a lg:NeedsReport ; lg:submittedBy <{ID}owner/test/feil> ;
            lg:submittedTo <{ID}statsforvalter/innlandet> .
        <{ID}owner/test/snarvei> a lg:PrivateOwner ; rdfs:label "Snarvei"@nb ; lg:owns <{ID}unit/test/bhg-5> ;
            lg:reportsNeedTo <{ID}samarbeidsforum/32> .
        <{ID}unit/test/bhg-1> a lg:PrivateKindergarten . <{ID}unit/test/bhg-2> a lg:PrivateKindergarten .
        <{ID}unit/test/bhg-3> a lg:PrivateKindergarten . <{ID}unit/test/bhg-4> a lg:PrivateKindergarten .
        <{ID}unit/test/bhg-5> a lg:PrivateKindergarten .""",
        "ttl", "setup/test", "test.ttl")
    service = SparqlService(store, Settings(store="memory"), workers=False)

    def owners(s: SparqlService) -> list[tuple[object, object]]:
        result = rows(s.run(s.check(named.get("owners-without-needs-report").bind({})),
                            "application/sparql-results+json"), "owners-without-needs-report")["rows"]
        return [(r["owner"], r["units"]) for r in result]

    found = owners(service)
    # a report to someone other than a cooperation forum does not count
    assert (f"{ID}owner/test/feil", 1) in found and (f"{ID}owner/test/eier", 2) in found
    # a needs report to a forum counts, and so does the shortcut a reasoner infers from one
    assert not {f"{ID}owner/test/melder", f"{ID}owner/test/snarvei"} & {o for o, _ in found}


def test_owners_without_needs_report_on_the_examples(ask) -> None:  # type: ignore[no-untyped-def]
    # Gjøvikregionen's friskole owner and the private owner without agreements (Gran barnehage 12's)
    assert column(ask("owners-without-needs-report"), "owner") == {
        f"{ID}unit/gjovikregionen/friskoleeier-01", f"{ID}unit/gjovikregionen/privat-barnehageeier-05"}


def test_responsibilities_by_actor(ask) -> None:  # type: ignore[no-untyped-def]
    result = ask("responsibilities-by-actor", municipality="lgd:kommune/3201")
    held = {(str(r["actor"]).removeprefix(ID), str(r["responsibility"]).rsplit("/", 1)[1]) for r in result}
    assert ("kommune/3201", "ppt-tjeneste") in held and ("unit/3201/ppt", "sakkyndig-vurdering") in held
    assert ("unit/3201/privat-barnehageeier-01", "kompetanse-ansatte") in held  # an owner, by lg:owns
    assert ("post/3201/barnekoordinator", "barnekoordinator") in held
    assert {a for a, _ in held} >= {f"unit/3201/baerum-skole-{n:02d}" for n in range(1, 29)}
    ppt_duty = {(r["legalBasis"], r["legalBasisLabel"], r["lawId"], r["lawInForce"]) for r in result
                if r["actor"] == f"{ID}kommune/3201" and str(r["responsibility"]).endswith("/ppt-tjeneste")}
    assert ppt_duty == {("https://lovdata.no/lov/2023-06-09-30/§11-13", "opplæringslova § 11-13",
                         "LOV-2023-06-09-30", "2024-08-01"),
                        ("https://lovdata.no/lov/2005-06-17-64/§33", "barnehageloven § 33",
                         "LOV-2005-06-17-64", "2006-01-01")}
    coordinator = {r["paragraphInForce"] for r in result if r["legalBasis"] == "https://lovdata.no/lov/2011-06-24-30/§7-2a"}
    assert coordinator == {"2022-08-01"}  # the paragraph's own date, later than the act's
    assert all(r["lawId"] for r in result if r["legalBasis"])  # every cited paragraph names its act
    # the programme's own rules have no paragraph: the row is there, its law columns empty
    assert any(r["legalBasis"] is None for r in result if str(r["responsibility"]).endswith("/samordning-tjenester"))
    # a municipality no setup describes still has what the law gives every municipality
    oslo = ask("responsibilities-by-actor", municipality="lgd:kommune/0301")
    assert column(oslo, "actor") == {f"{ID}kommune/0301"}
    assert "https://w3id.org/laget/responsibility/ppt-tjeneste" in column(oslo, "responsibility")


def test_need_trail_for_a_municipality(ask) -> None:  # type: ignore[no-untyped-def]
    """need → measure → coverage → evaluation: Bærum's trauma theme has its measures and the coverage they
    produced; language has no measure (gap G1); Gjøvikregionen's trail ends in the spring-2023 evaluation."""
    def trail(municipality: str) -> list[tuple[object, ...]]:
        return [(str(r["need"]).removeprefix(ID), r["priority"], str(r["measure"] or "").removeprefix(ID),
                 int(r["coverages"]), str(r["evaluation"] or "").removeprefix(ID))  # type: ignore[call-overload]
                for r in ask("need-trail", municipality=municipality)]

    baerum = trail("lgd:kommune/3201")
    assert baerum[0][:2] == ("need/3201/utfordrende-atferd", 1)  # the one prioritised theme comes first
    theme = {(m, c) for n, _, m, c, _ in baerum if n == "need/3201/utfordrende-atferd"}
    assert theme == {("measure/3201/a-snakke-med-barn-skoler", 21), ("measure/3201/a-snakke-med-barn-barnehager", 20),
                     ("measure/3201/nevroutviklingsforstyrrelser", 0)}
    assert ("need/3201/sprak", None, "", 0, "") in baerum
    assert {n for n, *_ in baerum} == {f"need/3201/{s}" for s in (
        "utfordrende-atferd", "radgiverkompetanse", "videreutdanning-spesialpedagogikk", "sprak", "digitale-verktoy")}
    gran = trail("lgd:kommune/3446")  # one of the six owners of the regional programme
    assert [p for _, p, *_ in gran] == list(range(1, 9))
    evaluated = {n for n, _, m, _, e in gran if e == "evaluation/gjovikregionen/regional-samskaping-2023"}
    assert len(evaluated) == 7
    assert ("need/gjovikregionen/spesialpedagogisk-allmennpedagogisk", 5, "", 0, "") in gran
    assert trail("lgd:kommune/0301") == []  # Oslo owns no programme in the examples


TG = "https://w3id.org/laget/target-group/"


def test_measures_by_target_group(ask) -> None:  # type: ignore[no-untyped-def]
    ppt = ask("measures-by-target-group", targetGroup="tg:ppt-ansatte")
    assert column(ppt, "targetGroup") == {f"{TG}ppt-ansatte"}
    baerum = ("a-snakke-med-barn-skoler", "a-snakke-med-barn-barnehager", "radgiverrollen",
              "nevroutviklingsforstyrrelser")
    assert column(ppt, "measure") == {f"{ID}measure/3201/{m}" for m in baerum} | {
        f"{ID}measure/gjovikregionen/regional-samskaping"}
    every = {(r["targetGroup"], r["measure"]): (r["programme"], r["start"]) for r in ask("measures-by-target-group")}
    assert every[(f"{TG}radgivere-spesialpedagoger", f"{ID}measure/3201/radgiverrollen")][0] == \
        f"{ID}programme/3201/alle-pa-laget"
    assert every[(f"{TG}ledere", f"{ID}measure/gjovikregionen/regional-samskaping")] == (
        f"{ID}programme/gjovikregionen/kompetanseloftet", "2022")
    assert f"{TG}barnevern" not in {g for g, _ in every}  # no measure of the examples is aimed at child welfare


def test_findings_per_assessment(ask) -> None:  # type: ignore[no-untyped-def]
    result = ask("findings-per-assessment")
    per = {r["assessment"]: r["findings"] for r in result}
    assert per == {f"{ID}assessment/3201/kartlegging-2019-2021": 5,
                   f"{ID}assessment/gjovikregionen/kartlegging-2021-2022": 9}  # 5 findings, 4 recommendations
    assert len(column(result, "finding")) == 14
    assert len(result) == 16  # one row per finding and area: two of Gjøvik's findings concern two areas
    # a recommendation with no area ("continue the assessment") is still a row, its area empty
    assert any(r["area"] is None for r in result if str(r["finding"]).endswith("/fortsette-kartleggingen"))
    baerum = ask("findings-per-assessment", assessment="lgd:assessment/3201/kartlegging-2019-2021")
    sprak = next(r for r in baerum if r["finding"] == f"{ID}finding/3201/sprak")
    assert sprak["findingDescription"] == "Behov for økt kompetanse om språk."
    assert sprak["areaLabel"] == "Språk og flerspråklighet"
    assert column(baerum, "assessment") == {f"{ID}assessment/3201/kartlegging-2019-2021"}


def test_assessments_without_university(ask) -> None:  # type: ignore[no-untyped-def]
    # Bærum's assessment names only the municipality (gap no-uh-partner); NTNU took part in all of Gjøvik's
    assert [(r["assessment"], r["programme"]) for r in ask("assessments-without-university")] == [
        (f"{ID}assessment/3201/kartlegging-2019-2021", f"{ID}programme/3201/alle-pa-laget")]


def test_region_coverage_matrix_is_the_municipal_matrix_for_each_municipality(ask) -> None:  # type: ignore[no-untyped-def]
    region = ask("region-coverage-matrix", region="lgd:dataset/gjovikregionen")
    municipalities = column(region, "municipality")
    assert municipalities == {f"{ID}kommune/{n}" for n in ("3407", "3442", "3443", "3446", "3447", "3448")}
    for municipality in municipalities:
        own = {(r["area"], r["tier1"], r["tier2"], r["tier3"]) for r in region if r["municipality"] == municipality}
        alone = {(r["area"], r["tier1"], r["tier2"], r["tier3"])
                 for r in ask("coverage-matrix", municipality=str(municipality))}
        assert own == alone, municipality
    gran = {r["area"]: (r["tier1"], r["tier2"], r["tier3"]) for r in region if r["municipality"] == f"{ID}kommune/3446"}
    assert gran[f"{AREA}spesialpedagogikk"] == (0, 1, 0)
    assert not any(r["tier1"] for r in region)  # gap no-unit-coverage: nobody in the region at tier 1
    # the county without a region: only the municipalities a setup describes (not Innlandet's other 40)
    assert column(ask("region-coverage-matrix"), "municipality") == municipalities
    akershus = {r["area"]: r["tier1"] for r in ask("region-coverage-matrix", county="lgd:fylke/32")}
    assert akershus[f"{AREA}traumer"] == 41  # Bærum's 21 schools and 20 kindergartens
