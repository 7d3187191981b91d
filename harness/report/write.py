"""Render the report data to files: JSON for machines, a self-contained HTML page for people
(``harness.report.html``).

JUnit XML is written by pytest itself (``--junitxml``); each test case there
carries its rule IDs as properties.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness.report.build import evidence_name
from harness.report.collect import ScenarioResult
from harness.report.html import render_html

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
