"""Nasjonalt barnehageregister (NBR, Udir): the kindergartens of a municipality from a downloaded NBR file.

As for NSR, Udir's API documentation (data-nbr.udir.no) is not available to the project, so only a
downloaded JSON file is read, and only the fields public code reading the register agrees on:
``Organisasjonsnummer``/``Orgnr``, ``Navn``, ``Kommunenummer``/``Kommunenr``, ``ErAktiv``,
``ErBarnehage``, ``ErPrivatBarnehage``, ``ErOffentligBarnehage`` and ``AntallBarn``.
"""

from __future__ import annotations

from .records import FileSource, Record
from .units import ReadCounts, Unit, name_of, read_units

REGISTER_IRI = "https://data-nbr.udir.no/"
LABEL = "Nasjonalt barnehageregister (NBR)"


def read_kindergartens(source: FileSource, municipality: str) -> tuple[list[Unit], ReadCounts]:
    return read_units(source, "nbr", municipality, LABEL, _kindergarten)


def _kindergarten(record: Record, register: str, orgnr: str, municipality: str) -> Unit | None:
    is_kindergarten = record.flag("ErBarnehage")
    if is_kindergarten is False or (is_kindergarten is None and record.flag("ErBarnehageEier")):
        return None  # an owner or another unit the register lists beside the kindergartens
    private = record.flag("ErPrivatBarnehage")
    if private is None and record.flag("ErOffentligBarnehage") is not None:
        private = not record.flag("ErOffentligBarnehage")
    return Unit(register, orgnr, name_of(record, orgnr), municipality, frozenset({"kindergarten"}), private,
                record.count("AntallBarn"))
