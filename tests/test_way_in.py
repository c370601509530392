"""The way in for a coordinator: the menu on every page, the landing page's three tasks, the
municipality picker (by name or number, without JavaScript), and names instead of graph IRIs."""

from __future__ import annotations

import re

import httpx
import pytest

from laget_graph.network.places import directory
from laget_graph.store import Store
from laget_graph.versions import is_current

from .conftest import LiveServer

PAGES = ["/", "/kommune", "/kommune/3201", "/network", "/validate", "/sparql", "/om", "/docs", "/redoc"]
MENU = {"nb": ["Kommune", "Nettverk", "Valider", "Spørringer", "Om/API"],
        "en": ["Municipality", "Network", "Validate", "Queries", "About/API"]}
CURRENT = {"/kommune": "kommune", "/kommune/3201": "kommune", "/network": "network", "/validate": "validate",
           "/sparql": "sparql", "/om": "about", "/docs": "about", "/redoc": "about"}
HREF = {"kommune": "/kommune", "network": "/network", "validate": "/validate", "sparql": "/sparql", "about": "/om"}


def get(server: LiveServer, path: str, **params: str) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, timeout=60, headers={"Accept": "text/html"})


def menu_of(html: str) -> list[tuple[str, str, bool]]:
    """(href, text, is current) of each link in the main menu."""
    nav = re.search(r'<nav aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert nav, "no main menu"
    links = re.findall(r"<a ([^>]*)>([^<]+)</a>", nav.group(1))
    return [(re.search(r'href="([^"]+)"', attrs).group(1).replace("&amp;", "&"), text.strip(),  # type: ignore[union-attr]
             "aria-current" in attrs) for attrs, text in links]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_menu_in_its_language(live_server: LiveServer, path: str, lang: str) -> None:
    response = get(live_server, path, lang=lang)
    assert response.status_code == 200, response.text[:500]
    links = menu_of(response.text)
    assert [text for _, text, _ in links[:5]] == MENU[lang]
    assert [href.split("?")[0] for href, _, _ in links[:5]] == list(HREF.values())
    assert all(href.endswith(f"lang={lang}") for href, _, _ in links[:5])
    current = [href.split("?")[0] for href, _, is_current in links if is_current]
    assert current == ([HREF[CURRENT[path]]] if path in CURRENT else [])
    other = "en" if lang == "nb" else "nb"
    assert links[5][1] == ("English" if lang == "nb" else "Norsk") and f"lang={other}" in links[5][0]
    assert f'<html lang="{lang}">' in response.text
    assert 'class="skip" href="#main"' in response.text and '<main id="main"' in response.text


@pytest.mark.parametrize(("lang", "tasks"), [
    ("nb", ["1. Se laget i kommunen din", "2. Sjekk oppsettet ditt", "3. Se samarbeidsnettverket"]),
    ("en", ["1. See your municipality's team", "2. Check your setup", "3. See the collaboration network"]),
])
def test_landing_page_offers_three_tasks_and_a_picker(live_server: LiveServer, lang: str, tasks: list[str]) -> None:
    html = get(live_server, "/", lang=lang).text
    headings = re.findall(r'<h2 id="task-[a-z]+">([^<]+)</h2>', html)
    assert [h.replace("&#39;", "'") for h in headings] == tasks
    form = re.search(r'<form class="picker" method="get" action="/kommune"[^>]*>(.*?)</form>', html, re.S)
    assert form, "the picker is a plain GET form (works without JavaScript)"
    assert 'name="q" list="municipality-names"' in form.group(1)
    options = re.findall(r'<option value="([^"]+)">', form.group(1))
    assert "Bærum (3201)" in options and "Gjøvik (3407)" in options and len(options) > 300
    assert 'href="/validate?lang=' in html and 'href="/network?lang=' in html
    # the municipalities that have a setup are one click away, by name
    assert f'<a href="/kommune/3201?lang={lang}">Bærum</a>' in html


@pytest.mark.parametrize("typed", ["Bærum", "bærum", "BAERUM", "3201", "Bærum (3201)", " bær "])
def test_picker_finds_a_municipality_by_name_or_number(live_server: LiveServer, typed: str) -> None:
    response = httpx.get(f"{live_server.url}/kommune", params={"q": typed, "lang": "en"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/kommune/3201?lang=en"


def test_picker_lists_several_matches_and_says_when_none(live_server: LiveServer) -> None:
    several = get(live_server, "/kommune", q="Nord", lang="en")
    assert several.status_code == 200
    assert "Several municipalities match “Nord”" in several.text
    assert '<a href="/kommune/3448?lang=en">Nordre Land (3448)</a>' in several.text
    assert '<a href="/kommune/3451?lang=en">Nord-Aurdal (3451)</a>' in several.text
    none = get(live_server, "/kommune", q="Atlantis", lang="nb")
    assert none.status_code == 404
    assert "Ingen kommune passer til «Atlantis»" in none.text and 'role="alert"' in none.text
    assert get(live_server, "/kommune/9999").status_code == 404


def test_municipality_list_is_grouped_by_county_in_norwegian_order(live_server: LiveServer) -> None:
    html = get(live_server, "/kommune", lang="nb").text
    counties = re.findall(r"<summary>([^<]+) \(\d+\)</summary>", html)
    assert "Akershus" in counties and "Innlandet" in counties
    assert counties.index("Vestland") < counties.index("Østfold")


def test_about_page_names_the_graphs(live_server: LiveServer, bundled_store: Store) -> None:
    html = get(live_server, "/om", lang="en").text
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td><code[^>]*>([^<]+)</code>", html)
    names = dict((short, title) for title, short in rows)
    assert names["setup/3201"] == "Bærum"
    assert names["setup/gjovikregionen"] == "Gjøvik, Gran, Nordre Land, Søndre Land, Vestre Toten, Østre Toten"
    assert names["ontology"].startswith("The ontology")
    assert set(names) == {g.name for g in bundled_store.graphs() if is_current(g.iri)}  # versions: laget history
    assert 'href="/docs"' in html and 'href="/redoc"' in html


def test_names_not_graph_iris_on_the_network_and_validation_pages(live_server: LiveServer) -> None:
    network = get(live_server, "/network", municipality="3201", lang="nb").text
    assert "<strong>Bærum (3201)</strong>" in network and "kommune 3201" not in network
    from laget_graph.resources import example_files

    baerum = next(p for p in example_files() if p.name == "baerum.ttl").read_bytes()
    page = httpx.post(f"{live_server.url}/validate?lang=en", files={"file": ("baerum.ttl", baerum)}, timeout=120)
    assert re.search(r"<h2>Bærum <small>baerum.ttl</small></h2>", page.text), page.text[:2000]


def test_directory_names_setups_and_finds_municipalities(bundled_store: Store) -> None:
    found = directory(bundled_store)
    assert found.get("3201").name("en") == "Bærum" and found.get("3201").county_name() == "Akershus"
    assert [m.number for m in found.with_setups()] == ["3201", "3407", "3446", "3448", "3447", "3443", "3442"]
    assert [m.number for m in found.find("Ås")] == ["3218"]  # exact beats prefix (Åsnes)
    assert [m.number for m in found.find("as")] == ["3218"]
    assert {m.number for m in found.find("Nordre")} == {"3207", "3448", "5544"}  # Nordreisa
    assert found.find("") == [] and found.find("zzz") == []
    assert found.find("0000") == []
    assert found.graph_title("https://w3id.org/laget/graph/setup/3201", "nb") == "Bærum"
    assert found.setup_description("https://w3id.org/laget/graph/setup/3201", "en").startswith("Example: Alle på laget")
    assert found.graph_title("https://w3id.org/laget/graph/setup/nowhere") == "setup/nowhere"
