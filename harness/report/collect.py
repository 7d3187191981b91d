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


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)
    target: dict[str, Any] | None = None
    #: Rules whose scenarios were left out of the run (-k, -m).
    deselected: set[str] = field(default_factory=set)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def scenarios(self) -> list[ScenarioResult]:
        """One result per scenario: a failure in any phase fails it; a skip skips it."""
        by_id: dict[str, ScenarioResult] = {}
        for o in self.outcomes:
            result = by_id.setdefault(o.nodeid, ScenarioResult(o.nodeid, o.rules))
            result.duration += o.duration
            for text in o.discrepancies:
                if text not in result.discrepancies:
                    result.discrepancies.append(text)
            if o.outcome == "failed":
                if result.outcome != "failed":
                    result.outcome = "failed"
                    result.failure = o.failure
                    result.violation = o.violation
                    result.evidence = o.evidence
            elif o.outcome == "skipped" and result.outcome == "passed":
                result.outcome = "skipped"
                result.skip_reason = o.skip_reason
        return list(by_id.values())
