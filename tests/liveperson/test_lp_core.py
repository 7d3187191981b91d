"""The liveperson domain core, without I/O: invitations, lpTag events, expiry."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.clock import ManualClock
from mockserver.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from mockserver.faults import Faults
from mockserver.liveperson.core import Change, LivePersonCore

START = 1_700_000_000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def core(clock: ManualClock) -> LivePersonCore:
    return LivePersonCore(clock, Faults(), "12345678")


def _conversation(core: LivePersonCore, consumer: str = "c-1", agent: str = "12345678.1") -> str:
    conversation = core.request_conversation(consumer)
    core.assign_agent(conversation.id, agent)
    return conversation.id


def _payload(core: LivePersonCore, service_id: str, **changes: Any) -> dict[str, Any]:
    dialog = core.by_service[service_id]
    data = {"serviceId": service_id, "agentId": dialog.agent_id, "visitorName": "V",
            "ssid": "s", "svid": "v"}
    data.update(changes)
    return data


def test_an_invitation_is_invited_with_the_mode_and_a_consumer_service_id(
        core: LivePersonCore) -> None:
    cid = _conversation(core)
    dialog = core.invite(cid, "follow")
    assert dialog.session_state == "INVITED"
    assert dialog.mode == "follow"
    assert dialog.service_id.startswith("c-1#")
    assert dialog.expires_at == START + 120
    assert dialog.notification_key is None


def test_an_invitation_needs_a_known_mode_and_an_agent(core: LivePersonCore) -> None:
    conversation = core.request_conversation("c-1")
    with pytest.raises(Conflict):
        core.invite(conversation.id, "shared")
    core.assign_agent(conversation.id, "a")
    with pytest.raises(Invalid):
        core.invite(conversation.id, "control")
    with pytest.raises(NotFound):
        core.invite("nope", "shared")


def test_one_open_cobrowse_dialog_at_a_time(core: LivePersonCore) -> None:
    cid = _conversation(core)
    first = core.invite(cid, "shared")
    with pytest.raises(Conflict):
        core.invite(cid, "view")
    core.cancel(cid, first.dialog_id)
    second = core.invite(cid, "view")
    assert second.service_id != first.service_id


def test_accept_join_end(core: LivePersonCore) -> None:
    cid = _conversation(core)
    dialog = core.invite(cid, "shared")
    core.lptag_event("lpCoBrowse", "cobrowseOffered", _payload(core, dialog.service_id))
    assert dialog.session_state == "INVITED" and dialog.offered
    core.lptag_event("lpCoBrowse", "cobrowseAccepted", _payload(core, dialog.service_id))
    assert (dialog.session_state, dialog.notification_key) == ("ACCEPTED", "invitation_accepted")
    with pytest.raises(Conflict):
        core.cancel(cid, dialog.dialog_id)
    core.join(cid, dialog.dialog_id)
    assert (dialog.session_state, dialog.notification_key) == ("ACCEPTED", "session_joined")
    core.end(cid, dialog.dialog_id)
    assert (dialog.session_state, dialog.notification_key, dialog.state) == (
        "CLOSED", "session_ended", "CLOSE")
    with pytest.raises(Gone):
        core.end(cid, dialog.dialog_id)


def test_the_join_is_announced_unless_the_push_is_suppressed(clock: ManualClock) -> None:
    for faults, pushed in ((Faults(), True), (Faults({"lp.join-not-pushed"}), False)):
        core = LivePersonCore(clock, faults, "12345678")
        changes: list[Change] = []
        core.add_listener(changes.append)
        cid = _conversation(core)
        dialog = core.invite(cid, "shared")
        core.lptag_event("lpCoBrowse", "cobrowseAccepted", _payload(core, dialog.service_id))
        core.join(cid, dialog.dialog_id)
        assert (dialog.session_state, dialog.notification_key) == ("ACCEPTED", "session_joined")
        assert ("joined" in [c.reason for c in changes]) is pushed


def test_decline_closes_the_invitation(core: LivePersonCore) -> None:
    cid = _conversation(core)
    dialog = core.invite(cid, "view")
    core.lptag_event("lpCoBrowse", "cobrowseDeclined", _payload(core, dialog.service_id))
    assert (dialog.session_state, dialog.notification_key) == ("CLOSED", "invitation_declined")
    with pytest.raises(Gone):
        core.lptag_event("lpCoBrowse", "cobrowseAccepted", _payload(core, dialog.service_id))


def test_an_unanswered_invitation_expires_after_two_minutes(core: LivePersonCore,
                                                            clock: ManualClock) -> None:
    cid = _conversation(core)
    dialog = core.invite(cid, "shared")
    clock.advance(119.999)
    core.tick()
    assert dialog.session_state == "INVITED"
    clock.advance(0.001)
    core.tick()
    assert (dialog.session_state, dialog.notification_key) == ("CLOSED", "invitation_expired")


def test_an_accepted_invitation_does_not_expire(core: LivePersonCore, clock: ManualClock) -> None:
    cid = _conversation(core)
    dialog = core.invite(cid, "shared")
    core.lptag_event("lpCoBrowse", "cobrowseAccepted", _payload(core, dialog.service_id))
    clock.advance(600)
    core.tick()
    assert dialog.session_state == "ACCEPTED"


def test_the_ttl_is_configurable(core: LivePersonCore, clock: ManualClock) -> None:
    core.configure({"invitationTtlSeconds": 30})
    assert core.config() == {"invitationTtlSeconds": 30.0}
    cid = _conversation(core)
    dialog = core.invite(cid, "shared")
    assert dialog.expires_at == START + 30
    clock.advance(30)
    core.tick()
    assert dialog.session_state == "CLOSED"


@pytest.mark.parametrize("changes", [
    {"invitationTtlSeconds": 0}, {"invitationTtlSeconds": -1}, {"invitationTtlSeconds": True},
    {"invitationTtlSeconds": "120"}, {"unknown": 1},
])
def test_a_bad_setting_is_refused(core: LivePersonCore, changes: dict[str, Any]) -> None:
    with pytest.raises(Invalid):
        core.configure(changes)
    assert core.config() == {"invitationTtlSeconds": 120.0}


@pytest.mark.parametrize(("changes", "code"), [
    ({"ssid": ""}, "empty_field"),
    ({"svid": ""}, "empty_field"),
    ({"ssid": None}, "missing_field"),
    ({"visitorName": 7}, "invalid_field"),
    ({"cid": 7}, "invalid_field"),
])
def test_lptag_payload_checks(core: LivePersonCore, changes: dict[str, Any], code: str) -> None:
    cid = _conversation(core)
    dialog = core.invite(cid, "shared")
    payload = {k: v for k, v in _payload(core, dialog.service_id, **changes).items()
               if v is not None}
    with pytest.raises(Invalid) as caught:
        core.lptag_event("lpCoBrowse", "cobrowseAccepted", payload)
    assert caught.value.code == code
    assert dialog.session_state == "INVITED"


def test_lptag_events_are_matched_by_service_id_and_agent(core: LivePersonCore) -> None:
    first = core.invite(_conversation(core, "c-1", "a-1"), "shared")
    second = core.invite(_conversation(core, "c-2", "a-1"), "view")
    core.lptag_event("lpCoBrowse", "cobrowseAccepted", _payload(core, second.service_id))
    assert (first.session_state, second.session_state) == ("INVITED", "ACCEPTED")
    with pytest.raises(Conflict):
        core.lptag_event("lpCoBrowse", "cobrowseAccepted",
                         _payload(core, first.service_id, agentId="someone-else"))
    with pytest.raises(NotFound):
        core.lptag_event("lpCoBrowse", "cobrowseAccepted", _payload(core, first.service_id,
                                                                    serviceId="unknown"))
    with pytest.raises(Invalid):
        core.lptag_event("lpUnifiedWindow", "cobrowseAccepted", _payload(core, first.service_id))
    with pytest.raises(Invalid):
        core.lptag_event("lpCoBrowse", "cobrowseMaybe", _payload(core, first.service_id))


def test_closing_the_conversation_closes_its_cobrowse_session(core: LivePersonCore) -> None:
    cid = _conversation(core)
    dialog = core.invite(cid, "shared")
    core.close_conversation(cid, "CONSUMER")
    assert (dialog.session_state, dialog.notification_key) == ("CLOSED", "conversation_closed")
    with pytest.raises(Conflict):
        core.invite(cid, "shared")


def test_every_change_is_reported_to_the_listeners(core: LivePersonCore,
                                                   clock: ManualClock) -> None:
    changes: list[Change] = []
    core.add_listener(changes.append)
    cid = _conversation(core)
    dialog = core.invite(cid, "shared")
    clock.advance(120)
    core.tick()
    core.tick()  # an expired invitation is closed once
    assert [c.reason for c in changes] == ["created", "agent-assigned", "invited", "expired"]
    assert changes[-1].dialog_id == dialog.dialog_id
    core.remove_listener(changes.append)
    core.invite(cid, "view")
    assert len(changes) == 4


def test_a_consumer_has_one_open_conversation(core: LivePersonCore) -> None:
    core.request_conversation("c-1")
    with pytest.raises(Conflict):
        core.request_conversation("c-1")
    with pytest.raises(Invalid):
        core.request_conversation("c-2", brand_id="other-brand")


def test_offers_cobrowse_only_with_the_feature(core: LivePersonCore) -> None:
    assert core.offers_cobrowse(["CO_BROWSE", "RICH_CONTENT"])
    assert not core.offers_cobrowse(["RICH_CONTENT"])
    assert not core.offers_cobrowse([])


def test_reset_forgets_conversations(core: LivePersonCore) -> None:
    cid = _conversation(core)
    core.reset()
    with pytest.raises(NotFound):
        core.conversation(cid)


@pytest.mark.parametrize(("mode", "allowed"), [("view", True), ("shared", True),
                                               ("follow", False)])
def test_the_agent_scrolls_in_view_mode_not_in_follow_mode(core: LivePersonCore, mode: str,
                                                           allowed: bool) -> None:
    cid = _conversation(core)
    dialog = core.invite(cid, mode)
    with pytest.raises(Conflict):  # nothing to scroll before the invitation is accepted
        core.scroll(cid, dialog.dialog_id, 0, 100)
    core.lptag_event("lpCoBrowse", "cobrowseAccepted", _payload(core, dialog.service_id))
    if allowed:
        assert core.scroll(cid, dialog.dialog_id, 0, 100).scroll == (0, 100)
    else:
        with pytest.raises(Forbidden):
            core.scroll(cid, dialog.dialog_id, 0, 100)
    core.end(cid, dialog.dialog_id)
    with pytest.raises(Gone):
        core.scroll(cid, dialog.dialog_id, 0, 100)
