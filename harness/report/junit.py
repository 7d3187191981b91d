"""JUnit XML for CI systems: one test case per scenario, named by its rules.

CI dashboards show a test case's name and class, rarely its properties, so the
name carries the rule IDs (``[GE-002-08] Each live session ...``) and the class
the profile; the properties repeat the rules; ``system-out`` holds the Gherkin
steps with their outcomes and, for a failure, the evidence. A failure's ``type``
is its grade: ``failure`` (a must rule), ``warning`` (should) or ``deviation``
(informative), so a gate can tell them apart.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

from harness.report.collect import ScenarioResult

PROFILE_OF_PREFIX = {"GE": "genesys-engage", "GC": "genesys-cloud", "LP": "liveperson"}


def scenario_name(s: ScenarioResult) -> str:
    """The scenario's Gherkin name, or its test function's."""
    if s.steps and s.steps[0].get("keyword") == "Scenario":
        name = s.steps[0]["name"]
        param = s.nodeid.partition("[")[2].rstrip("]")
        return f"{name} [{param}]" if param else name
    return s.nodeid.split("::")[-1]


def _grade(report: dict[str, Any], s: ScenarioResult) -> str:
    """The worst grade among the rules this scenario failed."""
    grades = {r["id"]: r.get("grade", "failure") for r in report["rules"] if "grade" in r}
    charged = {g for f in s.oracle_findings for g in f.get("rules", ())}
    violated = str((s.violation or {}).get("rule") or "")
    charged |= {r for r in violated.split(",") if r} or set(s.rules)
    found = {grades.get(r, "failure") for r in charged if r in grades} or {"failure"}
    for grade in ("failure", "warning", "deviation"):
        if grade in found:
            return grade
    return "failure"


def render_junit(report: dict[str, Any], scenarios: Iterable[ScenarioResult]) -> bytes:
    suites = ET.Element("testsuites", name="cobrowse-conformance")
    by_profile: dict[str, list[ScenarioResult]] = {}
    for s in scenarios:
        profile = PROFILE_OF_PREFIX.get(s.rules[0][:2], "other") if s.rules else "other"
        by_profile.setdefault(profile, []).append(s)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for profile, group in sorted(by_profile.items()):
        suite = ET.SubElement(suites, "testsuite", name=profile)
        counts = {"tests": len(group), "failures": 0, "errors": 0, "skipped": 0}
        time_total = 0.0
        for s in group:
            time_total += s.duration
            case = ET.SubElement(
                suite, "testcase", classname=f"cobrowse.{profile}",
                name=f"[{', '.join(s.rules)}] {scenario_name(s)}",
                time=f"{s.duration:.3f}", file=s.nodeid.split("::")[0])
            props = ET.SubElement(case, "properties")
            for rule in s.rules:
                ET.SubElement(props, "property", name="rule", value=rule)
            ET.SubElement(props, "property", name="scenario", value=s.nodeid)
            out = [f"{st['keyword']} {st['name']}"
                   + (f"  [{st['outcome']}]" if st.get("outcome") else "") for st in s.steps]
            if s.outcome == "failed":
                counts["failures"] += 1
                messages = []
                if s.step_outcome == "failed":
                    messages.append((s.violation or {}).get("message") or s.failure[-1500:])
                messages += [f"[{','.join(f.get('rules', []))}] oracle {f.get('oracle')}: "
                             f"{f.get('message')}" for f in s.oracle_findings]
                failure = ET.SubElement(case, "failure", type=_grade(report, s),
                                        message=str(messages[0] if messages else "failed")[:500])
                failure.text = "\n".join(str(m) for m in messages)
                if s.evidence:
                    out += ["", "evidence (the last exchanges):",
                            json.dumps(s.evidence, indent=1, default=str)]
            elif s.outcome == "error":
                # JUnit's own word for "could not be run as intended": not a failure.
                counts["errors"] += 1
                error = ET.SubElement(case, "error", type="setup", message=s.error[:500])
                error.text = s.failure[-3000:]
            elif s.outcome == "skipped":
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=s.skip_reason[:500])
            if out:
                ET.SubElement(case, "system-out").text = "\n".join(out)
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("skipped", str(counts["skipped"]))
        suite.set("errors", str(counts["errors"]))
        suite.set("time", f"{time_total:.3f}")
        for key in totals:
            totals[key] += counts[key]
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    data: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return data
