"""The project's namespaces, defined once (see docs/design.md)."""

from rdflib import Namespace

LG = Namespace("https://w3id.org/laget/def#")
AREA = Namespace("https://w3id.org/laget/area/")
TIER = Namespace("https://w3id.org/laget/tier/")
TG = Namespace("https://w3id.org/laget/target-group/")
RESP = Namespace("https://w3id.org/laget/responsibility/")
STATUS = Namespace("https://w3id.org/laget/status/")
LGD = Namespace("https://w3id.org/laget/id/")
LGG = Namespace("https://w3id.org/laget/graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

ONTOLOGY_IRI = "https://w3id.org/laget/def"

GRAPH_ONTOLOGY = str(LGG["ontology"])
GRAPH_REFERENCE = str(LGG["reference"])
SETUP_GRAPH_PREFIX = str(LGG["setup/"])

#: Prefixes offered to users (query editor, serialisations).
PREFIXES: dict[str, str] = {
    "lg": str(LG),
    "area": str(AREA),
    "tier": str(TIER),
    "tg": str(TG),
    "resp": str(RESP),
    "status": str(STATUS),
    "lgd": str(LGD),
    "lgg": str(LGG),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def graph_short_name(iri: str) -> str:
    """Turn a graph IRI into the short name used in URLs and the CLI (``setup/3201``)."""
    base = str(LGG)
    return iri[len(base):] if iri.startswith(base) else iri


def graph_iri(name: str) -> str:
    """Accept a short graph name (``setup/3201``) or a full IRI and return the IRI."""
    if "://" in name or name.startswith("urn:"):
        return name
    return str(LGG[name.strip("/")])
