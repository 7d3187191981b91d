"""What happened to each scenario, gathered from pytest's reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Outcome:
    nodeid: str
    when: str
    outcome: str  # passed | failed | skipped
    rules: tuple[str, ...]
    skip_reason: str = ""
    failure: str = ""
    violation: dict[str, Any] | None = None
    evidence: list[dict[str, Any]] | None = None
    duration: float = 0.0
    discrepancies: tuple[str, ...] = ()
    #: The scenario's own steps (or fixtures) failed, not only the oracles (None: a failure
    #: without oracle findings is the steps').
    step_failed: bool | None = None
    #: What the rule oracles found in this scenario's log (``Finding.as_dict``).
    oracle_findings: tuple[dict[str, Any], ...] = ()
    #: A failed scenario's run log (``Entry.describe``), newest entries, for the evidence.
    log: list[dict[str, Any]] | None = None
    #: The Gherkin steps run (keyword, name, outcome), in order.
    steps: list[dict[str, str]] | None = None
    #: Why the scenario could not be set up (``checks.SetupError``); empty: it could.
    error: str = ""


@dataclass
class ScenarioResult:
    nodeid: str
    rules: tuple[str, ...]
    outcome: str = "passed"
    skip_reason: str = ""
    failure: str = ""
    violation: dict[str, Any] | None = None
    evidence: list[dict[str, Any]] | None = None
    duration: float = 0.0
    discrepancies: list[str] = field(default_factory=list)
    #: ``outcome`` as the scenario's own steps decided it (oracles aside).
    step_outcome: str = "passed"
    oracle_findings: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] | None = None
    steps: list[dict[str, str]] = field(default_factory=list)
    #: Why the scenario could not be set up, when ``step_outcome`` is ``error``.
    error: str = ""


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)
    target: dict[str, Any] | None = None
    #: Rules whose scenarios were left out of the run (-k, -m).
    deselected: set[str] = field(default_factory=set)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def scenarios(self) -> list[ScenarioResult]:
        """One result per scenario: a failure in any phase fails it; a skip skips it.

        ``step_outcome`` is what the scenario's own steps decided; a scenario whose steps
        passed but whose log broke an oracle has ``outcome`` failed and ``step_outcome``
        passed: its own rules are proven, the oracles' rules are failed. A scenario the
        harness could not set up has ``step_outcome`` ``error``: its own rules are not
        judged (whatever the oracles found in its log still counts).
        """
        by_id: dict[str, ScenarioResult] = {}
        for o in self.outcomes:
            result = by_id.setdefault(o.nodeid, ScenarioResult(o.nodeid, o.rules))
            result.duration += o.duration
            for text in o.discrepancies:
                if text not in result.discrepancies:
                    result.discrepancies.append(text)
            result.oracle_findings.extend(o.oracle_findings)
            if o.log is not None:
                result.log = o.log
            if o.steps:
                result.steps = list(o.steps)
            if o.outcome == "failed":
                result.outcome = "failed"
                by_steps = o.step_failed if o.step_failed is not None else not o.oracle_findings
                if by_steps and o.error and result.step_outcome == "passed":
                    result.outcome = "error" if not result.oracle_findings else "failed"
                    result.step_outcome = "error"
                    result.error = o.error
                    result.failure = o.failure
                    result.evidence = o.evidence
                elif by_steps and result.step_outcome not in ("failed", "error"):
                    result.step_outcome = "failed"
                    result.failure = o.failure
                    result.violation = o.violation
                    result.evidence = o.evidence
                elif result.evidence is None:
                    result.evidence = o.evidence
            elif o.outcome == "skipped" and result.outcome == "passed":
                result.outcome = result.step_outcome = "skipped"
                result.skip_reason = o.skip_reason
        return list(by_id.values())
