"""laget-graph: the team around the child (laget rundt barnet) as a knowledge graph."""

__version__ = "0.1.0"
