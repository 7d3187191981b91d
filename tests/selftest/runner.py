"""Run one profile's conformance suite once per fault, in one interpreter.

A fresh interpreter per fault would pay the start-up (imports, plugin set-up)
again for every broken variant; pytest.main in a loop pays it once, which
roughly halves the self-test. Each run writes its report to OUT/<fault>/.

    python -m tests.selftest.runner OUT PROFILE [FAULT ...]   ("-" = the unbroken reference)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path


def run(out: Path, profile: str, faults: list[str]) -> dict[str, dict[str, object]]:
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    # The reference answers within milliseconds on loopback: a variant that never sends an
    # expected WebSocket frame need not be waited for as long as a remote target would be.
    os.environ.setdefault("COBROWSE_LP_WAIT_SECONDS", "0.3")
    import pytest

    from harness.cli import suite_paths

    results: dict[str, dict[str, object]] = {}
    for fault in faults:
        report_dir = out / (fault if fault != "-" else "reference")
        args = ["-p", "pytest_bdd.plugin", "-p", "harness.plugin", *suite_paths([profile]),
                "-p", "no:terminal", "-p", "no:cacheprovider",
                "--cobrowse-profile", profile, "--cobrowse-report-dir", str(report_dir)]
        if fault != "-":
            args += ["--cobrowse-fault", fault]
        started = time.monotonic()
        with contextlib.redirect_stdout(io.StringIO()) as captured:
            code = int(pytest.main(args))
        seconds = round(time.monotonic() - started, 2)
        path = report_dir / "conformance.json"
        report = json.loads(path.read_text()) if path.exists() else {}
        results[fault] = {
            "exit": code,
            "statuses": {r["id"]: r["status"] for r in report.get("rules", [])},
            "verdict": report.get("summary", {}).get("verdict"),
            "seconds": seconds,
            # How each failed rule was caught: by its scenarios' Then steps, by an oracle.
            "caught_by": {r["id"]: r.get("caughtBy", [])
                          for r in report.get("rules", []) if r["status"] == "failed"},
            "output": captured.getvalue()[-3000:],
        }
    return results


if __name__ == "__main__":
    out_dir, profile_name, *names = sys.argv[1:]
    print(json.dumps(run(Path(out_dir), profile_name, names)))
