"""The genesys-cloud domain core: the co-browse life cycle as the Platform API sees it."""

from __future__ import annotations

import pytest

from mockserver.clock import ManualClock
from mockserver.errors import Conflict, Invalid, NotFound
from mockserver.faults import Faults
from mockserver.genesys_cloud.core import CloudCore, CommunicationView, Conversation

START = 1_700_000_000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def core(clock: ManualClock) -> CloudCore:
    return CloudCore(clock, Faults())


def _conversation(core: CloudCore) -> Conversation:
    return core.create_conversation("Ada", "Grace", "customer-1", "agent-1")


def _legs(core: CloudCore, conversation: Conversation, index: int = -1
          ) -> tuple[CommunicationView, CommunicationView]:
    sharer, viewer = core.views(conversation)[index]
    return sharer, viewer


def test_offered_the_customer_is_connected_and_the_agent_alerting(core: CloudCore) -> None:
    conversation = _conversation(core)
    core.start_cobrowse(conversation.id)
    sharer, viewer = _legs(core, conversation)
    assert (sharer.role, sharer.state, sharer.initial_state) == ("sharer", "connected",
                                                                "connected")
    assert (viewer.role, viewer.state, viewer.initial_state) == ("viewer", "alerting", "alerting")
    assert viewer.start_alerting == START and viewer.connected is None
    assert sharer.connected == START and sharer.start_alerting is None
    assert sharer.disconnect_type is None and viewer.disconnect_type is None
    assert sharer.disconnected is None and viewer.disconnected is None
    assert sharer.peer_id == viewer.id and viewer.peer_id == sharer.id
    assert sharer.session_id == viewer.session_id
    assert sharer.participant_id == conversation.customer.id
    assert viewer.self_name == "Grace" and sharer.self_name == "Ada"


def test_joining_connects_the_agent_and_leaving_disconnects_both(
        core: CloudCore, clock: ManualClock) -> None:
    conversation = _conversation(core)
    record = core.start_cobrowse(conversation.id)
    clock.advance(10)
    core.join(record.history_id)
    _, viewer = _legs(core, conversation)
    assert viewer.state == "connected" and viewer.initial_state == "alerting"
    assert viewer.connected == START + 10 and viewer.start_alerting == START
    assert viewer.provider_event_time == START + 10
    clock.advance(5)
    core.leave(record.history_id, "customer")
    sharer, viewer = _legs(core, conversation)
    assert (sharer.state, viewer.state) == ("disconnected", "disconnected")
    assert (sharer.disconnect_type, viewer.disconnect_type) == ("endpoint", "peer")
    assert sharer.disconnected == viewer.disconnected == START + 15
    assert sharer.provider_event_time == START + 15


def test_the_agent_leaving_is_the_agents_client(core: CloudCore) -> None:
    conversation = _conversation(core)
    record = core.start_cobrowse(conversation.id)
    core.join(record.history_id)
    core.leave(record.history_id, "agent")
    sharer, viewer = _legs(core, conversation)
    assert (sharer.disconnect_type, viewer.disconnect_type) == ("peer", "client")


def test_an_idle_session_times_out(core: CloudCore, clock: ManualClock) -> None:
    core.configure({"inactivityTimeoutSeconds": 60})
    conversation = _conversation(core)
    core.start_cobrowse(conversation.id)
    clock.advance(59)
    core.tick()
    assert _legs(core, conversation)[1].state == "alerting"
    clock.advance(1)
    core.tick()
    sharer, viewer = _legs(core, conversation)
    assert (sharer.disconnect_type, viewer.disconnect_type) == ("timeout", "timeout")
    assert viewer.disconnected == START + 60
    assert viewer.after_call_work is None  # the agent never connected: nothing to wrap up


def test_the_conversation_ending_is_the_system(core: CloudCore) -> None:
    conversation = _conversation(core)
    record = core.start_cobrowse(conversation.id)
    core.join(record.history_id)
    core.end_conversation(conversation.id)
    assert {v.disconnect_type for v in _legs(core, conversation)} == {"system"}
    with pytest.raises(Conflict):
        core.start_cobrowse(conversation.id)


def test_the_api_disconnecting_the_conversation_is_a_client(core: CloudCore) -> None:
    conversation = _conversation(core)
    core.start_cobrowse(conversation.id)
    core.end_conversation(conversation.id, by_api=True)
    assert {v.disconnect_type for v in _legs(core, conversation)} == {"client"}
    core.end_conversation(conversation.id, by_api=True)  # again: nothing changes
    with pytest.raises(Conflict):
        core.end_conversation(conversation.id)


def test_the_agent_declining_the_offer_ends_the_session(core: CloudCore) -> None:
    conversation = _conversation(core)
    record = core.start_cobrowse(conversation.id)
    core.set_state(record, record.viewer, "disconnected")
    sharer, viewer = _legs(core, conversation)
    assert (sharer.state, viewer.state) == ("disconnected", "disconnected")
    assert (sharer.disconnect_type, viewer.disconnect_type) == ("peer", "client")


def test_connected_answers_the_offer(core: CloudCore) -> None:
    conversation = _conversation(core)
    record = core.start_cobrowse(conversation.id)
    core.set_participant_state(conversation, conversation.agent.id, "connected")
    assert _legs(core, conversation)[1].state == "connected"
    with pytest.raises(Invalid):
        core.set_participant_state(conversation, conversation.agent.id, "held")
    core.set_participant_state(conversation, conversation.agent.id, "disconnected")
    with pytest.raises(Conflict):
        core.set_state(record, record.viewer, "connected")


