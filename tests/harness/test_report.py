"""The per-rule verdict: how scenario outcomes become rule statuses."""

from __future__ import annotations

from harness.catalogue import parse_catalogue
from harness.report.build import build_report
from harness.report.collect import Outcome, Results
from harness.report.console import summary_lines
from harness.report.write import render_html

CATALOGUE = parse_catalogue("""
rules:
  - {id: GE-002-01, profile: genesys-engage, source: s, section: a, quote: q one, level: must,
     testability: automated}
  - {id: GE-002-02, profile: genesys-engage, source: s, section: a, quote: q two, level: must,
     testability: automated}
  - {id: GE-002-03, profile: genesys-engage, source: s, section: a, quote: q three,
     level: must, testability: not-testable, reason: concerns a UI}
  - {id: GE-002-04, profile: genesys-engage, source: s, section: a, quote: q four, level: must,
     testability: automated}
  - {id: LP-001-01, profile: liveperson, source: t, section: b, quote: q lp, level: must,
     testability: automated}
""")


def _outcome(nodeid: str, rules: tuple[str, ...], outcome: str, **kw: object) -> Outcome:
    return Outcome(nodeid=nodeid, when=kw.pop("when", "call"), outcome=outcome,  # type: ignore[arg-type]
                   rules=rules, **kw)  # type: ignore[arg-type]


def _report(*outcomes: Outcome, profiles: tuple[str, ...] = ("genesys-engage",),
            declared: tuple[str, ...] | None = None) -> dict:  # type: ignore[type-arg]
    results = Results()
    for o in outcomes:
        results.add(o)
    if declared is not None:
        results.target = {"name": "t", "profiles": list(declared)}
    return build_report(CATALOGUE, profiles, results, target_spec="reference")


def _status(report: dict, rule: str) -> str:  # type: ignore[type-arg]
    return next(r["status"] for r in report["rules"] if r["id"] == rule)


def test_a_rule_passes_only_when_its_scenarios_pass() -> None:
    report = _report(_outcome("a", ("GE-002-01",), "passed"))
    assert _status(report, "GE-002-01") == "passed"
    assert _status(report, "GE-002-02") == "not-automated", "no scenario: never passed"
    assert _status(report, "GE-002-03") == "not-automated"
    assert report["summary"]["verdict"] == "pass"


def test_a_violation_is_charged_to_its_rule_only() -> None:
    failed = _outcome("a", ("GE-002-01", "GE-002-02"), "failed", failure="boom",
                      violation={"rule": "GE-002-02", "message": "bad", "observed": {"x": 1}})
    report = _report(failed)
    assert _status(report, "GE-002-02") == "failed"
    assert _status(report, "GE-002-01") == "skipped", "not proven, but not failed either"
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-02")
    assert rule["failures"][0]["observed"] == {"x": 1}
    assert rule["text"] == "q two"
    assert report["summary"]["verdict"] == "fail"


def test_a_joint_violation_fails_every_rule_it_names() -> None:
    failed = _outcome("a", ("GE-002-01", "GE-002-02"), "failed",
                      violation={"rule": "GE-002-01,GE-002-02", "message": "bad"})
    report = _report(failed)
    assert _status(report, "GE-002-01") == _status(report, "GE-002-02") == "failed"


def test_a_plain_failure_fails_all_rules_of_the_scenario() -> None:
    report = _report(_outcome("a", ("GE-002-01", "GE-002-02"), "failed", failure="setup"))
    assert _status(report, "GE-002-01") == _status(report, "GE-002-02") == "failed"


def test_one_failing_scenario_fails_the_rule_even_if_others_pass() -> None:
    report = _report(_outcome("a", ("GE-002-01",), "passed"),
                     _outcome("b", ("GE-002-01",), "failed", failure="x"))
    assert _status(report, "GE-002-01") == "failed"


def test_a_teardown_failure_fails_the_scenario() -> None:
    report = _report(_outcome("a", ("GE-002-01",), "passed"),
                     _outcome("a", ("GE-002-01",), "failed", when="teardown", failure="x"))
    assert _status(report, "GE-002-01") == "failed"


