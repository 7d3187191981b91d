"""Partial configuration, shared by every profile's core."""

from __future__ import annotations

from typing import Any

from mockserver.errors import Invalid


def merged(profile: str, current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``current`` updated with ``changes``; an unknown setting is refused by name."""
    values = dict(current)
    for key, value in changes.items():
        if key not in values:
            raise Invalid(
                "invalid_config",
                f"unknown {profile} setting {key!r}; known: {', '.join(sorted(values))}",
            )
        values[key] = value
    return values
