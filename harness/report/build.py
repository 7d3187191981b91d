"""The conformance report as plain data: one entry per catalogue rule.

Statuses: ``passed`` (every scenario that checks it passed), ``failed`` (a
scenario failed on it), ``skipped`` (it could not be judged: the target lacks a
capability, or a scenario stopped at another rule's failure before reaching
it), ``not-applicable`` (the target does not declare its profile) and
``not-automated`` (the catalogue marks it manual or not testable, or no
scenario checks it yet). A rule is never ``passed`` without a scenario.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from harness import __version__
from harness.catalogue import Catalogue, Rule
from harness.plugin_constants import DESELECTED, NOT_APPLICABLE
from harness.report.collect import Results, ScenarioResult
from harness.selection import NOT_SELECTED, Selection
from harness.silent import silent_for
from harness.waivers import Waiver

STATUSES = ("passed", "failed", "error", "skipped", "not-applicable", "not-automated")


def _scenario_entry(s: ScenarioResult, status: str, reason: str = "") -> dict[str, Any]:
    entry: dict[str, Any] = {"scenario": s.nodeid, "outcome": status}
    if reason:
        entry["reason"] = reason
    if s.duration:
        entry["duration"] = round(s.duration, 4)
    return entry


def _violated(s: ScenarioResult) -> set[str]:
    """The rules a scenario's failure is charged to (empty: all of its rules)."""
    text = (s.violation or {}).get("rule") or ""
    return {r for r in str(text).split(",") if r}


#: At most this many failures are listed per rule (the first ones); the rest are counted.
MAX_FAILURES = 20


def evidence_name(nodeid: str) -> str:
    """The file, under the report directory, holding a failed scenario's whole run log."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::")[-1])[:80]
    digest = hashlib.sha1(nodeid.encode()).hexdigest()[:8]
    return f"evidence/{slug}-{digest}.json"


_DISCREPANCY_IDS = re.compile(r"^((?:[A-Z]{2}-\d{3}-\d{2}/?)+):")


_RECORDED = re.compile(r"contradict|disagree|deviation from|discrepanc", re.IGNORECASE)


def catalogue_discrepancy(rule: Rule) -> str:
    """A discrepancy the catalogue records in a rule's note (a source contradicting itself
    or another), reported beside the rule whether or not a scenario noticed it."""
    if rule.note and _RECORDED.search(rule.note):
        return f"{rule.id} (catalogue): {rule.note}"
    return ""


def concerns(text: str, rule_id: str, scenario_rules: Iterable[str]) -> bool:
    """Whether a discrepancy noted by a scenario concerns this rule: the rules it names
    before its colon (``GE-000-23/GE-002-08: ...``), else the scenario's own rules."""
    match = _DISCREPANCY_IDS.match(text)
    if match:
        return rule_id in match.group(1).split("/")
    return rule_id in scenario_rules


