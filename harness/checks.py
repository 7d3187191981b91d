"""Assertions that name the rule they prove.

A failed check raises RuleViolation carrying the rule ID, what was expected and
what was observed, so the report can mark exactly that rule failed (and not
every rule the scenario happens to be tagged with) and show the payload.
"""

from __future__ import annotations

import json
from typing import Any

#: The user property under which a scenario notes a documented discrepancy of a source.
DISCREPANCY = "cobrowse_discrepancy"


def note_discrepancy(user_properties: list[tuple[str, object]], text: str) -> None:
    """Record that a source contradicts itself here; reported beside the rule, never failed."""
    user_properties.append((DISCREPANCY, text))


class RuleViolation(AssertionError):
    def __init__(self, rule: str, message: str, observed: Any = None) -> None:
        self.rule = rule
        self.message = message
        self.observed = observed
        text = f"[{rule}] {message}"
        if observed is not None:
            text += f"\nobserved: {_short(observed)}"
        super().__init__(text)


def _short(value: Any, limit: int = 2000) -> str:
    try:
        text = json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def expect(rule: str, condition: bool, message: str, observed: Any = None) -> None:
    if not condition:
        raise RuleViolation(rule, message, observed)


def expect_equal(rule: str, actual: Any, expected: Any, what: str, observed: Any = None) -> None:
    if actual != expected:
        raise RuleViolation(
            rule, f"{what}: expected {expected!r}, got {actual!r}",
            observed if observed is not None else actual,
        )
