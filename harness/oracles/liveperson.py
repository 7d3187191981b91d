"""Rule oracles of the liveperson profile (source 001), over every scenario's log.

Every frame of every consumer socket (both directions), every driver call and lpTag
publish and every clock move of a scenario is read here, so a rule is judged on
every notification of every conversation and every socket, not only on the frames
the rule's own scenario waits for: the second invitation of a conversation, the
state a new subscription re-sends after a reconnect, view and follow mode, the
second consumer, fractional clock times.

Reading the log:

- A *sighting* is one CoBrowse dialog inside one notification received on one
  socket. A dialog is a CoBrowse dialog when its channelType is COBROWSE, or when a
  dialog that is not the messaging dialog carries CoBrowse metaData (serviceId or
  sessionState): so a target that breaks channelType is still judged on the rest.
- Dialogs are identified by dialogId; the driver's invitation response gives each
  invitation's dialogId, serviceId and the mode the agent selected.
- HTTP entries are logged when their response arrives, frames when they arrive: a
  frame the target pushed while a driver call was in flight may be logged before or
  after that call. "In flight" below means: the call is the last HTTP entry before
  the frame or the first one after it.
"""

from __future__ import annotations

import base64
import bisect
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from jsonschema.exceptions import ValidationError

from harness.oracles import Finding, finding, oracle
from harness.runlog import ClockEntry, Entry, FrameEntry, HttpEntry
from harness.validation import describe, is_valid, schema_validator

PROFILE = "liveperson"
CHANGE = "cqm.ExConversationChangeNotification"
MESSAGING_EVENTS = "ms.MessagingEventNotification"
MODES = ("shared", "view", "follow")
STATES = ("INVITED", "ACCEPTED", "CLOSED")
#: The request types the harness sends as well-formed requests; any other type is a frame
#: a scenario sends on purpose to test bad input.
REQUEST_TYPES = frozenset({
    "InitConnection", "cm.ConsumerRequestConversation", "cm.UpdateConversationField",
    "cqm.SubscribeExConversations", "cqm.UnsubscribeExConversations", "ms.PublishEvent",
    "ms.SubscribeMessagingEvents", "KeepAlive", "GetClock",
})
#: Requests that change nothing: a frame pushed while only these were sent was not caused
#: by the socket.
QUIET_REQUESTS = frozenset({"KeepAlive", "GetClock"})
TTL_MS = 120_000  # source 001: "expires after 2 minutes"
#: Silent (LP-S-01): how much earlier than 2 minutes an unanswered invitation may be seen
#: CLOSED (clock granularity), and how much later it may still be seen INVITED (a target that
#: sweeps expired invitations shortly after the due time).
EARLY_MS = 250
LATE_MS = 500
#: Silent (LP-S-01): how exactly metaData.expires matches 2 minutes is not said: within a
#: second either way (its unit, seconds or milliseconds, is told apart by magnitude).
EXPIRES_TOLERANCE_MS = 1000
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_CONV = r"/driver/liveperson/conversations/(?P<cid>[^/]+)"
_INVITE = re.compile(_CONV + r"/cobrowse")
_DIALOG = re.compile(_CONV + r"/cobrowse/(?P<did>[^/]+)")
_ACTION = re.compile(_CONV + r"/cobrowse/(?P<did>[^/]+)/(?P<action>cancel|end|join|scroll)")
_AGENT = re.compile(_CONV + r"/agent")
_CLOSE = re.compile(_CONV + r"/close")
_REQUIRED = re.compile(r"^'([^']+)' is a required property")


# -- reading the log --------------------------------------------------------------------------
def _meta(dialog: dict[str, Any]) -> dict[str, Any]:
    meta = dialog.get("metaData")
    return meta if isinstance(meta, dict) else {}


def is_cobrowse(dialog: Any) -> bool:
    """A CoBrowse dialog by its channelType, or by CoBrowse metaData on a non-messaging dialog."""
    if not isinstance(dialog, dict):
        return False
    if dialog.get("channelType") == "COBROWSE":
        return True
    if dialog.get("channelType") == "MESSAGING":
        return False
    meta = _meta(dialog)
    return "serviceId" in meta or "sessionState" in meta


def _changes(frame: Any) -> list[dict[str, Any]]:
    if not isinstance(frame, dict) or frame.get("kind") != "notification":
        return []
    body = frame.get("body")
    changes = body.get("changes") if isinstance(body, dict) else None
    return [c for c in changes if isinstance(c, dict)] if isinstance(changes, list) else []


def _details(change: dict[str, Any]) -> tuple[str | None, dict[str, Any] | None]:
    result = change.get("result")
    if not isinstance(result, dict):
        return None, None
    conv = result.get("convId")
    details = result.get("conversationDetails")
    return (conv if isinstance(conv, str) else None,
            details if isinstance(details, dict) else None)


def _dialogs(details: dict[str, Any] | None) -> list[Any]:
    dialogs = details.get("dialogs") if details is not None else None
    return dialogs if isinstance(dialogs, list) else []


def jwt_subject(token: Any) -> str | None:
    """The ``sub`` of a consumer JWT (unverified: only to know whose socket it is)."""
    try:
        part = str(token).split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        return str(claims["sub"])
    except (IndexError, ValueError, KeyError, TypeError):
        return None


@dataclass
class Sighting:
    """One CoBrowse dialog in one notification received on one socket."""

    entry: FrameEntry
    conv_id: str | None
    details: dict[str, Any]
    position: int
    dialog: dict[str, Any]

    @property
    def meta(self) -> dict[str, Any]:
        return _meta(self.dialog)

    @property
    def state(self) -> Any:
        return self.meta.get("sessionState")

    @property
    def dialog_id(self) -> Any:
        return self.dialog.get("dialogId")


@dataclass
class Socket:
    label: str
    consumer: str | None = None
    #: The features of the last InitConnection's ClientProperties (None: never announced).
    features: frozenset[str] | None = None
    subscriptions: set[str] = field(default_factory=set)
    sent_ids: set[str] = field(default_factory=set)
    unreadable_sent: bool = False
    requests: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Invitation:
    """The agent's invitation as the driver answered it."""

    entry: HttpEntry
    conv_id: str
    mode: Any
    dialog_id: str | None
    service_id: str | None


