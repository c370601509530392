"""rdflib-endpoint serving an rdflib ``Dataset`` (default graph = union) loaded from ``RDFLIB_NQUADS``:
what a user would pick for a quick Python SPARQL endpoint.

    RDFLIB_NQUADS=data.nq uvicorn rdflib_app:app --app-dir bench/baselines --workers 2
"""

from __future__ import annotations

import os

import rdflib
from rdflib_endpoint import SparqlEndpoint

dataset = rdflib.Dataset(default_union=True)
dataset.parse(os.environ["RDFLIB_NQUADS"], format="nquads")
app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=False)
