"""The collaboration network around the child: build it from RDF, measure it, draw it.

``build`` turns the actors and collaboration relations of any store into a networkx graph,
``measures`` answers coordinators' questions about it, ``rdf`` writes the answers back as RDF,
``view`` prepares the interactive page and the self-contained file, ``picture`` draws a static one.
"""

from .build import Scope, build_graph
from .measures import Analysis, analyse

__all__ = ["Analysis", "Scope", "analyse", "build_graph"]
