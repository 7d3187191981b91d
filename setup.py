"""Build hook: the wheel carries the feature files and JSON Schemas a run needs.

``features/`` and ``schemas/`` stay at the top of the checkout (where people edit
them); a built wheel copies them into the ``harness`` package as
``harness/data/features`` and ``harness/data/schemas``, which ``harness.paths``
falls back to outside a checkout. Everything else is in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("features", "schemas")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads the checkout's folders directly
        for name in BUNDLED:
            source = ROOT / name
            if not source.is_dir():
                raise SystemExit(f"cannot build: the {name} folder is missing at {source}")
            target = Path(self.build_lib) / "harness" / "data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithData})
