"""How far a conformance run is, while it runs: a live display on a terminal, plain lines in CI.

The reports (``harness/report``) are written once the run ends, and against a slow target
a run takes minutes: whoever watches it wants to see how far it is, and which rules broke
as soon as they break. ``ProgressPlugin`` listens to pytest's hooks on the process that
reports (under pytest-xdist the controller, whose ``pytest_runtest_logreport`` sees every
worker's reports) and keeps a ``Progress``; a view shows it:

* ``rich``: a rich live display with a bar per profile, the counts, the running scenario
  and the rules failed so far;
* ``plain``: one line per finished scenario and a closing tally, without ANSI codes, for
  CI logs;
* ``auto`` (``run``'s default) picks rich on a terminal with ``CI`` unset, plain
  otherwise, and nothing when pytest is verbose (``-v`` already prints a line per
  scenario); ``off`` (plain pytest's default) leaves pytest's output as it is.

While a view is on it stands in for pytest's per-test letters; pytest's summary stays.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TextIO

import pytest

from harness.catalogue import PROFILES
from harness.plugin_constants import NEEDS_CAPABILITY, NOT_APPLICABLE

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.live import Live

MODES = ("auto", "rich", "plain", "off")
OUTCOMES = ("passed", "failed", "skipped", "not judged")
#: The bucket of scenarios whose profile is not known until they report (xdist, own features).
UNKNOWN_PROFILE = "scenarios"
#: The rich display lists at most this many failed rules (the newest); the rest are counted.
SHOWN_FAILURES = 8
#: A plain line names at most this many of a scenario's failed rules (the tally names all).
PLAIN_FAILURES = 3


def add_option(group: pytest.OptionGroup) -> None:
    group.addoption(
        "--cobrowse-progress", default="off", choices=MODES,
        help="progress while the scenarios run: rich (a live display), plain (a line per "
        "scenario, for CI logs), auto (rich on a terminal with CI unset, else plain), off "
        "(default: pytest's own output)",
    )


def choose_mode(requested: str, stream: TextIO, environ: Mapping[str, str],
                verbose: bool = False) -> str:
    """``auto`` made concrete: a live display only where a person watches a terminal."""
    if requested != "auto":
        return requested
    if verbose:
        return "off"
    ci = environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    isatty = getattr(stream, "isatty", None)
    if ci or environ.get("TERM") == "dumb" or not (callable(isatty) and isatty()):
        return "plain"
    return "rich"


# -- what happened so far ---------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioDone:
    nodeid: str
    profile: str
    rules: tuple[str, ...]
    outcome: str  # one of OUTCOMES
    #: The rules its failure is charged to, each with what found it ("steps", "oracle NAME").
    failed_rules: tuple[tuple[str, str], ...] = ()
    reason: str = ""


@dataclass
class Tally:
    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def done(self) -> int:
        return sum(self.counts.values())


@dataclass
class Progress:
    #: Every scenario the run will report, with its profile (None: not known yet).
    expected: dict[str, str | None] = field(default_factory=dict)
    running: dict[str, None] = field(default_factory=dict)  # an ordered set, newest last
    done: dict[str, ScenarioDone] = field(default_factory=dict)
    #: Each failed rule with what first found it and in which scenario, in the order found.
    failed_rules: dict[str, tuple[str, str]] = field(default_factory=dict)

    def expect(self, nodeid: str, profile: str | None) -> None:
        self.expected.setdefault(nodeid, profile)

    def forget(self, nodeid: str) -> None:
        """A test that turned out to be no conformance scenario (it reported no rules)."""
        self.expected.pop(nodeid, None)
        self.running.pop(nodeid, None)

    def start(self, nodeid: str) -> None:
        self.running[nodeid] = None

    def finish(self, scenario: ScenarioDone) -> None:
        self.expected[scenario.nodeid] = scenario.profile
        self.running.pop(scenario.nodeid, None)
        self.done[scenario.nodeid] = scenario
        for rule, by in scenario.failed_rules:
            self.failed_rules.setdefault(rule, (by, scenario.nodeid))

    def tallies(self) -> dict[str, Tally]:
        tallies: dict[str, Tally] = {}
        for profile in self.expected.values():
            tallies.setdefault(profile or UNKNOWN_PROFILE, Tally()).total += 1
        for scenario in self.done.values():
            tallies[scenario.profile].counts[scenario.outcome] += 1
        return tallies


def charged_rules(props: Mapping[str, str]) -> dict[str, str]:
    """The rules a failed report is charged to, and by what, as the report charges them:
    a step failure to the rules its ``RuleViolation`` names (else all the scenario's;
    none when the scenario could not be set up), each oracle finding to its own rules."""
    findings: list[dict[str, Any]] = json.loads(props.get("cobrowse_oracle", "[]"))
    charged: dict[str, str] = {}
    setup_error = "cobrowse_error" in props  # its steps judged nothing: no rule is charged
    if not setup_error and ("cobrowse_step_failed" in props or not findings):
        violation = json.loads(props.get("cobrowse_violation", "{}"))
        named = str(violation.get("rule") or props.get("cobrowse_rules", ""))
        charged.update((rule, "steps") for rule in named.split(",") if rule)
    for found in findings:
        for rule in found.get("rules", ()):
            charged.setdefault(str(rule), f"oracle {found.get('oracle', '?')}")
    return charged


@dataclass
class _Phases:
    outcome: str = "passed"
    reason: str = ""
    failed: dict[str, str] = field(default_factory=dict)


@dataclass
class Scenarios:
    """Folds a scenario's setup, call and teardown reports into one ``ScenarioDone``."""

    phases: dict[str, _Phases] = field(default_factory=dict)

    def add(self, report: pytest.TestReport) -> ScenarioDone | None:
        props = {str(k): str(v) for k, v in report.user_properties}
        if "cobrowse_rules" not in props:
            return None
        phases = self.phases.setdefault(report.nodeid, _Phases())
        if report.failed:
            charged = charged_rules(props)
            for rule, by in charged.items():
                phases.failed.setdefault(rule, by)
            if charged or "cobrowse_error" not in props:
                phases.outcome = "failed"
            elif phases.outcome != "failed":
                phases.outcome, phases.reason = "not judged", props["cobrowse_error"]
        elif report.skipped and phases.outcome == "passed":
            reason = ""
            if isinstance(report.longrepr, tuple):
                reason = str(report.longrepr[2]).removeprefix("Skipped: ")
            unjudged = reason.startswith((NEEDS_CAPABILITY, NOT_APPLICABLE))
            phases.outcome = "not judged" if unjudged else "skipped"
            phases.reason = reason
        if report.when != "teardown":
            return None
        del self.phases[report.nodeid]
        return ScenarioDone(report.nodeid, props.get("cobrowse_profile", UNKNOWN_PROFILE),
                            tuple(props["cobrowse_rules"].split(",")), phases.outcome,
                            tuple(phases.failed.items()), phases.reason)


