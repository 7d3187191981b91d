"""The built distributions carry everything a run needs, and run outside a checkout.

A vendor installs the wheel in a fresh virtual environment and runs the suite from
their own directory: no checkout, no ``features/`` or ``schemas/`` beside it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT


def _build(kind: str, out: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", str(out),
         str(PROJECT_ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (built,) = out.glob("*.whl" if kind == "wheel" else "*.tar.gz")
    return built


def _data_files(folder: str) -> set[str]:
    return {str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.slow
def test_the_sdist_carries_features_schemas_and_catalogue(tmp_path: Path) -> None:
    sdist = _build("sdist", tmp_path)
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    wanted = _data_files("features") | _data_files("schemas") | {"harness/rules.yaml"}
    assert not wanted - names, f"missing from the sdist: {sorted(wanted - names)[:10]}"


@pytest.mark.slow
def test_the_wheel_runs_the_suite_from_any_directory(tmp_path: Path) -> None:
    wheel = _build("wheel", tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    wanted = {f"harness/data/{n}" for n in _data_files("features") | _data_files("schemas")}
    assert not wanted - names, f"missing from the wheel: {sorted(wanted - names)[:10]}"
    assert {"harness/rules.yaml", "harness/suite/test_genesys_engage.py"} <= names

    venv = tmp_path / "venv"
    # The dependencies come from this environment; the project itself only from the wheel.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    str(wheel)], check=True, timeout=300, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import harness; print(harness.__file__)"],
                           cwd=elsewhere, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout, f"the harness came from {where.stdout}, not the wheel"

    command = venv / "bin" / "cobrowse-conformance"
    for args in (["rules", "--format", "json"], ["faults"]):
        proc = subprocess.run([str(command), *args], cwd=elsewhere, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
    proc = subprocess.run([str(command), "run", "--report-dir", "out"], cwd=elsewhere,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads((elsewhere / "out" / "conformance.json").read_text())
    assert report["summary"]["failed"] == 0
    assert report["summary"]["passed"] > 100, report["summary"]
