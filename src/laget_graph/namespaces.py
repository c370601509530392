"""The project's namespaces, defined once (see docs/design.md).

The IRIs are plain strings, so the store and the command line can use them without importing
rdflib (which costs a fifth of a second at start). The rdflib ``Namespace`` objects (``LG``,
``AREA`` …) are made on first use, by the module's ``__getattr__``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Namespace

LG_IRI = "https://w3id.org/laget/def#"
LGG_IRI = "https://w3id.org/laget/graph/"

ONTOLOGY_IRI = "https://w3id.org/laget/def"

GRAPH_ONTOLOGY = f"{LGG_IRI}ontology"
GRAPH_REFERENCE = f"{LGG_IRI}reference"
SETUP_GRAPH_PREFIX = f"{LGG_IRI}setup/"

#: Prefixes offered to users (query editor, serialisations).
PREFIXES: dict[str, str] = {
    "lg": LG_IRI,
    "area": "https://w3id.org/laget/area/",
    "tier": "https://w3id.org/laget/tier/",
    "tg": "https://w3id.org/laget/target-group/",
    "resp": "https://w3id.org/laget/responsibility/",
    "status": "https://w3id.org/laget/status/",
    "mk": "https://w3id.org/laget/measure-kind/",
    "lgd": "https://w3id.org/laget/id/",
    "lgg": LGG_IRI,
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: The rdflib namespaces this module offers, by the prefix they stand for.
_NAMESPACES = {"LG": "lg", "AREA": "area", "TIER": "tier", "TG": "tg", "RESP": "resp", "STATUS": "status", "MK": "mk",
               "LGD": "lgd", "LGG": "lgg", "ORG": "org", "SCHEMA": "schema"}

if TYPE_CHECKING:
    LG: Namespace
    AREA: Namespace
    TIER: Namespace
    TG: Namespace
    RESP: Namespace
    STATUS: Namespace
    MK: Namespace
    LGD: Namespace
    LGG: Namespace
    ORG: Namespace
    SCHEMA: Namespace


def __getattr__(name: str) -> Any:
    if name in _NAMESPACES:
        from rdflib import Namespace

        value = Namespace(PREFIXES[_NAMESPACES[name]])
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def graph_short_name(iri: str) -> str:
    """Turn a graph IRI into the short name used in URLs and the CLI (``setup/3201``)."""
    return iri[len(LGG_IRI):] if iri.startswith(LGG_IRI) else iri


def graph_iri(name: str) -> str:
    """Accept a short graph name (``setup/3201``) or a full IRI and return the IRI."""
    if "://" in name or name.startswith("urn:"):
        return name
    return LGG_IRI + name.strip("/")
