"""What a world forgets, and when: the sweepers and the room-making of each profile.

A long-running server (outside test mode: one world, the wall clock) would otherwise keep
every interaction, ended session, event and conversation it ever saw, and serve requests
whose cost grows with them. So each profile's records are bounded per world
(``MAX_RECORDS``, ``MAX_SESSIONS``, ``MAX_FEED_EVENTS``), and outside test mode what ended
more than ``RETAIN_ENDED_SECONDS`` ago is forgotten (its IDs answer 404 afterwards). In test
mode nothing is forgotten by age: a scenario moves its world's clock as it likes, and a
world lives only as long as its scenario.

The cores know nothing of retention; these functions forget whole records from the cores'
tables (an interaction with its sessions and feeds, a conversation with its dialogs), only
ones that have ended, so nothing live ever loses state.
"""

from __future__ import annotations

from mockserver.genesys_cloud.core import CloudCore
from mockserver.genesys_cloud.core import Conversation as CloudConversation
from mockserver.genesys_engage.core import EngageCore, Interaction
from mockserver.limits import (
    MAX_CONVERSATIONS_PER_CONSUMER,
    MAX_EVENTS,
    MAX_FEED_EVENTS,
    MAX_MESSAGES,
    MAX_MESSAGES_PER_CONVERSATION,
    MAX_RECORDS,
    MAX_SESSIONS,
    Refused,
)
from mockserver.liveperson.core import Conversation as LpConversation
from mockserver.liveperson.core import LivePersonCore

#: When a table is full, forget ended records down to this share of its limit at once, so
#: that a full world does not sort its history again on every creation.
ROOM_SHARE = 0.9


def _full(what: str, limit: int) -> Refused:
    return Refused(429, f"too_many_{what}", f"this world holds {limit} {what} (the limit) and "
                   "none can be forgotten yet: end some first", limit=limit)


# -- genesys-engage ------------------------------------------------------------------------------
def _engage_ended(core: EngageCore, interaction: Interaction) -> bool:
    return interaction.ended_at is not None and not any(
        core.sessions[h].live for h in interaction.history_ids if h in core.sessions)


def forget_interaction(core: EngageCore, interaction: Interaction) -> None:
    """Forget an ended interaction, its sessions (both IDs) and its feeds; the core drops it
    from its party indexes itself, so that they do not grow with what was forgotten."""
    core.forget_interaction(interaction.id)
    for history_id in interaction.history_ids:
        session = core.sessions.pop(history_id, None)
        if session is None:
            continue
        for tokens in (core.live_tokens, core.retired_tokens):
            if tokens.get(session.token) == history_id:
                del tokens[session.token]


