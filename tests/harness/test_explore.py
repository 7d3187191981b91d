"""The explorer: bounded random walks over the driver API, judged by the rule oracles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli


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
    assert any(c["status"] == 201 for c in finding["calls"]), "the calls with their responses"
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-08")
    assert rule["status"] == "failed" and rule["failures"][0]["by"] == "exploration"
    assert "FINDING: breaks" in out and "replay: cobrowse-conformance explore" in out


def test_explore_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    code, _, err = run_cli("explore", "--profile", "liveperson", "--report-dir", str(tmp_path))
    assert code == 2 and "no explorer for liveperson" in err
    code, _, err = run_cli("explore", "--max-examples", "0", "--report-dir", str(tmp_path))
    assert code == 2 and "--max-examples" in err


@pytest.mark.slow
def test_run_explore_adds_findings_to_the_conformance_report(tmp_path: Path) -> None:
    code, out, err = run_cli("run", "--profile", "genesys-engage", "--explore", "3",
                             "--report-dir", str(tmp_path))
    assert code == 0, out + err
    report = json.loads((tmp_path / "conformance.json").read_text())
    (exploration,) = report["exploration"]
    assert exploration["profile"] == "genesys-engage" and exploration["walks"] >= 3
    assert "explored genesys-engage: " in out
