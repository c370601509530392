"""The lexer's canonical text means to the engine what the text sent meant, and no text that the guard
passes reaches out when it runs: checked on the bare engine (pyoxigraph with the host's network)."""

from __future__ import annotations

import random
import time

import pyoxigraph as ox
import pytest

from laget_graph.sparql import lexer
from laget_graph.sparql.errors import SparqlError
from laget_graph.sparql.guard import check_query, check_update, local_graph_checker
from tests.sparql.conftest import Listener

IS_LOCAL = local_graph_checker([])

#: Legitimate texts with every lexical oddity the lexer rewrites; the engine must answer each alike.
ODD_BUT_FINE = [
    'SELECT ?v WHERE { BIND("caf\\u00e9 \\U0001F600 \\"q\\" \\\\ \\t" AS ?v) }',
    "SELECT ?v WHERE { BIND('it\\'s \"quoted\"' AS ?v) }",
    "SELECT ?v WHERE { BIND('''two\nlines with ' and '' inside''' AS ?v) }",
    'SELECT ?v WHERE { BIND("""ends with a quote\\"""" AS ?v) }',
    'SELECT ?v WHERE { BIND("""a\r\nb""" AS ?v) }',
    'SELECT ?v WHERE { BIND("""a quote\\"\nthen a line""" AS ?v) }',
    "SELECT ?v WHERE { BIND('''\nit\\'s \"\n\"''' AS ?v) }",
    "SELECT ?v WHERE { BIND('\\u0022' AS ?v) }",
    'SELECT ?v WHERE { BIND("x"@nb-NO AS ?v) }',
    'SELECT ?v WHERE { BIND("1"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?v) }',
    "SELECT ?v WHERE { BIND(<http://x/\\u00e9#frag> AS ?v) }",
    "PREFIX ex: <http://x/> SELECT ?v WHERE { BIND(ex:a\\#b\\.c AS ?v) }",
    "SELECT ?v WHERE { # a comment \"with a quote\r BIND(1 AS ?v) # and <an iri\n }",
    "SELECT ?v WHERE { BIND(1 AS ?v) FILTER(?v<2) }  # 1 < 2 #\r\n",
    "SELECT ?service ?from WHERE { VALUES (?service ?from) { (1 2) } }",
]


def _answer(text: str) -> list[tuple[str, ...]]:
    result = ox.Store().query(text)
    return sorted(tuple(str(solution[v]) for v in result.variables) for solution in result)


@pytest.mark.parametrize("text", ODD_BUT_FINE)
def test_the_canonical_text_means_the_same_to_the_engine(text: str) -> None:
    canonical = check_query(text, IS_LOCAL).text
    assert _answer(canonical) == _answer(text)
    assert "\\u" not in canonical.lower()  # no escape left for rdflib to expand differently
    assert lexer.read(canonical).text == canonical  # read again (sparql/capping.py does): unchanged
    assert len(lexer.code(canonical)) == len(canonical)
    assert "#" not in canonical.replace("#frag", "").replace("#integer", "").replace("\\#", "")  # comments gone


@pytest.mark.parametrize(("text", "seen"), [
    ("?service $service ex:service _:service ex:aSERVICE <urn:SERVICE> 'SERVICE' # SERVICE", ()),
    ("SERVICE", ("SERVICE",)), ("?o.SERVICE", ("SERVICE",)), ("ex:a.SERVICE", ("SERVICE",)),
    ("SERVICEex:x", ("SERVICE",)), ("service:x", ("SERVICE",)), ('"x"service', ("SERVICE",)),
    ("1SERVICE", ("SERVICE",)), ("\u017fervice", ("SERVICE",)), ("ex:a;LOAD<x>", ("LOAD",)),
    ("FROM <x> ?from ex:from", ("FROM",)), ("USINGex:g", ("USING",)),
])
def test_keywords_are_seen_wherever_the_engine_could_read_them(text: str, seen: tuple[str, ...]) -> None:
    assert tuple(lexer.read(text).words) == seen


