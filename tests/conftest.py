"""Shared fixtures for the project's own tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.server import BackgroundServer

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def reference_server() -> Iterator[BackgroundServer]:
    """The reference in test mode on a real loopback socket."""
    server = BackgroundServer(test_mode=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server() -> Iterator[BackgroundServer]:
    """One reference in test mode per test module (each test keeps to a world of its own
    through ``http``, or talks to the default world)."""
    running = BackgroundServer(test_mode=True)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def http(server: BackgroundServer) -> Iterator[httpx.Client]:
    """A client of ``server`` in a fresh world of its own."""
    with httpx.Client(base_url=server.base_url, timeout=30,
                      headers={"X-Conformance-World": f"t-{uuid.uuid4().hex}"}) as client:
        yield client


def run_cli(*args: str, timeout: float = 600) -> tuple[int, str, str]:
    """Run the command as a user would, in a fresh interpreter."""
    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    proc = subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout, env=env,
    )
    return proc.returncode, proc.stdout, proc.stderr


def run_suite(report_dir: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli("run", "--report-dir", str(report_dir), *args)
    path = report_dir / "conformance.json"
    report = json.loads(path.read_text()) if path.exists() else {}
    return code, report, out + err


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The self-test's three figures for the variants that break a rule off the scenarios'
    paths: how many the scenarios' Then steps alone catch, how many the rule oracles catch,
    and how many nothing catches (the self-test fails unless that is none)."""
    caught: dict[str, list[str]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            for key, value in getattr(report, "user_properties", ()):
                if key == "selftest_off_path" and getattr(report, "when", "") == "call":
                    caught.update(json.loads(value))
    if not caught:
        return
    steps = sum("step" in by for by in caught.values())
    oracles = sum("oracle" in by for by in caught.values())
    nothing = sorted(name for name, by in caught.items() if not by)
    terminalreporter.section("self-test: broken variants off the scenarios' paths")
    terminalreporter.write_line(
        f"{len(caught)} variants: caught by the Then steps alone {steps}, by the rule oracles "
        f"{oracles}, by nothing {len(nothing)}" + (f" ({', '.join(nothing)})" if nothing else ""))
