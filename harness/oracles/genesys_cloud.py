"""Rule oracles of the genesys-cloud profile (sources 003 and 004), over every scenario's log.

The profile's ``Then`` steps judge the readings their own scenario took of
``GET /api/v2/conversations/{id}``. These oracles judge *every* co-browse
communication the target returned on any Platform API route: the
conversation (``GET``, and the ``Conversation`` a ``PATCH .../cobrowsesessions/{id}``
answers with) and the media view (``GET .../cobrowsesessions`` and
``GET .../cobrowsesessions/{id}``, one ``CobrowseMediaParticipant`` per participant).

Which communication is which comes from the driver, never from the properties
under test, as in the steps: the driver names the customer's and the agent's
participant, and a participant's ``cobrowsesessions[]`` lists its communications
oldest first, one per co-browse session the customer started. What happened
and when (offer, join, leave, control, end, wrap-up, settings, clock) is read
from the driver, control and Platform API requests of the same log, with the
target's clock (``target_ms``) where the scenario has read it.

Choices where the sources are silent, accepted whichever way a target makes them:

* the agent's communication may appear when the customer starts co-browsing or only
  once the agent joins; nothing is demanded of a communication that is not there;
* when one party leaves, the other party's communication may disconnect too or stay
  connected; only the leaving party's must disconnect;
* any DisconnectTypeEnum value may name a cause (the oracles compare causes with each
  other, never with a table of values);
* cobrowseRole may be spelled in any letter case (``sharer``, ``Sharer``);
* an optional property may be absent or null;
* date-times may carry milliseconds or not where source 004 is judged (source 003's
  rules demand them, as 003 writes them);
* a session may time out whenever the clock moved and the target's inactivity timeout
  is unknown (never configured in the scenario): the oracles then stop expecting it live.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from harness.oracles import Finding, finding, oracle
from harness.oracles.common import pointer, schema_findings
from harness.runlog import ClockEntry, Entry, HttpEntry
from harness.validation import is_valid

PROFILE = "genesys-cloud"
CUSTOMER, AGENT = "customer", "agent"
#: Within this many milliseconds of the target's clock as the harness last read it.
TOLERANCE_MS = 1000
COBROWSESESSION = "genesys-cloud:cobrowsesession"
DATE_003 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
DATE_004 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$")
#: Source 004's Name column: the properties as they travel in JSON.
WIRE_NAMES = ("state", "id", "disconnectType", "self", "cobrowseSessionId", "cobrowseRole",
              "controlling", "viewerUrl", "providerEventTime", "startAlertingTime",
              "connectedTime", "disconnectedTime", "provider", "peerId", "segments", "wrapup",
              "afterCallWork", "afterCallWorkRequired", "initialState")
OFFERED = ("alerting", "offering", "contacting", "dialing", "scheduled", "none")
ENDED = ("disconnected", "terminated")
#: The only ACW setting under which afterCallWorkRequired is used (GC-003-24, GC-004-22).
AGENT_REQUESTED = "AGENT_REQUESTED"

_DRIVER = "/driver/genesys-cloud"
_API = "/api/v2/conversations"
_COBROWSE = f"{_API}/cobrowsesessions"


def _rank(state: Any) -> int | None:
    """alerting (and the other states before an answer) 0, connected 1, ended 2."""
    if state in OFFERED:
        return 0
    if state == "connected":
        return 1
    if state in ENDED:
        return 2
    return None


def _ms(value: Any) -> int | None:
    """Epoch ms of an ISO-8601 UTC date-time in either source's form, or None."""
    if not isinstance(value, str) or not DATE_004.match(value):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return round(parsed.timestamp() * 1000)


def _schema(rule: str, instance: Any, schema: str, entry: HttpEntry,
            what: str) -> Iterator[Finding]:
    """``schema_findings``, after a memoised validity test: the same communication is read
    many times in a scenario, and most values are valid."""
    if not is_valid(instance, schema):
        yield from schema_findings(rule, instance, schema, entry, what)


# -- what happened: the facts of the scenario, from its requests ---------------------------
@dataclass
class Session:
    conv: str
    index: int
    sid: str
    offered_ms: int | None
    joined: bool = False
    joined_ms: int | None = None
    #: The end actions applied to the session, in order ("customer-left", "agent-left",
    #: "conversation-ended", "api-conversation", "api-customer", "api-agent").
    ends: list[str] = field(default_factory=list)
    ended_ms: int | None = None
    granted: bool = False
    ever_granted: bool = False
    #: The clock moved while the session was live: it may have timed out since.
    clock_moved: bool = False
    #: Legs of the session (party) that an action ended.
    legs_ended: set[str] = field(default_factory=set)
    #: The after-call-work setting the scenario had chosen when the session was offered.
    acw: str | None = None


@dataclass
class Conv:
    cid: str
    participants: dict[str, str]  # party -> participant id
    names: dict[str, str]  # party -> the name the driver was given
    sessions: list[Session] = field(default_factory=list)

    def party_of(self, pid: Any) -> str | None:
        for party, known in self.participants.items():
            if known == pid:
                return party
        return None


@dataclass(frozen=True)
class State:
    """A copy of what the harness knew of one session when a reading was taken."""

    joined: bool
    joined_ms: int | None
    ends: tuple[str, ...]
    ended_ms: int | None
    granted: bool
    ever_granted: bool
    clock_moved: bool
    legs_ended: frozenset[str]
    offered_ms: int | None
    sid: str

    @property
    def ended(self) -> bool:
        return bool(self.ends)


@dataclass(frozen=True)
class Reading:
    """One co-browse communication as one response showed it."""

    entry: HttpEntry
    conv: Conv
    party: str
    index: int
    comm: dict[str, Any]
    where: str
    media: bool  # a CobrowseMediaParticipant of the media view, not a Cobrowsesession
    state: State
    read_ms: int | None  # the target's clock at the reading, where known
    #: The target's clock at the latest party or Platform API action before this reading.
    last_action_ms: int | None
    #: The clock moved since that action (something may have happened on its own).
    clock_since_action: bool
    #: Whether the session is certainly still live unless an action ended it: the clock did
    #: not move past the inactivity timeout (known only when the scenario configured it).
    certain: bool
    #: The known after-call-work setting (``wrapupPrompt``) when the session was offered and
    #: when it was read, if the scenario chose one; None if it changed in between.
    acw_setting: str | None
    #: The latest wrap-up given for this communication before the reading, if any.
    wrapup: dict[str, Any] | None
    #: That wrap-up was given once an action had ended the communication's session.
    wrapped_after_end: bool

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.conv.cid, self.party, self.index)

    @property
    def known_live(self) -> bool:
        """No action ended the session, and it cannot have timed out."""
        return not self.state.ended and self.certain

    def text(self, name: str) -> str:
        value = self.comm.get(name, "(absent)")
        return f"{pointer(self.entry)}: {self.where}.{name} = {value!r} (the {self.party}'s " \
               f"co-browse communication of session {self.index + 1})"


