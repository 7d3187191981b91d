"""Step definitions of the genesys-cloud profile (sources 003 and 004: ``Cobrowsesession``).

The parties act through the driver API; everything checked is read from the
target's Platform API, ``GET /api/v2/conversations/{conversationId}``, whose
participants carry ``cobrowsesessions[]``. Each action that moves the life
cycle reads the conversation afterwards and keeps the reading (a *snapshot*),
so a ``Then`` can check a property over the whole life cycle: offered, joined,
control granted or refused, ended, wrapped up.

Which communication is which comes from the driver, never from the properties
under test: the driver names the customer's and the agent's participant, and a
participant's ``cobrowsesessions[]`` lists its co-browse communications oldest
first, one per co-browse session of the conversation.

Every scenario carries one rule tag; each ``Then`` raises against that rule
(``rule_id``), naming the field (``participants[1].cobrowsesessions[0].state``),
the value, the step after which it was read, and the rule.

Every property is [optional] in both sources. A ``Then`` fails on a missing
property only where the life cycle needs its value; otherwise a property that
never appeared in any reading of the scenario leaves its rule not proven (the
scenario is skipped, see ``not_proven``), never passed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import RuleViolation, SetupError
from harness.clients.genesys_cloud import PROFILE, CloudDriver, PlatformApi
from harness.clients.http import Control, DriverClient
from harness.steps.common import pass_time
from harness.targets import TargetInfo
from harness.validation import errors as schema_errors

CUSTOMER, AGENT = "customer", "agent"

#: Source 004, the Name column: the properties as they travel in JSON.
WIRE_NAMES = ("state", "id", "disconnectType", "self", "cobrowseSessionId", "cobrowseRole",
              "controlling", "viewerUrl", "providerEventTime", "startAlertingTime",
              "connectedTime", "disconnectedTime", "provider", "peerId", "segments", "wrapup",
              "afterCallWork", "afterCallWorkRequired", "initialState")
#: Source 004, StateEnum / InitialStateEnum and DisconnectTypeEnum (values; the first row,
#: OutdatedSdkVersion, is the SDK's stand-in for a value it does not know, not a value).
SDK_SENTINEL = "OutdatedSdkVersion"
STATE_ENUM = ("alerting", "dialing", "contacting", "offering", "connected", "disconnected",
              "terminated", "scheduled", "none")
DISCONNECT_TYPE_ENUM = ("endpoint", "client", "system", "timeout", "transfer",
                        "transfer.conference", "transfer.consult", "transfer.forward",
                        "transport.failure", "error", "peer", "other", "spam", "uncallable")
ROLES = ("sharer", "viewer")
ACW_STATES = ("unknown", "notApplicable", "skipped", "pending", "complete")
ENDED_STATES = ("disconnected", "terminated")
OFFERED_STATES = ("alerting", "offering")
#: Source 003: yyyy-MM-ddTHH:mm:ss.SSSZ; source 004: yyyy-MM-ddTHH:mm:ss[.mmm]Z.
DATE_003 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
DATE_004 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$")
DATE_FIELDS = ("providerEventTime", "startAlertingTime", "connectedTime", "disconnectedTime")
STEP_SECONDS = 10  # how long the time scenarios let pass between two actions


class UnknownPropertyWarning(UserWarning):
    """A Cobrowsesession property neither source names: allowed, but worth knowing."""


# -- what the harness knows from the driver ----------------------------------------------------
@dataclass
class Conv:
    name: str
    conversation_id: str
    participant: dict[str, str]  # party -> participant id
    names: dict[str, str]  # party -> display name given to the driver
    sessions: list[str] = field(default_factory=list)  # co-browse session ids, oldest first
    joined: set[int] = field(default_factory=set)
    ended: set[int] = field(default_factory=set)
    granted: set[int] = field(default_factory=set)
    control_request: str = ""
    #: Legs (session index, party) whose party has not left a session the other party left:
    #: silent (GC-S-02), they may stay connected until their party leaves too.
    outliving: set[tuple[int, str]] = field(default_factory=set)
    #: (session index, event) -> (target clock before, after), epoch ms.
    events: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)


@dataclass
class Snapshot:
    stage: str
    conv: Conv
    data: dict[str, Any]
    before: int
    after: int
    joined: frozenset[int]
    ended: frozenset[int]
    granted: frozenset[int]
    events: dict[tuple[int, str], tuple[int, int]]
    sessions: int
    outliving: frozenset[tuple[int, str]] = frozenset()


@dataclass
class Leg:
    """One co-browse communication as read in one snapshot."""

    snapshot: Snapshot
    party: str
    index: int
    comm: dict[str, Any]
    where: str

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.snapshot.conv.name, self.party, self.index)

    @property
    def ended(self) -> bool:
        """Whether this communication has ended. A leg that may outlive its session (the
        other party left; GC-S-02) has ended unless it reads connected: either choice is
        accepted, and every other check then holds it to the choice it made."""
        if self.index not in self.snapshot.ended:
            return False
        if (self.index, self.party) in self.snapshot.outliving:
            return self.comm.get("state") != "connected"
        return True

    @property
    def joined(self) -> bool:
        return self.index in self.snapshot.joined

    @property
    def granted(self) -> bool:
        return self.index in self.snapshot.granted

    def has(self, name: str) -> bool:
        return self.comm.get(name) is not None


@dataclass
class CloudWorld:
    driver: CloudDriver
    api: PlatformApi
    control: Control
    target: TargetInfo
    convs: dict[str, Conv] = field(default_factory=dict)
    current: str = "first"
    snapshots: list[Snapshot] = field(default_factory=list)
    #: The after-call-work setting (``wrapupPrompt``) the scenario chose, if it chose one.
    acw_setting: str | None = None
    #: The answer to the last attempt a party made that may be refused.
    last: httpx.Response | None = None

    @property
    def conv(self) -> Conv:
        return self.convs[self.current]

    def now(self) -> int:
        """The target's clock (epoch ms) where it has one, else this machine's."""
        if self.target.can("clock"):
            return self.control.now()
        return int(time.time() * 1000)

    @property
    def tolerance(self) -> int:
        return 1000 if self.target.can("clock") else 3000

    def ok(self, response: httpx.Response, what: str) -> dict[str, Any]:
        """A set-up step's response must succeed; otherwise the scenario cannot go on."""
        if response.status_code >= 400:
            raise SetupError(f"{what} failed: {response.status_code} {response.text[:500]}")
        try:
            data = response.json()
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def act(self, stage: str, index: int, event: str | None,
            action: Callable[[], httpx.Response], what: str) -> dict[str, Any]:
        before = self.now()
        data = self.ok(action(), what)
        after = self.now()
        if event is not None:
            self.conv.events[(index, event)] = (before, after)
        self.snap(stage, before, after)
        return data

    def snap(self, stage: str, before: int, after: int) -> Snapshot:
        conv = self.conv
        data = self.ok(self.api.conversation(conv.conversation_id),
                       f"reading conversation {conv.conversation_id} from the Platform API")
        snapshot = Snapshot(stage, conv, data, before, after, frozenset(conv.joined),
                            frozenset(conv.ended), frozenset(conv.granted), dict(conv.events),
                            len(conv.sessions), frozenset(conv.outliving))
        self.snapshots.append(snapshot)
        return snapshot

    def legs(self, conv: str | None = None) -> Iterator[Leg]:
        for snapshot in self.snapshots:
            if conv is not None and snapshot.conv.name != conv:
                continue
            yield from _legs_of(snapshot)

    def latest(self) -> dict[tuple[str, str, int], Leg]:
        """The last reading of each communication."""
        found: dict[tuple[str, str, int], Leg] = {}
        for leg in self.legs():
            found[leg.key] = leg
        return found


