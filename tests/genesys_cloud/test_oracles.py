"""The genesys-cloud rule oracles on hand-made logs: they catch what breaks a rule wherever it
is read, and accept every choice the sources leave open."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from harness.oracles import judge
from harness.runlog import RunLog

BASE = "http://127.0.0.1:1"
CID, CUSTOMER, AGENT, SID = "conv-1", "p-customer", "p-agent", "session-1"
T0 = 1_700_000_000_000


def _iso(ms: int) -> str:
    import datetime as dt
    stamp = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _leg(role: str, comm_id: str, peer: str, state: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "state": state, "initialState": "connected" if role.lower() == "sharer" else "alerting",
        "id": comm_id, "cobrowseSessionId": SID, "cobrowseRole": role, "controlling": [],
        "viewerUrl": f"https://viewer.example/{SID}", "provider": "P", "peerId": peer,
        "self": {"name": "Ada" if role.lower() == "sharer" else "Grace"},
        "providerEventTime": _iso(T0),
    }
    data.update(extra)
    return data


def _conversation(customer: list[dict[str, Any]], agent: list[dict[str, Any]],
                  ) -> dict[str, Any]:
    return {"id": CID, "participants": [
        {"id": CUSTOMER, "cobrowsesessions": customer},
        {"id": AGENT, "cobrowsesessions": agent}]}


def _log(*readings: tuple[str, dict[str, Any]]) -> RunLog:
    """A driver conversation and session, then each (action, conversation reading)."""
    log = RunLog()
    log.http("GET", f"{BASE}/control/clock", 200, None, {"now": T0})
    log.http("POST", f"{BASE}/driver/genesys-cloud/conversations", 201,
             {"customerName": "Ada", "agentName": "Grace"},
             {"conversationId": CID, "customer": {"participantId": CUSTOMER},
              "agent": {"participantId": AGENT}})
    log.http("POST", f"{BASE}/driver/genesys-cloud/conversations/{CID}/cobrowse", 201, {},
             {"cobrowseSessionId": SID})
    for action, reading in readings:
        if action == "join":
            log.http("POST", f"{BASE}/driver/genesys-cloud/cobrowse/{SID}/join", 200, {}, {})
        elif action in ("customer", "agent"):
            log.http("POST", f"{BASE}/driver/genesys-cloud/cobrowse/{SID}/leave", 200,
                     {"party": action}, {})
        log.http("GET", f"{BASE}/api/v2/conversations/{CID}", 200, None, reading)
    return log


OFFERED = _conversation([_leg("sharer", "c1", "a1", "connected")],
                        [_leg("viewer", "a1", "c1", "alerting")])
JOINED = _conversation([_leg("sharer", "c1", "a1", "connected")],
                       [_leg("viewer", "a1", "c1", "connected")])
LEFT = _conversation([_leg("sharer", "c1", "a1", "disconnected", disconnectType="endpoint")],
                     [_leg("viewer", "a1", "c1", "disconnected", disconnectType="peer")])


def _rules(log: RunLog) -> set[str]:
    return {rule for f in judge("genesys-cloud", log) for rule in f.rules}


def test_a_clean_life_cycle_has_no_finding() -> None:
    assert _rules(_log(("start", OFFERED), ("join", JOINED), ("customer", LEFT))) == set()


def test_silent_choices_are_accepted() -> None:
    """The agent's leg appears only at the join; the agent's leg stays connected after the
    customer left; roles in capitals; null for absent properties."""
    offered = _conversation([_leg("Sharer", "c1", "a1", "connected", disconnectType=None)], [])
    joined = _conversation([_leg("Sharer", "c1", "a1", "connected")],
                           [_leg("Viewer", "a1", "c1", "connected", wrapup=None)])
    left = _conversation(
        [_leg("Sharer", "c1", "a1", "disconnected", disconnectType="client")],
        [_leg("Viewer", "a1", "c1", "connected")])
    assert _rules(_log(("start", offered), ("join", joined), ("customer", left))) == set()


@pytest.mark.parametrize(("change", "rules"), [
    ({"state": "alerting"}, {"GC-004-02"}),
    # the customer's peerId still names the old id
    ({"id": "other"}, {"GC-004-03", "GC-003-19", "GC-004-17"}),
    ({"initialState": "connected"}, {"GC-004-23"}),
    ({"cobrowseSessionId": "another"}, {"GC-003-10", "GC-004-07"}),
    ({"cobrowseRole": "sharer"}, {"GC-003-11"}),
    ({"controlling": [CUSTOMER]}, {"GC-004-10", "GC-003-12"}),
    ({"peerId": "a1"}, {"GC-003-19", "GC-004-17"}),
    ({"provider": "Q"}, {"GC-003-18", "GC-004-16"}),
    ({"self": {"name": "Ada"}}, {"GC-003-09"}),
    ({"disconnectType": "peer"}, {"GC-004-05", "GC-003-08"}),
    ({"viewerUrl": None}, {"GC-003-13", "GC-004-11"}),
    ({"state": "CONNECTED"}, {"GC-004-24"}),
    ({"after_call_work_required": False}, {"GC-004-01"}),
])
def test_the_agents_joined_leg_broken_is_charged_to_its_rule(change: dict[str, Any],
                                                            rules: set[str]) -> None:
    joined = copy.deepcopy(JOINED)
    joined["participants"][1]["cobrowsesessions"][0].update(change)
    assert _rules(_log(("start", OFFERED), ("join", joined))) == rules


def test_a_cause_said_two_ways_is_charged_to_gc_004_04() -> None:
    later = copy.deepcopy(LEFT)
    later["participants"][1]["cobrowsesessions"][0]["disconnectType"] = "client"
    assert _rules(_log(("start", OFFERED), ("join", JOINED), ("customer", LEFT),
                       ("read", later))) == {"GC-004-04"}


def test_a_closed_segment_rewritten_later_is_charged_to_the_segments_rules() -> None:
    alert = {"startTime": _iso(T0), "endTime": _iso(T0 + 500), "type": "alert"}
    interact = {"startTime": _iso(T0 + 500), "type": "interact"}
    joined = copy.deepcopy(JOINED)
    joined["participants"][1]["cobrowsesessions"][0]["segments"] = [alert, interact]
    later = copy.deepcopy(joined)
    later["participants"][1]["cobrowsesessions"][0]["segments"][0]["endTime"] = _iso(T0 + 2500)
    assert _rules(_log(("start", OFFERED), ("join", joined))) == set()
    assert _rules(_log(("start", OFFERED), ("join", joined), ("read", later))) == {
        "GC-003-20", "GC-004-18"}
