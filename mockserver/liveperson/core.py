"""LivePerson messaging conversations with CoBrowse invitations: the domain core, no I/O.

What source 001 (the Messaging Window API "CoBrowse" tutorial) says is implemented
here; where it is silent the choice made is named in a comment starting
"Silent:". The core knows nothing of WebSockets: every state change is reported
to the listeners as a ``Change`` and the adapter decides who is told and how
(``mockserver/liveperson/ws.py``).

A conversation has one main messaging dialog (its ``dialogId`` is the
conversation's ID, as on the real service) and any number of COBROWSE dialogs,
one per invitation the agent sends. A CoBrowse dialog's ``sessionState`` moves
INVITED -> ACCEPTED -> CLOSED, or INVITED -> CLOSED (cancel, decline, expiry);
CLOSED is terminal. ``notificationKey`` names the sub-state of every ACCEPTED
and CLOSED change; the vocabulary is the reference's own (the source does not
list it) and is documented in docs/liveperson.md.
"""

from __future__ import annotations

import heapq
import itertools
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from mockserver.clock import Clock
from mockserver.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from mockserver.faults import Faults
from mockserver.settings import merged

COBROWSE_FEATURE = "CO_BROWSE"
MODES = ("shared", "view", "follow")
SESSION_STATES = ("INVITED", "ACCEPTED", "CLOSED")
NAMESPACE = "lpCoBrowse"
EVENTS = ("cobrowseOffered", "cobrowseAccepted", "cobrowseDeclined")
MANDATORY_FIELDS = ("serviceId", "agentId", "visitorName", "ssid", "svid")
OPTIONAL_FIELDS = ("scid", "cid", "eid")
DEFAULT_TTL_SECONDS = 120.0  # source 001: "expires after 2 minutes"

# notificationKey values (the reference's vocabulary; source 001 does not list them).
KEY_ACCEPTED = "invitation_accepted"
KEY_JOINED = "session_joined"
KEY_CANCELLED = "cancel_invitation"
KEY_DECLINED = "invitation_declined"
KEY_EXPIRED = "invitation_expired"
KEY_ENDED = "session_ended"
KEY_CONVERSATION_CLOSED = "conversation_closed"
NOTIFICATION_KEYS = (KEY_ACCEPTED, KEY_JOINED, KEY_CANCELLED, KEY_DECLINED, KEY_EXPIRED,
                     KEY_ENDED, KEY_CONVERSATION_CLOSED)

ChangeKind = Literal["conversation", "message"]


@dataclass(frozen=True)
class Change:
    """Something a subscribed consumer must be told about."""

    kind: ChangeKind
    conversation_id: str
    consumer_id: str
    #: What happened, e.g. "invited", "accepted", "closed", "message", "conversation-closed".
    reason: str
    #: The CoBrowse dialog concerned, if any (only consumers offered CoBrowse see it).
    dialog_id: str | None = None
    #: For a messaging change, the event's sequence number.
    sequence: int | None = None


Listener = Callable[[Change], None]


@dataclass
class CobrowseDialog:
    dialog_id: str
    service_id: str
    conversation_id: str
    consumer_id: str
    agent_id: str
    mode: str
    invited_at: float
    expires_at: float
    updated_at: float
    session_state: str = "INVITED"
    notification_key: str | None = None
    state: str = "OPEN"  # OPEN | CLOSE
    ended_at: float | None = None
    offered: bool = False
    joined: bool = False
    #: The invitation's place among its conversation's invitations (0: the first), and its
    #: consumer's among the consumers of this core: broken variants that act off the
    #: scenarios' paths (the second invitation, the second consumer) consult them.
    index: int = 0
    consumer_rank: int = 0
    #: Where the agent last scrolled the visitor's view (x, y in CSS pixels), if ever.
    scroll: tuple[int, int] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.session_state == "CLOSED"


@dataclass
class MessagingEvent:
    sequence: int
    originator_id: str
    role: str  # CONSUMER | ASSIGNED_AGENT
    at: float
    event: dict[str, Any]


