"""The run's summary for a terminal: counts, then each failed rule with its reason."""

from __future__ import annotations

from typing import Any


def summary_lines(report: dict[str, Any]) -> list[str]:
    s = report["summary"]
    lines = [
        f"target: {report.get('target', {}).get('name', '?')}; "
        f"profiles: {', '.join(report['profiles'])}",
        f"rules: {s['rules']} — passed {s['passed']}, failed {s['failed']}, "
        + (f"error {s['error']}, " if s.get("error") else "")
        + f"skipped {s['skipped']}"
        + (f" ({s['notSelected']} not selected)" if s.get("notSelected") else "")
        + f", not applicable {s['not-applicable']}, "
        f"not automated {s['not-automated']}",
    ]
    label = {"failure": "FAILED", "warning": "WARNING", "deviation": "DEVIATION",
             "waived": "WAIVED"}
    for rule in report["rules"]:
        if rule["status"] == "failed":
            first = rule.get("failures", [{}])[0]
            message = str(first.get("message", "")).splitlines()
            grade = label.get(rule.get("grade", "failure"), "FAILED")
            lines.append(f"{grade} {rule['id']} ({rule['level']}): {rule['text'][:100]}")
            if message:
                by = f"oracle {first.get('oracle')}: " if first.get("by") == "oracle" else ""
                lines.append(f"    {by}{message[0][:300]}")
    for reason in s.get("errorReasons", []):
        lines.append(f"ERROR (not judged; fix the set-up): {reason}")
    seen: set[str] = set()
    recorded = 0
    for rule in report["rules"]:
        for text in rule.get("discrepancies", []):
            if text in seen:
                continue
            seen.add(text)
            if "(catalogue):" in text:
                recorded += 1
            else:
                lines.append(f"documented discrepancy (not a failure): {text[:300]}")
    if recorded:
        lines.append(f"{recorded} more discrepancies the catalogue records between or within "
                     "the sources are listed beside their rules in the reports")
    lines.append(f"verdict: {s.get('verdictText') or s['verdict'].upper()}")
    return lines
