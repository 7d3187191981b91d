"""The run's progress: plain lines for CI logs, a rich live display on a terminal, or nothing."""

from __future__ import annotations

import importlib
import io
import json
import re
from typing import Any

import pytest
from rich.console import Console

from harness import plugin
from harness.catalogue import PROFILES
from harness.checks import RuleViolation
from harness.cli import main
from harness.oracles import oracle_names
from harness.plugin_constants import NEEDS_CAPABILITY
from harness.progress import (
    PlainView,
    ProgressPlugin,
    RichView,
    choose_mode,
    profile_of,
)

pytest_plugins = ["pytester"]

ANSI = re.compile(r"\x1b\[")

#: Three scenarios as the plugin sees them: one passes, one breaks its rule, and one cannot
#: be judged. They need no target, so the conftest stands in for the target check.
SCENARIOS = f'''
import pytest
from harness.checks import RuleViolation

@pytest.mark.rule("GE-002-01")
def test_a_session_starts():
    pass

@pytest.mark.rule("GE-002-08")
def test_the_id_has_nine_digits():
    raise RuleViolation("GE-002-08", "the session ID has ten digits")

@pytest.mark.rule("GE-002-02")
def test_idle_until_joined():
    pytest.skip("{NEEDS_CAPABILITY} clock (the target does not offer it)")
'''
CONFTEST = '''
import pytest

@pytest.fixture(autouse=True)
def _applicability():
    """These scenarios reach no target."""
'''


@pytest.fixture(scope="session")
def _imported_before_pytester() -> None:
    """pytester drops the modules imported while it was in use; the oracles refuse to
    register twice, so they (and what else the plugin imports late) are imported first."""
    for module in ("harness.steps.common", *plugin.STEP_MODULES.values(),
                   "harness.report.build", "harness.report.write"):
        importlib.import_module(module)
    oracle_names(list(PROFILES))


