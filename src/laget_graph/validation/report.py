"""The report model shared by both engines and every renderer.

A finding is identified by (focus node, shape, severity); that triple is what the compiled engine
and pyshacl must agree on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib

from .shapes import SEVERITY_NAMES, SEVERITY_ORDER, SH

#: Exit statuses of ``laget validate``.
EXIT_CONFORMS, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


@dataclass(frozen=True, order=True)
class Finding:
    """One result: a focus node that breaks a shape."""

    focus: rdflib.term.Node
    shape: rdflib.term.Node
    severity: rdflib.URIRef
    component: rdflib.URIRef | None = None
    path: rdflib.term.Node | None = None
    value: rdflib.term.Node | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (str(self.focus), str(self.shape), str(self.severity))

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.severity, "Violation")


@dataclass(frozen=True)
class Fallback:
    """A shape that ran on pyshacl because the compiler could not translate it."""

    shape: str
    reason: str


@dataclass
class SetupReport:
    """The findings for one setup (one named graph, from one file or upload)."""

    graph: str
    source: str
    findings: list[Finding] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    fallbacks: list[Fallback] = field(default_factory=list)
    engine: str = "compiled"
    #: blank node (skolem IRI) -> the nearest named node that points to it (see Dataset.anchors)
    anchors: dict[str, str] = field(default_factory=dict)

    def count(self, severity: rdflib.URIRef) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def conforms(self) -> bool:
        return self.count(SH.Violation) == 0

    def label(self, node: rdflib.term.Node | None, lang: str) -> str:
        """A node's label in ``lang`` (or nb, or untagged), else its IRI."""
        if node is None:
            return ""
        if isinstance(node, rdflib.Literal):
            return str(node)
        texts = self.labels.get(str(node), {})
        return texts.get(lang) or texts.get("nb") or texts.get("") or str(node)

    def sorted_findings(self) -> list[Finding]:
        """Grouped by focus node (unit): units with violations first, most severe first within a unit."""
        worst: dict[str, int] = {}
        for f in self.findings:
            worst[str(f.focus)] = min(worst.get(str(f.focus), 9), SEVERITY_ORDER.get(f.severity, 0))
        def key(f: Finding) -> tuple[int, str, int, str, str]:
            return (worst[str(f.focus)], str(f.focus), SEVERITY_ORDER.get(f.severity, 0), str(f.shape),
                    str(f.value or ""))

        return sorted(self.findings, key=key)


@dataclass
class InputProblem:
    """An input that could not be used at all (exit status 2)."""

    source: str
    message: str


@dataclass
class Report:
    """Everything one run found, over all setups."""

    setups: list[SetupReport] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)

    def count(self, severity: rdflib.URIRef) -> int:
        return sum(s.count(severity) for s in self.setups)

    @property
    def conforms(self) -> bool:
        return not self.problems and all(s.conforms for s in self.setups)

    def exit_code(self, fail_on: str = "violation") -> int:
        """0 conforms, 1 violations (or warnings with ``fail_on='warning'``, infos with 'info'), 2 unusable."""
        if self.problems:
            return EXIT_UNUSABLE
        failing = [SH.Violation] + ([SH.Warning] if fail_on in ("warning", "info") else []) + (
            [SH.Info] if fail_on == "info" else [])
        return EXIT_FINDINGS if any(self.count(s) for s in failing) else EXIT_CONFORMS