@dataclass
class Facts:
    readings: list[Reading] = field(default_factory=list)
    convs: dict[str, Conv] = field(default_factory=dict)


_CACHE: dict[str, tuple[Sequence[Entry], Facts]] = {}


def facts(entries: Sequence[Entry]) -> Facts:
    """The readings of one log, each with what was known when it was taken (computed once)."""
    cached = _CACHE.get("last")
    if cached is not None and cached[0] is entries:
        return cached[1]
    built = _build(entries)
    _CACHE["last"] = (entries, built)
    return built


class _Builder:
    def __init__(self) -> None:
        self.facts = Facts()
        self.by_sid: dict[str, Session] = {}
        self.comm_ids: dict[str, tuple[str, str, int]] = {}  # communication id -> key
        self.wrapups: dict[tuple[str, str, int], dict[str, Any]] = {}
        self.wrapped_after_end: set[tuple[str, str, int]] = set()
        self.timeout_s: float | None = None
        self.acw: str | None = None
        self.last_action_ms: int | None = None
        self.clock_since_action = False

    # -- the scenario's actions ----------------------------------------------------------
    def control(self, entry: HttpEntry) -> None:
        if entry.method == "PUT" and entry.path == "/control/config" and entry.status == 200 \
                and isinstance(entry.request, dict):
            settings = entry.request.get(PROFILE)
            if isinstance(settings, dict):
                timeout = settings.get("inactivityTimeoutSeconds")
                if isinstance(timeout, int | float) and not isinstance(timeout, bool):
                    self.timeout_s = float(timeout)
                prompt = settings.get("wrapupPrompt")
                if isinstance(prompt, str):
                    self.acw = prompt

    def clock(self) -> None:
        self.clock_since_action = True
        for conv in self.facts.convs.values():
            for session in conv.sessions:
                if not session.ends:
                    session.clock_moved = True

    def driver(self, entry: HttpEntry) -> None:
        ok = 200 <= entry.status < 300
        if entry.method != "GET" and ok:
            self._acted(entry)
        if not ok:
            return
        path = entry.path.removeprefix(_DRIVER)
        body = entry.response if isinstance(entry.response, dict) else {}
        request = entry.request if isinstance(entry.request, dict) else {}
        parts = path.strip("/").split("/")
        if entry.method == "POST" and parts == ["conversations"]:
            try:
                cid = str(body["conversationId"])
                pids = {CUSTOMER: str(body["customer"]["participantId"]),
                        AGENT: str(body["agent"]["participantId"])}
            except (KeyError, TypeError):
                return
            names = {CUSTOMER: str(request.get("customerName", "")),
                     AGENT: str(request.get("agentName", ""))}
            self.facts.convs[cid] = Conv(cid, pids, names)
            return
        if entry.method != "POST" or len(parts) < 3:
            return
        if parts[0] == "conversations":
            conv = self.facts.convs.get(parts[1])
            if conv is None:
                return
            if parts[2] == "cobrowse":
                sid = body.get("cobrowseSessionId")
                if isinstance(sid, str):
                    session = Session(conv.cid, len(conv.sessions), sid, entry.target_ms,
                                      acw=self.acw)
                    conv.sessions.append(session)
                    self.by_sid[sid] = session
            elif parts[2] == "end":
                for session in conv.sessions:
                    self._end(session, "conversation-ended", entry, (CUSTOMER, AGENT))
            elif parts[2] == "wrapup" and conv.sessions:
                self._wrapped(conv, (conv.cid, AGENT, len(conv.sessions) - 1), request)
            return
        if parts[0] != "cobrowse":
            return
        found = self.by_sid.get(parts[1])
        if found is None:
            return
        session, action = found, parts[2]
        if action == "join":
            self._join(session, entry)
        elif action == "leave":
            party = request.get("party")
            if party in (CUSTOMER, AGENT):
                self._end(session, f"{party}-left", entry, (party,))
        elif action == "control-requests" and len(parts) == 4:
            if request.get("accept") is True and not session.ends:
                session.granted = session.ever_granted = True
        elif action == "release-control":
            session.granted = False

    def platform(self, entry: HttpEntry) -> None:
        ok = 200 <= entry.status < 300
        if entry.method == "GET" or not ok:
            return
        self._acted(entry)
        request = entry.request if isinstance(entry.request, dict) else {}
        path = entry.path
        cobrowse = path.startswith(_COBROWSE + "/")
        parts = path.removeprefix(_COBROWSE if cobrowse else _API).strip("/").split("/")
        conv = self.facts.convs.get(parts[0]) if parts else None
        if conv is None:
            return
        state = request.get("state")
        if len(parts) == 1 and cobrowse and entry.method == "PATCH":
            if state == "disconnected":
                for session in conv.sessions:
                    self._end(session, "api-conversation", entry, (CUSTOMER, AGENT))
            return
        if len(parts) < 3 or parts[1] != "participants":
            return
        party = conv.party_of(parts[2])
        if party is None:
            return
        if len(parts) == 3:  # the participant: every live leg of theirs
            for session in conv.sessions:
                if state == "disconnected":
                    self._end(session, f"api-{party}", entry, (party,))
                elif state == "connected" and party == AGENT:
                    self._join(session, entry)
            if isinstance(request.get("wrapup"), dict) and conv.sessions:
                self._wrapped(conv, (conv.cid, party, len(conv.sessions) - 1),
                              request["wrapup"])
            return
        if len(parts) >= 5 and parts[3] == "communications":
            key = self.comm_ids.get(parts[4])
            if key is None or key[0] != conv.cid or key[1] != party:
                return
            session = conv.sessions[key[2]]
            if len(parts) == 6 and parts[5] == "wrapup" and entry.method == "POST":
                self._wrapped(conv, key, request)
                return
            if state == "disconnected":
                self._end(session, f"api-{party}", entry, (party,))
            elif state == "connected" and party == AGENT:
                self._join(session, entry)
            if isinstance(request.get("wrapup"), dict):
                self._wrapped(conv, key, request["wrapup"])

    def _wrapped(self, conv: Conv, key: tuple[str, str, int], wrapup: dict[str, Any]) -> None:
        self.wrapups[key] = wrapup
        if conv.sessions[key[2]].ends:
            self.wrapped_after_end.add(key)
        else:
            self.wrapped_after_end.discard(key)

    def _acted(self, entry: HttpEntry) -> None:
        if entry.target_ms is not None:
            self.last_action_ms = entry.target_ms
        self.clock_since_action = False

    @staticmethod
    def _join(session: Session, entry: HttpEntry) -> None:
        if not session.joined and not session.ends:
            session.joined, session.joined_ms = True, entry.target_ms

    @staticmethod
    def _end(session: Session, cause: str, entry: HttpEntry, legs: Iterable[str]) -> None:
        if session.ends and set(legs) <= session.legs_ended:
            return
        session.ends.append(cause)
        session.legs_ended.update(legs)
        session.granted = False
        if session.ended_ms is None:
            session.ended_ms = entry.target_ms

    # -- the readings ----------------------------------------------------------------------
    def _certain(self, session: Session, read_ms: int | None) -> bool:
        if not session.clock_moved:
            return True
        if self.timeout_s is None or read_ms is None or session.offered_ms is None:
            return False
        return read_ms - session.offered_ms < self.timeout_s * 1000 - TOLERANCE_MS

    def reading(self, entry: HttpEntry, conv: Conv, party: str, index: int,
                comm: dict[str, Any], where: str, media: bool) -> None:
        session = conv.sessions[index]
        state = State(session.joined, session.joined_ms, tuple(session.ends), session.ended_ms,
                      session.granted, session.ever_granted, session.clock_moved,
                      frozenset(session.legs_ended), session.offered_ms, session.sid)
        key = (conv.cid, party, index)
        self.facts.readings.append(Reading(
            entry, conv, party, index, comm, where, media, state, entry.target_ms,
            self.last_action_ms, self.clock_since_action,
            self._certain(session, entry.target_ms),
            self.acw if session.acw == self.acw else None, self.wrapups.get(key),
            key in self.wrapped_after_end))
        if not media and isinstance(comm.get("id"), str):
            self.comm_ids[comm["id"]] = key

    def conversation(self, entry: HttpEntry, data: dict[str, Any]) -> None:
        conv = self.facts.convs.get(str(data.get("id")))
        participants = data.get("participants")
        if conv is None or not isinstance(participants, list):
            return
        for p, participant in enumerate(participants):
            if not isinstance(participant, dict):
                continue
            party = conv.party_of(participant.get("id"))
            comms = participant.get("cobrowsesessions")
            if party is None or not isinstance(comms, list):
                continue
            for index, comm in enumerate(comms[:len(conv.sessions)]):
                if isinstance(comm, dict):
                    self.reading(entry, conv, party, index, comm,
                                 f"participants[{p}].cobrowsesessions[{index}]", False)

    def media(self, entry: HttpEntry, data: dict[str, Any], where: str) -> None:
        """A CobrowseConversation: judged only while its conversation has one session, so
        that which communication each media participant shows is not in doubt."""
        conv = self.facts.convs.get(str(data.get("id")))
        participants = data.get("participants")
        if conv is None or len(conv.sessions) != 1 or not isinstance(participants, list):
            return
        for p, participant in enumerate(participants):
            if not isinstance(participant, dict):
                continue
            party = conv.party_of(participant.get("id"))
            if party is not None:
                self.reading(entry, conv, party, 0, participant, f"{where}participants[{p}]",
                             True)


