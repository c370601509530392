"""The datasets describe themselves: this deployment's VoID and DCAT (DCAT-AP-NO) description
(``sparql/catalogue.py``) for ``/.well-known/void`` and the resource pages (``resources.py``), and for
the Service Description (``sparql.py``)."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import Request

from ..namespaces import PREFIXES
from ..sparql import catalogue
from ..sparql.results import GRAPH_FORMATS
from .deps import service_of

VOID_PATH = "/.well-known/void"


def site_of(request: Request) -> catalogue.Site:
    """This deployment's URLs, as the client reached it."""
    base = str(request.base_url).rstrip("/")
    return catalogue.Site(document=base + VOID_PATH, endpoint=str(request.url_for("sparql_get")),
                          downloads=base + "/graphs/{name}?format={format}")


def catalogue_of(request: Request) -> list[ox.Triple]:
    return catalogue.describe(service_of(request), site_of(request))


def serialise(triples: list[ox.Triple], media: str) -> bytes:
    """Turtle and RDF/XML with the catalogue's prefixes too (dcat:, void: …)."""
    fmt = GRAPH_FORMATS[media]
    prefixes = {**PREFIXES, **catalogue.PREFIXES} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""
