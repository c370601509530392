"""JUnit XML for CI: one test suite per setup, one test case per rule; failing findings are failures.

Findings below ``--fail-on`` appear in the test case's ``system-out`` so they are visible without
failing the build; unusable inputs are errors.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from ..report import Report
from ..shapes import SH
from .common import message, node_label, shape_catalogue, short, summary

_FAILING = {"violation": {SH.Violation}, "warning": {SH.Violation, SH.Warning},
            "info": {SH.Violation, SH.Warning, SH.Info}}


def render_junit(report: Report, lang: str = "nb", fail_on: str = "violation") -> str:
    failing = _FAILING.get(fail_on, _FAILING["violation"])
    rules = sorted(shape_catalogue())
    root = ET.Element("testsuites", name="laget validate")
    total_tests = total_failures = total_errors = 0
    for problem in report.problems:
        suite = ET.SubElement(root, "testsuite", name=problem.source, tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", classname="input", name=problem.source)
        ET.SubElement(case, "error", message=problem.message).text = problem.message
        total_tests += 1
        total_errors += 1
    for setup in report.setups:
        by_shape = {k: list(v) for k, v in groupby(sorted(setup.findings, key=lambda f: str(f.shape)),
                                                   key=lambda f: str(f.shape))}
        suite = ET.SubElement(root, "testsuite", name=setup.graph, tests=str(len(rules)))
        failures = 0
        for rule in rules:
            info = shape_catalogue()[rule]
            case = ET.SubElement(suite, "testcase", classname=f"lgsh.{info.concern}", name=short(rule))
            findings = by_shape.get(rule, [])
            bad = [f for f in findings if f.severity in failing]
            lines = [f"{node_label(setup, f.focus, lang)} <{f.focus}>: {message(setup, f, lang)}" for f in findings]
            if bad:
                failures += 1
                ET.SubElement(case, "failure", message=info.message(lang), type=info.severity_name).text = \
                    "\n".join(lines)
            elif lines:
                ET.SubElement(case, "system-out").text = "\n".join(lines)
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_tests += len(rules)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    root.set("summary", summary(report, lang))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
