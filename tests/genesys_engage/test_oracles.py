"""The genesys-engage rule oracles on hand-made logs: they find what they should, and
accept what the sources leave open."""

from __future__ import annotations

from typing import Any

import pytest

from harness.oracles import judge
from harness.oracles.genesys_engage import selector_matches
from harness.runlog import RunLog
from mockserver.genesys_engage.restrictions import parse_selector

P = "http://t/driver/genesys-engage"
ELEMENTS: list[dict[str, Any]] = [
    {"id": "a", "tag": "input", "type": "password"},
    {"id": "b", "tag": "INPUT", "type": "text", "classes": ["card", "x"]},
    {"id": "c", "tag": "p", "attributes": {"data-private": "true"}},
    {"id": "d", "tag": "a", "attributes": {"href": "/x"}},
]


@pytest.mark.parametrize("selector", [
    "input", "#a", ".card", "input.card", "[data-private]", "[data-private=true]",
    "[data-private='true']", 'p[data-private="true"]', "a, .x", "*", "input[type=password]",
    "[type=text].card.x", "[data-private=false]", "span",
])
def test_selector_matcher_agrees_with_the_reference(selector: str) -> None:
    """The harness may not import the reference, so it has its own matcher: the same
    answers for every selector form the driver API documents."""
    reference = parse_selector(selector)
    for element in ELEMENTS:
        expected = any(s.matches(element) for s in reference)
        assert selector_matches(selector, element) is expected, (selector, element)


def _session_log() -> tuple[RunLog, dict[str, Any]]:
    log = RunLog()
    interaction = {"interactionId": "i1", "media": "chat", "state": "live", "agentId": "ag",
                   "attachedData": {"source": "web"}}
    log.http("POST", f"{P}/interactions", 201,
             {"media": "chat", "agentId": "ag", "attachedData": {"source": "web"}}, interaction)
    session = {"sessionId": "123456789", "historyId": "h1", "interactionId": "i1",
               "state": "idle", "mode": "pointer", "createdAt": 1_700_000_000_000,
               "activatedAt": None, "endedAt": None, "endReason": None}
    log.http("POST", f"{P}/interactions/i1/sessions", 201, {"role": "customer"}, session)
    joined = {**session, "state": "active", "activatedAt": 1_700_000_001_000, "agentId": "ag"}
    log.http("POST", f"{P}/sessions/123456789/join", 200, {"agentId": "ag"}, joined)
    return log, interaction


def _read(log: RunLog, interaction: dict[str, Any], **attached: Any) -> None:
    log.http("GET", f"{P}/interactions/i1", 200, None,
             {**interaction, "attachedData": {"source": "web", **attached}})


def _rules(log: RunLog) -> set[str]:
    return {rule for f in judge("genesys-engage", log) for rule in f.rules}


def test_a_consistent_log_has_no_findings() -> None:
    log, interaction = _session_log()
    _read(log, interaction, CoBrowseAssociated="Yes", CoBrowseSessionsQuantity=1,
          CoBrowseSessionId="h1", CoBrowseStartTime="1700000000500")
    assert _rules(log) == set()


def test_either_session_id_is_accepted_but_not_another() -> None:
    log, interaction = _session_log()
    _read(log, interaction, CoBrowseAssociated="Yes", CoBrowseSessionsQuantity=1,
          CoBrowseSessionId="123456789", CoBrowseStartTime="1700000000500")
    assert _rules(log) == set()
    _read(log, interaction, CoBrowseAssociated="Yes", CoBrowseSessionsQuantity=1,
          CoBrowseSessionId="h0", CoBrowseStartTime="1700000000500")
    assert _rules(log) == {"GE-000-33"}


def test_a_start_time_outside_the_first_session_and_a_change_are_found() -> None:
    log, interaction = _session_log()
    _read(log, interaction, CoBrowseAssociated="Yes", CoBrowseSessionsQuantity=1,
          CoBrowseSessionId="h1", CoBrowseStartTime="1700000000500")
    _read(log, interaction, CoBrowseAssociated="Yes", CoBrowseSessionsQuantity=1,
          CoBrowseSessionId="h1", CoBrowseStartTime="1700000900000")
    assert _rules(log) == {"GE-000-25", "GE-000-34"}


def test_a_masked_value_in_an_agent_error_body_is_found() -> None:
    log, _ = _session_log()
    page = {"url": "https://x/p", "title": "P", "elements": [
        {"id": "pw", "tag": "input", "type": "password", "value": "s3cret-value"},
        {"id": "n", "tag": "input", "type": "text", "value": "visible"}]}
    log.http("PUT", f"{P}/sessions/123456789/page", 200, page, {"historyId": "h1"})
    log.http("POST", f"{P}/sessions/123456789/actions", 200,
             {"role": "customer", "type": "type", "elementId": "n", "text": "visible"},
             {"performed": True})
    assert _rules(log) == set()
    log.http("POST", f"{P}/sessions/123456789/actions", 409,
             {"role": "agent", "type": "click", "elementId": "pw"},
             {"status": 409, "error": "x", "message": "pw holds s3cret-value"})
    assert _rules(log) == {"GE-002-51"}


def test_an_agent_action_in_pointer_mode_replayed_to_the_customer_is_found() -> None:
    log, _ = _session_log()
    log.http("POST", f"{P}/sessions/123456789/actions", 403,
             {"role": "agent", "type": "navigate", "url": "https://x/next"},
             {"status": 403, "error": "pointer_mode", "message": "Pointer Mode"})
    log.http("GET", f"{P}/interactions/i1/events?role=customer&after=0", 200, None,
             {"events": [{"seq": 1, "type": "agent-joined"}]})
    assert _rules(log) == set()
    log.http("GET", f"{P}/interactions/i1/events?role=customer&after=0", 200, None,
             {"events": [{"seq": 2, "type": "agent-action", "action": "navigate",
                          "url": "https://x/next", "sessionId": "123456789"}]})
    assert _rules(log) == {"GE-002-38"}


def _timeout_log(seconds: float, state: str, reason: str | None) -> RunLog:
    log = RunLog()
    log.http("PUT", "http://t/control/config", 200,
             {"genesys-engage": {"inactivityTimeoutSeconds": 300}}, {})
    joined_log, _ = _session_log()
    for entry in joined_log.snapshot():
        assert hasattr(entry, "method")
        log.http(entry.method, entry.url, entry.status, entry.request, entry.response)
    log.http("POST", "http://t/control/clock/advance", 200, {"seconds": seconds},
             {"now": 1_700_000_001_000 + int(seconds * 1000)})
    log.http("GET", f"{P}/history/h1", 200, None, {
        "sessionId": "123456789", "historyId": "h1", "interactionId": "i1", "state": state,
        "mode": "pointer", "createdAt": 1_700_000_000_000, "activatedAt": 1_700_000_001_000,
        "endedAt": None if state != "ended" else 1_700_000_001_000 + int(seconds * 1000),
        "endReason": reason})
    return log


@pytest.mark.parametrize(("seconds", "state", "reason", "found"), [
    (299.5, "active", None, set()),
    (300.5, "active", None, set()),  # within the second of grace
    (302, "active", None, {"GE-002-31"}),
    (300, "ended", "inactivity-timeout", set()),
    (299.5, "ended", "inactivity-timeout", {"GE-002-31"}),
])
def test_the_inactivity_timeout_is_judged_on_the_clock_moves(
        seconds: float, state: str, reason: str | None, found: set[str]) -> None:
    assert _rules(_timeout_log(seconds, state, reason)) == found
