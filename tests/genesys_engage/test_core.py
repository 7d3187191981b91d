"""The genesys-engage domain core, without HTTP: a manual clock drives time."""

from __future__ import annotations

import re

import pytest

from mockserver.clock import ManualClock
from mockserver.errors import Conflict, Forbidden, Gone, Invalid
from mockserver.faults import Faults
from mockserver.genesys_engage.core import EngageCore
from mockserver.genesys_engage.restrictions import Restrictions, parse_selector

START = 1_700_000_000.0


@pytest.fixture
def core() -> EngageCore:
    return EngageCore(ManualClock(START), Faults())


def test_life_cycle_and_attached_data(core: EngageCore) -> None:
    clock = core.clock
    assert isinstance(clock, ManualClock)
    i = core.create_interaction("chat", "c", "a", {"source": "web"})
    s = core.start_session(i.id, "customer")
    assert re.fullmatch(r"\d{9}", s.token) and s.state == "idle"
    clock.advance(2)
    core.join(s.token, "a")
    assert i.attached["CoBrowseStartTime"] == str(int((START + 2) * 1000))
    clock.advance(30)
    core.exit(s.token, "agent")
    assert i.attached["CoBrowseDuration"] == 30
    assert i.attached["CoBrowseAssociated"] == "No"
    assert i.attached["CoBrowseEndTime"] == str(int((START + 32) * 1000))
    with pytest.raises(Gone):
        core.join(s.token, "a")
    s2 = core.start_session(i.id, "customer")
    assert s2.token != s.token and s2.history_id != s.history_id


def test_one_live_session_per_interaction(core: EngageCore) -> None:
    i = core.create_interaction("voice", "c", "a", {})
    core.start_session(i.id, "customer")
    with pytest.raises(Conflict, match="already has a live"):
        core.start_session(i.id, "customer")


def test_agent_cannot_initiate(core: EngageCore) -> None:
    i = core.create_interaction("chat", "c", "a", {})
    with pytest.raises(Forbidden):
        core.start_session(i.id, "agent")


def test_inactivity_counts_from_the_last_activity(core: EngageCore) -> None:
    clock = core.clock
    assert isinstance(clock, ManualClock)
    core.configure({"inactivityTimeoutSeconds": 100})
    i = core.create_interaction("chat", "c", "a", {})
    s = core.start_session(i.id, "customer")
    core.join(s.token, "a")
    clock.advance(90)
    core.pointer(s.token, "customer", 1, 2)
    clock.advance(90)
    core.tick()
    assert s.state == "active", "activity 90 s ago must keep the session alive"
    clock.advance(10)
    core.tick()
    assert s.state == "ended" and s.end_reason == "inactivity-timeout"


@pytest.mark.parametrize(
    ("selector", "element", "matches"),
    [
        ("input[type=password]", {"tag": "input", "type": "password"}, True),
        ("input[type=password]", {"tag": "input", "type": "text"}, False),
        (".email", {"tag": "input", "classes": ["email", "x"]}, True),
        ("#ssn", {"tag": "input", "id": "ssn"}, True),
        ("[data-private]", {"tag": "p", "attributes": {"data-private": "1"}}, True),
        ("[data-private='1']", {"tag": "p", "attributes": {"data-private": "2"}}, False),
        ("a, button", {"tag": "button"}, True),
    ],
)
def test_selectors(selector: str, element: dict[str, object], matches: bool) -> None:
    assert any(s.matches(element) for s in parse_selector(selector)) is matches


@pytest.mark.parametrize("selector", ["div > span", "a b", "", ",", "input[type=", "::before"])
def test_unsupported_selectors_are_refused(selector: str) -> None:
    with pytest.raises(Invalid):
        parse_selector(selector)


def test_passwords_are_always_masked() -> None:
    restrictions = Restrictions(("input.other",))
    assert restrictions.is_masked({"tag": "input", "type": "password"})
    assert restrictions.is_disabled({"tag": "button", "type": "submit"})
    assert not restrictions.is_disabled({"tag": "button", "type": "button"})


def test_the_legal_variant_reuses_another_interactions_ended_id() -> None:
    """GE-S-05: the variant really reuses IDs, so the suite passing it means something."""
    core = EngageCore(ManualClock(START), Faults(["engage.ended-ids-reused"]))
    first = core.create_interaction("chat", "c1", "a1", {})
    second = core.create_interaction("chat", "c2", "a1", {})
    ended = core.start_session(first.id, "customer")
    core.join(ended.token, "a1")
    core.exit(ended.token, "agent")
    again = core.start_session(first.id, "customer")
    assert again.token != ended.token  # never one of the interaction's own
    reused = core.start_session(second.id, "customer")
    assert reused.token == ended.token
    assert core.by_token(ended.token) is reused
