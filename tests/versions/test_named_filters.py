"""Every query laget-graph runs itself keeps ``GRAPH ?g`` to the current graphs: a ``GRAPH ?g`` reads
every named graph (so a user may name a version), and an old version, a history or ``lgg:current`` must
never count as a setup's claim. The rule is a FILTER in each query; this test holds every query to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from laget_graph.resources import queries_dir

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "laget_graph"
#: The named queries, and the internal ones of the network and of the linked-data pages and catalogue.
QUERIES = sorted([*queries_dir().glob("*.rq"), *PACKAGE.glob("*/queries/*.rq")])


def current_only(var: str) -> re.Pattern[str]:
    return re.compile(rf'FILTER\(!STRSTARTS\(STR\(\?{var}\), "https://w3id.org/laget/graph/version/"\)[^\n]*\n'
                      rf'\s*&& !STRSTARTS\(STR\(\?{var}\), "https://w3id.org/laget/graph/history/"\) '
                      rf'&& \?{var} != <https://w3id.org/laget/graph/current>\)')


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_graph_variables_are_kept_to_current_graphs(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for var in set(re.findall(r"GRAPH\s+\?(\w+)", text)):
        assert current_only(var).search(text), f"{path.name}: GRAPH ?{var} needs the current-graphs FILTER"


def test_the_rule_is_checked_where_it_matters() -> None:
    assert sum("GRAPH ?" in p.read_text(encoding="utf-8") for p in QUERIES) >= 16
