"""The explorer: bounded random walks over the driver API, judged by the rule oracles."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from harness.explore.run import Exploration, explore
from harness.targets import make_target
from tests.conftest import run_cli, run_suite


def explore_reference(profile: str, faults: tuple[str, ...], *, max_examples: int, steps: int,
                      seed: int, clock: bool = True) -> Exploration:
    """One bounded exploration in process against the bundled reference (with variants);
    ``clock=False`` hides the reference's clock control, as a target without it would."""
    target = make_target("reference", None, faults)
    info = target.start()
    try:
        if not clock:
            info = dataclasses.replace(info, capabilities={**info.capabilities, "clock": False})
        return explore(info, profile, max_examples=max_examples, steps=steps, seed=seed,
                       replay_args=[])
    finally:
        target.stop()


def finds_nothing(profile: str, faults: tuple[str, ...], kinds: tuple[str, ...], *,
                  max_examples: int, steps: int, seed: int) -> Exploration:
    """A bounded exploration that finds nothing, and whose walks took each of ``kinds``
    (so that "nothing" means something)."""
    result = explore_reference(profile, faults, max_examples=max_examples, steps=steps,
                               seed=seed)
    assert not result.findings, [f.findings for f in result.findings]
    assert result.walks >= max_examples
    for kind in kinds:
        assert result.kinds[kind], f"the walks took no {kind}: {dict(result.kinds)}"
    return result


def finds_the_variant(tmp_path: Path, profile: str, fault: str, rule: str, *,
                      max_examples: int, steps: int, seed: int) -> dict[str, Any]:
    """``explore`` as a user runs it against a broken variant: it fails, names the rule
    alone, and prints the finding three ways (calls, replay command, Gherkin)."""
    code, out, err = run_cli("explore", "--profile", profile, "--max-examples",
                             str(max_examples), "--steps", str(steps), "--seed", str(seed),
                             "--fault", fault, "--report-dir", str(tmp_path))
    assert code == 1, out + err
    report = json.loads((tmp_path / "conformance.json").read_text())
    (finding,) = report["exploration"]["findings"]
    assert finding["rules"] == [rule], finding["findings"]
    assert f"--seed {seed}" in finding["replay"] and f"--fault {fault}" in finding["replay"]
    assert f"@rule:{rule}" in finding["gherkin"] and finding["calls"]
    assert f"FINDING: breaks {rule}" in out and "as a scenario" in out
    found: dict[str, Any] = finding
    replays_as_a_scenario(tmp_path / "replay", profile, fault, rule, found["gherkin"])
    return found


def replays_as_a_scenario(tmp_path: Path, profile: str, fault: str, rule: str,
                          gherkin: str) -> None:
    """The printed Gherkin, pasted into a feature file of one's own, is a scenario that fails
    on the broken variant (on the finding's rule) and passes on the reference."""
    features = tmp_path / "features"
    features.mkdir(parents=True)
    (features / "found.feature").write_text(f"Feature: found by exploration\n\n{gherkin}\n")
    own = ("--profile", profile, "--features", str(features), "--rule", rule)
    code, report, output = run_suite(tmp_path / "broken", *own, "--fault", fault)
    broken = next(r for r in report["rules"] if r["id"] == rule)
    assert broken["status"] == "failed", output[-3000:]
    # Only a failed 'must' fails the run; a 'should' is a warning, an informative rule a
    # deviation (both reported failed, with their grade).
    assert code == (1 if broken["level"] == "must" else 0), output[-3000:]
    code, report, output = run_suite(tmp_path / "reference", *own)
    assert code == 0, output[-3000:]
    assert next(r for r in report["rules"] if r["id"] == rule)["status"] == "passed"


def test_the_reference_survives_a_bounded_exploration(tmp_path: Path) -> None:
    code, out, err = run_cli("explore", "--max-examples", "4", "--steps", "15", "--seed", "7",
                             "--report-dir", str(tmp_path))
    assert code == 0, out + err
    report = json.loads((tmp_path / "conformance.json").read_text())
    exploration = report["exploration"]
    assert exploration["seed"] == 7 and exploration["walks"] >= 4
    assert exploration["actions"] > 4 * 2, "walks take several steps"
    assert report["summary"]["failed"] == 0


@pytest.mark.slow
def test_a_broken_variant_is_found_shrunk_and_reported_three_ways(tmp_path: Path) -> None:
    code, out, err = run_cli("explore", "--max-examples", "10", "--steps", "10", "--seed", "3",
                             "--fault", "engage.short-token", "--report-dir", str(tmp_path))
    assert code == 1, out + err
    report = json.loads((tmp_path / "conformance.json").read_text())
    (finding,) = report["exploration"]["findings"]
    assert "GE-002-08" in finding["rules"]
    assert finding["steps"][0].startswith("create_interaction")
    assert len(finding["steps"]) <= 4, f"shrunk to a minimal walk: {finding['steps']}"
    assert "--seed 3" in finding["replay"] and "--fault engage.short-token" in finding["replay"]
    assert "@rule:GE-002-08" in finding["gherkin"]
    assert "When the customer starts a co-browse session" in finding["gherkin"]
    assert any(c.get("status") == 201 for c in finding["calls"]), "the calls with responses"
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-08")
    assert rule["status"] == "failed" and rule["failures"][0]["by"] == "exploration"
    assert "FINDING: breaks" in out and "replay: cobrowse-conformance explore" in out


@pytest.mark.parametrize(("profile", "seed"), [("genesys-engage", 3), ("genesys-cloud", 1),
                                              ("liveperson", 1)])
def test_without_clock_control_the_walks_leave_out_clock_moves(profile: str, seed: int) -> None:
    with_clock = explore_reference(profile, (), max_examples=3, steps=10, seed=seed)
    without = explore_reference(profile, (), max_examples=3, steps=10, seed=seed, clock=False)
    assert with_clock.kinds["advance"], "with clock control, the walks move the clock"
    assert not with_clock.notes
    assert not without.kinds["advance"] and without.walks >= 3
    assert any("no clock control" in note for note in without.notes), without.notes


def test_explore_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    code, _, err = run_cli("explore", "--max-examples", "0", "--report-dir", str(tmp_path))
    assert code == 2 and "--max-examples" in err


def test_every_profile_has_an_explorer() -> None:
    from harness.catalogue import PROFILES
    from harness.explore import EXPLORERS

    assert set(EXPLORERS) == set(PROFILES)


@pytest.mark.slow
@pytest.mark.parametrize(("profile", "selection"), [
    ("genesys-engage", ()), ("liveperson", ("--rule", "LP-001-14"))])
def test_run_explore_adds_findings_to_the_conformance_report(
        tmp_path: Path, profile: str, selection: tuple[str, ...]) -> None:
    code, out, err = run_cli("run", "--profile", profile, *selection, "--explore", "3",
                             "--report-dir", str(tmp_path))
    assert code == 0, out + err
    report = json.loads((tmp_path / "conformance.json").read_text())
    (exploration,) = report["exploration"]
    assert exploration["profile"] == profile and exploration["walks"] >= 3
    assert f"explored {profile}: " in out