@dataclass
class Conversation:
    id: str
    consumer_id: str
    brand_id: str
    started_at: float
    updated_at: float
    main_updated_at: float = 0.0
    agent_id: str | None = None
    state: str = "OPEN"  # OPEN | CLOSE
    ended_at: float | None = None
    close_reason: str | None = None
    cobrowse: list[CobrowseDialog] = field(default_factory=list)
    events: list[MessagingEvent] = field(default_factory=list)
    #: Its rank among the core's conversations: invitations due in the same tick expire in
    #: conversation order, as when every conversation was walked.
    ordinal: int = 0

    @property
    def main_dialog_id(self) -> str:
        return self.id

    @property
    def open(self) -> bool:
        return self.state == "OPEN"


@dataclass
class LivePersonSettings:
    invitation_ttl_seconds: float = DEFAULT_TTL_SECONDS


class LivePersonCore:
    def __init__(self, clock: Clock, faults: Faults, account_id: str = "12345678") -> None:
        self.clock = clock
        self.faults = faults
        self.account_id = account_id
        self.settings = LivePersonSettings()
        self._listeners: list[Listener] = []
        self.reset()

    # -- ProfileCore -------------------------------------------------------------------------
    def reset(self) -> None:
        self.conversations: dict[str, Conversation] = {}
        self.by_service: dict[str, CobrowseDialog] = {}
        self.consumer_ranks: dict[str, int] = {}
        self.connections_seen: dict[str, int] = {}
        # Indexes, so that no request walks the history: each consumer's open conversation
        # and conversation ids (oldest first), the pending invitations by dialog id, and
        # their expiries in a heap of (due, conversation ordinal, index, seq, dialog) whose
        # entries for invitations no longer pending are skipped when popped.
        self._open_by_consumer: dict[str, Conversation] = {}
        self._by_consumer: dict[str, list[str]] = {}
        self._pending: dict[str, CobrowseDialog] = {}
        self._expiries: list[tuple[float, int, int, int, CobrowseDialog]] = []
        self._ordinals = itertools.count()
        self._pushes = itertools.count()

    def configure(self, changes: dict[str, Any]) -> None:
        merged("liveperson", self.config(), changes)
        for key, value in changes.items():
            if key == "invitationTtlSeconds":
                if (not isinstance(value, int | float) or isinstance(value, bool)
                        or not 0 < value <= 86400):
                    raise Invalid("invalid_config",
                                  "invitationTtlSeconds must be a number of seconds in (0, 86400]")
        if "invitationTtlSeconds" in changes:
            self.settings.invitation_ttl_seconds = float(changes["invitationTtlSeconds"])
            self._rebuild_expiries()  # every pending invitation's due moves with the TTL

    def config(self) -> dict[str, Any]:
        return {"invitationTtlSeconds": self.settings.invitation_ttl_seconds}

    def tick(self) -> None:
        """Close every invitation that has been neither accepted, declined nor cancelled in time.

        Every request and frame ticks its world, so a tick looks only at the expiries that
        are due (a heap ordered by due time): it costs the same with a hundred thousand
        closed conversations in the world as with none. Invitations due in one tick expire
        in conversation order, as when every conversation was walked."""
        if "lp.invitation-never-expires" in self.faults:
            return
        now = self._now()
        expiries = self._expiries
        due: list[tuple[int, int, CobrowseDialog]] = []
        while expiries and expiries[0][0] <= now:
            _, ordinal, index, _, dialog = heapq.heappop(expiries)
            if dialog.session_state == "INVITED":
                due.append((ordinal, index, dialog))
        for _, _, dialog in sorted(due, key=lambda entry: entry[:2]):
            if dialog.session_state == "INVITED":
                self._close(dialog, KEY_EXPIRED, "expired",
                            notify="lp.expiry-not-pushed" not in self.faults)

    def _expiry_due(self, dialog: CobrowseDialog) -> float | None:
        """When a pending invitation expires (None: never); tick closes it once now >= due."""
        due = dialog.invited_at + self.settings.invitation_ttl_seconds
        if dialog.mode == "follow" and "lp.follow-invitation-never-expires" in self.faults:
            return None
        if dialog.index > 0 and "lp.second-invitation-expires-early" in self.faults:
            due -= 0.5
        if "lp.expiry-shortly-after" in self.faults:
            due += 0.3
        if "lp.invitation-expires-early" in self.faults:
            due = dialog.invited_at + self.settings.invitation_ttl_seconds * 0.75
        return due

    def _schedule_expiry(self, dialog: CobrowseDialog, ordinal: int) -> None:
        due = self._expiry_due(dialog)
        if due is not None:
            heapq.heappush(self._expiries, (due, ordinal, dialog.index, next(self._pushes),
                                            dialog))

    def _rebuild_expiries(self) -> None:
        """The heap again from the pending invitations alone: after a TTL change, and when
        entries of answered invitations outnumber the pending ones (so it stays small)."""
        self._expiries = []
        for dialog in self._pending.values():
            self._schedule_expiry(dialog, self.conversations[dialog.conversation_id].ordinal)

    def note_connection(self, consumer_id: str) -> int:
        """A connection authenticated as ``consumer_id``: how many did before it."""
        rank = self.connections_seen.get(consumer_id, 0)
        self.connections_seen[consumer_id] = rank + 1
        return rank

    # -- listeners ---------------------------------------------------------------------------
    def add_listener(self, listener: Listener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def _now(self) -> float:
        return self.clock.now()

    # -- who is offered CoBrowse ---------------------------------------------------------------
    def offers_cobrowse(self, features: Iterable[str]) -> bool:
        """Source 001 step 1: only a connection that announced CO_BROWSE is offered CoBrowse."""
        if "lp.cobrowse-without-feature" in self.faults:
            return True
        return COBROWSE_FEATURE in set(features)

    # -- conversations -----------------------------------------------------------------------
    def request_conversation(self, consumer_id: str, brand_id: str | None = None) -> Conversation:
        if brand_id is not None and brand_id != self.account_id:
            raise Invalid("unknown_brand", f"brandId {brand_id!r} is not this account "
                          f"({self.account_id})")
        conversation = self._open_by_consumer.get(consumer_id)
        if conversation is not None:
            # Silent: the tutorial does not say; the real service refuses a second open
            # conversation of the same consumer, and so does the reference.
            raise Conflict("conversation_open",
                           f"consumer {consumer_id} already has an open conversation "
                           f"{conversation.id}", conversationId=conversation.id)
        now = self._now()
        self.consumer_ranks.setdefault(consumer_id, len(self.consumer_ranks))
        conversation_id = str(uuid.uuid4())
        if "lp.conversation-id-too-long" in self.faults:
            conversation_id = f"{conversation_id}-{uuid.uuid4()}"
        conversation = Conversation(id=conversation_id, consumer_id=consumer_id,
                                    brand_id=self.account_id, started_at=now, updated_at=now,
                                    main_updated_at=now, ordinal=next(self._ordinals))
        self.conversations[conversation.id] = conversation
        self._open_by_consumer[consumer_id] = conversation
        self._by_consumer.setdefault(consumer_id, []).append(conversation.id)
        self._emit(Change("conversation", conversation.id, consumer_id, "created"))
        return conversation

    def conversation(self, conversation_id: str) -> Conversation:
        try:
            return self.conversations[conversation_id]
        except KeyError:
            raise NotFound("unknown_conversation",
                           f"no conversation {conversation_id!r}") from None

    def conversation_of(self, consumer_id: str, conversation_id: str) -> Conversation:
        conversation = self.conversation(conversation_id)
        if conversation.consumer_id != consumer_id:
            # Silent: another consumer's conversation is not revealed to exist.
            raise NotFound("unknown_conversation", f"no conversation {conversation_id!r}")
        return conversation

    def conversations_of(self, consumer_id: str) -> list[Conversation]:
        """A consumer's conversations, oldest first, from the consumer's own index; ids of
        conversations that were forgotten (by retention) are pruned from it on the way."""
        ids = self._by_consumer.get(consumer_id, [])
        found = [c for c in map(self.conversations.get, ids) if c is not None]
        if len(found) < len(ids):
            ids[:] = [c.id for c in found]
            if not ids:
                del self._by_consumer[consumer_id]
        return found

    def forget_conversation(self, conversation_id: str) -> None:
        """Forget a closed conversation: the consumer index's side of dropping a record (its
        dialogs' serviceIds are dropped by whoever forgets it, e.g. mockserver.retention)."""
        conversation = self.conversations.pop(conversation_id, None)
        if conversation is None:
            return
        ids = self._by_consumer.get(conversation.consumer_id)
        if ids is not None and conversation_id in ids:
            ids.remove(conversation_id)
            if not ids:
                del self._by_consumer[conversation.consumer_id]

    def assign_agent(self, conversation_id: str, agent_id: str) -> Conversation:
        conversation = self._open_conversation(conversation_id)
        if conversation.agent_id is not None and conversation.agent_id != agent_id:
            raise Conflict("agent_assigned", f"conversation {conversation_id} is already "
                           f"assigned to agent {conversation.agent_id}")
        if conversation.agent_id == agent_id:
            return conversation
        conversation.agent_id = agent_id
        conversation.updated_at = conversation.main_updated_at = self._now()
        self._emit(Change("conversation", conversation.id, conversation.consumer_id,
                          "agent-assigned"))
        return conversation

    def close_conversation(self, conversation_id: str, by: str) -> Conversation:
        conversation = self._open_conversation(conversation_id)
        now = self._now()
        conversation.state = "CLOSE"
        conversation.ended_at = now
        if self._open_by_consumer.get(conversation.consumer_id) is conversation:
            del self._open_by_consumer[conversation.consumer_id]
        conversation.updated_at = conversation.main_updated_at = now
        conversation.close_reason = by
        for dialog in conversation.cobrowse:
            if not dialog.closed:
                # Silent: the source says CLOSED comes when "the session is ended for some
                # reason"; closing the conversation ends its CoBrowse session.
                self._close(dialog, KEY_CONVERSATION_CLOSED, "closed", notify=False)
                if "lp.session-state-terminated" in self.faults:
                    dialog.session_state = "TERMINATED"
        self._emit(Change("conversation", conversation.id, conversation.consumer_id,
                          "conversation-closed"))
        return conversation

    def _open_conversation(self, conversation_id: str) -> Conversation:
        conversation = self.conversation(conversation_id)
        if not conversation.open:
            raise Conflict("conversation_closed", f"conversation {conversation_id} is closed")
        return conversation

    # -- messaging ---------------------------------------------------------------------------
    def publish(self, conversation_id: str, dialog_id: str, originator_id: str, role: str,
                event: dict[str, Any]) -> MessagingEvent:
        conversation = self._open_conversation(conversation_id)
        if dialog_id != conversation.main_dialog_id:
            raise Invalid("not_a_messaging_dialog",
                          f"dialog {dialog_id!r} is not the messaging dialog of conversation "
                          f"{conversation_id}")
        if role == "ASSIGNED_AGENT" and conversation.agent_id is None:
            raise Conflict("no_agent", f"no agent is assigned to conversation {conversation_id}")
        item = MessagingEvent(sequence=len(conversation.events), originator_id=originator_id,
                              role=role, at=self._now(), event=dict(event))
        conversation.events.append(item)
        self._emit(Change("message", conversation.id, conversation.consumer_id, "message",
                          sequence=item.sequence))
        return item

    # -- CoBrowse: the agent's side ----------------------------------------------------------
    def invite(self, conversation_id: str, mode: str) -> CobrowseDialog:
        """The agent sends a CoBrowse invitation in the mode they selected."""
        if mode not in MODES and "lp.unknown-mode-accepted" not in self.faults:
            raise Invalid("invalid_mode", f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        conversation = self._open_conversation(conversation_id)
        if conversation.agent_id is None:
            raise Conflict("no_agent", f"no agent is assigned to conversation {conversation_id}; "
                           "only the conversation's agent can send a CoBrowse invitation")
        for existing in conversation.cobrowse:
            if not existing.closed:
                # Silent: one CoBrowse dialog at a time per conversation; a new invitation
                # waits until the previous one is closed.
                raise Conflict("cobrowse_open",
                               f"conversation {conversation_id} already has an open CoBrowse "
                               f"dialog {existing.dialog_id} ({existing.session_state})",
                               dialogId=existing.dialog_id)
        now = self._now()
        ttl = self.settings.invitation_ttl_seconds
        if "lp.expires-inconsistent" in self.faults:
            ttl = 90.0
        index = len(conversation.cobrowse)
        mode_shown = mode
        if "lp.mode-always-shared" in self.faults or (
                index > 0 and "lp.second-invitation-mode-shared" in self.faults):
            mode_shown = "shared"
        service_id = self._service_id(conversation)
        if index > 0 and "lp.second-invitation-service-id-bare" in self.faults:
            service_id = str(uuid.uuid4())
        if index > 0 and "lp.second-invitation-service-id-reused" in self.faults:
            service_id = conversation.cobrowse[0].service_id
        dialog = CobrowseDialog(
            dialog_id=str(uuid.uuid4()),
            service_id=service_id,
            conversation_id=conversation.id,
            consumer_id=conversation.consumer_id,
            agent_id=conversation.agent_id,
            mode=mode_shown,
            invited_at=now,
            expires_at=now + ttl,
            updated_at=now,
            index=index,
            consumer_rank=self.consumer_ranks.get(conversation.consumer_id, 0),
        )
        conversation.cobrowse.append(dialog)
        conversation.updated_at = now
        self.by_service[dialog.service_id] = dialog
        self._pending[dialog.dialog_id] = dialog
        if len(self._expiries) > 2 * len(self._pending) + 64:
            self._rebuild_expiries()
        self._schedule_expiry(dialog, conversation.ordinal)
        self._emit(Change("conversation", conversation.id, conversation.consumer_id, "invited",
                          dialog_id=dialog.dialog_id))
        return dialog

    def _service_id(self, conversation: Conversation) -> str:
        # The example's shape: "<consumer ID>#<UUID>" (source 001, step 3).
        if "lp.service-id-without-consumer" in self.faults:
            return str(uuid.uuid4())
        return f"{conversation.consumer_id}#{uuid.uuid4()}"

    def dialog(self, conversation_id: str, dialog_id: str) -> CobrowseDialog:
        conversation = self.conversation(conversation_id)
        for dialog in conversation.cobrowse:
            if dialog.dialog_id == dialog_id:
                return dialog
        raise NotFound("unknown_dialog", f"conversation {conversation_id} has no CoBrowse "
                       f"dialog {dialog_id!r}")

    def cancel(self, conversation_id: str, dialog_id: str) -> CobrowseDialog:
        """The agent cancels an invitation that has not been answered yet."""
        dialog = self.dialog(conversation_id, dialog_id)
        self._not_closed(dialog)
        if dialog.session_state != "INVITED" or "lp.cancel-refused" in self.faults:
            raise Conflict("not_invited", f"dialog {dialog_id} is {dialog.session_state}; only "
                           "a pending invitation can be cancelled (end an accepted session)")
        if dialog.index > 0 and "lp.second-invitation-cancel-ignored" in self.faults:
            return dialog
        self._close(dialog, KEY_CANCELLED, "cancelled")
        return dialog

    def end(self, conversation_id: str, dialog_id: str) -> CobrowseDialog:
        """The agent ends an accepted CoBrowse session."""
        dialog = self.dialog(conversation_id, dialog_id)
        self._not_closed(dialog)
        if dialog.session_state != "ACCEPTED":
            raise Conflict("not_accepted", f"dialog {dialog_id} is {dialog.session_state}; a "
                           "pending invitation is cancelled, not ended")
        if "lp.end-ignored" in self.faults:
            return dialog
        self._close(dialog, KEY_ENDED, "ended")
        return dialog

    def join(self, conversation_id: str, dialog_id: str) -> CobrowseDialog:
        """The visitor's CoBrowse client has joined the accepted session."""
        dialog = self.dialog(conversation_id, dialog_id)
        self._not_closed(dialog)
        if dialog.session_state != "ACCEPTED":
            raise Conflict("not_accepted", f"dialog {dialog_id} is {dialog.session_state}; the "
                           "visitor joins a session after accepting the invitation")
        if dialog.joined:
            raise Conflict("already_joined", f"the visitor has already joined {dialog_id}")
        dialog.joined = True
        # Source 001: ACCEPTED "is received when the invitation is accepted by the invitee and
        # when the invitee successfully joins the session".
        self._update(dialog, "JOINED" if "lp.joined-state" in self.faults else "ACCEPTED",
                     KEY_JOINED, "joined", notify="lp.join-not-pushed" not in self.faults)
        return dialog

    def scroll(self, conversation_id: str, dialog_id: str, x: int, y: int) -> CobrowseDialog:
        """The agent scrolls the visitor's view of an accepted session.

        Source 001: "view for view-only CoBrowse where the agent is able to scroll the
        visitor's view and follow for view-only without scroll permissions for the agent".
        """
        dialog = self.dialog(conversation_id, dialog_id)
        self._not_closed(dialog)
        if dialog.session_state != "ACCEPTED":
            # Silent: the source does not say; there is no view to scroll before the visitor
            # has accepted the invitation.
            raise Conflict("not_accepted", f"dialog {dialog_id} is {dialog.session_state}; the "
                           "agent scrolls the visitor's view of an accepted session")
        refused = dialog.mode == "follow"
        if "lp.follow-may-scroll" in self.faults:
            refused = False
        if dialog.mode == "view" and "lp.view-cannot-scroll" in self.faults:
            refused = True
        # Silent: shared CoBrowse lets the agent act on the page, scrolling included.
        if refused:
            raise Forbidden("no_scroll_permission", f"dialog {dialog_id} is in {dialog.mode} "
                            "mode: view-only without scroll permissions for the agent")
        dialog.scroll = (x, y)
        return dialog

    def _not_closed(self, dialog: CobrowseDialog) -> None:
        if dialog.closed:
            raise Gone("dialog_closed", f"CoBrowse dialog {dialog.dialog_id} is closed "
                       f"({dialog.notification_key})")

    # -- CoBrowse: the consumer's lpTag events ---------------------------------------------------
    def lptag_event(self, namespace: str, event_name: str,
                    payload: dict[str, Any]) -> CobrowseDialog:
        """``lpTag.events.publish("lpCoBrowse", <event>, payload)`` on the consumer's page."""
        if namespace != NAMESPACE:
            raise Invalid("unknown_namespace",
                          f"CoBrowse events are published in {NAMESPACE!r}, not {namespace!r}")
        if event_name not in EVENTS or (
            event_name == "cobrowseOffered" and "lp.offered-refused" in self.faults
        ):
            raise Invalid("unknown_event", f"unknown {NAMESPACE} event {event_name!r}; known: "
                          f"{', '.join(EVENTS)}")
        self._check_payload(event_name, payload)
        dialog = self._by_service_id(payload["serviceId"])
        if payload["agentId"] != dialog.agent_id:
            # Silent: the serviceId "is used to match Consumer and Agent"; an event naming
            # another agent than the invitation's is refused rather than guessed at.
            raise Conflict("agent_mismatch", f"agentId {payload['agentId']!r} is not the agent "
                           f"of the invitation {payload['serviceId']!r}", field="agentId")
        self._not_closed(dialog)
        if dialog.session_state != "INVITED":
            raise Conflict("not_invited", f"the invitation {payload['serviceId']} is already "
                           f"{dialog.session_state}")
        dialog.events.append({"event": event_name, **payload})
        if event_name == "cobrowseOffered":
            # Silent: the offer is shown to the visitor; the session state does not change.
            dialog.offered = True
        elif event_name == "cobrowseAccepted":
            if "lp.accept-ignored" not in self.faults and not (
                    dialog.index > 0 and "lp.second-invitation-accept-ignored" in self.faults):
                self._update(dialog, "ACCEPTED", KEY_ACCEPTED, "accepted")
        elif "lp.decline-ignored" not in self.faults:
            # Silent: the source does not say what a decline leads to; the invitation is closed.
            self._close(dialog, KEY_DECLINED, "declined")
        return dialog

    def _check_payload(self, event_name: str, payload: dict[str, Any]) -> None:
        mandatory = list(MANDATORY_FIELDS)
        if event_name == "cobrowseOffered" and "lp.offered-agent-id-optional" in self.faults:
            mandatory.remove("agentId")
        if event_name == "cobrowseAccepted" and "lp.accepted-visitor-name-optional" in self.faults:
            mandatory.remove("visitorName")
        if event_name == "cobrowseDeclined" and "lp.declined-agent-id-optional" in self.faults:
            mandatory.remove("agentId")
        for name in mandatory:
            value = payload.get(name)
            if value is None:
                raise Invalid("missing_field", f"{event_name}: the mandatory field {name!r} is "
                              "missing", field=name)
            if not isinstance(value, str):
                raise Invalid("invalid_field", f"{event_name}: {name!r} must be a string",
                              field=name)
            if not value and not (name == "ssid" and "lp.empty-ssid-accepted" in self.faults):
                # Source 001: ssid and svid "can have arbitrary non-empty string values".
                raise Invalid("empty_field", f"{event_name}: the mandatory field {name!r} is "
                              "empty", field=name)
        if "lp.ssid-format-enforced" in self.faults and not str(payload.get("ssid", "")).isdigit():
            raise Invalid("invalid_field", f"{event_name}: ssid must be a monitoring session ID",
                          field="ssid")
        for name in OPTIONAL_FIELDS:
            if name not in payload:
                continue
            refused = f"lp.{event_name.removeprefix('cobrowse').lower()}-optional-fields-refused"
            if refused in self.faults:
                raise Invalid("unknown_field", f"{event_name}: unexpected field {name!r}",
                              field=name)
            if not isinstance(payload[name], str):
                raise Invalid("invalid_field", f"{event_name}: {name!r} must be a string",
                              field=name)
        # Silent: other fields are ignored (a page may pass more than the tutorial lists; an
        # older revision of the tutorial adds "mode" for calls).

    def _by_service_id(self, service_id: str) -> CobrowseDialog:
        if "lp.service-id-ignored" in self.faults and self._pending:
            return min(self._pending.values(), key=lambda d: (
                d.invited_at, self.conversations[d.conversation_id].ordinal, d.index))
        dialog = self.by_service.get(service_id)
        if dialog is None:
            raise NotFound("unknown_service", f"no CoBrowse invitation has serviceId "
                           f"{service_id!r}", field="serviceId")
        return dialog

    # -- state changes -------------------------------------------------------------------------
    def _touch(self, dialog: CobrowseDialog) -> None:
        now = self._now()
        dialog.updated_at = now
        if "lp.metadata-ts-goes-back" in self.faults or (
                dialog.index > 0 and "lp.second-invitation-ts-goes-back" in self.faults):
            dialog.updated_at = dialog.invited_at - 1.0
        conversation = self.conversations[dialog.conversation_id]
        conversation.updated_at = max(conversation.updated_at, now)

    def _update(self, dialog: CobrowseDialog, state: str, key: str, reason: str, *,
                notify: bool = True) -> None:
        dialog.session_state = state
        dialog.notification_key = key
        self._pending.pop(dialog.dialog_id, None)
        if "lp.accepted-without-notification-key" in self.faults and state == "ACCEPTED":
            dialog.notification_key = None
        self._touch(dialog)
        if notify:
            self._emit(Change("conversation", dialog.conversation_id, dialog.consumer_id, reason,
                              dialog_id=dialog.dialog_id))

    def _close(self, dialog: CobrowseDialog, key: str, reason: str, *, notify: bool = True) -> None:
        self._pending.pop(dialog.dialog_id, None)
        dialog.session_state = "CLOSED"
        dialog.notification_key = key
        dialog.state = "CLOSE"
        dialog.ended_at = self._now()
        self._touch(dialog)
        if notify:
            self._emit(Change("conversation", dialog.conversation_id, dialog.consumer_id, reason,
                              dialog_id=dialog.dialog_id))
