"""The package's import graph: no circles, data flows one way, and the core never imports delivery.

Every ``import`` counts, also one inside a function: a lazy import still ties two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "laget_graph"
DELIVERY_LIBRARIES = {"typer", "rich", "fastapi", "starlette", "jinja2", "uvicorn"}

#: Layers, lowest first: a module may import its own layer and the ones below, never one above.
#: The query data types (request, results, errors) sit with the basics because every store speaks them.
LAYERS: list[tuple[str, ...]] = [
    ("config", "i18n", "namespaces", "identifiers", "resources", "sparql.request", "sparql.results", "sparql.errors"),
    ("store", "store_external", "running", "versions"),
    ("ingest",),
    ("sparql", "validation", "network", "synth", "reasoning", "docs", "registers", "versions.diff"),
    ("web",),
    ("cli",),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """The package's own modules and the outside top-level packages that ``path`` imports."""
    own, outside = set(), set()
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = [*base, *(node.module.split(".") if node.module else [])]
            if node.module is None:  # from . import a, b: each name is a module
                own.update(".".join([*target, alias.name]) for alias in node.names)
            else:
                own.add(".".join(target))
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("laget_graph"):
                own.add(node.module.removeprefix("laget_graph").lstrip("."))
            else:
                outside.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("laget_graph"):
                    own.add(alias.name.removeprefix("laget_graph").lstrip("."))
                else:
                    outside.add(alias.name.split(".")[0])
    return own, outside


def package_graph() -> tuple[nx.DiGraph, dict[str, set[str]]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph, outside = nx.DiGraph(), {}
    for name, path in modules.items():
        graph.add_node(name)
        own, outside[name] = imports_of(path)
        for target in own:
            # "from .x import y" may name a module x.y or a name y in x: keep what exists
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target != name and target:
                graph.add_edge(name, target)
    return graph, outside


def layer_of(module: str) -> int:
    best = (-1, 0)
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), rank)
    if best[0] < 0:
        if module == "":  # the package itself: version only
            return 0
        pytest.fail(f"laget_graph.{module} is in no layer; add it to LAYERS")
    return best[1]


def test_no_circles() -> None:
    graph, _ = package_graph()
    # a package's __init__ importing its own modules is not a circle of the design
    cycles = [c for c in nx.simple_cycles(graph) if len(c) > 1]
    assert cycles == []


def test_imports_only_flow_down() -> None:
    graph, _ = package_graph()
    upward = sorted(f"{a} ({layer_of(a)}) -> {b} ({layer_of(b)})" for a, b in graph.edges
                    if layer_of(b) > layer_of(a))
    assert upward == []


def test_core_never_imports_delivery_libraries() -> None:
    _, outside = package_graph()
    core = {m: libs & DELIVERY_LIBRARIES for m, libs in outside.items() if layer_of(m) < layer_of("web")}
    assert {m: libs for m, libs in core.items() if libs} == {}


def test_the_walker_counts_a_lazy_import_inside_a_function(tmp_path: Path) -> None:
    """The walker itself, on a module of its own: an import inside a function is an edge too."""
    (tmp_path / "a.py").write_text("def f():\n    from .b import x\n")
    own, _ = imports_of_in(tmp_path / "a.py", tmp_path)
    assert own == {"b"}


def imports_of_in(path: Path, root: Path) -> tuple[set[str], set[str]]:
    global PACKAGE
    saved, PACKAGE = PACKAGE, root
    try:
        return imports_of(path)
    finally:
        PACKAGE = saved
