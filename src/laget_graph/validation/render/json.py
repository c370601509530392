"""JSON report: the same content as the text report, for programs."""

from __future__ import annotations

import json

from ..report import Report
from .common import counts, message, node_label, shape_info, short, summary


def report_dict(report: Report, lang: str = "nb", fail_on: str = "violation") -> dict[str, object]:
    c = counts(report)
    return {
        "conforms": report.conforms,
        "exitCode": report.exit_code(fail_on),
        "summary": {"setups": len(report.setups), "violations": c.violations, "warnings": c.warnings,
                    "infos": c.infos, "text": summary(report, lang)},
        "problems": [{"source": p.source, "message": p.message} for p in report.problems],
        "setups": [{
            "graph": s.graph,
            "source": s.source,
            "conforms": s.conforms,
            "engine": s.engine,
            "counts": vars(counts(s)),
            "fallbacks": [{"shape": fb.shape, "reason": fb.reason} for fb in s.fallbacks],
            "findings": [{
                "focusNode": str(f.focus),
                "focusLabel": node_label(s, f.focus, lang),
                "focusAnchor": s.anchors.get(str(f.focus)),
                "shape": str(f.shape),
                "shapeName": short(f.shape),
                "rule": shape_info(f.shape).label(lang),
                "concern": shape_info(f.shape).concern,
                "severity": f.severity_name,
                "component": short(f.component),
                "path": None if f.path is None else str(f.path),
                "value": None if f.value is None else str(f.value),
                "valueLabel": None if f.value is None else node_label(s, f.value, lang),
                "message": message(s, f, lang),
                "sources": list(shape_info(f.shape).sources),
            } for f in s.sorted_findings()],
        } for s in report.setups],
    }


def render_json(report: Report, lang: str = "nb", fail_on: str = "violation") -> str:
    return json.dumps(report_dict(report, lang, fail_on), ensure_ascii=False, indent=2) + "\n"
