"""Text files as people's tools write them: the encoding and the CSV separator, found rather than assumed.

Norwegian Excel saves CSV as Windows-1252 with semicolons ("CSV (semikolondelt)"), as UTF-8 with a
byte-order mark ("CSV UTF-8") or as UTF-16 with tabs ("Unicode-tekst"); other tools write plain UTF-8
with commas. A byte-order mark decides; else strict UTF-8; else charset-normalizer chooses among the
encodings such files really come in. What none of them reads is an :class:`InputError` naming the file.
"""

from __future__ import annotations

import codecs
import csv

from .errors import InputError

#: Encodings a CSV from Excel, LibreOffice or a register export is written in, besides UTF-8.
CANDIDATES = ("cp1252", "utf_16", "iso8859_15", "mac_roman")
SEPARATORS = ",;\t"

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, source: str) -> str:
    """The text of a file in whatever encoding it came in, or :class:`InputError` ("encoding")."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError("encoding", source=source, detail=f"{encoding}: {exc.reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None or "\x00" in str(best):
        raise InputError("encoding", source=source, detail="not UTF-8, UTF-16 or Windows-1252")
    return str(best)


def sniff_separator(text: str, expected_header: str | None = None) -> str:
    """The separator of a CSV text: the one that splits the header into the expected first column, else
    the one csv.Sniffer finds in the first lines, else the one that gives the header the most fields."""
    first = text.split("\n", 1)[0]
    if expected_header:
        for sep in SEPARATORS:
            if first.split(sep, 1)[0].strip().strip('"') == expected_header and sep in first:
                return sep
    try:
        return csv.Sniffer().sniff("\n".join(text.splitlines()[:20]), delimiters=SEPARATORS).delimiter
    except csv.Error:
        return max(SEPARATORS, key=first.count)


def read_csv(data: bytes, source: str, expected_header: str | None = None) -> list[list[str]]:
    """The rows of a CSV file, whatever its encoding and separator."""
    text = decode(data, source)
    separator = sniff_separator(text, expected_header)
    try:
        return [list(row) for row in csv.reader(text.splitlines(), delimiter=separator)]
    except csv.Error as exc:
        raise InputError("csv", source=source, detail=str(exc)) from None
