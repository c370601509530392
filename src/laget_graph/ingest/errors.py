"""The one error type for input that cannot be used, with its message in nb and en.

Whatever the input (an RDF file, an upload, a spreadsheet, a CSV folder), a problem names the
source and, where known, the line and column (or sheet, row and column): the CLI prints it and
exits 2, the server answers 400 with it. It is a :class:`StoreError`, so code that loads data
catches one type."""

from __future__ import annotations

from ..i18n import Catalog
from ..store import StoreError

T = Catalog({
    "empty": {"nb": "{source}: filen er tom.", "en": "{source}: the file is empty."},
    "no_statements": {"nb": "{source}: filen har ingen RDF-utsagn.",
                      "en": "{source}: the file holds no RDF statements."},
    "too_large": {
        "nb": "{source}: filen er {size:.1f} MB; grensen er {limit:.1f} MB (LAGET_MAX_UPLOAD_BYTES).",
        "en": "{source}: the file is {size:.1f} MB; the limit is {limit:.1f} MB (LAGET_MAX_UPLOAD_BYTES).",
    },
    "doctype": {
        "nb": "{source}: RDF/XML med DOCTYPE eller entiteter avvises (entitetsutvidelse kan lamme tjenesten).",
        "en": "{source}: RDF/XML with a DOCTYPE or entities is refused (entity expansion can stall the service).",
    },
    "parse": {"nb": "{source}: ugyldig RDF: {detail}", "en": "{source}: invalid RDF: {detail}"},
    "parse_at": {"nb": "{source}, linje {line}, kolonne {column}: ugyldig RDF: {detail}",
                 "en": "{source}, line {line}, column {column}: invalid RDF: {detail}"},
    "format": {
        "nb": "{source}: ukjent filtype ({suffix}); bruk Turtle (.ttl), JSON-LD (.jsonld), TriG (.trig), "
              "N-Triples (.nt), N-Quads (.nq), RDF/XML (.rdf) eller et regneark (.xlsx).",
        "en": "{source}: unknown file type ({suffix}); use Turtle (.ttl), JSON-LD (.jsonld), TriG (.trig), "
              "N-Triples (.nt), N-Quads (.nq), RDF/XML (.rdf) or a spreadsheet (.xlsx).",
    },
    "missing": {"nb": "{source}: finnes ikke (no such file).", "en": "{source}: no such file."},
    "reserved": {
        "nb": "{source}: grafen {graph} er reservert for ontologien og referansedataene.",
        "en": "{source}: the graph {graph} is reserved for the ontology and reference data.",
    },
    "encoding": {
        "nb": "{source}: kan ikke lese teksten ({detail}); lagre filen som «CSV UTF-8» i Excel.",
        "en": "{source}: cannot read the text ({detail}); save the file as “CSV UTF-8” in Excel.",
    },
    "csv": {"nb": "{source}: ugyldig CSV: {detail}", "en": "{source}: invalid CSV: {detail}"},
    "nothing": {"nb": "Ingen filer å lese i {source}.", "en": "No files to read in {source}."},
})


class InputError(StoreError):
    """An input that cannot be used; :meth:`message` gives it in nb or en (``str()`` is English)."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        self.source = str(values.get("source", ""))
        super().__init__(T(key, "en", **values))

    def message(self, lang: str) -> str:
        return T(self.key, lang, **self.values)


class ParseError(InputError):
    """A document that is not valid RDF: the file and, when the parser says, line and column."""

    def __init__(self, file: str, detail: str, line: int | None = None, column: int | None = None) -> None:
        self.file, self.line, self.column, self.detail = file, line, column, detail
        if line is None:
            super().__init__("parse", source=file, detail=detail)
        else:
            super().__init__("parse_at", source=file, line=line, column=column or 0, detail=detail)
