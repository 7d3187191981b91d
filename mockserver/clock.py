"""Time, injected: the domain core never reads the wall clock itself.

Rules about time (inactivity, away timeouts, invitation expiry) are tested by
advancing a ManualClock through the control API, so they take no real time.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the Unix epoch."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that moves only when told to; starts at the wall-clock time."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("the clock cannot go backwards")
        self._now += seconds
        return self._now


def epoch_ms(seconds: float) -> int:
    return round(seconds * 1000)