@dataclass
class Action:
    """A 2xx answer that changes a dialog: accept, decline, offered, cancel, end, join, close."""

    entry: HttpEntry | FrameEntry
    kind: str
    dialog_id: str | None = None
    service_id: str | None = None
    conv_id: str | None = None


@dataclass
class Model:
    entries: Sequence[Entry]
    sockets: dict[str, Socket] = field(default_factory=dict)
    sightings: list[Sighting] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    lptag: list[HttpEntry] = field(default_factory=list)
    conv_consumer: dict[str, str] = field(default_factory=dict)
    conv_agent: dict[str, str] = field(default_factory=dict)
    http_seqs: list[int] = field(default_factory=list)
    by_seq: dict[int, Entry] = field(default_factory=dict)

    # -- identities --------------------------------------------------------------------------
    def invitation_of(self, dialog_id: Any = None, service_id: Any = None) -> Invitation | None:
        for inv in self.invitations:
            if dialog_id is not None and inv.dialog_id == dialog_id:
                return inv
        for inv in self.invitations:
            if service_id is not None and inv.service_id == service_id:
                return inv
        return None

    def service_of(self, dialog_id: Any) -> str | None:
        inv = self.invitation_of(dialog_id)
        if inv is not None and inv.service_id:
            return inv.service_id
        for s in self.sightings:
            if s.dialog_id == dialog_id and isinstance(s.meta.get("serviceId"), str):
                return str(s.meta["serviceId"])
        return None

    def dialog_of_service(self, service_id: Any) -> str | None:
        inv = self.invitation_of(service_id=service_id)
        if inv is not None and inv.dialog_id:
            return inv.dialog_id
        for s in self.sightings:
            if s.meta.get("serviceId") == service_id and isinstance(s.dialog_id, str):
                return str(s.dialog_id)
        return None

    # -- time and order ----------------------------------------------------------------------
    def http_before(self, seq: int) -> HttpEntry | None:
        i = bisect.bisect_left(self.http_seqs, seq)
        return self._http(self.http_seqs[i - 1]) if i > 0 else None

    def http_after(self, seq: int) -> HttpEntry | None:
        i = bisect.bisect_right(self.http_seqs, seq)
        return self._http(self.http_seqs[i]) if i < len(self.http_seqs) else None

    def _http(self, seq: int) -> HttpEntry | None:
        entry = self.by_seq.get(seq)
        return entry if isinstance(entry, HttpEntry) else None

    def in_flight(self, seq: int) -> list[HttpEntry]:
        """The HTTP calls that may have been in flight when the entry ``seq`` was logged."""
        return [e for e in (self.http_before(seq), self.http_after(seq)) if e is not None]

    def settled_after(self, cause: int, seq: int) -> bool:
        """Whether ``seq`` was logged a full round trip after ``cause`` (an HTTP response or
        a WebSocket response arrived between them): whatever the target pushed before
        ``cause`` had its effect has arrived by then. A driver reading (HTTP) logged after
        ``cause`` was sent after ``cause`` was answered: the harness makes one call at a
        time."""
        if isinstance(self.by_seq.get(seq), HttpEntry):
            return cause < seq
        for entry in self.entries[cause + 1:seq]:
            if isinstance(entry, HttpEntry) or (
                    isinstance(entry, FrameEntry) and entry.direction == "in"
                    and isinstance(entry.frame, dict) and entry.frame.get("kind") == "resp"):
                return True
        return False

    def time_bounds(self, entry: Entry) -> tuple[int | None, int | None]:
        """The target's clock (epoch ms) when ``entry`` happened: lower and upper bound.

        A frame pushed by a clock move may be logged before the move's response, with the
        clock read before the move: its upper bound is the clock after that move.
        """
        low = entry.target_ms
        if not isinstance(entry, FrameEntry):
            return low, low
        after = self.http_after(entry.seq)
        if after is not None and after.channel == "control" and after.path.startswith(
                "/control/clock") and after.target_ms is not None:
            return low, after.target_ms
        return low, low

    def answered(self, dialog_id: Any, seq: int, kinds: Iterable[str]) -> Action | None:
        """The first answer of ``kinds`` to the dialog logged before ``seq`` or in flight."""
        wanted = set(kinds)
        flight = {e.seq for e in self.in_flight(seq)}
        service = self.service_of(dialog_id)
        conv = self.conv_of_dialog(dialog_id)
        for action in self.actions:
            if action.kind not in wanted:
                continue
            if not (action.entry.seq < seq or action.entry.seq in flight):
                continue
            if action.kind == "close":
                if conv is not None and action.conv_id == conv:
                    return action
            elif (action.dialog_id is not None and action.dialog_id == dialog_id) or (
                    action.service_id is not None and action.service_id == service):
                return action
        return None

    def conv_of_dialog(self, dialog_id: Any) -> str | None:
        inv = self.invitation_of(dialog_id)
        if inv is not None:
            return inv.conv_id
        for s in self.sightings:
            if s.dialog_id == dialog_id and s.conv_id:
                return s.conv_id
        return None


_CACHE: list[tuple[int, int, Model]] = []


def model(entries: Sequence[Entry]) -> Model:
    """The log read once per judgement (every oracle of a scenario shares it)."""
    key = (id(entries), len(entries))
    for k0, k1, found in _CACHE:
        if (k0, k1) == key and found.entries is entries:
            return found
    built = _build(entries)
    _CACHE[:] = [(key[0], key[1], built)]
    return built


def _build(entries: Sequence[Entry]) -> Model:
    m = Model(entries)
    for entry in entries:
        m.by_seq[entry.seq] = entry
        if isinstance(entry, HttpEntry):
            m.http_seqs.append(entry.seq)
            _read_http(m, entry)
        elif isinstance(entry, FrameEntry):
            sock = m.sockets.setdefault(entry.socket, Socket(entry.socket))
            if entry.direction == "out":
                _read_request(m, sock, entry)
            else:
                _read_frame(m, sock, entry)
    return m


def _ok(entry: HttpEntry) -> bool:
    return 200 <= entry.status < 300


