"""Wall time of the conformance suite against the bundled reference, per profile and for all.

Each run is ``cobrowse-conformance run --profile P`` in a subprocess (started as
``python -m harness.cli`` so that it runs this checkout whatever is installed), its reports
written to a scratch directory.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time

from benchmarks.servers import ROOT, python_env
from benchmarks.table import Row

PROFILES = ("genesys-engage", "genesys-cloud", "liveperson")


def wall_time(profiles: tuple[str, ...], timeout: float) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as reports:
        command = [sys.executable, "-m", "harness.cli", "run", "--report-dir", reports]
        for profile in profiles:
            command += ["--profile", profile]
        began = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=python_env(), capture_output=True,
                              text=True, timeout=timeout)
        seconds = time.perf_counter() - began
    verdicts = [line for line in done.stdout.splitlines() if line.startswith("verdict:")]
    return seconds, (verdicts[-1] if verdicts else f"exit {done.returncode}")


def run(include_all: bool, timeout: float = 900.0) -> list[Row]:
    rows = []
    runs = [(p,) for p in PROFILES] + ([PROFILES] if include_all else [])
    for profiles in runs:
        seconds, outcome = wall_time(profiles, timeout)
        name = "all profiles" if len(profiles) > 1 else profiles[0]
        rows.append(Row(f"suite wall time, {name}", f"{seconds:.1f} s", outcome))
    return rows
