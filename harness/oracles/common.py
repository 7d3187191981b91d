"""What every profile's oracles share: finding readings in the log, schema checks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from jsonschema.exceptions import best_match

from harness.oracles import Finding, finding
from harness.runlog import Channel, Entry, FrameEntry, HttpEntry
from harness.validation import describe, schema_validator


def readings(entries: Sequence[Entry], pattern: str, *, channel: Channel | None = None,
             method: str | None = "GET", ok: bool = True,
             ) -> Iterator[tuple[HttpEntry, re.Match[str]]]:
    """Exchanges whose path matches ``pattern`` (anchored), oldest first.

    ``ok`` keeps only 2xx responses with a JSON object or array body: a reading.
    """
    compiled = re.compile(pattern)
    for entry in entries:
        if not isinstance(entry, HttpEntry):
            continue
        if channel is not None and entry.channel != channel:
            continue
        if method is not None and entry.method != method:
            continue
        match = compiled.fullmatch(entry.path)
        if match is None:
            continue
        if ok and not (200 <= entry.status < 300 and isinstance(entry.response, dict | list)):
            continue
        yield entry, match


def received(entries: Sequence[Entry]) -> Iterator[FrameEntry]:
    """Frames the target sent, oldest first."""
    for entry in entries:
        if isinstance(entry, FrameEntry) and entry.direction == "in":
            yield entry


def schema_findings(rules: str | Sequence[str], instance: Any, schema: str, entry: Entry,
                    what: str) -> Iterator[Finding]:
    """One finding when ``instance`` breaks ``schema``: the worst error, named by field."""
    found = list(schema_validator(schema).iter_errors(instance))
    if found:
        worst = best_match(found)
        assert worst is not None
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        yield finding(rules, f"{what} breaks {schema}: {describe(worst)}{more}", entry,
                      observed=instance)


def pointer(entry: HttpEntry) -> str:
    """A short name of an exchange for messages: ``GET /driver/...``."""
    return f"{entry.method} {entry.path}"
