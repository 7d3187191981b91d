"""Schemathesis against the reference's own OpenAPI document, on loopback, bounded.

Checks: no 5xx for anything generated, every status and content type is
documented, every response matches its published schema. Stateful phase
follows the document's links (interaction -> session -> actions).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.server import BackgroundServer

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance")


@pytest.mark.slow
def test_reference_survives_bounded_fuzzing(reference_server: BackgroundServer,
                                           tmp_path: Path) -> None:
    st = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    assert Path(st).exists(), "schemathesis (the `st` command) is not installed"
    proc = subprocess.run(
        [st, "run", f"{reference_server.base_url}/openapi.json",
         "--max-examples", "15", "--seed", "1", "--checks", CHECKS,
         "--header", "X-Conformance-World: fuzz", "--request-timeout", "10",
         "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=540,
    )
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-2000:]