def _judge(rule: Rule, scenarios: list[ScenarioResult], deselected: bool,
           oracles: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": rule.id,
        "profile": rule.profile,
        "source": rule.source,
        "section": rule.section,
        "level": rule.level,
        "testability": rule.testability,
        "text": rule.quote,
    }
    if rule.note:
        entry["note"] = rule.note
    if oracles:
        entry["oracles"] = oracles
    if not rule.automated:
        entry.update(status="not-automated", reason=rule.reason, scenarios=[])
        return entry
    if not scenarios:
        if deselected:
            entry.update(status="skipped", reason=f"{DESELECTED} (-k, -m or --cobrowse-tag)",
                         scenarios=[])
        else:
            entry.update(status="not-automated", reason="no scenario checks this rule",
                         scenarios=[])
        return entry
    verdicts: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for s in scenarios:
        hits = [f for f in s.oracle_findings if rule.id in f.get("rules", ())]
        for f in hits:
            failures.append({
                "scenario": s.nodeid,
                "by": "oracle",
                "oracle": f.get("oracle", ""),
                "message": f.get("message", ""),
                "observed": f.get("observed"),
                "exchange": f.get("exchange"),
                "before": f.get("before"),
                "exchanges": s.evidence or [],
                **({"log": evidence_name(s.nodeid)} if s.log else {}),
            })
        if rule.id not in s.rules:
            if hits:  # judged here by an oracle only, on another rule's scenario
                verdicts.append(_scenario_entry(s, "failed", "found by a rule oracle"))
            continue
        if s.step_outcome == "failed":
            violated = _violated(s)
            if violated and rule.id not in violated:
                verdicts.append(_scenario_entry(
                    s, "failed" if hits else "skipped",
                    f"not proven: the scenario stopped at rule {', '.join(sorted(violated))}"))
                continue
            verdicts.append(_scenario_entry(s, "failed"))
            failures.append({
                "scenario": s.nodeid,
                "by": "step",
                "message": (s.violation or {}).get("message") or s.failure.strip()[-1500:],
                "observed": (s.violation or {}).get("observed"),
                "exchanges": s.evidence or [],
                **({"log": evidence_name(s.nodeid)} if s.log else {}),
            })
        elif s.step_outcome == "error":
            # The harness could not set the situation up: nothing of this rule was judged.
            verdicts.append(_scenario_entry(s, "failed" if hits else "error", s.error))
        elif s.step_outcome == "skipped":
            verdicts.append(_scenario_entry(s, "skipped", s.skip_reason))
        else:
            verdicts.append(_scenario_entry(s, "failed" if hits else "passed"))
    outcomes = {v["outcome"] for v in verdicts}
    if "failed" in outcomes:
        status = "failed"
    elif "error" in outcomes:
        status = "error"
    elif "passed" in outcomes and outcomes <= {"passed"}:
        status = "passed"
    elif all(v.get("reason", "").startswith(NOT_APPLICABLE) for v in verdicts):
        status = "not-applicable"
    else:
        # Some or all scenarios could not be judged: the rule is not (fully) proven.
        status = "skipped"
    entry.update(status=status, scenarios=verdicts)
    if status in ("skipped", "error"):
        entry["reason"] = "; ".join(sorted({v["reason"] for v in verdicts if v.get("reason")
                                            and v["outcome"] == status}))
    if status == "not-applicable":
        entry["reason"] = verdicts[0]["reason"]
    if failures:
        # How the rule was caught, over every failure (the list below is cut).
        entry["caughtBy"] = sorted({f["by"] for f in failures})
        entry["failures"] = failures[:MAX_FAILURES]
        if len(failures) > MAX_FAILURES:
            entry["failuresOmitted"] = len(failures) - MAX_FAILURES
    discrepancies = sorted({d for s in scenarios for d in s.discrepancies
                            if concerns(d, rule.id, s.rules)})
    if discrepancies:
        entry["discrepancies"] = discrepancies
    return entry


#: What a failed rule's level makes of its failure.
GRADES = {"must": "failure", "should": "warning", "informative": "deviation"}


def _why_unjudged(entry: dict[str, Any]) -> str:
    """A short reason class for a skipped rule, for the verdict line."""
    reason = str(entry.get("reason", ""))
    for key, label in (("target lacks capability", "missing capability or credentials"),
                       ("not proven: the scenario stopped", "stopped at another rule"),
                       ("deselected", "deselected"),
                       ("never", "optional property never sent")):
        if key in reason:
            return label
    return "other"


def verdict_text(summary: dict[str, Any]) -> str:
    """``PASS``, ``PASS (incomplete: 3 rules not judged: ...)``, ``FAIL (...)``."""
    parts = []
    if summary["failures"]:
        parts.append(f"{summary['failures']} failed")
    if summary["warnings"]:
        parts.append(f"{summary['warnings']} warning(s)"
                     + (" (--strict)" if summary["strict"] else ""))
    if summary["deviations"]:
        parts.append(f"{summary['deviations']} deviation(s) from informative rules")
    if summary.get("waived"):
        parts.append(f"{summary['waived']} waived")
    parts += summary.get("waiverProblems", [])
    if summary.get("error"):
        parts.append(f"{summary['error']} rule(s) could not be judged: the harness could not "
                     f"set their scenarios up ({summary['errorReasons'][0]})")
    unjudged = summary["unjudged"]
    if unjudged:
        total = sum(unjudged.values())
        detail = ", ".join(f"{n} {why}" for why, n in unjudged.items())
        parts.append(f"incomplete: {total} rule(s) not judged ({detail})"
                     + (" (--strict)" if summary["strict"] else ""))
    head = summary["verdict"].upper()
    return f"{head} ({'; '.join(parts)})" if parts else head


def _first_line(text: str) -> str:
    """The first reason of a ``; ``-joined list, on one line, short enough for a console."""
    first = text.split("; ")[0].splitlines()[0] if text else "no reason given"
    return first if len(first) <= 300 else first[:300] + "…"


def _not_selected(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "profile": rule.profile, "source": rule.source,
            "section": rule.section, "level": rule.level, "testability": rule.testability,
            "text": rule.quote, "status": "skipped", "reason": NOT_SELECTED, "scenarios": []}


