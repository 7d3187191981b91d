"""Reports across runs: report diff (regressions for a gate), shards and report merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.report.compare import ReportError, diff, merge
from harness.selection import Selection, SelectionError
from tests.conftest import run_cli, run_suite
from tests.harness.test_report import _graded


def test_diff_tells_regressions_from_fixes() -> None:
    clean = _graded()
    broken = _graded("GE-002-01", "GE-002-04")
    forward = diff(clean, broken)
    assert {c["id"] for c in forward["regressed"]} == {"GE-002-01", "GE-002-04"}
    assert forward["fixed"] == []
    back = diff(broken, clean)
    assert {c["id"]: (c["old"], c["new"]) for c in back["fixed"]} == {
        "GE-002-01": ("failure", "passed"), "GE-002-04": ("deviation", "passed")}
    assert back["regressed"] == []
    skipped = diff(clean, _graded(skipped="GE-002-02"))
    assert [c["id"] for c in skipped["changed"]] == ["GE-002-02"], "not judged is no regression"


def test_shards_split_the_catalogue_without_overlap() -> None:
    from harness.catalogue import load_catalogue

    rules = list(load_catalogue())
    owned = [{r.id for r in rules if Selection.of(shard=f"{i}/3").selects(r)} for i in (1, 2, 3)]
    assert set().union(*owned) == {r.id for r in rules}
    assert sum(len(o) for o in owned) == len(rules) and all(owned)
    for bad in ("0/2", "3/2", "x"):
        with pytest.raises(SelectionError):
            Selection.of(shard=bad)


def test_merge_refuses_overlapping_or_foreign_reports() -> None:
    with pytest.raises(ReportError, match="more than one report"):
        merge([_graded(), _graded()])


@pytest.mark.slow
def test_sharded_runs_merge_into_the_whole_runs_verdict(tmp_path: Path) -> None:
    base = ("--profile", "genesys-engage", "--fault", "engage.short-token")
    _, whole, _ = run_suite(tmp_path / "whole", *base)
    for i in (1, 2):
        run_suite(tmp_path / f"s{i}", *base, "--shard", f"{i}/2")
    code, out, err = run_cli("report", "merge", str(tmp_path / "s1" / "conformance.json"),
                             str(tmp_path / "s2" / "conformance.json"),
                             "--report-dir", str(tmp_path / "merged"))
    assert code == 1, out + err  # the broken variant fails the merged run too
    merged = json.loads((tmp_path / "merged" / "conformance.json").read_text())
    assert {r["id"]: r["status"] for r in merged["rules"]} == {
        r["id"]: r["status"] for r in whole["rules"]}
    code, out, _ = run_cli("report", "diff", str(tmp_path / "whole" / "conformance.json"),
                           str(tmp_path / "merged" / "conformance.json"))
    assert code == 0 and "0 regressed" in out


def test_diff_exits_1_on_a_regression(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_graded()))
    new.write_text(json.dumps(_graded("GE-002-01")))
    code, out, _ = run_cli("report", "diff", str(old), str(new))
    assert code == 1 and "regressed  GE-002-01  passed -> failure" in out
    code, _, err = run_cli("report", "diff", str(old), str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in err
