"""Where the project's data folders are: features and schemas sit beside the packages.

The harness is meant to run from a checkout (``pip install -e .``); an
installation without them fails with a message that says so, not a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class ProjectLayoutError(RuntimeError):
    pass


def _folder(name: str, env: str) -> Path:
    override = os.environ.get(env)
    path = Path(override) if override else PROJECT_ROOT / name
    if not path.is_dir():
        raise ProjectLayoutError(
            f"the {name} folder was not found at {path}; install the project from a checkout "
            f"with `pip install -e .` or set {env}"
        )
    return path


def features_dir() -> Path:
    return _folder("features", "COBROWSE_FEATURES_DIR")


def schemas_dir() -> Path:
    return _folder("schemas", "COBROWSE_SCHEMAS_DIR")
