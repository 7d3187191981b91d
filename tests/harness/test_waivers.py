"""Waivers: a known failure does not fail the run until its waiver expires or is stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from harness.catalogue import load_catalogue
from harness.report.build import build_report
from harness.report.collect import Results
from harness.waivers import Waiver, WaiverError, load_waivers
from tests.conftest import run_suite
from tests.harness.test_report import GRADED, _outcome

TODAY = dt.date(2026, 11, 30)


def _run(status: str, expires: dt.date) -> dict:  # type: ignore[type-arg]
    results = Results()
    kw = {"failure": "x", "violation": {"rule": "GE-002-01", "message": "m"}}
    results.add(_outcome("s", ("GE-002-01",), status, **(kw if status == "failed" else {})))
    waiver = Waiver("GE-002-01", "known", "CB-1", expires)
    return build_report(GRADED, ["genesys-engage"], results, target_spec="t",
                        waivers={"GE-002-01": waiver}, today=TODAY)


def test_a_waived_failure_does_not_fail_the_run() -> None:
    report = _run("failed", TODAY)
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-01")
    assert rule["grade"] == "waived" and rule["waiver"]["ticket"] == "CB-1"
    assert report["summary"]["verdict"] == "pass" and report["summary"]["waived"] == 1


def test_an_expired_or_stale_waiver_fails_the_run() -> None:
    expired = _run("failed", TODAY - dt.timedelta(days=1))["summary"]
    assert expired["verdict"] == "fail" and "expired on 2026-11-29" in expired["verdictText"]
    stale = _run("passed", TODAY)["summary"]
    assert stale["verdict"] == "fail" and "passes now: remove its waiver" in stale["verdictText"]


@pytest.mark.parametrize(("text", "error"), [
    ("waivers: [{rule: XX-1, reason: r, ticket: t, expires: 2030-01-01}]", "no catalogued rule"),
    ("waivers: [{rule: GE-002-08, reason: r, ticket: t}]", "missing expires"),
    ("waivers: [{rule: GE-002-08, reason: r, ticket: t, expires: soon}]", "is not a date"),
    ("rules: []", "one key, 'waivers'"),
])
def test_a_bad_waiver_file_is_refused(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    with pytest.raises(WaiverError, match=error):
        load_waivers(path, load_catalogue())


@pytest.mark.slow
def test_waiving_a_broken_rule_turns_the_run_green_until_it_expires(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    broken = ("--profile", "genesys-engage", "--fault", "engage.short-token")
    code, report, output = run_suite(tmp_path / "plain", *broken)
    assert code == 1
    failed = sorted(r["id"] for r in report["rules"] if r["status"] == "failed")
    waivers.write_text("waivers:\n" + "".join(
        f"  - {{rule: {rule}, reason: short IDs, ticket: CB-9, expires: {future}}}\n"
        for rule in failed))
    code, report, output = run_suite(tmp_path / "waived", *broken, "--waivers", str(waivers))
    assert code == 0, output[-3000:]
    assert report["summary"]["waived"] == len(failed)
    waivers.write_text(waivers.read_text().replace(future, "2020-01-01"))
    code, report, output = run_suite(tmp_path / "expired", *broken, "--waivers", str(waivers))
    assert code == 1 and "expired on 2020-01-01" in output
