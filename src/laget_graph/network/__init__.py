"""The collaboration network around the child: build it from RDF, measure it, draw it.

``build`` turns the actors and collaboration relations of any store into a networkx graph,
``measures`` answers coordinators' questions about it, ``rdf`` writes the answers back as RDF,
``view`` prepares the interactive page and the self-contained file, ``picture`` draws a static one.
The names below are loaded on first use, so importing ``network.messages`` costs no networkx.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .scope import Scope

_LAZY = {"Analysis": ".measures", "analyse": ".measures", "build_graph": ".build"}

__all__ = ["Analysis", "Scope", "analyse", "build_graph"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