def test_limits_are_counted_outside_strings_iris_and_comments() -> None:
    lexer.read('"' + "(" * 1000 + '" <urn:' + "(" * 500 + "> # " + "{" * 1000 + "\n")
    lexer.read("VALUES ?x { " + "<urn:x> " * 5000 + "}")  # long lists of terms are fine
    with pytest.raises(SparqlError) as err:
        lexer.read("\n\n  " + "{" * (lexer.MAX_DEPTH + 1))
    assert err.value.key == "too_deep" and err.value.values["line"] == 3
    with pytest.raises(SparqlError) as err:
        lexer.read("!" * (lexer.MAX_OPERATORS + 1))
    assert err.value.key == "too_many_operators"


#: Pieces of text that make parsers disagree: quotes, escapes, comment and line ends, keywords.
_CONTENT = ['"', "'", "\\u0022", "\\u0027", "\\U00000022", "\\\\", '\\"', "\\'", "\\n", "#", "\r", "\n",
            "\r\n", "<", ">", "{", "}", "SERVICE", " ", "a", "\\u005C", "\\u000A", "\\u0023", "\u2028", ")"]
_NAME = ["a", "\\#", "\\'", "\\.", ".", "-", "%41", ":", "SERVICE", "_"]


def _statement(rng: random.Random, i: int) -> str:
    quote = rng.choice(['"', "'", '"""', "'''"])
    content = "".join(rng.choice(_CONTENT) for _ in range(rng.randint(0, 5)))
    return rng.choice([
        f"BIND({quote}{content}{quote} AS ?v{i}) ", "#" + content + rng.choice(["\n", "\r", "\r\n"]),
        f"FILTER(?o != <http://x/{content}>) ", f"FILTER(?o != {quote}{content}{quote}) ",
        "?s ?p ex:" + "".join(rng.choice(_NAME) for _ in range(rng.randint(1, 4))) + " . ",
        rng.choice(["SERVICE", " . ", "\\u0022", '"', "'", "#", "\r"]),
    ])


def test_seeded_mutants_never_get_past_the_guard(listener: Listener) -> None:
    """300 texts with a SERVICE (or, in updates, a LOAD) amid random lexical oddities: whatever the
    guard passes, its canonical text runs on the bare engine without reaching the listener."""
    rng = random.Random(15)
    url = f"http://127.0.0.1:{listener.port}/"
    data = ox.Store()
    data.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o")))
    live = 0
    for _ in range(300):
        update = rng.random() < 0.3
        body = "".join(_statement(rng, i) for i in range(rng.randint(0, 4)))
        tail = "".join(_statement(rng, i + 10) for i in range(rng.randint(0, 3)))
        if rng.random() < 0.2:  # a comment that only some readers end before the keyword
            body += "#" + rng.choice(_CONTENT) + "\r"
            tail = "#" + rng.choice(_CONTENT) + "\n" + tail
        if update:
            text = f"PREFIX ex: <urn:x:> INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; {body} LOAD <{url}x> {tail}"
        else:
            text = f"PREFIX ex: <urn:x:> SELECT * WHERE {{ ?s ?p ?o {body}SERVICE <{url}> {{ ?s ?p ?o }} {tail}}}"
        live += _reaches(listener, data, text, update)
        try:
            checked = check_update(text, IS_LOCAL) if update else check_query(text, IS_LOCAL).text
        except SparqlError:
            continue
        assert not _reaches(listener, data, checked, update), f"passed the guard and reached out: {text!r}"
    assert live > 30, "too few of the mutants were live attacks to mean anything"


def _reaches(listener: Listener, data: ox.Store, text: str, update: bool) -> bool:
    before = len(listener.accepted)
    try:
        if update:
            ox.Store().update(text)
        else:
            result = data.query(text)
            list(result) if isinstance(result, ox.QuerySolutions) else bool(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    for _ in range(3):
        if len(listener.accepted) > before:
            return True
        time.sleep(0.003)
    return len(listener.accepted) > before
