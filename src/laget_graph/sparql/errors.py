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
    "client_busy": {"nb": "Du har allerede {limit} spørringer i gang; vent til en av dem er ferdig.",
                    "en": "You already have {limit} queries under way; wait until one of them is done."},
    "client_budget": {"nb": "Du har brukt opp {budget} sekunder spørretid per minutt; prøv igjen om {retry} s.",
                      "en": "You have used up your {budget} seconds of query time per minute; try again in {retry} s."},
    "long_full": {"nb": "Spørringen ble stoppet etter {seconds} s: alle plassene for lange spørringer er opptatt. "
                        "Prøv igjen om litt; lange spørringer venter da på tur.",
                  "en": "The query was stopped after {seconds} s: every place for long queries is taken. "
                        "Try again shortly; long queries then wait their turn."},
    "memory_total": {"nb": "Spørringen ble stoppet: spørrearbeiderne brukte til sammen mer enn {mb} MB minne, "
                           "og denne brukte mest.",
                     "en": "The query was stopped: the query workers together used more than {mb} MB of memory, "
                           "and this one used the most."},
    "failed": {"nb": "Spørringen feilet: {detail}", "en": "The query failed: {detail}"},
    "unknown_param": {"nb": "Spørringen {query} har ingen parameter {name}; den har: {known}.",
                      "en": "Query {query} has no parameter {name}; it has: {known}."},
    "bad_value": {"nb": "Parameteren {name} må være {type}: {value!r} er ikke det.",
                  "en": "Parameter {name} must be {type}: {value!r} is not."},
    "no_named_query": {"nb": "Ingen navngitt spørring heter {name}.", "en": "No named query is called {name}."},
    "backend": {"nb": "Det eksterne SPARQL-lageret svarte med en feil: {detail}",
                "en": "The external SPARQL store answered with an error: {detail}"},
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