def profile_of(nodeid: str) -> str | None:
    """The profile of a suite module's scenario (``suite/test_<profile>.py``), from its ID
    alone: the xdist controller learns the scenarios as IDs, without their tags."""
    stem = nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
    profile = stem.removeprefix("test_").replace("_", "-")
    return profile if profile in PROFILES else None


def scenario_name(nodeid: str) -> str:
    return nodeid.split("::")[-1].removeprefix("test_")


# -- views ------------------------------------------------------------------------------
class View(Protocol):
    def update(self, progress: Progress, finished: ScenarioDone | None) -> None: ...

    def close(self, progress: Progress) -> None: ...


def _counts(tally: Tally) -> str:
    return ", ".join(f"{outcome} {tally.counts[outcome]}" for outcome in OUTCOMES)


class PlainView:
    """A line per finished scenario and a tally at the end: what a CI log can keep."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write

    def update(self, progress: Progress, finished: ScenarioDone | None) -> None:
        if finished is None:
            return
        total = len(progress.expected)
        word = finished.outcome.upper() if finished.outcome == "failed" else finished.outcome
        line = (f"[{len(progress.done):>{len(str(total))}}/{total}] {word:<10} "
                f"{finished.profile} {scenario_name(finished.nodeid)} "
                f"({', '.join(finished.rules)})")
        if finished.failed_rules:
            named = [f"{rule} ({by})" for rule, by in finished.failed_rules[:PLAIN_FAILURES]]
            more = len(finished.failed_rules) - len(named)
            line += " - failed rules: " + ", ".join(named) + (f" (+{more} more)" if more else "")
        elif finished.reason:
            line += f" - {finished.reason.splitlines()[0][:120]}"
        self.write(line)

    def close(self, progress: Progress) -> None:
        if not progress.done:
            return
        for profile, tally in progress.tallies().items():
            self.write(f"progress: {profile} {tally.done}/{tally.total} ({_counts(tally)})")
        if progress.failed_rules:
            self.write(f"progress: failed rules: {', '.join(progress.failed_rules)}")


def render(progress: Progress) -> RenderableType:
    """The live display's picture of ``progress`` (bars, counts, running, failed rules),
    fitted to the console's width: a line never wraps, the bars give way first."""
    from rich.console import Group
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    bars = Table.grid(padding=(0, 1), expand=True)
    bars.add_column(no_wrap=True)
    bars.add_column(ratio=1, min_width=10)
    bars.add_column(no_wrap=True, justify="right")
    bars.add_column(no_wrap=True)
    styles = {"passed": "green", "failed": "bold red", "skipped": "yellow",
              "not judged": "magenta"}
    for profile, tally in progress.tallies().items():
        counts = Text(", ").join(Text(f"{tally.counts[o]} {o}", style=styles[o] if
                                      tally.counts[o] else "dim") for o in OUTCOMES)
        colour = "red" if tally.counts["failed"] else "green"
        bars.add_row(Text(profile, style="bold"),
                     ProgressBar(total=tally.total or None, completed=tally.done,
                                 complete_style=colour, finished_style=colour),
                     f"{tally.done}/{tally.total}", counts)
    parts: list[RenderableType] = [bars]
    running = list(progress.running)
    if running:
        more = f" (+{len(running) - 1} more)" if len(running) > 1 else ""
        parts.append(Text(f"running: {scenario_name(running[-1])}{more}", style="cyan",
                          no_wrap=True, overflow="ellipsis"))
    failed = list(progress.failed_rules.items())
    if failed:
        parts.append(Text(f"failed rules: {len(failed)}", style="bold red"))
        if len(failed) > SHOWN_FAILURES:
            parts.append(Text(f"  ... {len(failed) - SHOWN_FAILURES} earlier", style="dim"))
        for rule, (by, nodeid) in failed[-SHOWN_FAILURES:]:
            parts.append(Text(f"  {rule:<10} {by}: {scenario_name(nodeid)}", no_wrap=True,
                              overflow="ellipsis"))
    return Group(*parts)


