"""Nasjonalt skoleregister (NSR, Udir): the schools of a municipality from a downloaded NSR file.

Udir's own API documentation (the Swagger pages of data-nsr.udir.no) is not available to the project,
so only a downloaded file is read — a JSON list of units as the register's API gives it (for one
municipality or the whole country; v3 list or v4 ``EnhetListe`` page) — and only the fields that
public code reading the register agrees on: ``Organisasjonsnummer``/``Orgnr``, ``Navn``,
``Kommunenummer``/``Kommunenr``, ``ErAktiv``, ``ErSkole``, ``ErGrunnskole``, ``ErVideregaaendeSkole``,
``ErPrivatskole``, ``ErOffentligSkole`` and ``Elevtall`` (see docs/coordinators.md for the sources).
"""

from __future__ import annotations

from .records import FileSource, Record
from .units import ReadCounts, Unit, iter_kinds, name_of, read_units

REGISTER_IRI = "https://data-nsr.udir.no/"
LABEL = "Nasjonalt skoleregister (NSR)"


def read_schools(source: FileSource, municipality: str) -> tuple[list[Unit], ReadCounts]:
    return read_units(source, "nsr", municipality, LABEL, _school)


def _school(record: Record, register: str, orgnr: str, municipality: str) -> Unit | None:
    is_school = record.flag("ErSkole")
    primary, upper = record.flag("ErGrunnskole"), record.flag("ErVideregaaendeSkole")
    if is_school is False or (is_school is None and not (primary or upper)):
        return None  # an owner, an SFO or another unit the register lists beside the schools
    private = record.flag("ErPrivatskole")
    if private is None and record.flag("ErOffentligSkole") is not None:
        private = not record.flag("ErOffentligSkole")
    kinds = frozenset(iter_kinds({"primary": primary, "upper-secondary": upper}))
    return Unit(register, orgnr, name_of(record, orgnr), municipality, kinds, private, record.count("Elevtall"))