def _build(entries: Sequence[Entry]) -> Facts:
    builder = _Builder()
    for entry in entries:
        if isinstance(entry, ClockEntry):
            builder.clock()
            continue
        if not isinstance(entry, HttpEntry):
            continue
        if entry.channel == "control":
            builder.control(entry)
        elif entry.channel == "driver" and entry.profile == PROFILE:
            builder.driver(entry)
        elif entry.channel == "platform":
            builder.platform(entry)
            ok = 200 <= entry.status < 300 and isinstance(entry.response, dict)
            if not ok:
                continue
            body: dict[str, Any] = entry.response
            if entry.path == _COBROWSE and entry.method == "GET":
                entities = body.get("entities")
                for e, entity in enumerate(entities if isinstance(entities, list) else []):
                    if isinstance(entity, dict):
                        builder.media(entry, entity, f"entities[{e}].")
            elif entry.path.startswith(_COBROWSE + "/") and entry.method == "GET" \
                    and entry.path.count("/") == 5:
                builder.media(entry, body, "")
            elif entry.path.startswith(_COBROWSE + "/") and entry.method == "PATCH" \
                    and entry.path.count("/") == 5:
                builder.conversation(entry, body)  # the Conversation a disconnect answers with
            elif entry.path.startswith(_API + "/") and entry.path.count("/") == 4 \
                    and entry.method == "GET":
                builder.conversation(entry, body)
    return builder.facts


def sessions(entries: Sequence[Entry]) -> list[Reading]:
    """Every Cobrowsesession read (the conversation routes), oldest first."""
    return [r for r in facts(entries).readings if not r.media]


def every(entries: Sequence[Entry]) -> list[Reading]:
    """Every reading of a communication, the media view's included."""
    return facts(entries).readings


def _pairs(readings: list[Reading]) -> Iterator[tuple[Reading, Reading]]:
    """The two legs of one session as one response showed them."""
    legs: dict[tuple[int, str, int], dict[str, Reading]] = {}
    for r in readings:
        legs.setdefault((r.entry.seq, r.conv.cid, r.index), {})[r.party] = r
    for pair in legs.values():
        if CUSTOMER in pair and AGENT in pair:
            yield pair[CUSTOMER], pair[AGENT]


def _both(rules: Sequence[str], message: str, r: Reading, before: Reading | None = None,
          ) -> Finding:
    return finding(tuple(rules), message, r.entry, before.entry if before else None,
                   observed=r.comm)


def _each(rules: Sequence[str], message: str, r: Reading, before: Reading | None = None,
          ) -> Iterator[Finding]:
    """One finding per rule: the pair of rows restating one requirement fail separately."""
    for rule in rules:
        yield finding(rule, message, r.entry, before.entry if before else None,
                      observed=r.comm)


# -- names and shapes ------------------------------------------------------------------------
def _spelling(name: str) -> str:
    return name.replace("_", "").lower()


SPELLINGS = {_spelling(n): n for n in WIRE_NAMES}


