"""Rule oracles: small named checks that judge a rule on everything a scenario observed.

A scenario's ``Then`` steps judge the rule it is tagged with, on its own path. An
oracle judges one rule (or a rule and its restatements) on the whole run log of
*every* scenario of its profile (``harness.runlog``): every reading of a session,
every frame, every response the agent can read. So a bug one step off the path
that a rule's scenario walks (the second session, the voice call, the other
party's exit, the secondary channel) is still caught, and charged to the
oracle's rule, never to the tags of the scenario that happened to walk there.

schemathesis's checks are the model: an oracle is a plain function that takes
the log and yields :class:`Finding` objects; it is registered with
:func:`oracle`, per profile, in ``harness/oracles/<profile>.py``.

An oracle must discriminate: compare values, across readings and entities, with
readings the target could get wrong; where the sources are silent it accepts
every reasonable choice (never the reference's choice alone).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from harness.runlog import Entry, RunLog

#: The module holding each profile's oracles (imported when that profile runs).
ORACLE_MODULES = {
    "genesys-engage": "harness.oracles.genesys_engage",
    "genesys-cloud": "harness.oracles.genesys_cloud",
    "liveperson": "harness.oracles.liveperson",
}
#: At most this many findings per rule and scenario are reported (the first are the useful).
MAX_PER_RULE = 3


@dataclass(frozen=True)
class Finding:
    """One violation: the rule, what was wrong, the exchange that broke it, what it was
    compared with (an earlier reading, or the request that set it), and the observed value."""

    rules: tuple[str, ...]
    message: str
    entry: Entry | None
    before: Entry | None = None
    observed: Any = None
    oracle: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rules": list(self.rules), "oracle": self.oracle,
                                "message": self.message}
        if self.observed is not None:
            data["observed"] = self.observed
        if self.entry is not None:
            data["exchange"] = self.entry.describe()
        if self.before is not None:
            data["before"] = self.before.describe()
        return data


def finding(rules: str | Sequence[str], message: str, entry: Entry | None,
            before: Entry | None = None, observed: Any = None) -> Finding:
    """A finding charged to ``rules`` (one ID, or the IDs of a rule and its restatements)."""
    ids = (rules,) if isinstance(rules, str) else tuple(rules)
    return Finding(ids, message, entry, before, observed)


Check = Callable[[list[Entry]], Iterable[Finding]]


@dataclass(frozen=True)
class Oracle:
    name: str
    profile: str
    rules: tuple[str, ...]
    check: Check
    doc: str


_REGISTRY: dict[str, list[Oracle]] = {}


def oracle(profile: str, *rules: str) -> Callable[[Check], Check]:
    """Register ``check`` as an oracle of ``rules`` in ``profile``."""

    def register(check: Check) -> Check:
        doc = (check.__doc__ or "").strip().splitlines()
        entry = Oracle(check.__name__, profile, rules, check, doc[0] if doc else "")
        oracles = _REGISTRY.setdefault(profile, [])
        if any(o.name == entry.name for o in oracles):
            raise ValueError(f"oracle {profile}:{entry.name} registered twice")
        oracles.append(entry)
        return check

    return register


def oracles_of(profile: str) -> list[Oracle]:
    module = ORACLE_MODULES.get(profile)
    if module is not None:
        importlib.import_module(module)
    return list(_REGISTRY.get(profile, []))


def oracle_names(profiles: Iterable[str]) -> dict[str, list[str]]:
    """The oracles that judge each rule of ``profiles``, by rule ID."""
    names: dict[str, list[str]] = {}
    for profile in profiles:
        for check in oracles_of(profile):
            for rule in check.rules:
                names.setdefault(rule, []).append(check.name)
    return names


def judge(profile: str, log: RunLog) -> list[Finding]:
    """Every oracle of ``profile`` over ``log``: at most MAX_PER_RULE findings per rule.

    An oracle that raises is a bug of the harness, not of the target: it propagates.
    """
    entries = log.snapshot()
    found: list[Finding] = []
    per_rule: dict[str, int] = {}
    for check in oracles_of(profile):
        for item in check.check(entries):
            for rule in item.rules:
                if rule not in check.rules:
                    raise ValueError(f"oracle {check.name} reported {rule}, which it does not "
                                     f"declare ({', '.join(check.rules)})")
            if all(per_rule.get(rule, 0) >= MAX_PER_RULE for rule in item.rules):
                continue
            for rule in item.rules:
                per_rule[rule] = per_rule.get(rule, 0) + 1
            found.append(Finding(item.rules, item.message, item.entry, item.before,
                                 item.observed, check.name))
    return found


def render(findings: list[Finding]) -> str:
    """The findings as the text of a failed test."""
    lines = []
    for f in findings:
        where = f"exchange #{f.entry.seq}" if f.entry is not None else "the run"
        before = f" (compared with #{f.before.seq})" if f.before is not None else ""
        lines.append(f"[{','.join(f.rules)}] oracle {f.oracle}: {f.message} at {where}{before}")
    return "\n".join(lines)
