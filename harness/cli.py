"""The ``cobrowse-conformance`` command: run the suite, list rules, serve the reference.

Exit codes of ``run`` (for CI gates): 0 every applicable rule passed, 1 a rule
failed, 2 a usage or configuration error, 3 the target could not be reached, 4 no
rule failed but some could not be judged because their scenarios could not be set up.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.catalogue import LEVELS, PROFILES, CatalogueError, add_rules_file, load_catalogue
from harness.paths import ProjectLayoutError
from harness.plugin_constants import EXIT_TARGET_MISCONFIGURED, EXIT_TARGET_UNREACHABLE
from harness.report.compare import ReportError
from harness.selection import Selection, SelectionError
from harness.targets import TargetConfigError, TargetUnreachable, make_target, preflight
from harness.waivers import WaiverError, load_waivers

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_ERROR = 0, 1, 2, 3, 4
SUITE_DIR = Path(__file__).with_name("suite")


class UsageFailure(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cobrowse-conformance",
        description="Conformance harness for co-browse sessions (Genesys Co-browse, Genesys "
        "Cloud Cobrowsesession, LivePerson CoBrowse) and its reference server.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run", help="run the conformance suite against a target and write reports",
        description="Run every automated rule of the selected profiles against a target. "
        "Exit codes: 0 no 'must' rule failed (warnings of 'should' rules and deviations "
        "from informative rules are reported, not failed), 1 a 'must' rule failed (with "
        "--strict also a 'should' rule, or a rule not judged), 2 usage or configuration "
        "error, 3 target unreachable, 4 no rule failed but some could not be judged because "
        "the harness could not set their scenarios up (a driver call refused, a credential "
        "missing). Arguments after `--` go to pytest "
        "(e.g. `-- -n 2` with pytest-xdist, `-- -k limit`).",
    )
    run.add_argument("--target", default=None, metavar="TARGET",
                     help="'reference' (default) or the base URL of an implementation that "
                     "serves the driver API, e.g. http://127.0.0.1:8080")
    run.add_argument("--target-file", type=Path, default=None, metavar="FILE",
                     help="YAML/JSON file describing the target: url, headers, profiles, "
                     "capabilities, credentials")
    run.add_argument("--profile", action="append", choices=PROFILES, default=None,
                     help="profile to check (repeatable; default: all)")
    run.add_argument("--report-dir", type=Path, default=Path("reports"), metavar="DIR",
                     help="where conformance.json, conformance.html and junit.xml go "
                     "(default: reports)")
    run.add_argument("--fault", action="append", default=[], metavar="NAME",
                     help="break one rule in the bundled reference (self-test); see `faults`")
    run.add_argument("--real-time", action="store_true",
                     help="wait in real time for time rules when the target has no clock "
                     "control (otherwise they are skipped)")
    run.add_argument("--strict", action="store_true",
                     help="exit 1 also when a 'should' rule failed (a warning) or a rule could "
                     "not be judged (skipped), e.g. for a missing capability or credentials")
    run.add_argument("--rule", action="append", default=[], metavar="ID",
                     help="run only this rule's scenarios (repeatable; * patterns such as "
                     "'GE-002-*'); other rules are reported skipped (not selected)")
    run.add_argument("--source", action="append", default=[], metavar="SOURCE",
                     help="run only the rules of this source document, e.g. 000 (repeatable)")
    run.add_argument("--level", action="append", default=[], choices=LEVELS,
                     help="run only rules of this level (repeatable)")
    run.add_argument("--tag", action="append", default=[], metavar="TAG",
                     help="run only scenarios carrying this Gherkin tag, e.g. needs:clock")
    run.add_argument("--shard", default=None, metavar="I/N",
                     help="run only the I-th of N deterministic parts of the rules (for N "
                     "parallel CI jobs; combine their reports with `report merge`)")
    run.add_argument("--explore", type=int, default=0, metavar="N",
                     help="after the scenarios, explore each selected profile that has an "
                     "explorer with N random walks (see `explore`); findings join the report")
    run.add_argument("--list", action="store_true",
                     help="print the rules and scenarios the selection would run; run nothing")
    run.add_argument("--waivers", type=Path, default=None, metavar="FILE",
                     help="YAML/JSON file of waived rules (rule, reason, ticket, expires): a "
                     "waived failure does not fail the run; an expired waiver, or one whose "
                     "rule now passes, does")
    run.add_argument("--features", action="append", default=[], type=Path, metavar="DIR",
                     help="also run your own .feature files (repeatable), written with the "
                     "project's steps (`cobrowse-conformance steps`); each scenario tags the "
                     "rules it checks (@rule:ID)")
    run.add_argument("--rules-file", action="append", default=[], type=Path, metavar="FILE",
                     help="your own rules (the catalogue's YAML format, IDs of your own such "
                     "as ACME-LOGIN-1) for your feature files to tag; reported beside the "
                     "catalogue's")
    run.add_argument("--report", default="json,html,junit", metavar="FORMATS",
                     help="reports to write, comma-separated from json, html, junit, cucumber, "
                     "markdown, badge (default json,html,junit; json is always written)")
    run.add_argument("--no-oracles", action="store_true",
                     help="judge each rule only by its own scenarios' Then steps, without the "
                     "rule oracles that check every scenario's exchanges (to see what the "
                     "oracles add; not for conformance verdicts)")
    run.add_argument("--progress", choices=("auto", "rich", "plain", "off"), default="auto",
                     help="progress while the scenarios run: rich (a live display: a bar per "
                     "profile, counts, the running scenario, failed rules), plain (a line per "
                     "scenario, for CI logs), auto (default: rich on a terminal with CI unset, "
                     "plain otherwise, pytest's lines with -v), off")
    run.add_argument("-v", "--verbose", action="store_true", help="one line per scenario")
    run.add_argument("pytest_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    rules = sub.add_parser("rules", help="print the rule catalogue",
                           description="Print every catalogued rule of the source documents.")
    rules.add_argument("--format", choices=("table", "json"), default="table")
    rules.add_argument("--silent", action="store_true",
                       help="list where the sources are silent (what the harness accepts) "
                       "instead of the rules")
    rules.add_argument("--profile", action="append", choices=PROFILES, default=None)

    serve = sub.add_parser("serve", help="start the reference server",
                           description="Serve the reference implementation over HTTP and "
                           "WebSocket. /openapi.json describes it.")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument("--test-mode", action="store_true",
                       help="serve the control API (reset, configure, clock) and per-request "
                       "worlds; needed for time rules")
    serve.add_argument("--fault", action="append", default=[], metavar="NAME",
                       help="break one rule (needs --test-mode); see `faults`")

    explore = sub.add_parser(
        "explore", help="model-based random walks judged by the rule oracles",
        description="Walk a profile's driver API at random (several interactions, sessions "
        "2..n, every way of ending, clock moves, pages, actions), judging every step with "
        "the rule oracles; a failing walk is shrunk to a minimal one and printed as calls, "
        "a replay command and a Gherkin scenario. Bounded by --max-examples and --steps. "
        "Exit codes as for run.")
    _target_arguments(explore)
    explore.add_argument("--profile", choices=PROFILES, default="genesys-engage",
                         help="the profile to explore (default genesys-engage)")
    explore.add_argument("--max-examples", type=int, default=25, metavar="N",
                         help="walks to try (default 25)")
    explore.add_argument("--steps", type=int, default=30, metavar="N",
                         help="at most N steps per walk (default 30)")
    explore.add_argument("--seed", type=int, default=None, metavar="S",
                         help="the engine's seed (default: random; printed to replay)")
    explore.add_argument("--report-dir", type=Path, default=Path("reports"), metavar="DIR")
    explore.add_argument("--fault", action="append", default=[], metavar="NAME",
                         help="break one rule in the bundled reference (to see a finding)")

    fuzz = sub.add_parser(
        "fuzz", help="fuzz a target's HTTP API with schemathesis (bounded)",
        description="Run schemathesis against the target's OpenAPI document: no 5xx, only "
        "documented statuses and content types, responses matching their schemas. Writes "
        "fuzz.json (findings with curl reproductions, coverage figures) and schemathesis' "
        "own reports under DIR/fuzz. Exit 1 on a finding. Only loopback or your own test "
        "hosts should be fuzzed.")
    _target_arguments(fuzz)
    fuzz.add_argument("--openapi", default=None, metavar="URL|FILE",
                      help="the OpenAPI document (default: <target>/openapi.json)")
    fuzz.add_argument("--profile", action="append", choices=PROFILES, default=None,
                      help="fuzz only this profile's operations (repeatable)")
    fuzz.add_argument("--max-examples", type=int, default=10, metavar="N",
                      help="examples per operation and phase (default 10)")
    fuzz.add_argument("--stateful", action="store_true",
                      help="also walk the document's links (whole lifecycles)")
    fuzz.add_argument("--seed", type=int, default=None, metavar="S")
    fuzz.add_argument("--timeout", type=float, default=900, metavar="SECONDS",
                      help="stop a run that takes longer (default 900)")
    fuzz.add_argument("--report-dir", type=Path, default=Path("reports"), metavar="DIR")
    fuzz.add_argument("--fault", action="append", default=[], metavar="NAME",
                      help="break one rule in the bundled reference (to see a finding)")

    steps = sub.add_parser("steps", help="list the Gherkin steps your own features can use",
                           description="List every step the project defines, per profile, "
                           "with its parameters ({name} or {name:type}) and what it does.")
    steps.add_argument("--profile", action="append", choices=PROFILES, default=None)
    steps.add_argument("--format", choices=("text", "json"), default="text")

    report = sub.add_parser("report", help="compare or merge conformance.json reports",
                            description="Work with the JSON reports of earlier runs.")
    report_sub = report.add_subparsers(dest="report_command", metavar="ACTION")
    report_diff = report_sub.add_parser(
        "diff", help="what changed between two runs; exit 1 if a rule regressed",
        description="List the rules that regressed (now failing, or a worse grade), were "
        "fixed, or changed status otherwise between OLD and NEW. Exit 1 on a regression.")
    report_diff.add_argument("old", type=Path, metavar="OLD.json")
    report_diff.add_argument("new", type=Path, metavar="NEW.json")
    report_diff.add_argument("--format", choices=("text", "json"), default="text")
    report_merge = report_sub.add_parser(
        "merge", help="one report from the reports of a run split with --shard",
        description="Merge the conformance.json reports of the shards of one run "
        "(run --shard i/n) into one, and write its reports.")
    report_merge.add_argument("reports", type=Path, nargs="+", metavar="REPORT.json")
    report_merge.add_argument("--report-dir", type=Path, default=Path("reports"),
                              metavar="DIR", help="where the merged reports go")
    report_merge.add_argument("--report", default="json,html", metavar="FORMATS",
                              help="json, html, markdown, badge (default json,html)")

    faults = sub.add_parser("faults", help="list the broken variants of the reference",
                            description="List the faults the self-test uses: one rule each.")
    faults.add_argument("--format", choices=("table", "json"), default="table")
    faults.add_argument("--profile", action="append", choices=PROFILES, default=None)
    return parser


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", default=None, metavar="TARGET",
                        help="'reference' (default: the bundled reference) or the base URL of "
                        "an implementation that serves the driver API")
    parser.add_argument("--target-file", type=Path, default=None, metavar="FILE",
                        help="YAML/JSON file describing the target (url, headers, profiles, "
                        "capabilities, credentials)")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (``... | head``): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PASSED


def _main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "fuzz":
            return _fuzz(args)
        if args.command == "explore":
            return _explore(args)
        if args.command == "steps":
            return _steps(args)
        if args.command == "report":
            return _report(args, parser)
        if args.command == "faults":
            return _faults(args)
    except (UsageFailure, TargetConfigError, CatalogueError, ProjectLayoutError,
            ReportError) as exc:
        print(f"cobrowse-conformance: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TargetUnreachable as exc:
        print(f"cobrowse-conformance: {exc}", file=sys.stderr)
        return EXIT_UNREACHABLE
    parser.print_help()
    return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    import pytest

    from harness.report.write import CUCUMBER_NAME, JSON_NAME, parse_formats, report_files

    if args.verbose and args.progress in ("rich", "plain"):
        raise UsageFailure(f"--progress {args.progress} stands in for -v's line per scenario: "
                           "drop one of them")
    profiles = args.profile or list(PROFILES)
    target = make_target(args.target, args.target_file, tuple(args.fault))
    info = None
    if args.target not in (None, "reference") or args.target_file:
        info = target.start()  # fails fast: unreachable (3) or misdescribed (2)
        preflight(info, profiles)
        missing = [p for p in profiles if p not in info.profiles]
        if args.profile and missing:
            print(f"note: the target does not declare {', '.join(missing)}; those rules will "
                  "be reported as not applicable", file=sys.stderr)
    for rules_file in args.rules_file:
        add_rules_file(rules_file)
    catalogue = load_catalogue()
    try:
        Selection.of(args.rule, args.source, args.level, args.tag,
                     args.shard).check(catalogue)
        if args.waivers:
            load_waivers(args.waivers, catalogue)
    except (SelectionError, WaiverError) as exc:
        raise UsageFailure(str(exc)) from None
    report_dir: Path = args.report_dir
    try:
        report_dir.mkdir(parents=True, exist_ok=True)
        probe = report_dir / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageFailure(f"cannot write to report directory {report_dir}: "
                           f"{exc.strerror or exc}") from None
    json_path = report_dir / JSON_NAME
    if json_path.exists():
        json_path.unlink()
    extra = list(args.pytest_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    try:
        formats = parse_formats(args.report)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from None
    pytest_args = [
        *suite_paths(profiles),
        *own_feature_modules(args.features, report_dir),
        "--cobrowse-report-dir", str(report_dir),
        "--cobrowse-report", ",".join(formats),
        "-v" if args.verbose else "-q",
    ]
    if "cucumber" in formats:
        pytest_args.append(f"--cucumberjson={report_dir / CUCUMBER_NAME}")
    if args.target:
        pytest_args += ["--cobrowse-target", args.target]
    if args.target_file:
        pytest_args += ["--cobrowse-target-file", str(args.target_file)]
    for profile in profiles:
        pytest_args += ["--cobrowse-profile", profile]
    for fault in args.fault:
        pytest_args += ["--cobrowse-fault", fault]
    if args.real_time:
        pytest_args.append("--cobrowse-real-time")
    if args.no_oracles:
        pytest_args.append("--cobrowse-no-oracles")
    pytest_args += ["--cobrowse-progress", args.progress]
    if args.strict:
        pytest_args.append("--cobrowse-strict")
    if args.waivers:
        pytest_args += ["--cobrowse-waivers", str(args.waivers)]
    for option in ("rule", "source", "level", "tag"):
        for value in getattr(args, option):
            pytest_args += [f"--cobrowse-{option}", value]
    if args.shard:
        pytest_args += ["--cobrowse-shard", args.shard]
    for rules_file in args.rules_file:
        pytest_args += ["--cobrowse-rules-file", str(rules_file)]
    if args.list or _collect_only(extra):
        if args.list:
            pytest_args.append("--cobrowse-list")
        code = int(pytest.main(_plugin_args(extra) + pytest_args + extra))
        return EXIT_PASSED if code in (0, 5) else EXIT_USAGE
    if info is not None and not info.can("worlds") and _parallel(extra):
        raise UsageFailure("the target offers no worlds (X-Conformance-World), so its scenarios "
                           "share one state and must run one after another: drop -n")
    code = int(pytest.main(_plugin_args(extra) + pytest_args + extra))
    if code == EXIT_TARGET_UNREACHABLE:
        return EXIT_UNREACHABLE
    if code == EXIT_TARGET_MISCONFIGURED:
        return EXIT_USAGE
    if code == 3:
        print("cobrowse-conformance: error: pytest stopped with an internal error (above)",
              file=sys.stderr)
        return EXIT_USAGE
    if code in (2, 4):
        return EXIT_USAGE
    if code == 5:
        print("cobrowse-conformance: error: no scenario was collected for the selected "
              "profiles", file=sys.stderr)
        return EXIT_USAGE
    if not json_path.exists():
        print("cobrowse-conformance: error: the run wrote no report", file=sys.stderr)
        return EXIT_USAGE
    report = json.loads(json_path.read_text(encoding="utf-8"))
    if args.explore:
        report = _explore_after_run(args, report, profiles, formats, report_dir)
    written = [str(p) for p in report_files(report_dir, formats, profiles) if p.exists()]
    print(f"reports: {', '.join(written)}")
    summary = report["summary"]
    for problem in summary.get("waiverProblems", []):
        print(f"error: {problem}", file=sys.stderr)
    for grade, what in (("waived", "failed rule(s) waived (see the reports)"),
                        ("warnings", "a 'should' rule failed: reported as a warning"),
                        ("deviations", "an informative rule (an example's shape) failed: "
                                       "reported as a deviation, never a failure")):
        if summary.get(grade):
            print(f"note: {summary[grade]} {what}", file=sys.stderr)
    if summary["verdict"] == "fail":
        return EXIT_FAILED
    if summary["verdict"] == "error":
        reasons = summary.get("errorReasons") or ["no reason given"]
        print(f"error: {summary['error']} rule(s) could not be judged: the harness could not "
              f"set up their scenarios; fix first: {reasons[0]}", file=sys.stderr)
        return EXIT_ERROR
    if code == 1 and not summary["failed"]:
        return EXIT_FAILED  # a test failed that no rule accounts for: never a silent pass
    unjudged = sum(summary.get("unjudged", {}).values())
    if unjudged:
        print(f"note: {unjudged} rule(s) could not be judged and are reported skipped "
              "(see their reasons in the report); --strict makes this a failure",
              file=sys.stderr)
    return EXIT_PASSED


def _fuzz(args: argparse.Namespace) -> int:
    import uuid

    from harness.fuzz import PROFILE_PATHS, FuzzError, run_fuzz

    if not 1 <= args.max_examples <= 10_000:
        raise UsageFailure("--max-examples must be 1..10000")
    import logging

    # The bundled reference logs the malformed requests it refuses; the findings say enough.
    logging.getLogger("aiohttp").setLevel(logging.CRITICAL)
    target = make_target(args.target, args.target_file, tuple(args.fault))
    info = target.start()
    try:
        headers = dict(info.headers)
        if info.can("worlds"):
            headers["X-Conformance-World"] = f"fuzz-{uuid.uuid4().hex}"
        token = info.credentials.get("genesys-cloud", {}).get("token")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        regex = None
        if args.profile:
            regex = "|".join(f"({PROFILE_PATHS[p]})" for p in args.profile)
        openapi = args.openapi or f"{info.base_url}/openapi.json"
        try:
            result = run_fuzz(openapi, headers, args.report_dir / "fuzz",
                              max_examples=args.max_examples, stateful=args.stateful,
                              seed=args.seed, profile_regex=regex, timeout=args.timeout,
                              target=info)
        except FuzzError as exc:
            raise UsageFailure(str(exc)) from None
    finally:
        target.stop()
    figures = result.figures()
    summary = {"target": info.name, "figures": figures,
               "operationsReached": result.operations_reached,
               "fixtures": result.fixtures,
               "findings": [f.as_dict() for f in result.findings]}
    path = args.report_dir / "fuzz.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"fuzzed {info.name}: {figures['operationsReached']}/{figures['operations']} operations "
          f"reached the core ({figures['operationsSucceeded']} with a 2xx), "
          f"{figures['non404Share']:.0%} of {figures['responses']} answers not 404, "
          f"{figures['declaredLinksFollowed']}/{figures['linksDeclared']} links followed "
          f"({figures['linksFollowed']} steps), {figures['examples']} examples "
          f"({figures['examplesPerSecond']}/s), seed {figures['seed']}")
    for f in result.findings:
        print(f"FINDING {f.check} on {f.operation} ({f.status}): {f.message}\n  {f.curl}")
    print(f"report: {path}")
    return EXIT_FAILED if result.findings else EXIT_PASSED


def _explore_after_run(args: argparse.Namespace, report: dict[str, Any],
                       profiles: Sequence[str], formats: Sequence[str],
                       report_dir: Path) -> dict[str, Any]:
    """``run --explore N``: a bounded exploration of each profile with an explorer."""
    import random

    from harness.explore import EXPLORERS
    from harness.explore.run import add_to_report, explore
    from harness.report.write import write_reports

    target = make_target(args.target, args.target_file, tuple(args.fault))
    info = target.start()
    try:
        for profile in profiles:
            if profile not in EXPLORERS or profile not in info.profiles:
                continue
            seed = random.randrange(2**32)
            replay = [f"--max-examples={args.explore}"]
            for option, value in (("--target", args.target),
                                  ("--target-file", args.target_file)):
                if value:
                    replay += [option, str(value)]
            for fault in args.fault:
                replay += ["--fault", fault]
            result = explore(info, profile, max_examples=args.explore, steps=30, seed=seed,
                             replay_args=replay)
            print(f"explored {profile}: {result.walks} walks, seed {seed}, "
                  f"{len(result.findings)} finding(s)")
            for f in result.findings:
                print(f"FINDING: breaks {', '.join(f.rules)}; replay: {f.replay}")
            add_to_report(report, result)
    finally:
        target.stop()
    write_reports(report, report_dir, (), [f for f in formats if f not in
                                           ("junit", "cucumber")])
    return report


def _explore(args: argparse.Namespace) -> int:
    import random

    from harness.explore import EXPLORERS
    from harness.explore.run import as_results, explore
    from harness.report.build import build_report
    from harness.report.write import write_reports

    if args.profile not in EXPLORERS:
        raise UsageFailure(f"no explorer for {args.profile} yet; explorers exist for "
                           f"{', '.join(EXPLORERS)}")
    if not 1 <= args.max_examples <= 10_000 or not 1 <= args.steps <= 1_000:
        raise UsageFailure("--max-examples must be 1..10000 and --steps 1..1000")
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    target = make_target(args.target, args.target_file, tuple(args.fault))
    info = target.start()
    try:
        if args.profile not in info.profiles:
            raise UsageFailure(f"the target does not declare profile {args.profile}")
        if args.target not in (None, "reference") or args.target_file:
            preflight(info, [args.profile])
        replay = [f"--max-examples={args.max_examples}", f"--steps={args.steps}"]
        for option, value in (("--target", args.target), ("--target-file", args.target_file)):
            if value:
                replay += [option, str(value)]
        for fault in args.fault:
            replay += ["--fault", fault]
        result = explore(info, args.profile, max_examples=args.max_examples,
                         steps=args.steps, seed=seed, replay_args=replay)
    finally:
        target.stop()
    report = build_report(load_catalogue(), [args.profile], as_results(result),
                          target_spec=info.name, faults=args.fault)
    for rule in report["rules"]:
        for failure in rule.get("failures", []):
            failure["by"] = "exploration"
        if rule["status"] == "not-automated" and rule["testability"] == "automated":
            rule.update(status="skipped", reason=f"exploration ({result.walks} walks) found "
                        "no violation of this rule; that proves nothing")
    report["exploration"] = {"seed": seed, "walks": result.walks, "actions": result.actions,
                             "maxExamples": args.max_examples, "steps": args.steps,
                             "findings": [f.as_dict() for f in result.findings]}
    write_reports(report, args.report_dir, (), ("json", "html", "markdown"))
    print(f"explored {args.profile}: {result.walks} walks, {result.actions} steps, seed {seed}")
    for f in result.findings:
        print(f"\nFINDING: breaks {', '.join(f.rules)}")
        for finding in f.findings:
            print(f"  {finding['message']}")
        print("steps:")
        for action in f.actions:
            print(f"  {action.call}")
        print(f"replay: {f.replay}")
        print("as a scenario (paste into features/):")
        print(f.gherkin)
    print(f"reports: {args.report_dir / 'conformance.json'}")
    return EXIT_FAILED if result.findings else EXIT_PASSED


def _steps(args: argparse.Namespace) -> int:
    import importlib

    from pytest_bdd.steps import step_function_context_registry

    from harness.plugin import STEP_MODULES

    modules = {"common": "harness.steps.common"}
    modules.update({p: STEP_MODULES[p] for p in (args.profile or PROFILES)})
    for module in modules.values():
        importlib.import_module(module)
    listed: list[dict[str, str]] = []
    for profile, module in modules.items():
        found = [c for c in list(step_function_context_registry.values())
                 if c.step_func.__module__ == module]
        for context in sorted(found, key=lambda c: (str(c.type), str(c.parser.name))):
            doc = (context.step_func.__doc__ or "").strip().splitlines()
            listed.append({"profile": profile, "keyword": str(context.type or "step"),
                           "step": str(context.parser.name), "doc": doc[0] if doc else ""})
    if args.format == "json":
        print(json.dumps(listed, indent=2))
        return EXIT_PASSED
    current = None
    for step in listed:
        if step["profile"] != current:
            current = step["profile"]
            print(f"# {current}")
        print(f"{step['keyword'].capitalize():<6} {step['step']}")
        if step["doc"]:
            print(f"         {step['doc']}")
    print(f"{len(listed)} steps")
    return EXIT_PASSED


def _report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from harness.report.compare import diff, load_report, merge
    from harness.report.write import parse_formats, report_files, write_reports

    if args.report_command == "diff":
        changes = diff(load_report(args.old), load_report(args.new))
        if args.format == "json":
            print(json.dumps(changes, indent=2))
        else:
            for kind in ("regressed", "fixed", "changed", "added", "removed"):
                for c in changes[kind]:
                    print(f"{kind:<10} {c['id']:<10} {c.get('old', '-')} -> {c.get('new', '-')}")
            counts = ", ".join(f"{len(v)} {k}" for k, v in changes.items())
            print(f"{counts}")
        return EXIT_FAILED if changes["regressed"] else EXIT_PASSED
    if args.report_command == "merge":
        try:
            formats = [f for f in parse_formats(args.report) if f not in ("junit", "cucumber")]
        except ValueError as exc:
            raise UsageFailure(str(exc)) from None
        merged = merge([load_report(path) for path in args.reports])
        write_reports(merged, args.report_dir, (), formats)
        written = report_files(args.report_dir, formats, merged["profiles"])
        print(f"merged {len(args.reports)} reports: {', '.join(map(str, written))}")
        print(f"verdict: {merged['summary']['verdictText']}")
        return EXIT_FAILED if merged["summary"]["verdict"] == "fail" else EXIT_PASSED
    parser.parse_args(["report", "--help"])
    return EXIT_USAGE


def own_feature_modules(folders: Sequence[Path], report_dir: Path) -> list[str]:
    """A test module binding each folder of the user's own feature files (pytest-bdd
    collects scenarios through a module that calls ``scenarios``)."""
    modules = []
    for n, folder in enumerate(folders, 1):
        if not folder.is_dir() or not any(folder.rglob("*.feature")):
            raise UsageFailure(f"--features {folder}: no folder with .feature files there")
        module = report_dir / ".own-features" / f"test_own_features_{n}.py"
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_text('"""Your own feature files, run with the project\'s steps."""\n'
                          "from pytest_bdd import scenarios\n\n"
                          f"scenarios({str(folder.resolve())!r})\n", encoding="utf-8")
        modules.append(str(module))
    return modules


