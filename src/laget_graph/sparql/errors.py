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
    "too_long": {"nb": "Spørringen er {length} tegn lang; grensen er {limit} tegn.",
                 "en": "The query is {length} characters long; the limit is {limit}."},
    "too_deep": {"nb": "Spørringen nester parenteser og klammer mer enn {limit} nivåer dypt "
                       "(linje {line}, kolonne {column}); skriv den flatere.",
                 "en": "The query nests brackets and braces more than {limit} levels deep "
                       "(line {line}, column {column}); write it flatter."},
    "too_many_operators": {"nb": "Spørringen har {count} operatorer og nøkkelord; grensen er {limit}. "
                                 "Del den opp, eller bruk VALUES for lange lister.",
                           "en": "The query has {count} operators and keywords; the limit is {limit}. "
                                 "Split it up, or use VALUES for long lists."},
    "too_complex": {"nb": "Spørringen er for sammensatt til å kontrolleres trygt; del den opp eller forenkle den.",
                    "en": "The query is too complex to be checked safely; split it up or simplify it."},
    "escape": {"nb": "Escape-sekvensen {escape} (linje {line}, kolonne {column}) kan ikke brukes: \\u- og "
                     "\\U-escapes er bare tillatt i strenger og IRI-er, må gi et gyldig Unicode-tegn og kan "
                     "ikke lage en ny escape. Skriv tegnet selv.",
               "en": "The escape {escape} (line {line}, column {column}) cannot be used: \\u and \\U escapes "
                     "are only allowed inside strings and IRIs, must give a valid Unicode character and may "
                     "not make another escape. Write the character itself."},
    "unterminated_string": {"nb": "Strengen som begynner på linje {line}, kolonne {column}, slutter aldri.",
                            "en": "The string that starts at line {line}, column {column} never ends."},
    "bad_string_escape": {"nb": "Ukjent escape i en streng (linje {line}, kolonne {column}); "
                                "tillatt er \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX og \\UXXXXXXXX.",
                          "en": "Unknown escape in a string (line {line}, column {column}); "
                                "allowed are \\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX and \\UXXXXXXXX."},
    "string_line_break": {"nb": "Linjeskift i en streng med enkle anførselstegn (linje {line}, kolonne {column}); "
                                "skriv \\n eller bruk tre anførselstegn.",
                          "en": "Line break inside a single-quoted string (line {line}, column {column}); "
                                "write \\n or use triple quotes."},
    "bad_iri_char": {"nb": "En IRI på linje {line}, kolonne {column}, inneholder tegnet {char}, som ikke er "
                           "tillatt i en IRI.",
                     "en": "An IRI at line {line}, column {column} holds the character {char}, which no IRI "
                           "may hold."},
    "ambiguous": {"nb": "Spørringen kan leses på mer enn én måte: {word} står {seen} ganger i teksten, men "
                        "SPARQL-tolkeren fant det {parsed} ganger. Tjeneren avviser den heller enn å gjette.",
                  "en": "The query can be read in more than one way: {word} appears {seen} times in the text, "
                        "but the SPARQL parser found it {parsed} times. The server refuses it rather than guess."},
    "not_query": {"nb": "Dette er en oppdatering, ikke en spørring: send den som 'update'.",
                  "en": "This is an update, not a query: send it as 'update'."},
    "timeout": {"nb": "Spørringen ble stoppet etter tidsgrensen på {seconds} s.",
                "en": "The query was stopped at its time limit of {seconds} s."},
    "memory": {"nb": "Spørringen ble stoppet: den brukte mer minne enn grensen på {mb} MB.",
               "en": "The query was stopped: it used more memory than the limit of {mb} MB."},
    "crashed": {"nb": "Spørrearbeideren krasjet under denne spørringen ({how}); det var ikke minnegrensen. "
                      "Tjeneren kjører videre med en ny arbeider.",
                "en": "The query worker crashed while running this query ({how}); it was not the memory "
                      "limit. The server carries on with a new worker."},
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
