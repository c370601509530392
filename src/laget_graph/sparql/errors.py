"""Errors of the SPARQL service, each with an HTTP status and a message in nb and en."""

from __future__ import annotations

from ..i18n import Catalog

T = Catalog({
    "syntax": {"nb": "Syntaksfeil i SPARQL (linje {line}, kolonne {column}): {detail}",
               "en": "SPARQL syntax error (line {line}, column {column}): {detail}"},
    "service": {"nb": "SERVICE er ikke tillatt her: en spørring kan ikke nå andre tjenester ({target}).",
                "en": "SERVICE is not allowed here: a query may not reach other services ({target})."},
    "load": {"nb": "LOAD er ikke tillatt: data lastes inn med Graph Store-protokollen eller 'laget load'.",
             "en": "LOAD is not allowed: load data with the Graph Store Protocol or 'laget load'."},
    "remote_graph": {"nb": "{clause} <{iri}> er ikke en graf i dette lageret; bare lokale grafer kan brukes.",
                     "en": "{clause} <{iri}> is not a graph in this store; only local graphs can be used."},
    "not_query": {"nb": "Dette er en oppdatering, ikke en spørring: send den som 'update'.",
                  "en": "This is an update, not a query: send it as 'update'."},
    "timeout": {"nb": "Spørringen ble stoppet etter tidsgrensen på {seconds} s.",
                "en": "The query was stopped at its time limit of {seconds} s."},
    "memory": {"nb": "Spørringen ble stoppet: den brukte mer minne enn grensen på {mb} MB.",
               "en": "The query was stopped: it used more memory than the limit of {mb} MB."},
    "busy": {"nb": "Alle spørrearbeidere var opptatt i {seconds} s; prøv igjen om litt.",
             "en": "All query workers stayed busy for {seconds} s; try again shortly."},
    "line_full": {"nb": "Tjeneren er full: {waiting} spørringer venter allerede på en arbeider; prøv igjen om litt.",
                  "en": "The server is full: {waiting} queries are already waiting for a worker; try again shortly."},
    "failed": {"nb": "Spørringen feilet: {detail}", "en": "The query failed: {detail}"},
    "unknown_param": {"nb": "Spørringen {query} har ingen parameter {name}; den har: {known}.",
                      "en": "Query {query} has no parameter {name}; it has: {known}."},
    "bad_value": {"nb": "Parameteren {name} må være {type}: {value!r} er ikke det.",
                  "en": "Parameter {name} must be {type}: {value!r} is not."},
    "no_named_query": {"nb": "Ingen navngitt spørring heter {name}.", "en": "No named query is called {name}."},
    "backend": {"nb": "Det eksterne SPARQL-lageret svarte med en feil: {detail}",
                "en": "The external SPARQL store answered with an error: {detail}"},
    "store_timeout": {"nb": "Det eksterne SPARQL-lageret stoppet spørringen ved sin egen tidsgrense: {detail}",
                      "en": "The external SPARQL store stopped the query at its own time limit: {detail}"},
    "store_cost": {"nb": "Det eksterne SPARQL-lageret nektet å kjøre spørringen fordi den anslåtte tiden er "
                         "over lagerets grense: {detail}",
                   "en": "The external SPARQL store refused to run the query because its estimated time "
                         "exceeds the store's limit: {detail}"},
    "store_auth": {"nb": "Det eksterne SPARQL-lageret avviste laget-graph (HTTP {code}): sjekk "
                         "LAGET_SPARQL_USER og LAGET_SPARQL_PASSWORD, og at brukeren har skriverett. {detail}",
                   "en": "The external SPARQL store refused laget-graph (HTTP {code}): check LAGET_SPARQL_USER "
                         "and LAGET_SPARQL_PASSWORD, and that the user may write. {detail}"},
    "store_unreadable": {"nb": "Svaret fra det eksterne SPARQL-lageret kunne ikke leses: {detail}",
                         "en": "The external SPARQL store's answer could not be read: {detail}"},
    "store_cut": {"nb": "Det eksterne SPARQL-lageret kuttet svaret ved sin egen radgrense ({limit} rader), men "
                        "her trengs hver rad; hev lagerets grense (i Virtuoso ResultSetMaxRows).",
                  "en": "The external SPARQL store cut the answer at its own row limit ({limit} rows), but every "
                        "row is needed here; raise the store's limit (in Virtuoso ResultSetMaxRows)."},
})


class SparqlError(Exception):
    """A refused or failed query. ``status`` is the HTTP status; the message is chosen per language."""

    def __init__(self, key: str, status: int = 400, headers: dict[str, str] | None = None,
                 **values: object) -> None:
        self.key, self.status, self.values = key, status, values
        self.headers = headers or {}
        super().__init__(T(key, "en", **values))

    def message(self, lang: str) -> str:
        return T(self.key, lang, **self.values)
