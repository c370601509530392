"""``laget registers``: a setup's skeleton from NSR, NBR and Enhetsregisteret, read from fixture files written to
the registers' documented fields, and from a real HTTP server on loopback that answers as Enhetsregisteret's API
does. Nothing here reaches the internet."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS

from laget_graph.ingest.spreadsheet.importer import import_csv_folder, import_workbook
from laget_graph.registers import RegisterError, RegisterFile, Sources, build_skeleton, records
from laget_graph.registers.records import records as read_records

FIXTURES = Path(__file__).parent / "fixtures" / "registers"
N: dict[str, str] = json.loads((FIXTURES / "orgnr.json").read_text())
LG = rdflib.Namespace("https://w3id.org/laget/def#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")  # an open namespace: pytest probes module attributes
LGD = "https://w3id.org/laget/id/"
NSR, NBR, BRREG = (rdflib.URIRef(u) for u in ("https://data-nsr.udir.no/", "https://data-nbr.udir.no/",
                                              "https://data.brreg.no/enhetsregisteret/api"))
DOWNLOADED = datetime(2025, 8, 15, 10, 0, tzinfo=UTC)
NOW = datetime(2025, 8, 16, 12, 0, tzinfo=UTC)
#: Text in the fixtures that is about persons or contact data and must never reach the skeleton.
PERSONAL = ("KARI EKSEMPELSEN", "Rektorsen", "@eksempel.invalid", "67 00 00 00", "67 11 11 11", "67 22 22 22",
            "www.eksempel.invalid")


def unit(slug: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"{LGD}unit/3201/{slug}")


def orgnr_node(graph: rdflib.Graph, number: str) -> rdflib.URIRef:
    (node,) = graph.subjects(LG.organisationNumber, rdflib.Literal(number))
    return node  # type: ignore[return-value]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """The fixture files as downloaded on DOWNLOADED (their modification time is the retrieval date)."""
    copies = {}
    for name in ("nsr-3201.json", "nbr-3201.json", "enheter_alle.json.gz", "underenheter_alle.csv",
                 "underenheter_alle.json"):
        copies[name] = tmp_path / "downloads" / name
        copies[name].parent.mkdir(exist_ok=True)
        shutil.copy(FIXTURES / name, copies[name])
        os.utime(copies[name], (DOWNLOADED.timestamp(), DOWNLOADED.timestamp()))
    return copies


def from_files(files: dict[str, Path], tmp_path: Path, underenheter: str = "underenheter_alle.csv") -> rdflib.Graph:
    sources = Sources(nsr=files["nsr-3201.json"], nbr=files["nbr-3201.json"], enheter=files["enheter_alle.json.gz"],
                      underenheter=files[underenheter], offline=True, cache_dir=tmp_path / "cache")
    return build_skeleton("3201", sources, now=NOW).graph


# -- the skeleton ------------------------------------------------------------------------------------------

def test_units_kinds_counts_and_municipality(files: dict[str, Path], tmp_path: Path) -> None:
    g = from_files(files, tmp_path)
    expected = {
        "eksempelhaug-skole": {LG.PrimarySchool},
        "fjordvik-friskole": {LG.FreeSchool, LG.PrimarySchool},
        "baerum-eksempel-videregaende-skole": {LG.UpperSecondarySchool},
        "eksempelhagen-barnehage": {LG.MunicipalKindergarten},
        "solstrala-barnehage": {LG.PrivateKindergarten},
        "tusenfryd-familiebarnehage": {LG.PrivateKindergarten},
        "kloverenga-barnehage": {LG.PrivateKindergarten},
        "nyapnet-barnehage": {LG.PrivateKindergarten},
    }
    units = {str(s).rsplit("/", 1)[1] for s in g.subjects(LG.municipality, None)}
    assert units == set(expected)  # not the inactive ones, not Asker's school, not the school owner
    for slug, classes in expected.items():
        assert set(g.objects(unit(slug), RDF.type)) == classes, slug
        assert (unit(slug), LG.municipality, rdflib.URIRef(f"{LGD}kommune/3201")) in g
    assert (unit("eksempelhaug-skole"), RDFS.label, rdflib.Literal("Eksempelhaug skole", lang="nb")) in g
    assert orgnr_node(g, N["haug"]) == unit("eksempelhaug-skole")
    counts = {str(s).rsplit("/", 1)[1]: o for s, o in g.subject_objects(LG.numberOfChildren)}
    assert counts == {"eksempelhaug-skole": rdflib.Literal("412", datatype=XSD.nonNegativeInteger),
                      "baerum-eksempel-videregaende-skole": rdflib.Literal("650", datatype=XSD.nonNegativeInteger),
                      "eksempelhagen-barnehage": rdflib.Literal("64", datatype=XSD.nonNegativeInteger),
                      "solstrala-barnehage": rdflib.Literal("38", datatype=XSD.nonNegativeInteger),
                      "kloverenga-barnehage": rdflib.Literal("51", datatype=XSD.nonNegativeInteger)}
    # Fjordvik's 4 pupils and Tusenfryd's 5 children are below 6: not kept (shapes/privacy.ttl)


def test_owners_follow_overordnet_enhet_to_the_legal_entity(files: dict[str, Path], tmp_path: Path) -> None:
    g = from_files(files, tmp_path)
    kommune = rdflib.URIRef(f"{LGD}kommune/3201")
    # school and kindergarten → BÆRUM KOMMUNE OPPVEKST (ORGL) → BÆRUM KOMMUNE (KOMM)
    assert set(g.objects(kommune, LG.owns)) == {unit("eksempelhaug-skole"), unit("eksempelhagen-barnehage")}
    assert (kommune, LG.organisationNumber, rdflib.Literal(N["kommune"])) in g
    assert not list(g.subjects(LG.organisationNumber, rdflib.Literal(N["oppvekst"])))  # the level between: no node
    # the upper secondary school's owner is the county authority of Bærum's county (Akershus, 32)
    assert (rdflib.URIRef(f"{LGD}fylkeskommune/32"), LG.owns, unit("baerum-eksempel-videregaende-skole")) in g
    # private owners: an AS and two foundations, with their organisation form as ORG classification
    for key, owned, form in (("solstrala_as", "solstrala-barnehage", "AS"),
                             ("fjordvik_sti", "fjordvik-friskole", "STI"),
                             ("klover_sti", "kloverenga-barnehage", "STI")):
        owner = orgnr_node(g, N[key])
        assert str(owner).startswith(f"{LGD}owner/3201/")
        assert (owner, RDF.type, LG.PrivateOwner) in g
        assert (owner, LG.owns, unit(owned)) in g
        assert (owner, ORG.classification, rdflib.URIRef(f"{BRREG}/organisasjonsformer/{form}")) in g
        assert (owner, DCTERMS.source, BRREG) in g
    # the sole proprietorship (a person) is not imported; its kindergarten has no owner, and says so
    assert not list(g.subjects(LG.organisationNumber, rdflib.Literal(N["enk"])))
    assert not list(g.subjects(LG.owns, unit("tusenfryd-familiebarnehage")))


def test_summary_says_what_was_left_out(files: dict[str, Path], tmp_path: Path) -> None:
    sources = Sources(nsr=files["nsr-3201.json"], nbr=files["nbr-3201.json"], enheter=files["enheter_alle.json.gz"],
                      underenheter=files["underenheter_alle.csv"], offline=True, cache_dir=tmp_path)
    s = build_skeleton("3201", sources, now=NOW).summary
    assert (s.kindergartens, s.private_kindergartens, s.schools, s.free_schools, s.owners) == (5, 4, 3, 1, 5)
    assert (s.counts_suppressed, s.sole_proprietors) == (2, 1)
    assert s.not_in_brreg == [N["nyapnet"]]
    assert sorted(s.without_owner) == sorted([N["nyapnet"], N["tusenfryd"]])
    assert "sole proprietorships (a person), not imported: 1" in " ".join(s.lines("en"))
    assert "enkeltpersonforetak (en person), ikke tatt med: 1" in " ".join(s.lines("nb"))


def test_every_unit_carries_its_sources_and_each_extract_its_retrieval_time(files: dict[str, Path],
                                                                            tmp_path: Path) -> None:
    g = from_files(files, tmp_path)
    for node in g.subjects(LG.municipality, None):
        sources = set(g.objects(node, DCTERMS.source))
        assert sources & {NSR, NBR}, node
        if node != unit("nyapnet-barnehage"):  # the one Enhetsregisteret does not know
            assert BRREG in sources, node
    for register, iri in (("nsr", NSR), ("nbr", NBR), ("enhetsregisteret", BRREG)):
        extract = rdflib.URIRef(f"{LGD}source/3201/{register}")
        assert (extract, RDF.type, PROV.Entity) in g
        assert (extract, DCTERMS.source, iri) in g
        (when,) = g.objects(extract, PROV.generatedAtTime)
        assert when.datatype == XSD.dateTime and when.toPython() == DOWNLOADED
        (activity,) = g.objects(extract, PROV.wasGeneratedBy)
        assert (activity, RDF.type, PROV.Activity) in g and (activity, PROV.used, iri) in g
        dataset = rdflib.URIRef(f"{LGD}dataset/3201/registers")
        assert (dataset, PROV.wasDerivedFrom, extract) in g and (dataset, DCTERMS.source, iri) in g
    assert (rdflib.URIRef(f"{LGD}dataset/3201/registers"), DCTERMS.created,
            rdflib.Literal("2025-08-16", datatype=XSD.date)) in g


def test_no_person_and_no_contact_data_reaches_the_skeleton(files: dict[str, Path], tmp_path: Path) -> None:
    text = from_files(files, tmp_path).serialize(format="nt")
    for personal in PERSONAL:
        assert personal not in text
    for source in FIXTURES.glob("*.json"):  # the fixtures do hold them: the test can fail
        raw = source.read_text(encoding="utf-8")
        if "nsr" in source.name:
            assert "Rektorsen" in raw and "@eksempel.invalid" in raw
    assert "KARI EKSEMPELSEN" in gzip.decompress((FIXTURES / "enheter_alle.json.gz").read_bytes()).decode()


def test_uploaded_bytes_give_the_same_skeleton_as_files(files: dict[str, Path], tmp_path: Path) -> None:
    """What the web page does with uploads: the files' bytes, with the time the browser says they were saved."""
    def upload(name: str) -> RegisterFile:
        return RegisterFile(name, files[name].read_bytes(), DOWNLOADED)

    sources = Sources(nsr=upload("nsr-3201.json"), nbr=upload("nbr-3201.json"), enheter=upload("enheter_alle.json.gz"),
                      underenheter=upload("underenheter_alle.csv"), offline=True, cache_dir=tmp_path)
    assert set(build_skeleton("3201", sources, now=NOW).graph) == set(from_files(files, tmp_path))


