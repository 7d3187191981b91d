"""Exploration: model-based random walks that find what no scenario was written for.

Scenarios check the situations someone thought of. The explorer generates the
others: a hypothesis ``RuleBasedStateMachine`` per profile walks the driver API
(several interactions or conversations, sessions or invitations 2..n, every way
of ending, clock moves of any size, the profile's own reads), each example in a
fresh world with its own run log. Every profile's machine is a
:class:`WalkMachine`: the world, the log, the actions taken, the clock moves and
the judge after every step are shared; a profile adds its rules and model.
After every step the profile's rule oracles judge the log so far, and a few model
checks compare the target with what the sources allow (never with the reference's
own choices). A failing walk is shrunk by hypothesis to a minimal sequence and
reported three ways: the driver calls with their responses, a replay command with
the seed, and a Gherkin scenario built from the project's own steps.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from harness.clients.http import DriverClient
from harness.oracles import Finding, finding, judge
from harness.runlog import Entry, RunLog
from harness.targets import TargetInfo

#: The profiles an explorer exists for: each module's ``MACHINE`` is its WalkMachine.
EXPLORERS = {
    "genesys-engage": "harness.explore.genesys_engage",
    "genesys-cloud": "harness.explore.genesys_cloud",
    "liveperson": "harness.explore.liveperson",
}


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



def seconds_around(*timeouts: float) -> st.SearchStrategy[float]:
    """Clock moves of any size: just before, at and just after each timeout (fractions
    included, where off-by-one bugs live), or any amount up to the longest, to the ms."""
    near = sorted({max(0.001, t + d) for t in timeouts for d in (-0.5, -0.25, 0, 0.25, 0.5)})
    anything = st.integers(1, round(max(timeouts) * 1000) + 1000).map(lambda ms: ms / 1000)
    return st.one_of(st.sampled_from([0.5, 1.0, *near]), anything)


class WalkMachine(RuleBasedStateMachine):
    """What every profile's walk shares; :func:`bind` gives it a target.

    Each instance is one example: a fresh world and log (``self.walk``), a logging
    client, the actions taken (each as a call and a Gherkin line). After every step
    the profile's rule oracles judge the log so far; a profile's own model checks are
    further invariants of its subclass. Against a target without clock control the
    clock rule is never enabled (``explore`` says so).
    """

    PROFILE: ClassVar[str] = ""
    #: The clock moves this profile's timeouts call for (see :func:`seconds_around`).
    SECONDS: ClassVar[st.SearchStrategy[float]] = seconds_around(60)
    target: ClassVar[TargetInfo]
    ended: ClassVar[Callable[[Walk], None]]

    def __init__(self) -> None:
        super().__init__()
        self.walk = Walk(self.target, new_world(self.target))
        self.client = self.walk.open()

    def teardown(self) -> None:
        type(self).ended(self.walk)
        self.walk.close()

    def do(self, call: str, gherkin: str) -> None:
        """Record one action: how to call it again and how to say it in Gherkin."""
        self.walk.actions.append(Action(call, gherkin))

    def broken(self, rules: str | Sequence[str], message: str, entry: Entry | None = None,
               observed: Any = None) -> None:
        """A requirement of the sources broken: raise it, with the exchange (by default the
        latest one) that shows it."""
        if entry is None:
            entries = self.walk.log.snapshot()
            entry = entries[-1] if entries else None
        raise Violation([finding(rules, message, entry, observed=observed)], self.walk)

    def moved(self, seconds: float) -> None:
        """The clock moved (for a profile's model); nothing by default."""

    def settle(self) -> None:
        """Before the judge: let what the target pushed arrive (sockets); nothing by default."""

    @precondition(lambda self: self.target.can("clock"))
    @rule(data=st.data())
    def time_passes(self, data: st.DataObject) -> None:
        self.advance(data.draw(self.SECONDS, label="seconds"))

    def advance(self, seconds: float) -> None:
        """Move the target's clock (control API), and tell the profile's model."""
        response = self.client.post("/control/clock/advance", {"seconds": seconds})
        assert response.status_code == 200, response.text
        self.do(f"advance({seconds:g})", f"When {seconds:g} seconds pass")
        self.moved(seconds)

    @invariant()
    def the_oracles_find_nothing(self) -> None:
        self.settle()
        check(self.PROFILE, self.walk)


def bind(machine: type[WalkMachine], target: TargetInfo,
         on_end: Callable[[Walk], None]) -> type[WalkMachine]:
    """A profile's machine class bound to a target (hypothesis instantiates it per walk)."""
    return type(machine.__name__, (machine,), {"target": target,
                                               "ended": staticmethod(on_end)})
