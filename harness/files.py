"""Reading the files users write (target files, waivers, rules files): YAML or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml


def load_mapping(path: Path, what: str, error: type[Exception]) -> dict[str, Any]:
    """The mapping a YAML (or ``.json``) file holds; every mistake is ``error`` naming the
    file and what is wrong, never a traceback."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror}") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise error(f"{what} {path} is not valid YAML/JSON: {exc}") from None
    if not isinstance(data, dict):
        raise error(f"{what} {path} must hold a mapping")
    return data
