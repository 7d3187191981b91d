"""Selecting rules: --rule (with patterns), --source, --level, --tag, --list."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.catalogue import load_catalogue
from harness.selection import Selection, SelectionError
from tests.conftest import run_cli, run_suite

CATALOGUE = load_catalogue()


def test_patterns_sources_and_levels_combine() -> None:
    chosen = Selection.of(rules=["GE-002-0*"], levels=["must"])
    ids = {r.id for r in CATALOGUE if chosen.selects(r)}
    assert ids and all(i.startswith("GE-002-0") for i in ids)
    assert all(CATALOGUE.get(i).level == "must" for i in ids)
    by_source = {r.id for r in CATALOGUE if Selection.of(sources=["003"]).selects(r)}
    assert by_source == {r.id for r in CATALOGUE if r.id.startswith("GC-003-")}


def test_a_selection_naming_nothing_is_refused() -> None:
    for selection in (Selection.of(rules=["GE-9*"]), Selection.of(sources=["007"]),
                      Selection.of(levels=["may"])):
        with pytest.raises(SelectionError):
            selection.check(CATALOGUE)


def test_tags_narrow_the_scenarios() -> None:
    rule = CATALOGUE.get("LP-001-43")
    assert Selection.of(tags=["@needs:clock"]).keeps([rule], ["needs:clock", "rule:LP-001-43"])
    assert not Selection.of(tags=["needs:clock"]).keeps([rule], ["rule:LP-001-43"])


def test_list_prints_exactly_the_selected_rules_and_runs_nothing(tmp_path: Path) -> None:
    code, out, err = run_cli("run", "--rule", "LP-001-4*", "--list", "--report-dir",
                             str(tmp_path))
    assert code == 0, err
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("LP-")}
    wanted = {r.id for r in CATALOGUE if r.id.startswith("LP-001-4") and r.automated}
    assert listed == wanted
    assert not (tmp_path / "conformance.json").exists(), "nothing ran"


def test_one_rule_runs_alone_and_the_rest_are_not_selected(tmp_path: Path) -> None:
    code, report, output = run_suite(tmp_path, "--rule", "LP-001-43", "--strict")
    assert code == 0, output[-3000:]
    statuses = {r["id"]: (r["status"], r.get("reason", "")) for r in report["rules"]}
    assert statuses.pop("LP-001-43")[0] == "passed"
    assert {s for s, _ in statuses.values()} == {"skipped"}
    assert all(reason.startswith("not selected") for _, reason in statuses.values())
    assert report["summary"]["notSelected"] == len(statuses)


def test_bad_selection_and_collect_only_are_handled(tmp_path: Path) -> None:
    code, _, err = run_cli("run", "--rule", "NOPE-1", "--report-dir", str(tmp_path))
    assert code == 2 and "matches no catalogued rule" in err and "Traceback" not in err
    code, out, err = run_cli("run", "--profile", "genesys-engage", "--report-dir",
                             str(tmp_path), "--", "--collect-only", "-q")
    assert code == 0, err
    assert "the run wrote no report" not in err
    assert "test_genesys_engage.py" in out
