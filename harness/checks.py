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


class SetupError(Exception):
    """The harness could not set up the situation a scenario needs (a driver call refused
    or answered with something that is not JSON, a step the project does not define, a
    target that cannot be reached mid-run). Nothing was judged: the scenario's rules are
    reported ``error`` with this reason, never ``failed``, and the run exits with a code of
    its own, since what needs fixing is the target's driver or the configuration, not a
    rule."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def setup_error_reason(exc: BaseException) -> str | None:
    """Why ``exc`` means a scenario could not be set up, or None when it is a judgement."""
    import httpx
    from pytest_bdd.exceptions import StepDefinitionNotFoundError

    if isinstance(exc, SetupError):
        return exc.reason
    if isinstance(exc, StepDefinitionNotFoundError):
        return f"the project defines no such step: {exc}"
    if isinstance(exc, httpx.TransportError):
        return f"the target could not be reached mid-run: {type(exc).__name__}: {exc}"
    return None
