"""The command as a user meets it: help, exit codes, error messages without tracebacks."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import PROJECT_ROOT, run_cli, run_suite


def test_help_lists_the_commands() -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    for command in ("run", "rules", "serve", "faults"):
        assert command in out


def test_run_help_explains_exit_codes() -> None:
    code, out, _ = run_cli("run", "--help")
    assert code == 0 and "target unreachable" in out and "--profile" in out


def test_rules_json_lists_the_catalogue() -> None:
    code, out, _ = run_cli("rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    assert {r["source"] for r in rules} == {
        "000_f5e3920d56f99288.txt", "001_7f97ad4bd80db6cd.txt", "002_fc72374526dc0593.txt",
        "003_8857162963c75bc4.txt", "004_74b9acbea6b733cb.txt"}
    for rule in rules:
        assert {"id", "profile", "source", "section", "quote", "testability"} <= rule.keys()


def test_rules_table_for_one_profile() -> None:
    code, out, _ = run_cli("rules", "--profile", "liveperson")
    assert code == 0 and "LP-001-01" in out and "GE-000-01" not in out


def test_unknown_profile_is_a_usage_error() -> None:
    code, _, err = run_cli("run", "--profile", "nope")
    assert code == 2 and "invalid choice" in err


def test_bad_target_is_a_usage_error_without_traceback() -> None:
    code, _, err = run_cli("run", "--target", "not-a-url")
    assert code == 2
    assert "neither 'reference' nor an http" in err and "Traceback" not in err


def test_unreachable_target_exits_3(tmp_path: Path) -> None:
    code, _, err = run_cli("run", "--target", "http://127.0.0.1:9", "--report-dir",
                           str(tmp_path))
    assert code == 3 and "unreachable" in err and "Traceback" not in err


def test_unknown_fault_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run_cli("run", "--fault", "engage.nope", "--report-dir", str(tmp_path))
    assert code == 2, out + err
    assert "unknown fault" in out + err


def test_serve_rejects_faults_outside_test_mode() -> None:
    code, _, err = run_cli("serve", "--fault", "engage.short-token")
    assert code == 2 and "--fault needs --test-mode" in err


def test_faults_lists_rules() -> None:
    code, out, _ = run_cli("faults", "--format", "json", "--profile", "genesys-engage")
    assert code == 0
    faults = json.loads(out)
    assert faults and all(f["rule"].startswith("GE-") for f in faults)
    assert any(f["offPath"] for f in faults) and not all(f["offPath"] for f in faults)
    code, out, _ = run_cli("faults", "--profile", "genesys-engage")
    assert "off the scenarios' paths" in out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served_reference() -> Iterator[str]:
    """`serve --test-mode` as a separate process on a real port."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", "--port", str(port), "--test-mode"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/driver/capabilities", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError("the served reference did not come up") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_http_target_gives_the_same_verdict_as_in_process(
    served_reference: str, tmp_path: Path
) -> None:
    code_http, over_http, output = run_suite(tmp_path / "http", "--target", served_reference)
    assert code_http == 0, output[-3000:]
    code_ref, in_process, output = run_suite(tmp_path / "ref")
    assert code_ref == 0, output[-3000:]
    statuses = {r["id"]: r["status"] for r in over_http["rules"]}
    assert statuses == {r["id"]: r["status"] for r in in_process["rules"]}
    assert set(over_http["profiles"]) == {"genesys-engage", "genesys-cloud", "liveperson"}
    assert "passed" in statuses.values() and "failed" not in statuses.values()
    assert (tmp_path / "http" / "junit.xml").exists()
    assert (tmp_path / "http" / "conformance.html").exists()


@pytest.mark.slow
def test_scenarios_stay_independent_without_worlds(served_reference: str, tmp_path: Path) -> None:
    """One shared state for every scenario, as a vendor target without worlds has."""
    target_file = tmp_path / "target.yaml"
    target_file.write_text(f"url: {served_reference}\ncapabilities: {{clock: true, "
                           "configure: true, reset: true, parties: true, worlds: false}\n")
    code, report, output = run_suite(tmp_path / "r", "--target-file", str(target_file))
    assert code == 0, output[-3000:]
    statuses = {r["status"] for r in report["rules"]}
    assert statuses == {"passed", "not-automated"}, output[-3000:]


@pytest.mark.slow
def test_suite_runs_in_parallel_with_the_same_verdict(tmp_path: Path) -> None:
    code, parallel, output = run_suite(tmp_path / "par", "--profile", "genesys-engage",
                                       "--", "-n", "2")
    assert code == 0, output[-3000:]
    assert "2 workers" in output or "gw0" in output or "bringing up nodes" in output, output[-2000:]
    code, serial, output = run_suite(tmp_path / "ser", "--profile", "genesys-engage")
    assert code == 0, output[-3000:]
    assert {r["id"]: r["status"] for r in parallel["rules"]} == {
        r["id"]: r["status"] for r in serial["rules"]}


