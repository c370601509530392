"""The table of hostile SPARQL inputs and the refusal each must get. Add a row for every finding.

``{url}`` in a text stands for a listener on loopback that must never be reached (the tests fill it
in). ``reaches`` marks an attack that the bare engine (pyoxigraph, unguarded, with network) really
carries out: the tests check that too, so a row cannot quietly stop being an attack.
``key`` is the message the refusal must carry (a key of :mod:`laget_graph.sparql.errors` or of the
web layer's catalogue), in both languages; ``None`` with a 2xx status marks a harmless look-alike
that must keep working.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Escapes written out: ``Q`` is a quote hidden as a \\u escape; ``CR`` a lone carriage return.
Q = "\\u0022"
CR = "\r"
EP = "<{url}sparql>"  # a SERVICE endpoint (the listener)
INSERT_ONE = "INSERT DATA { GRAPH <https://w3id.org/laget/graph/setup/security> { <urn:x:a> <urn:x:b> <urn:x:c> } }"


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    status: int
    key: str | None
    update: bool = False
    token: bool = True  # updates: send the right token (so the guard, not the token check, answers)
    reaches: bool = False  # the bare engine really contacts {url} with this text
    params: dict[str, str] = field(default_factory=dict)
    source: str = ""  # where it was found (issue and item)


def nested(open_: str, close: str, depth: int, inner: str) -> str:
    return open_ * depth + inner + close * depth


HOSTILE: list[Hostile] = [
    # -- refused well before issue 15 (its "Much was already refused well") ---------------------
    Hostile("service plainly", "SELECT * WHERE { SERVICE " + EP + " { ?s ?p ?o } }", 400, "service",
            reaches=True, source="earlier"),
    Hostile("service silent", "SELECT * WHERE { SERVICE SILENT " + EP + " { ?s ?p ?o } }", 400, "service",
            reaches=True, source="earlier"),
    Hostile("service by variable", "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }", 400,
            "service", source="earlier"),
    Hostile("service inside FILTER EXISTS",
            "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE " + EP + " { ?s ?p ?o } } }", 400, "service",
            reaches=True, source="earlier"),
    Hostile("service in a subquery",
            "SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE " + EP + " { ?s ?p ?o } } } } }", 400,
            "service", reaches=True, source="earlier"),
    Hostile("service inside MINUS", "ASK { ?s ?p ?o MINUS { SERVICE " + EP + " { ?s ?p ?o } } }", 400,
            "service", reaches=True, source="earlier"),
    Hostile("FROM a remote IRI", "SELECT * FROM <{url}data.ttl> WHERE { ?s ?p ?o }", 400, "remote_graph",
            source="earlier"),
    Hostile("FROM NAMED a local file", "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
            400, "remote_graph", source="earlier"),
    Hostile("default-graph-uri remote", "SELECT * WHERE { ?s ?p ?o }", 400, "remote_graph",
            params={"default-graph-uri": "{url}data.ttl"}, source="earlier"),
    Hostile("update sent as a query", INSERT_ONE, 400, "not_query",
            source="earlier"),
    Hostile("update without a token", INSERT_ONE, 401, "token_missing", update=True, token=False,
            source="earlier"),
    Hostile("LOAD plainly", "LOAD <{url}data.ttl>", 400, "load", update=True, reaches=True, source="earlier"),
    Hostile("LOAD SILENT into a graph", "LOAD SILENT <{url}x> INTO GRAPH <urn:x:g>", 400, "load", update=True,
            reaches=True, source="earlier"),
    Hostile("LOAD without a token", "LOAD <{url}data.ttl>", 401, "token_missing", update=True, token=False,
            source="earlier"),
    Hostile("INSERT … WHERE { SERVICE }", "INSERT { ?s ?p ?o } WHERE { SERVICE " + EP + " { ?s ?p ?o } }", 400,
            "service", update=True, reaches=True, source="earlier"),
    Hostile("USING a remote IRI", "DELETE { ?s ?p ?o } USING <{url}remote> WHERE { ?s ?p ?o }", 400,
            "remote_graph", update=True, source="earlier"),

    # -- issue 15 item 1: the guard and the engine read the text differently --------------------
    Hostile("comment ended by a lone CR",
            "SELECT * WHERE { # x" + CR + " SERVICE " + EP + " { ?s ?p ?o } \n }", 400, "service",
            reaches=True, source="issue 15.1"),
    Hostile("comment ended by a lone CR, no spaces",
            "SELECT*WHERE{#" + CR + "SERVICE" + EP + "{?s ?p ?o}\n}", 400, "service", reaches=True,
            source="issue 15.1"),
    Hostile("LOAD after a comment ended by CR", INSERT_ONE + " # x" + CR + " ; LOAD <{url}data.ttl> \n",
            400, "load", update=True, reaches=True, source="issue 15.1"),
    Hostile("INSERT with SERVICE after a CR comment",
            "INSERT { ?s ?p ?o } WHERE { # x" + CR + " SERVICE " + EP + " { ?s ?p ?o } \n }", 400, "service",
            update=True, reaches=True, source="issue 15.1"),
    # rdflib expands \u escapes in the whole text before parsing, Oxigraph only inside strings and
    # IRIs: a \u0022 inside a string ends the string for rdflib only.
    Hostile("quote escape hides SERVICE in a string",
            'SELECT * WHERE { BIND(CONCAT("A' + Q + ', ") AS ?x) SERVICE ' + EP + ' { ?s ?p ?o } '
            'BIND(CONCAT(", ' + Q + 'E") AS ?y) }', 400, "service", reaches=True, source="helper, issue 15.1"),
    Hostile("quote escape hides LOAD in a string",
            'INSERT DATA { <urn:x:a> <urn:x:b> "A' + Q + ' , " } ; LOAD <{url}data.ttl> ; '
            'INSERT DATA { <urn:x:a> <urn:x:b> ", ' + Q + 'E" }', 400, "load", update=True, reaches=True,
            source="helper, issue 15.1"),
    # Oxigraph does not need a word boundary after a keyword; rdflib does.
    Hostile("SERVICE glued to a prefixed name",
            "PREFIX ex: <{url}> SELECT * WHERE { SERVICEex:sparql { ?s ?p ?o } }", 400, "service",
            reaches=True, source="helper, issue 15.1"),
    Hostile("SERVICE glued to the empty prefix",
            "PREFIX : <{url}> SELECT * WHERE { SERVICE:sparql { ?s ?p ?o } }", 400, "service", reaches=True,
            source="helper, issue 15.1"),
    Hostile("SERVICESILENT in one word", "SELECT * WHERE { SERVICESILENT" + EP + " { ?s ?p ?o } }", 400,
            "service", reaches=True, source="helper, issue 15.1"),
    Hostile("SERVICE right after a dot", "SELECT * WHERE { ?s ?p ?o .SERVICE " + EP + " { ?s ?p ?o } }", 400,
            "service", reaches=True, source="helper, issue 15.1"),
    Hostile("SERVICE right after a literal", 'SELECT * WHERE { ?s ?p "o"SERVICE ' + EP + ' { ?s ?p ?o } }',
            400, "service", reaches=True, source="helper, issue 15.1"),
    Hostile("service in lower case", "SELECT * WHERE { service " + EP + " { ?s ?p ?o } }", 400, "service",
            reaches=True, source="helper, issue 15.1"),
    Hostile("LOAD glued to a prefixed name", "PREFIX ex: <{url}> LOADex:data.ttl", 400, "load", update=True,
            reaches=True, source="helper, issue 15.1"),
    Hostile("LOAD after ; without spaces", "CLEAR SILENT GRAPH <urn:x:none>;LOAD<{url}data.ttl>", 400, "load",
            update=True, reaches=True, source="helper, issue 15.1"),
    Hostile("SERVICE written as escapes", "SELECT * WHERE { \\u0053ERVICE " + EP + " { ?s ?p ?o } }", 400,
            "escape", source="issue 15.1"),
    Hostile("comment start written as an escape", "SELECT * WHERE { ?s ?p ?o \\u0023 x\n }", 400, "escape",
            source="issue 15.1"),

    # -- issue 15 item 8: 500s, crashes and internals instead of a clear 400 ---------------------
    Hostile("FILTER 50 deep", "SELECT * WHERE { ?s ?p ?o FILTER" + nested("(", ")", 50, "true") + " }", 400,
            "too_deep", source="issue 15.8"),
    Hostile("FILTER 20,000 deep (crashed the engine)",
            "SELECT * WHERE { FILTER" + nested("(", ")", 20_000, "true") + " }", 400, "too_deep",
            source="issue 15.1"),
    Hostile("FILTER 31 deep: within the bracket limit, beyond rdflib's recursion",
            "SELECT * WHERE { ?s ?p ?o FILTER" + nested("(", ")", 31, "true") + " }", 400, "too_complex",
            source="helper, issue 15.8"),
    Hostile("50 nested groups", "SELECT * WHERE " + nested("{", "}", 50, ""), 400, "too_deep",
            source="issue 15.8"),
    Hostile("200 nested groups", "SELECT * WHERE " + nested("{ ", " }", 200, "?s ?p ?o"), 400, "too_deep",
            source="issue 15.8"),
    Hostile("100 nested braces", "SELECT * WHERE { " + nested("{", "}", 100, "") + " }", 400, "too_deep",
            source="issue 15.8"),
    Hostile("nested FILTER EXISTS 40 deep",
            "SELECT * WHERE { " + nested("FILTER EXISTS { ", " }", 40, "?s ?p ?o") + " }", 400, "too_deep",
            source="helper, issue 15.8"),
    Hostile("update 20,000 deep", "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER"
            + nested("(", ")", 20_000, "true") + " }", 400, "too_deep", update=True, source="issue 15.1"),
    Hostile("escape beyond Unicode", 'SELECT * WHERE { ?s ?p "\\U00530000" }', 400, "escape",
            source="issue 15.8"),
    Hostile("escape to a lone surrogate", 'SELECT * WHERE { ?s ?p "\\uD83D\\uDE00" }', 400, "escape",
            source="helper, issue 15.8"),
    Hostile("escape making an escape", 'SELECT * WHERE { ?s ?p "\\\\u0022" }', 400, "escape",
            source="helper, issue 15.1"),
    Hostile("1,000 UNIONs", "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 1000) + " }", 400,
            "too_many_operators", source="issue 15.8"),
    Hostile("10,000 negations (crash the engine)", "SELECT * WHERE { FILTER(" + "!" * 10_000 + "true) }", 400,
            "too_many_operators", source="helper, issue 15.8"),
    Hostile("3,000 BINDs in an update (crash the server)",
            "INSERT { <urn:x:a> <urn:x:b> ?v0 } WHERE { "
            + " ".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + " }", 400, "too_many_operators",
            update=True, source="helper, issue 15.8"),
    Hostile("a query of 200,000 characters",
            "SELECT * WHERE { ?s ?p ?o } VALUES ?o { " + '"x" ' * 50_000 + "}", 400, "too_long",
            source="issue 15.3/15.8"),

    # -- harmless look-alikes that must keep working ---------------------------------------------
    Hostile("comment ended by CRLF", "SELECT * WHERE { # a note\r\n ?s ?p ?o } LIMIT 1", 200, None),
    Hostile("a comment runs on past U+2028 and NEL", "SELECT * WHERE { ?s ?p ?o # x\u2028 y\x85 FILTER(false)\n }",
            200, None),
    Hostile("the word service in a string", 'SELECT * WHERE { ?s ?p ?o FILTER(?o != "SERVICE #1") }', 200, None),
    Hostile("a variable and names called service",
            "PREFIX ex: <urn:x:> SELECT ?service WHERE { ?service ?p ?o OPTIONAL { ?o ex:service ?x } }",
            200, None),
    Hostile("IRIs with fragments and escapes",
            "SELECT * WHERE { ?s ?p ?o FILTER(?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns\\u0023type>) }",
            200, None),
    Hostile("escapes in strings, read as the engine reads them",
            'SELECT * WHERE { ?s ?p ?o FILTER(?o != "caf\\u00e9\\U0001F600\\u00530000 \\"q\\" \'\'\'") }', 200, None),
    Hostile("a long string with quotes and a line break",
            "SELECT * WHERE { ?s ?p ?o FILTER(?o != '''it's \"\n\"''') }", 200, None),
    Hostile("FROM a local graph", "SELECT * FROM <https://w3id.org/laget/graph/setup/security> WHERE { ?s ?p ?o }",
            200, None),
    Hostile("ten levels of nesting", "SELECT * WHERE " + nested("{ ", " }", 10, "?s ?p ?o FILTER((((true))))"),
            200, None),
    Hostile("an update with the token", INSERT_ONE, 204, None, update=True),
]
