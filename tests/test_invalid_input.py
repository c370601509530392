"""A parameter that does not fit the API is answered in the reader's language, naming the parameter,
where it was and what it must be; FastAPI's ``detail`` list stays for programs."""

from __future__ import annotations

import httpx
import pytest

from .conftest import LiveServer


@pytest.mark.parametrize(("value", "nb", "en"), [
    ("abc", "Ugyldig verdi for «year» (i adressen): må være et heltall, ikke «abc».",
     "Invalid value for “year” (in the address): must be a whole number, not “abc”."),
    ("1800", "Ugyldig verdi for «year» (i adressen): må være minst 1900.",
     "Invalid value for “year” (in the address): must be at least 1900."),
])
def test_a_bad_year_is_named_in_both_languages(live_server: LiveServer, value: str, nb: str, en: str) -> None:
    for lang, words in (("nb", nb), ("en", en)):
        r = httpx.get(f"{live_server.url}/api/network/graph", params={"year": value},
                      headers={"Accept-Language": lang})
        assert r.status_code == 422
        body = r.json()
        assert body["message"] == words
        assert body["detail"][0]["loc"] == ["query", "year"]  # FastAPI's own answer, unchanged for programs


def test_the_lang_parameter_wins_over_the_header(live_server: LiveServer) -> None:
    r = httpx.get(f"{live_server.url}/api/network/graph", params={"year": "x", "lang": "en"},
                  headers={"Accept-Language": "nb"})
    assert r.status_code == 422 and r.json()["message"].startswith("Invalid value for “year”")