def _read_http(m: Model, entry: HttpEntry) -> None:
    if entry.profile != PROFILE:
        return
    body = entry.request if isinstance(entry.request, dict) else {}
    data = entry.response if isinstance(entry.response, dict) else {}
    if entry.channel == "lptag" and entry.method == "POST":
        m.lptag.append(entry)
        raw = body.get("data")
        payload: dict[str, Any] = raw if isinstance(raw, dict) else {}
        event = body.get("eventName")
        kind = {"cobrowseAccepted": "accept", "cobrowseDeclined": "decline",
                "cobrowseOffered": "offered"}.get(str(event))
        if kind is not None and _ok(entry):
            m.actions.append(Action(entry, kind, service_id=payload.get("serviceId")))
        return
    if entry.method != "POST":
        return
    if (match := _INVITE.fullmatch(entry.path)) and _ok(entry):
        did, sid = data.get("dialogId"), data.get("serviceId")
        m.invitations.append(Invitation(entry, match["cid"], body.get("mode"),
                                        did if isinstance(did, str) else None,
                                        sid if isinstance(sid, str) else None))
    elif (match := _ACTION.fullmatch(entry.path)) and _ok(entry):
        m.actions.append(Action(entry, match["action"], dialog_id=match["did"],
                                conv_id=match["cid"]))
    elif (match := _AGENT.fullmatch(entry.path)) and _ok(entry):
        if isinstance(body.get("agentId"), str):
            m.conv_agent[match["cid"]] = body["agentId"]
    elif (match := _CLOSE.fullmatch(entry.path)) and _ok(entry):
        m.actions.append(Action(entry, "close", conv_id=match["cid"]))


def _read_request(m: Model, sock: Socket, entry: FrameEntry) -> None:
    frame = entry.frame
    if not isinstance(frame, dict) or not isinstance(frame.get("id"), str):
        sock.unreadable_sent = True
        return
    sock.sent_ids.add(frame["id"])
    sock.requests[frame["id"]] = frame
    if frame.get("type") == "InitConnection" and isinstance(frame.get("headers"), list):
        for header in frame["headers"]:
            if not isinstance(header, dict):
                continue
            if header.get("type") == ".ams.headers.ConsumerAuthentication":
                sock.consumer = jwt_subject(header.get("jwt")) or sock.consumer
            elif header.get("type") == ".ams.headers.ClientProperties":
                features = header.get("features")
                sock.features = frozenset(str(f) for f in features) if isinstance(
                    features, list) else frozenset()
    elif frame.get("type") == "cm.UpdateConversationField":
        body = frame.get("body")
        if isinstance(body, dict) and isinstance(body.get("conversationId"), str):
            m.actions.append(Action(entry, "close", conv_id=body["conversationId"]))


def _read_frame(m: Model, sock: Socket, entry: FrameEntry) -> None:
    frame = entry.frame
    if not isinstance(frame, dict):
        return
    if frame.get("kind") == "resp":
        request = sock.requests.get(str(frame.get("reqId")))
        body = frame.get("body")
        code = frame.get("code")
        ok = isinstance(code, int) and 200 <= code < 300
        if request is not None and ok and isinstance(body, dict):
            if request.get("type") == "cqm.SubscribeExConversations" and isinstance(
                    body.get("subscriptionId"), str):
                sock.subscriptions.add(body["subscriptionId"])
            if request.get("type") == "cm.ConsumerRequestConversation" and isinstance(
                    body.get("conversationId"), str) and sock.consumer is not None:
                m.conv_consumer[body["conversationId"]] = sock.consumer
        return
    for change in _changes(frame):
        conv, details = _details(change)
        for position, dialog in enumerate(_dialogs(details)):
            if is_cobrowse(dialog):
                assert details is not None
                m.sightings.append(Sighting(entry, conv, details, position, dialog))


def _per_socket(m: Model) -> dict[tuple[str, Any], list[Sighting]]:
    """Each socket's sightings of each dialog, in arrival order."""
    found: dict[tuple[str, Any], list[Sighting]] = {}
    for s in m.sightings:
        if isinstance(s.dialog_id, str):
            found.setdefault((s.entry.socket, s.dialog_id), []).append(s)
    return found


def _changed(history: list[Sighting]) -> Iterator[tuple[Sighting | None, Sighting]]:
    """Each sighting that shows a dialog in a new sessionState (or its first), with the
    sighting before it."""
    previous: Sighting | None = None
    for s in history:
        if previous is None or s.state != previous.state:
            yield previous, s
        previous = s


# -- frames against the project's schemas ------------------------------------------------------
_DIALOG_FIELD_RULES = {
    "channelType": "LP-001-19", "dialogType": "LP-001-13", "participants": "LP-001-12",
    "creationTs": "LP-001-17", "metaDataLastUpdateTs": "LP-001-17", "state": "LP-001-17",
    "endTs": "LP-001-17", "dialogId": "LP-001-16",
}
_META_FIELD_RULES = {
    "serviceId": "LP-001-18", "mode": "LP-001-22", "sessionState": "LP-001-26",
    "expires": "LP-001-15", "notificationKey": "LP-001-29", "dialogId": "LP-001-16",
}


def _missing(error: ValidationError) -> str | None:
    match = _REQUIRED.match(error.message) if error.validator == "required" else None
    return match.group(1) if match else None


def _rule_of(error: ValidationError, frame: Any, fallback: str) -> str:
    """The rule a schema error inside a notification breaks: by the CoBrowse dialog's field."""
    path = list(error.absolute_path)
    if "dialogs" not in path:
        return fallback
    at = path.index("dialogs")
    node: Any = frame
    try:
        for key in path[:at + 2]:
            node = node[key]
    except (KeyError, IndexError, TypeError):
        return fallback
    if not is_cobrowse(node):
        return fallback
    rest = [str(p) for p in path[at + 2:]]
    missing = _missing(error)
    name = rest[0] if rest else missing
    if name == "metaData":
        sub = rest[1] if len(rest) > 1 else missing
        return _META_FIELD_RULES.get(str(sub), "LP-001-18")
    return _DIALOG_FIELD_RULES.get(str(name), "LP-001-18")


def _schema_of(frame: dict[str, Any]) -> tuple[str, str] | None:
    """The project schema a received frame must follow, and the rule of its envelope."""
    kind = frame.get("kind")
    if kind == "resp":
        return "liveperson:response", "LP-001-06"
    if kind == "notification":
        if frame.get("type") == CHANGE:
            return "liveperson:ex-conversation-change-notification", "LP-001-07"
        if frame.get("type") == MESSAGING_EVENTS:
            return "liveperson:messaging-event-notification", "LP-001-06"
        return "liveperson:notification", "LP-001-06"
    return None


