"""Render the report data to files: JSON for machines, a self-contained HTML page for people
(``harness.report.html``).

JUnit XML is written by pytest itself (``--junitxml``); each test case there
carries its rule IDs as properties.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harness.report.badge import badges
from harness.report.build import evidence_name
from harness.report.collect import ScenarioResult
from harness.report.html import render_html
from harness.report.junit import render_junit
from harness.report.markdown import render_markdown

JSON_NAME = "conformance.json"
HTML_NAME = "conformance.html"
JUNIT_NAME = "junit.xml"
MARKDOWN_NAME = "conformance.md"
CUCUMBER_NAME = "cucumber.json"
#: Every report a run can write; ``json`` is always written (the command reads it).
FORMATS = ("json", "html", "junit", "cucumber", "markdown", "badge")
DEFAULT_FORMATS = ("json", "html", "junit")


def parse_formats(text: str) -> tuple[str, ...]:
    """``html,junit`` -> the formats, JSON always among them; unknown names are refused."""
    wanted = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown report format(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(["json", *wanted]))


def report_files(directory: Path, formats: Iterable[str],
                 profiles: Iterable[str]) -> list[Path]:
    """The files a run with these formats writes (evidence aside)."""
    names = {"json": [JSON_NAME], "html": [HTML_NAME], "junit": [JUNIT_NAME],
             "cucumber": [CUCUMBER_NAME], "markdown": [MARKDOWN_NAME],
             "badge": [f"badge-{p}.svg" for p in profiles]}
    return [directory / n for f in formats for n in names.get(f, [])]


def write_reports(report: dict[str, Any], directory: Path,
                  scenarios: Iterable[ScenarioResult] = (),
                  formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write the selected reports, and each failed scenario's whole run log as evidence
    (``evidence/<scenario>.json``, named by the failures that point to it). Cucumber JSON
    is pytest-bdd's own (``--cucumberjson``), asked for by the command."""
    formats = set(formats)
    scenarios = list(scenarios)
    written: list[Path] = []
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
    written.append(json_path)
    if "html" in formats:
        written.append(directory / HTML_NAME)
        written[-1].write_text(render_html(report), encoding="utf-8")
    if "junit" in formats:
        written.append(directory / JUNIT_NAME)
        written[-1].write_bytes(render_junit(report, scenarios))
    if "markdown" in formats:
        text = render_markdown(report)
        written.append(directory / MARKDOWN_NAME)
        written[-1].write_text(text, encoding="utf-8")
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as out:
                out.write(text)
    if "badge" in formats:
        for profile, svg in badges(report).items():
            written.append(directory / f"badge-{profile}.svg")
            written[-1].write_text(svg, encoding="utf-8")
    return written
