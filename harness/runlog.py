"""Everything one scenario observed of the target, in order: the judge's evidence.

A scenario's ``Then`` steps look at what its own path produced. The rule oracles
(``harness.oracles``) look at *everything* the scenario exchanged with the target:
every driver, control and Platform API call with its response, every WebSocket
frame in both directions, every lpTag publish and every clock move, so that a
rule is judged wherever any scenario's path can observe it. This module holds
that log: one per scenario (per world), typed, ordered by a sequence number
shared by all channels, kept in memory and written as evidence for failures.

Entries are appended from the test thread (HTTP) and from the WebSocket reader
thread (frames), so appending is locked; readers take a snapshot.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

#: Where an HTTP exchange went: the driver API of a profile (the harness playing a
#: party), the control API (clock, settings), the profile's own wire API (the
#: genesys-cloud Platform API), or the lpTag stand-in (a consumer's browser events).
Channel = Literal["driver", "control", "platform", "lptag", "other"]

_DRIVER = re.compile(r"^/driver/(?P<profile>[a-z-]+)(?P<rest>/.*)?$")


def classify(path: str) -> tuple[Channel, str | None]:
    """The channel of a request path, and the profile it belongs to (if any)."""
    if path.startswith("/control/"):
        return "control", None
    if path.startswith("/driver/liveperson/lptag/"):
        return "lptag", "liveperson"
    match = _DRIVER.match(path)
    if match:
        return "driver", match.group("profile")
    if path.startswith(("/api/v2/", "/oauth/")):
        return "platform", "genesys-cloud"
    return "other", None


@dataclass(frozen=True)
class HttpEntry:
    """One HTTP request and its response."""

    seq: int
    at: float  # the harness's monotonic clock, seconds
    #: The target's clock (epoch ms) as last read from its control API, when it has one.
    target_ms: int | None
    channel: Channel
    profile: str | None
    method: str
    url: str
    path: str
    query: dict[str, str]
    status: int
    request: Any
    response: Any
    content_type: str = ""
    raw: bytes = b""
    #: The log's length when the request was sent: entries ``started <= seq < self.seq``
    #: (frames, for example) arrived while this call was in flight.
    started: int = -1
    kind: Literal["http"] = "http"

    def describe(self) -> dict[str, Any]:
        """The exchange as evidence: request and response."""
        return {"seq": self.seq, "kind": "http", "channel": self.channel,
                "method": self.method, "url": self.url, "status": self.status,
                "request": self.request, "response": self.response,
                **({"target_ms": self.target_ms} if self.target_ms is not None else {})}


@dataclass(frozen=True)
class FrameEntry:
    """One WebSocket frame, sent by the harness (``out``) or received from the target (``in``)."""

    seq: int
    at: float
    target_ms: int | None
    socket: str  # the socket's label (one per consumer connection)
    direction: Literal["in", "out"]
    frame: Any  # the decoded JSON, or {"_text": ...} when it was not JSON
    text: str = ""
    kind: Literal["frame"] = "frame"

    def describe(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": "frame", "socket": self.socket,
                "direction": self.direction, "frame": self.frame,
                **({"target_ms": self.target_ms} if self.target_ms is not None else {})}


@dataclass(frozen=True)
class ClockEntry:
    """The target's clock was moved (control API) or read: ``now`` is epoch ms after the move."""

    seq: int
    at: float
    target_ms: int | None
    seconds: float
    kind: Literal["clock"] = "clock"

    def describe(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": "clock", "seconds": self.seconds,
                "target_ms": self.target_ms}


Entry = HttpEntry | FrameEntry | ClockEntry


@dataclass
class RunLog:
    """The ordered, typed log of one scenario; thread-safe appends, snapshot reads."""

    entries: list[Entry] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _target_ms: int | None = None
    _sockets: dict[str, int] = field(default_factory=dict)

    # -- writing ------------------------------------------------------------------------
    def mark(self) -> int:
        """The sequence number the next entry will get (pass it to ``http`` as ``started``)."""
        with self._lock:
            return len(self.entries)

    def http(self, method: str, url: str, status: int, request: Any, response: Any,
             content_type: str = "", raw: bytes = b"", started: int = -1) -> HttpEntry:
        parts = urlsplit(url)
        channel, profile = classify(parts.path)
        with self._lock:
            if channel == "control" and isinstance(response, dict) and isinstance(
                    response.get("now"), int | float) and parts.path.startswith("/control/clock"):
                self._target_ms = int(response["now"])
            entry = HttpEntry(len(self.entries), time.monotonic(), self._target_ms, channel,
                              profile, method, url, parts.path, dict(parse_qsl(parts.query)),
                              status, request, response, content_type, raw,
                              started if started >= 0 else len(self.entries))
            self.entries.append(entry)
            if (channel == "control" and parts.path == "/control/clock/advance"
                    and status == 200 and isinstance(request, dict)):
                seconds = request.get("seconds")
                if isinstance(seconds, int | float):
                    self.entries.append(ClockEntry(len(self.entries), time.monotonic(),
                                                   self._target_ms, float(seconds)))
            return entry

    def clock_moved(self, seconds: float) -> None:
        """Time passed for real (a target without clock control): recorded all the same."""
        with self._lock:
            self.entries.append(ClockEntry(len(self.entries), time.monotonic(),
                                           self._target_ms, seconds))

    def new_socket(self, label: str) -> str:
        """A unique name for a new connection: ``label``, then ``label#2``, ``label#3``..."""
        with self._lock:
            n = self._sockets[label] = self._sockets.get(label, 0) + 1
            return label if n == 1 else f"{label}#{n}"

    def frame(self, socket: str, direction: Literal["in", "out"], frame: Any,
              text: str = "") -> FrameEntry:
        with self._lock:
            entry = FrameEntry(len(self.entries), time.monotonic(), self._target_ms, socket,
                               direction, frame, text)
            self.entries.append(entry)
            return entry

    # -- reading ------------------------------------------------------------------------
    def snapshot(self) -> list[Entry]:
        with self._lock:
            return list(self.entries)

    def exchanges(self, channel: Channel | None = None,
                  profile: str | None = None) -> Iterator[HttpEntry]:
        for entry in self.snapshot():
            if isinstance(entry, HttpEntry) and (channel is None or entry.channel == channel) \
                    and (profile is None or entry.profile == profile):
                yield entry

    def frames(self, direction: Literal["in", "out"] | None = None) -> Iterator[FrameEntry]:
        for entry in self.snapshot():
            if isinstance(entry, FrameEntry) and (direction is None
                                                  or entry.direction == direction):
                yield entry

    def last(self, n: int = 5) -> list[dict[str, Any]]:
        """The newest ``n`` entries as evidence (the report shows them beside a failure)."""
        return [e.describe() for e in self.snapshot()[-n:]]

    def __len__(self) -> int:
        return len(self.entries)
