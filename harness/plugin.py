"""The pytest plugin: options, fixtures, the rule marker, and per-rule results.

Registered through the ``pytest11`` entry point, so ``pytest`` run on the
suite (or on a vendor's own feature files) gets the same options as the
``cobrowse-conformance run`` command, which is a thin layer over this.

How tags, fixtures and steps meet: a scenario tag ``@rule:GE-002-05`` becomes
``pytest.mark.rule("GE-002-05")`` (pytest-bdd's ``pytest_bdd_apply_tag``);
``@needs:clock`` becomes ``pytest.mark.needs("clock")``. Any other tag must be
a registered marker (``--strict-markers``), so a typo in a tag fails loudly.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from harness import progress
from harness.catalogue import PROFILES, CatalogueError, add_rules_file, load_catalogue
from harness.checks import DISCREPANCY, RuleViolation, SetupError, setup_error_reason
from harness.clients.http import Control, DriverClient
from harness.oracles import Finding, judge, oracle_names, render
from harness.plugin_constants import (
    EXIT_TARGET_MISCONFIGURED,
    EXIT_TARGET_UNREACHABLE,
    NEEDS_CAPABILITY,
    NOT_APPLICABLE,
)
from harness.report.collect import Outcome, Results
from harness.report.write import DEFAULT_FORMATS, FORMATS, parse_formats
from harness.runlog import RunLog
from harness.selection import Selection, SelectionError
from harness.targets import (
    ReferenceTarget,
    Target,
    TargetConfigError,
    TargetInfo,
    TargetUnreachable,
    make_target,
    preflight,
)
from harness.waivers import Waiver, WaiverError, load_waivers

#: Step definitions per profile. Only the selected profiles' are loaded: pytest-bdd looks
#: every step up among all registered step fixtures, so fewer makes every step faster.
STEP_MODULES = {
    "genesys-engage": "harness.steps.genesys_engage",
    "genesys-cloud": "harness.steps.genesys_cloud",
    "liveperson": "harness.steps.liveperson",
}
#: Credentials a profile's steps need from the target (any one of the key sets).
REQUIRED_CREDENTIALS: dict[str, tuple[tuple[str, ...], ...]] = {
    "genesys-cloud": (("token",),),
    "liveperson": (("accountId", "jwtKey"), ("accountId", "jwt"), ("accountId", "jwts")),
}
RESULTS_KEY = pytest.StashKey[Results]()
SELECTION_KEY = pytest.StashKey[Selection]()
WAIVERS_KEY = pytest.StashKey[dict[str, Waiver]]()
FORMATS_KEY = pytest.StashKey[tuple[str, ...]]()
LISTED_KEY = pytest.StashKey[bool]()
TARGET_KEY = pytest.StashKey[Target]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cobrowse", "co-browse conformance")
    group.addoption(
        "--cobrowse-target", default=None, metavar="TARGET",
        help="'reference' (default: the bundled reference server, in process) or the base "
        "URL of an implementation serving the driver API",
    )
    group.addoption(
        "--cobrowse-target-file", default=None, metavar="FILE", type=Path,
        help="YAML/JSON file with the target's url, headers (credentials), profiles, "
        "capabilities and per-profile credentials",
    )
    group.addoption(
        "--cobrowse-profile", action="append", default=[], metavar="NAME",
        choices=list(PROFILES),
        help=f"run only this profile's rules (repeatable; default all: {', '.join(PROFILES)})",
    )
    group.addoption(
        "--cobrowse-report-dir", default=None, metavar="DIR", type=Path,
        help="write conformance.json and conformance.html here",
    )
    group.addoption(
        "--cobrowse-fault", action="append", default=[], metavar="NAME",
        help="switch a fault on in the bundled reference (self-test of the suite)",
    )
    group.addoption(
        "--cobrowse-rule", action="append", default=[], metavar="ID",
        help="run only this rule's scenarios (repeatable; * patterns such as 'GE-002-*')",
    )
    group.addoption(
        "--cobrowse-source", action="append", default=[], metavar="SOURCE",
        help="run only the rules of this source document (000 .. 004; repeatable)",
    )
    group.addoption(
        "--cobrowse-level", action="append", default=[], metavar="LEVEL",
        help="run only rules of this level (must, should, informative; repeatable)",
    )
    group.addoption(
        "--cobrowse-tag", action="append", default=[], metavar="TAG",
        help="run only scenarios carrying this Gherkin tag (without '@'; repeatable)",
    )
    group.addoption(
        "--cobrowse-shard", default=None, metavar="I/N",
        help="run only the I-th of N deterministic parts of the rules (merge the reports "
        "with `cobrowse-conformance report merge`)",
    )
    group.addoption(
        "--cobrowse-rules-file", action="append", default=[], metavar="FILE", type=Path,
        help="a YAML file of your own rules (the catalogue's format, IDs of your own such as "
        "ACME-LOGIN-1) that your feature files tag; reported beside the catalogue's",
    )
    group.addoption(
        "--cobrowse-list", action="store_true", default=False,
        help="print the rules and scenarios the selection would run, and run nothing",
    )
    group.addoption(
        "--cobrowse-report", default=",".join(DEFAULT_FORMATS), metavar="FORMATS",
        help=f"reports to write to --cobrowse-report-dir, comma-separated from "
        f"{', '.join(FORMATS)} (default {','.join(DEFAULT_FORMATS)}; json always; cucumber "
        "needs pytest-bdd's --cucumberjson)",
    )
    group.addoption(
        "--cobrowse-waivers", default=None, metavar="FILE", type=Path,
        help="YAML/JSON file of waived rules (rule, reason, ticket, expires): their failures "
        "do not fail the run; an expired waiver, or one whose rule passes, does",
    )
    group.addoption(
        "--cobrowse-strict", action="store_true", default=False,
        help="the verdict fails also on a 'should' rule's warning and on rules not judged",
    )
    group.addoption(
        "--cobrowse-no-oracles", action="store_true", default=False,
        help="judge each rule only by its own scenarios' Then steps, not by the rule "
        "oracles over every scenario's log (to measure what the oracles add)",
    )
    group.addoption(
        "--cobrowse-real-time", action="store_true", default=False,
        help="against a target without clock control, wait in real time instead of "
        "skipping time rules",
    )
    progress.add_option(group)


def pytest_configure(config: pytest.Config) -> None:
    for rules_file in config.getoption("cobrowse_rules_file"):
        try:
            add_rules_file(rules_file)
        except CatalogueError as exc:
            raise pytest.UsageError(str(exc)) from None
    config.addinivalue_line(
        "markers", "rule(*ids): the catalogue rules a conformance scenario checks"
    )
    config.addinivalue_line(
        "markers", "needs(capability): the scenario needs a target capability (e.g. clock)"
    )
    config.pluginmanager.import_plugin("harness.steps.common")
    for profile in config.getoption("cobrowse_profile") or PROFILES:
        config.pluginmanager.import_plugin(STEP_MODULES[profile])
    config.stash[RESULTS_KEY] = Results()
    config.addinivalue_line(
        "markers", "cobrowse_tags(*tags): the Gherkin tags of a scenario (for --cobrowse-tag)"
    )
    try:
        selection = Selection.of(config.getoption("cobrowse_rule"),
                                 config.getoption("cobrowse_source"),
                                 config.getoption("cobrowse_level"),
                                 config.getoption("cobrowse_tag"),
                                 config.getoption("cobrowse_shard"))
        selection.check(load_catalogue())
    except SelectionError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[SELECTION_KEY] = selection
    waiver_file = config.getoption("cobrowse_waivers")
    try:
        config.stash[WAIVERS_KEY] = (load_waivers(waiver_file, load_catalogue())
                                     if waiver_file else {})
    except WaiverError as exc:
        raise pytest.UsageError(str(exc)) from None
    try:
        config.stash[FORMATS_KEY] = parse_formats(config.getoption("cobrowse_report"))
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    _CONFIG["config"] = config
    progress.install(config)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> bool | None:
    pytest.mark.cobrowse_tags(tag)(function)
    for prefix, mark in (("rule:", pytest.mark.rule), ("needs:", pytest.mark.needs)):
        if tag.startswith(prefix):
            mark(tag[len(prefix):])(function)
            return True
    return None


def rules_of(item: pytest.Item) -> list[str]:
    return [rule for mark in item.iter_markers("rule") for rule in mark.args]


def tags_of(item: pytest.Item) -> list[str]:
    return [tag for mark in item.iter_markers("cobrowse_tags") for tag in mark.args]


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    catalogue = load_catalogue()
    wanted = set(config.getoption("cobrowse_profile") or PROFILES)
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    unselected: list[pytest.Item] = []
    for item in items:
        rules = rules_of(item)
        if not rules:
            keep.append(item)
            continue
        for rule in rules:
            if rule not in catalogue:
                raise pytest.UsageError(f"{item.nodeid} is tagged with unknown rule {rule}")
        profiles = {catalogue.get(rule).profile for rule in rules}
        if len(profiles) != 1:
            raise pytest.UsageError(f"{item.nodeid} mixes rules of profiles {sorted(profiles)}")
        profile = profiles.pop()
        if profile not in wanted:
            drop.append(item)
            continue
        selection = config.stash[SELECTION_KEY]
        if selection.active and not selection.keeps([catalogue.get(r) for r in rules],
                                                    tags_of(item)):
            unselected.append(item)
            continue
        item.user_properties.append(("cobrowse_rules", ",".join(rules)))
        item.user_properties.append(("cobrowse_profile", profile))
        keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
    if unselected:
        # Rules the selection keeps but whose scenarios it leaves out (--tag): not run.
        config.stash[RESULTS_KEY].deselected.update(
            r for item in unselected for r in rules_of(item)
            if config.stash[SELECTION_KEY].selects(catalogue.get(r)))
        config.hook.pytest_deselected(items=unselected)
    if drop or unselected:
        items[:] = keep


def pytest_deselected(items: list[pytest.Item]) -> None:
    """Remember the rules of scenarios left out (-k, -m), so they are not taken as unchecked."""
    config = _CONFIG.get("config")
    if config is None:
        return
    for item in items:
        config.stash[RESULTS_KEY].deselected.update(rules_of(item))


def pytest_collection_finish(session: pytest.Session) -> None:
    """``--cobrowse-list``: print what the selection would run, then run nothing."""
    config = session.config
    if not config.getoption("cobrowse_list"):
        return
    catalogue = load_catalogue()
    by_rule: dict[str, list[str]] = {}
    for item in session.items:
        for rule in rules_of(item):
            by_rule.setdefault(rule, []).append(item.nodeid)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    lines = []
    for entry in catalogue.for_profiles(config.getoption("cobrowse_profile") or PROFILES):
        if entry.id in by_rule:
            lines.append(f"{entry.id} [{entry.level}] {entry.quote[:90]}")
            lines.extend(f"    {nodeid}" for nodeid in by_rule[entry.id])
    lines.append(f"{len(by_rule)} rule(s), {len(session.items)} scenario(s) selected")
    if reporter is not None:
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line)
    session.items.clear()
    config.stash[LISTED_KEY] = True


def pytest_report_header(config: pytest.Config) -> str | None:
    spec = config.getoption("cobrowse_target") or "reference"
    profiles = config.getoption("cobrowse_profile") or list(PROFILES)
    return f"cobrowse-conformance: target {spec}; profiles {', '.join(profiles)}"


# -- fixtures ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def cobrowse_target(pytestconfig: pytest.Config) -> Iterator[TargetInfo]:
    """The running target (started once per test session, stopped at its end)."""
    try:
        target = make_target(
            pytestconfig.getoption("cobrowse_target"),
            pytestconfig.getoption("cobrowse_target_file"),
            tuple(pytestconfig.getoption("cobrowse_fault")),
        )
        info = target.start()
        if not isinstance(target, ReferenceTarget):
            preflight(info, pytestconfig.getoption("cobrowse_profile") or PROFILES)
    except TargetUnreachable as exc:
        pytest.exit(str(exc), returncode=EXIT_TARGET_UNREACHABLE)
    except TargetConfigError as exc:
        pytest.exit(str(exc), returncode=EXIT_TARGET_MISCONFIGURED)
    try:
        yield info
    finally:
        target.stop()


@pytest.fixture
def rule_id(request: pytest.FixtureRequest) -> str:
    """The rule(s) this scenario proves, comma-joined, for ``expect`` and ``validate``.

    A scenario carries one rule tag, or several when the source states the same
    requirement more than once (a table row and its events-table restatement):
    its checks then prove them together, and a failure is charged to each.
    """
    rules = rules_of(request.node)
    if not rules:
        pytest.fail(f"{request.node.nodeid} carries no @rule tag")
    return ",".join(rules)


RUNLOG_KEY = pytest.StashKey[RunLog]()
#: A failed scenario's log is written as evidence, up to this many of its newest entries.
LOG_LIMIT = 500


@pytest.fixture
def runlog(request: pytest.FixtureRequest) -> RunLog:
    """Everything this scenario observes of the target, for the oracles and the report."""
    log = RunLog()
    request.node.stash[RUNLOG_KEY] = log
    return log


@pytest.fixture
def world(cobrowse_target: TargetInfo) -> str | None:
    """A private world for this scenario when the target can isolate scenarios."""
    return f"w-{uuid.uuid4().hex}" if cobrowse_target.can("worlds") else None


@pytest.fixture
def driver(
    cobrowse_target: TargetInfo, world: str | None, runlog: RunLog
) -> Iterator[DriverClient]:
    client = DriverClient(cobrowse_target, world, runlog)
    if cobrowse_target.can("clock"):
        # The target's clock at the start, so every entry of the log carries it (oracles
        # compare the times a target reports with the time it was when it reported them).
        client.get("/control/clock")
    yield client
    client.close()


@pytest.fixture
def control(driver: DriverClient, cobrowse_target: TargetInfo) -> Iterator[Control]:
    control = Control(driver, cobrowse_target)
    yield control
    control.restore()


@pytest.fixture(autouse=True)
def _applicability(request: pytest.FixtureRequest) -> None:
    """Skip conformance scenarios the target cannot be judged on, saying why."""
    node = request.node
    profile = dict(node.user_properties).get("cobrowse_profile")
    if profile is None:
        return
    target: TargetInfo = request.getfixturevalue("cobrowse_target")
    node.user_properties.append(("cobrowse_target", json.dumps(target.as_dict())))
    if profile not in target.profiles:
        pytest.skip(f"{NOT_APPLICABLE} target does not declare profile {profile}")
    needed = REQUIRED_CREDENTIALS.get(profile, ())
    have = target.credentials.get(profile, {})
    if needed and not any(all(have.get(k) for k in keys) for keys in needed):
        wanted = " or ".join("{" + ", ".join(keys) + "}" for keys in needed)
        pytest.skip(f"{NEEDS_CAPABILITY} credentials for {profile}: give them in the target "
                    f"file as credentials: {{{profile}: {wanted}}}")
    real_time = request.config.getoption("cobrowse_real_time")
    for mark in node.iter_markers("needs"):
        for capability in mark.args:
            if not target.can(capability) and not (capability == "clock" and real_time):
                pytest.skip(f"{NEEDS_CAPABILITY} {capability} (the target does not offer it)")


# -- steps, for the reports ---------------------------------------------------------------
STEPS_KEY = pytest.StashKey[list[dict[str, str]]]()


def _step(request: pytest.FixtureRequest, scenario: Any, step: Any, outcome: str) -> None:
    steps = request.node.stash.setdefault(STEPS_KEY, [])
    if not steps:
        steps.append({"keyword": "Scenario", "name": str(scenario.name), "outcome": ""})
    steps.append({"keyword": str(step.keyword), "name": str(step.name), "outcome": outcome,
                  "type": str(getattr(step, "type", ""))})


def pytest_bdd_after_step(request: pytest.FixtureRequest, feature: Any, scenario: Any,
                          step: Any, step_func: Any, step_func_args: Any) -> None:
    _step(request, scenario, step, "passed")


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Any, scenario: Any,
                          step: Any, step_func: Any, step_func_args: Any,
                          exception: Exception) -> None:
    _step(request, scenario, step, "failed")


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Any,
                                      scenario: Any, step: Any, exception: Exception) -> None:
    _step(request, scenario, step, "undefined")


# -- results ----------------------------------------------------------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if not rules_of(item):
        return
    log = item.stash.get(RUNLOG_KEY, None)
    findings: list[Finding] = []
    if call.when == "call" and log is not None and not report.skipped and \
            not item.config.getoption("cobrowse_no_oracles"):
        profile = dict(item.user_properties).get("cobrowse_profile")
        if profile is not None:
            try:
                findings = judge(str(profile), log)
            except Exception as crash:  # a bug of the harness: shown, never a passed scenario
                report.outcome = "failed"
                report.longrepr = f"a rule oracle of the harness crashed: {crash!r}"
                report.user_properties.append(("cobrowse_step_failed", "1"))
    if report.failed and call.excinfo is not None:
        report.user_properties.append(("cobrowse_step_failed", "1"))
        exc = call.excinfo.value
        reason = setup_error_reason(exc)
        failed_steps = [s for s in item.stash.get(STEPS_KEY, []) if s["outcome"] != "passed"]
        if reason is not None and isinstance(exc, SetupError) and failed_steps and \
                failed_steps[-1].get("type") == "then":
            # A Then step's own reading refused: the target did not show what the rule
            # needs, which is a failure of the scenario's rules, not of the set-up.
            reason = None
        if reason is not None:
            report.user_properties.append(("cobrowse_error", reason))
        if isinstance(exc, RuleViolation):
            report.user_properties.append(("cobrowse_violation", json.dumps(
                {"rule": exc.rule, "message": exc.message, "observed": exc.observed},
                default=str)))
    if findings:
        report.user_properties.append(("cobrowse_oracle", json.dumps(
            [f.as_dict() for f in findings], default=str)))
        text = "rule oracles found violations:\n" + render(findings)
        if report.passed:
            report.outcome = "failed"
            report.longrepr = text
        else:
            report.sections.append(("rule oracles", text))
    if call.when == "call":
        steps = item.stash.get(STEPS_KEY, [])
        report.user_properties.append(("cobrowse_steps", json.dumps(steps)))
    if report.failed and log is not None:
        report.user_properties.append(("cobrowse_evidence", json.dumps(log.last(), default=str)))
        report.user_properties.append(("cobrowse_log", json.dumps(
            [e.describe() for e in log.snapshot()[-LOG_LIMIT:]], default=str)))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    props = {str(k): str(v) for k, v in report.user_properties}
    if "cobrowse_rules" not in props:
        return
    config = _CONFIG.get("config")
    if config is None:
        return
    results = config.stash[RESULTS_KEY]
    skip_reason = ""
    if report.skipped and isinstance(report.longrepr, tuple):
        skip_reason = str(report.longrepr[2]).removeprefix("Skipped: ")
    failure = ""
    if report.failed:
        failure = str(getattr(report, "longreprtext", "") or report.longrepr)[-4000:]
    violation = json.loads(props["cobrowse_violation"]) if "cobrowse_violation" in props else None
    evidence = json.loads(props["cobrowse_evidence"]) if "cobrowse_evidence" in props else None
    oracle = json.loads(props["cobrowse_oracle"]) if "cobrowse_oracle" in props else []
    log = json.loads(props["cobrowse_log"]) if "cobrowse_log" in props else None
    steps = json.loads(props["cobrowse_steps"]) if "cobrowse_steps" in props else None
    error = props.get("cobrowse_error", "")
    discrepancies = tuple(dict.fromkeys(
        str(value) for key, value in report.user_properties if key == DISCREPANCY))
    if "cobrowse_target" in props:
        results.target = json.loads(props["cobrowse_target"])
    results.add(Outcome(
        nodeid=report.nodeid,
        when=report.when,
        outcome=report.outcome,
        rules=tuple(props["cobrowse_rules"].split(",")),
        skip_reason=skip_reason,
        failure=failure,
        violation=violation,
        evidence=evidence,
        duration=report.duration,
        discrepancies=discrepancies,
        step_failed="cobrowse_step_failed" in props or (report.failed and not oracle),
        oracle_findings=tuple(oracle),
        error=error,
        log=log,
        steps=steps,
    ))


_CONFIG: dict[str, pytest.Config] = {}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """xdist: gather the rules whose scenarios a worker deselected (-k, -m, --tag)."""
    output = getattr(node, "workeroutput", None) or {}
    config = _CONFIG.get("config")
    if config is not None:
        config.stash[RESULTS_KEY].deselected.update(output.get("cobrowse_deselected", []))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if config.stash.get(LISTED_KEY, False):
        session.exitstatus = pytest.ExitCode.OK  # listed, as asked: not "no tests ran"
        return
    if hasattr(config, "workerinput"):
        # Under xdist the controller writes the report: tell it what this worker left out.
        workeroutput: dict[str, Any] = config.workeroutput  # type: ignore[attr-defined]
        workeroutput["cobrowse_deselected"] = sorted(config.stash[RESULTS_KEY].deselected)
        return
    results = config.stash[RESULTS_KEY]
    if not results.outcomes:
        return
    from harness.report.build import build_report
    from harness.report.write import write_reports

    try:
        profiles = config.getoption("cobrowse_profile") or list(PROFILES)
        oracles = {} if config.getoption("cobrowse_no_oracles") else oracle_names(profiles)
        report = build_report(
            load_catalogue(),
            profiles,
            results,
            oracles=oracles,
            selection=config.stash[SELECTION_KEY],
            strict=config.getoption("cobrowse_strict"),
            waivers=config.stash[WAIVERS_KEY],
            target_spec=config.getoption("cobrowse_target") or "reference",
            faults=config.getoption("cobrowse_fault"),
        )
    except CatalogueError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[REPORT_KEY] = report
    report_dir = config.getoption("cobrowse_report_dir")
    if report_dir is not None:
        try:
            formats: tuple[str, ...] = config.stash[FORMATS_KEY]
            write_reports(report, report_dir, results.scenarios(), formats)
        except OSError as exc:
            config.stash[WRITE_ERROR_KEY] = f"cannot write the reports to {report_dir}: {exc}"


REPORT_KEY = pytest.StashKey[dict[str, Any]]()
WRITE_ERROR_KEY = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    report = config.stash.get(REPORT_KEY, None)
    if report is None:
        return
    from harness.report.console import summary_lines

    terminalreporter.section("co-browse conformance")
    for line in summary_lines(report):
        terminalreporter.write_line(line)
    error = config.stash.get(WRITE_ERROR_KEY, None)
    if error:
        terminalreporter.write_line(f"error: {error}", red=True)
