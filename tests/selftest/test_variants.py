"""The self-test: the suite must catch every broken variant of the reference.

For each registered fault the whole profile suite runs against the reference
with that one fault switched on; the fault's rule must be reported failed, and
the rules failing with it must be exactly the ones the fault declares as
depending on the broken behaviour. The unbroken reference must pass every
automated rule. Faults run in chunks, each chunk in one interpreter
(tests/selftest/runner.py), so the chunks spread over pytest-xdist workers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.catalogue import load_catalogue
from mockserver.faults import Fault, known_faults
from mockserver.profiles import adapters
from tests.conftest import PROJECT_ROOT

IMPLEMENTED = [a.name for a in adapters() if a.implemented]
VARIANTS = sorted((f for f in known_faults().values() if f.profile in IMPLEMENTED),
                  key=lambda f: f.name)
#: Broken variants: each must be caught on its rule.
FAULTS = [f for f in VARIANTS if not f.legal]
#: Legal variants: another choice the sources allow; each must pass with no failed rule.
LEGAL = [f for f in VARIANTS if f.legal]
CHUNK = 8
#: The user property under which each chunk reports how its off-path variants were caught.
SELFTEST_PROPERTY = "selftest_off_path"
#: Slowest profile first (its variants wait for WebSocket frames that never come), so that
#: xdist does not leave one worker with the long chunks at the end.
CHUNKS = [
    (profile, tuple(faults[i:i + CHUNK]))
    for profile in sorted(IMPLEMENTED, key=lambda p: p != "liveperson")
    for faults in [[f for f in FAULTS if f.profile == profile]]
    for i in range(0, len(faults), CHUNK)
]
LEGAL_CHUNKS = [
    (profile, tuple(variants[i:i + CHUNK]))
    for profile in IMPLEMENTED
    for variants in [[f for f in LEGAL if f.profile == profile]]
    for i in range(0, len(variants), CHUNK)
]


def _run(tmp_path: Path, profile: str, faults: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.selftest.runner", str(tmp_path), profile, *faults],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.slow
@pytest.mark.parametrize("profile", IMPLEMENTED)
def test_reference_passes_every_automated_rule(profile: str, tmp_path: Path) -> None:
    result = _run(tmp_path, profile, ["-"])["-"]
    assert result["exit"] == 0, result["output"]
    automated = [r.id for r in load_catalogue().for_profiles([profile]) if r.automated]
    assert automated, f"profile {profile} has no automated rule"
    statuses = result["statuses"]
    not_passed = {rule: statuses.get(rule) for rule in automated if statuses.get(rule) != "passed"}
    assert not not_passed, f"rules not passed by the reference: {not_passed}"


def _mismatch(fault: Fault, result: dict[str, Any]) -> str | None:
    statuses: dict[str, str] = result["statuses"]
    failed = {rule for rule, status in statuses.items() if status == "failed"}
    expected = {fault.rule, *fault.also_fails}
    if result["exit"] != 1:
        return f"{fault.name}: the run exited {result['exit']}, not 1\n{result['output']}"
    if fault.rule not in failed:
        return f"{fault.name} breaks {fault.rule}, reported {statuses.get(fault.rule)}"
    catalogue = load_catalogue()
    must = any(catalogue.get(rule).level == "must" for rule in failed)
    if result["verdict"] != ("fail" if must else "pass"):
        return (f"{fault.name}: verdict {result['verdict']} with failed rules "
                f"{sorted(failed)} (only a failed 'must' rule fails the run)")
    if fault.off_path and "oracle" not in result["caught_by"].get(fault.rule, []):
        return f"{fault.name} (off the scenarios' paths) was not caught by a rule oracle"
    # A rule that depends on the broken behaviour fails with it, or, where the broken
    # behaviour kept its scenario from being set up, is reported not judged (error).
    errored = {rule for rule, status in statuses.items() if status == "error"}
    if (failed | errored) != expected:
        return (f"{fault.name}: unexpected failures {sorted(failed - expected)}, "
                f"unexpected errors {sorted(errored - expected)}, "
                f"declared but neither failing nor unjudged {sorted(expected - failed - errored)}")
    return None


@pytest.mark.slow
@pytest.mark.parametrize(("profile", "faults"), CHUNKS,
                         ids=[f"{p}-{i}" for i, (p, _) in enumerate(CHUNKS)])
def test_broken_variants_are_caught(profile: str, faults: tuple[Fault, ...],
                                    tmp_path: Path, record_property: Any) -> None:
    results = _run(tmp_path, profile, [f.name for f in faults])
    # How each off-path variant was caught, for the figures in the run's summary.
    record_property(SELFTEST_PROPERTY, json.dumps({
        f.name: results[f.name]["caught_by"].get(f.rule, []) for f in faults if f.off_path}))
    problems = [m for f in faults if (m := _mismatch(f, results[f.name]))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("profile", IMPLEMENTED)
def test_every_automated_rule_has_a_broken_variant(profile: str) -> None:
    covered = {rule for f in FAULTS if f.profile == profile for rule in (f.rule, *f.also_fails)}
    automated = {r.id for r in load_catalogue().for_profiles([profile]) if r.automated}
    missing = sorted(automated - covered)
    assert not missing, f"automated {profile} rules no fault breaks: {missing}"


@pytest.mark.slow
@pytest.mark.parametrize(("profile", "variants"), LEGAL_CHUNKS,
                         ids=[f"legal-{p}-{i}" for i, (p, _) in enumerate(LEGAL_CHUNKS)])
def test_legal_variants_pass(profile: str, variants: tuple[Fault, ...],
                             tmp_path: Path) -> None:
    """The mirror image of the broken variants: a choice the sources allow fails no rule."""
    results = _run(tmp_path, profile, [v.name for v in variants])
    problems = []
    for variant in variants:
        result = results[variant.name]
        failed = sorted(r for r, status in result["statuses"].items() if status == "failed")
        if failed or result["verdict"] != "pass":
            problems.append(f"{variant.name} ({variant.legal}: {variant.description}) is legal "
                            f"but failed {failed}\n{result['output'][-1500:]}")
    assert not problems, "\n".join(problems)


def test_every_silent_choice_names_its_legal_variants() -> None:
    from harness.silent import load_silent

    known = {c.id for c in load_silent()}
    for variant in LEGAL:
        assert variant.legal in known, f"{variant.name} names unknown silent choice {variant.legal}"


def test_faults_name_catalogued_rules_of_their_profile() -> None:
    catalogue = load_catalogue()
    for fault in known_faults().values():
        for rule in (fault.rule, *fault.also_fails):
            assert rule in catalogue, f"{fault.name} names unknown rule {rule}"
            assert catalogue.get(rule).profile == fault.profile, (
                f"{fault.name} ({fault.profile}) names {rule} of another profile"
            )
            assert catalogue.get(rule).automated, f"{fault.name} names non-automated {rule}"


def test_every_silent_choice_has_a_legal_variant() -> None:
    """Each point where the sources leave an implementation free is proven accepted by at
    least one variant that makes another choice than the reference's."""
    from harness.silent import load_silent

    covered = {v.legal for v in LEGAL}
    choices = {c.id for c in load_silent() if c.profile in IMPLEMENTED}
    assert not choices - covered, f"silent choices with no legal variant: {choices - covered}"
    assert not covered - choices, f"legal variants naming no silent choice: {covered - choices}"