def test_skips_are_reported_with_their_reason() -> None:
    report = _report(_outcome("a", ("GE-002-04",), "skipped",
                              skip_reason="target lacks capability: clock"))
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-04")
    assert rule["status"] == "skipped" and "clock" in rule["reason"]


def test_undeclared_profile_is_not_applicable() -> None:
    report = _report(_outcome("a", ("LP-001-01",), "skipped",
                              skip_reason="not applicable: target does not declare profile"),
                     profiles=("genesys-engage", "liveperson"), declared=("genesys-engage",))
    assert _status(report, "LP-001-01") == "not-applicable"
    assert report["summary"]["not-applicable"] == 1


def test_renderings_name_failed_rules() -> None:
    report = _report(_outcome("a", ("GE-002-01",), "failed",
                              violation={"rule": "GE-002-01", "message": "bad <value>"}))
    assert any("FAILED GE-002-01" in line for line in summary_lines(report))
    html = render_html(report)
    assert "GE-002-01" in html and "bad &lt;value&gt;" in html


GRADED = parse_catalogue("""
rules:
  - {id: GE-002-01, profile: genesys-engage, source: s, section: a, quote: must, level: must,
     testability: automated}
  - {id: GE-002-02, profile: genesys-engage, source: s, section: a, quote: should,
     level: should, testability: automated}
  - {id: GE-002-04, profile: genesys-engage, source: s, section: a, quote: example,
     level: informative, testability: automated}
""")


def _graded(*failing: str, strict: bool = False, skipped: str = "") -> dict:  # type: ignore[type-arg]
    results = Results()
    for rule in ("GE-002-01", "GE-002-02", "GE-002-04"):
        if rule == skipped:
            results.add(_outcome(rule, (rule,), "skipped",
                                 skip_reason="target lacks capability: clock"))
        elif rule in failing:
            results.add(_outcome(rule, (rule,), "failed", failure="x",
                                 violation={"rule": rule, "message": "m"}))
        else:
            results.add(_outcome(rule, (rule,), "passed"))
    return build_report(GRADED, ["genesys-engage"], results, target_spec="t", strict=strict)


def test_an_informative_rule_is_a_deviation_that_never_fails_the_run() -> None:
    report = _graded("GE-002-04", strict=True)
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-04")
    assert rule["status"] == "failed" and rule["grade"] == "deviation"
    assert report["summary"]["verdict"] == "pass"
    assert "1 deviation" in report["summary"]["verdictText"]
    assert any(line.startswith("DEVIATION GE-002-04") for line in summary_lines(report))


def test_a_should_rule_is_a_warning_that_fails_only_under_strict() -> None:
    assert _graded("GE-002-02")["summary"]["verdict"] == "pass"
    assert _graded("GE-002-02", strict=True)["summary"]["verdict"] == "fail"
    assert _graded("GE-002-01")["summary"]["verdict"] == "fail"


def test_a_run_with_rules_not_judged_is_an_incomplete_pass() -> None:
    report = _graded(skipped="GE-002-01")
    assert report["summary"]["verdict"] == "pass"
    assert report["summary"]["verdictText"].startswith("PASS (incomplete: 1 rule(s) not judged")
    assert report["summary"]["unjudged"] == {"missing capability or credentials": 1}
    assert _graded(skipped="GE-002-01", strict=True)["summary"]["verdict"] == "fail"


def test_junit_names_test_cases_by_rule_and_grades_failures() -> None:
    import xml.etree.ElementTree as ET

    from harness.report.junit import render_junit

    results = Results()
    results.add(_outcome("f.py::test_a", ("GE-002-04",), "failed", failure="x",
                         violation={"rule": "GE-002-04", "message": "example shape"},
                         steps=[{"keyword": "Scenario", "name": "An example", "outcome": ""},
                                {"keyword": "Then", "name": "it has the shape",
                                 "outcome": "failed"}]))
    results.add(_outcome("f.py::test_b", ("GE-002-01",), "passed"))
    report = build_report(GRADED, ["genesys-engage"], results, target_spec="t")
    root = ET.fromstring(render_junit(report, results.scenarios()))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"[GE-002-04] An example", "[GE-002-01] test_b"}
    failure = cases["[GE-002-04] An example"].find("failure")
    assert failure is not None and failure.get("type") == "deviation"
    assert failure.get("message") == "example shape"
    out = cases["[GE-002-04] An example"].findtext("system-out") or ""
    assert "Then it has the shape  [failed]" in out
    assert root.get("failures") == "1" and root.get("tests") == "2"


