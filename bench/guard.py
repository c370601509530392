"""What reading a text as the engine does (sparql/lexer.py) adds to the guard, side by side with the
guard's rdflib parse alone (the baseline: what the guard did before), and the worst a text within
the limits can cost the guard.

Run: ``PYTHONPATH=src .venv/bin/python bench/guard.py`` (prints medians and ratios; no network)."""

from __future__ import annotations

import statistics
import time

from common import repeat
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from laget_graph.sparql import lexer, named
from laget_graph.sparql.guard import _read_query, check_query, local_graph_checker


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    is_local = local_graph_checker([])
    base, full, lex = [], [], []
    for q in named.registry().values():
        text = q.bind({})
        base.append(ms(repeat(lambda t=text: translateQuery(parseQuery(t)), 10)))
        full.append(ms(repeat(lambda t=text: (_read_query.cache_clear(), check_query(t, is_local)), 10)))
        lex.append(ms(repeat(lambda t=text: lexer.read(t), 50)))
    b, f = statistics.median(base), statistics.median(full)
    print(f"named queries ({len(base)}), median per query: rdflib parse alone {b:.2f} ms, "
          f"guard with lexer {f:.2f} ms (ratio {f / b:.2f}), lexer alone {statistics.median(lex):.3f} ms")
    big = "SELECT * WHERE { ?s ?p ?o } VALUES ?o { " + '"x\\u00e9" <urn:x> # c\n' * 4000 + "}"
    big = big[:lexer.MAX_CHARS - 2] + " }" if len(big) > lexer.MAX_CHARS else big
    print(f"lexer on {len(big):,} characters: {ms(repeat(lambda: lexer.read(big), 5)):.1f} ms")
    for name, text in [
        ("660 && (about 2,000 operators)", "SELECT * WHERE { FILTER(" + " && ".join(["true"] * 660) + ") }"),
        ("VALUES of 4,000 IRIs", "SELECT * WHERE { ?s ?p ?o } VALUES ?o { " + "<urn:x:abcdefgh> " * 4000 + "}"),
    ]:
        _read_query.cache_clear()
        started = time.perf_counter()
        check_query(text, is_local)
        print(f"worst case within the limits, {name}: {(time.perf_counter() - started) * 1000:.0f} ms "
              f"in the guard (under its parser lock)")


if __name__ == "__main__":
    main()
