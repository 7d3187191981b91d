"""Where the project's data folders are: features and schemas.

In a checkout (``pip install -e .``) they sit beside the packages; a built wheel
carries copies inside the package (``harness/data/``, see ``setup.py``), so an
installed harness runs from any directory. An environment variable overrides
either; a missing folder is an error that says so, not a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: Where a built wheel keeps its copies of the data folders.
BUNDLED_DATA = Path(__file__).resolve().parent / "data"


class ProjectLayoutError(RuntimeError):
    pass


def _folder(name: str, env: str) -> Path:
    override = os.environ.get(env)
    if override:
        path = Path(override)
        if not path.is_dir():
            raise ProjectLayoutError(f"{env} names {path}, which is not a folder")
        return path
    for path in (BUNDLED_DATA / name, PROJECT_ROOT / name):
        if path.is_dir():
            return path
    raise ProjectLayoutError(
        f"the {name} folder was found neither in the installed package ({BUNDLED_DATA / name}) "
        f"nor in a checkout ({PROJECT_ROOT / name}); reinstall the project, or set {env}"
    )


def features_dir() -> Path:
    return _folder("features", "COBROWSE_FEATURES_DIR")


def schemas_dir() -> Path:
    return _folder("schemas", "COBROWSE_SCHEMAS_DIR")
