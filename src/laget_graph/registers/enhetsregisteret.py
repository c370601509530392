"""Enhetsregisteret (Brønnøysundregistrene): organisation numbers, organisation forms and who owns a unit.

Read from the documented formats only (Enhetsregisteret's OpenAPI specification and API
documentation, see docs/coordinators.md): an entity (``enhet``) or sub-unit (``underenhet``) has
``organisasjonsnummer``, ``navn``, ``organisasjonsform.kode``, ``overordnetEnhet`` (the parent unit)
and an address with ``kommunenummer`` (``forretningsadresse`` for an entity, ``beliggenhetsadresse``
for a sub-unit). Two ways in, one interface (:meth:`find`):

- :class:`FileLookup`: the bulk downloads (``/enheter/lastned``, ``/underenheter/lastned``: gzip JSON;
  ``…/lastned/csv``: CSV with dotted headers) or any saved answer of the API, streamed, keeping only
  the records asked for and the public-sector hierarchy (entities with a parent, municipalities and
  county authorities), so that chains of parents resolve in one pass;
- :class:`LiveLookup`: ``GET /underenheter/{orgnr}`` and ``GET /enheter/{orgnr}`` with httpx, with
  timeouts, one request at a time, every answer (also "not found") cached as a file under the user's
  cache folder for a day.

The register's role data (``/enheter/{orgnr}/roller``: managers, board members — persons) is never
asked for, and of a record only the five fields above are kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from ..config import BRREG_API
from .errors import RegisterError
from .records import FileSource, Record, records, source_time

REGISTER_IRI = BRREG_API
LABEL = "Enhetsregisteret (Brønnøysundregistrene)"
ENTITIES, SUB_UNITS = "enheter", "underenheter"
#: Forms whose units hold up the public-sector hierarchy (kept whole when a bulk file is scanned).
HIERARCHY_TOPS = ("KOMM", "FYLK")
#: A sole proprietorship is a person trading under their own name: its name is never kept, nor a sub-unit's
#: (which often carries the owner's name too; the skeleton names units as NSR and NBR do).
PERSON_FORMS = frozenset({"ENK"})
CACHE_MAX_AGE = timedelta(days=1)
_ORGNR = re.compile(r"\d{9}")


@dataclass(frozen=True)
class Entity:
    """What the skeleton takes from one Enhetsregisteret record."""

    orgnr: str
    name: str
    form: str | None
    parent: str | None
    municipality: str | None
    sub_unit: bool


def entity_from(record: Record, sub_unit: bool) -> Entity | None:
    orgnr = record.text("organisasjonsnummer")
    if orgnr is None:
        return None
    address = "beliggenhetsadresse.kommunenummer" if sub_unit else "forretningsadresse.kommunenummer"
    form = record.text("organisasjonsform.kode")
    name = orgnr if sub_unit or form in PERSON_FORMS else record.text("navn") or orgnr
    return Entity(orgnr=orgnr, name=name, form=form,
                  parent=record.text("overordnetEnhet"),
                  municipality=record.text(address, "postadresse.kommunenummer"), sub_unit=sub_unit)


class Lookup(Protocol):
    times: list[datetime]

    def find(self, kind: str, orgnrs: set[str]) -> dict[str, Entity]:
        """The records of ``kind`` (``enheter`` or ``underenheter``) for those organisation numbers that have one."""
        ...


@dataclass
class FileLookup:
    """Records from downloaded files; a kind without a file is asked of ``fallback`` (or found nowhere)."""

    files: dict[str, FileSource]
    fallback: Lookup | None = None
    times: list[datetime] = field(default_factory=list)
    _index: dict[str, dict[str, Entity]] = field(default_factory=lambda: {ENTITIES: {}, SUB_UNITS: {}})
    _absent: dict[str, set[str]] = field(default_factory=lambda: {ENTITIES: set(), SUB_UNITS: set()})

    def find(self, kind: str, orgnrs: set[str]) -> dict[str, Entity]:
        source = self.files.get(kind)
        if source is None:
            return self.fallback.find(kind, orgnrs) if self.fallback is not None else {}
        index = self._index[kind]
        missing = orgnrs - index.keys() - self._absent[kind]
        if missing:
            self._scan(kind, source, missing)
        return {o: index[o] for o in orgnrs if o in index}

    def _scan(self, kind: str, source: FileSource, wanted: set[str]) -> None:
        index, sub_unit = self._index[kind], kind == SUB_UNITS
        for record in records(source):
            orgnr = record.text("organisasjonsnummer")
            if orgnr is None:
                continue
            keep = orgnr in wanted or (not sub_unit and (record.text("overordnetEnhet") is not None
                                                          or record.text("organisasjonsform.kode") in HIERARCHY_TOPS))
            if keep and (entity := entity_from(record, sub_unit)) is not None:
                index[orgnr] = entity
        self._absent[kind] |= wanted - index.keys()
        self.times.append(source_time(source))


@dataclass
class LiveLookup:
    """Records from Enhetsregisteret's open API, cached; ``offline`` answers from the cache alone."""

    base_url: str = BRREG_API
    cache_dir: Path | None = None
    refresh: bool = False
    offline: bool = False
    timeout_s: float = 10.0
    progress: Callable[[str], None] | None = None
    times: list[datetime] = field(default_factory=list)
    _client: Any = None

    def find(self, kind: str, orgnrs: set[str]) -> dict[str, Entity]:
        found = {}
        for orgnr in sorted(orgnrs):
            if _ORGNR.fullmatch(orgnr) and (entity := self.get(kind, orgnr)) is not None:
                found[orgnr] = entity
        return found

    def get(self, kind: str, orgnr: str) -> Entity | None:
        answer = None if self.refresh else self._cached(kind, orgnr)
        if answer is None:
            if self.offline:
                raise RegisterError("offline_cache", what=kind, orgnr=orgnr, cache=self._folder())
            answer = self._fetch(kind, orgnr)
            self._store(kind, orgnr, answer)
        self.times.append(datetime.fromisoformat(answer["retrieved"]))
        body = answer.get("body")
        return entity_from(Record(body), kind == SUB_UNITS) if isinstance(body, dict) else None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _fetch(self, kind: str, orgnr: str) -> dict[str, Any]:
        import httpx

        url = f"{self.base_url.rstrip('/')}/{kind}/{orgnr}"
        if self._client is None:
            from .. import __version__

            self._client = httpx.Client(timeout=httpx.Timeout(self.timeout_s, connect=min(5.0, self.timeout_s)),
                                        headers={"Accept": "application/json",
                                                 "User-Agent": f"laget-graph/{__version__}"})
        if self.progress is not None:
            self.progress(orgnr)
        try:
            response = self._client.get(url)
        except httpx.TransportError as exc:
            raise RegisterError("offline", url=self.base_url, detail=str(exc) or type(exc).__name__) from None
        retrieved = datetime.now(UTC).isoformat(timespec="seconds")
        if response.status_code in (404, 410):  # none with that number, or removed from the register
            return {"retrieved": retrieved, "status": response.status_code, "body": None}
        if response.status_code != 200:
            raise RegisterError("http", status=response.status_code, url=url)
        try:
            body = response.json()
        except ValueError:
            raise RegisterError("bad_answer", url=url) from None
        return {"retrieved": retrieved, "status": 200, "body": _kept(body, kind == SUB_UNITS)}

    def _folder(self) -> Path:
        from ..config import default_cache_dir

        return (self.cache_dir or default_cache_dir()) / "registers" / "enhetsregisteret"

    def _path(self, kind: str, orgnr: str) -> Path:
        return self._folder() / kind / f"{orgnr}.json"

    def _cached(self, kind: str, orgnr: str) -> dict[str, Any] | None:
        path = self._path(kind, orgnr)
        try:
            answer = json.loads(path.read_text(encoding="utf-8"))
            age = datetime.now(UTC) - datetime.fromisoformat(answer["retrieved"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return answer if self.offline or age <= CACHE_MAX_AGE else None

    def _store(self, kind: str, orgnr: str, answer: dict[str, Any]) -> None:
        path = self._path(kind, orgnr)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
            temporary.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs a request next time


#: The fields of an answer that are cached: what entity_from reads, nothing else (no contact data, no
#: person's name).
_KEPT = ("organisasjonsnummer", "navn", "organisasjonsform", "overordnetEnhet", "forretningsadresse",
         "beliggenhetsadresse", "postadresse")


def _kept(body: object, sub_unit: bool) -> object:
    if not isinstance(body, dict):
        return body
    kept = {k: v for k, v in body.items() if k in _KEPT}
    form = body.get("organisasjonsform")
    if sub_unit or (isinstance(form, dict) and form.get("kode") in PERSON_FORMS):
        kept.pop("navn", None)
    for address in ("forretningsadresse", "beliggenhetsadresse", "postadresse"):
        if isinstance(kept.get(address), dict):
            kept[address] = {"kommunenummer": kept[address].get("kommunenummer")}
    if isinstance(kept.get("organisasjonsform"), dict):
        kept["organisasjonsform"] = {"kode": kept["organisasjonsform"].get("kode")}
    return kept