@oracle(PROFILE, "LP-001-06", "LP-001-07", "LP-001-12", "LP-001-13", "LP-001-15",
        "LP-001-16", "LP-001-17", "LP-001-18", "LP-001-19", "LP-001-22", "LP-001-26",
        "LP-001-29")
def frames_follow_the_published_schemas(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every frame of every socket, both directions, follows the project's schemas.

    The schemas follow LivePerson's published Messaging Window schemas (docs/liveperson.md
    names the files) and, for the COBROWSE dialog, source 001. A received frame is checked
    against the response, the cqm.ExConversationChangeNotification, the
    ms.MessagingEventNotification or the generic notification schema; an error inside a
    CoBrowse dialog is charged to the rule of its field (mode: LP-001-22, sessionState:
    LP-001-26, ...), any other error of conversation metadata to LP-001-07 (the Conversation
    Metadata the tutorial links to), and the framing of other frames to LP-001-06 (the
    Messaging Window procedure of "the previous tutorials").

    Requests the harness sends are checked too (a failure there is the harness's bug),
    except the frames a scenario sends malformed on purpose to test bad input: a sent frame
    is left out when it is not a JSON object, when its id is not a string, or when its type
    is not one of the request types the harness sends well-formed (REQUEST_TYPES).
    """
    for entry in entries:
        if not isinstance(entry, FrameEntry):
            continue
        frame = entry.frame
        if entry.direction == "out":
            if (not isinstance(frame, dict) or "_text" in frame
                    or not isinstance(frame.get("id"), str)
                    or frame.get("type") not in REQUEST_TYPES):
                continue
            if is_valid(frame, "liveperson:request"):
                continue
            errors = list(schema_validator("liveperson:request").iter_errors(frame))
            if errors:
                yield finding("LP-001-06", "the harness's own request breaks liveperson:request "
                              f"(a harness bug): {describe(errors[0])}", entry, observed=frame)
            continue
        if not isinstance(frame, dict) or "_text" in frame or "_binary" in frame:
            yield finding("LP-001-06", "the target sent a frame that is not a JSON object",
                          entry, observed=frame)
            continue
        schema = _schema_of(frame)
        if schema is None:
            yield finding("LP-001-06", f"a frame of kind {frame.get('kind')!r}: the target "
                          "sends responses (resp) and notifications only", entry, observed=frame)
            continue
        name, fallback = schema
        if is_valid(frame, name):
            continue
        charged: set[str] = set()
        for error in schema_validator(name).iter_errors(frame):
            rule = _rule_of(error, frame, fallback)
            if rule in charged:
                continue
            charged.add(rule)
            yield finding(rule, f"a {frame.get('type')} {frame.get('kind')} breaks {name}: "
                          f"{describe(error)}", entry, observed=frame)


# -- the CoBrowse dialog's fields ---------------------------------------------------------------
@oracle(PROFILE, "LP-001-13", "LP-001-18", "LP-001-19", "LP-001-22", "LP-001-26")
def cobrowse_dialogs_carry_their_fields(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every CoBrowse dialog of every notification: channelType COBROWSE, dialogType OTHER,
    mode one of shared/view/follow, sessionState one of INVITED/ACCEPTED/CLOSED; and an
    invitation (INVITED) carries channelType and metaData serviceId, mode and sessionState.

    Silent, accepted: a later change (ACCEPTED, CLOSED) may leave out serviceId and mode, as
    the source's CLOSED example does; dialogType may be absent only where the source's own
    examples would allow it (never: both examples carry it).
    """
    for s in model(entries).sightings:
        d, meta = s.dialog, s.meta
        if d.get("channelType") != "COBROWSE":
            yield finding("LP-001-19", f"a CoBrowse dialog ({s.state}) has channelType "
                          f"{d.get('channelType')!r}, not COBROWSE", s.entry, observed=d)
        if d.get("dialogType") != "OTHER":
            yield finding("LP-001-13", f"a CoBrowse dialog has dialogType "
                          f"{d.get('dialogType')!r}, not OTHER", s.entry, observed=d)
        if "mode" in meta and meta["mode"] not in MODES:
            yield finding("LP-001-22", f"metaData.mode {meta['mode']!r} is not shared, view or "
                          "follow", s.entry, observed=d)
        if s.state not in STATES:
            yield finding("LP-001-26", f"metaData.sessionState {s.state!r} is not INVITED, "
                          "ACCEPTED or CLOSED", s.entry, observed=d)
        if s.state == "INVITED":
            for key in ("serviceId", "mode", "sessionState"):
                if not (isinstance(meta.get(key), str) and meta[key]):
                    yield finding("LP-001-18", f"an invitation's metaData lacks {key}", s.entry,
                                  observed=d)
            if not (isinstance(d.get("channelType"), str) and d["channelType"]):
                yield finding("LP-001-18", "an invitation lacks channelType", s.entry,
                              observed=d)


@oracle(PROFILE, "LP-001-21")
def mode_is_the_mode_the_agent_selected(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every CoBrowse dialog that carries a mode carries the mode the agent selected in the
    driver request that created it (matched by dialogId, else serviceId), in every change.

    A mode outside shared/view/follow is LP-001-22's finding, not compared here; a change
    without mode (the CLOSED example has none) is accepted.
    """
    m = model(entries)
    for s in m.sightings:
        mode = s.meta.get("mode")
        if mode not in MODES:
            continue
        inv = m.invitation_of(s.dialog_id, s.meta.get("serviceId"))
        if inv is None or inv.mode not in MODES:
            continue
        if mode != inv.mode:
            yield finding("LP-001-21", f"the {s.state} dialog's mode is {mode!r}; the agent "
                          f"selected {inv.mode!r}", s.entry, before=inv.entry, observed=s.dialog)


@oracle(PROFILE, "LP-001-17", "LP-001-20")
def a_dialog_keeps_its_identity(entries: Sequence[Entry]) -> Iterable[Finding]:
    """The same dialog (by dialogId) keeps its serviceId (LP-001-20: it matches consumer and
    agent) and its creationTs (LP-001-17) across every notification of every socket; no two
    invitations share a serviceId (LP-001-20); an invitation is OPEN, and its creationTs is
    an integer epoch-ms time within a minute of the agent's invitation (LP-001-17).

    Silent, accepted: how close creationTs is to the invitation (the example shows no
    invitation time; a minute either way, the target's clock being read before the call); a
    change that leaves out serviceId or creationTs (the CLOSED example has neither).
    """
    m = model(entries)
    first: dict[str, Sighting] = {}
    owner: dict[str, tuple[str, Sighting]] = {}
    for s in m.sightings:
        did = s.dialog_id
        if not isinstance(did, str):
            continue
        seen = first.setdefault(did, s)
        service = s.meta.get("serviceId")
        known = seen.meta.get("serviceId")
        if service is not None and known is not None and service != known:
            yield finding("LP-001-20", f"dialog {did} changed its serviceId from {known!r} to "
                          f"{service!r}", s.entry, before=seen.entry, observed=s.dialog)
        created, known_ts = s.dialog.get("creationTs"), seen.dialog.get("creationTs")
        if created is not None and known_ts is not None and created != known_ts:
            yield finding("LP-001-17", f"dialog {did} changed its creationTs from {known_ts} "
                          f"to {created}", s.entry, before=seen.entry, observed=s.dialog)
        if s.state == "INVITED" and isinstance(service, str):
            other = owner.setdefault(service, (did, s))
            if other[0] != did:
                yield finding("LP-001-20", f"invitations {other[0]} and {did} share the "
                              f"serviceId {service!r}", s.entry, before=other[1].entry,
                              observed=s.dialog)
        if s.state == "INVITED":
            if s.dialog.get("state") not in (None, "OPEN"):
                yield finding("LP-001-17", f"an invitation's dialog state is "
                              f"{s.dialog.get('state')!r}, not OPEN", s.entry, observed=s.dialog)
            inv = m.invitation_of(did, service)
            sent = inv.entry.target_ms if inv is not None else None
            if (isinstance(created, int) and not isinstance(created, bool)
                    and sent is not None and abs(created - sent) > 60_000):
                yield finding("LP-001-17", f"creationTs {created} is not the invitation's time "
                              f"in epoch ms ({sent})", s.entry, before=inv.entry if inv else None,
                              observed=s.dialog)


@oracle(PROFILE, "LP-001-12", "LP-001-14", "LP-001-16")
def invitations_name_their_parties(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every CoBrowse dialog's participants (when given) are the IDs of its conversation's
    consumer and agent (LP-001-12); every invitation's serviceId is "<consumer ID>#<UUID>"
    (LP-001-14, the example's shape) and its metaData.dialogId is its own dialogId (LP-001-16).

    The consumer is known from the JWT the socket authenticated with (or the socket that
    requested the conversation), the agent from the driver call that assigned it; where
    either is unknown that comparison is left out.

    Silent, accepted: the order of participants; a change without participants (the CLOSED
    example has none).
    """
    m = model(entries)
    for s in m.sightings:
        d, meta = s.dialog, s.meta
        consumer = m.conv_consumer.get(s.conv_id or "") or m.sockets[s.entry.socket].consumer
        agent = m.conv_agent.get(s.conv_id or "")
        parts = d.get("participants")
        if parts is not None:
            if not (isinstance(parts, list) and all(isinstance(p, str) for p in parts)):
                yield finding("LP-001-12", "participants must be participant ID strings; got "
                              f"{parts!r}", s.entry, observed=d)
            elif consumer is not None and agent is not None and sorted(parts) != sorted(
                    [consumer, agent]):
                yield finding("LP-001-12", f"participants {parts} are not the consumer "
                              f"{consumer} and the agent {agent}", s.entry, observed=d)
        if s.state != "INVITED":
            continue
        service = meta.get("serviceId")
        if isinstance(service, str) and consumer is not None and not re.fullmatch(
                re.escape(consumer) + "#" + UUID, service):
            yield finding("LP-001-14", f"serviceId {service!r} is not '<consumer ID>#<UUID>' "
                          f"({consumer}#...)", s.entry, observed=d)
        if meta.get("dialogId") != d.get("dialogId"):
            yield finding("LP-001-16", f"the invitation's metaData.dialogId "
                          f"{meta.get('dialogId')!r} is not its dialogId {d.get('dialogId')!r}",
                          s.entry, observed=d)


@oracle(PROFILE, "LP-001-09", "LP-001-10", "LP-001-11", "LP-001-44")
def invitations_arrive_as_the_tutorial_shows(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every notification that carries an invitation (a CoBrowse dialog INVITED) is a
    cqm.ExConversationChangeNotification (LP-001-09); its conversationDetails hold the
    messaging dialog first (LP-001-11) and, besides closed CoBrowse dialogs of earlier
    invitations, exactly two dialogs: the messaging one and the invitation (LP-001-10). A
    dialog's change to CLOSED arrives as a cqm.ExConversationChangeNotification (LP-001-44).

    Silent, accepted: whether the dialogs of earlier, closed invitations are listed too.
    """
    m = model(entries)
    closing: set[int] = set()
    for history in _per_socket(m).values():
        for before, s in _changed(history):
            if s.state == "CLOSED" and before is not None:
                closing.add(id(s))
    for s in m.sightings:
        frame = s.entry.frame
        if id(s) in closing and frame.get("type") != CHANGE:
            yield finding("LP-001-44", f"a CoBrowse dialog's change to CLOSED arrived as "
                          f"{frame.get('type')!r}", s.entry, observed=frame)
        if s.state != "INVITED":
            continue
        if frame.get("type") != CHANGE:
            yield finding("LP-001-09", f"an invitation arrived as {frame.get('type')!r}",
                          s.entry, observed=frame)
        dialogs = _dialogs(s.details)
        live = [d for d in dialogs if not (is_cobrowse(d) and _meta(d).get("sessionState")
                                           == "CLOSED")]
        messaging = [d for d in live if isinstance(d, dict)
                     and d.get("channelType") == "MESSAGING"]
        if len(live) != 2 or len(messaging) != 1:
            yield finding("LP-001-10", f"the invitation's conversationDetails hold "
                          f"{len(live)} dialogs besides closed CoBrowse ones ({len(messaging)} "
                          "messaging); the tutorial shows two: the messaging dialog and the "
                          "new CoBrowse dialog", s.entry, observed=s.details)
        head = dialogs[0] if dialogs else None
        if not (isinstance(head, dict) and head.get("channelType") == "MESSAGING"
                and s.position > 0):
            yield finding("LP-001-11", "the first dialog of the invitation's "
                          "conversationDetails is not the messaging dialog", s.entry,
                          observed=s.details)


# -- session states ---------------------------------------------------------------------------
@oracle(PROFILE, "LP-001-20", "LP-001-25", "LP-001-27", "LP-001-28", "LP-001-36", "LP-001-39",
        "LP-001-42")
def session_states_follow_the_actions(entries: Sequence[Entry]) -> Iterable[Finding]:
    """sessionState moves only as the parties act, on every socket and every reading.

    - A dialog seen CLOSED (on that socket), or that the agent ended, or whose conversation
      was closed, is never again seen INVITED or ACCEPTED (LP-001-28: CLOSED ends it). One
      the agent cancelled or the consumer declined (answered 2xx) and never seen CLOSED is
      the cancel's (LP-001-42) or the decline's (LP-001-39) finding.
    - A dialog seen ACCEPTED, or joined, is never again seen INVITED (LP-001-25: INVITED
      tells an invitation); one accepted (cobrowseAccepted answered 2xx) and never seen
      ACCEPTED is the acceptance's finding (LP-001-36: it did not start the session).
    - ACCEPTED is seen only after a cobrowseAccepted naming the dialog's serviceId or a
      join of the dialog (LP-001-27); an ACCEPTED while an lpTag event naming another
      serviceId was in flight is LP-001-20's (the event changed another dialog).

    Evidence from another channel (a driver answer) counts only for readings logged a full
    round trip after it, so a frame pushed before the action is never mistaken.

    Silent, relied on: a closed dialog is not reopened (the tutorial's invitation is "a new
    dialog"; a later invitation is another dialog). Silent, accepted: CLOSED at any time
    ("the session is ended for some reason"); ACCEPTED announced once or twice.
    """
    m = model(entries)
    for (_sock, did), history in _per_socket(m).items():
        closed_at: Sighting | None = None
        accepted_at: Sighting | None = None
        for s in history:
            if closed_at is not None and s.state in ("INVITED", "ACCEPTED"):
                yield finding("LP-001-28", f"dialog {did} was CLOSED and is {s.state} again",
                              s.entry, before=closed_at.entry, observed=s.dialog)
            elif accepted_at is not None and s.state == "INVITED":
                yield finding("LP-001-25", f"dialog {did} was ACCEPTED and is INVITED again",
                              s.entry, before=accepted_at.entry, observed=s.dialog)
            if s.state == "CLOSED" and closed_at is None:
                closed_at = s
            if s.state == "ACCEPTED" and accepted_at is None:
                accepted_at = s
    readings: list[tuple[Entry, Any, Any, Any]] = [
        (s.entry, s.dialog_id, s.state, s.dialog) for s in m.sightings]
    for entry in entries:
        if (isinstance(entry, HttpEntry) and entry.method == "GET" and _ok(entry)
                and (match := _DIALOG.fullmatch(entry.path))
                and isinstance(entry.response, dict)):
            readings.append((entry, match["did"], entry.response.get("sessionState"),
                             entry.response))
    def shown(did: Any, state: str, seq: int) -> bool:
        return any(r[1] == did and r[2] == state and r[0].seq < seq for r in readings)

    for entry, did, state, observed in readings:
        if state not in ("INVITED", "ACCEPTED"):
            continue
        ended = _settled(m, did, entry.seq, ("cancel", "end", "decline", "close"))
        if ended is not None:
            # Announced CLOSED and back: CLOSED did not end it (LP-001-28). Never CLOSED: the
            # answered cancel or decline did nothing (LP-001-42, LP-001-39).
            rule = "LP-001-28"
            if not shown(did, "CLOSED", entry.seq):
                rule = {"cancel": "LP-001-42", "decline": "LP-001-39"}.get(ended.kind, rule)
            yield finding(rule, f"dialog {did} is {state} after it was closed ({ended.kind}, "
                          "answered 2xx)", entry, before=ended.entry, observed=observed)
            continue
        if state == "INVITED":
            answer = _settled(m, did, entry.seq, ("accept", "join"))
            if answer is not None:
                # Announced ACCEPTED and back: INVITED no longer tells an invitation
                # (LP-001-25). Never ACCEPTED: the answered cobrowseAccepted did not start the
                # session (LP-001-36).
                rule = "LP-001-25" if shown(did, "ACCEPTED", entry.seq) or (
                    answer.kind == "join") else "LP-001-36"
                yield finding(rule, f"dialog {did} is INVITED after it was {answer.kind}ed "
                              "(answered 2xx)", entry, before=answer.entry, observed=observed)
            continue
        if m.answered(did, entry.seq, ("accept", "join")) is None:
            service = m.service_of(did)
            other = [e for e in m.in_flight(entry.seq) if e.channel == "lptag"
                     and isinstance(e.request, dict) and isinstance(e.request.get("data"), dict)
                     and e.request["data"].get("serviceId") != service]
            if other:
                yield finding("LP-001-20", f"dialog {did} became ACCEPTED on an lpTag event "
                              f"naming another serviceId "
                              f"({other[0].request['data'].get('serviceId')!r})", entry,
                              before=other[0], observed=observed)
            else:
                yield finding("LP-001-27", f"dialog {did} is ACCEPTED although the invitation "
                              "was neither accepted nor joined", entry, observed=observed)


def _settled(m: Model, did: Any, seq: int, kinds: Sequence[str]) -> Action | None:
    """An answer of ``kinds`` to the dialog whose effect has surely arrived by ``seq``."""
    service = m.service_of(did)
    conv = m.conv_of_dialog(did)
    for action in m.actions:
        if action.kind not in kinds or not m.settled_after(action.entry.seq, seq):
            continue
        if action.kind == "close":
            if conv is not None and action.conv_id == conv:
                return action
        elif (action.dialog_id is not None and action.dialog_id == did) or (
                action.service_id is not None and action.service_id == service):
            return action
    return None


@oracle(PROFILE, "LP-001-20")
def lptag_events_change_only_their_dialog(entries: Sequence[Entry]) -> Iterable[Finding]:
    """An lpTag event (cobrowseOffered, cobrowseAccepted, cobrowseDeclined, answered or
    refused, for a live, stale or unknown serviceId) never changes the sessionState of a
    dialog with another serviceId: "the serviceId is used to match Consumer and Agent".

    Looked at: every socket's sightings in the event's window (from the HTTP call before the
    event to the one after it), when the socket itself sent nothing but KeepAlive/GetClock
    in that window. A dialog that was CLOSED and changes again is left to LP-001-28.
    """
    m = model(entries)
    history = _per_socket(m)
    for publish in m.lptag:
        data = publish.request.get("data") if isinstance(publish.request, dict) else None
        service = data.get("serviceId") if isinstance(data, dict) else None
        low = m.http_before(publish.seq)
        high = m.http_after(publish.seq)
        lo = low.seq if low is not None else -1
        hi = high.seq if high is not None else len(entries) + 1
        busy = {e.socket for e in entries[lo + 1:hi] if isinstance(e, FrameEntry)
                and e.direction == "out" and not (isinstance(e.frame, dict)
                                                  and e.frame.get("type") in QUIET_REQUESTS)}
        for (sock, did), seen in history.items():
            if sock in busy or m.service_of(did) == service:
                continue
            for before, s in _changed(seen):
                # A closed dialog that changes again is LP-001-28's finding.
                if before is not None and before.state != "CLOSED" and lo < s.entry.seq < hi:
                    yield finding("LP-001-20", f"an lpTag {publish.request.get('eventName')} "
                                  f"naming serviceId {service!r} changed dialog {did} from "
                                  f"{before.state} to {s.state}", s.entry, before=publish,
                                  observed=s.dialog)


@oracle(PROFILE, "LP-001-29")
def accepted_and_closed_carry_a_notification_key(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every change to ACCEPTED or CLOSED, on every socket (including the first sighting of
    a dialog on a new socket, and a further ACCEPTED that announces a join), carries a
    non-empty metaData.notificationKey.

    Silent, accepted: the values (the target's own vocabulary: no value is required); a
    CLOSED dialog repeated unchanged in later notifications is not looked at again.
    """
    m = model(entries)
    for history in _per_socket(m).values():
        previous: Sighting | None = None
        for s in history:
            fresh = previous is None or (s.state, s.meta.get("notificationKey"),
                                         s.dialog.get("metaDataLastUpdateTs")) != (
                previous.state, previous.meta.get("notificationKey"),
                previous.dialog.get("metaDataLastUpdateTs"))
            previous = s
            if not fresh or s.state not in ("ACCEPTED", "CLOSED"):
                continue
            key = s.meta.get("notificationKey")
            if not (isinstance(key, str) and key):
                yield finding("LP-001-29", f"a change to {s.state} carries no notificationKey "
                              f"(got {key!r})", s.entry, observed=s.dialog)


@oracle(PROFILE, "LP-001-24")
def metadata_timestamps_never_decrease(entries: Sequence[Entry]) -> Iterable[Finding]:
    """On every socket, a dialog's metaDataLastUpdateTs never decreases from one
    notification to the next (the state changes arrive as further events, in order).

    Silent, relied on: the timestamp orders a dialog's changes (LivePerson's
    subscribeExConversationsNotification.json says the conversation's metaDataLastUpdateTs
    "can be used for handling out of order notifications"). Equal values are accepted; across
    sockets nothing is compared (each socket is pushed at its own pace).
    """
    for history in _per_socket(model(entries)).values():
        last: Sighting | None = None
        for s in history:
            ts = s.dialog.get("metaDataLastUpdateTs")
            if not isinstance(ts, int):
                continue
            if last is not None and ts < last.dialog["metaDataLastUpdateTs"]:
                yield finding("LP-001-24", f"metaDataLastUpdateTs went back from "
                              f"{last.dialog['metaDataLastUpdateTs']} to {ts} ({last.state} -> "
                              f"{s.state})", s.entry, before=last.entry, observed=s.dialog)
            last = s


@oracle(PROFILE, "LP-001-45")
def closing_changes_name_the_invitation(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every CLOSED CoBrowse dialog names a dialog that was invited: a dialogId of the
    driver's invitation responses, or one seen INVITED or ACCEPTED before."""
    m = model(entries)
    known = {inv.dialog_id for inv in m.invitations if inv.dialog_id}
    for s in m.sightings:
        if s.state in ("INVITED", "ACCEPTED") and isinstance(s.dialog_id, str):
            known.add(s.dialog_id)
        elif s.state == "CLOSED" and s.dialog_id not in known:
            yield finding("LP-001-45", f"a CLOSED change names dialog {s.dialog_id!r}, which "
                          "no invitation had", s.entry, observed=s.dialog)


# -- time ---------------------------------------------------------------------------------------
@oracle(PROFILE, "LP-001-15")
def expires_is_two_minutes_after_the_invitation(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every invitation's metaData.expires is an epoch time 2 minutes after the invitation:
    the target's clock at the agent's invitation when known, else the dialog's creationTs.

    Silent, accepted (LP-S-01): the unit, epoch seconds (the example's, a fraction allowed)
    or milliseconds, told apart by magnitude; exactly 120 s or within EXPIRES_TOLERANCE_MS.
    """
    m = model(entries)
    for s in m.sightings:
        value = s.meta.get("expires")
        if s.state != "INVITED" or value is None:
            continue
        if not isinstance(value, int | float) or isinstance(value, bool) or not (
                1e8 < value < 1e14):
            yield finding("LP-001-15", f"metaData.expires {value!r} is not an epoch time",
                          s.entry, observed=s.dialog)
            continue
        if value >= 1e11:
            value = value / 1000
        inv = m.invitation_of(s.dialog_id, s.meta.get("serviceId"))
        base = inv.entry.target_ms if inv is not None else None
        if base is None:
            created = s.dialog.get("creationTs")
            base = created if isinstance(created, int) and created > 1e11 else None
        if base is None:
            continue
        offset = value * 1000 - base
        if abs(offset - TTL_MS) > EXPIRES_TOLERANCE_MS:
            yield finding("LP-001-15", f"metaData.expires is {offset / 1000:.3f} s after the "
                          "invitation, not 2 minutes", s.entry,
                          before=inv.entry if inv else None, observed=s.dialog)


@oracle(PROFILE, "LP-001-43")
def unanswered_invitations_expire_after_two_minutes(
        entries: Sequence[Entry]) -> Iterable[Finding]:
    """An invitation neither accepted, declined nor cancelled (nor its conversation closed)
    is still INVITED a little before 2 minutes and CLOSED a little after, on every reading:
    each notification and each driver reading of the dialog, timed with the target's clock
    as the control API moved it (ClockEntry, target_ms).

    Silent, accepted: expiry up to EARLY_MS before 120 s (clock granularity) and up to
    LATE_MS after it. A frame pushed during a clock move is timed at the latest by the clock
    after the move. Without clock readings (a real-time target) nothing is judged.
    """
    m = model(entries)
    readings: list[tuple[Entry, Any, Any, Any]] = [
        (s.entry, s.dialog_id, s.state, s.dialog) for s in m.sightings]
    for entry in entries:
        if (isinstance(entry, HttpEntry) and entry.method == "GET" and _ok(entry)
                and (match := _DIALOG.fullmatch(entry.path)) and isinstance(entry.response, dict)):
            readings.append((entry, match["did"], entry.response.get("sessionState"),
                             entry.response))
    if not any(isinstance(e, ClockEntry) for e in entries):
        return
    for entry, did, state, observed in readings:
        inv = m.invitation_of(did)
        if inv is None or inv.entry.target_ms is None or state not in ("INVITED", "CLOSED"):
            continue
        if m.answered(did, entry.seq, ("accept", "decline", "cancel", "end", "close")):
            continue
        low, high = m.time_bounds(entry)
        due = inv.entry.target_ms + TTL_MS
        if state == "CLOSED" and high is not None and high < due - EARLY_MS:
            yield finding("LP-001-43", f"an unanswered invitation was CLOSED "
                          f"{(high - inv.entry.target_ms) / 1000:.3f} s after it was sent, "
                          "before 2 minutes", entry, before=inv.entry, observed=observed)
        elif state == "INVITED" and low is not None and low >= due + LATE_MS:
            yield finding("LP-001-43", f"an unanswered invitation is still INVITED "
                          f"{(low - inv.entry.target_ms) / 1000:.3f} s after it was sent",
                          entry, before=inv.entry, observed=observed)


# -- sockets -----------------------------------------------------------------------------------
@oracle(PROFILE, "LP-001-04", "LP-001-07")
def notifications_reach_only_their_consumer(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every conversation metadata notification on every socket names a subscription that
    socket made, and concerns only that socket's consumer's conversations (LP-001-07: the
    subscription delivers "the conversations of this user", as LivePerson's
    ws/consumerRequests.json describes SubscribeExConversations); a socket whose
    InitConnection announced features without CO_BROWSE never receives a CoBrowse dialog
    (LP-001-04).

    A socket's consumer is the JWT's subject of its InitConnection; a conversation's consumer
    is the one whose socket requested it. Sockets authenticated otherwise are left out.
    """
    m = model(entries)
    for entry in entries:
        if not (isinstance(entry, FrameEntry) and entry.direction == "in"):
            continue
        frame = entry.frame
        if not (isinstance(frame, dict) and frame.get("kind") == "notification"
                and frame.get("type") == CHANGE):
            continue
        sock = m.sockets[entry.socket]
        raw = frame.get("body")
        body: dict[str, Any] = raw if isinstance(raw, dict) else {}
        sub = body.get("subscriptionId")
        if sub not in sock.subscriptions:
            yield finding("LP-001-07", f"a notification names subscription {sub!r}, which this "
                          "socket did not make", entry, observed=frame)
        for change in _changes(frame):
            conv, details = _details(change)
            owner = m.conv_consumer.get(conv or "")
            if sock.consumer is not None and owner is not None and owner != sock.consumer:
                yield finding("LP-001-07", f"consumer {sock.consumer}'s socket received "
                              f"conversation {conv} of consumer {owner}", entry, observed=frame)
            if sock.features is not None and "CO_BROWSE" not in sock.features and any(
                    is_cobrowse(d) for d in _dialogs(details)):
                yield finding("LP-001-04", "a connection that did not announce CO_BROWSE "
                              "received a CoBrowse dialog", entry, observed=frame)


@oracle(PROFILE, "LP-001-06")
def responses_echo_the_request_id(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every response on every socket echoes, as its reqId, the id of a request sent on
    that socket before it (infra/resp.json: "The ID of the request that originated this
    response").

    Silent, accepted: the reqId of an answer to a frame that had no usable id (any string,
    when such a frame was sent before on that socket).
    """
    sockets: dict[str, Socket] = {}
    for entry in entries:
        if not isinstance(entry, FrameEntry):
            continue
        sock = sockets.setdefault(entry.socket, Socket(entry.socket))
        frame = entry.frame
        if entry.direction == "out":
            if isinstance(frame, dict) and isinstance(frame.get("id"), str):
                sock.sent_ids.add(frame["id"])
            else:
                sock.unreadable_sent = True
            continue
        if not (isinstance(frame, dict) and frame.get("kind") == "resp"):
            continue
        req_id = frame.get("reqId")
        if req_id in sock.sent_ids or (sock.unreadable_sent and isinstance(req_id, str)):
            continue
        yield finding("LP-001-06", f"a response's reqId {req_id!r} echoes no request sent on "
                      "this socket", entry, observed=frame)


@oracle(PROFILE, "LP-001-23")
def scrolling_follows_the_mode(entries: Sequence[Entry]) -> Iterable[Finding]:
    """The agent's scroll (driver ``…/cobrowse/{did}/scroll``) is never accepted in follow
    mode ("without scroll permissions"), and never refused in view mode while the session
    is ACCEPTED (as the last reading before it showed).

    Silent, accepted: scrolling in shared mode either way, and before the invitation is
    accepted or after it is closed.
    """
    m = model(entries)
    for entry in entries:
        if not (isinstance(entry, HttpEntry) and entry.method == "POST"
                and (match := _ACTION.fullmatch(entry.path)) and match["action"] == "scroll"):
            continue
        inv = m.invitation_of(match["did"])
        if inv is None:
            continue
        if inv.mode == "follow" and _ok(entry):
            yield finding("LP-001-23", "the agent scrolled the visitor's view in follow mode",
                          entry, before=inv.entry, observed=entry.response)
        if inv.mode == "view" and 400 <= entry.status < 500:
            last = [s for s in m.sightings if s.dialog_id == match["did"]
                    and s.entry.seq < entry.seq]
            if last and last[-1].state == "ACCEPTED":
                yield finding("LP-001-23", "the agent may scroll the visitor's view in view "
                              f"mode, but was refused ({entry.status})", entry,
                              before=last[-1].entry, observed=entry.response)
