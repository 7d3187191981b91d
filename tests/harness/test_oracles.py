"""The run log and the rule oracles: what is recorded, how findings become verdicts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest

from harness.catalogue import PROFILES, load_catalogue
from harness.oracles import Finding, finding, judge, oracle, oracles_of
from harness.report.build import build_report
from harness.report.collect import Outcome, Results
from harness.runlog import ClockEntry, Entry, HttpEntry, RunLog, classify
from tests.harness.test_report import CATALOGUE


def test_exchanges_are_classified_by_channel_and_profile() -> None:
    assert classify("/driver/genesys-engage/sessions/1") == ("driver", "genesys-engage")
    assert classify("/driver/liveperson/lptag/publish") == ("lptag", "liveperson")
    assert classify("/control/clock/advance") == ("control", None)
    assert classify("/api/v2/conversations/x") == ("platform", "genesys-cloud")
    assert classify("/openapi.json") == ("other", None)


def test_the_log_keeps_order_and_the_targets_clock() -> None:
    log = RunLog()
    log.http("GET", "http://t/driver/genesys-engage/sessions/1?role=agent", 200, None, {"a": 1})
    log.http("POST", "http://t/control/clock/advance", 200, {"seconds": 2.5},
             {"now": 1_700_000_002_500})
    frame = log.frame(log.new_socket("first"), "in", {"kind": "notification"})
    entries = log.snapshot()
    assert [e.seq for e in entries] == [0, 1, 2, 3]
    first = entries[0]
    assert isinstance(first, HttpEntry) and first.query == {"role": "agent"}
    assert first.target_ms is None, "no clock reading yet"
    clock = entries[2]
    assert isinstance(clock, ClockEntry) and clock.seconds == 2.5
    assert clock.target_ms == 1_700_000_002_500
    assert frame.target_ms == 1_700_000_002_500 and frame.socket == "first"
    assert log.new_socket("first") == "first#2", "a reconnect is another socket"


# -- a profile of the test's own, so the registry of the real ones is untouched ---------
TEST_PROFILE = "test-profile"


@oracle(TEST_PROFILE, "GE-002-02")
def _ids_never_change(entries: Sequence[Entry]) -> Iterable[Finding]:
    """A session's id never changes between readings."""
    seen: dict[str, HttpEntry] = {}
    for entry in entries:
        if isinstance(entry, HttpEntry) and isinstance(entry.response, dict):
            key = str(entry.response.get("key"))
            before = seen.get(key)
            if before is not None and before.response["id"] != entry.response["id"]:
                yield finding("GE-002-02", "id changed", entry, before,
                              observed=entry.response)
            seen[key] = entry


def test_an_oracle_reports_the_exchange_and_the_reading_it_compared() -> None:
    log = RunLog()
    for i, ident in enumerate(["a", "a", "b", "c", "d", "e"]):
        log.http("GET", f"http://t/driver/x/{i}", 200, None, {"key": 1, "id": ident})
    found = judge(TEST_PROFILE, log)
    assert len(found) == 3, "at most three findings per rule and scenario"
    first = found[0].as_dict()
    assert first["rules"] == ["GE-002-02"] and first["oracle"] == "_ids_never_change"
    assert first["exchange"]["seq"] == 2 and first["before"]["seq"] == 1
    assert first["observed"] == {"key": 1, "id": "b"}


def test_an_oracle_cannot_charge_a_rule_it_does_not_declare() -> None:
    @oracle("test-profile-2", "GE-002-01")
    def wrong(entries: Sequence[Entry]) -> Iterable[Finding]:
        yield finding("GE-002-04", "not mine", None)

    with pytest.raises(ValueError, match="does not declare"):
        judge("test-profile-2", RunLog())


@pytest.mark.parametrize("profile", PROFILES)
def test_every_oracle_judges_automated_rules_of_its_profile(profile: str) -> None:
    catalogue = load_catalogue()
    for check in oracles_of(profile):
        assert check.doc, f"oracle {check.name} has no docstring saying what it judges"
        for rule in check.rules:
            assert rule in catalogue, f"{check.name} judges unknown rule {rule}"
            assert catalogue.get(rule).profile == profile, f"{check.name}: {rule}"
            assert catalogue.get(rule).automated, f"{check.name} judges non-automated {rule}"


def test_a_finding_fails_the_oracles_rule_and_not_the_scenarios_own() -> None:
    finding_ = {"rules": ["GE-002-02"], "oracle": "o", "message": "id changed",
                "exchange": {"seq": 7}, "before": {"seq": 3}, "observed": {"id": "b"}}
    results = Results()
    results.add(Outcome(nodeid="s1", when="call", outcome="failed", rules=("GE-002-01",),
                        step_failed=False, oracle_findings=(finding_,),
                        log=[{"seq": 3}, {"seq": 7}]))
    report = build_report(CATALOGUE, ["genesys-engage"], results, target_spec="reference",
                          oracles={"GE-002-02": ["o"]})
    rules = {r["id"]: r for r in report["rules"]}
    assert rules["GE-002-01"]["status"] == "passed", "its own steps proved it"
    failed = rules["GE-002-02"]
    assert failed["status"] == "failed" and failed["oracles"] == ["o"]
    assert failed["caughtBy"] == ["oracle"]
    failure = failed["failures"][0]
    assert failure["by"] == "oracle" and failure["scenario"] == "s1"
    assert failure["exchange"] == {"seq": 7} and failure["before"] == {"seq": 3}
    assert failure["log"].startswith("evidence/")
    assert report["summary"]["verdict"] == "fail"


def test_a_step_failure_and_a_finding_are_both_reported() -> None:
    finding_ = {"rules": ["GE-002-04"], "oracle": "o", "message": "m"}
    results = Results()
    results.add(Outcome(nodeid="s1", when="call", outcome="failed",
                        rules=("GE-002-01", "GE-002-02"), step_failed=True,
                        violation={"rule": "GE-002-01", "message": "bad"},
                        oracle_findings=(finding_,)))
    report = build_report(CATALOGUE, ["genesys-engage"], results, target_spec="reference")
    rules = {r["id"]: r for r in report["rules"]}
    assert rules["GE-002-01"]["status"] == "failed"
    assert rules["GE-002-01"]["failures"][0]["by"] == "step"
    assert rules["GE-002-02"]["status"] == "skipped", "the scenario stopped before proving it"
    assert rules["GE-002-04"]["status"] == "failed"


def test_a_call_knows_which_frames_arrived_while_it_was_in_flight() -> None:
    log = RunLog()
    log.frame("first", "in", {"before": True})
    started = log.mark()
    log.frame("first", "in", {"during": True})
    entry = log.http("POST", "http://t/control/clock/advance", 200, {"seconds": 1}, {"now": 5},
                     started=started)
    assert entry.started == started == 1 and entry.seq == 2
    during = [e for e in log.snapshot() if entry.started <= e.seq < entry.seq]
    assert [getattr(e, "frame", None) for e in during] == [{"during": True}]
