"""The cores' cost per request does not grow with the sessions a world once held.

Timing would be a flaky test on a shared machine, so these tests count work instead: the
cores' main tables are swapped for dictionaries that count every entry handed out (by
iteration or by key). A request that walks history touches every ended session or
conversation; one served by an index or a deadline-ordered timer touches a handful,
whatever the history. The behaviour tests beside them pin what the timers must keep doing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mockserver.clock import ManualClock
from mockserver.faults import Faults
from mockserver.genesys_cloud.core import CloudCore
from mockserver.genesys_engage.core import EngageCore
from mockserver.liveperson.core import Change, LivePersonCore

START = 1_700_000_000.0


class Counting(dict[Any, Any]):
    """A dict that counts the entries it hands out: by iteration, by key or by ``in``."""

    touched = 0

    def __getitem__(self, key: Any) -> Any:
        self.touched += 1
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.touched += 1
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.touched += 1
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        for key in super().__iter__():
            self.touched += 1
            yield key

    def values(self) -> Any:
        return [self[k] for k in list(super().keys())]

    def items(self) -> Any:
        return [(k, self[k]) for k in list(super().keys())]


def clock_of(core: EngageCore | LivePersonCore) -> ManualClock:
    clock = core.clock
    assert isinstance(clock, ManualClock)
    return clock


# -- genesys-engage ------------------------------------------------------------------------
def engage_with_history(ended: int) -> EngageCore:
    """A core whose agents have had ``ended`` sessions, then one live session each of two."""
    core = EngageCore(ManualClock(START), Faults())
    for n in range(ended):
        interaction = core.create_interaction("chat", f"c{n}", f"a{n % 50}", {})
        session = core.start_session(interaction.id, "customer")
        core.join(session.token, f"a{n % 50}")
        core.exit(session.token, "agent")
        clock_of(core).advance(0.01)
    return core


def engage_work(core: EngageCore) -> tuple[int, int]:
    """Entries of (sessions, interactions) touched by a short, ordinary run of requests."""
    sessions, interactions = Counting(core.sessions), Counting(core.interactions)
    core.sessions, core.interactions = sessions, interactions
    for _ in range(5):
        core.tick()
    interaction = core.create_interaction("chat", "new-customer", "new-agent", {})
    core.tick()
    session = core.start_session(interaction.id, "customer")
    core.tick()
    core.join(session.token, "new-agent")
    core.tick()
    core.pointer(session.token, "agent", 1, 2)
    core.tick()
    core.list_interactions("new-agent", None)
    core.list_interactions(None, "new-customer")
    core.feed(interaction.id, "customer", after=0)
    core.tick()
    return sessions.touched, interactions.touched


@pytest.mark.parametrize("ended", [2000])
def test_engage_requests_touch_the_same_entries_whatever_the_history(ended: int) -> None:
    small = engage_work(engage_with_history(20))
    large = engage_work(engage_with_history(ended))
    assert large == small, f"work grew with history: {small} at 20 ended, {large} at {ended}"
    assert large[0] < 50 and large[1] < 50


def test_engage_tick_examines_only_due_sessions() -> None:
    core = engage_with_history(1500)
    live = []
    for n in range(3):
        interaction = core.create_interaction("chat", f"live{n}", f"live-agent{n}", {})
        live.append(core.start_session(interaction.id, "customer"))
    clock_of(core).advance(core.settings.inactivity_timeout_seconds)
    counting = Counting(core.sessions)
    core.sessions = counting
    core.tick()
    assert all(s.end_reason == "inactivity-timeout" for s in live)
    # Stale timers of ended sessions may be dropped here, but never more than a bounded few:
    # the timer heap is compacted as sessions end.
    assert counting.touched < 300, f"tick examined {counting.touched} sessions"


def test_engage_timers_follow_activity_away_and_configuration() -> None:
    core = EngageCore(ManualClock(START), Faults())
    clock = clock_of(core)
    sessions = []
    for n in range(3):
        interaction = core.create_interaction("chat", f"c{n}", f"a{n}", {})
        sessions.append(core.start_session(interaction.id, "customer"))
        core.join(sessions[-1].token, f"a{n}")
    first, second, third = sessions
    clock.advance(500)
    core.pointer(second.token, "agent", 1, 1)  # activity postpones the inactivity timeout
    core.set_agent_presence(third.token, False)  # the away timeout comes much earlier
    clock.advance(core.settings.agent_away_timeout_seconds - 1)
    core.tick()
    assert [s.state for s in sessions] == ["active", "active", "active"]
    clock.advance(1)
    core.tick()
    assert third.end_reason == "agent-away-timeout" and first.live and second.live
    clock.advance(900 - 500 - 60)
    core.tick()
    assert first.end_reason == "inactivity-timeout" and second.live
    core.configure({"inactivityTimeoutSeconds": 100})  # shorter: due at once
    core.tick()
    assert second.end_reason == "inactivity-timeout"


def test_engage_sessions_due_in_one_tick_end_in_the_order_they_were_created() -> None:
    core = EngageCore(ManualClock(START), Faults())
    sessions = []
    for n in range(3):
        interaction = core.create_interaction("chat", f"c{n}", f"a{n}", {})
        sessions.append(core.start_session(interaction.id, "customer"))
        core.join(sessions[-1].token, f"a{n}")
    clock_of(core).advance(10)
    core.pointer(sessions[0].token, "agent", 1, 1)  # the first created is now due last
    clock_of(core).advance(2000)
    core.tick()
    ends = sorted((e.seq, s.history_id) for s in sessions
                  for e in core.interactions[s.interaction_id].feeds["customer"]
                  if e.type == "session-ended")
    assert [h for _, h in ends] == [s.history_id for s in sessions]


def test_engage_feed_reads_from_a_position() -> None:
    core = EngageCore(ManualClock(START), Faults())
    interaction = core.create_interaction("chat", "c", "a", {})
    session = core.start_session(interaction.id, "customer")
    core.join(session.token, "a")
    for n in range(20):
        core.pointer(session.token, "agent", n, n)
    feed = core.feed(interaction.id, "customer")
    middle = feed[10]["seq"]
    assert [e["seq"] for e in core.feed(interaction.id, "customer", after=middle)] == [
        e["seq"] for e in feed[11:]]
    assert core.feed(interaction.id, "customer", after=feed[-1]["seq"]) == []


def test_engage_agent_limit_counts_only_active_sessions_of_that_agent() -> None:
    core = EngageCore(ManualClock(START), Faults())
    core.configure({"agentSessionsLimit": 2})
    tokens = []
    for n in range(3):
        interaction = core.create_interaction("chat", f"c{n}", "a", {})
        tokens.append(core.start_session(interaction.id, "customer").token)
    core.join(tokens[0], "a")
    core.join(tokens[1], "a")
    with pytest.raises(Exception, match="agent a already participates in 2"):
        core.join(tokens[2], "a")
    core.exit(tokens[0], "agent")
    assert core.join(tokens[2], "a").state == "active"


def test_engage_listings_leave_out_forgotten_interactions() -> None:
    core = EngageCore(ManualClock(START), Faults())
    kept, dropped, other = (core.create_interaction("chat", "c", "a", {}) for _ in range(3))
    core.interactions.pop(dropped.id)  # as retention forgets an ended record
    assert core.list_interactions("a", None) == [kept, other]
    core.forget_interaction(other.id)
    assert core.list_interactions(None, "c") == [kept]
    assert core.list_interactions("a", "c") == [kept]


def test_cloud_tick_is_the_engage_tick() -> None:
    core = CloudCore(ManualClock(START), Faults())
    for n in range(300):
        conversation = core.create_conversation("C", "A", f"c{n}", f"a{n}")
        record = core.start_cobrowse(conversation.id)
        core.join(record.history_id)
        core.leave(record.history_id, "agent")
    counting = Counting(core.engage.sessions)
    core.engage.sessions = counting
    for _ in range(10):
        core.tick()
    assert counting.touched == 0


# -- liveperson ------------------------------------------------------------------------------
def liveperson_with_history(closed: int) -> LivePersonCore:
    core = LivePersonCore(ManualClock(START), Faults())
    for n in range(closed):
        conversation = core.request_conversation(f"consumer-{n}")
        core.assign_agent(conversation.id, "agent")
        dialog = core.invite(conversation.id, "shared")
        core.cancel(conversation.id, dialog.dialog_id)
        core.close_conversation(conversation.id, "AGENT")
    return core


def liveperson_work(core: LivePersonCore) -> int:
    counting = Counting(core.conversations)
    core.conversations = counting
    for _ in range(5):
        core.tick()
    conversation = core.request_conversation("newcomer")
    core.tick()
    core.assign_agent(conversation.id, "agent")
    core.tick()
    dialog = core.invite(conversation.id, "view")
    core.tick()
    core.conversations_of("newcomer")
    core.dialog(conversation.id, dialog.dialog_id)
    core.tick()
    return counting.touched


def test_liveperson_requests_touch_the_same_entries_whatever_the_history() -> None:
    small = liveperson_work(liveperson_with_history(20))
    large = liveperson_work(liveperson_with_history(2000))
    assert large == small, f"work grew with history: {small} at 20 closed, {large} at 2000"


def test_liveperson_invitations_expire_by_deadline_in_conversation_order() -> None:
    core = LivePersonCore(ManualClock(START), Faults())
    seen: list[Change] = []
    core.add_listener(seen.append)
    first = core.request_conversation("c1")
    second = core.request_conversation("c2")
    for conversation in (first, second):
        core.assign_agent(conversation.id, "agent")
    late = core.invite(second.id, "shared")
    clock_of(core).advance(5)
    early = core.invite(first.id, "view")
    clock_of(core).advance(core.settings.invitation_ttl_seconds - 5 - 0.001)
    core.tick()
    assert late.session_state == "INVITED"
    clock_of(core).advance(0.001)
    core.tick()
    assert late.session_state == "CLOSED" and early.session_state == "INVITED"
    core.configure({"invitationTtlSeconds": 1})  # a shorter TTL applies to pending ones
    core.tick()
    assert early.notification_key == "invitation_expired"
    expired = [c.conversation_id for c in seen if c.reason == "expired"]
    assert expired == [second.id, first.id]


def test_liveperson_invitations_due_together_expire_in_conversation_order() -> None:
    core = LivePersonCore(ManualClock(START), Faults())
    seen: list[Change] = []
    core.add_listener(seen.append)
    first = core.request_conversation("c1")
    second = core.request_conversation("c2")
    for conversation in (first, second):
        core.assign_agent(conversation.id, "agent")
    core.invite(second.id, "shared")
    clock_of(core).advance(1)
    core.invite(first.id, "shared")
    clock_of(core).advance(1000)
    core.tick()
    assert [c.conversation_id for c in seen if c.reason == "expired"] == [first.id, second.id]


def test_liveperson_one_open_conversation_per_consumer_after_close() -> None:
    core = LivePersonCore(ManualClock(START), Faults())
    conversation = core.request_conversation("c")
    with pytest.raises(Exception, match="already has an open conversation"):
        core.request_conversation("c")
    core.close_conversation(conversation.id, "CONSUMER")
    again = core.request_conversation("c")
    assert [c.id for c in core.conversations_of("c")] == [conversation.id, again.id]