@pytest.fixture
def scenarios(_imported_before_pytester: None, pytester: pytest.Pytester,
              monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A folder of scenarios, run in process with the plugins `run` loads (and no others)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    for name in ("PY_COLORS", "FORCE_COLOR", "NO_COLOR", "PYTEST_ADDOPTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(plugin, "_CONFIG", {})  # the inner run's config stays its own
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_genesys_engage=SCENARIOS)
    return pytester


def _run(scenarios: pytest.Pytester, *args: str) -> str:
    result = scenarios.runpytest("-p", "pytest_bdd.plugin", "-p", "harness.plugin", *args)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    return str(result.stdout.str())


def test_ci_gets_a_plain_line_per_scenario_with_its_failed_rules(
    scenarios: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    out = _run(scenarios, "--cobrowse-progress", "auto")
    lines = [line for line in out.splitlines() if line.startswith("[")]
    assert len(lines) == 3, out
    assert re.match(r"\[1/3\] passed +genesys-engage a_session_starts \(GE-002-01\)$", lines[0])
    assert "FAILED" in lines[1]
    assert "failed rules: GE-002-08 (steps)" in lines[1]
    assert "not judged" in lines[2] and NEEDS_CAPABILITY in lines[2]
    assert ("progress: genesys-engage 3/3 (passed 1, failed 1, skipped 0, not judged 1)"
            in out)
    assert "progress: failed rules: GE-002-08" in out
    assert not ANSI.search(out)
    # The lines stand in for pytest's letters; pytest's summary stays.
    assert not re.search(r"^[.Fs]+(\[|$)", out, re.MULTILINE)
    assert "1 failed, 1 passed, 1 skipped" in out


def test_off_leaves_pytests_output_alone(scenarios: pytest.Pytester) -> None:
    out = _run(scenarios, "--cobrowse-progress", "off")
    assert "progress:" not in out
    assert not re.search(r"^\[\d+/\d+\]", out, re.MULTILINE)
    assert re.search(r"^test_genesys_engage\.py \.Fs", out, re.MULTILINE), out


def test_plain_pytest_shows_no_progress_unless_asked(scenarios: pytest.Pytester) -> None:
    out = _run(scenarios)
    assert "progress:" not in out


def test_a_progress_mode_and_verbose_lines_are_refused_together(
    scenarios: pytest.Pytester,
) -> None:
    result = scenarios.runpytest("-p", "pytest_bdd.plugin", "-p", "harness.plugin", "-v",
                                 "--cobrowse-progress", "plain")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert main(["run", "-v", "--progress", "rich"]) == 2


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(("environ", "tty", "verbose", "mode"), [
    ({}, True, False, "rich"),
    ({"CI": "true"}, True, False, "plain"),
    ({"CI": "false"}, True, False, "rich"),
    ({}, False, False, "plain"),
    ({"TERM": "dumb"}, True, False, "plain"),
    ({}, True, True, "off"),
])
def test_auto_is_a_live_display_only_where_someone_watches_a_terminal(
    environ: dict[str, str], tty: bool, verbose: bool, mode: str
) -> None:
    assert choose_mode("auto", _Stream(tty), environ, verbose) == mode
    assert choose_mode("plain", _Stream(True), {}, False) == "plain"


def _report(nodeid: str, when: str, outcome: str, rules: str,
            longrepr: Any = None, **props: Any) -> pytest.TestReport:
    user_properties = [("cobrowse_rules", rules), ("cobrowse_profile", "genesys-engage"),
                       *props.items()]
    return pytest.TestReport(nodeid, ("x.py", 0, nodeid), {}, outcome, longrepr, when,
                             user_properties=user_properties)


def _feed(progress: ProgressPlugin) -> None:
    """What the xdist controller hears: the IDs, then each worker's reports."""
    ids = [f"harness/suite/test_genesys_engage.py::test_{n}" for n in ("a", "b", "c")]
    progress.pytest_xdist_node_collection_finished(node=None, ids=ids)
    progress.pytest_runtest_logstart(ids[0], None)
    for when in ("setup", "call", "teardown"):
        progress.pytest_runtest_logreport(_report(ids[0], when, "passed", "GE-002-01"))
    progress.pytest_runtest_logstart(ids[1], None)
    progress.pytest_runtest_logreport(_report(ids[1], "setup", "passed", "GE-002-07"))
    violation = RuleViolation("GE-002-08", "ten digits")
    oracle = [{"rules": ["GE-002-34"], "oracle": "ids_are_never_reused", "message": "m"}]
    progress.pytest_runtest_logreport(_report(
        ids[1], "call", "failed", "GE-002-07", str(violation), cobrowse_step_failed="1",
        cobrowse_violation=json.dumps({"rule": "GE-002-08", "message": "ten digits"}),
        cobrowse_oracle=json.dumps(oracle)))
    progress.pytest_runtest_logreport(_report(ids[1], "teardown", "passed", "GE-002-07"))
    progress.pytest_runtest_logstart(ids[2], None)


def test_rich_display_shows_counts_running_scenario_and_failed_rules() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, record=True, width=100)
    progress = ProgressPlugin(RichView(console))
    _feed(progress)
    live = console.export_text(clear=False)
    assert "running: c" in live
    progress._close()
    text = console.export_text()
    assert "genesys-engage" in text
    assert "2/3" in text
    assert "1 passed, 1 failed, 0 skipped, 0 not judged" in text
    assert "failed rules: 2" in text
    assert "GE-002-08  steps: b" in text
    assert "GE-002-34  oracle ids_are_never_reused: b" in text
    assert "GE-002-07" not in text.split("failed rules")[1]  # the violation names its rule


def test_the_xdist_controller_counts_scenarios_it_knows_only_by_id() -> None:
    lines: list[str] = []
    progress = ProgressPlugin(PlainView(lines.append))
    _feed(progress)
    assert lines[0].startswith("[1/3] passed ")
    assert lines[1].startswith("[2/3] FAILED ")
    assert "GE-002-08 (steps), GE-002-34 (oracle ids_are_never_reused)" in lines[1]
    progress.pytest_runtest_logreport(pytest.TestReport(
        "harness/suite/test_genesys_engage.py::test_c", ("x.py", 0, "c"), {}, "passed", None,
        "teardown", user_properties=[]))  # no rules: no scenario after all
    progress._close()
    assert lines[-2] == ("progress: genesys-engage 2/2 (passed 1, failed 1, skipped 0, "
                         "not judged 0)")
    assert lines[-1] == "progress: failed rules: GE-002-08, GE-002-34"


def test_a_suite_modules_profile_is_read_from_the_scenario_id() -> None:
    assert profile_of("harness/suite/test_genesys_cloud.py::test_x") == "genesys-cloud"
    assert profile_of("reports/.own-features/test_own_features_1.py::test_x") is None


def test_a_scenario_that_could_not_be_set_up_is_not_judged_and_charges_no_rule() -> None:
    lines: list[str] = []
    progress = ProgressPlugin(PlainView(lines.append))
    nodeid = "harness/suite/test_genesys_engage.py::test_a"
    progress.pytest_runtest_logreport(_report(nodeid, "setup", "passed", "GE-002-01"))
    progress.pytest_runtest_logreport(_report(
        nodeid, "call", "failed", "GE-002-01", "refused", cobrowse_step_failed="1",
        cobrowse_error="the driver refused to create an interaction: 500"))
    progress.pytest_runtest_logreport(_report(nodeid, "teardown", "passed", "GE-002-01"))
    assert lines == ["[1/1] not judged genesys-engage a (GE-002-01) - the driver refused to "
                     "create an interaction: 500"]