def test_json_and_csv_downloads_and_any_chunking_give_the_same_skeleton(files: dict[str, Path], tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from_csv = from_files(files, tmp_path)
    from_json = from_files(files, tmp_path, underenheter="underenheter_alle.json")
    assert set(from_csv) == set(from_json)
    monkeypatch.setattr(records, "CHUNK", 7)  # records cut at every few characters of the streamed JSON
    assert set(from_files(files, tmp_path)) == set(from_csv)
    monkeypatch.setattr(records, "WHOLE_FILE_LIMIT", 100)  # the CSV streamed as a big national file is, gzipped
    zipped = files["underenheter_alle.csv"].with_suffix(".csv.gz")
    zipped.write_bytes(gzip.compress(files["underenheter_alle.csv"].read_bytes()))
    os.utime(zipped, (DOWNLOADED.timestamp(), DOWNLOADED.timestamp()))
    files["underenheter_alle.csv.gz"] = zipped
    assert set(from_files(files, tmp_path, underenheter="underenheter_alle.csv.gz")) == set(from_csv)


def test_the_skeleton_validates_cleanly_apart_from_what_it_lacks(files: dict[str, Path], tmp_path: Path) -> None:
    from laget_graph.ingest import read_path
    from laget_graph.validation.dataset import Dataset
    from laget_graph.validation.engine import validate

    path = tmp_path / "skjelett.ttl"
    path.write_text(from_files(files, tmp_path).serialize(format="turtle"), encoding="utf-8")
    ds = Dataset()
    ds.add(read_path(path, 5_000_000))
    report = validate(ds, "compiled")
    (setup,) = report.setups
    assert setup.graph.endswith("setup/3201")
    shapes = {str(f.shape).rsplit("#", 1)[1] for f in setup.findings}
    # what a skeleton cannot know yet: PPT, child welfare, health services, coordinator, owners not imported
    assert shapes <= {"MunicipalityHasPPT", "MunicipalityHasChildWelfare", "MunicipalityHasHealthStation",
                      "MunicipalityHasSchoolHealthService", "MunicipalityHasCoordinatingUnit",
                      "MunicipalityHasChildCoordinator", "UnitServedByPPT", "UnitHasOwner",
                      "PrivateUnitLinkedToPPT", "PrivateUnitLinkedToChildWelfare",
                      "UnitTakesPartInAMeasure",  # a skeleton has no measures yet
                      "CountyAuthorityHasPPT"}, shapes  # the county owns the upper secondary schools; no PPT yet
    owners_missing = {str(f.focus) for f in setup.findings if str(f.shape).endswith("#UnitHasOwner")}
    assert owners_missing == {str(unit("nyapnet-barnehage")), str(unit("tusenfryd-familiebarnehage"))}
    # no unit has a PPT yet: each is reported at the actor who owes it one, Bærum or, for the upper
    # secondary school, Akershus county authority, with the unit as value
    no_ppt = {(str(f.focus).rsplit("/", 2)[-2], str(f.value).rsplit("/", 1)[1]) for f in setup.findings
              if str(f.shape).endswith("#UnitServedByPPT")}
    units = {str(s).rsplit("/", 1)[1] for s in from_files(files, tmp_path).subjects(LG.municipality, None)}
    assert no_ppt == {("fylkeskommune" if u.endswith("videregaende-skole") else "kommune", u) for u in units}


# -- reading files -------------------------------------------------------------------------------------------

def test_reader_takes_every_documented_json_shape_and_gzip() -> None:
    record = {"organisasjonsnummer": "900010001", "navn": "BÆRUM KOMMUNE", "organisasjonsform": {"kode": "KOMM"}}
    shapes = {"list": [record], "search page": {"_embedded": {"enheter": [record]}, "page": {"totalElements": 1}},
              "one entity": record, "v4 page": {"AntallSider": 1, "EnhetListe": [record]}}
    for name, document in shapes.items():
        data = json.dumps(document).encode()
        for blob in (data, gzip.compress(data)):
            (got,) = list(read_records(RegisterFile(name, blob)))
            assert got.get("organisasjonsform.kode") == "KOMM" and got.get("ORGANISASJONSNUMMER") == "900010001"


@pytest.mark.parametrize(("data", "expected"), [
    (b'[{"Orgnr": "1"},\n {"Orgnr": "2" "Navn": "x"}]', "bad.json, line 2, column 16: invalid JSON"),
    (b'[{"Orgnr": "1"}, 7]', "bad.json: record 2 is not a JSON object."),
    (b'[{"Orgnr": "1"}', "bad.json, line 1, column 16: invalid JSON: the list is not closed"),
    (b"\x1f\x8b\x08\x00broken", "bad.json: broken gzip file"),
])
def test_unreadable_files_name_the_place(data: bytes, expected: str) -> None:
    with pytest.raises(RegisterError) as caught:
        list(read_records(RegisterFile("bad.json", data)))
    assert expected in caught.value.message("en")


# -- Enhetsregisteret's API on loopback -------------------------------------------------------------------

class FakeBrreg:
    """Answers GET /enhetsregisteret/api/{enheter|underenheter}/{orgnr} from the fixtures, as the API does."""

    def __init__(self) -> None:
        enheter = json.loads(gzip.decompress((FIXTURES / "enheter_alle.json.gz").read_bytes()))
        under = json.loads((FIXTURES / "underenheter_alle.json").read_text(encoding="utf-8"))
        self.data = {"enheter": {e["organisasjonsnummer"]: e for e in enheter},
                     "underenheter": {e["organisasjonsnummer"]: e for e in under}}
        self.paths: list[str] = []
        self.status = 200
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.paths.append(self.path)
                parts = self.path.strip("/").split("/")
                found = None
                if len(parts) == 4 and parts[:2] == ["enhetsregisteret", "api"]:
                    found = fake.data.get(parts[2], {}).get(parts[3])
                status = fake.status if fake.status != 200 else (200 if found else 404)
                body = json.dumps(found if status == 200 else {"status": status}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/enhetsregisteret/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def brreg() -> Iterator[FakeBrreg]:
    fake = FakeBrreg()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def without_provenance(g: rdflib.Graph) -> set[tuple[object, object, object]]:
    times = {PROV.generatedAtTime, PROV.startedAtTime, PROV.endedAtTime}
    return {t for t in g if t[1] not in times}


def test_live_api_gives_the_same_skeleton_and_the_cache_answers_the_second_time(
        brreg: FakeBrreg, files: dict[str, Path], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    sources = Sources(nsr=files["nsr-3201.json"], nbr=files["nbr-3201.json"], brreg_url=brreg.url, cache_dir=cache)
    live = build_skeleton("3201", sources, now=NOW).graph
    assert without_provenance(live) == without_provenance(from_files(files, tmp_path))
    asked = list(brreg.paths)
    assert asked and all(p.split("/")[3] in ("enheter", "underenheter") for p in asked)
    assert not any("roller" in p for p in asked)  # the register's role data (persons) is never asked for
    cached = "".join(p.read_text(encoding="utf-8") for p in cache.rglob("*.json"))
    assert N["haug"] in cached and N["enk"] in cached
    assert not [personal for personal in (*PERSONAL, "TUSENFRYD") if personal in cached]  # no names of persons

    again = build_skeleton("3201", sources, now=NOW).graph
    assert brreg.paths == asked  # every answer, also "not found", came from the cache
    assert without_provenance(again) == without_provenance(live)
    offline = build_skeleton("3201", Sources(nsr=files["nsr-3201.json"], nbr=files["nbr-3201.json"],
                                             brreg_url=brreg.url, cache_dir=cache, offline=True), now=NOW).graph
    assert without_provenance(offline) == without_provenance(live)
    build_skeleton("3201", Sources(nsr=files["nsr-3201.json"], brreg_url=brreg.url, cache_dir=cache, refresh=True))
    assert len(brreg.paths) > len(asked)


def test_a_register_error_status_is_an_input_error(brreg: FakeBrreg, files: dict[str, Path], tmp_path: Path) -> None:
    brreg.status = 503
    with pytest.raises(RegisterError) as caught:
        build_skeleton("3201", Sources(nsr=files["nsr-3201.json"], brreg_url=brreg.url, cache_dir=tmp_path))
    assert caught.value.message("en").startswith("Enhetsregisteret answered 503 to http://127.0.0.1:")
    assert not list((tmp_path / "registers").rglob("*.json"))  # an error is not cached


# -- the command ------------------------------------------------------------------------------------------

def laget(*args: str, tmp_path: Path, lang: str = "en", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LAGET_LANG": lang, "LAGET_DATA_DIR": str(tmp_path / "store"),
                   "LAGET_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200", **env}
    return subprocess.run([sys.executable, "-m", "laget_graph.cli", *args], capture_output=True, text=True,
                          env=environment, timeout=120)


def file_args(files: dict[str, Path]) -> list[str]:
    return ["--nsr-file", str(files["nsr-3201.json"]), "--nbr-file", str(files["nbr-3201.json"]),
            "--enheter-file", str(files["enheter_alle.json.gz"]), "--underenheter-file",
            str(files["underenheter_alle.csv"])]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_command_writes_turtle_that_laget_validate_reads(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "skjelett.ttl"
    made = laget("registers", "--municipality", "3201", *file_args(files), "-o", str(out), tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "kindergartens 5 (private 4), schools 3 (independent 1), owners 5" in made.stderr
    assert f"laget validate {out}" in made.stderr
    g = rdflib.Graph().parse(out, format="turtle")
    assert (unit("eksempelhaug-skole"), DCTERMS.source, NSR) in g
    checked = laget("validate", str(out), "--format", "json", tmp_path=tmp_path)
    assert checked.returncode == 1, checked.stderr  # violations: what the skeleton lacks; not 2 (unusable)
    report = json.loads(checked.stdout)
    assert report["problems"] == [] and report["setups"][0]["graph"].endswith("setup/3201")
    # only what the skeleton lacks: organisation rules, and units in no measure (it has no measures yet);
    # identifiers, privacy and coverage find nothing
    findings = report["setups"][0]["findings"]
    assert {f["concern"] for f in findings} == {"organisation", "programme"}
    assert {f["shapeName"] for f in findings if f["concern"] == "programme"} == {"lgsh:UnitTakesPartInAMeasure"}


def test_command_pre_fills_the_template_that_imports_back(files: dict[str, Path], tmp_path: Path) -> None:
    ttl = tmp_path / "skjelett.ttl"
    assert laget("registers", "-m", "3201", *file_args(files), "-o", str(ttl), tmp_path=tmp_path).returncode == 0
    expected = rdflib.Graph().parse(ttl, format="turtle")
    xlsx = tmp_path / "mal.xlsx"
    made = laget("registers", "-m", "3201", *file_args(files), "-o", str(xlsx), tmp_path=tmp_path, lang="nb")
    assert made.returncode == 0, made.stderr
    assert "Skrev" in made.stderr and "barnehager 5" in made.stderr
    assert set(import_workbook(xlsx.read_bytes(), str(xlsx))) == set(expected)  # exactly, provenance too
    folder = tmp_path / "mal-csv"
    made = laget("registers", "-m", "3201", *file_args(files), "--format", "csv", "-o", str(folder), tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    assert set(import_csv_folder(folder)) == set(expected)
    assert laget("registers", "-m", "3201", *file_args(files), "--format", "xlsx",
                 tmp_path=tmp_path).returncode == 2  # a workbook needs a file


def test_offline_is_a_clear_error_in_both_languages(files: dict[str, Path], tmp_path: Path) -> None:
    args = ("registers", "-m", "3201", "--nsr-file", str(files["nsr-3201.json"]), "-o", str(tmp_path / "x.ttl"))
    url = f"http://127.0.0.1:{closed_port()}/enhetsregisteret/api"
    en = laget(*args, tmp_path=tmp_path, LAGET_BRREG_URL=url)
    nb = laget(*args, tmp_path=tmp_path, lang="nb", LAGET_BRREG_URL=url)
    assert en.returncode == nb.returncode == 2
    assert f"Cannot reach Enhetsregisteret ({url})" in en.stderr and "Is the machine offline?" in en.stderr
    assert f"Får ikke kontakt med Enhetsregisteret ({url})" in nb.stderr
    cached_only = laget(*args, "--offline", tmp_path=tmp_path, LAGET_BRREG_URL=url)
    assert cached_only.returncode == 2 and "Offline (--offline) and no cached answer" in cached_only.stderr
    for run in (en, nb, cached_only):
        assert "Traceback" not in run.stderr
    assert not (tmp_path / "x.ttl").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["-m", "3201"], "Give at least one file from the National School Register (--nsr-file)"),
    (["-m", "9999", "--nsr-file", "{nsr}"], "The municipality number 9999 is not in the reference data"),
    (["-m", "3203", "--nbr-file", "{nbr}", "--offline"], "No active schools or kindergartens in municipality 3203"),
    (["-m", "3201", "--nsr-file", "{missing}"], "missing.json: no such file."),
    (["-m", "3201", "--nsr-file", "{broken}"], "broken.json, line 3, column 1: invalid JSON"),
])
def test_unusable_input_exits_2_naming_it(args: list[str], expected: str, files: dict[str, Path],
                                          tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"Orgnr": "900012969",\n "Navn": "x"\n', encoding="utf-8")
    values = {"nsr": str(files["nsr-3201.json"]), "nbr": str(files["nbr-3201.json"]),
              "missing": str(tmp_path / "missing.json"), "broken": str(broken)}
    run = laget("registers", *(a.format(**values) for a in args), tmp_path=tmp_path)
    assert run.returncode == 2, run.stderr
    assert expected in run.stderr.replace("\n", " ") and "Traceback" not in run.stderr


def test_help_in_both_languages(tmp_path: Path) -> None:
    en = laget("registers", "--help", tmp_path=tmp_path)
    nb = laget("registers", "--help", tmp_path=tmp_path, lang="nb")
    assert en.returncode == nb.returncode == 0
    assert "skeleton of a municipal setup" in en.stdout and "skjelettet til et kommunalt oppsett" in nb.stdout
    assert "--nsr-file" in en.stdout and "--offline" in en.stdout
