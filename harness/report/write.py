"""Render the report data to files: JSON for machines, a self-contained HTML page for people.

JUnit XML is written by pytest itself (``--junitxml``); each test case there
carries its rule IDs as properties.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness.report.build import evidence_name
from harness.report.collect import ScenarioResult

JSON_NAME = "conformance.json"
HTML_NAME = "conformance.html"
JUNIT_NAME = "junit.xml"


def write_reports(report: dict[str, Any], directory: Path,
                  scenarios: Iterable[ScenarioResult] = ()) -> list[Path]:
    """Write the JSON and HTML reports, and each failed scenario's whole run log as evidence
    (``evidence/<scenario>.json``, named by the failures that point to it)."""
    directory.mkdir(parents=True, exist_ok=True)
    evidence = directory / "evidence"
    if evidence.is_dir():
        for old in evidence.glob("*.json"):
            old.unlink()
    for scenario in scenarios:
        if scenario.log:
            path = directory / evidence_name(scenario.nodeid)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"scenario": scenario.nodeid, "log": scenario.log},
                                       indent=1, default=str) + "\n", encoding="utf-8")
    json_path = directory / JSON_NAME
    json_path.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    html_path = directory / HTML_NAME
    html_path.write_text(render_html(report), encoding="utf-8")
    return [json_path, html_path]


_COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "skipped": "#9a6700",
            "not-applicable": "#57606a", "not-automated": "#8250df"}


def render_html(report: dict[str, Any]) -> str:
    e = html.escape
    s = report["summary"]
    rows = []
    for rule in report["rules"]:
        colour = _COLOURS.get(rule["status"], "#000")
        details = ""
        for failure in rule.get("failures", []):
            observed = json.dumps(failure.get("observed"), indent=1, default=str)
            by = (f" (rule oracle {failure.get('oracle', '')})"
                  if failure.get("by") == "oracle" else "")
            evidence = "".join(
                f"<div class=reason>{label}</div><pre>"
                f"{e(json.dumps(failure[key], indent=1, default=str))}</pre>"
                for key, label in (("exchange", "the exchange that broke the rule"),
                                   ("before", "the reading it was compared with"))
                if failure.get(key))
            details += (f"<details><summary>{e(failure['scenario'])}{e(by)}</summary>"
                        f"<pre>{e(failure['message'])}</pre><pre>{e(observed)}</pre>"
                        f"{evidence}</details>")
        for text in rule.get("discrepancies", []):
            details += f"<div class=reason>documented discrepancy: {e(text)}</div>"
        if rule.get("reason"):
            details += f"<div class=reason>{e(rule['reason'])}</div>"
        rows.append(
            f"<tr><td><code>{e(rule['id'])}</code></td><td>{e(rule['profile'])}</td>"
            f"<td style='color:{colour};font-weight:bold'>{e(rule['status'])}</td>"
            f"<td>{e(rule['text'])}<div class=src>{e(rule['source'])} · {e(rule['section'])}"
            f"</div>{details}</td></tr>"
        )
    counts = " · ".join(f"{k}: {s[k]}" for k in
                        ("passed", "failed", "skipped", "not-applicable", "not-automated"))
    target = report.get("target", {}).get("name", "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Co-browse conformance report</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:6px;vertical-align:top;text-align:left}}
.src,.reason{{color:#57606a;font-size:85%}}pre{{white-space:pre-wrap;font-size:85%}}</style>
</head><body><h1>Co-browse conformance: {e(s.get('verdictText') or s['verdict'].upper())}</h1>
<p>Target: <code>{e(str(target))}</code> · profiles: {e(', '.join(report['profiles']))}
 · generated {e(report['generated'])}</p><p>{e(counts)} (of {s['rules']} rules)</p>
<table><tr><th>rule</th><th>profile</th><th>status</th><th>text</th></tr>
{''.join(rows)}</table></body></html>
"""