def trim_feeds(core: EngageCore) -> None:
    """Keep the newest MAX_FEED_EVENTS events of each party's feed, and fewer (an equal
    share of MAX_EVENTS) when the world's feeds together hold more than MAX_EVENTS."""
    feeds = [feed for i in core.interactions.values() for feed in i.feeds.values()]
    keep = MAX_FEED_EVENTS
    if sum(len(feed) for feed in feeds) > MAX_EVENTS:
        keep = min(keep, max(MAX_EVENTS // len(feeds), 1))
    for feed in feeds:
        if len(feed) > keep:
            del feed[:len(feed) - keep]


def _forget_oldest_engage(core: EngageCore, count: int) -> None:
    ended = sorted((i for i in core.interactions.values() if _engage_ended(core, i)),
                   key=lambda i: i.ended_at or 0.0)
    for interaction in ended[:max(count, 0)]:
        forget_interaction(core, interaction)


def sweep_engage(core: EngageCore, before: float | None) -> None:
    trim_feeds(core)
    if before is None:
        return
    for interaction in [i for i in core.interactions.values()
                        if _engage_ended(core, i) and (i.ended_at or 0.0) < before]:
        forget_interaction(core, interaction)


def room_for_interaction(core: EngageCore) -> None:
    """Before an interaction is created: forget the oldest ended ones if the world is full;
    Refused (429) if every one is live."""
    if len(core.interactions) >= MAX_RECORDS:
        _forget_oldest_engage(core, len(core.interactions) - int(MAX_RECORDS * ROOM_SHARE))
    if len(core.interactions) >= MAX_RECORDS:
        raise _full("interactions", MAX_RECORDS)


def room_for_session(core: EngageCore) -> None:
    """Before a session is started: as room_for_interaction, counting sessions."""
    if len(core.sessions) < MAX_SESSIONS:
        return
    ended = sorted((i for i in core.interactions.values() if _engage_ended(core, i)),
                   key=lambda i: i.ended_at or 0.0)
    for interaction in ended:
        if len(core.sessions) < MAX_SESSIONS * ROOM_SHARE:
            break
        forget_interaction(core, interaction)
    if len(core.sessions) >= MAX_SESSIONS:
        raise _full("sessions", MAX_SESSIONS)


# -- genesys-cloud -------------------------------------------------------------------------------
def _cloud_ended_at(core: CloudCore, conversation: CloudConversation) -> float | None:
    interaction = core.engage.interactions.get(conversation.id)
    if interaction is None or not _engage_ended(core.engage, interaction):
        return None
    return interaction.ended_at


def forget_conversation(core: CloudCore, conversation: CloudConversation) -> None:
    """Forget an ended conversation, its co-browse records and the session behind them."""
    core.conversations.pop(conversation.id, None)
    for record in conversation.sessions:
        core.sessions.pop(record.history_id, None)
    interaction = core.engage.interactions.get(conversation.id)
    if interaction is not None:
        forget_interaction(core.engage, interaction)


def sweep_cloud(core: CloudCore, before: float | None) -> None:
    trim_feeds(core.engage)
    if before is None:
        return
    for conversation in list(core.conversations.values()):
        ended = _cloud_ended_at(core, conversation)
        if ended is not None and ended < before:
            forget_conversation(core, conversation)


def room_for_cloud_conversation(core: CloudCore) -> None:
    """Before a conversation is created (it holds an interaction and, later, sessions)."""
    if len(core.conversations) < MAX_RECORDS and len(core.engage.sessions) < MAX_SESSIONS:
        return
    ended = sorted(((t, c) for c in core.conversations.values()
                    if (t := _cloud_ended_at(core, c)) is not None), key=lambda pair: pair[0])
    for _, conversation in ended:
        if (len(core.conversations) < MAX_RECORDS * ROOM_SHARE
                and len(core.engage.sessions) < MAX_SESSIONS * ROOM_SHARE):
            break
        forget_conversation(core, conversation)
    if len(core.conversations) >= MAX_RECORDS:
        raise _full("conversations", MAX_RECORDS)


def room_for_cloud_session(core: CloudCore) -> None:
    room_for_cloud_conversation(core)
    if len(core.engage.sessions) >= MAX_SESSIONS:
        raise _full("sessions", MAX_SESSIONS)


# -- liveperson ----------------------------------------------------------------------------------
def forget_lp_conversation(core: LivePersonCore, conversation: LpConversation) -> None:
    """Forget a closed conversation and its CoBrowse dialogs (the core drops it from its
    consumer index itself)."""
    core.forget_conversation(conversation.id)
    for dialog in conversation.cobrowse:
        if core.by_service.get(dialog.service_id) is dialog:
            del core.by_service[dialog.service_id]


def _closed(conversation: LpConversation) -> bool:
    return not conversation.open and conversation.ended_at is not None


def sweep_liveperson(core: LivePersonCore, before: float | None) -> None:
    if before is None:
        return
    for conversation in [c for c in core.conversations.values()
                         if _closed(c) and (c.ended_at or 0.0) < before]:
        forget_lp_conversation(core, conversation)
    # Outside test mode no variant reads the per-consumer counters: forget those of consumers
    # with nothing left, or they would grow with every consumer ever seen.
    known = {c.consumer_id for c in core.conversations.values()}
    for table in (core.consumer_ranks, core.connections_seen):
        for consumer in [c for c in table if c not in known]:
            del table[consumer]


def room_for_lp_conversation(core: LivePersonCore, consumer_id: str) -> None:
    """Before a consumer's conversation is created: the consumer's oldest closed ones beyond
    MAX_CONVERSATIONS_PER_CONSUMER, and the world's beyond MAX_RECORDS, are forgotten."""
    # From the consumer's own index: this runs before every conversation request, so it
    # must not walk the world's conversations.
    mine = [c for c in core.conversations_of(consumer_id) if _closed(c)]
    mine.sort(key=lambda c: c.ended_at or 0.0)
    for conversation in mine[:max(len(mine) + 1 - MAX_CONVERSATIONS_PER_CONSUMER, 0)]:
        forget_lp_conversation(core, conversation)
    if len(core.conversations) >= MAX_RECORDS:
        closed = sorted((c for c in core.conversations.values() if _closed(c)),
                        key=lambda c: c.ended_at or 0.0)
        surplus = len(core.conversations) - int(MAX_RECORDS * ROOM_SHARE)
        for conversation in closed[:max(surplus, 0)]:
            forget_lp_conversation(core, conversation)
    if len(core.conversations) >= MAX_RECORDS:
        raise _full("conversations", MAX_RECORDS)


def room_for_message(core: LivePersonCore, conversation: LpConversation) -> None:
    """Refused (429) once a conversation holds MAX_MESSAGES_PER_CONVERSATION messages (a new
    subscriber is sent them all in one frame, so they must stay few enough for one), or the
    world MAX_MESSAGES and no closed conversation can be forgotten to make room."""
    if len(conversation.events) >= MAX_MESSAGES_PER_CONVERSATION:
        raise Refused(429, "too_many_messages", f"conversation {conversation.id} holds "
                      f"{MAX_MESSAGES_PER_CONVERSATION} messages (the limit)",
                      limit=MAX_MESSAGES_PER_CONVERSATION)
    total = sum(len(c.events) for c in core.conversations.values())
    if total < MAX_MESSAGES:
        return
    for closed in sorted((c for c in core.conversations.values() if _closed(c)),
                         key=lambda c: c.ended_at or 0.0):
        if total < MAX_MESSAGES * ROOM_SHARE:
            break
        total -= len(closed.events)
        forget_lp_conversation(core, closed)
    if total >= MAX_MESSAGES:
        raise _full("messages", MAX_MESSAGES)