def suite_paths(profiles: Sequence[str]) -> list[str]:
    """The suite modules of the selected profiles (each binds one feature folder)."""
    paths = [SUITE_DIR / f"test_{p.replace('-', '_')}.py" for p in profiles]
    return [str(p) for p in paths if p.exists()]


def _parallel(extra: list[str]) -> bool:
    """Whether the pytest arguments ask pytest-xdist for several workers."""
    return any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in extra)


def _collect_only(extra: list[str]) -> bool:
    """Whether the pytest arguments only collect (nothing runs, so no report is written)."""
    return any(a in ("--collect-only", "--co") for a in extra)


def _plugin_args(extra: list[str]) -> list[str]:
    """Load only the pytest plugins a run needs.

    Entry-point autoloading would import every installed pytest plugin (the
    fuzzing stack among them), which costs seconds per run; the suite needs
    pytest-bdd and its own plugin, and pytest-xdist when ``-n`` is passed.
    """
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    plugins = ["pytest_bdd.plugin", "harness.plugin"]
    if _parallel(extra) or any(a.startswith("--dist") for a in extra):
        plugins.append("xdist.plugin")
    return [arg for name in plugins for arg in ("-p", name)]


def _rules(args: argparse.Namespace) -> int:
    profiles = args.profile or PROFILES
    rules = load_catalogue().for_profiles(profiles)
    from harness.oracles import oracle_names
    from harness.silent import silent_for

    oracles = oracle_names(profiles)
    choices = silent_for(list(profiles))
    if args.silent:
        if args.format == "json":
            print(json.dumps([c.as_dict() for c in choices], indent=2))
            return EXIT_PASSED
        for c in choices:
            print(f"{c.id:<9} {c.profile:<15} {c.topic}\n          accepts: {c.accepts}\n"
                  f"          rules: {', '.join(c.rules)}")
        print(f"{len(choices)} silent choices")
        return EXIT_PASSED
    if args.format == "json":
        print(json.dumps([{**r.as_dict(), "oracles": oracles.get(r.id, [])} for r in rules],
                         indent=2))
        return EXIT_PASSED
    print(f"{'ID':<11} {'PROFILE':<15} {'LEVEL':<11} {'TESTABILITY':<13} {'ORACLES':<7} QUOTE")
    for r in rules:
        quote = r.quote if len(r.quote) <= 90 else r.quote[:89] + "…"
        print(f"{r.id:<11} {r.profile:<15} {r.level:<11} {r.testability:<13} "
              f"{len(oracles.get(r.id, [])):<7} {quote}")
    judged = sum(1 for r in rules if oracles.get(r.id))
    print(f"{len(rules)} rules, {judged} judged by rule oracles over every scenario's exchanges; "
          f"{len(choices)} points where the sources are silent (`rules --silent`)")
    return EXIT_PASSED


