"""The one error type of the register readers, with its message in nb and en.

A register file that cannot be read, a register that cannot be reached or answers with an error:
the CLI prints the message and exits 2, the web answers 400 or 502 with it. It is an
:class:`InputError`, so code that already catches unusable input catches this too."""

from __future__ import annotations

from ..i18n import Catalog
from ..ingest.errors import InputError

T = Catalog({
    "json": {"nb": "{source}, linje {line}, kolonne {column}: ugyldig JSON: {detail}",
             "en": "{source}, line {line}, column {column}: invalid JSON: {detail}"},
    "not_records": {
        "nb": "{source}: fant ingen registeroppføringer (ventet en JSON-liste med objekter, en side med en slik "
              "liste, eller en CSV-fil med overskrifter).",
        "en": "{source}: no register records found (expected a JSON list of objects, a page holding one, or a CSV "
              "file with headers).",
    },
    "not_object": {"nb": "{source}: oppføring {index} er ikke et JSON-objekt.",
                   "en": "{source}: record {index} is not a JSON object."},
    "no_field": {
        "nb": "{source}: oppføring {index} mangler feltet {field}; er dette en fil fra {register}?",
        "en": "{source}: record {index} lacks the field {field}; is this a file from {register}?",
    },
    "encoding": {"nb": "{source}: teksten er ikke UTF-8 ({detail}).",
                 "en": "{source}: the text is not UTF-8 ({detail})."},
    "gzip": {"nb": "{source}: ødelagt gzip-fil ({detail}).", "en": "{source}: broken gzip file ({detail})."},
    "missing": {"nb": "{source}: finnes ikke.", "en": "{source}: no such file."},
    "municipality": {
        "nb": "Kommunenummeret {number} finnes ikke i referansedataene (fire sifre, f.eks. 3201).",
        "en": "The municipality number {number} is not in the reference data (four digits, e.g. 3201).",
    },
    "no_unit_registers": {
        "nb": "Oppgi minst én fil fra Nasjonalt skoleregister (--nsr-file) eller Nasjonalt barnehageregister "
              "(--nbr-file). Udirs API-dokumentasjon er ikke tilgjengelig for prosjektet, så disse to registrene "
              "leses bare fra nedlastede filer; se docs/coordinators.md, «Start fra registrene».",
        "en": "Give at least one file from the National School Register (--nsr-file) or the National "
              "Kindergarten Register (--nbr-file). Udir's API documentation is not available to the project, so "
              "these two registers are read from downloaded files only; see docs/coordinators.md, "
              "“Start from the registers”.",
    },
    "no_units": {
        "nb": "Ingen aktive skoler eller barnehager i kommune {number} i filene ({files}); feil kommune eller "
              "feil fil?",
        "en": "No active schools or kindergartens in municipality {number} in the files ({files}); wrong "
              "municipality or wrong file?",
    },
    "offline": {
        "nb": "Får ikke kontakt med Enhetsregisteret ({url}): {detail}. Er maskinen uten nett? Prøv igjen, eller "
              "last ned enhetene og underenhetene fra data.brreg.no og oppgi dem med --enheter-file og "
              "--underenheter-file.",
        "en": "Cannot reach Enhetsregisteret ({url}): {detail}. Is the machine offline? Try again, or download "
              "the units and sub-units from data.brreg.no and give them with --enheter-file and "
              "--underenheter-file.",
    },
    "offline_cache": {
        "nb": "Uten nett (--offline) og uten lagret svar for {what} {orgnr} i hurtigbufferen ({cache}); kjør uten "
              "--offline eller oppgi --enheter-file og --underenheter-file.",
        "en": "Offline (--offline) and no cached answer for {what} {orgnr} ({cache}); run without --offline or "
              "give --enheter-file and --underenheter-file.",
    },
    "http": {"nb": "Enhetsregisteret svarte {status} på {url}.",
             "en": "Enhetsregisteret answered {status} to {url}."},
    "bad_answer": {"nb": "Enhetsregisteret ga et svar som ikke er JSON på {url}.",
                   "en": "Enhetsregisteret gave an answer that is not JSON to {url}."},
})


class RegisterError(InputError):
    """A register input that cannot be used; :meth:`message` gives it in nb or en."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        self.source = str(values.get("source", ""))
        Exception.__init__(self, T(key, "en", **values))

    def message(self, lang: str) -> str:
        return T(self.key, lang, **self.values)
