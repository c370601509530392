"""``python -m laget_graph.cli``: the same as the ``laget`` command."""

from . import app

app()