def _serve(args: argparse.Namespace) -> int:
    from mockserver.faults import UnknownFault
    from mockserver.server import serve

    if args.fault and not args.test_mode:
        raise UsageFailure("--fault needs --test-mode")
    if not 0 < args.port < 65536:
        raise UsageFailure(f"--port must be between 1 and 65535, not {args.port}")
    try:
        serve(args.host, args.port, test_mode=args.test_mode, faults=args.fault)
    except UnknownFault as exc:
        raise UsageFailure(str(exc)) from None
    except OSError as exc:
        raise UsageFailure(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    return EXIT_PASSED


def _faults(args: argparse.Namespace) -> int:
    from mockserver.faults import known_faults

    wanted = set(args.profile or PROFILES)
    faults = [f for f in known_faults().values() if f.profile in wanted]
    if args.format == "json":
        print(json.dumps([{"name": f.name, "profile": f.profile, "rule": f.rule,
                           "description": f.description, "alsoFails": list(f.also_fails),
                           "offPath": f.off_path, "legal": f.legal or None}
                          for f in faults], indent=2))
        return EXIT_PASSED
    groups = (("broken variants on the path of the rule's own scenario",
               [f for f in faults if not f.off_path and not f.legal]),
              ("broken variants off the scenarios' paths (caught by the rule oracles)",
               [f for f in faults if f.off_path and not f.legal]),
              ("legal variants: other choices where the sources are silent (must pass)",
               [f for f in faults if f.legal]))
    for heading, group in groups:
        if not group:
            continue
        print(f"{heading}: {len(group)}")
        for f in group:
            what = f.legal if f.legal else f.rule
            print(f"  {f.name:<45} {what:<10} {f.description}")
    print(f"{len(faults)} faults")
    return EXIT_PASSED


if __name__ == "__main__":
    sys.exit(main())
