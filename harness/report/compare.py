"""Reports across runs: what changed between two (``report diff``), one from many shards
(``report merge``).

A release gate asks "did anything get worse?": ``diff`` lists the rules that
regressed (now failing, or a worse grade), were fixed, or changed status
otherwise. A large target is checked by several CI jobs, each running one
``--shard i/n``; ``merge`` takes, for every rule, the entry of the shard that
judged it, and recomputes the summary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.report.build import summarize
from harness.selection import NOT_SELECTED

#: How bad a rule's outcome is, for telling a regression from a fix.
_SEVERITY = {"passed": 0, "not-applicable": 1, "not-automated": 1, "skipped": 2,
             "waived": 2, "deviation": 3, "warning": 4, "failure": 5}


class ReportError(ValueError):
    """A file that is not a conformance report, or reports that cannot be combined."""


def load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise ReportError(f"{path} is not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or \
            "summary" not in data:
        raise ReportError(f"{path} is not a conformance.json report")
    return data


def _outcome(rule: dict[str, Any]) -> str:
    return str(rule.get("grade") or rule["status"]) if rule["status"] == "failed" \
        else str(rule["status"])


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rules that regressed, were fixed, or changed otherwise (same severity, or not judged
    in one of the two), each with its old and new outcome."""
    before = {r["id"]: r for r in old["rules"]}
    changes: dict[str, list[dict[str, Any]]] = {"regressed": [], "fixed": [], "changed": [],
                                                "added": [], "removed": []}
    for rule in new["rules"]:
        previous = before.pop(rule["id"], None)
        if previous is None:
            changes["added"].append({"id": rule["id"], "new": _outcome(rule)})
            continue
        was, now = _outcome(previous), _outcome(rule)
        if was == now:
            continue
        entry = {"id": rule["id"], "old": was, "new": now, "text": rule.get("text", "")}
        delta = _SEVERITY.get(now, 2) - _SEVERITY.get(was, 2)
        judged = {was, now} <= {"passed", "failure", "warning", "deviation", "waived"}
        if delta > 0 and (judged or now in ("failure", "warning", "deviation")):
            changes["regressed"].append(entry)
        elif delta < 0 and judged:
            changes["fixed"].append(entry)
        else:
            changes["changed"].append(entry)
    changes["removed"] = [{"id": rule_id, "old": _outcome(r)} for rule_id, r in before.items()]
    return changes


def merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report from the reports of a sharded run: each rule from the shard that judged
    it (the one where it was not 'not selected'); the summary recomputed."""
    if not reports:
        raise ReportError("nothing to merge")
    first = reports[0]
    ids = [r["id"] for r in first["rules"]]
    for other in reports[1:]:
        if [r["id"] for r in other["rules"]] != ids:
            raise ReportError("the reports cover different rules (other profiles or "
                              "catalogues): merge only the shards of one run")
    merged_rules = []
    for index, rule_id in enumerate(ids):
        candidates = [r["rules"][index] for r in reports]
        judged = [c for c in candidates if c.get("reason") != NOT_SELECTED]
        if len(judged) > 1:
            raise ReportError(f"{rule_id} was judged by more than one report: merge the "
                              "shards of one run (--shard i/n), not whole runs")
        merged_rules.append(judged[0] if judged else candidates[0])
    scenarios: dict[str, int] = {}
    for report in reports:
        for key, value in report["summary"].get("scenarios", {}).items():
            scenarios[key] = scenarios.get(key, 0) + int(value)
    problems = [p for r in reports for p in r["summary"].get("waiverProblems", [])]
    strict = any(r["summary"].get("strict") for r in reports)
    merged = dict(first)
    merged["rules"] = merged_rules
    merged["summary"] = summarize(merged_rules, scenarios, problems, strict)
    merged["summary"]["discrepancies"] = max(r["summary"].get("discrepancies", 0)
                                             for r in reports)
    merged["merged"] = len(reports)
    return merged
