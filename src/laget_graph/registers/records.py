"""Register records from downloaded files: JSON or CSV, gzip-compressed or not, read as the registers write them.

The registers publish JSON in three shapes — a list of objects (Enhetsregisteret's bulk download
``/enheter/lastned``, Udir's ``/v3/enheter/kommune/{nr}``), a page that wraps such a list (Udir's v4
``EnhetListe``, Enhetsregisteret's search ``_embedded.enheter``), or one object (a single entity) — and
Enhetsregisteret also CSV with the nested fields flattened to dotted headers (``organisasjonsform.kode``).
A list is streamed object by object, so the national bulk file (some 1.5 million entities) is read in
bounded memory; only the records a caller keeps stay. Field names are matched without regard to case,
because Udir's API versions spell the same field ``OrgNr``, ``Orgnr`` or ``Organisasjonsnummer`` and
``ErGrunnSkole`` or ``ErGrunnskole``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from .errors import RegisterError

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20
#: No register record is this long; beyond it a decoding error is the file's, not a chunk boundary's.
MAX_RECORD = 16 << 20
#: CSV smaller than this (uncompressed) is decoded whole (any encoding Excel writes); larger is streamed as UTF-8.
WHOLE_FILE_LIMIT = 32 << 20


@dataclass(frozen=True)
class RegisterFile:
    """A register file held in memory (an upload): its name for messages, its bytes, when it was saved."""

    name: str
    data: bytes
    modified: datetime | None = None


FileSource = Path | RegisterFile


def source_name(source: FileSource) -> str:
    return source.name if isinstance(source, RegisterFile) else str(source)


def source_time(source: FileSource) -> datetime:
    """When the file's data left the register, as far as we can know: the file's modification time
    (a download is written when it is retrieved), or the time it was read when nothing says more."""
    if isinstance(source, RegisterFile):
        return source.modified or datetime.now(UTC)
    return datetime.fromtimestamp(source.stat().st_mtime, UTC)


class Record:
    """One register record: fields by name regardless of case, nested (``a.b``) or flattened (``"a.b"``)."""

    __slots__ = ("_keys", "raw")

    def __init__(self, raw: Mapping[str, object]) -> None:
        self.raw = raw
        self._keys = {str(k).lower(): k for k in raw}

    def get(self, *paths: str) -> object | None:
        """The first of ``paths`` that holds a value (None and "" count as none)."""
        for path in paths:
            value = self._lookup(path)
            if value is not None and value != "":
                return value
        return None

    def text(self, *paths: str) -> str | None:
        value = self.get(*paths)
        return None if value is None or isinstance(value, (dict, list)) else str(value).strip() or None

    def flag(self, *paths: str) -> bool | None:
        """A yes/no field: JSON true/false, or the text CSV writes ("true", "J", "ja" …); None when absent."""
        value = self.get(*paths)
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            low = value.strip().lower()
            if low in ("true", "j", "ja", "yes", "1"):
                return True
            if low in ("false", "n", "nei", "no", "0"):
                return False
        return None

    def count(self, *paths: str) -> int | None:
        value = self.get(*paths)
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        return None

    def _lookup(self, path: str) -> object | None:
        key = self._keys.get(path.lower())
        if key is not None:
            return self.raw[key]
        head, _, rest = path.partition(".")
        if not rest:
            return None
        key = self._keys.get(head.lower())
        inner = self.raw[key] if key is not None else None
        return Record(inner).get(rest) if isinstance(inner, Mapping) else None


def records(source: FileSource) -> Iterator[Record]:
    """Every record of a register file, JSON or CSV (told by its first character), gzip or not."""
    name = source_name(source)
    if isinstance(source, Path) and not source.is_file():
        raise RegisterError("missing", source=name)
    with _open(source) as stream:
        try:
            head = stream.peek(4096)[:4096]  # type: ignore[attr-defined]
        except (OSError, EOFError, zlib.error) as exc:
            raise RegisterError("gzip", source=name, detail=str(exc)) from None
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        try:
            if first in (b"[", b"{"):
                yield from _json_records(stream, name)
            else:
                yield from _csv_records(stream, name, source)
        except (OSError, EOFError, zlib.error) as exc:
            raise RegisterError("gzip", source=name, detail=str(exc)) from None


@contextmanager
def _open(source: FileSource) -> Iterator[IO[bytes]]:
    """The file's bytes, uncompressed when it is gzip (Enhetsregisteret's downloads are), with peek()."""
    with ExitStack() as stack:
        if isinstance(source, RegisterFile):
            raw: IO[bytes] = io.BufferedReader(io.BytesIO(source.data))  # type: ignore[arg-type]
        else:
            raw = stack.enter_context(open(source, "rb"))
        if raw.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
            gz = stack.enter_context(gzip.GzipFile(fileobj=raw))
            yield io.BufferedReader(gz)  # type: ignore[arg-type]
        else:
            yield raw


# -- JSON ------------------------------------------------------------------------------------------------

def _json_records(stream: IO[bytes], name: str) -> Iterator[Record]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict")
    try:
        start = _skip_space(text)
        if start == "[":
            yield from _stream_array(text, name)
            return
        whole = start + text.read()
    except UnicodeDecodeError as exc:
        raise RegisterError("encoding", source=name, detail=exc.reason) from None
    try:
        document = json.loads(whole)
    except json.JSONDecodeError as exc:
        raise RegisterError("json", source=name, line=exc.lineno, column=exc.colno, detail=exc.msg) from None
    items = _wrapped_list(document)
    if items is None:
        raise RegisterError("not_records", source=name)
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise RegisterError("not_object", source=name, index=index)
        yield Record(item)


def _wrapped_list(document: object) -> list[object] | None:
    """The records of a JSON document: a list; the list a page wraps (``EnhetListe``,
    ``_embedded.enheter``); or the one entity an object is."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return None
    embedded = document.get("_embedded")
    if isinstance(embedded, dict):
        for value in embedded.values():
            if isinstance(value, list):
                return value
    for value in document.values():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return value
    return [document] if document else None


