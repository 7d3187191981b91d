"""A Markdown summary for pull requests and CI job pages (``$GITHUB_STEP_SUMMARY``)."""

from __future__ import annotations

from typing import Any

from harness.report.html import GRADE_LABEL, GRADE_ORDER, STATUSES, rerun_command


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    verdict = s.get("verdictText") or s["verdict"].upper()
    target = report.get("target", {}).get("name", "")
    lines = [f"## Co-browse conformance: {verdict}", "",
             f"Target `{target}`, profiles {', '.join(report['profiles'])}.", "",
             "| " + " | ".join(STATUSES) + " | rules |",
             "|" + "---|" * (len(STATUSES) + 1),
             "| " + " | ".join(str(s.get(k, 0)) for k in STATUSES) + f" | {s['rules']} |", ""]
    failed = sorted((r for r in report["rules"] if r["status"] == "failed"),
                    key=lambda r: (GRADE_ORDER.get(r.get("grade", "failure"), 0), r["id"]))
    if failed:
        lines += ["| rule | grade | the source says | what was wrong | rerun |",
                  "|---|---|---|---|---|"]
        for r in failed:
            first = (r.get("failures") or [{}])[0]
            message = str(first.get("message", "")).splitlines()
            lines.append(
                f"| {r['id']} | {GRADE_LABEL.get(r.get('grade', 'failure'), 'FAILED')} | "
                f"{_cell(r['text'][:160])} | {_cell(message[0][:200] if message else '')} | "
                f"`{_cell(rerun_command(report, r['id']))}` |")
        lines.append("")
    return "\n".join(lines) + "\n"