@oracle(PROFILE, "GC-004-01")
def camel_case_names(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every Cobrowsesession, on every route, uses 004's camelCase names (no re-spelling)."""
    for r in sessions(entries):
        for name in r.comm:
            documented = SPELLINGS.get(_spelling(name))
            if name not in WIRE_NAMES and documented is not None:
                yield _both(("GC-004-01",), f"{r.text(name)}: {name!r} is another spelling of "
                            f"{documented!r}, the property's JSON name", r)


#: Source 003's types, property by property, with the row that gives each.
def _is_str(value: Any) -> bool:
    return isinstance(value, str)


TYPES_003: dict[str, tuple[str, str]] = {
    "state": ("GC-003-06", "String"), "id": ("GC-003-07", "String"),
    "disconnectType": ("GC-003-08", "String"), "cobrowseSessionId": ("GC-003-10", "String"),
    "cobrowseRole": ("GC-003-11", "String"), "viewerUrl": ("GC-003-13", "String"),
    "provider": ("GC-003-18", "String"), "peerId": ("GC-003-19", "String"),
}
DATES = {"providerEventTime": ("GC-003-14", "GC-004-12"),
         "startAlertingTime": ("GC-003-15", "GC-004-13"),
         "connectedTime": ("GC-003-16", "GC-004-14"),
         "disconnectedTime": ("GC-003-17", "GC-004-15")}
#: Objects whose inner date-times neither source writes (Segment, Wrapup, AfterCallWork are
#: other models): judged with or without milliseconds.
OBJECTS = {"self": ("GC-003-09", "GC-004-06", "address"),
           "segments": ("GC-003-20", "GC-004-18", None),
           "wrapup": ("GC-003-21", "GC-004-19", "wrapup"),
           "afterCallWork": ("GC-003-22", "GC-004-20", "after-call-work")}
#: Source 004's types and enumerations: the cobrowsesession schema's property, by row.
SCHEMA_004 = {"state": "GC-004-24", "id": "GC-004-03", "disconnectType": "GC-004-26",
              "cobrowseSessionId": "GC-004-07", "controlling": "GC-004-09",
              "provider": "GC-004-16", "peerId": "GC-004-17",
              "afterCallWorkRequired": "GC-004-21", "initialState": "GC-004-27"}
#: The media view's properties that mean what a Cobrowsesession's do (its own enumerations
#: for state and disconnectType are another model's, so not judged here).
MEDIA_SAME = {"cobrowseSessionId": ("GC-003-10", "GC-004-07"),
              "cobrowseRole": ("GC-003-11", "GC-004-08"),
              "controlling": ("GC-003-12", "GC-004-09"),
              "viewerUrl": ("GC-003-13", "GC-004-11"),
              "provider": ("GC-003-18", "GC-004-16"),
              "peer": ("GC-003-19", "GC-004-17")}


def _lenient(value: Any) -> Any:
    """A value with every inner date-time given milliseconds (either source's form)."""
    if isinstance(value, list):
        return [_lenient(v) for v in value]
    if isinstance(value, dict):
        return {k: _lenient(v) for k, v in value.items()}
    if isinstance(value, str) and DATE_004.match(value) and not DATE_003.match(value):
        return value[:-1] + ".000Z"
    return value


def _absolute_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@oracle(PROFILE, "GC-003-06", "GC-003-07", "GC-003-08", "GC-003-09", "GC-003-10",
        "GC-003-11", "GC-003-12", "GC-003-13", "GC-003-14", "GC-003-15", "GC-003-16",
        "GC-003-17", "GC-003-18", "GC-003-19", "GC-003-20", "GC-003-21", "GC-003-22",
        "GC-003-23")
def types_as_003_writes_them(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every property of every Cobrowsesession has the type 003's row gives it.

    Null stands for absent. The four date-times are 003's ``yyyy-MM-ddTHH:mm:ss.SSSZ``;
    the media view's properties of the same meaning are judged as Strings and lists only.
    """
    for r in every(entries):
        if r.media:
            for name, (rule, _) in MEDIA_SAME.items():
                value = r.comm.get(name)
                if value is None:
                    continue
                good = (isinstance(value, list) and all(isinstance(v, str) for v in value)
                        if name == "controlling" else isinstance(value, str))
                if not good:
                    yield _both((rule,), f"{r.text(name)}: not the type 003 gives {name}", r)
            continue
        comm = r.comm
        for name, (rule, kind) in TYPES_003.items():
            if comm.get(name) is not None and not _is_str(comm[name]):
                yield _both((rule,), f"{r.text(name)}: 003 types {name} as a {kind}", r)
        controlling = comm.get("controlling")
        if controlling is not None and not (isinstance(controlling, list) and all(
                isinstance(v, str) for v in controlling)):
            yield _both(("GC-003-12",), f"{r.text('controlling')}: an Array<String>", r)
        required = comm.get("afterCallWorkRequired")
        if required is not None and not isinstance(required, bool):
            yield _both(("GC-003-23",), f"{r.text('afterCallWorkRequired')}: a BOOLEAN", r)
        for name, (rule, _) in DATES.items():
            if comm.get(name) is not None:
                yield from _schema(rule, comm[name], "genesys-cloud:date-time",
                                   r.entry, r.text(name))
        yield from _object_findings(r, 0)


def _object_findings(r: Reading, source: int) -> Iterator[Finding]:
    """The object-valued properties (segments, wrapup, after-call work, self) against their
    schemas, charged to source 003's rule (``source`` 0) or 004's (1)."""
    comm = r.comm
    for name, (rule_003, rule_004, schema) in OBJECTS.items():
        if comm.get(name) is None:
            continue
        rule = (rule_003, rule_004)[source]
        value = _lenient(comm[name])
        if name == "segments":
            yield from _schema(rule, {name: value}, COBROWSESESSION, r.entry, r.text(name))
        else:
            yield from _schema(rule, value, f"genesys-cloud:{schema}", r.entry, r.text(name))


@oracle(PROFILE, "GC-004-03", "GC-004-06", "GC-004-07", "GC-004-08", "GC-004-09",
        "GC-004-11", "GC-004-12", "GC-004-13", "GC-004-14", "GC-004-15", "GC-004-16",
        "GC-004-17", "GC-004-18", "GC-004-19", "GC-004-20", "GC-004-21", "GC-004-24",
        "GC-004-26", "GC-004-27")
def types_as_004_writes_them(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every property of every Cobrowsesession has 004's type, and its enumeration's values.

    ``cobrowseRole`` is "a sharer or a viewer" in any letter case (004 enumerates no
    values); date-times may leave out the milliseconds (``[.mmm]``); the SDK sentinel
    ``OutdatedSdkVersion`` is no value a server sends, so the schema refuses it.
    """
    for r in every(entries):
        comm = r.comm
        role = comm.get("cobrowseRole")
        if role is not None and not (isinstance(role, str) and role.lower() in (
                "sharer", "viewer")):
            yield _both(("GC-004-08",), f"{r.text('cobrowseRole')}: a client is a sharer or "
                        "a viewer", r)
        url = comm.get("viewerUrl")
        if url is not None and not _absolute_url(url):
            yield _both(("GC-004-11",), f"{r.text('viewerUrl')}: a URL a web browser can "
                        "open, absolute http(s)", r)
        if r.media:
            for name in ("cobrowseSessionId", "provider", "peer"):
                rule = MEDIA_SAME[name][1]
                if comm.get(name) is not None and not isinstance(comm[name], str):
                    yield _both((rule,), f"{r.text(name)}: a String", r)
            controlling = comm.get("controlling")
            if controlling is not None:
                yield from _schema("GC-004-09", {"controlling": controlling},
                                   COBROWSESESSION, r.entry, r.text("controlling"))
            continue
        for name, rule in SCHEMA_004.items():
            if comm.get(name) is not None:
                yield from _schema(rule, {name: comm[name]}, COBROWSESESSION,
                                   r.entry, r.text(name))
        for name, (_, rule) in DATES.items():
            if comm.get(name) is not None:
                yield from _schema(rule, comm[name],
                                   "genesys-cloud:date-time-optional-millis",
                                   r.entry, r.text(name))
        yield from _object_findings(r, 1)


# -- state and initialState -------------------------------------------------------------------
@oracle(PROFILE, "GC-004-02")
def state_follows_the_session(entries: Sequence[Entry]) -> Iterable[Finding]:
    """The connection state follows what the parties did, and never goes back.

    The agent's communication is not connected before the agent answered; both are
    connected once the agent joined while the session certainly lives; the communication
    of a party who left, and both once the conversation was disconnected, are ended; an
    ended communication never connects again, a connected one never alerts again.
    Silent, so accepted: the other party's communication may stay connected when one
    party leaves; a session may have timed out whenever the clock moved past an unknown
    timeout.
    """
    rank: dict[tuple[str, str, int], tuple[int, Reading]] = {}
    for r in sessions(entries):
        state = r.comm.get("state")
        now = _rank(state)
        if now is None:
            continue  # not a StateEnum value: the shape oracles report it
        s = r.state
        if r.key in rank and now < rank[r.key][0]:
            before = rank[r.key][1]
            yield _both(("GC-004-02",), f"{r.text('state')}: went back from "
                        f"{before.comm.get('state')!r}", r, before)
        if r.key not in rank or now >= rank[r.key][0]:
            rank[r.key] = (now, r)
        if r.party in s.legs_ended and now != 2:
            yield _both(("GC-004-02",), f"{r.text('state')}: the {r.party}'s communication "
                        f"was ended ({', '.join(s.ends)}); it must be disconnected", r)
        elif r.party == AGENT and not s.joined and now == 1:
            yield _both(("GC-004-02",), f"{r.text('state')}: the agent has not answered the "
                        "offer, so their communication is not connected", r)
        elif s.joined and r.known_live and now != 1:
            yield _both(("GC-004-02",), f"{r.text('state')}: the agent joined and nothing "
                        "ended the session: both communications are connected", r)
        elif not s.joined and r.known_live and now == 2:
            yield _both(("GC-004-02",), f"{r.text('state')}: nothing ended the session", r)


@oracle(PROFILE, "GC-004-23")
def initial_state_never_changes(entries: Sequence[Entry]) -> Iterable[Finding]:
    """initialState never changes once seen, is never an ended state, and is not
    connected for an agent's communication read before the agent answered."""
    first: dict[tuple[str, str, int], Reading] = {}
    for r in sessions(entries):
        value = r.comm.get("initialState")
        if value is None:
            continue
        if r.key in first:
            before = first[r.key]
            if before.comm.get("initialState") != value:
                yield _both(("GC-004-23",), f"{r.text('initialState')}: the initial state "
                            f"changed from {before.comm.get('initialState')!r}", r, before)
            continue
        first[r.key] = r
        if value in ENDED:
            yield _both(("GC-004-23",), f"{r.text('initialState')}: a communication does not "
                        "begin disconnected", r)
        elif r.party == AGENT and not r.state.joined and value == "connected":
            yield _both(("GC-004-23",), f"{r.text('initialState')}: read before the agent "
                        "answered, so the communication did not begin connected", r)


# -- identifiers -------------------------------------------------------------------------------
@oracle(PROFILE, "GC-003-07", "GC-004-03")
def ids_stable_and_unique(entries: Sequence[Entry]) -> Iterable[Finding]:
    """A communication keeps its id on every reading; no two communications share one,
    within a conversation (GC-004-03, GC-003-07) or across conversations (GC-003-07)."""
    first: dict[tuple[str, str, int], Reading] = {}
    owner: dict[str, Reading] = {}
    for r in sessions(entries):
        value = r.comm.get("id")
        if not isinstance(value, str):
            continue
        if r.key in first and first[r.key].comm.get("id") != value:
            before = first[r.key]
            yield _both(("GC-004-03",), f"{r.text('id')}: the communication's id changed from "
                        f"{before.comm.get('id')!r}", r, before)
            continue
        first.setdefault(r.key, r)
        other = owner.get(value)
        if other is not None and other.key != r.key:
            same = other.conv.cid == r.conv.cid
            rules = ("GC-004-03", "GC-003-07") if same else ("GC-003-07",)
            where = "the same conversation" if same else f"conversation {other.conv.cid}"
            yield from _each(rules, f"{r.text('id')}: the {other.party}'s communication of "
                             f"session {other.index + 1} in {where} has the same id", r, other)
        owner.setdefault(value, r)


@oracle(PROFILE, "GC-003-10", "GC-004-07")
def one_session_one_id(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Both legs of a session, and the media view, carry the ID of the session the
    customer started (the one the driver reported); it never changes; another
    session, in any conversation, has another ID."""
    owner: dict[str, Reading] = {}
    first: dict[tuple[str, str, int], Reading] = {}
    for r in every(entries):
        value = r.comm.get("cobrowseSessionId")
        if not isinstance(value, str):
            continue
        if value != r.state.sid:
            yield _both(("GC-003-10",), f"{r.text('cobrowseSessionId')}: the customer started "
                        f"co-browse session {r.state.sid!r}", r)
        if r.media:
            continue
        if r.key in first and first[r.key].comm.get("cobrowseSessionId") != value:
            before = first[r.key]
            yield _both(("GC-004-07",), f"{r.text('cobrowseSessionId')}: changed from "
                        f"{before.comm.get('cobrowseSessionId')!r}", r, before)
        first.setdefault(r.key, r)
        other = owner.get(value)
        if other is not None and (other.conv.cid, other.index) != (r.conv.cid, r.index):
            yield _both(("GC-004-07",), f"{r.text('cobrowseSessionId')}: session "
                        f"{other.index + 1} of conversation {other.conv.cid} has the same ID",
                        r, other)
        owner.setdefault(value, r)
    for customer, agent in _pairs(sessions(entries)):
        a, b = customer.comm.get("cobrowseSessionId"), agent.comm.get("cobrowseSessionId")
        if isinstance(a, str) and isinstance(b, str) and a != b:
            yield from _each(("GC-003-10", "GC-004-07"), f"{agent.text('cobrowseSessionId')}: "
                             f"the customer's leg of the same session says {a!r}", agent,
                             customer)


# -- disconnectType --------------------------------------------------------------------------
@oracle(PROFILE, "GC-003-08", "GC-004-05")
def disconnect_type_null_until_disconnected(entries: Sequence[Entry]) -> Iterable[Finding]:
    """disconnectType is null or absent on every reading of a communication that has not
    disconnected (its state, or no action ended it and it cannot have timed out), and set
    on every reading of one that has."""
    for r in sessions(entries):
        value = r.comm.get("disconnectType")
        ended = _rank(r.comm.get("state")) == 2
        live = _rank(r.comm.get("state")) in (0, 1) or (
            r.known_live and r.party not in r.state.legs_ended)
        if value is not None and live and not ended:
            yield from _each(("GC-004-05", "GC-003-08"), f"{r.text('disconnectType')}: the "
                             "communication has not disconnected, so it is null until then", r)
        elif value is None and ended:
            yield from _each(("GC-004-05", "GC-003-08"), f"{r.text('disconnectType')}: the "
                             "communication is disconnected: what caused it?", r)


@oracle(PROFILE, "GC-004-04")
def disconnect_type_says_why(entries: Sequence[Entry]) -> Iterable[Finding]:
    """What caused a disconnection does not change once said on a disconnected
    communication, and the same cause is said the same way for every communication it
    disconnects.

    Silent, so accepted: which DisconnectTypeEnum value names which cause. A cause is
    the sequence of actions that ended the session, and the party whose leg it is; a
    session the clock may have timed out before them has no known cause.
    """
    first: dict[tuple[str, str, int], Reading] = {}
    said: dict[tuple[tuple[str, ...], str, bool], Reading] = {}
    for r in sessions(entries):
        value = r.comm.get("disconnectType")
        if value is None or _rank(r.comm.get("state")) != 2:
            continue  # a value before the disconnection is GC-004-05's business
        if r.key in first:
            before = first[r.key]
            if before.comm.get("disconnectType") != value:
                yield _both(("GC-004-04",), f"{r.text('disconnectType')}: the cause changed "
                            f"from {before.comm.get('disconnectType')!r}", r, before)
            continue
        first[r.key] = r
        if not r.state.ended or (r.state.clock_moved and not r.certain):
            continue
        cause = (r.state.ends, r.party, r.state.joined)
        other = said.get(cause)
        if other is not None and other.comm.get("disconnectType") != value:
            yield _both(("GC-004-04",), f"{r.text('disconnectType')}: the same cause "
                        f"({' then '.join(r.state.ends)}) disconnected the {r.party}'s "
                        f"communication of session {other.index + 1} with "
                        f"{other.comm.get('disconnectType')!r}", r, other)
        said.setdefault(cause, r)


# -- self, role, controlling ------------------------------------------------------------------
@oracle(PROFILE, "GC-003-09")
def self_names_its_participant(entries: Sequence[Entry]) -> Iterable[Finding]:
    """self names the party whose communication carries it (the name the driver gave)."""
    for r in sessions(entries):
        value = r.comm.get("self")
        name = r.conv.names.get(r.party)
        if isinstance(value, dict) and name and name not in (value.get("name"),
                                                             value.get("nameRaw")):
            yield _both(("GC-003-09",), f"{r.text('self')}: the endpoint is the {r.party}, "
                        f"{name!r}", r)


@oracle(PROFILE, "GC-003-11")
def customer_shares_agent_views(entries: Sequence[Entry]) -> Iterable[Finding]:
    """The customer's communication is the sharer and the agent's the viewer, on every
    route (letter case aside: 004 enumerates no spelling)."""
    for r in every(entries):
        role = r.comm.get("cobrowseRole")
        expected = "sharer" if r.party == CUSTOMER else "viewer"
        if isinstance(role, str) and role.lower() in ("sharer", "viewer") \
                and role.lower() != expected:
            yield _both(("GC-003-11",), f"{r.text('cobrowseRole')}: the {r.party} is the "
                        f"{expected}", r)


@oracle(PROFILE, "GC-003-12", "GC-004-09", "GC-004-10")
def controlling_follows_grants(entries: Sequence[Entry]) -> Iterable[Finding]:
    """controlling lists only participants of the session who granted this client control.

    The agent's list names the customer while control is granted (GC-004-09) and is
    empty while it is not, before any grant, after a refusal or once given back
    (GC-004-10); the customer is granted control of no one. Silent, so accepted:
    what the agent's list says after a session ended while control was granted.
    """
    for r in every(entries):
        value = r.comm.get("controlling")
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            continue
        s = r.state
        customer = r.conv.participants[CUSTOMER]
        strangers = set(value) - set(r.conv.participants.values())
        if strangers:
            yield from _each(("GC-004-09", "GC-003-12"), f"{r.text('controlling')}: "
                             f"{sorted(strangers)} are not participants of the session", r)
        elif r.party == CUSTOMER and value:
            yield from _each(("GC-004-09", "GC-003-12"), f"{r.text('controlling')}: nobody "
                             "granted the customer control", r)
        elif r.party == AGENT and s.granted and r.known_live and customer not in value:
            yield from _each(("GC-004-09", "GC-003-12"), f"{r.text('controlling')}: the "
                             f"customer granted control: participant {customer} is listed", r)
        elif r.party == AGENT and value and not s.granted and (not s.ended
                                                             or not s.ever_granted):
            yield from _each(("GC-004-10", "GC-003-12"), f"{r.text('controlling')}: the agent "
                             "has not been granted control (or gave it back): the list is "
                             "empty", r)


# -- viewerUrl, provider, peerId ---------------------------------------------------------------
@oracle(PROFILE, "GC-003-13", "GC-004-11")
def viewer_url_while_live(entries: Sequence[Entry]) -> Iterable[Finding]:
    """The agent's communication carries the URL that opens the session while it lives."""
    for r in sessions(entries):
        if r.party == AGENT and r.known_live and r.comm.get("viewerUrl") is None:
            yield from _each(("GC-003-13", "GC-004-11"), f"{r.text('viewerUrl')}: the viewer "
                             "needs the URL that opens the live co-browse session", r)


@oracle(PROFILE, "GC-003-18", "GC-004-16")
def one_provider_per_session(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Both legs of a session name one source provider, on every reading and route."""
    first: dict[tuple[str, int], Reading] = {}
    for r in every(entries):
        value = r.comm.get("provider")
        if not isinstance(value, str):
            continue
        key = (r.conv.cid, r.index)
        before = first.get(key)
        if before is not None and before.comm.get("provider") != value:
            yield from _each(("GC-003-18", "GC-004-16"), f"{r.text('provider')}: the "
                             f"{before.party}'s leg of the same session said "
                             f"{before.comm.get('provider')!r}", r, before)
            continue
        first.setdefault(key, r)


@oracle(PROFILE, "GC-003-19", "GC-004-17")
def peer_is_the_other_leg(entries: Sequence[Entry]) -> Iterable[Finding]:
    """peerId is the id of the other leg of the same session, both ways; the media view's
    ``peer`` is the id of the other party's communication of that session."""
    ids: dict[tuple[str, str, int], set[str]] = {}
    for r in sessions(entries):
        if isinstance(r.comm.get("id"), str):
            ids.setdefault(r.key, set()).add(r.comm["id"])
    for customer, agent in _pairs(sessions(entries)):
        for leg, other in ((customer, agent), (agent, customer)):
            peer, expected = leg.comm.get("peerId"), other.comm.get("id")
            if peer is not None and isinstance(expected, str) and peer != expected:
                yield from _each(("GC-003-19", "GC-004-17"), f"{leg.text('peerId')}: the "
                                 f"matching leg is the {other.party}'s, whose id is "
                                 f"{expected!r}", leg, other)
    for r in every(entries):
        if not r.media or r.comm.get("peer") is None:
            continue
        peer_key = (r.conv.cid, AGENT if r.party == CUSTOMER else CUSTOMER, r.index)
        if peer_key in ids and r.comm["peer"] not in ids[peer_key]:
            yield from _each(("GC-003-19", "GC-004-17"), f"{r.text('peer')}: the peer "
                             f"communication's id is one of {sorted(ids[peer_key])}", r)


# -- segments, wrap-up, after-call work ----------------------------------------------------
@oracle(PROFILE, "GC-003-20", "GC-004-18")
def segments_run_forward(entries: Sequence[Entry]) -> Iterable[Finding]:
    """A communication's segments are a time line: in order, each ending after it starts,
    only the last one open, none starting after the reading."""
    for r in sessions(entries):
        value = r.comm.get("segments")
        if not isinstance(value, list):
            continue
        previous: int | None = None
        for i, segment in enumerate(value):
            if not isinstance(segment, dict):
                break
            start, end = _ms(segment.get("startTime")), _ms(segment.get("endTime"))
            problem = ""
            if start is None:
                problem = "has no startTime"
            elif previous is not None and start < previous:
                problem = "starts before the segment preceding it"
            elif segment.get("endTime") is None and i < len(value) - 1:
                problem = "is open, yet a later segment follows it"
            elif end is not None and end < start:
                problem = "ends before it starts"
            elif r.read_ms is not None and start > r.read_ms + TOLERANCE_MS:
                problem = "starts after the conversation was read"
            if problem:
                yield from _each(("GC-003-20", "GC-004-18"), f"{r.text('segments')}: "
                                 f"segments[{i}] {problem}", r)
                break
            previous = start


@oracle(PROFILE, "GC-003-20", "GC-004-18")
def closed_segments_stay(entries: Sequence[Entry]) -> Iterable[Finding]:
    """A segment that has ended stays in the communication's time line as it was: the
    same type, start and end on every later reading (more segments may follow it)."""
    closed: dict[tuple[str, str, int], dict[tuple[int, Any], tuple[Any, Reading]]] = {}
    for r in sessions(entries):
        value = r.comm.get("segments")
        if not isinstance(value, list):
            continue
        now: dict[tuple[int, Any], Any] = {}
        for segment in value:
            start = _ms(segment.get("startTime")) if isinstance(segment, dict) else None
            if start is not None and isinstance(segment, dict):
                now[(start // 1000, segment.get("type"))] = segment.get("endTime")
        seen = closed.setdefault(r.key, {})
        for key, (end, before) in seen.items():
            if key not in now:
                yield from _each(("GC-003-20", "GC-004-18"), f"{r.text('segments')}: the "
                                 f"{key[1]!r} segment that ended at {end} is gone from the "
                                 "time line", r, before)
                break
            if _earlier(now[key], end) or _earlier(end, now[key]):
                yield from _each(("GC-003-20", "GC-004-18"), f"{r.text('segments')}: the "
                                 f"{key[1]!r} segment's end moved from {end} to {now[key]}",
                                 r, before)
                break
        for key, end in now.items():
            if end is not None and key not in seen:
                seen[key] = (end, r)


@oracle(PROFILE, "GC-003-21", "GC-004-19")
def wrapup_as_given(entries: Sequence[Entry]) -> Iterable[Finding]:
    """After a wrap-up of a communication (driver or Platform API), every reading of that
    communication carries it, with the code and the notes given."""
    for r in sessions(entries):
        given = r.wrapup
        if given is None or r.media:
            continue
        value = r.comm.get("wrapup")
        if not isinstance(value, dict):
            yield from _each(("GC-003-21", "GC-004-19"), f"{r.text('wrapup')}: the "
                             f"communication was wrapped up with code {given.get('code')!r}",
                             r)
            continue
        for name in ("code", "notes"):
            if given.get(name) is not None and value.get(name) != given[name]:
                yield from _each(("GC-003-21", "GC-004-19"), f"{r.text('wrapup')}: the "
                                 f"wrap-up's {name} given was {given[name]!r}", r)
                break


@oracle(PROFILE, "GC-003-22", "GC-004-20")
def after_call_work_ends_with_wrapup(entries: Sequence[Entry]) -> Iterable[Finding]:
    """After-call work is no longer pending once the communication was wrapped up after it
    ended, and it never becomes pending again once it was not.

    Silent, so accepted: what a wrap-up given while the communication still lived does to
    the after-call work that follows."""
    done: dict[tuple[str, str, int], Reading] = {}
    for r in sessions(entries):
        value = r.comm.get("afterCallWork")
        if not isinstance(value, dict):
            continue
        state = value.get("state")
        if r.wrapup is not None and r.wrapped_after_end and state == "pending":
            yield from _each(("GC-003-22", "GC-004-20"), f"{r.text('afterCallWork')}: the "
                             "communication was wrapped up: the after-call work is no longer "
                             "pending", r)
        elif state == "pending" and r.key in done:
            yield from _each(("GC-003-22", "GC-004-20"), f"{r.text('afterCallWork')}: pending "
                             "again after it was "
                             f"{done[r.key].comm['afterCallWork'].get('state')!r}", r,
                             done[r.key])
        elif state in ("complete", "skipped"):
            done.setdefault(r.key, r)


@oracle(PROFILE, "GC-003-24", "GC-004-22")
def after_call_work_required_only_when_agent_requested(
        entries: Sequence[Entry]) -> Iterable[Finding]:
    """afterCallWorkRequired is absent (or null) while the after-call-work setting the
    scenario chose (``wrapupPrompt``) is not Agent Requested.

    Judged only where the setting is known and was the same when the session was offered
    and when it was read: whether a change applies to communications already routed is
    silent, so both are accepted."""
    for r in sessions(entries):
        if r.acw_setting is not None and r.acw_setting != AGENT_REQUESTED \
                and r.comm.get("afterCallWorkRequired") is not None:
            yield from _each(("GC-003-24", "GC-004-22"), f"{r.text('afterCallWorkRequired')}"
                             f": only used when the ACW setting is Agent Requested, and it is "
                             f"{r.acw_setting}", r)


# -- date-times against the target's clock ----------------------------------------------------
def _late(value: int, bound: int | None) -> bool:
    return bound is not None and value > bound + TOLERANCE_MS


def _early(value: int, bound: int | None) -> bool:
    return bound is not None and value < bound - TOLERANCE_MS


def _earlier(a: Any, b: Any) -> bool:
    """Whether date-time ``a`` is before ``b``; to the second when either was written without
    milliseconds (004's ``[.mmm]``), since such a value is truncated."""
    ms_a, ms_b = _ms(a), _ms(b)
    if ms_a is None or ms_b is None:
        return False
    if not (DATE_003.match(a) and DATE_003.match(b)):
        return ms_a // 1000 < ms_b // 1000
    return ms_a < ms_b


def _stamp(ms: int | None) -> str:
    if ms is None:
        return "?"
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="milliseconds")


def _changed(first: dict[tuple[str, str, int], Reading], r: Reading, name: str,
             rules: tuple[str, str]) -> Iterator[Finding]:
    """Once set, a date-time of a communication never changes."""
    before = first.get(r.key)
    if before is None:
        first[r.key] = r
    elif _earlier(before.comm.get(name), r.comm.get(name)) or _earlier(
            r.comm.get(name), before.comm.get(name)):
        yield from _each(rules, f"{r.text(name)}: it changed from {before.comm.get(name)!r}",
                         r, before)


@oracle(PROFILE, "GC-003-14", "GC-004-12")
def provider_event_time_tracks_events(entries: Sequence[Entry]) -> Iterable[Finding]:
    """providerEventTime never goes back, is not before the event that changed this
    communication last (offer, its party's join or leave, the conversation's end), and is
    not after the latest action of the scenario unless time passed since and the
    communication may have timed out (a live communication did not)."""
    rules = ("GC-004-12", "GC-003-14")
    previous: dict[tuple[str, str, int], tuple[int, Reading]] = {}
    for r in sessions(entries):
        value = _ms(r.comm.get("providerEventTime"))
        if value is None:
            continue
        if r.key in previous and _earlier(r.comm.get("providerEventTime"),
                                          previous[r.key][1].comm.get("providerEventTime")):
            before = previous[r.key][1]
            yield from _each(rules, f"{r.text('providerEventTime')}: went back from "
                             f"{before.comm.get('providerEventTime')}", r, before)
        previous[r.key] = (value, r)
        s = r.state
        events = [s.offered_ms]
        if r.party == AGENT and s.joined:
            events.append(s.joined_ms)
        if r.party in s.legs_ended and not (s.clock_moved and not r.certain):
            events.append(s.ended_ms)
        latest = max((e for e in events if e is not None), default=None)
        live = _rank(r.comm.get("state")) in (0, 1) and r.certain
        bound = r.last_action_ms if (not r.clock_since_action or live) else r.read_ms
        if _early(value, latest):
            yield from _each(rules, f"{r.text('providerEventTime')}: the latest event of "
                             f"this communication happened at {_stamp(latest)}", r)
        elif _late(value, bound):
            yield from _each(rules, f"{r.text('providerEventTime')}: no event happened after "
                             f"{_stamp(bound)} (the conversation was read at "
                             f"{_stamp(r.read_ms)})", r)


@oracle(PROFILE, "GC-003-15", "GC-004-13")
def start_alerting_time_fixed(entries: Sequence[Entry]) -> Iterable[Finding]:
    """startAlertingTime never changes once set, and falls between the offer and the
    reading (and before the agent answered, for an agent's communication read after it)."""
    rules = ("GC-004-13", "GC-003-15")
    first: dict[tuple[str, str, int], Reading] = {}
    for r in sessions(entries):
        value = _ms(r.comm.get("startAlertingTime"))
        if value is None:
            continue
        yield from _changed(first, r, "startAlertingTime", rules)
        if _early(value, r.state.offered_ms) or _late(value, r.read_ms):
            yield from _each(rules, f"{r.text('startAlertingTime')}: the session was offered "
                             f"at {_stamp(r.state.offered_ms)} and read at "
                             f"{_stamp(r.read_ms)}", r)


@oracle(PROFILE, "GC-003-16", "GC-004-14")
def connected_time_fixed(entries: Sequence[Entry]) -> Iterable[Finding]:
    """connectedTime is absent from an agent's communication before the agent answered,
    never changes once set, is not before startAlertingTime, and falls between the
    connecting action (the offer for the customer, the join for the agent) and the reading."""
    rules = ("GC-004-14", "GC-003-16")
    first: dict[tuple[str, str, int], Reading] = {}
    for r in sessions(entries):
        raw = r.comm.get("connectedTime")
        if r.party == AGENT and not r.state.joined and raw is not None:
            yield from _each(rules, f"{r.text('connectedTime')}: the agent has not answered: "
                             "the communication has not connected", r)
            continue
        value = _ms(raw)
        if value is None:
            continue
        yield from _changed(first, r, "connectedTime", rules)
        alerted = _ms(r.comm.get("startAlertingTime"))
        since = r.state.joined_ms if r.party == AGENT else r.state.offered_ms
        if alerted is not None and _earlier(raw, r.comm.get("startAlertingTime")):
            yield from _each(rules, f"{r.text('connectedTime')}: before it alerted "
                             f"({r.comm.get('startAlertingTime')})", r)
        elif _early(value, since) or _late(value, r.read_ms):
            yield from _each(rules, f"{r.text('connectedTime')}: it connected between "
                             f"{_stamp(since)} and the reading at {_stamp(r.read_ms)}", r)


@oracle(PROFILE, "GC-003-17", "GC-004-15")
def disconnected_time_after_disconnect(entries: Sequence[Entry]) -> Iterable[Finding]:
    """disconnectedTime is absent while the communication has not disconnected, never
    changes once set, and is not before it connected nor after the reading."""
    rules = ("GC-004-15", "GC-003-17")
    first: dict[tuple[str, str, int], Reading] = {}
    for r in sessions(entries):
        raw = r.comm.get("disconnectedTime")
        live = _rank(r.comm.get("state")) in (0, 1) or (
            r.known_live and r.party not in r.state.legs_ended)
        if raw is not None and live:
            yield from _each(rules, f"{r.text('disconnectedTime')}: the communication has not "
                             "disconnected", r)
            continue
        value = _ms(raw)
        if value is None:
            continue
        yield from _changed(first, r, "disconnectedTime", rules)
        connected = _ms(r.comm.get("connectedTime"))
        if connected is not None and _earlier(raw, r.comm.get("connectedTime")):
            yield from _each(rules, f"{r.text('disconnectedTime')}: before it connected "
                             f"({r.comm.get('connectedTime')})", r)
        elif _late(value, r.read_ms):
            yield from _each(rules, f"{r.text('disconnectedTime')}: after the reading at "
                             f"{_stamp(r.read_ms)}", r)