def _legs_of(snapshot: Snapshot) -> Iterator[Leg]:
    participants = snapshot.data.get("participants")
    if not isinstance(participants, list):
        raise AssertionError(f"the conversation read after '{snapshot.stage}' has no "
                             f"participants list: {json.dumps(snapshot.data)[:500]}")
    conv = snapshot.conv
    for party in (CUSTOMER, AGENT):
        pid = conv.participant[party]
        position = next((i for i, p in enumerate(participants)
                         if isinstance(p, dict) and p.get("id") == pid), None)
        if position is None:
            raise AssertionError(f"the {party}'s participant {pid} is missing from the "
                                 f"conversation read after '{snapshot.stage}'")
        comms = participants[position].get("cobrowsesessions")
        if not isinstance(comms, list):
            raise AssertionError(f"participants[{position}] (the {party}) has no "
                                 f"cobrowsesessions list after '{snapshot.stage}'")
        for place, index in enumerate(_sessions_with_legs(snapshot, party, len(comms))):
            if place >= len(comms) or not isinstance(comms[place], dict):
                raise AssertionError(
                    f"participants[{position}].cobrowsesessions[{place}] (the {party}'s "
                    f"communication in co-browse session {index + 1}) is missing after "
                    f"'{snapshot.stage}'")
            yield Leg(snapshot, party, index, comms[place],
                      f"participants[{position}].cobrowsesessions[{place}]")


def _sessions_with_legs(snapshot: Snapshot, party: str, listed: int) -> list[int]:
    """The sessions (indexes, oldest first) the party's communications stand for.

    Silent (GC-S-02): the agent's communication may exist from the offer, or only once the
    agent has answered it; so the agent's list holds either every session or only the
    joined ones, and which is told by its length. The customer's holds every session.
    """
    every = list(range(snapshot.sessions))
    if party == AGENT and listed != len(every):
        joined = sorted(snapshot.joined)
        if listed == len(joined):
            return joined
    return every


@pytest.fixture
def cloud(driver: DriverClient, control: Control, cobrowse_target: TargetInfo) -> CloudWorld:
    return CloudWorld(CloudDriver(driver), PlatformApi(driver, cobrowse_target), control,
                      cobrowse_target)


