"""What the two Udir registers (NSR, NBR) tell about a school or kindergarten, and how both are read.

Both registers list units with the same fields for the organisation number, name, municipality and
whether the unit is active; they differ in the flags that say what kind of unit it is and in the
name of the count (pupils, children). Nothing else is read: the registers also carry the head's name
and contact details (``Leder``, ``Epost``, ``Telefon`` …), which are personal data and never leave
the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .errors import RegisterError
from .records import FileSource, Record, records, source_name

#: The same fields as Udir's API versions spell them (v1, v3, v4); matched without regard to case.
ORGNR = ("Organisasjonsnummer", "Orgnr")
NAME = ("Navn", "FulltNavn")
MUNICIPALITY = ("Kommunenummer", "Kommunenr", "Kommune.Kommunenummer", "Kommune.Kommunenr")
ACTIVE = ("ErAktiv",)
EXCLUDED = ("ErEkskludert",)


@dataclass(frozen=True)
class Unit:
    """A school or kindergarten as a register lists it; ``private`` is None when the register does not say."""

    register: str  # "nsr" or "nbr"
    orgnr: str
    name: str
    municipality: str
    kinds: frozenset[str] = field(default_factory=frozenset)  # "kindergarten", "primary", "upper-secondary"
    private: bool | None = None
    count: int | None = None  # pupils (NSR Elevtall) or children (NBR AntallBarn)


@dataclass
class ReadCounts:
    """What reading one file left out, for the summary."""

    records: int = 0
    other_municipality: int = 0
    inactive: int = 0
    not_a_unit: int = 0


def read_units(source: FileSource, register: str, municipality: str, label: str,
               unit_from: Callable[[Record, str, str, str], Unit | None]) -> tuple[list[Unit], ReadCounts]:
    """The active units of ``municipality`` in a register file; ``unit_from`` reads the register's own flags."""
    units: list[Unit] = []
    counts = ReadCounts()
    for index, record in enumerate(records(source), start=1):
        counts.records += 1
        orgnr = _orgnr(record)
        if orgnr is None:
            raise RegisterError("no_field", source=source_name(source), index=index, field=ORGNR[0], register=label)
        number = record.text(*MUNICIPALITY)
        if number is None or number.zfill(4) != municipality:
            counts.other_municipality += 1
            continue
        if record.flag(*ACTIVE) is False or record.flag(*EXCLUDED) is True:
            counts.inactive += 1
            continue
        unit = unit_from(record, register, orgnr, municipality)
        if unit is None:
            counts.not_a_unit += 1
            continue
        units.append(unit)
    return units, counts


def _orgnr(record: Record) -> str | None:
    text = record.text(*ORGNR)
    return "".join(text.split()) if text else None


def name_of(record: Record, orgnr: str) -> str:
    return record.text(*NAME) or orgnr


def iter_kinds(pairs: dict[str, bool | None]) -> Iterator[str]:
    return (kind for kind, flag in pairs.items() if flag)
