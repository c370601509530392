"""Plain-text report for the terminal: grouped by setup, then by unit, most severe first."""

from __future__ import annotations

from itertools import groupby

from ..report import Report
from .common import T, counts, message, node_label, setup_title, shape_info, short, summary

MARKS = {"Violation": "✗", "Warning": "!", "Info": "i"}


def render_text(report: Report, lang: str = "nb", fail_on: str = "violation") -> str:
    lines: list[str] = [T("title", lang), T("legend", lang), ""]
    if report.problems:
        lines.append(T("problems", lang) + ":")
        lines += [f"  ✗ {p.message}" for p in report.problems]
        lines.append("")
    for setup in report.setups:
        c = counts(setup)
        lines.append(f"== {setup_title(setup)}")
        lines.append(f"   {c.violations} {T('Violations', lang)} · {c.warnings} {T('Warnings', lang)} · "
                     f"{c.infos} {T('Infos', lang)}")
        if not setup.findings:
            lines.append("   " + T("no_findings", lang))
        for focus, group in groupby(setup.sorted_findings(), key=lambda f: f.focus):
            lines.append(f"  {node_label(setup, focus, lang)}  <{focus}>")
            for f in group:
                info = shape_info(f.shape)
                name = f.severity_name
                lines.append(f"    {MARKS[name]} {T(name, lang).upper()}: {message(setup, f, lang)}")
                sources = ", ".join(info.sources)
                lines.append(f"      [{T('rule', lang)} {short(f.shape)}; {T('source', lang)}: {sources}]")
        for fb in setup.fallbacks:
            lines.append("   " + T("fallback", lang, shape=short(fb.shape), reason=fb.reason))
        lines.append("")
    lines.append(summary(report, lang))
    return "\n".join(lines) + "\n"