# -- failures ------------------------------------------------------------------------------------
def _show(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 200 else text[:200] + "…"


def violation(rule: str, leg: Leg, name: str, message: str) -> RuleViolation:
    value = _show(leg.comm[name]) if name in leg.comm else "(absent)"
    return RuleViolation(
        rule,
        f"field {leg.where}.{name} = {value} (the {leg.party}'s co-browse communication, "
        f"read after '{leg.snapshot.stage}'): {message}",
        leg.comm,
    )


def check(rule: str, condition: bool, leg: Leg, name: str, message: str) -> None:
    if not condition:
        raise violation(rule, leg, name, message)


def not_proven(name: str, where: str = "any Cobrowsesession the target returned") -> None:
    """Skip the scenario: every property is [optional], so one never sent cannot be judged.

    The rule is then reported ``skipped`` (not proven), never ``passed``.
    """
    pytest.skip(f"not proven: {name} never appeared in {where}")


def parse_time(value: Any) -> int | None:
    """Epoch ms of an ISO-8601 UTC string (either source's form), or None."""
    if not isinstance(value, str) or not DATE_004.match(value):
        return None
    return round(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)


def _time_of(rule: str, leg: Leg, name: str) -> int | None:
    """The property as epoch ms (None if absent); refused if it is not a date-time."""
    if not leg.has(name):
        return None
    parsed = parse_time(leg.comm[name])
    check(rule, parsed is not None, leg, name,
          "not an ISO-8601 UTC date-time (yyyy-MM-ddTHH:mm:ss[.mmm]Z)")
    assert parsed is not None
    return parsed


def _stamp(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="milliseconds")


# -- conversations and parties --------------------------------------------------------------------
def _new_conversation(cloud: CloudWorld, name: str, customer: str, agent: str) -> None:
    suffix = uuid.uuid4().hex[:8]
    data = cloud.ok(cloud.driver.create_conversation(customer, agent, f"customer-{suffix}",
                                                     f"agent-{suffix}"),
                    "starting a conversation through the driver")
    try:
        conv = Conv(name, str(data["conversationId"]),
                    {CUSTOMER: str(data["customer"]["participantId"]),
                     AGENT: str(data["agent"]["participantId"])},
                    {CUSTOMER: customer, AGENT: agent})
    except (KeyError, TypeError):
        raise SetupError(f"the driver's conversation lacks conversationId and the "
                             f"participants' ids: {data}") from None
    cloud.convs[name] = conv
    cloud.current = name


@given("a Genesys Cloud conversation between a customer and an agent")
def a_conversation(cloud: CloudWorld) -> None:
    _new_conversation(cloud, "first", "Ada Lovelace", "Grace Hopper")


@given("another Genesys Cloud conversation in which a customer co-browses with an agent")
def another_conversation(cloud: CloudWorld) -> None:
    previous = cloud.current
    _new_conversation(cloud, "second", "Hedy Lamarr", "Katherine Johnson")
    _start(cloud, "offered")
    _join(cloud, "joined")
    cloud.current = previous


@given(parsers.parse("the co-browse inactivity timeout is {seconds:d} seconds"))
def inactivity_timeout(cloud: CloudWorld, seconds: int) -> None:
    cloud.control.configure(PROFILE, inactivityTimeoutSeconds=seconds)


def _start(cloud: CloudWorld, stage: str) -> None:
    conv = cloud.conv
    index = len(conv.sessions)
    before = cloud.now()
    data = cloud.ok(cloud.driver.start_cobrowse(conv.conversation_id),
                    "the customer starting to co-browse")
    after = cloud.now()
    session_id = data.get("cobrowseSessionId")
    if not isinstance(session_id, str) or not session_id:
        raise SetupError(f"the driver did not say which co-browse session started: {data}")
    conv.sessions.append(session_id)
    conv.events[(index, "offered")] = (before, after)
    cloud.snap(stage, before, after)


def _join(cloud: CloudWorld, stage: str) -> None:
    conv = cloud.conv
    index = len(conv.sessions) - 1
    conv.joined.add(index)
    cloud.act(stage, index, "joined", lambda: cloud.driver.join(conv.sessions[index]),
              "the agent joining the co-browse session")


@given("the customer has started co-browsing")
@when("the customer starts co-browsing")
def customer_starts(cloud: CloudWorld) -> None:
    _start(cloud, "the customer starts co-browsing")


@when("the customer starts co-browsing again")
def customer_starts_again(cloud: CloudWorld) -> None:
    _start(cloud, "the customer starts co-browsing again")


@given("the agent has joined the co-browse session")
@when("the agent joins the co-browse session")
def agent_joins(cloud: CloudWorld) -> None:
    _join(cloud, "the agent joins the co-browse session")


def _leave(cloud: CloudWorld, party: str) -> None:
    conv = cloud.conv
    index = len(conv.sessions) - 1
    if index in conv.joined and index not in conv.ended:
        conv.outliving.add((index, AGENT if party == CUSTOMER else CUSTOMER))
    conv.ended.add(index)
    conv.granted.discard(index)
    cloud.act(f"the {party} leaves the co-browse session", index, "ended",
              lambda: cloud.driver.leave(conv.sessions[index], party),
              f"the {party} leaving the co-browse session")


@when("the customer leaves the co-browse session")
def customer_leaves(cloud: CloudWorld) -> None:
    _leave(cloud, CUSTOMER)


@given("the agent has left the co-browse session")
@when("the agent leaves the co-browse session")
def agent_leaves(cloud: CloudWorld) -> None:
    _leave(cloud, AGENT)


@when("the whole Genesys Cloud conversation ends")
def conversation_ends(cloud: CloudWorld) -> None:
    conv = cloud.conv
    for index in range(len(conv.sessions)):
        if index not in conv.ended:
            conv.ended.add(index)
            conv.granted.discard(index)
    conv.outliving.clear()
    index = len(conv.sessions) - 1
    cloud.act("the whole conversation ends", index, "ended",
              lambda: cloud.driver.end_conversation(conv.conversation_id),
              "ending the conversation")


@when(parsers.parse("the co-browse session stays idle for {seconds:d} seconds"))
def idle_for(cloud: CloudWorld, seconds: int) -> None:
    conv = cloud.conv
    index = len(conv.sessions) - 1
    before = cloud.now()
    pass_time(cloud.control, cloud.target, seconds)
    after = cloud.now()
    conv.ended.add(index)
    conv.granted.discard(index)
    conv.events[(index, "ended")] = (before, after)
    cloud.snap(f"the co-browse session stays idle for {seconds} seconds", before, after)


@when("the agent asks for control of the shared page")
def agent_asks_control(cloud: CloudWorld) -> None:
    conv = cloud.conv
    index = len(conv.sessions) - 1
    data = cloud.act("the agent asks for control", index, None,
                     lambda: cloud.driver.request_control(conv.sessions[index]),
                     "the agent asking for control")
    conv.control_request = str(data.get("requestId", ""))


def _answer(cloud: CloudWorld, accept: bool) -> None:
    conv = cloud.conv
    index = len(conv.sessions) - 1
    if accept:
        conv.granted.add(index)
    stage = "the customer grants control" if accept else "the customer refuses control"
    cloud.act(stage, index, "granted" if accept else None,
              lambda: cloud.driver.answer_control(conv.sessions[index], conv.control_request,
                                                  accept), stage)


@when("the agent, presenting its own credential, tries to grant itself control")
def agent_grants_itself(cloud: CloudWorld) -> None:
    """The agent answers its own request for control with the agent's credential: whatever
    the target answers, nobody granted anything (the session is not counted as granted)."""
    conv = cloud.conv
    index = len(conv.sessions) - 1
    credential = cloud.driver.parties.credential(conv.conversation_id, AGENT)
    if credential is None:
        raise SetupError("the target declares the parties capability but issued no agent's "
                         f"credential (partyCredentials) with conversation "
                         f"{conv.conversation_id}")
    before = cloud.now()
    with cloud.driver.parties.presenting(credential):
        cloud.last = cloud.driver.answer_control(conv.sessions[index], conv.control_request,
                                                 True)
    cloud.snap("the agent tries to grant itself control", before, cloud.now())


@then("the agent's attempt to grant itself control is refused")
def self_grant_refused(cloud: CloudWorld, rule_id: str) -> None:
    response = cloud.last
    assert response is not None
    if not 400 <= response.status_code < 500:
        raise RuleViolation(rule_id, "control is the customer's to grant: the agent answering "
                            "its own request with the agent's credential must be refused; got "
                            f"{response.status_code}", response.text[:500])


@given("the customer has granted the agent control")
@when("the customer grants the agent control")
def customer_grants(cloud: CloudWorld) -> None:
    _answer(cloud, True)


@when("the customer refuses the agent control")
def customer_refuses(cloud: CloudWorld) -> None:
    _answer(cloud, False)


@when("the agent gives control back")
def agent_gives_back(cloud: CloudWorld) -> None:
    conv = cloud.conv
    index = len(conv.sessions) - 1
    conv.granted.discard(index)
    cloud.act("the agent gives control back", index, "released",
              lambda: cloud.driver.release_control(conv.sessions[index], AGENT),
              "the agent giving control back")


@when(parsers.parse('the agent wraps up with code "{code}" and notes "{notes}"'))
def agent_wraps_up(cloud: CloudWorld, code: str, notes: str) -> None:
    conv = cloud.conv
    cloud.act("the agent wraps up", len(conv.sessions) - 1, None,
              lambda: cloud.driver.wrap_up(conv.conversation_id, code=code, notes=notes,
                                           tags=["co-browse"]),
              "the agent wrapping up")


@given(parsers.parse('another Genesys Cloud conversation in which the customer co-browsed '
                     'with the agent twice'))
def another_conversation_twice(cloud: CloudWorld) -> None:
    """Several conversations at once, each with a second session (ids must stay unique)."""
    previous = cloud.current
    _new_conversation(cloud, "second", "Hedy Lamarr", "Katherine Johnson")
    _start(cloud, "offered")
    _join(cloud, "joined")
    _leave(cloud, CUSTOMER)
    _start(cloud, "offered again")
    _join(cloud, "joined again")
    cloud.current = previous


@given(parsers.parse('the after-call work setting is "{prompt}"'))
def acw_setting(cloud: CloudWorld, prompt: str) -> None:
    """The queue's ACW setting (Genesys Cloud's ``acwSettings.wrapupPrompt`` values)."""
    cloud.control.configure(PROFILE, wrapupPrompt=prompt)
    cloud.acw_setting = prompt


def _leave_too(cloud: CloudWorld, party: str) -> None:
    """The other party leaves a session one party already left.

    Silent: whether one party leaving ends the session for both. A target may accept this
    second leave (the session was still the other party's) or refuse it as already ended
    (404, 409, 410); either way the conversation is read again.
    """
    conv = cloud.conv
    index = len(conv.sessions) - 1
    conv.outliving.discard((index, party))
    before = cloud.now()
    response = cloud.driver.leave(conv.sessions[index], party)
    if response.status_code >= 400 and response.status_code not in (404, 409, 410):
        raise AssertionError(f"the {party} leaving too failed: {response.status_code} "
                             f"{response.text[:500]}")
    after = cloud.now()
    cloud.snap(f"the {party} leaves the co-browse session too", before, after)


@when("the customer leaves the co-browse session too")
def customer_leaves_too(cloud: CloudWorld) -> None:
    _leave_too(cloud, CUSTOMER)


@when("the agent leaves the co-browse session too")
def agent_leaves_too(cloud: CloudWorld) -> None:
    _leave_too(cloud, AGENT)


@when("a Platform API client disconnects the co-browse conversation")
def api_disconnects_conversation(cloud: CloudWorld) -> None:
    conv = cloud.conv
    for index in range(len(conv.sessions)):
        conv.ended.add(index)
        conv.granted.discard(index)
    conv.outliving.clear()
    cloud.act("a Platform API client disconnects the conversation", len(conv.sessions) - 1,
              "ended", lambda: cloud.api.disconnect_conversation(conv.conversation_id),
              "disconnecting the co-browse conversation through the Platform API")


def _agent_communication_id(cloud: CloudWorld) -> str:
    """The id of the agent's latest communication as last read: the Platform API's routes
    name a communication by its id, so the harness must use the one the target gave."""
    conv = cloud.conv
    legs = [leg for leg in cloud.legs(conv.name) if leg.party == AGENT
            and leg.index == len(conv.sessions) - 1]
    value = legs[-1].comm.get("id") if legs else None
    if not isinstance(value, str) or not value:
        raise AssertionError("the agent's co-browse communication was never read with an id")
    return value


@when("the agent disconnects their co-browse communication through the Platform API")
def api_disconnects_agent(cloud: CloudWorld) -> None:
    conv = cloud.conv
    index = len(conv.sessions) - 1
    comm_id = _agent_communication_id(cloud)
    if index in conv.joined and index not in conv.ended:
        conv.outliving.add((index, CUSTOMER))
    conv.ended.add(index)
    conv.granted.discard(index)
    cloud.act("the agent disconnects through the Platform API", index, "ended",
              lambda: cloud.api.patch_communication(conv.conversation_id,
                                                    conv.participant[AGENT], comm_id,
                                                    {"state": "disconnected"}),
              "disconnecting the agent's communication through the Platform API")


@when(parsers.parse('the agent wraps up through the Platform API with code "{code}" and '
                    'notes "{notes}"'))
def api_wraps_up(cloud: CloudWorld, code: str, notes: str) -> None:
    conv = cloud.conv
    comm_id = _agent_communication_id(cloud)
    cloud.act("the agent wraps up", len(conv.sessions) - 1, None,
              lambda: cloud.api.wrap_up_communication(conv.conversation_id,
                                                      conv.participant[AGENT], comm_id,
                                                      {"code": code, "notes": notes}),
              "the agent wrapping up through the Platform API")


@when("the co-browse conversations are listed")
def list_conversations(cloud: CloudWorld) -> None:
    """The media view of every co-browse conversation; the rule oracles judge it."""
    cloud.ok(cloud.api.list_cobrowse(), "listing the co-browse conversations")


@when("the media view of the conversation is read")
def media_view(cloud: CloudWorld) -> None:
    """The conversation's CobrowseConversation; the rule oracles judge it."""
    cloud.ok(cloud.api.cobrowse_conversation(cloud.conv.conversation_id),
             "reading the co-browse conversation's media view")


@when(parsers.parse("the conversation is read again after {seconds:d} seconds with nothing "
                    "happening"))
def read_after_quiet(cloud: CloudWorld, seconds: int) -> None:
    """Time passes with no event at all, then the conversation is read."""
    before = cloud.now()
    pass_time(cloud.control, cloud.target, seconds)
    cloud.snap(f"{seconds} seconds pass with nothing happening", before, cloud.now())


# -- 004 Name column: JSON property names ------------------------------------------------------
def _spelling(name: str) -> str:
    return name.replace("_", "").lower()


SPELLINGS = {_spelling(n): n for n in WIRE_NAMES}


@then("every co-browse communication uses the documented camelCase property names")
def camel_case_names(cloud: CloudWorld, rule_id: str) -> None:
    unknown: set[str] = set()
    for leg in cloud.legs():
        for name in leg.comm:
            if name in WIRE_NAMES:
                continue
            documented = SPELLINGS.get(_spelling(name))
            check(rule_id, documented is None, leg, name,
                  f"{name!r} is another spelling of {documented!r}: in JSON the property is "
                  f"{documented!r} (the Ruby SDK's snake_case attribute names are not wire "
                  "names)")
            unknown.add(name)
    if unknown:
        warnings.warn(UnknownPropertyWarning(
            f"Cobrowsesession properties neither source names (allowed for forward "
            f"compatibility): {sorted(unknown)}"), stacklevel=1)


# -- state, initialState ---------------------------------------------------------------------------
@then("the state of every co-browse communication is a string at every step")
def state_is_string(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        check(rule_id, "state" in leg.comm, leg, "state",
              "the connection state must be given")
        check(rule_id, isinstance(leg.comm["state"], str), leg, "state",
              "source 003 types state as a String")


@then("the state of each co-browse communication follows the session: "
      "alerting when offered, connected when joined, disconnected when ended")
def state_follows(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        state = leg.comm.get("state")
        if leg.ended:
            check(rule_id, state in ENDED_STATES, leg, "state",
                  "the session has ended: the communication must be disconnected")
        elif leg.joined:
            check(rule_id, state == "connected", leg, "state",
                  "the agent has joined: both communications must be connected")
        elif leg.party == AGENT:
            check(rule_id, state in OFFERED_STATES, leg, "state",
                  "offered to the agent, not yet joined: the agent's communication must be "
                  "alerting")
        else:
            check(rule_id, isinstance(state, str) and state not in ENDED_STATES, leg, "state",
                  "the customer is sharing: their communication must not be disconnected")


def _enum_check(rule: str, legs: Iterator[Leg], name: str, values: tuple[str, ...],
                table: str) -> None:
    """Every value of ``name`` the legs carry is one of ``values``; not proven if none does."""
    seen = False
    for leg in legs:
        if not leg.has(name):
            continue
        seen = True
        value = leg.comm[name]
        check(rule, value != SDK_SENTINEL, leg, name,
              f"{SDK_SENTINEL} is the SDK's stand-in for a value it does not know, not a value "
              "a server sends")
        check(rule, isinstance(value, str) and value in values, leg, name,
              f"not a value of {table} ({', '.join(values)})")
    if not seen:
        not_proven(name)


@then("every state is a value of StateEnum")
def state_enum(cloud: CloudWorld, rule_id: str) -> None:
    _enum_check(rule_id, cloud.legs(), "state", STATE_ENUM, "StateEnum")


@then("every initialState is a value of InitialStateEnum")
def initial_state_enum(cloud: CloudWorld, rule_id: str) -> None:
    _enum_check(rule_id, cloud.legs(), "initialState", STATE_ENUM, "InitialStateEnum")


@then("each co-browse communication's initialState is the state it began in and never changes")
def initial_state_kept(cloud: CloudWorld, rule_id: str) -> None:
    first: dict[tuple[str, str, int], Any] = {}
    for leg in cloud.legs():
        if "initialState" not in leg.comm:
            continue
        value = leg.comm["initialState"]
        if leg.key in first:
            check(rule_id, value == first[leg.key], leg, "initialState",
                  f"the initial state changed: it was {first[leg.key]!r}")
            continue
        first[leg.key] = value
        if leg.party == AGENT and not leg.joined and not leg.ended:
            check(rule_id, value in OFFERED_STATES, leg, "initialState",
                  "the agent's communication began as an offer: its initial state is alerting")
        else:
            check(rule_id, isinstance(value, str) and value not in ENDED_STATES, leg,
                  "initialState", "a communication does not begin disconnected")
    if not first:
        not_proven("initialState")


# -- id ------------------------------------------------------------------------------------------
@then("every co-browse communication id is a string that no other communication shares")
def ids_globally_unique(cloud: CloudWorld, rule_id: str) -> None:
    seen: dict[str, Leg] = {}
    for leg in cloud.latest().values():
        value = leg.comm.get("id")
        check(rule_id, isinstance(value, str) and bool(value), leg, "id",
              "every communication needs its identifier, a non-empty String")
        assert isinstance(value, str)
        other = seen.get(value)
        check(rule_id, other is None, leg, "id",
              f"a globally unique identifier, yet {other.where if other else ''} of conversation "
              f"{other.snapshot.conv.conversation_id if other else ''} has the same id")
        seen[value] = leg


@then("each co-browse communication keeps its id, and no two communications share one")
def ids_stable(cloud: CloudWorld, rule_id: str) -> None:
    first: dict[tuple[str, str, int], str] = {}
    owner: dict[str, tuple[str, str, int]] = {}
    for leg in cloud.legs():
        value = leg.comm.get("id")
        check(rule_id, isinstance(value, str) and bool(value), leg, "id",
              "every communication needs its identifier")
        assert isinstance(value, str)
        if leg.key in first:
            check(rule_id, value == first[leg.key], leg, "id",
                  f"the communication's id changed; it was {first[leg.key]!r}")
            continue
        check(rule_id, value not in owner, leg, "id",
              "another communication of the conversation has the same id")
        first[leg.key] = value
        owner[value] = leg.key


# -- disconnectType --------------------------------------------------------------------------------
@then("disconnectType is null until a co-browse communication disconnects, "
      "then a string saying why")
def disconnect_type_003(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        value = leg.comm.get("disconnectType")
        if leg.ended:
            check(rule_id, isinstance(value, str) and bool(value), leg, "disconnectType",
                  "the communication has disconnected: a String must say what caused it")
        else:
            check(rule_id, value is None, leg, "disconnectType",
                  "the communication has not disconnected: it must be null (or absent) until "
                  "then")


@then("disconnectType is null until a co-browse communication disconnects, and set once it has")
def disconnect_type_null_until(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        value = leg.comm.get("disconnectType")
        if leg.ended:
            check(rule_id, value is not None, leg, "disconnectType",
                  "the communication has disconnected: it must say what caused it")
        else:
            check(rule_id, value is None, leg, "disconnectType",
                  "will be null until the communication disconnects")


@then(parsers.parse('the disconnectType of the {party}\'s co-browse communication is '
                    'one of "{values}"'))
def disconnect_type_is(cloud: CloudWorld, party: str, values: str, rule_id: str) -> None:
    allowed = tuple(v.strip() for v in values.split(","))
    latest = [leg for leg in cloud.latest().values()
              if leg.party == party and leg.snapshot.conv.name == cloud.current]
    assert latest, f"no communication of the {party} was read"
    leg = max(latest, key=lambda item: item.index)
    check(rule_id, leg.comm.get("disconnectType") in allowed, leg, "disconnectType",
          f"what caused the disconnection must be one of {', '.join(allowed)}")


@then(parsers.parse("the disconnectType of the {party}'s co-browse communication names a cause "
                    "once it disconnected"))
def disconnect_type_names_a_cause(cloud: CloudWorld, party: str, rule_id: str) -> None:
    """Set, and a value of DisconnectTypeEnum, once the communication disconnected.

    Silent (harness/silent.yaml GC-S-01): the sources give the values no meanings, so
    which value names which cause is the target's choice; the oracle
    ``disconnect_type_says_why`` checks that a cause, once said, is said the same way.
    """
    latest = [leg for leg in cloud.latest().values()
              if leg.party == party and leg.snapshot.conv.name == cloud.current]
    assert latest, f"no communication of the {party} was read"
    leg = max(latest, key=lambda item: item.index)
    if leg.comm.get("state") not in ENDED_STATES:
        return  # this leg did not disconnect (silent: one leg may stay when the other leaves)
    check(rule_id, leg.comm.get("disconnectType") in DISCONNECT_TYPE_ENUM, leg,
          "disconnectType", "once the communication disconnected, disconnectType must name "
          "what caused it with a value of DisconnectTypeEnum")


@then("every disconnectType is a value of DisconnectTypeEnum")
def disconnect_type_enum(cloud: CloudWorld, rule_id: str) -> None:
    _enum_check(rule_id, cloud.legs(), "disconnectType", DISCONNECT_TYPE_ENUM,
                "DisconnectTypeEnum")


# -- self ------------------------------------------------------------------------------------------
def _schema_check(rule: str, leg: Leg, name: str, schema: str, value: Any) -> None:
    found = schema_errors(value, f"genesys-cloud:{schema}")
    if found:
        worst = found[0]
        path = worst.json_path.removeprefix("$")
        raise RuleViolation(
            rule,
            f"field {leg.where}.{name}{path} = {_show(worst.instance)} (the {leg.party}'s "
            f"co-browse communication, read after '{leg.snapshot.stage}'): {worst.message} "
            f"(schema genesys-cloud:{schema})",
            leg.comm)


@then("the self of each co-browse communication names the participant it belongs to")
def self_names_participant(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        value = leg.comm.get("self")
        check(rule_id, isinstance(value, dict), leg, "self",
              "the address and name data of this communication's endpoint, an Address")
        assert isinstance(value, dict)
        name = leg.snapshot.conv.names[leg.party]
        check(rule_id, name in (value.get("name"), value.get("nameRaw")), leg, "self",
              f"the endpoint of this communication is the {leg.party}, {name!r}")


@then("every self is an Address")
def self_is_address(cloud: CloudWorld, rule_id: str) -> None:
    seen = False
    for leg in cloud.legs():
        if "self" in leg.comm:
            seen = True
            check(rule_id, isinstance(leg.comm["self"], dict), leg, "self",
                  "an Address object (name and address data), not a "
                  f"{type(leg.comm['self']).__name__}")
            _schema_check(rule_id, leg, "self", "address", leg.comm["self"])
    if not seen:
        not_proven("self")


# -- cobrowseSessionId, cobrowseRole ---------------------------------------------------------------
@then("both co-browse communications carry the ID of the co-browse session the customer started")
def session_id_is_the_session(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        expected = leg.snapshot.conv.sessions[leg.index]
        check(rule_id, leg.comm.get("cobrowseSessionId") == expected, leg, "cobrowseSessionId",
              f"the co-browse session ID is {expected!r} (the session the customer started)")


@then("the two co-browse communications of a session share its ID, "
      "and another session has another ID")
def session_ids_per_session(cloud: CloudWorld, rule_id: str) -> None:
    per_session: dict[tuple[str, int], tuple[Leg, Any]] = {}
    for leg in cloud.legs():
        value = leg.comm.get("cobrowseSessionId")
        check(rule_id, isinstance(value, str) and bool(value), leg, "cobrowseSessionId",
              "the co-browse session ID, a non-empty String")
        key = (leg.snapshot.conv.name, leg.index)
        if key in per_session:
            other, seen = per_session[key]
            check(rule_id, value == seen, leg, "cobrowseSessionId",
                  f"one co-browse session has one ID, yet {other.where} (the {other.party}'s, "
                  f"after '{other.snapshot.stage}') says {seen!r}")
        else:
            clash = [k for k, (_, v) in per_session.items() if v == value]
            check(rule_id, not clash, leg, "cobrowseSessionId",
                  f"co-browse session {leg.index + 1} has the ID of session "
                  f"{clash[0][1] + 1 if clash else ''}")
            per_session[key] = (leg, value)


@then('the customer\'s co-browse communication is the sharer and the agent\'s the viewer')
def roles_by_party(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        value = leg.comm.get("cobrowseRole")
        expected = "sharer" if leg.party == CUSTOMER else "viewer"
        check(rule_id, isinstance(value, str) and value.lower() == expected, leg,
              "cobrowseRole", f"the {leg.party} is the {expected} of the co-browse session")


@then('every cobrowseRole is "sharer" or "viewer"')
def role_values(cloud: CloudWorld, rule_id: str) -> None:
    """Silent (harness/silent.yaml GC-S-03): the sources name the roles in prose, not their
    spelling, so any letter case is accepted."""
    for leg in cloud.legs():
        value = leg.comm.get("cobrowseRole")
        check(rule_id, isinstance(value, str) and value.lower() in ROLES, leg, "cobrowseRole",
              "a client is a sharer or a viewer: the role must be \"sharer\" or \"viewer\" "
              "(in any letter case)")


# -- controlling -----------------------------------------------------------------------------------
def _controlling(rule: str, leg: Leg) -> list[str] | None:
    if "controlling" not in leg.comm:
        return None
    value = leg.comm["controlling"]
    check(rule, isinstance(value, list) and all(isinstance(v, str) for v in value), leg,
          "controlling", "a list of participant IDs (strings)")
    assert isinstance(value, list)
    return value


def _grant_listed(rule: str, leg: Leg, value: list[str] | None) -> None:
    customer = leg.snapshot.conv.participant[CUSTOMER]
    participants = set(leg.snapshot.conv.participant.values())
    check(rule, value is not None and customer in value, leg, "controlling",
          f"the customer granted the agent control: the customer's participant {customer} "
          "must be listed")
    assert value is not None
    check(rule, set(value) <= participants, leg, "controlling",
          "only IDs of co-browse participants may be listed")


def _nothing_controlled(rule: str, leg: Leg, value: list[str] | None) -> None:
    check(rule, not value, leg, "controlling",
          "this client has not been granted control (Pointer Mode): the list must be empty")


@then("controlling is a list of strings, empty until the agent is granted control, "
      "then listing the customer")
def controlling_003(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        value = _controlling(rule_id, leg)
        if leg.party != AGENT:
            continue
        if leg.granted:
            _grant_listed(rule_id, leg, value)
        else:
            _nothing_controlled(rule_id, leg, value)


@then("once granted control the agent's co-browse communication lists the customer's "
      "participant")
def controlling_granted(cloud: CloudWorld, rule_id: str) -> None:
    seen = False
    for leg in cloud.legs():
        if leg.party == AGENT and leg.granted:
            seen = True
            value = _controlling(rule_id, leg)
            _grant_listed(rule_id, leg, value)
    assert seen, "the scenario never read the conversation while control was granted"


@then("controlling is an empty list whenever the agent has not been granted control")
def controlling_empty(cloud: CloudWorld, rule_id: str) -> None:
    seen = False
    for leg in cloud.legs():
        if leg.party == AGENT and not leg.granted:
            value = _controlling(rule_id, leg)
            seen = seen or value is not None
            _nothing_controlled(rule_id, leg, value)
    if not seen:
        not_proven("controlling", "the agent's Cobrowsesession while it had not been granted "
                   "control")


# -- viewerUrl, provider, peerId -------------------------------------------------------------------
@then("the agent's co-browse communication has a viewerUrl, an absolute http(s) URL, "
      "while the session is live")
def viewer_url(cloud: CloudWorld, rule_id: str) -> None:
    for leg in cloud.legs():
        if leg.party == AGENT and not leg.ended:
            check(rule_id, leg.has("viewerUrl"), leg, "viewerUrl",
                  "the viewer needs the URL that opens the co-browse session in a web browser")
        if leg.has("viewerUrl"):
            value = leg.comm["viewerUrl"]
            check(rule_id, isinstance(value, str), leg, "viewerUrl", "a String URL")
            parts = urlsplit(value)
            check(rule_id, parts.scheme in ("http", "https") and bool(parts.netloc), leg,
                  "viewerUrl", "a URL a web browser can open: absolute, http or https")


@then("provider is a non-empty string, the same on both co-browse communications of a session")
def provider_same(cloud: CloudWorld, rule_id: str) -> None:
    per: dict[tuple[int, int], tuple[Leg, str]] = {}
    compared = False
    for leg in cloud.legs():
        if "provider" not in leg.comm:
            continue
        value = leg.comm["provider"]
        check(rule_id, isinstance(value, str) and bool(value.strip()), leg, "provider",
              "the source provider, a non-empty String")
        key = (id(leg.snapshot), leg.index)
        if key in per:
            other, seen = per[key]
            check(rule_id, value == seen, leg, "provider",
                  f"one co-browse session has one source provider, yet the {other.party}'s "
                  f"communication says {seen!r}")
            compared = True
        per[key] = (leg, value)
    if not per:
        not_proven("provider")
    if not compared:
        not_proven("provider", "both Cobrowsesessions of one co-browse session in one reading, "
                   "so that the two legs could be compared")


@then("the peerId of each co-browse communication is the id of the other communication of "
      "its session")
def peer_ids(cloud: CloudWorld, rule_id: str) -> None:
    by_snapshot: dict[tuple[int, int, str], Leg] = {}
    for leg in cloud.legs():
        by_snapshot[(id(leg.snapshot), leg.index, leg.party)] = leg
    seen = False
    for (snap, index, party), leg in by_snapshot.items():
        if "peerId" not in leg.comm:
            continue
        other = AGENT if party == CUSTOMER else CUSTOMER
        # Silent (GC-S-02): the agent's leg may not exist yet in this reading; a peerId
        # given before then must be the id that leg gets once it exists.
        peer = by_snapshot.get((snap, index, other)) or cloud.latest().get(
            (leg.snapshot.conv.name, other, index))
        if peer is None:
            continue
        seen = True
        expected = peer.comm.get("id")
        check(rule_id, isinstance(leg.comm["peerId"], str) and leg.comm["peerId"] == expected,
              leg, "peerId", f"the matching leg is the {peer.party}'s communication, whose id "
              f"is {expected!r}")
    if not seen:
        not_proven("peerId")


# -- timestamps ------------------------------------------------------------------------------------
def _dates(cloud: CloudWorld, name: str, rule_id: str, pattern: re.Pattern[str],
           expected: str) -> None:
    """Every reading of a date-time property matches ``pattern``; never seen: not proven."""
    assert name in DATE_FIELDS, f"{name} is not a date-time property"
    seen = False
    for leg in cloud.legs():
        if leg.has(name):
            seen = True
            value = leg.comm[name]
            check(rule_id, isinstance(value, str) and pattern.match(value) is not None, leg,
                  name, expected)
    if not seen:
        not_proven(name)


@then(parsers.parse("every {name} is written yyyy-MM-ddTHH:mm:ss.SSSZ"))
def date_003(cloud: CloudWorld, name: str, rule_id: str) -> None:
    _dates(cloud, name, rule_id, DATE_003, "source 003: an ISO-8601 string, for example "
           "yyyy-MM-ddTHH:mm:ss.SSSZ (UTC, with milliseconds)")


@then(parsers.parse("every {name} is written yyyy-MM-ddTHH:mm:ss[.mmm]Z"))
def date_004(cloud: CloudWorld, name: str, rule_id: str) -> None:
    _dates(cloud, name, rule_id, DATE_004, "source 004: an ISO-8601 string, for example "
           "yyyy-MM-ddTHH:mm:ss[.mmm]Z (UTC)")


def _window(leg: Leg, event: str) -> tuple[int, int] | None:
    return leg.snapshot.events.get((leg.index, event))


def _within(rule: str, cloud: CloudWorld, leg: Leg, name: str, value: int, event: str,
            what: str) -> None:
    window = _window(leg, event)
    assert window is not None, f"no time was taken for '{event}'"
    low, high = window[0] - cloud.tolerance, window[1] + cloud.tolerance
    check(rule, low <= value <= high, leg, name,
          f"{what}: between {_stamp(window[0])} and {_stamp(window[1])} on the target's clock")


def _unchanged(rule: str, first: dict[tuple[str, str, int], int], leg: Leg, name: str,
               value: int) -> bool:
    """Whether the leg already had a value; refused if it changed since."""
    if leg.key in first:
        check(rule, value == first[leg.key], leg, name,
              f"it changed: it was {_stamp(first[leg.key])}")
        return True
    first[leg.key] = value
    return False


@then("every providerEventTime is the time of the latest event of its co-browse session")
def provider_event_time(cloud: CloudWorld, rule_id: str) -> None:
    previous: dict[tuple[str, str, int], int] = {}
    for leg in cloud.legs():
        value = _time_of(rule_id, leg, "providerEventTime")
        if value is None:
            continue
        events = [w for (i, _), w in leg.snapshot.events.items() if i == leg.index]
        latest = max(w[0] for w in events)
        check(rule_id, latest - cloud.tolerance <= value <= leg.snapshot.after + cloud.tolerance,
              leg, "providerEventTime",
              f"the last event of this co-browse session happened at {_stamp(latest)} or later; "
              f"the conversation was read at {_stamp(leg.snapshot.after)}")
        if leg.key in previous:
            check(rule_id, value >= previous[leg.key], leg, "providerEventTime",
                  f"went back in time from {_stamp(previous[leg.key])}")
        previous[leg.key] = value
    if not previous:
        not_proven("providerEventTime")


@then("every startAlertingTime is when the agent's co-browse communication was offered, "
      "and never changes")
def start_alerting_time(cloud: CloudWorld, rule_id: str) -> None:
    first: dict[tuple[str, str, int], int] = {}
    for leg in cloud.legs():
        value = _time_of(rule_id, leg, "startAlertingTime")
        if leg.party == AGENT:
            check(rule_id, value is not None, leg, "startAlertingTime",
                  "the agent's communication was put into an alerting state when offered")
        if value is None:
            continue
        if _unchanged(rule_id, first, leg, "startAlertingTime", value):
            continue
        _within(rule_id, cloud, leg, "startAlertingTime", value, "offered",
                "the communication first alerted when the customer started co-browsing")


@then("every connectedTime is when its co-browse communication connected, "
      "never before it alerted")
def connected_time(cloud: CloudWorld, rule_id: str) -> None:
    first: dict[tuple[str, str, int], int] = {}
    for leg in cloud.legs():
        value = _time_of(rule_id, leg, "connectedTime")
        if leg.party == AGENT and not leg.joined:
            check(rule_id, value is None, leg, "connectedTime",
                  "the agent has not joined: the communication has not connected yet")
        if leg.party == AGENT and leg.joined:
            check(rule_id, value is not None, leg, "connectedTime",
                  "the agent joined: the communication connected")
        if value is None:
            continue
        alerted = _time_of(rule_id, leg, "startAlertingTime")
        if alerted is not None:
            check(rule_id, value >= alerted, leg, "connectedTime",
                  f"connected before it alerted ({leg.comm.get('startAlertingTime')})")
        if _unchanged(rule_id, first, leg, "connectedTime", value):
            continue
        if leg.party == AGENT:
            _within(rule_id, cloud, leg, "connectedTime", value, "joined",
                    "the agent's communication connected when the agent joined")
        else:
            window = _window(leg, "offered")
            assert window is not None
            check(rule_id, window[0] - cloud.tolerance <= value
                  <= leg.snapshot.after + cloud.tolerance, leg, "connectedTime",
                  "the customer's communication connected after they started co-browsing")


@then("every disconnectedTime is when its co-browse communication disconnected, "
      "and absent until then")
def disconnected_time(cloud: CloudWorld, rule_id: str) -> None:
    first: dict[tuple[str, str, int], int] = {}
    for leg in cloud.legs():
        value = _time_of(rule_id, leg, "disconnectedTime")
        if not leg.ended:
            check(rule_id, value is None, leg, "disconnectedTime",
                  "the communication has not disconnected")
            continue
        check(rule_id, value is not None, leg, "disconnectedTime",
              "the communication has disconnected: when?")
        assert value is not None
        connected = _time_of(rule_id, leg, "connectedTime")
        if connected is not None:
            check(rule_id, value >= connected, leg, "disconnectedTime",
                  f"disconnected before it connected ({leg.comm.get('connectedTime')})")
        if _unchanged(rule_id, first, leg, "disconnectedTime", value):
            continue
        _within(rule_id, cloud, leg, "disconnectedTime", value, "ended",
                "the communication disconnected when the session ended")


# -- segments, wrapup, afterCallWork ---------------------------------------------------------------
SEGMENT_TEXT = ("type", "howEnded", "disconnectType")


@then("segments is a list of Segment objects that make up the co-browse communication's "
      "time line")
def segments_time_line(cloud: CloudWorld, rule_id: str) -> None:
    seen = False
    for leg in cloud.legs():
        if "segments" not in leg.comm:
            continue
        seen = True
        value = leg.comm["segments"]
        check(rule_id, isinstance(value, list), leg, "segments",
              "the time line is a List of Segment objects")
        assert isinstance(value, list)
        previous_start: int | None = None
        for i, segment in enumerate(value):
            name = f"segments[{i}]"
            check(rule_id, isinstance(segment, dict), leg, "segments", f"{name} is not a Segment")
            start = parse_time(segment.get("startTime"))
            check(rule_id, start is not None, leg, "segments",
                  f"{name}.startTime must be an ISO-8601 UTC date-time")
            assert start is not None
            end = segment.get("endTime")
            if end is None:
                check(rule_id, i == len(value) - 1, leg, "segments",
                      f"{name} has no endTime, yet a later segment follows it: only the current, "
                      "last segment may be open")
            else:
                end_ms = parse_time(end)
                check(rule_id, end_ms is not None and end_ms >= start, leg, "segments",
                      f"{name}.endTime must be an ISO-8601 UTC date-time not before its start")
            for text in SEGMENT_TEXT:
                check(rule_id, segment.get(text) is None or isinstance(segment[text], str), leg,
                      "segments", f"{name}.{text} must be a String")
            check(rule_id, previous_start is None or start >= previous_start, leg, "segments",
                  f"{name} starts before the segment preceding it: a time line runs forward")
            previous_start = start
    if not seen:
        not_proven("segments")


@then(parsers.parse('the agent\'s co-browse communication carries the wrap-up with code '
                    '"{code}" and notes "{notes}"'))
def wrapup_carried(cloud: CloudWorld, code: str, notes: str, rule_id: str) -> None:
    legs = [leg for leg in cloud.legs() if leg.party == AGENT]
    leg = legs[-1]
    value = leg.comm.get("wrapup")
    check(rule_id, isinstance(value, dict), leg, "wrapup",
          "the agent wrapped up: the communication must carry its Wrapup object")
    assert isinstance(value, dict)
    _schema_check(rule_id, leg, "wrapup", "wrapup", _with_lenient_dates(value))
    check(rule_id, value.get("code") == code, leg, "wrapup",
          f"the wrap-up code the agent gave is {code!r}")
    check(rule_id, value.get("notes") == notes, leg, "wrapup",
          f"the wrap-up notes the agent gave are {notes!r}")
    for other in cloud.legs():
        if "wrapup" in other.comm and other is not leg:
            check(rule_id, isinstance(other.comm["wrapup"], dict), other, "wrapup",
                  "a Wrapup object")


def _with_lenient_dates(value: dict[str, Any]) -> dict[str, Any]:
    """The object with source 004's date form (no milliseconds) normalised to 003's."""
    fixed = dict(value)
    for key in ("startTime", "endTime"):
        item = fixed.get(key)
        if isinstance(item, str) and DATE_004.match(item) and not DATE_003.match(item):
            fixed[key] = item[:-1] + ".000Z"
    return fixed


@then("afterCallWork is an AfterCallWork object wherever it appears, "
      "no longer pending once the agent wrapped up")
def after_call_work(cloud: CloudWorld, rule_id: str) -> None:
    wrapped = seen = after_wrapup = False
    for leg in cloud.legs():
        wrapped = wrapped or leg.snapshot.stage == "the agent wraps up"
        if "afterCallWork" not in leg.comm:
            continue
        seen = True
        value = leg.comm["afterCallWork"]
        check(rule_id, isinstance(value, dict), leg, "afterCallWork",
              "after-call work is an AfterCallWork object")
        assert isinstance(value, dict)
        _schema_check(rule_id, leg, "afterCallWork", "after-call-work",
                      _with_lenient_dates(value))
        if leg.party == AGENT and leg.snapshot.stage == "the agent wraps up":
            after_wrapup = True
            check(rule_id, value.get("state") != "pending", leg, "afterCallWork",
                  "the agent has wrapped up: the after-call work is no longer pending")
    assert wrapped, "the scenario never read the conversation after the wrap-up"
    if not seen:
        not_proven("afterCallWork")
    if not after_wrapup:
        not_proven("afterCallWork", "the agent's Cobrowsesession read after the wrap-up, so "
                   "whether the after-call work ended could not be judged")


@then("afterCallWorkRequired is absent while the after-call work setting is not Agent "
      "Requested")
def after_call_work_required_unused(cloud: CloudWorld, rule_id: str) -> None:
    """Sources 003/004: "Only used when the ACW Setting is Agent Requested"; read as: not
    sent (absent or null) under any other setting."""
    setting = cloud.acw_setting
    assert setting is not None, "the scenario never chose an after-call-work setting"
    assert setting != "AGENT_REQUESTED", "under Agent Requested the property is in use"
    for leg in cloud.legs():
        check(rule_id, leg.comm.get("afterCallWorkRequired") is None, leg,
              "afterCallWorkRequired", f"only used when the ACW setting is Agent Requested; "
              f"it is {setting}")


@then("afterCallWorkRequired is a boolean wherever it appears")
def after_call_work_required(cloud: CloudWorld, rule_id: str) -> None:
    seen = False
    for leg in cloud.legs():
        if "afterCallWorkRequired" in leg.comm:
            seen = True
            check(rule_id, isinstance(leg.comm["afterCallWorkRequired"], bool), leg,
                  "afterCallWorkRequired", "a Boolean (true or false)")
    if not seen:
        not_proven("afterCallWorkRequired")
