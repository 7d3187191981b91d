"""Rule oracles of the genesys-engage profile (sources 000 and 002), over every scenario's log."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from harness.oracles import Finding, finding, oracle
from harness.oracles.common import pointer
from harness.runlog import Entry, HttpEntry

PROFILE = "genesys-engage"
NINE_DIGITS = re.compile(r"^[0-9]{9}$")
#: Driver routes whose 2xx response is a session resource.
_SESSION_ROUTES = re.compile(
    r"/driver/genesys-engage/(interactions/[^/]+/sessions|sessions/[^/]+"
    r"(/join|/exit|/agent-presence|/mode|/mode-requests/[^/]+|/page)?|history/[^/]+)")


def session_readings(entries: Sequence[Entry]) -> Iterator[tuple[HttpEntry, dict[str, Any]]]:
    """Every session resource the target returned, on any route, oldest first."""
    for entry in entries:
        if (isinstance(entry, HttpEntry) and entry.profile == PROFILE
                and entry.channel == "driver" and 200 <= entry.status < 300
                and isinstance(entry.response, dict) and "historyId" in entry.response
                and _SESSION_ROUTES.fullmatch(entry.path)):
            yield entry, entry.response


@oracle(PROFILE, "GE-002-08")
def live_session_ids_are_nine_digits(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every live session, on every reading and every route, carries a nine-digit ID."""
    for entry, session in session_readings(entries):
        if session.get("state") in ("idle", "active"):
            sid = session.get("sessionId")
            if not (isinstance(sid, str) and NINE_DIGITS.match(sid)):
                yield finding("GE-002-08", f"{pointer(entry)} returned a live session whose "
                              f"ID {sid!r} is not nine digits", entry, observed=session)