def _skip_space(text: io.TextIOBase) -> str:
    while (char := text.read(1)) and char.isspace():
        pass
    return char


_SPACE = re.compile(r"[ \t\r\n]*")


class _Cursor:
    """Where a position in the sliding buffer lies in the file, for error messages (line and column)."""

    def __init__(self) -> None:
        self.line, self.column = 1, 2  # the buffer starts just after the opening bracket

    def at(self, buffer: str, pos: int) -> tuple[int, int]:
        newlines = buffer.count("\n", 0, pos)
        if newlines:
            return self.line + newlines, pos - buffer.rfind("\n", 0, pos)
        return self.line, self.column + pos

    def advance(self, buffer: str, pos: int) -> None:
        self.line, self.column = self.at(buffer, pos)


def _stream_array(text: io.TextIOBase, name: str) -> Iterator[Record]:
    """The objects of a top-level JSON array, one at a time (the opening bracket already read).

    The buffer is only cut when it is refilled, so reading stays linear in the file's size."""
    decoder = json.JSONDecoder()
    cursor = _Cursor()
    buffer, pos, index, eof = "", 0, 0, False

    def refill() -> bool:
        nonlocal buffer, pos, eof
        chunk = text.read(CHUNK)
        cursor.advance(buffer, pos)
        buffer, pos = buffer[pos:] + chunk, 0
        eof = not chunk
        return bool(chunk)

    def fail(detail: str, at: int) -> RegisterError:
        line, column = cursor.at(buffer, at)
        return RegisterError("json", source=name, line=line, column=column, detail=detail)

    expect_item = True
    while True:
        pos = _SPACE.match(buffer, pos).end()  # type: ignore[union-attr]
        if pos >= len(buffer):
            if refill():
                continue
            raise fail("the list is not closed", pos)
        char = buffer[pos]
        if char == "]" and (index == 0 or not expect_item):
            return
        if not expect_item:
            if char != ",":
                raise fail("expected ',' or ']'", pos)
            pos += 1
            expect_item = True
            continue
        if char != "{":
            raise RegisterError("not_object", source=name, index=index + 1)
        while True:
            try:
                item, end = decoder.raw_decode(buffer, pos)
                break
            except json.JSONDecodeError as exc:
                if eof or len(buffer) - pos > MAX_RECORD:
                    raise fail(exc.msg, exc.pos) from None
                refill()  # maybe the object runs on in the next chunk; at the end the error stands
        index += 1
        pos, expect_item = end, False
        yield Record(item)


# -- CSV -------------------------------------------------------------------------------------------------

def _csv_records(stream: IO[bytes], name: str, source: FileSource) -> Iterator[Record]:
    from ..ingest.text import decode, sniff_separator

    head = stream.read(WHOLE_FILE_LIMIT + 1)  # the uncompressed size decides, not the file's
    if len(head) <= WHOLE_FILE_LIMIT:
        text_stream: io.TextIOBase = io.StringIO(decode(head, name), newline="")
    else:
        text_stream = io.TextIOWrapper(io.BufferedReader(_Prefixed(head, stream)), encoding="utf-8-sig", newline="")
    try:
        first = text_stream.readline()
        separator = sniff_separator(first, "organisasjonsnummer")
        reader = csv.DictReader(_chain(first, text_stream), delimiter=separator)
        if not reader.fieldnames or len(reader.fieldnames) < 2:
            raise RegisterError("not_records", source=name)
        for row in reader:
            yield Record({k: v for k, v in row.items() if k is not None})
    except UnicodeDecodeError as exc:
        raise RegisterError("encoding", source=name, detail=exc.reason) from None
    except csv.Error as exc:
        raise RegisterError("not_records", source=name) from exc


class _Prefixed(io.RawIOBase):
    """The bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _chain(first: str, rest: io.TextIOBase) -> Iterator[str]:
    yield first
    yield from rest
