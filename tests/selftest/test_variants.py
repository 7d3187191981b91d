"""The self-test: the suite must catch every broken variant of the reference.

For each registered fault the whole profile suite runs against the reference
with that one fault switched on; the fault's rule must be reported failed, and
the rules failing with it must be exactly the ones the fault declares as
depending on the broken behaviour. The unbroken reference must pass everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.catalogue import load_catalogue
from mockserver.faults import Fault, known_faults
from mockserver.profiles import adapters
from tests.conftest import run_suite

IMPLEMENTED = [a.name for a in adapters() if a.implemented]
FAULTS = sorted((f for f in known_faults().values() if f.profile in IMPLEMENTED),
                key=lambda f: f.name)


def _statuses(report: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {rule["id"]: rule["status"] for rule in report.get("rules", [])}


@pytest.mark.slow
@pytest.mark.parametrize("profile", IMPLEMENTED)
def test_reference_passes_every_automated_rule(profile: str, tmp_path: Path) -> None:
    code, report, output = run_suite(tmp_path, "--profile", profile)
    assert code == 0, output[-3000:]
    statuses = _statuses(report)
    automated = [r.id for r in load_catalogue().for_profiles([profile]) if r.automated]
    assert automated, f"profile {profile} has no automated rule"
    not_passed = {rule: statuses.get(rule) for rule in automated if statuses.get(rule) != "passed"}
    assert not not_passed, f"rules not passed by the reference: {not_passed}"


@pytest.mark.slow
@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_broken_variant_is_caught(fault: Fault, tmp_path: Path) -> None:
    code, report, output = run_suite(tmp_path, "--profile", fault.profile, "--fault", fault.name)
    assert code == 1, f"the suite must fail on {fault.name}: exit {code}\n{output[-3000:]}"
    statuses = _statuses(report)
    assert statuses.get(fault.rule) == "failed", (
        f"{fault.name} breaks {fault.rule}, reported {statuses.get(fault.rule)}"
    )
    failed = {rule for rule, status in statuses.items() if status == "failed"}
    expected = {fault.rule, *fault.also_fails}
    assert failed == expected, (
        f"{fault.name}: failed rules {sorted(failed)}, declared {sorted(expected)} "
        f"(unexpected {sorted(failed - expected)}, not failing {sorted(expected - failed)})"
    )


@pytest.mark.parametrize("profile", IMPLEMENTED)
def test_every_automated_rule_has_a_broken_variant(profile: str) -> None:
    covered = {rule for f in FAULTS if f.profile == profile for rule in (f.rule, *f.also_fails)}
    automated = {r.id for r in load_catalogue().for_profiles([profile]) if r.automated}
    missing = sorted(automated - covered)
    assert not missing, f"automated {profile} rules no fault breaks: {missing}"


def test_faults_name_catalogued_rules_of_their_profile() -> None:
    catalogue = load_catalogue()
    for fault in known_faults().values():
        for rule in (fault.rule, *fault.also_fails):
            assert rule in catalogue, f"{fault.name} names unknown rule {rule}"
            assert catalogue.get(rule).profile == fault.profile, (
                f"{fault.name} ({fault.profile}) names {rule} of another profile"
            )
            assert catalogue.get(rule).automated, f"{fault.name} names non-automated {rule}"
