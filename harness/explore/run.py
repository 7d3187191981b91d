"""Running an exploration: the engine's settings, the shrunk finding, the report."""

from __future__ import annotations

import importlib
import shlex
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity
from hypothesis import seed as with_seed
from hypothesis import settings as Settings
from hypothesis.stateful import get_state_machine_test

from harness.explore import EXPLORERS, ExplorationFinding, Violation, Walk, bind
from harness.report.collect import Outcome, Results


@dataclass
class Exploration:
    profile: str
    seed: int
    max_examples: int
    steps: int
    walks: int = 0
    actions: int = 0
    findings: list[ExplorationFinding] = field(default_factory=list)
    #: What the walks could not do against this target, said with the result.
    notes: list[str] = field(default_factory=list)
    #: How often the walks took each kind of action (its call's name): what was explored.
    kinds: Counter[str] = field(default_factory=Counter)


def _violations(exc: BaseException) -> Iterator[Violation]:
    if isinstance(exc, Violation):
        yield exc
    for inner in getattr(exc, "exceptions", ()) or ():
        yield from _violations(inner)
    if exc.__cause__ is not None:
        yield from _violations(exc.__cause__)


def explore(target: Any, profile: str, *, max_examples: int, steps: int, seed: int,
            replay_args: list[str]) -> Exploration:
    """Walk ``profile`` on ``target`` (bounded: ``max_examples`` walks of at most ``steps``
    steps each) and return the minimal failing walk, if any."""
    module = importlib.import_module(EXPLORERS[profile])
    result = Exploration(profile, seed, max_examples, steps)
    if not target.can("clock"):
        result.notes.append(f"{profile}: the target has no clock control, so the walks leave "
                            "out clock moves and no timeout or expiry is explored")
    for note in result.notes:
        print(f"note: {note}")

    def ended(walk: Walk) -> None:
        result.walks += 1
        result.actions += len(walk.actions)
        result.kinds.update(a.call.partition("(")[0] for a in walk.actions)

    machine = bind(module.MACHINE, target, ended)
    settings = Settings(max_examples=max_examples, stateful_step_count=steps, deadline=None,
                        database=None, suppress_health_check=list(HealthCheck),
                        verbosity=Verbosity.quiet,
                        phases=[Phase.explicit, Phase.generate, Phase.shrink])
    test = with_seed(seed)(get_state_machine_test(  # type: ignore[no-untyped-call]
        machine, settings=settings))
    try:
        test()
    except BaseException as exc:  # a finding, or a harness/target problem: told apart below
        found = list(_violations(exc))
        if not found:
            raise
        violation = found[-1]
        result.findings.append(_finding(profile, violation, seed, replay_args))
    return result


def _finding(profile: str, violation: Violation, seed: int,
             replay_args: list[str]) -> ExplorationFinding:
    walk = violation.walk
    rules = sorted({r for f in violation.findings for r in f.rules})
    # Every exchange: driver and control calls, the profile's own API (Platform API, lpTag),
    # socket frames both ways and clock moves, each with its response.
    calls = [e.describe() for e in walk.log.snapshot()]
    lines = [f"  @rule:{rules[0]}" if rules else "",
             "  Scenario: Found by exploration (seed "
             f"{seed}): {', '.join(rules)}"]
    for n, action in enumerate(walk.actions):
        text = action.gherkin
        if text.startswith("#"):
            lines.append(f"    {text}")
            continue
        keyword, _, rest = text.partition(" ")
        if n and keyword in ("Given", "When", "Then"):
            previous = walk.actions[n - 1].gherkin.partition(" ")[0]
            keyword = "And" if previous == keyword else keyword
        lines.append(f"    {keyword} {rest}")
    lines.append(f"    # then: {violation.findings[0].message}")
    replay = shlex.join(["cobrowse-conformance", "explore", "--profile", profile,
                         "--seed", str(seed), *replay_args])
    return ExplorationFinding(profile, rules, [f.as_dict() for f in violation.findings],
                              list(walk.actions), calls, seed, replay,
                              "\n".join(line for line in lines if line))


def as_results(exploration: Exploration) -> Results:
    """The findings as pytest-like outcomes, so the usual report builder can show them."""
    results = Results()
    for n, f in enumerate(exploration.findings, 1):
        findings = tuple({**d, "oracle": f"exploration: {d.get('oracle') or 'model'}"}
                         for d in f.findings)
        results.add(Outcome(nodeid=f"explore::{f.profile}::finding-{n}", when="call",
                            outcome="failed", rules=tuple(f.rules), step_failed=False,
                            oracle_findings=findings))
    return results


def add_to_report(report: dict[str, Any], exploration: Exploration) -> None:
    """Put an exploration's findings into a conformance run's report (``run --explore``):
    each broken rule fails with a failure ``by: exploration``; the summary is redone."""
    from harness.report.build import GRADES, summarize

    by_id = {r["id"]: r for r in report["rules"]}
    for f in exploration.findings:
        for rule_id in f.rules:
            entry = by_id.get(rule_id)
            if entry is None:
                continue
            entry["status"] = "failed"
            entry.pop("reason", None)
            entry["grade"] = "waived" if entry.get("grade") == "waived" else \
                GRADES[entry["level"]]
            entry["caughtBy"] = sorted({*entry.get("caughtBy", []), "exploration"})
            entry.setdefault("failures", []).append({
                "scenario": f"explore::{f.profile} (seed {f.seed})", "by": "exploration",
                "message": "; ".join(d["message"] for d in f.findings if rule_id in d["rules"]),
                "steps": [a.call for a in f.actions], "replay": f.replay,
                "gherkin": f.gherkin, "exchanges": f.calls[-5:]})
    explorations = report.setdefault("exploration", [])
    explorations.append({"profile": exploration.profile, "seed": exploration.seed,
                         "walks": exploration.walks, "actions": exploration.actions,
                         "notes": exploration.notes, "kinds": dict(exploration.kinds),
                         "findings": [f.as_dict() for f in exploration.findings]})
    old = report["summary"]
    summary = summarize(report["rules"], old.get("scenarios", {}),
                        list(old.get("waiverProblems", [])), bool(old.get("strict")))
    summary["discrepancies"] = old.get("discrepancies", 0)
    report["summary"] = summary