def test_a_failing_run_exits_1_and_reports_the_rule(tmp_path: Path) -> None:
    code, report, output = run_suite(tmp_path, "--profile", "genesys-engage", "--fault",
                                     "engage.short-token")
    assert code == 1, output[-3000:]
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-08")
    assert rule["status"] == "failed"
    failure = rule["failures"][0]
    assert "nine digits" in failure["message"] and failure["exchanges"]
    assert rule["text"] == "This session ID is a sequence of nine digits"
    assert "FAILED GE-002-08" in output
    # The rule oracle saw it too, wherever a short ID was returned, with the exchange.
    by_oracle = [f for f in rule["failures"] if f["by"] == "oracle"]
    assert by_oracle and by_oracle[0]["oracle"] == "live_session_ids_are_nine_digits"
    assert by_oracle[0]["exchange"]["status"] in (200, 201)
    evidence = tmp_path / by_oracle[0]["log"]
    assert json.loads(evidence.read_text())["log"], "the scenario's whole log as evidence"


def test_no_oracles_judges_by_the_steps_alone(tmp_path: Path) -> None:
    code, report, output = run_suite(tmp_path, "--profile", "genesys-engage", "--fault",
                                     "engage.short-token", "--no-oracles")
    assert code == 1, output[-3000:]
    rule = next(r for r in report["rules"] if r["id"] == "GE-002-08")
    assert rule["status"] == "failed" and "oracles" not in rule
    assert {f["by"] for f in rule["failures"]} == {"step"}


@pytest.fixture
def answers_404() -> Iterator[str]:
    """A server on loopback that answers 404 to every request."""
    import http.server
    import threading

    class NotFound(http.server.BaseHTTPRequestHandler):
        def _404(self) -> None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PUT = _404

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_target_answering_404_to_everything_stops_before_any_rule(
    answers_404: str, tmp_path: Path
) -> None:
    target_file = tmp_path / "target.yaml"
    target_file.write_text(f"url: {answers_404}\nprofiles: [genesys-engage]\n"
                           "capabilities: {clock: true, configure: true}\n")
    code, out, err = run_cli("run", "--target-file", str(target_file), "--report-dir",
                             str(tmp_path / "out"))
    assert code == 2, out + err
    assert "does not serve POST /driver/genesys-engage/interactions" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out" / "conformance.json").exists(), "no rule was judged"


@pytest.mark.slow
def test_a_refused_credential_stops_before_any_rule(served_reference: str,
                                                    tmp_path: Path) -> None:
    target_file = tmp_path / "target.yaml"
    target_file.write_text(f"url: {served_reference}\n"
                           "credentials: {genesys-cloud: {token: wrong-token}}\n")
    code, out, err = run_cli("run", "--target-file", str(target_file), "--profile",
                             "genesys-cloud", "--report-dir", str(tmp_path / "out"))
    assert code == 2, out + err
    assert "refused the credentials" in err and "Traceback" not in err


def test_every_report_format_is_written_on_request(tmp_path: Path, monkeypatch: Any) -> None:
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, _, output = run_suite(tmp_path / "out", "--profile", "genesys-engage",
                                     "--report", "html,junit,cucumber,markdown,badge")
    assert code == 0, output[-3000:]
    out = tmp_path / "out"
    for name in ("conformance.json", "conformance.html", "junit.xml", "cucumber.json",
                 "conformance.md", "badge-genesys-engage.svg"):
        assert (out / name).stat().st_size > 0, name
    cucumber = json.loads((out / "cucumber.json").read_text())
    tags = {t["name"] for feature in cucumber for element in feature["elements"]
            for t in element.get("tags", [])}
    assert "rule:GE-002-08" in tags
    assert summary.read_text().startswith("## Co-browse conformance: PASS")
    code, _, err = run_cli("run", "--report", "pdf", "--report-dir", str(tmp_path / "x"))
    assert code == 2 and "unknown report format(s) pdf" in err


def test_a_broken_informative_rule_is_a_deviation_and_the_run_passes(tmp_path: Path) -> None:
    code, report, output = run_suite(tmp_path, "--profile", "genesys-engage", "--rule",
                                     "GE-000-1*", "--fault", "engage.source-rewritten")
    assert code == 0, output[-3000:]
    rule = next(r for r in report["rules"] if r["id"] == "GE-000-10")
    assert rule["status"] == "failed" and rule["grade"] == "deviation"
    assert "DEVIATION GE-000-10" in output and "never a failure" in output


def test_a_broken_should_rule_is_a_warning_failing_the_run_only_under_strict(
        tmp_path: Path) -> None:
    args = ("--profile", "genesys-engage", "--rule", "GE-000-0*", "--fault",
            "engage.custom-data-dropped")
    code, report, output = run_suite(tmp_path / "plain", *args)
    assert code == 0, output[-3000:]
    rule = next(r for r in report["rules"] if r["id"] == "GE-000-07")
    assert rule["status"] == "failed" and rule["grade"] == "warning"
    assert "WARNING GE-000-07" in output
    code, report, output = run_suite(tmp_path / "strict", *args, "--strict")
    assert code == 1, output[-3000:]
    assert report["summary"]["verdict"] == "fail"