def test_markdown_and_badges_say_the_verdict() -> None:
    from harness.report.badge import badges
    from harness.report.markdown import render_markdown

    report = _graded("GE-002-01")
    text = render_markdown(report)
    assert text.startswith("## Co-browse conformance: FAIL (1 failed)")
    assert "| GE-002-01 | FAILED | must |" in text
    assert "`cobrowse-conformance run --rule GE-002-01 --target t`" in text
    svg = badges(report)["genesys-engage"]
    assert "2/3 rules passed" in svg and "#cf222e" in svg
    assert "#1a7f37" in badges(_graded())["genesys-engage"]


def test_a_discrepancy_the_catalogue_records_is_reported_beside_its_rule() -> None:
    catalogue = parse_catalogue("""
rules:
  - {id: GE-002-01, profile: genesys-engage, source: s, section: a, quote: q, level: must,
     testability: automated, note: "Contradiction with 000: it says otherwise."}
  - {id: GE-002-02, profile: genesys-engage, source: s, section: a, quote: q, level: must,
     testability: automated, note: "Checked as nine digits."}
""")
    results = Results()
    results.add(_outcome("a", ("GE-002-01", "GE-002-02"), "passed",
                         discrepancies=("GE-002-02: the scenario noticed this",)))
    report = build_report(catalogue, ["genesys-engage"], results, target_spec="t")
    rules = {r["id"]: r for r in report["rules"]}
    assert rules["GE-002-01"]["discrepancies"] == [
        "GE-002-01 (catalogue): Contradiction with 000: it says otherwise."]
    assert rules["GE-002-02"]["discrepancies"] == ["GE-002-02: the scenario noticed this"]
    assert report["summary"]["discrepancies"] == 2


SETUP_FAILED = "the customer starting a co-browse session failed: 400 {}"


def test_a_scenario_that_could_not_be_set_up_is_an_error_not_a_failure() -> None:
    import xml.etree.ElementTree as ET

    from harness.report.junit import render_junit

    results = Results()
    results.add(_outcome("f.py::test_a", ("GE-002-01", "GE-002-02"), "failed",
                         failure="SetupError", step_failed=True, error=SETUP_FAILED))
    results.add(_outcome("f.py::test_b", ("GE-002-04",), "passed"))
    report = build_report(CATALOGUE, ["genesys-engage"], results, target_spec="t")
    assert _status(report, "GE-002-01") == _status(report, "GE-002-02") == "error"
    assert _status(report, "GE-002-04") == "passed"
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-01")
    assert rule["reason"] == SETUP_FAILED and "failures" not in rule
    summary = report["summary"]
    assert summary["failed"] == 0 and summary["error"] == 2
    assert summary["verdict"] == "error"
    assert summary["errorReasons"] == [SETUP_FAILED]
    assert summary["verdictText"].startswith("ERROR (2 rule(s) could not be judged")
    assert any(line.startswith("ERROR (not judged") and SETUP_FAILED in line
               for line in summary_lines(report))
    root = ET.fromstring(render_junit(report, results.scenarios()))
    assert root.get("errors") == "1" and root.get("failures") == "0"


def test_what_an_oracle_found_in_a_scenario_that_could_not_be_set_up_still_fails() -> None:
    finding = {"rules": ["GE-002-04"], "oracle": "o", "message": "broken"}
    report = _report(_outcome("a", ("GE-002-01",), "failed", failure="SetupError",
                              step_failed=True, error=SETUP_FAILED,
                              oracle_findings=(finding,)))
    assert _status(report, "GE-002-01") == "error"
    assert _status(report, "GE-002-04") == "failed"
    assert report["summary"]["verdict"] == "fail", "a failed must rule outweighs an error"
