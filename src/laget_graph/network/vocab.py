"""Relations and actor groups of the network, with their look (colour, shape).

Names of classes and relations come from the ontology (rdfs:label in the store); this module only
decides which relations make up the network and how actor classes are grouped for the legend.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import LG, ORG

#: The relation families of the ontology (lg:collaboratesWith and lg:governanceRelation), and the
#: organisational structure (post in, part of) that is neither.
SUPPORT, GOVERNANCE, STRUCTURE = "support", "governance", "structure"
FAMILIES = (SUPPORT, GOVERNANCE, STRUCTURE)


@dataclass(frozen=True)
class Relation:
    key: str
    iri: str
    colour: str
    family: str
    symmetric: bool = False
    route: bool = False  # counts as a working link when looking for a path to PPT / Statped
    generic: bool = False  # the family's super-property: dropped where a specific relation links the pair


#: The relations between actors of docs/design.md, by family, then two structural links.
#: ``route`` relations carry help for the child to PPT and Statped; a report of concern goes to the
#: child welfare service, and the governance lines (ownership, funding, supervision, membership,
#: coordination, needs reporting) do not count as a link to PPT.
RELATIONS: tuple[Relation, ...] = (
    Relation("serves", str(LG.serves), "#1f77b4", SUPPORT, route=True),
    Relation("refersTo", str(LG.refersTo), "#d62728", SUPPORT, route=True),
    Relation("advises", str(LG.advises), "#2ca02c", SUPPORT, route=True),
    Relation("partnersWith", str(LG.partnersWith), "#9467bd", SUPPORT, symmetric=True, route=True),
    Relation("reportsConcernTo", str(LG.reportsConcernTo), "#e377c2", SUPPORT),
    Relation("collaboratesWith", str(LG.collaboratesWith), "#7f7f7f", SUPPORT, symmetric=True, route=True,
             generic=True),
    Relation("owns", str(LG.owns), "#8c564b", GOVERNANCE),
    Relation("funds", str(LG.funds), "#bcbd22", GOVERNANCE),
    Relation("supervises", str(LG.supervises), "#393b79", GOVERNANCE),
    Relation("coordinates", str(LG.coordinates), "#ff7f0e", GOVERNANCE),
    Relation("memberOf", str(LG.memberOf), "#17becf", GOVERNANCE),
    Relation("reportsNeedTo", str(LG.reportsNeedTo), "#aec7e8", GOVERNANCE),
    Relation("governanceRelation", str(LG.governanceRelation), "#525252", GOVERNANCE, generic=True),
    Relation("postIn", str(ORG.postIn), "#c7c7c7", STRUCTURE, route=True),
    Relation("partOf", str(ORG.subOrganizationOf), "#c49c94", STRUCTURE, route=True),
)
RELATION_BY_KEY = {r.key: r for r in RELATIONS}
RELATION_BY_IRI = {r.iri: r for r in RELATIONS}
#: ``lg:ownedBy`` is read as ``lg:owns`` the other way round.
INVERSES = {str(LG.ownedBy): "owns"}
ROUTE_RELATIONS = frozenset(r.key for r in RELATIONS if r.route)

@dataclass(frozen=True)
class Group:
    """A legend entry: actors whose classes include ``classes`` (first matching group wins)."""

    key: str
    classes: tuple[str, ...]
    colour: str
    shape: str  # vis-network shape; picture.py maps it to a matplotlib marker


def _lg(*names: str) -> tuple[str, ...]:
    return tuple(str(LG[n]) for n in names)


GROUPS: tuple[Group, ...] = (
    Group("statped", _lg("Statped"), "#b10026", "star"),
    Group("ppt", _lg("PPT"), "#e6550d", "diamond"),
    Group("childwelfare", _lg("ChildWelfareService"), "#de2d26", "triangleDown"),
    Group("health", _lg("HealthStation", "SchoolHealthService", "CAMHS", "HealthTrust"), "#fd8d3c",
          "triangleDown"),
    Group("support", _lg("SupportService"), "#fdae6b", "diamond"),
    Group("kindergarten", _lg("Kindergarten"), "#31a354", "dot"),
    Group("sfo", _lg("AfterSchoolProgramme"), "#a1d99b", "dot"),
    Group("school", _lg("School"), "#3182bd", "dot"),
    Group("municipality", _lg("Municipality"), "#54278f", "hexagon"),
    Group("owner", _lg("CountyAuthority", "PrivateOwner"), "#9e9ac8", "hexagon"),
    Group("state", _lg("StateAdministrator", "NationalAuthority"), "#252525", "square"),
    Group("forum", _lg("CooperationForum"), "#636363", "square"),
    Group("uh", _lg("HigherEducationInstitution"), "#8c6d31", "triangle"),
    Group("rvts", _lg("RVTS"), "#bd9e39", "triangle"),
    Group("body", _lg("ProgrammeBody"), "#6baed6", "square"),
    Group("post", _lg("Post"), "#969696", "dot"),
    Group("other", _lg("Actor"), "#bdbdbd", "dot"),
    Group("county", (), "#3f007d", "hexagon"),  # only for the national view's aggregates
)
GROUP_BY_KEY = {g.key: g for g in GROUPS}
UNIT_GROUPS = frozenset({"kindergarten", "sfo", "school"})
PPT_GROUP, STATPED_GROUP = "ppt", "statped"


def group_for(classes: set[str]) -> str:
    """The legend group of an actor, given all its classes and their superclasses."""
    for group in GROUPS:
        if classes.intersection(group.classes):
            return group.key
    return "other"
