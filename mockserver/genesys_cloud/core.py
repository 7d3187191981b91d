"""Genesys Cloud co-browse communications: the domain core, with no I/O.

Sources 003 and 004 describe one model, ``Cobrowsesession``: the co-browse
communication of one participant of a conversation. This core does not model
co-browsing a second time. It owns an :class:`EngageCore` and shows the very
same co-browse session through the Platform API's eyes, which is what the
profile is: "the same co-browse session of the domain core, seen through this
profile's wire format".

* a conversation is the engage core's primary interaction (a web-messaging
  chat); it has two participants, the customer and the agent;
* each co-browse session the customer starts adds one communication to each
  participant: the customer's (``cobrowseRole`` sharer) and the agent's (viewer);
* the engage session's life cycle is the communications' life cycle: idle means
  the viewer is alerting, active means both are connected, ended means both are
  disconnected, with a ``disconnectType`` derived from why it ended;
* Write Mode accepted is control granted: the viewer's ``controlling`` lists
  the customer's participant; Pointer Mode leaves it empty.

What the Platform API has and co-browsing does not (participant and
communication identifiers, names, wrap-up, after-call work, a disconnect
requested through the API) is kept here. The engage core is given no faults:
a broken variant of this profile is switched on here only, where its rule is
implemented, so it cannot leak into the session rules of the other profile.

The core hands out :class:`CommunicationView` records: facts in Python terms
(epoch seconds, plain strings). Property names, timestamp formats and JSON are
the business of :mod:`mockserver.genesys_cloud.wire`.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from mockserver.clock import Clock
from mockserver.errors import Conflict, Invalid, NotFound
from mockserver.faults import Faults
from mockserver.genesys_engage.core import CobrowseSession, EngageCore, EngageSettings
from mockserver.settings import merged, seconds

SHARER, VIEWER = "sharer", "viewer"
CUSTOMER, AGENT = "customer", "agent"

#: Why an engage session ended -> the Cobrowsesession disconnectType of (sharer, viewer).
#: Silent: the sources give the enumeration but not what each value means; the reference
#: blames the leg of the party that left ("endpoint" for the customer's browser, "client"
#: for the agent's client application) and gives the other leg "peer".
END_CAUSES: dict[str, tuple[str, str]] = {
    "customer-exit": ("endpoint", "peer"),
    "agent-exit": ("peer", "client"),
    "interaction-ended": ("system", "system"),
    "inactivity-timeout": ("timeout", "timeout"),
    "agent-away-timeout": ("timeout", "timeout"),
}
DEFAULT_PROVIDER = "Genesys Cloud Co-browse"
#: The after-call-work settings of a Genesys Cloud queue (``acwSettings.wrapupPrompt``).
WRAPUP_PROMPTS = ("MANDATORY", "OPTIONAL", "MANDATORY_TIMEOUT", "MANDATORY_FORCED_TIMEOUT",
                  "AGENT_REQUESTED")
#: Sources 003/004: afterCallWorkRequired is "Only used when the ACW Setting is Agent Requested".
AGENT_REQUESTED = "AGENT_REQUESTED"
#: How long a live session must have gone without an event before the off-path variants
#: that misbehave "on a later reading, after time passed" do so.
IDLE_SECONDS = 30.0
DEFAULT_VIEWER_URL_BASE = "https://cobrowse.reference.invalid/viewer/"


@dataclass
class CloudSettings:
    # Silent: the sources name no settings; these are the reference's choices.
    inactivity_timeout_seconds: float = 900.0
    provider: str = DEFAULT_PROVIDER
    viewer_url_base: str = DEFAULT_VIEWER_URL_BASE
    after_call_work_required: bool = False
    # Silent: the default keeps afterCallWorkRequired in use, as under Agent Requested.
    wrapup_prompt: str = AGENT_REQUESTED

    def validate(self) -> None:
        if self.inactivity_timeout_seconds <= 0:
            raise Invalid("invalid_config", "inactivityTimeoutSeconds must be a positive number")
        if not self.provider:
            raise Invalid("invalid_config", "provider must be a non-empty string")
        if not self.viewer_url_base.startswith(("http://", "https://")):
            raise Invalid("invalid_config", "viewerUrlBase must be an absolute http(s) URL")
        if self.wrapup_prompt not in WRAPUP_PROMPTS:
            raise Invalid("invalid_config", f"wrapupPrompt must be one of "
                          f"{', '.join(WRAPUP_PROMPTS)}")


@dataclass
class Participant:
    id: str
    purpose: str  # customer | agent
    name: str
    address: str
    user_id: str | None
    joined_at: float


@dataclass
class Communication:
    id: str
    participant: Participant
    role: str  # sharer | viewer
    #: Fault cloud.id-changes-on-connect: the id a broken server hands out once connected.
    reissued_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    wrapup: dict[str, Any] | None = None
    wrapped_up_at: float | None = None
    #: The co-browse session this leg belongs to (its permanent history ID).
    history_id: str = ""


@dataclass
class SessionRecord:
    """One co-browse session of a conversation: the engage session and its two legs."""

    history_id: str
    token: str
    index: int
    sharer: Communication
    viewer: Communication
    #: Provider events besides start, join and end: control granted or taken back.
    control_events: list[float] = field(default_factory=list)
    #: Causes (sharer, viewer) when the Platform API, not a party, ended the session.
    causes: tuple[str, str] | None = None
    #: How many times the customer granted control in this session.
    grants: int = 0
    #: Legal variant cloud.other-leg-stays-connected: when each leg disconnected, and why
    #: (role -> (time, disconnectType)), for a leg that outlived the session's first leave.
    left: dict[str, tuple[float, str]] = field(default_factory=dict)


@dataclass
class Conversation:
    id: str
    customer: Participant
    agent: Participant
    started_at: float
    sessions: list[SessionRecord] = field(default_factory=list)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def participants(self) -> tuple[Participant, Participant]:
        return (self.customer, self.agent)


@dataclass(frozen=True)
class Segment:
    start: float
    end: float | None
    type: str
    how_ended: str | None = None
    disconnect_type: str | None = None


@dataclass(frozen=True)
class CommunicationView:
    """Everything the Platform API says about one co-browse communication."""

    id: str
    participant_id: str
    role: str
    state: str
    initial_state: str
    session_id: str
    session_index: int
    self_name: str
    self_address: str
    controlling: tuple[str, ...]
    viewer_url: str | None
    provider: str
    peer_id: str
    start_alerting: float | None
    connected: float | None
    disconnected: float | None
    disconnect_type: str | None
    provider_event_time: float
    segments: tuple[Segment, ...]
    wrapup: dict[str, Any] | None
    after_call_work: dict[str, Any] | None
    after_call_work_required: bool | None
    #: The session lives, yet nothing happened for IDLE_SECONDS (off-path variants only).
    idle: bool = False


class CloudCore:
    def __init__(self, clock: Clock, faults: Faults, settings: CloudSettings | None = None):
        self.clock = clock
        self.faults = faults
        if settings is None and "cloud.short-default-timeout" in faults:
            # Legal variant (GC-S-04): the sources name no timeout, so any default will do.
            settings = CloudSettings(inactivity_timeout_seconds=60.0)
        self.settings = settings or CloudSettings()
        self.engage = EngageCore(clock, Faults(), self._engage_settings(self.settings))
        self.reset()

    # -- bookkeeping ---------------------------------------------------------------------
    def reset(self) -> None:
        self.engage.reset()
        self.conversations: dict[str, Conversation] = {}
        self.sessions: dict[str, tuple[Conversation, SessionRecord]] = {}
        #: The first co-browse session of the world (fault cloud.session-id-shared-...).
        self.first_session: str | None = None
        self._ids = itertools.count(1)

    def tick(self) -> None:
        self.engage.tick()

    @staticmethod
    def _engage_settings(settings: CloudSettings) -> EngageSettings:
        # Silent: Genesys Cloud runs one co-browse session per agent at a time (its help
        # centre says so); the engage core's limit of one session per agent does just that.
        return EngageSettings(
            agent_sessions_limit=1,
            inactivity_timeout_seconds=settings.inactivity_timeout_seconds,
        )

    def configure(self, changes: dict[str, Any]) -> None:
        """Apply a partial JSON configuration (the control API's ``genesys-cloud`` part)."""
        values = merged("genesys-cloud", self.config(), changes)
        timeout = seconds("inactivityTimeoutSeconds", values["inactivityTimeoutSeconds"])
        for key in ("provider", "viewerUrlBase"):
            if not isinstance(values[key], str):
                raise Invalid("invalid_config", f"{key} must be a string")
        if not isinstance(values["afterCallWorkRequired"], bool):
            raise Invalid("invalid_config", "afterCallWorkRequired must be true or false")
        settings = CloudSettings(
            inactivity_timeout_seconds=timeout,
            provider=values["provider"],
            viewer_url_base=values["viewerUrlBase"],
            after_call_work_required=values["afterCallWorkRequired"],
            wrapup_prompt=values["wrapupPrompt"],
        )
        settings.validate()
        self.engage.apply_settings(self._engage_settings(settings))
        self.settings = settings

    def config(self) -> dict[str, Any]:
        s = self.settings
        return {
            "inactivityTimeoutSeconds": s.inactivity_timeout_seconds,
            "provider": s.provider,
            "viewerUrlBase": s.viewer_url_base,
            "afterCallWorkRequired": s.after_call_work_required,
            "wrapupPrompt": s.wrapup_prompt,
        }

    def _now(self) -> float:
        return self.clock.now()

    # -- conversations -------------------------------------------------------------------
    def create_conversation(
        self, customer_name: str, agent_name: str, customer_id: str, agent_id: str
    ) -> Conversation:
        if customer_id == agent_id:
            raise Invalid("invalid_participants", "the customer and the agent must differ")
        interaction = self.engage.create_interaction("chat", customer_id, agent_id, {})
        now = self._now()
        conversation = Conversation(
            id=interaction.id,
            customer=Participant(str(uuid.uuid4()), CUSTOMER, customer_name, customer_id,
                                 None, now),
            agent=Participant(str(uuid.uuid4()), AGENT, agent_name, agent_id, agent_id, now),
            started_at=now,
        )
        self.conversations[conversation.id] = conversation
        return conversation

    def conversation(self, conversation_id: str) -> Conversation:
        try:
            return self.conversations[conversation_id]
        except KeyError:
            raise NotFound("unknown_conversation",
                           f"conversation {conversation_id!r} was not found") from None

    def ended_at(self, conversation: Conversation) -> float | None:
        return self.engage.interaction(conversation.id).ended_at

    def participant(self, conversation: Conversation, participant_id: str) -> Participant:
        for participant in conversation.participants:
            if participant.id == participant_id:
                return participant
        raise NotFound("unknown_participant", f"participant {participant_id!r} is not a "
                       f"participant of conversation {conversation.id}")

    def end_conversation(self, conversation_id: str, by_api: bool = False) -> Conversation:
        """The primary interaction ends: every live co-browse session ends with it."""
        conversation = self.conversation(conversation_id)
        if self.ended_at(conversation) is not None:
            if by_api:
                return conversation  # disconnecting a disconnected conversation changes nothing
            raise Conflict("conflict", f"conversation {conversation_id} has already ended")
        if by_api:
            # Silent: a client of the Platform API asked for the disconnection.
            for record in conversation.sessions:
                if self._engage_session(record).live:
                    record.causes = ("client", "client")
        self.engage.end_interaction(conversation_id)
        return conversation

    # -- co-browse sessions ------------------------------------------------------------------
    def start_cobrowse(self, conversation_id: str) -> SessionRecord:
        """The customer starts sharing: their communication connects, the agent's alerts."""
        conversation = self.conversation(conversation_id)
        session = self.engage.start_session(conversation_id, "customer")
        index = len(conversation.sessions)
        record = SessionRecord(
            history_id=session.history_id,
            token=session.token,
            index=index,
            sharer=Communication(self._new_id(conversation, index, SHARER),
                                 conversation.customer, SHARER, history_id=session.history_id),
            viewer=Communication(self._new_id(conversation, index, VIEWER),
                                 conversation.agent, VIEWER, history_id=session.history_id),
        )
        if self.first_session is None:
            self.first_session = record.history_id
        conversation.sessions.append(record)
        self.sessions[record.history_id] = (conversation, record)
        return record

    def _new_id(self, conversation: Conversation, index: int, role: str) -> str:
        if "cloud.id-per-conversation-counter" in self.faults:
            return str(next(conversation.ids))
        if index >= 1 and "cloud.second-session-ids-per-conversation" in self.faults:
            return f"cobrowse-{index + 1}-{role}"  # the same in every conversation
        if "cloud.ids-not-uuids" in self.faults:
            # Legal variant (GC-S-05): the sources ask a unique String, not a UUID.
            return f"cb{next(self._ids)}{role[0]}"
        return str(uuid.uuid4())

    def session(self, session_id: str) -> tuple[Conversation, SessionRecord]:
        try:
            return self.sessions[session_id]
        except KeyError:
            raise NotFound("unknown_session", f"no co-browse session {session_id!r}") from None

    def _engage_session(self, record: SessionRecord) -> CobrowseSession:
        return self.engage.by_history(record.history_id)

    def join(self, session_id: str) -> SessionRecord:
        """The agent answers the offer: the viewer's communication connects."""
        conversation, record = self.session(session_id)
        self.engage.join(record.token, conversation.agent.address)
        return record

    def leave(self, session_id: str, party: str) -> SessionRecord:
        if party not in (CUSTOMER, AGENT):
            raise Invalid("invalid_value", f"party must be customer or agent, not {party!r}")
        conversation, record = self.session(session_id)
        session = self._engage_session(record)
        role = SHARER if party == CUSTOMER else VIEWER
        if not session.live and self._leg_open(conversation, record, role):
            record.left[role] = (self._now(), "endpoint" if role == SHARER else "client")
            return record
        if not session.live:
            raise Conflict("conflict", f"co-browse session {session_id} has already ended")
        if party == AGENT and session.state != "active":
            # Silent: engage has no way for an agent to refuse an offer; the reference
            # ends the session, and the Platform API shows the agent's leg as the cause.
            record.causes = ("peer", "client")
            self.engage.exit(record.token, CUSTOMER)
        else:
            self.engage.exit(record.token, party)
        return record

    def request_control(self, session_id: str) -> dict[str, Any]:
        _, record = self.session(session_id)
        return self.engage.request_write_mode(record.token)

    def answer_control(self, session_id: str, request_id: str, accept: bool) -> SessionRecord:
        _, record = self.session(session_id)
        self.engage.answer_mode_request(record.token, request_id, accept)
        if accept:
            record.control_events.append(self._now())
            record.grants += 1
        return record

    def release_control(self, session_id: str, party: str) -> SessionRecord:
        _, record = self.session(session_id)
        self.engage.return_to_pointer(record.token, party)
        record.control_events.append(self._now())
        return record

    # -- the Platform API's changes --------------------------------------------------------
    def communication(
        self, conversation: Conversation, participant_id: str, communication_id: str
    ) -> tuple[SessionRecord, Communication]:
        for record in conversation.sessions:
            for comm in (record.sharer, record.viewer):
                if not self.visible(record, comm):
                    continue
                if comm.participant.id == participant_id and communication_id in (
                    comm.id, self._visible_id(record, comm)
                ):
                    return record, comm
        raise NotFound("unknown_communication", f"communication {communication_id!r} of "
                       f"participant {participant_id!r} was not found")

    def latest_communication(
        self, conversation: Conversation, participant_id: str
    ) -> tuple[SessionRecord, Communication] | None:
        participant = self.participant(conversation, participant_id)
        legs = [(r, r.sharer if participant.purpose == CUSTOMER else r.viewer)
                for r in conversation.sessions]
        legs = [(r, comm) for r, comm in legs if self.visible(r, comm)]
        if not legs:
            return None
        if "cloud.wrapup-on-oldest-communication" in self.faults:
            return legs[0]
        return legs[-1]

    def set_state(self, record: SessionRecord, comm: Communication, state: str) -> None:
        """MediaParticipantRequest.state: "connected" answers, "disconnected" hangs up."""
        session = self._engage_session(record)
        if state == "disconnected":
            if not session.live and not self._leg_open(
                    self.sessions[record.history_id][0], record, comm.role):
                return  # Silent: already disconnected; the reference changes nothing
            self.leave(record.history_id, AGENT if comm.role == VIEWER else CUSTOMER)
        elif state == "connected":
            if not session.live:
                raise Conflict("conflict", f"communication {comm.id} has disconnected; it "
                               "cannot be connected again")
            if comm.role == VIEWER and session.state != "active":
                self.join(record.history_id)
        else:
            raise Invalid("invalid_value", f"state {state!r} cannot be set; possible values are "
                          "'connected' and 'disconnected'", fieldName="state")

    def set_participant_state(self, conversation: Conversation, participant_id: str,
                              state: str) -> None:
        """A participant-wide change: every live co-browse communication of theirs."""
        participant = self.participant(conversation, participant_id)
        if state not in ("connected", "disconnected"):
            raise Invalid("invalid_value", f"state {state!r} cannot be set; possible values are "
                          "'connected' and 'disconnected'", fieldName="state")
        role = SHARER if participant.purpose == CUSTOMER else VIEWER
        live = [r for r in conversation.sessions if self._engage_session(r).live
                or self._leg_open(conversation, r, role)]
        if not live and state == "connected":
            raise Conflict("conflict", f"participant {participant_id} has no live co-browse "
                           "communication to connect")
        for record in live:
            comm = record.sharer if participant.purpose == CUSTOMER else record.viewer
            self.set_state(record, comm, state)

    def wrap_up(self, comm: Communication, wrapup: dict[str, Any],
                communication_route: bool = False) -> None:
        """The agent's disposition; ``communication_route``: given through the Platform API's
        ``POST .../communications/{communicationId}/wrapup``."""
        if comm.participant.purpose != AGENT:
            raise Invalid("bad_request", "only an agent participant wraps up a communication")
        if not isinstance(wrapup.get("code"), str) or not wrapup["code"]:
            raise Invalid("invalid_value", "a wrap-up needs a code", fieldName="code")
        comm.wrapup = dict(wrapup)
        if communication_route and "cloud.wrapup-route-drops-notes" in self.faults:
            comm.wrapup.pop("notes", None)
        conversation, record = self.sessions[comm.history_id]
        ended = self._leg_end(conversation, record, comm)
        if comm.wrapped_up_at is None or ended is None or comm.wrapped_up_at < ended:
            comm.wrapped_up_at = self._now()
        # else: a later wrap-up changes the disposition, not the moment the closed wrap-up
        # segment (and the after-call work) ended.

    def _outlived(self, record: SessionRecord, role: str) -> bool:
        """Legal variant cloud.other-leg-stays-connected (GC-S-02): after one party left a
        connected session, the other party's leg stays connected until it leaves too or the
        conversation ends."""
        if "cloud.other-leg-stays-connected" not in self.faults or role in record.left:
            return False
        session = self._engage_session(record)
        first = {"customer-exit": SHARER, "agent-exit": VIEWER}.get(session.end_reason or "")
        return (session.ended_at is not None and session.activated_at is not None
                and record.causes is None and first is not None and first != role)

    def _leg_open(self, conversation: Conversation, record: SessionRecord, role: str) -> bool:
        return self._outlived(record, role) and self.ended_at(conversation) is None

    def _leg_end(self, conversation: Conversation, record: SessionRecord,
                 comm: Communication) -> float | None:
        """When ``comm`` disconnected: with the session, unless it outlived it."""
        if comm.role in record.left:
            return record.left[comm.role][0]
        if self._outlived(record, comm.role):
            return self.ended_at(conversation)
        return self._engage_session(record).ended_at

    def visible(self, record: SessionRecord, comm: Communication) -> bool:
        """Legal variant cloud.viewer-appears-at-join (GC-S-02): the agent's communication
        exists only once the agent has answered the offer."""
        return not (comm.role == VIEWER and "cloud.viewer-appears-at-join" in self.faults
                    and self._engage_session(record).activated_at is None)

    # -- views ------------------------------------------------------------------------------
    def _visible_id(self, record: SessionRecord, comm: Communication) -> str:
        if (comm.role == VIEWER and "cloud.id-changes-on-connect" in self.faults
                and self._engage_session(record).activated_at is not None):
            return comm.reissued_id
        if (comm.role == VIEWER and "cloud.id-reissued-after-control" in self.faults
                and record.control_events):
            return comm.reissued_id
        return comm.id

    def views(self, conversation: Conversation
              ) -> list[tuple[CommunicationView, CommunicationView | None]]:
        """Per session, oldest first: the (sharer, viewer) views; None for a communication
        that does not exist yet (see :meth:`visible`)."""
        return [(self.view(conversation, r, r.sharer),
                 self.view(conversation, r, r.viewer) if self.visible(r, r.viewer) else None)
                for r in conversation.sessions]

    def view(self, conversation: Conversation, record: SessionRecord,
             comm: Communication) -> CommunicationView:
        f = self.faults
        session = self._engage_session(record)
        peer = record.viewer if comm is record.sharer else record.sharer
        viewer = comm.role == VIEWER
        later = record.index >= 1  # a second or later session of the conversation
        created, activated = session.created_at, session.activated_at
        ended = self._leg_end(conversation, record, comm)
        now = self._now()
        latest_event = max([created, activated or created, session.ended_at or created,
                            ended or created, *record.control_events])
        # Off-path variants "on a later reading": the session lives, yet nothing happened
        # for a while (or it ended a while ago).
        idle = ended is None and now - latest_event >= IDLE_SECONDS
        long_ended = ended is not None and now - ended >= IDLE_SECONDS

        # The connection state (sources 003/004: "The connection state of this communication").
        if ended is not None:
            state = "disconnected"
        elif viewer and activated is None:
            state = "alerting"
        else:
            state = "connected"
        if state == "connected" and viewer and "cloud.viewer-stays-alerting" in f:
            state = "alerting"
        if state == "connected" and viewer and later and \
                "cloud.second-session-viewer-stays-alerting" in f:
            state = "alerting"
        initial = "alerting" if viewer else "connected"
        if "cloud.initial-state-follows-state" in f or (
                later and "cloud.second-session-initial-state-follows-state" in f):
            initial = state

        start_alerting = created if viewer else None
        if viewer and activated is not None and "cloud.start-alerting-time-reset-on-connect" in f:
            start_alerting = activated
        if viewer and idle and activated is None and \
                "cloud.start-alerting-time-follows-clock-when-idle" in f:
            start_alerting = now
        connected = (activated if viewer else created)
        if viewer and connected is None and (
                "cloud.connected-time-set-when-offered" in f
                or (later and "cloud.second-session-connected-time-when-offered" in f)):
            connected = created
        disconnected = ended
        if disconnected is None and "cloud.disconnected-time-set-while-connected" in f:
            disconnected = created
        if long_ended and "cloud.disconnected-time-follows-clock" in f:
            disconnected = now

        disconnect_type = self._disconnect_type(record, session, comm, ended)
        provider_event = latest_event
        if "cloud.provider-event-time-stale" in f:
            provider_event = created
        if idle and "cloud.provider-event-time-follows-clock-when-idle" in f:
            provider_event = now

        controlling: tuple[str, ...] = ()
        granted = session.state == "active" and session.mode == "write"
        if viewer and "cloud.controlling-not-granted" not in f and granted and not (
                record.grants >= 2 and "cloud.second-grant-not-listed" in f):
            controlling = (conversation.customer.id,)
        if viewer and session.state == "active" and "cloud.controlling-in-pointer-mode" in f:
            controlling = (conversation.customer.id,)
        if not viewer and granted and "cloud.sharer-lists-viewer-when-granted" in f:
            controlling = (conversation.agent.id,)

        described = peer.participant if "cloud.self-describes-peer" in f or (
            later and "cloud.second-session-self-describes-peer" in f) else comm.participant
        role = comm.role
        if "cloud.roles-swapped" in f or (later and "cloud.second-session-roles-swapped" in f):
            role = VIEWER if role == SHARER else SHARER

        session_id = record.history_id
        if "cloud.session-id-reused" in f:
            session_id = conversation.sessions[0].history_id
        if viewer and "cloud.session-id-per-leg" in f:
            session_id = self._visible_id(record, comm)
        if "cloud.session-id-shared-across-conversations" in f and self.first_session and \
                self.first_session not in [r.history_id for r in conversation.sessions]:
            session_id = self.first_session

        viewer_url: str | None = f"{self.settings.viewer_url_base}{record.history_id}"
        if "cloud.viewer-url-missing" in f or (
                later and "cloud.second-session-viewer-url-missing" in f):
            viewer_url = None
        elif "cloud.viewer-url-relative" in f:
            viewer_url = f"/cobrowse/viewer/{record.history_id}"

        provider = self.settings.provider
        if viewer and ("cloud.provider-differs-per-leg" in f or (
                later and "cloud.second-session-provider-differs" in f)):
            provider = f"{provider} viewer"

        peer_id = self._visible_id(record, peer)
        if "cloud.peer-id-is-own-id" in f or (
                viewer and granted and "cloud.peer-id-own-while-controlling" in f):
            peer_id = self._visible_id(record, comm)
        elif "cloud.peer-id-is-participant-id" in f:
            peer_id = peer.participant.id

        wrapup = self._wrapup(comm, ended)
        acw_required: bool | None = None
        if viewer and (self.settings.wrapup_prompt == AGENT_REQUESTED
                       or "cloud.after-call-work-required-whatever-the-setting" in f
                       or (record.grants and "cloud.after-call-work-required-after-control-"
                           "whatever-the-setting" in f)):
            acw_required = self.settings.after_call_work_required
        return CommunicationView(
            id=self._visible_id(record, comm),
            participant_id=comm.participant.id,
            role=role,
            state=state,
            initial_state=initial,
            session_id=session_id,
            session_index=record.index,
            self_name=described.name,
            self_address=described.address,
            controlling=controlling,
            viewer_url=viewer_url,
            provider=provider,
            peer_id=peer_id,
            start_alerting=start_alerting,
            connected=connected,
            disconnected=disconnected,
            disconnect_type=disconnect_type,
            provider_event_time=provider_event,
            segments=self._segments(comm, session, ended, disconnect_type, later),
            wrapup=wrapup,
            after_call_work=self._after_call_work(comm, session, ended, later),
            after_call_work_required=acw_required,
            idle=idle,
        )

    def _disconnect_type(self, record: SessionRecord, session: CobrowseSession,
                         comm: Communication, ended: float | None) -> str | None:
        f = self.faults
        role = comm.role
        if ended is None:
            # Sources 003/004: "Will be null until the communication disconnects."
            early = "cloud.disconnect-type-set-while-connected" in f or (
                record.index >= 1 and "cloud.second-session-disconnect-type-early" in f)
            return "endpoint" if early else None
        if "cloud.disconnect-type-missing" in f:
            return None
        causes = record.causes or END_CAUSES.get(session.end_reason or "", ("system", "system"))
        cause = causes[0] if role == SHARER else causes[1]
        if role in record.left:
            cause = record.left[role][1]
        elif self._outlived(record, role):
            cause = "system"  # the leg outlived the session until the conversation ended
        if "cloud.disconnect-type-is-other" in f:
            cause = "other"
        if cause == "timeout" and "cloud.disconnect-type-media-enum" in f:
            cause = "inactivity"
        if comm.wrapped_up_at is not None and "cloud.disconnect-type-rewritten-by-wrapup" in f:
            cause = "client"
        return cause

    def _segments(self, comm: Communication, session: CobrowseSession, ended: float | None,
                  disconnect_type: str | None, later: bool) -> tuple[Segment, ...]:
        """The communication's time line: alert, interact and after-call wrap-up."""
        created, activated = session.created_at, session.activated_at
        segments: list[Segment] = []
        if comm.role == VIEWER:
            if activated is not None:
                segments.append(Segment(created, activated, "alert", "answered"))
            else:
                segments.append(Segment(created, ended, "alert",
                                        "disconnect" if ended is not None else None,
                                        disconnect_type if ended is not None else None))
        start = activated if comm.role == VIEWER else created
        if start is not None:
            segments.append(Segment(start, ended, "interact",
                                    "disconnect" if ended is not None else None,
                                    disconnect_type if ended is not None else None))
            if comm.role == VIEWER and ended is not None:
                wrapped = comm.wrapped_up_at
                end = max(wrapped, ended) if wrapped is not None else None
                segments.append(Segment(ended, end, "wrapup",
                                        "wrapup" if end is not None else None))
        if "cloud.segments-newest-first" in self.faults or (
                later and "cloud.second-session-segments-newest-first" in self.faults):
            segments.reverse()
        return tuple(segments)

    def _wrapup(self, comm: Communication, ended: float | None) -> dict[str, Any] | None:
        if comm.wrapup is None or comm.wrapped_up_at is None:
            return None
        wrapup = {k: v for k, v in comm.wrapup.items()
                  if k in ("code", "name", "notes", "tags", "provisional")}
        if "durationSeconds" in comm.wrapup:
            wrapup["durationSeconds"] = comm.wrapup["durationSeconds"]
        elif ended is not None:
            wrapup["durationSeconds"] = max(0, round(comm.wrapped_up_at - ended))
        wrapup["endTime"] = comm.wrapped_up_at
        if "cloud.wrapup-notes-dropped" in self.faults:
            wrapup.pop("notes", None)
        return wrapup

    def _after_call_work(self, comm: Communication, session: CobrowseSession,
                         ended: float | None, later: bool) -> dict[str, Any] | None:
        # Silent: only the agent's leg does after-call work, and only once it was connected
        # and has disconnected; it is complete when the agent has wrapped up.
        if comm.role != VIEWER or session.activated_at is None or ended is None:
            return None
        wrapped = comm.wrapped_up_at
        pending = "cloud.after-call-work-still-pending-after-wrapup" in self.faults or (
            later and "cloud.second-session-after-call-work-stays-pending" in self.faults)
        if wrapped is None or pending:
            return {"startTime": ended, "state": "pending"}
        return {"startTime": ended, "endTime": max(wrapped, ended), "state": "complete"}

    def live(self, conversation: Conversation) -> bool:
        """Whether the conversation has a co-browse communication not yet disconnected."""
        return any(self._engage_session(r).live or self._leg_open(conversation, r, SHARER)
                   or self._leg_open(conversation, r, VIEWER) for r in conversation.sessions)

    def session_summary(self, record: SessionRecord) -> dict[str, Any]:
        session = self._engage_session(record)
        request = session.mode_request
        return {
            "cobrowseSessionId": record.history_id,
            "state": session.state,
            "mode": session.mode,
            "endReason": session.end_reason,
            "controlRequest": dict(request) if request else None,
        }