def summarize(rules: list[dict[str, Any]], scenarios: dict[str, int],
              problems: list[str], strict: bool) -> dict[str, Any]:
    """The summary of judged rules: counts, grades, what was not judged, the verdict."""
    counts = Counter(r["status"] for r in rules)
    grades = Counter(r["grade"] for r in rules if "grade" in r)
    summary: dict[str, Any] = {
        "rules": len(rules),
        **{status: counts.get(status, 0) for status in STATUSES},
        "scenarios": scenarios,
        "failures": grades.get("failure", 0),
        "warnings": grades.get("warning", 0),
        "deviations": grades.get("deviation", 0),
        "waived": grades.get("waived", 0),
        "waiverProblems": problems,
    }
    summary["notSelected"] = sum(1 for r in rules if r.get("reason") == NOT_SELECTED)
    unjudged = Counter(_why_unjudged(r) for r in rules
                       if r["status"] == "skipped" and r.get("reason") != NOT_SELECTED)
    summary["unjudged"] = dict(sorted(unjudged.items()))
    failing = (summary["failures"] or problems
               or (strict and (summary["warnings"] or unjudged)))
    # Set-up errors, most frequent first: each is one thing to fix in the target's driver
    # or the configuration, whatever the number of rules it kept from being judged.
    reasons = Counter(_first_line(r.get("reason", "")) for r in rules if r["status"] == "error")
    summary["errorReasons"] = [reason for reason, _ in reasons.most_common()]
    summary["verdict"] = "fail" if failing else "error" if summary["error"] else "pass"
    summary["strict"] = strict
    summary["verdictText"] = verdict_text(summary)
    return summary


def build_report(
    catalogue: Catalogue,
    profiles: Iterable[str],
    results: Results,
    *,
    target_spec: str,
    faults: Iterable[str] = (),
    oracles: dict[str, list[str]] | None = None,
    selection: Selection | None = None,
    strict: bool = False,
    waivers: dict[str, Waiver] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The report. A failed rule's level grades it: a ``must`` is a failure and fails the
    run; a ``should`` is a warning, failing the run only when ``strict``; an
    ``informative`` rule (an example's shape) is a deviation and never fails it; a waived
    rule's failure does not fail it, but an expired waiver or one whose rule passes does. A run
    with rules that could not be judged passes only as incomplete, and fails when
    ``strict``."""
    profiles = list(profiles)
    scenarios = results.scenarios()
    by_rule: dict[str, list[ScenarioResult]] = {}
    for s in scenarios:
        for rule_id in s.rules:
            by_rule.setdefault(rule_id, []).append(s)
        charged = set(_violated(s)) if s.step_outcome == "failed" else set()
        charged |= {r for f in s.oracle_findings for r in f.get("rules", ())}
        for violated in sorted(charged):
            if violated not in s.rules and violated in catalogue:
                by_rule.setdefault(violated, []).append(s)
    declared = set((results.target or {}).get("profiles", profiles))
    rules = []
    for rule in catalogue.for_profiles(profiles):
        if selection is not None and selection.active and not selection.selects(rule):
            rules.append(_not_selected(rule))
            continue
        entry = _judge(rule, by_rule.get(rule.id, []), rule.id in results.deselected,
                       (oracles or {}).get(rule.id, []))
        recorded = catalogue_discrepancy(rule)
        if recorded and recorded not in entry.get("discrepancies", []):
            entry["discrepancies"] = [*entry.get("discrepancies", []), recorded]
        if rule.profile not in declared and entry["status"] in ("not-automated", "skipped"):
            if rule.automated:
                entry["status"] = "not-applicable"
                entry["reason"] = f"{NOT_APPLICABLE} target does not declare profile {rule.profile}"
        rules.append(entry)
    problems: list[str] = []
    today = today or dt.date.today()
    for entry in rules:
        if entry["status"] == "failed":
            entry["grade"] = GRADES[entry["level"]]
        waiver = (waivers or {}).get(entry["id"])
        if waiver is None:
            continue
        entry["waiver"] = waiver.as_dict()
        if waiver.expired(today):
            problems.append(f"the waiver of {entry['id']} ({waiver.ticket}) expired on "
                            f"{waiver.expires.isoformat()}")
        elif entry["status"] == "failed":
            entry["grade"] = "waived"
        elif entry["status"] == "passed":
            problems.append(f"{entry['id']} passes now: remove its waiver ({waiver.ticket})")
    scenario_counts = Counter(s.outcome for s in scenarios)
    summary = summarize(
        rules, {"total": len(scenarios),
                **{k: scenario_counts.get(k, 0) for k in ("passed", "failed", "error", "skipped")}},
        problems, strict)
    summary["discrepancies"] = len({d for r in rules for d in r.get("discrepancies", [])})
    return {
        "tool": {"name": "cobrowse-conformance", "version": __version__},
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "target": results.target or {"name": target_spec},
        "faults": list(faults),
        "profiles": profiles,
        "summary": summary,
        "rules": rules,
        "silentChoices": [c.as_dict() for c in silent_for(profiles)],
    }