def test_control_granted_is_listed_on_the_viewer_only(core: CloudCore) -> None:
    conversation = _conversation(core)
    record = core.start_cobrowse(conversation.id)
    core.join(record.history_id)
    request = core.request_control(record.history_id)
    assert _legs(core, conversation)[1].controlling == ()
    core.answer_control(record.history_id, request["requestId"], True)
    sharer, viewer = _legs(core, conversation)
    assert viewer.controlling == (conversation.customer.id,)
    assert sharer.controlling == ()
    core.release_control(record.history_id, "agent")
    assert _legs(core, conversation)[1].controlling == ()


def test_a_refused_request_grants_nothing(core: CloudCore) -> None:
    conversation = _conversation(core)
    record = core.start_cobrowse(conversation.id)
    core.join(record.history_id)
    request = core.request_control(record.history_id)
    core.answer_control(record.history_id, request["requestId"], False)
    assert _legs(core, conversation)[1].controlling == ()


def test_wrap_up_completes_the_after_call_work(core: CloudCore, clock: ManualClock) -> None:
    conversation = _conversation(core)
    record = core.start_cobrowse(conversation.id)
    core.join(record.history_id)
    core.leave(record.history_id, "agent")
    assert _legs(core, conversation)[1].after_call_work == {"startTime": START,
                                                            "state": "pending"}
    clock.advance(30)
    with pytest.raises(Invalid):
        core.wrap_up(record.sharer, {"code": "x"})  # customers do not wrap up
    core.wrap_up(record.viewer, {"code": "resolved", "notes": "done"})
    _, viewer = _legs(core, conversation)
    assert viewer.wrapup == {"code": "resolved", "notes": "done", "durationSeconds": 30,
                             "endTime": START + 30}
    assert viewer.after_call_work == {"startTime": START, "endTime": START + 30,
                                      "state": "complete"}
    assert [s.type for s in viewer.segments] == ["alert", "interact", "wrapup"]
    assert viewer.segments[-1].end == START + 30


def test_a_second_session_adds_new_communications(core: CloudCore) -> None:
    conversation = _conversation(core)
    first = core.start_cobrowse(conversation.id)
    core.leave(first.history_id, "customer")
    second = core.start_cobrowse(conversation.id)
    old, new = core.views(conversation)
    assert len({old[0].id, old[1].id, new[0].id, new[1].id}) == 4
    assert old[0].session_id == first.history_id and new[0].session_id == second.history_id
    assert new[1].state == "alerting" and old[1].state == "disconnected"


def test_unknown_things_are_not_found(core: CloudCore) -> None:
    with pytest.raises(NotFound):
        core.conversation("nope")
    conversation = _conversation(core)
    with pytest.raises(NotFound):
        core.participant(conversation, "nope")
    with pytest.raises(NotFound):
        core.session("nope")
    core.start_cobrowse(conversation.id)
    with pytest.raises(NotFound):
        core.communication(conversation, conversation.agent.id, "nope")


@pytest.mark.parametrize("changes", [
    {"inactivityTimeoutSeconds": 0}, {"inactivityTimeoutSeconds": "60"},
    {"viewerUrlBase": "ftp://x/"}, {"provider": ""}, {"afterCallWorkRequired": "yes"},
    {"agentSessionsLimit": 2}, {"wrapupPrompt": "agent requested"}, {"wrapupPrompt": 1},
])
def test_bad_settings_are_refused(core: CloudCore, changes: dict[str, object]) -> None:
    before = core.config()
    with pytest.raises(Invalid):
        core.configure(changes)
    assert core.config() == before


def test_settings_apply(core: CloudCore) -> None:
    core.configure({"provider": "Acme", "afterCallWorkRequired": True})
    conversation = _conversation(core)
    core.start_cobrowse(conversation.id)
    sharer, viewer = _legs(core, conversation)
    assert sharer.provider == viewer.provider == "Acme"
    assert viewer.after_call_work_required is True and sharer.after_call_work_required is None


@pytest.mark.parametrize("prompt", ["MANDATORY", "OPTIONAL", "MANDATORY_TIMEOUT",
                                    "MANDATORY_FORCED_TIMEOUT"])
def test_after_call_work_required_only_under_agent_requested(core: CloudCore,
                                                             prompt: str) -> None:
    """Sources 003/004: afterCallWorkRequired is "Only used when the ACW Setting is Agent
    Requested"; the reference leaves it out under every other setting."""
    core.configure({"wrapupPrompt": prompt, "afterCallWorkRequired": True})
    conversation = _conversation(core)
    core.start_cobrowse(conversation.id)
    assert all(leg.after_call_work_required is None for leg in _legs(core, conversation))
    core.configure({"wrapupPrompt": "AGENT_REQUESTED"})
    assert _legs(core, conversation)[1].after_call_work_required is True


def test_reset_forgets_everything(core: CloudCore) -> None:
    conversation = _conversation(core)
    core.reset()
    with pytest.raises(NotFound):
        core.conversation(conversation.id)


def test_a_fault_changes_only_its_behaviour(clock: ManualClock) -> None:
    broken = CloudCore(clock, Faults(["cloud.viewer-stays-alerting"]))
    conversation = broken.create_conversation("Ada", "Grace", "c", "a")
    record = broken.start_cobrowse(conversation.id)
    broken.join(record.history_id)
    _, viewer = broken.views(conversation)[0]
    assert viewer.state == "alerting"
    assert viewer.connected == START  # everything else as in the reference
