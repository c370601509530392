"""What every renderer says the same way: texts, severity names and a finding's message."""

from __future__ import annotations

import re
from dataclasses import dataclass

import rdflib

from ...i18n import Catalog
from ...namespaces import PREFIXES, graph_short_name
from ..dataset import SKOLEM_BASE
from ..report import Finding, Report, SetupReport
from ..shapes import LGSH, SH, ShapeInfo, shape_catalogue

T = Catalog({
    "title": {"nb": "Valideringsrapport: laget rundt barnet", "en": "Validation report: the team around the child"},
    "Violation": {"nb": "Brudd", "en": "Violation"},
    "Warning": {"nb": "Advarsel", "en": "Warning"},
    "Info": {"nb": "Merknad", "en": "Info"},
    "Violations": {"nb": "brudd", "en": "violations"},
    "Warnings": {"nb": "advarsler", "en": "warnings"},
    "Infos": {"nb": "merknader", "en": "infos"},
    "setups": {"nb": "oppsett", "en": "setups"},
    "conforms": {"nb": "i samsvar", "en": "conforms"},
    "not_conforms": {"nb": "ikke i samsvar", "en": "does not conform"},
    "unusable": {"nb": "kunne ikke brukes", "en": "unusable"},
    "summary": {
        "nb": "Sammendrag: {setups} oppsett, {violations} brudd, {warnings} advarsler, {infos} merknader – {verdict}",
        "en": "Summary: {setups} setups, {violations} violations, {warnings} warnings, {infos} infos – {verdict}",
    },
    "no_findings": {"nb": "Ingen funn.", "en": "No findings."},
    "source": {"nb": "kilde", "en": "source"},
    "rule": {"nb": "regel", "en": "rule"},
    "unit": {"nb": "Enhet", "en": "Unit"},
    "severity": {"nb": "Alvor", "en": "Severity"},
    "finding": {"nb": "Funn", "en": "Finding"},
    "fallback": {
        "nb": "Regelen {shape} ble kjørt med pyshacl (kompilatoren kan ikke oversette den: {reason}).",
        "en": "The rule {shape} ran on pyshacl (the compiler cannot translate it: {reason}).",
    },
    "problems": {"nb": "Filer som ikke kunne brukes", "en": "Files that could not be used"},
    "legend": {
        "nb": ("Brudd = lovkrav til den som sjekkes, personvern eller data som ikke kan leses; "
               "advarsel = forventning i Kompetanseløftet (Udir); merknad = god praksis."),
        "en": ("Violation = a legal duty of the node checked, a privacy rule or data that cannot be read; "
               "warning = an expectation of Kompetanseløftet (Udir); info = good practice."),
    },
    "anonymous": {"nb": "(anonym node)", "en": "(anonymous node)"},
    "anonymous_in": {"nb": "(anonym node i «{label}» <{iri}>)", "en": "(anonymous node in “{label}” <{iri}>)"},
})

SEVERITY_KEYS = ((SH.Violation, "Violation", "Violations"), (SH.Warning, "Warning", "Warnings"),
                 (SH.Info, "Info", "Infos"))


@dataclass(frozen=True)
class Counts:
    violations: int
    warnings: int
    infos: int


def counts(r: Report | SetupReport) -> Counts:
    return Counts(r.count(SH.Violation), r.count(SH.Warning), r.count(SH.Info))


def summary(report: Report, lang: str) -> str:
    c = counts(report)
    verdict = T("unusable" if report.problems else "conforms" if report.conforms else "not_conforms", lang)
    return T("summary", lang, setups=len(report.setups), violations=c.violations, warnings=c.warnings,
             infos=c.infos, verdict=verdict)


def shape_info(shape: rdflib.term.Node) -> ShapeInfo:
    info = shape_catalogue().get(str(shape))
    if info is None:
        return ShapeInfo(iri=str(shape), severity=SH.Violation, concern="")
    return info


def short(node: rdflib.term.Node | str | None) -> str:
    """A compact name: a prefixed name where a project prefix fits, else the IRI."""
    if node is None:
        return ""
    text = str(node)
    if text.startswith(str(LGSH)):
        return "lgsh:" + text[len(str(LGSH)):]
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns) and re.fullmatch(r"[\w\-./]*", text[len(ns):]):
            return f"{prefix}:{text[len(ns):]}"
    return text


def node_label(setup: SetupReport, node: rdflib.term.Node | None, lang: str) -> str:
    if node is not None and str(node).startswith(SKOLEM_BASE):
        anchor = setup.anchors.get(str(node))
        if anchor is None:
            return T("anonymous", lang)
        return T("anonymous_in", lang, label=setup.label(rdflib.URIRef(anchor), lang), iri=anchor)
    label = setup.label(node, lang)
    return short(label) if label == str(node) else label


def message(setup: SetupReport, finding: Finding, lang: str) -> str:
    """The shape's message in ``lang`` with {?value}, {?path} and {$this} filled in with labels."""
    text = shape_info(finding.shape).message(lang)
    return (text.replace("{?value}", node_label(setup, finding.value, lang))
            .replace("{$value}", node_label(setup, finding.value, lang))
            .replace("{?path}", short(finding.path))
            .replace("{$this}", node_label(setup, finding.focus, lang)))


def setup_title(setup: SetupReport) -> str:
    return f"{graph_short_name(setup.graph)} ({setup.source})"
