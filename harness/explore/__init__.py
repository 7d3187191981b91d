"""Exploration: model-based random walks that find what no scenario was written for.

Scenarios check the situations someone thought of. The explorer generates the
others: a hypothesis ``RuleBasedStateMachine`` per profile walks the driver API
(several interactions, chat and voice, sessions 2..n, every way of ending, clock
moves of any size, pages with secrets, agent actions in either mode), each
example in a fresh world with its own run log. After every step the profile's
rule oracles judge the log so far, and a few model checks compare the target
with what the sources allow (never with the reference's own choices). A failing
walk is shrunk by hypothesis to a minimal sequence and reported three ways: the
driver calls with their responses, a replay command with the seed, and a Gherkin
scenario built from the project's own steps.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from harness.clients.http import DriverClient
from harness.oracles import Finding, judge
from harness.runlog import RunLog
from harness.targets import TargetInfo

#: The profiles an explorer exists for.
EXPLORERS = {"genesys-engage": "harness.explore.genesys_engage"}


@dataclass
class Action:
    """One step of a walk: what the engine chose, and how to say it in Gherkin."""

    call: str  # e.g. "join(session=2, agent=1)"
    gherkin: str  # a line using the project's steps, or a comment where none exists


@dataclass
class Walk:
    """The state of one example: its world, its log, the actions taken so far."""

    target: TargetInfo
    world: str | None
    log: RunLog = field(default_factory=RunLog)
    actions: list[Action] = field(default_factory=list)
    client: DriverClient | None = None

    def open(self) -> DriverClient:
        self.client = DriverClient(self.target, self.world, self.log)
        if self.target.can("clock"):
            self.client.get("/control/clock")
        return self.client

    def close(self) -> None:
        if self.client is not None:
            self.client.close()


class Violation(AssertionError):
    """A walk broke a rule: the oracles' findings, or a model check (rules, message)."""

    def __init__(self, findings: list[Finding], walk: Walk) -> None:
        self.findings = findings
        self.walk = walk
        lines = [f"[{','.join(f.rules)}] {f.oracle or 'model'}: {f.message}" for f in findings]
        super().__init__("\n".join(lines))


@dataclass
class ExplorationFinding:
    """A minimal failing walk: the rules it breaks and how to see it again."""

    profile: str
    rules: list[str]
    findings: list[dict[str, Any]]
    actions: list[Action]
    calls: list[dict[str, Any]]
    seed: int
    replay: str
    gherkin: str

    def as_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "rules": self.rules, "findings": self.findings,
                "steps": [a.call for a in self.actions], "calls": self.calls,
                "seed": self.seed, "replay": self.replay, "gherkin": self.gherkin}


def check(profile: str, walk: Walk) -> None:
    """The judge after every step: every oracle of the profile over the log so far."""
    findings = judge(profile, walk.log)
    if findings:
        raise Violation(findings, walk)


def new_world(target: TargetInfo) -> str | None:
    return f"explore-{uuid.uuid4().hex}" if target.can("worlds") else None


#: A machine factory per profile: (target, on_walk_end) -> RuleBasedStateMachine class.
MachineFactory = Callable[[TargetInfo, Callable[[Walk], None]], type]
