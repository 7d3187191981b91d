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


#: The longest timeout a setting may name: one year.
MAX_SECONDS = 365 * 24 * 3600.0


def seconds(key: str, value: Any) -> float:
    """A positive, finite number of seconds no longer than a year, or Invalid naming ``key``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid("invalid_config", f"{key} must be a number of seconds, not {value!r}")
    try:
        number = float(value)
    except OverflowError:
        number = float("inf")
    if not 0 < number <= MAX_SECONDS:
        raise Invalid("invalid_config", f"{key} must be more than 0 and at most {MAX_SECONDS:g} "
                      "seconds")
    return number