class RichView:
    """The live display. It redraws only from pytest's hooks, never from a thread of its
    own: between the hooks a test's output capture may own the terminal's descriptor."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live: Live | None = None

    def update(self, progress: Progress, finished: ScenarioDone | None) -> None:
        from rich.live import Live

        if self.live is None:
            self.live = Live(console=self.console, auto_refresh=False, transient=False,
                             redirect_stdout=False, redirect_stderr=False)
            self.live.start()
        # Once per scenario, as it starts (the counts so far come with it), and at once when
        # a rule fails: a redraw costs a few milliseconds, a scenario tens of them.
        if finished is None or finished.outcome == "failed":
            self.live.update(render(progress), refresh=True)

    def close(self, progress: Progress) -> None:
        if self.live is None:
            return
        self.live.update(render(progress), refresh=True)
        self.live.stop()
        self.live = None


# -- pytest -----------------------------------------------------------------------------
class ProgressPlugin:
    """pytest's hooks into a ``Progress`` and its view."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.progress = Progress()
        self.scenarios = Scenarios()
        self.looping = False
        self.closed = False

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        terminal = session.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is not None:
            terminal.showfspath = False  # the module path pytest writes before its letters

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            props = {str(k): str(v) for k, v in item.user_properties}
            if "cobrowse_rules" in props:
                self.progress.expect(item.nodeid, props.get("cobrowse_profile"))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        for nodeid in ids:
            self.progress.expect(nodeid, profile_of(nodeid))

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        if nodeid in self.progress.expected:
            self.progress.start(nodeid)
            self.view.update(self.progress, None)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        finished = self.scenarios.add(report)
        if finished is not None:
            self.progress.finish(finished)
            self.view.update(self.progress, finished)
        elif report.when == "teardown" and report.nodeid not in self.progress.done:
            self.progress.forget(report.nodeid)

    @pytest.hookimpl(wrapper=True)
    def pytest_report_teststatus(self, report: Any, config: pytest.Config) -> Generator[
            None, Any, Any]:
        status = yield
        if self.looping and status:
            return (status[0], "", "")  # counted in pytest's summary, not written per test
        return status

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        self.looping = True
        try:
            return (yield)
        finally:
            self.looping = False
            self._close()

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self._close()  # a session that ended before or outside the test loop

    def _close(self) -> None:
        if not self.closed:
            self.closed = True
            self.view.close(self.progress)


def install(config: pytest.Config) -> None:
    """Register the progress plugin, unless it is off or this is an xdist worker (whose
    reports reach the controller, which shows them)."""
    if hasattr(config, "workerinput"):
        return
    requested = str(config.getoption("cobrowse_progress"))
    verbose = config.get_verbosity(pytest.Config.VERBOSITY_TEST_CASES) > 0
    if verbose and requested in ("rich", "plain"):
        raise pytest.UsageError(f"--cobrowse-progress {requested} stands in for pytest's "
                                "line per test; drop -v, or use auto or off")
    mode = choose_mode(requested, sys.stdout, os.environ, verbose)
    view: View
    if mode == "rich":
        from rich.console import Console

        view = RichView(Console(file=sys.stdout, force_terminal=True))
    elif mode == "plain":
        view = PlainView(lambda line: _write_line(config, line))
    else:
        return
    config.pluginmanager.register(ProgressPlugin(view), "cobrowse-progress")


def _write_line(config: pytest.Config, line: str) -> None:
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None:
        terminal.write_line(line)
    else:
        print(line, flush=True)
