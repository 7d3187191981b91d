"""A vendor's own feature files and rules, run with the project's steps (the README's
worked example in docs/example-vendor)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PROJECT_ROOT, run_cli, run_suite

EXAMPLE = PROJECT_ROOT / "docs" / "example-vendor"
OWN = ("--profile", "genesys-engage", "--features", str(EXAMPLE / "features"),
       "--rules-file", str(EXAMPLE / "rules.yaml"), "--rule", "ACME-*")


def test_steps_lists_what_a_feature_file_can_use() -> None:
    code, out, err = run_cli("steps", "--format", "json", "--profile", "genesys-engage")
    assert code == 0, err
    steps = {(s["keyword"], s["step"]) for s in json.loads(out)}
    assert ("given", "a live {media} interaction between a customer and an agent") in steps
    assert ("when", "{seconds:g} seconds pass") in steps, "the shared steps too"


def test_the_worked_example_passes_on_the_reference(tmp_path: Path) -> None:
    code, report, output = run_suite(tmp_path, *OWN)
    assert code == 0, output[-3000:]
    own = next(r for r in report["rules"] if r["id"] == "ACME-VOICE-1")
    assert own["status"] == "passed" and own["source"].startswith("ACME")
    assert len(own["scenarios"]) == 1


def test_the_worked_example_fails_on_a_broken_reference(tmp_path: Path) -> None:
    code, report, output = run_suite(tmp_path, *OWN, "--fault", "engage.voice-idle-reported-active")
    assert code == 1, output[-3000:]
    own = next(r for r in report["rules"] if r["id"] == "ACME-VOICE-1")
    assert own["status"] == "failed"


def test_a_scenario_whose_set_up_is_refused_is_an_error_with_its_own_exit_code(
        tmp_path: Path) -> None:
    """The customer's start is refused: nothing of ACME-VOICE-1 could be judged (the
    catalogue's own rule about starting is judged elsewhere, by the catalogue's scenarios)."""
    code, report, output = run_suite(tmp_path, *OWN, "--fault", "engage.customer-cannot-start")
    assert code == 4, output[-3000:]
    own = next(r for r in report["rules"] if r["id"] == "ACME-VOICE-1")
    assert own["status"] == "error"
    assert "the customer starting a co-browse session failed" in own["reason"]
    assert report["summary"]["verdict"] == "error"
    assert "error: 1 rule(s) could not be judged" in output and "fix first:" in output


def test_a_step_the_project_does_not_define_is_an_error(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    (features / "typo.feature").write_text(
        "Feature: a vendor's scenario with a misspelt step\n\n"
        "  @rule:ACME-VOICE-1\n"
        "  Scenario: A step nobody defined\n"
        "    Given a live voice interaction between a customer and an agent\n"
        "    And the customer has startd a co-browse session\n"
        "    Then the session is \"active\"\n")
    code, report, output = run_suite(
        tmp_path / "out", "--profile", "genesys-engage", "--features", str(features),
        "--rules-file", str(EXAMPLE / "rules.yaml"), "--rule", "ACME-*")
    assert code == 4, output[-3000:]
    own = next(r for r in report["rules"] if r["id"] == "ACME-VOICE-1")
    assert own["status"] == "error" and "defines no such step" in own["reason"]
    assert "startd" in own["reason"]


def test_bad_own_rules_and_folders_are_usage_errors(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - {id: GE-002-01, profile: genesys-engage, source: s, "
                     "section: s, quote: q, level: must, testability: automated}\n")
    code, _, err = run_cli("run", "--rules-file", str(rules), "--report-dir", str(tmp_path))
    assert code == 2 and "a prefix of your own" in err and "Traceback" not in err
    code, _, err = run_cli("run", "--features", str(tmp_path / "none"), "--report-dir",
                           str(tmp_path))
    assert code == 2 and "no folder with .feature files" in err
