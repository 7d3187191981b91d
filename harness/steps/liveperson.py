"""Step definitions of the liveperson profile (source 001, the Messaging Window API "CoBrowse").

The harness plays the consumer over a real WebSocket (``harness.clients.liveperson``)
and the agent and the consumer's web page (lpTag) through the driver API. Every
``Then`` reports its failure against the scenario's rule (``rule_id``).

Set-up steps look for what they wait on tolerantly (a CoBrowse dialog is found by
its channelType, or by the CoBrowse metaData it carries; a later change of it by
its dialogId, serviceId or metaData.dialogId), so that a target that breaks one
rule is charged with that rule and not with every scenario that happens to pass
through the same frames.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import SetupError, expect, expect_equal, note_discrepancy
from harness.clients.http import Control, DriverClient
from harness.clients.liveperson import (
    DEFAULT_WAIT,
    ConsumerSocket,
    LivePersonDriver,
    jwt_subject,
    mint_jwt,
    ws_headers,
    ws_url,
)
from harness.runlog import RunLog
from harness.targets import TargetInfo
from harness.validation import errors, validate

PROFILE = "liveperson"
CHANGE_NOTIFICATION = "cqm.ExConversationChangeNotification"
MODES = ("shared", "view", "follow")
SESSION_STATES = ("INVITED", "ACCEPTED", "CLOSED")
MANDATORY = ("serviceId", "agentId", "visitorName", "ssid", "svid")
OPTIONAL = {"scid": "4001234567:1", "cid": "3331234567", "eid": "3337654321"}
PROSE_TTL_MS = 120_000
# Source 001's own example: expires 1.502893131855E9 s against creationTs 1502893041905 ms.
EXAMPLE_EXPIRES_OFFSET_S = 1502893131.855 - 1502893041.905
WAIT = DEFAULT_WAIT
#: How long to keep listening, after a round trip, when nothing may arrive: at most 0.3 s,
#: and less when the frame wait itself is short (the bundled reference on loopback).
QUIET = min(0.3, WAIT / 2)
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


# -- reading frames --------------------------------------------------------------------------
def _results(frame: Any, conversation_id: str) -> list[dict[str, Any]]:
    """The UPSERT results of a notification frame that concern one conversation."""
    if not isinstance(frame, dict) or frame.get("kind") != "notification":
        return []
    body = frame.get("body")
    changes = body.get("changes") if isinstance(body, dict) else None
    if not isinstance(changes, list):
        return []
    found = []
    for change in changes:
        result = change.get("result") if isinstance(change, dict) else None
        if isinstance(result, dict) and result.get("convId") == conversation_id:
            found.append(result)
    return found


def _dialogs(result: dict[str, Any]) -> list[dict[str, Any]]:
    details = result.get("conversationDetails")
    dialogs = details.get("dialogs") if isinstance(details, dict) else None
    return [d for d in dialogs if isinstance(d, dict)] if isinstance(dialogs, list) else []


def _meta(dialog: dict[str, Any]) -> dict[str, Any]:
    meta = dialog.get("metaData")
    return meta if isinstance(meta, dict) else {}


def is_cobrowse(dialog: dict[str, Any], main_dialog_id: str | None) -> bool:
    """A CoBrowse dialog: channelType COBROWSE, or CoBrowse metaData on a non-messaging dialog."""
    if dialog.get("channelType") == "COBROWSE":
        return True
    if dialog.get("channelType") == "MESSAGING" or dialog.get("dialogId") == main_dialog_id:
        return False
    meta = _meta(dialog)
    return "serviceId" in meta or "sessionState" in meta


def cobrowse_dialogs_in(frame: Any, conversation_id: str,
                        main_dialog_id: str | None) -> list[dict[str, Any]]:
    return [d for result in _results(frame, conversation_id) for d in _dialogs(result)
            if is_cobrowse(d, main_dialog_id)]


def any_cobrowse_dialog(frame: Any) -> bool:
    """Whether a frame carries anything that looks like a CoBrowse dialog, for any conversation."""
    if not isinstance(frame, dict) or frame.get("kind") != "notification":
        return False
    body = frame.get("body")
    changes = body.get("changes") if isinstance(body, dict) else None
    for change in changes if isinstance(changes, list) else []:
        result = change.get("result") if isinstance(change, dict) else None
        if isinstance(result, dict):
            for dialog in _dialogs(result):
                if dialog.get("channelType") == "COBROWSE" or "serviceId" in _meta(dialog):
                    return True
    return False


# -- the scenario's state --------------------------------------------------------------------
@dataclass
class Consumer:
    name: str
    consumer_id: str
    token: str
    socket: ConsumerSocket
    features: tuple[str, ...]
    subscription_id: str | None = None
    subscribe_mark: int = 0
    conversation_id: str = ""
    main_dialog_id: str | None = None
    agent_id: str = ""


@dataclass
class Seen:
    """One change of the CoBrowse dialog as the consumer received it."""

    index: int
    frame: Any
    dialog: dict[str, Any]

    @property
    def state(self) -> Any:
        return _meta(self.dialog).get("sessionState")


@dataclass
class Invitation:
    """A CoBrowse invitation and every change of its dialog the consumer has seen."""

    consumer: Consumer
    mode: str
    sent_at_ms: int
    driver: dict[str, Any]
    seen: list[Seen] = field(default_factory=list)
    cursor: int = 0
    last_wait: Seen | None = None

    @property
    def first(self) -> Seen | None:
        return self.seen[0] if self.seen else None

    @property
    def dialog_id(self) -> str | None:
        if self.seen and isinstance(self.seen[0].dialog.get("dialogId"), str):
            return str(self.seen[0].dialog["dialogId"])
        value = self.driver.get("dialogId")
        return str(value) if value is not None else None

    @property
    def service_id(self) -> str | None:
        if self.seen:
            value = _meta(self.seen[0].dialog).get("serviceId")
            if isinstance(value, str) and value:
                return value
        value = self.driver.get("serviceId")
        return str(value) if value is not None else None

    def matches(self, dialog: dict[str, Any]) -> bool:
        meta = _meta(dialog)
        ids = {self.dialog_id, self.driver.get("dialogId")} - {None}
        services = {self.service_id, self.driver.get("serviceId")} - {None}
        return (dialog.get("dialogId") in ids or meta.get("dialogId") in ids
                or meta.get("serviceId") in services)


@dataclass
class LpWorld:
    driver: LivePersonDriver
    control: Control
    target: TargetInfo
    world: str | None
    log: RunLog
    consumers: dict[str, Consumer] = field(default_factory=dict)
    invitations: dict[str, Invitation] = field(default_factory=dict)
    #: Earlier invitations of the scenario, closed before the current one was sent.
    history: list[Invitation] = field(default_factory=list)
    current: str = "first"
    last_publish: httpx.Response | None = None
    last_driver: httpx.Response | None = None
    init_response: dict[str, Any] | None = None
    init_request: dict[str, Any] | None = None
    attempt_mark: int = 0

    # -- credentials ------------------------------------------------------------------------
    @property
    def creds(self) -> dict[str, Any]:
        creds = self.target.credentials.get(PROFILE, {})
        if "accountId" not in creds:
            raise SetupError("the target's credentials for liveperson name no accountId "
                                 "(target file: credentials: {liveperson: {accountId, jwtKey "
                                 "or jwt}})")
        return creds

    def new_token(self) -> tuple[str, str]:
        """A consumer token and its consumer ID: minted from jwtKey, or the configured jwt."""
        creds = self.creds
        if "jwtKey" in creds:
            consumer_id = str(uuid.uuid4())
            return mint_jwt(str(creds["jwtKey"]), consumer_id), consumer_id
        tokens = list(creds.get("jwts", [])) or ([creds["jwt"]] if "jwt" in creds else [])
        used = {c.token for c in self.consumers.values()}
        for token in tokens:
            if token not in used:
                return str(token), jwt_subject(str(token))
        if not tokens:
            raise SetupError("the target's liveperson credentials give neither jwtKey nor jwt")
        pytest.skip("the target's liveperson credentials give fewer consumer tokens (jwts) "
                    "than this scenario needs")

    def agent_id(self) -> str:
        return f"{self.creds['accountId']}.{uuid.uuid4().int % 10**9}"

    def now_ms(self) -> int:
        if self.target.can("clock"):
            return self.control.now()
        return int(time.time() * 1000)

    @property
    def consumer(self) -> Consumer:
        return self.consumers[self.current]

    @property
    def invitation(self) -> Invitation:
        if self.current not in self.invitations:
            raise AssertionError("no invitation was sent in this scenario")
        return self.invitations[self.current]

    # -- set-up helpers -----------------------------------------------------------------------
    def ok(self, response: httpx.Response, what: str) -> dict[str, Any]:
        if response.status_code >= 400:
            raise SetupError(f"{what} failed: {response.status_code} {response.text[:500]}")
        data: dict[str, Any] = response.json()
        return data

    def socket(self, label: str) -> ConsumerSocket:
        url = ws_url(self.target, str(self.creds["accountId"]))
        return ConsumerSocket(url, ws_headers(self.target, self.world), self.log,
                              label).connect()

    def connect(self, name: str, features: tuple[str, ...], token: str | None = None,
                consumer_id: str | None = None) -> Consumer:
        if token is None or consumer_id is None:
            token, consumer_id = self.new_token()
        consumer = Consumer(name, consumer_id, token, self.socket(name), features)
        self.consumers[name] = consumer
        headers: list[dict[str, Any]] = [
            {"type": ".ams.headers.ClientProperties", "features": list(features)},
            {"type": ".ams.headers.ConsumerAuthentication", "jwt": token},
        ]
        response = consumer.socket.request("InitConnection", headers=headers)
        if response is None or not 200 <= int(response.get("code", 0)) < 300:
            raise SetupError(f"InitConnection failed: {response}")
        return consumer

    def subscribe(self, consumer: Consumer) -> dict[str, Any] | None:
        consumer.subscribe_mark = consumer.socket.mark()
        response = consumer.socket.request("cqm.SubscribeExConversations",
                                           {"convState": ["OPEN", "CLOSE"]})
        if response is None or not 200 <= int(response.get("code", 0)) < 300:
            raise SetupError(f"subscribing to conversation metadata failed: {response}")
        body = response.get("body")
        if isinstance(body, dict) and isinstance(body.get("subscriptionId"), str):
            consumer.subscription_id = body["subscriptionId"]
        return response

    def start_conversation(self, consumer: Consumer, agent_id: str | None = None) -> None:
        response = consumer.socket.request("cm.ConsumerRequestConversation",
                                           {"channelType": "MESSAGING"})
        body = response.get("body") if response else None
        if (response is None or not 200 <= int(response.get("code", 0)) < 300
                or not isinstance(body, dict) or "conversationId" not in body):
            raise SetupError(f"requesting a conversation failed: {response}")
        consumer.conversation_id = str(body["conversationId"])
        consumer.agent_id = agent_id or self.agent_id()
        self.ok(self.driver.assign_agent(consumer.conversation_id, consumer.agent_id),
                "the agent accepting the conversation")
        data = self.ok(self.driver.conversation(consumer.conversation_id),
                       "reading the conversation")
        consumer.main_dialog_id = str(data.get("mainDialogId") or consumer.conversation_id)

    def invite(self, consumer: Consumer, mode: str, *, wait: bool = True) -> Invitation | None:
        mark = consumer.socket.mark()
        sent_at = self.now_ms()
        response = self.driver.invite(consumer.conversation_id, mode)
        self.last_driver = response
        if not wait:
            return None
        data = self.ok(response, f"the agent sending a CoBrowse invitation in {mode!r} mode")
        invitation = Invitation(consumer, mode, sent_at, data, cursor=mark)
        self.invitations[consumer.name] = invitation
        found = consumer.socket.wait_for(lambda f: bool(self._new_cobrowse(f, consumer)), mark,
                                         WAIT)
        if found is not None:
            index, frame = found
            dialog = self._new_cobrowse(frame, consumer)[0]
            invitation.seen.append(Seen(index, frame, dialog))
            invitation.cursor = index + 1
        return invitation

    def _new_cobrowse(self, frame: Any, consumer: Consumer) -> list[dict[str, Any]]:
        mine = [inv for inv in [*self.invitations.values(), *self.history]
                if inv.consumer is consumer and inv.seen]
        known = {inv.dialog_id for inv in mine}
        # A closed earlier invitation is recognised by its serviceId too: a target that
        # renames its closed dialog is charged with that (LP-001-45), not with the next one.
        services = {inv.service_id for inv in mine} - {None}
        return [d for d in cobrowse_dialogs_in(frame, consumer.conversation_id,
                                               consumer.main_dialog_id)
                if d.get("dialogId") not in known
                and not (_meta(d).get("serviceId") in services
                         and _meta(d).get("sessionState") == "CLOSED")]

    def await_change(self, invitation: Invitation, timeout: float = WAIT, *,
                     repeat: bool = False) -> Seen | None:
        """The next change of the invitation's dialog, or None when none came in time.

        With ``repeat``, a notification that carries the dialog as it was before counts
        too: the action is announced again, not necessarily as a different dialog.
        """
        consumer = invitation.consumer

        def changed(frame: Any) -> bool:
            return self._change_in(frame, invitation, repeat) is not None

        found = consumer.socket.wait_for(changed, invitation.cursor, timeout)
        if found is None:
            invitation.last_wait = None
            return None
        index, frame = found
        dialog = self._change_in(frame, invitation, repeat)
        assert dialog is not None
        seen = Seen(index, frame, dialog)
        invitation.seen.append(seen)
        invitation.cursor = index + 1
        invitation.last_wait = seen
        return seen

    def _change_in(self, frame: Any, invitation: Invitation,
                   repeat: bool = False) -> dict[str, Any] | None:
        consumer = invitation.consumer
        previous = invitation.seen[-1].dialog if invitation.seen else None
        earlier = {inv.dialog_id for inv in self.history} - {invitation.dialog_id}
        for dialog in cobrowse_dialogs_in(frame, consumer.conversation_id,
                                          consumer.main_dialog_id):
            if dialog.get("dialogId") in earlier or not invitation.matches(dialog):
                continue
            if repeat or previous is None or _signature(dialog) != _signature(previous):
                return dialog
        return None

    def payload(self, invitation: Invitation, **changes: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "serviceId": invitation.service_id,
            "agentId": invitation.consumer.agent_id,
            "visitorName": "Ada Lovelace",
            "ssid": f"{uuid.uuid4().int % 10**10}",
            "svid": f"V{uuid.uuid4().hex[:16]}",
        }
        data.update(changes)
        return data

    def publish(self, event: str, data: dict[str, Any]) -> httpx.Response:
        self.last_publish = self.driver.publish(event, data)
        return self.last_publish


def _signature(dialog: dict[str, Any]) -> tuple[Any, ...]:
    meta = _meta(dialog)
    return (meta.get("sessionState"), meta.get("notificationKey"), dialog.get("state"),
            dialog.get("metaDataLastUpdateTs"), dialog.get("channelType"),
            dialog.get("dialogId"))


@pytest.fixture
def lp(driver: DriverClient, control: Control, cobrowse_target: TargetInfo,
       world: str | None, runlog: RunLog) -> Iterator[LpWorld]:
    state = LpWorld(LivePersonDriver(driver), control, cobrowse_target, world, runlog)
    yield state
    for consumer in state.consumers.values():
        consumer.socket.close()


def _body(response: httpx.Response | None) -> Any:
    if response is None:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _require_invitation(lp: LpWorld, rule: str) -> Seen:
    invitation = lp.invitation
    first = invitation.first
    expect(rule, first is not None,
           f"no notification carrying a new CoBrowse dialog reached the consumer within {WAIT:g} "
           "s of the agent's invitation",
           invitation.consumer.socket.since(invitation.cursor)[-5:])
    assert first is not None
    return first


def _own(instance: Any, schema: str) -> None:
    """What the harness itself sends must follow the source (a harness bug otherwise)."""
    found = errors(instance, schema)
    assert not found, f"the harness's own frame breaks {schema}: {found[0].message}"


def _require_change(lp: LpWorld, rule: str, what: str) -> Seen:
    invitation = lp.invitation
    if invitation.last_wait is None and invitation.seen and len(invitation.seen) == 1:
        lp.await_change(invitation)  # the change came from the clock, not from a step
    seen = invitation.last_wait
    expect(rule, seen is not None,
           f"no change of the CoBrowse dialog reached the consumer within {WAIT:g} s of {what}",
           invitation.consumer.socket.since(invitation.seen[-1].index if invitation.seen
                                             else 0)[-5:])
    assert seen is not None
    return seen


# -- connecting ------------------------------------------------------------------------------
@given("a consumer WebSocket connection")
def bare_connection(lp: LpWorld) -> None:
    token, consumer_id = lp.new_token()
    lp.consumers["first"] = Consumer("first", consumer_id, token, lp.socket("first"),
                                     ("CO_BROWSE",))


@when("the consumer sends the tutorial's InitConnection request")
def tutorial_init(lp: LpWorld) -> None:
    consumer = lp.consumer
    frame = {
        "id": "0",
        "type": "InitConnection",
        "headers": [
            {"type": ".ams.headers.ClientProperties", "deviceFamily": "DESKTOP",
             "os": "WINDOWS", "features": ["CO_BROWSE"]},
            {"type": ".ams.headers.ConsumerAuthentication", "jwt": consumer.token},
        ],
    }
    _own(frame, "liveperson:init-connection")
    lp.init_request = frame
    lp.init_response = consumer.socket.request_frame(frame)


@then("the InitConnection request is accepted")
def init_accepted(lp: LpWorld, rule_id: str) -> None:
    response = lp.init_response
    expect(rule_id, response is not None,
           f"no response with reqId \"0\" to the tutorial's InitConnection within {WAIT:g} s",
           lp.consumer.socket.since(0)[-5:])
    assert response is not None
    validate(response, "liveperson:response", rule_id)
    expect(rule_id, 200 <= int(response["code"]) < 300,
           f"the tutorial's InitConnection request must be accepted; code {response['code']}",
           response)


def _consumer_in_conversation(lp: LpWorld, features: tuple[str, ...], *,
                              subscribe: bool = True, name: str = "first",
                              agent_id: str | None = None) -> Consumer:
    consumer = lp.connect(name, features)
    if subscribe:
        lp.subscribe(consumer)
    lp.start_conversation(consumer, agent_id)
    return consumer


@given("a consumer with the CO_BROWSE feature in a messaging conversation with an agent")
def consumer_with_cobrowse(lp: LpWorld) -> None:
    _consumer_in_conversation(lp, ("CO_BROWSE",))


@given("a consumer with the CO_BROWSE feature in a messaging conversation with an agent, "
       "not yet subscribed")
def consumer_not_subscribed(lp: LpWorld) -> None:
    _consumer_in_conversation(lp, ("CO_BROWSE",), subscribe=False)


@given("a consumer without the CO_BROWSE feature in a messaging conversation with an agent")
def consumer_without_cobrowse(lp: LpWorld) -> None:
    _consumer_in_conversation(lp, ("RICH_CONTENT",))


@given("a second connection of the same consumer without the CO_BROWSE feature, subscribed to "
       "conversation metadata")
def second_connection(lp: LpWorld) -> None:
    first = lp.consumers["first"]
    other = lp.connect("plain", ("RICH_CONTENT",), first.token, first.consumer_id)
    other.conversation_id = first.conversation_id
    other.main_dialog_id = first.main_dialog_id
    other.agent_id = first.agent_id
    lp.subscribe(other)
    lp.attempt_mark = other.socket.mark()


@given("a second consumer with the CO_BROWSE feature in a messaging conversation with the same "
       "agent")
def second_consumer(lp: LpWorld) -> None:
    _consumer_in_conversation(lp, ("CO_BROWSE",), name="second",
                              agent_id=lp.consumers["first"].agent_id)


@when("the consumer subscribes to conversation metadata")
def consumer_subscribes(lp: LpWorld) -> None:
    lp.subscribe(lp.consumer)


# -- the invitation ------------------------------------------------------------------------------
@given(parsers.parse('the agent has sent a CoBrowse invitation in "{mode}" mode'))
@when(parsers.parse('the agent sends a CoBrowse invitation in "{mode}" mode'))
def agent_invites(lp: LpWorld, mode: str) -> None:
    lp.invite(lp.consumer, mode)


@given(parsers.parse('the agent has sent the second consumer a CoBrowse invitation in "{mode}" '
                     'mode'))
@when(parsers.parse('the agent sends the second consumer a CoBrowse invitation in "{mode}" mode'))
def agent_invites_second(lp: LpWorld, mode: str) -> None:
    lp.invite(lp.consumers["second"], mode)


@when(parsers.parse('the agent tries to send a CoBrowse invitation in "{mode}" mode'))
def agent_tries_invite(lp: LpWorld, mode: str) -> None:
    lp.attempt_mark = lp.consumer.socket.mark()
    lp.invite(lp.consumer, mode, wait=False)


@then("the consumer receives the CoBrowse invitation")
def receives_invitation(lp: LpWorld, rule_id: str) -> None:
    _require_invitation(lp, rule_id)


def _no_cobrowse(lp: LpWorld, consumer: Consumer, rule: str, mark: int) -> None:
    consumer.socket.barrier()
    time.sleep(QUIET)
    offending = [f for f in consumer.socket.since(mark) if any_cobrowse_dialog(f)]
    expect(rule, not offending,
           "a connection that did not announce CO_BROWSE in InitConnection must not be "
           "offered CoBrowse; it received a CoBrowse dialog", offending[:2])


@then("the connection without the CO_BROWSE feature receives no CoBrowse dialog")
def plain_connection_no_cobrowse(lp: LpWorld, rule_id: str) -> None:
    plain = lp.consumers["plain"]
    _no_cobrowse(lp, plain, rule_id, plain.subscribe_mark)


@then("the consumer receives no CoBrowse dialog")
def consumer_no_cobrowse(lp: LpWorld, rule_id: str) -> None:
    _no_cobrowse(lp, lp.consumer, rule_id, lp.consumer.subscribe_mark)


# -- subscription and notification order (LP-001-07, LP-001-09) ------------------------------
@then("the subscription is answered first and at once followed by the conversation's current "
      "state")
def subscription_order(lp: LpWorld, rule_id: str) -> None:
    consumer = lp.consumer
    consumer.socket.barrier()
    frames = consumer.socket.since(consumer.subscribe_mark)
    expect(rule_id, bool(frames) and isinstance(frames[0], dict)
           and frames[0].get("kind") == "resp",
           "the first frame after cqm.SubscribeExConversations must be its response", frames[:3])
    response = frames[0]
    validate(response, "liveperson:response", rule_id)
    body = response.get("body")
    expect(rule_id, isinstance(body, dict) and isinstance(body.get("subscriptionId"), str)
           and bool(body.get("subscriptionId")),
           "the subscription's response must carry its subscriptionId", response)
    following = frames[1] if len(frames) > 1 else None
    expect(rule_id, isinstance(following, dict) and following.get("kind") == "notification"
           and following.get("type") == CHANGE_NOTIFICATION,
           "right after the subscription's response the consumer must receive a "
           f"{CHANGE_NOTIFICATION} with the current state", frames[:3])
    assert isinstance(following, dict)
    sub = following.get("body", {}).get("subscriptionId")
    expect_equal(rule_id, sub, consumer.subscription_id,
                 "the current state's subscriptionId", following)
    expect(rule_id, bool(_results(following, consumer.conversation_id)),
           "the current state must include the consumer's open conversation", following)


@then("the invitation arrives as an UPSERT of the conversation on that subscription")
def invitation_on_subscription(lp: LpWorld, rule_id: str) -> None:
    first = _require_invitation(lp, rule_id)
    frame = first.frame
    consumer = lp.consumer
    expect_equal(rule_id, frame.get("body", {}).get("subscriptionId"), consumer.subscription_id,
                 "the invitation's subscriptionId", frame)
    changes = [c for c in frame["body"].get("changes", [])
               if isinstance(c, dict) and isinstance(c.get("result"), dict)
               and c["result"].get("convId") == consumer.conversation_id]
    expect(rule_id, bool(changes) and all(c.get("type") == "UPSERT" for c in changes),
           "the invitation must arrive as an UPSERT change of the consumer's conversation", frame)


@then(parsers.parse('the invitation arrives as a notification of type "{type_}"'))
def invitation_type(lp: LpWorld, type_: str, rule_id: str) -> None:
    frame = _require_invitation(lp, rule_id).frame
    validate(frame, "liveperson:notification", rule_id)
    expect_equal(rule_id, frame.get("type"), type_, "the invitation's notification type", frame)


# -- the invitation's shape ------------------------------------------------------------------
def _details(seen: Seen, consumer: Consumer) -> dict[str, Any]:
    results = _results(seen.frame, consumer.conversation_id)
    details = results[0].get("conversationDetails") if results else None
    return details if isinstance(details, dict) else {}


@then("the invitation's conversation details hold exactly two dialogs")
def two_dialogs(lp: LpWorld, rule_id: str) -> None:
    first = _require_invitation(lp, rule_id)
    details = _details(first, lp.consumer)
    dialogs = details.get("dialogs")
    expect(rule_id, isinstance(dialogs, list) and len(dialogs) == 2,
           "the invitation's conversationDetails must contain two dialogs; got "
           f"{len(dialogs) if isinstance(dialogs, list) else dialogs!r}", details)


@then("the first dialog is the existing messaging dialog and the second the new CoBrowse dialog")
def dialog_order(lp: LpWorld, rule_id: str) -> None:
    first = _require_invitation(lp, rule_id)
    consumer = lp.consumer
    details = _details(first, consumer)
    dialogs = details.get("dialogs") if isinstance(details.get("dialogs"), list) else []
    assert isinstance(dialogs, list)
    expect(rule_id, len(dialogs) >= 2, "the conversation details must hold the messaging dialog "
           "and the CoBrowse dialog", details)
    head, second = dialogs[0], dialogs[1]
    expect(rule_id, isinstance(head, dict) and head.get("dialogId") == consumer.main_dialog_id,
           f"the first dialog must be the existing messaging dialog {consumer.main_dialog_id}",
           details)
    expect(rule_id, head.get("channelType") == "MESSAGING",
           "the first dialog must be the messaging dialog (channelType MESSAGING)", head)
    expect(rule_id, isinstance(second, dict) and second.get("channelType") == "COBROWSE"
           and second.get("dialogId") == first.dialog.get("dialogId"),
           "the second dialog must be the new dialog with channelType=COBROWSE", details)


@then("the CoBrowse dialog's participants are the IDs of the consumer and the agent")
def participants(lp: LpWorld, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    consumer = lp.consumer
    value = dialog.get("participants")
    expect(rule_id, isinstance(value, list) and all(isinstance(p, str) for p in value),
           f"participants must be an array of participant ID strings; got {value!r}", dialog)
    assert isinstance(value, list)
    expect(rule_id, sorted(value) == sorted([consumer.consumer_id, consumer.agent_id]),
           f"participants must be the consumer's ID {consumer.consumer_id} and the agent's "
           f"{consumer.agent_id}; got {value}", dialog)


@then(parsers.parse('the CoBrowse dialog\'s dialogType is "{value}"'))
def dialog_type(lp: LpWorld, value: str, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    expect_equal(rule_id, dialog.get("dialogType"), value, "the CoBrowse dialog's dialogType",
                 dialog)


@then('the serviceId is the consumer\'s ID, "#" and a UUID')
def service_id_shape(lp: LpWorld, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    value = _meta(dialog).get("serviceId")
    pattern = re.escape(lp.consumer.consumer_id) + "#" + UUID
    expect(rule_id, isinstance(value, str) and re.fullmatch(pattern, value) is not None,
           f"serviceId must have the example's shape '<consumer ID>#<UUID>' "
           f"({lp.consumer.consumer_id}#...); got {value!r}", dialog)


@then("metaData.expires is an epoch time 2 minutes after the invitation was sent")
def expires_consistent(lp: LpWorld, rule_id: str) -> None:
    """Silent (LP-S-01): the unit. The example's is epoch seconds with a fraction; epoch
    milliseconds are accepted too, told apart by magnitude."""
    dialog = _require_invitation(lp, rule_id).dialog
    value = _meta(dialog).get("expires")
    expect(rule_id, isinstance(value, int | float) and not isinstance(value, bool),
           f"metaData.expires must be a number (an epoch time); got {value!r}", dialog)
    assert isinstance(value, int | float)
    expect(rule_id, 1e8 < value < 1e14,
           f"metaData.expires = {value!r} is not an epoch time in seconds or milliseconds",
           dialog)
    seconds = value if value < 1e11 else value / 1000
    sent = lp.invitation.sent_at_ms
    offset_ms = seconds * 1000 - sent
    tolerance = 1000 if lp.target.can("clock") else 5000
    expect(rule_id, abs(offset_ms - PROSE_TTL_MS) <= tolerance,
           f"metaData.expires must be 2 minutes (120 s) after the invitation; it is "
           f"{offset_ms / 1000:.3f} s after it", dialog)


@then("the example's 90-second expires offset is reported as a documented discrepancy")
def expires_discrepancy(request: pytest.FixtureRequest) -> None:
    note_discrepancy(request.node.user_properties, (
        "LP-001-15/LP-001-43: source 001's example has expires 1.502893131855E9 s, "
        f"{EXAMPLE_EXPIRES_OFFSET_S:.3f} s after its creationTs 1502893041905 ms, while its "
        "prose says invitations expire after 2 minutes; the harness checks the prose (120 s)"))


@then("the invitation's metaData.dialogId is the CoBrowse dialog's dialogId")
def metadata_dialog_id(lp: LpWorld, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    meta = _meta(dialog)
    expect_equal(rule_id, meta.get("sessionState"), "INVITED", "metaData.sessionState", dialog)
    expect(rule_id, isinstance(meta.get("dialogId"), str) and bool(meta.get("dialogId")),
           "the invitation's metaData must carry the dialogId", dialog)
    expect_equal(rule_id, meta.get("dialogId"), dialog.get("dialogId"),
                 "metaData.dialogId (the dialog's own dialogId)", dialog)


def _epoch_ms(rule: str, dialog: dict[str, Any], key: str, around: int) -> None:
    value = dialog.get(key)
    expect(rule, isinstance(value, int) and not isinstance(value, bool),
           f"{key} must be an integer (epoch milliseconds); got {value!r}", dialog)
    assert isinstance(value, int)
    expect(rule, abs(value - around) <= 10 * 60 * 1000,
           f"{key} = {value} is not an epoch time in milliseconds near the invitation "
           f"({around})", dialog)


@then("the invited dialog is OPEN with creationTs and metaDataLastUpdateTs in epoch milliseconds")
def invited_open(lp: LpWorld, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    expect_equal(rule_id, dialog.get("state"), "OPEN", "the invited dialog's state", dialog)
    sent = lp.invitation.sent_at_ms
    _epoch_ms(rule_id, dialog, "creationTs", sent)
    _epoch_ms(rule_id, dialog, "metaDataLastUpdateTs", sent)


@then("the CoBrowse dialog carries channelType, and its metaData serviceId, mode and "
      "sessionState")
def relevant_fields(lp: LpWorld, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    expect(rule_id, isinstance(dialog.get("channelType"), str) and bool(dialog["channelType"]),
           "the CoBrowse dialog must carry channelType", dialog)
    meta = _meta(dialog)
    for key in ("serviceId", "mode", "sessionState"):
        expect(rule_id, isinstance(meta.get(key), str) and bool(meta[key]),
               f"the CoBrowse dialog's metaData must carry {key}", dialog)


@then(parsers.parse('every change of the CoBrowse dialog the consumer received has channelType '
                    '"{value}"'))
def channel_type_everywhere(lp: LpWorld, value: str, rule_id: str) -> None:
    _require_invitation(lp, rule_id)
    seen = lp.invitation.seen
    expect(rule_id, len(seen) >= 3, "the invitation, its acceptance and its end must each reach "
           f"the consumer; saw {[s.state for s in seen]}", [s.dialog for s in seen])
    for item in seen:
        expect_equal(rule_id, item.dialog.get("channelType"), value,
                     f"channelType of the {item.state} change", item.dialog)


@then(parsers.parse('the CoBrowse dialog\'s mode is "{mode}"'))
def mode_is(lp: LpWorld, mode: str, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    expect_equal(rule_id, _meta(dialog).get("mode"), mode,
                 "metaData.mode (the mode the agent selected)", dialog)


@then("the CoBrowse dialog's mode is one of shared, view and follow")
def mode_in_set(lp: LpWorld, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    mode = _meta(dialog).get("mode")
    expect(rule_id, mode in MODES, f"metaData.mode must be shared, view or follow; got {mode!r}",
           dialog)


@then("no CoBrowse dialog with a mode other than shared, view or follow reaches the consumer")
def no_other_mode(lp: LpWorld, rule_id: str) -> None:
    consumer = lp.consumer
    consumer.socket.barrier()
    time.sleep(QUIET)
    frames = consumer.socket.since(lp.attempt_mark)
    dialogs = [d for f in frames for d in cobrowse_dialogs_in(f, consumer.conversation_id,
                                                               consumer.main_dialog_id)]
    bad = [d for d in dialogs if _meta(d).get("mode") not in MODES]
    status = lp.last_driver.status_code if lp.last_driver is not None else None
    expect(rule_id, not bad, "a CoBrowse dialog's mode must be shared, view or follow; the "
           f"invitation in another mode (the driver answered {status}) reached the consumer",
           bad[:1])


@then(parsers.parse('the invitation\'s sessionState is "{state}"'))
def invitation_state(lp: LpWorld, state: str, rule_id: str) -> None:
    dialog = _require_invitation(lp, rule_id).dialog
    expect_equal(rule_id, _meta(dialog).get("sessionState"), state,
                 "the invitation's metaData.sessionState", dialog)


# -- state changes ---------------------------------------------------------------------------
def _accept(lp: LpWorld) -> None:
    invitation = lp.invitation
    lp.publish("cobrowseAccepted", lp.payload(invitation))
    lp.await_change(invitation)


@given("the consumer has accepted the invitation")
def consumer_has_accepted(lp: LpWorld) -> None:
    invitation = lp.invitation
    lp.ok(lp.publish("cobrowseAccepted", lp.payload(invitation)),
          "the consumer accepting the invitation (cobrowseAccepted)")
    lp.await_change(invitation)


@when("the consumer accepts the invitation")
def consumer_accepts(lp: LpWorld) -> None:
    _accept(lp)


@when("the consumer declines the invitation")
def consumer_declines(lp: LpWorld) -> None:
    invitation = lp.invitation
    lp.publish("cobrowseDeclined", lp.payload(invitation))
    lp.await_change(invitation)


def _agent_closes(lp: LpWorld, action: Callable[[str, str], httpx.Response]) -> None:
    """The agent ends or cancels the current invitation through the driver; await the push."""
    invitation = lp.invitation
    dialog_id = str(invitation.driver.get("dialogId") or invitation.dialog_id)
    lp.last_driver = action(invitation.consumer.conversation_id, dialog_id)
    lp.await_change(invitation)


@when("the agent ends the CoBrowse session")
def agent_ends(lp: LpWorld) -> None:
    _agent_closes(lp, lp.driver.end)


@when("the agent cancels the invitation")
def agent_cancels(lp: LpWorld) -> None:
    _agent_closes(lp, lp.driver.cancel)


@when("the visitor's CoBrowse client joins the session")
def visitor_joins(lp: LpWorld) -> None:
    invitation = lp.invitation
    socket = invitation.consumer.socket
    # Only what the target pushes after the join announces it: whatever it queued before
    # (a repeated acceptance, say) is received first and skipped.
    socket.barrier()
    invitation.cursor = max(invitation.cursor, socket.mark())
    dialog_id = str(invitation.driver.get("dialogId") or invitation.dialog_id)
    lp.last_driver = lp.driver.join(invitation.consumer.conversation_id, dialog_id)
    lp.ok(lp.last_driver, "the visitor's CoBrowse client joining the session")
    # The join is announced as ACCEPTED again, usually told apart by notificationKey
    # (LP-001-29); a target that repeats the ACCEPTED dialog unchanged announces it too.
    lp.await_change(invitation, repeat=True)


@when("the consumer closes the conversation")
def consumer_closes(lp: LpWorld) -> None:
    consumer = lp.consumer
    response = consumer.socket.request("cm.UpdateConversationField", {
        "conversationId": consumer.conversation_id,
        # LivePerson's cm/updateConversationFieldBody.json: conversationField is an array.
        "conversationField": [{"field": "ConversationStateField", "conversationState": "CLOSE"}],
    })
    if response is None or not 200 <= int(response.get("code", 0)) < 300:
        raise AssertionError(f"closing the conversation failed: {response}")
    lp.await_change(lp.invitation, timeout=WAIT * 2)


@then(parsers.parse('the consumer receives a change of the CoBrowse dialog with sessionState '
                    '"{state}"'))
def change_with_state(lp: LpWorld, state: str, rule_id: str) -> None:
    _require_invitation(lp, rule_id)
    seen = _require_change(lp, rule_id, "the last action")
    expect_equal(rule_id, seen.state, state, "sessionState of the CoBrowse dialog's change",
                 seen.dialog)


@then(parsers.parse('a new cqm.ExConversationChangeNotification announces sessionState '
                    '"{state}"'))
def new_notification_with_state(lp: LpWorld, state: str, rule_id: str) -> None:
    _require_invitation(lp, rule_id)
    seen = _require_change(lp, rule_id, "the cancellation or expiry")
    expect_equal(rule_id, seen.frame.get("type"), CHANGE_NOTIFICATION,
                 "the type of the notification announcing the change", seen.frame)
    expect_equal(rule_id, seen.state, state, "metaData.sessionState", seen.dialog)


@then(parsers.parse('the consumer receives a further change of the CoBrowse dialog with '
                    'sessionState "{state}"'))
def further_change_state(lp: LpWorld, state: str, rule_id: str) -> None:
    _require_invitation(lp, rule_id)
    seen = _require_change(lp, rule_id, "the invitee joining the session")
    expect_equal(rule_id, seen.state, state,
                 "sessionState of the change announcing that the invitee joined the session",
                 seen.dialog)


@then(parsers.parse('the consumer received the sessionStates "{states}" in that order'))
def states_in_order(lp: LpWorld, states: str, rule_id: str) -> None:
    _require_invitation(lp, rule_id)
    expected = [s.strip() for s in states.split(",")]
    got = [s.state for s in lp.invitation.seen]
    expect(rule_id, got == expected,
           f"each session state change must arrive as a further notification: expected "
           f"{expected}, received {got}", [s.dialog for s in lp.invitation.seen])
    indexes = [s.index for s in lp.invitation.seen]
    expect(rule_id, indexes == sorted(indexes), "the changes must arrive in order", indexes)


@then("the CoBrowse dialog's metaDataLastUpdateTs never decreased")
def timestamps_non_decreasing(lp: LpWorld, rule_id: str) -> None:
    values = [s.dialog.get("metaDataLastUpdateTs") for s in lp.invitation.seen]
    expect(rule_id, all(isinstance(v, int) for v in values),
           f"every change must carry metaDataLastUpdateTs; got {values}")
    ints = [int(v) for v in values if isinstance(v, int)]
    expect(rule_id, ints == sorted(ints),
           f"metaDataLastUpdateTs must not decrease from one change to the next; got {ints}",
           [s.dialog for s in lp.invitation.seen])


@then("every sessionState the consumer received is INVITED, ACCEPTED or CLOSED")
def states_in_set(lp: LpWorld, rule_id: str) -> None:
    _require_invitation(lp, rule_id)
    got = [s.state for s in lp.invitation.seen]
    bad = [s for s in got if s not in SESSION_STATES]
    expect(rule_id, not bad, f"sessionState must be INVITED, ACCEPTED or CLOSED; received {got}",
           [s.dialog for s in lp.invitation.seen if s.state in bad])


@then("the change of the CoBrowse dialog carries a notificationKey")
def carries_notification_key(lp: LpWorld, rule_id: str) -> None:
    _require_invitation(lp, rule_id)
    seen = _require_change(lp, rule_id, "the last action")
    key = _meta(seen.dialog).get("notificationKey")
    expect(rule_id, isinstance(key, str) and bool(key),
           f"a {seen.state} change must carry metaData.notificationKey (the exact sub-state); "
           f"got {key!r}", seen.dialog)


@then("the CLOSED example's missing notificationKey is reported as a documented discrepancy")
def closed_example_discrepancy(request: pytest.FixtureRequest) -> None:
    note_discrepancy(request.node.user_properties, (
        "LP-001-29/LP-001-45: source 001's CLOSED example carries only sessionState in "
        "metaData, without the notificationKey its prose promises for ACCEPTED and CLOSED; "
        "the harness checks the prose"))


@then("the closing change names the invitation's dialogId, with dialogType \"OTHER\" and "
      "channelType \"COBROWSE\"")
def closing_change_identity(lp: LpWorld, rule_id: str) -> None:
    first = _require_invitation(lp, rule_id)
    seen = _require_change(lp, rule_id, "the cancellation")
    dialog = seen.dialog
    expect_equal(rule_id, _meta(dialog).get("sessionState"), "CLOSED", "metaData.sessionState",
                 dialog)
    expect_equal(rule_id, dialog.get("dialogId"), first.dialog.get("dialogId"),
                 "the closing change's dialogId (the invitation's)", dialog)
    expect_equal(rule_id, dialog.get("dialogType"), "OTHER", "dialogType", dialog)
    expect_equal(rule_id, dialog.get("channelType"), "COBROWSE", "channelType", dialog)


# -- the driver's view (cancellation, expiry) -------------------------------------------------
def _driver_dialog(lp: LpWorld) -> dict[str, Any]:
    invitation = lp.invitation
    dialog_id = str(invitation.driver.get("dialogId") or invitation.dialog_id)
    return lp.ok(lp.driver.dialog(invitation.consumer.conversation_id, dialog_id),
                 "reading the CoBrowse dialog")


@then("the cancellation is accepted")
def cancellation_accepted(lp: LpWorld, rule_id: str) -> None:
    response = lp.last_driver
    assert response is not None
    expect(rule_id, response.status_code < 300,
           f"the agent must be able to cancel the invitation; got {response.status_code}",
           _body(response))


@then("the invitation is no longer pending")
def no_longer_pending(lp: LpWorld, rule_id: str) -> None:
    data = _driver_dialog(lp)
    expect_equal(rule_id, data.get("sessionState"), "CLOSED",
                 "the cancelled invitation's sessionState", data)


@then("the invitation is still pending")
def still_pending(lp: LpWorld, rule_id: str) -> None:
    data = _driver_dialog(lp)
    expect_equal(rule_id, data.get("sessionState"), "INVITED",
                 "sessionState of an invitation not yet 2 minutes old", data)


#: Silent (LP-S-01): how soon after 2 minutes an unanswered invitation is closed. The harness
#: accepts up to half a second later (a target that sweeps due invitations shortly after).
LATE_SECONDS = 0.5


@then("the invitation has expired")
def has_expired(lp: LpWorld, rule_id: str) -> None:
    deadline = time.monotonic() + (0 if lp.target.can("clock") else 2.0)
    while True:
        data = _driver_dialog(lp)
        if data.get("sessionState") == "CLOSED" or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    if data.get("sessionState") == "INVITED" and lp.target.can("clock"):
        lp.control.advance(LATE_SECONDS)
        data = _driver_dialog(lp)
    expect_equal(rule_id, data.get("sessionState"), "CLOSED",
                 "sessionState of an invitation neither accepted, declined nor cancelled "
                 "after 2 minutes", data)


# -- lpTag events ------------------------------------------------------------------------------
@when(parsers.parse('the consumer publishes "{event}" for the invitation'))
def publish_event(lp: LpWorld, event: str) -> None:
    lp.publish(event, lp.payload(lp.invitation))


@when(parsers.parse('the consumer publishes "{event}" for the invitation with "{name}" set to '
                    '"{value}"'))
def publish_with_value(lp: LpWorld, event: str, name: str, value: str) -> None:
    lp.publish(event, lp.payload(lp.invitation, **{name: value}))


@when(parsers.parse('the consumer publishes "{event}" for the invitation without "{name}"'))
def publish_without(lp: LpWorld, event: str, name: str) -> None:
    data = lp.payload(lp.invitation)
    del data[name]
    lp.publish(event, data)


@when(parsers.parse('the consumer publishes "{event}" for the invitation with an empty '
                    '"{name}"'))
def publish_empty(lp: LpWorld, event: str, name: str) -> None:
    lp.publish(event, lp.payload(lp.invitation, **{name: ""}))


@when(parsers.parse('the consumer publishes "{event}" for the invitation with the optional '
                    'fields scid, cid and eid'))
def publish_all_optional(lp: LpWorld, event: str) -> None:
    data = lp.payload(lp.invitation, **OPTIONAL)
    _own({"appName": "lpCoBrowse", "eventName": event, "data": data}, "liveperson:lptag-publish")
    lp.publish(event, data)


@when(parsers.parse('the consumer publishes "{event}" for the invitation with the optional '
                    'field {name}'))
def publish_one_optional(lp: LpWorld, event: str, name: str) -> None:
    lp.publish(event, lp.payload(lp.invitation, **{name: OPTIONAL[name]}))


@when(parsers.parse('the consumer publishes "{event}" for the invitation without the optional '
                    'fields'))
def publish_no_optional(lp: LpWorld, event: str) -> None:
    lp.publish(event, lp.payload(lp.invitation))


@then("the event is accepted")
def event_accepted(lp: LpWorld, rule_id: str) -> None:
    response = lp.last_publish
    assert response is not None, "no lpTag event was published"
    expect(rule_id, response.status_code < 300,
           f"the lpCoBrowse event must be accepted; got {response.status_code}", _body(response))


@then("the event is refused")
def event_refused(lp: LpWorld, rule_id: str) -> None:
    response = lp.last_publish
    assert response is not None, "no lpTag event was published"
    body = _body(response)
    expect(rule_id, 400 <= response.status_code < 500,
           f"the lpCoBrowse event must be refused with a 4xx; got {response.status_code}", body)
    expect(rule_id, isinstance(body, dict) and bool(body.get("message")),
           "the refusal must say why (a 'message' in the body)", body)


@then("the differing descriptions of cid are reported as a documented discrepancy")
def cid_discrepancy(request: pytest.FixtureRequest) -> None:
    note_discrepancy(request.node.user_properties, (
        "LP-001-35/LP-001-38: source 001 describes cid as '<Engagement Context ID>' in "
        "cobrowseOffered but '<Context ID>' in cobrowseAccepted and cobrowseDeclined; read as "
        "the same field"))


# -- serviceId matching (LP-001-20) ------------------------------------------------------------
@then("the two invitations have different serviceIds")
def distinct_service_ids(lp: LpWorld, rule_id: str) -> None:
    first, second = lp.invitations["first"], lp.invitations["second"]
    ids = [first.service_id, second.service_id]
    expect(rule_id, all(ids) and ids[0] != ids[1],
           f"each invitation must have its own serviceId to match consumer and agent; got {ids}")


@when("the second consumer accepts its invitation")
def second_accepts(lp: LpWorld) -> None:
    lp.current = "second"
    _accept(lp)
    lp.current = "first"


@then(parsers.parse('the second consumer\'s CoBrowse dialog changes to "{state}"'))
def second_changed(lp: LpWorld, state: str, rule_id: str) -> None:
    invitation = lp.invitations["second"]
    seen = invitation.last_wait
    expect(rule_id, seen is not None, "cobrowseAccepted with the second invitation's serviceId "
           "must change that invitation's dialog", lp.last_publish and _body(lp.last_publish))
    assert seen is not None
    expect_equal(rule_id, seen.state, state, "the second invitation's sessionState", seen.dialog)


@then("the first consumer's invitation is still pending")
def first_still_pending(lp: LpWorld, rule_id: str) -> None:
    invitation = lp.invitations["first"]
    dialog_id = str(invitation.driver.get("dialogId") or invitation.dialog_id)
    data = lp.ok(lp.driver.dialog(invitation.consumer.conversation_id, dialog_id),
                 "reading the first invitation")
    expect_equal(rule_id, data.get("sessionState"), "INVITED",
                 "the first invitation's sessionState (the event named the second's serviceId)",
                 data)


# -- a second invitation on the same conversation ----------------------------------------------
@given("the agent has cancelled the invitation")
def agent_has_cancelled(lp: LpWorld) -> None:
    invitation = lp.invitation
    dialog_id = str(invitation.driver.get("dialogId") or invitation.dialog_id)
    lp.ok(lp.driver.cancel(invitation.consumer.conversation_id, dialog_id),
          "the agent cancelling the invitation")
    lp.await_change(invitation)


@given("the consumer has declined the invitation")
def consumer_has_declined(lp: LpWorld) -> None:
    invitation = lp.invitation
    lp.ok(lp.publish("cobrowseDeclined", lp.payload(invitation)),
          "the consumer declining the invitation (cobrowseDeclined)")
    lp.await_change(invitation)


@given(parsers.parse('the agent has sent a second CoBrowse invitation in "{mode}" mode'))
@when(parsers.parse('the agent sends a second CoBrowse invitation in "{mode}" mode'))
def agent_invites_again(lp: LpWorld, mode: str) -> None:
    """The first invitation is kept aside: its dialog is no longer the one waited for."""
    lp.history.append(lp.invitation)
    lp.invite(lp.consumer, mode)


# -- reconnecting ---------------------------------------------------------------------------------
@when("the consumer reconnects and subscribes to conversation metadata again")
def consumer_reconnects(lp: LpWorld) -> None:
    """A new socket of the same consumer replaces the old one; the invitation is followed
    on it from the state the new subscription sends at once."""
    consumer = lp.consumer
    consumer.socket.close()
    consumer.socket = lp.socket(consumer.name)
    response = consumer.socket.request("InitConnection", headers=[
        {"type": ".ams.headers.ClientProperties", "features": list(consumer.features)},
        {"type": ".ams.headers.ConsumerAuthentication", "jwt": consumer.token},
    ])
    if response is None or not 200 <= int(response.get("code", 0)) < 300:
        raise SetupError(f"InitConnection on the new connection failed: {response}")
    lp.subscribe(consumer)
    invitation = lp.invitation
    invitation.cursor = consumer.subscribe_mark
    lp.await_change(invitation, repeat=True)


@then(parsers.parse('the new connection\'s current state shows the CoBrowse dialog with '
                    'sessionState "{state}"'))
def reconnected_state(lp: LpWorld, state: str, rule_id: str) -> None:
    seen = lp.invitation.last_wait
    expect(rule_id, seen is not None, "the state a new subscription sends at once must hold "
           "the conversation's CoBrowse dialog",
           lp.consumer.socket.since(lp.consumer.subscribe_mark)[-3:])
    assert seen is not None
    expect_equal(rule_id, seen.state, state, "sessionState of the CoBrowse dialog in the new "
                 "subscription's current state", seen.dialog)


# -- two consumers at once -----------------------------------------------------------------------
@given("a second consumer with the CO_BROWSE feature in a messaging conversation with another "
       "agent")
def second_consumer_other_agent(lp: LpWorld) -> None:
    _consumer_in_conversation(lp, ("CO_BROWSE",), name="second")


@then("each consumer's CoBrowse dialog has the mode its agent selected")
def each_mode(lp: LpWorld, rule_id: str) -> None:
    for name, invitation in lp.invitations.items():
        first = invitation.first
        expect(rule_id, first is not None, f"the {name} consumer received no CoBrowse "
               "invitation", invitation.consumer.socket.since(invitation.cursor)[-3:])
        assert first is not None
        expect_equal(rule_id, _meta(first.dialog).get("mode"), invitation.mode,
                     f"metaData.mode of the {name} consumer's invitation", first.dialog)


# -- the agent scrolls the visitor's view (LP-001-23) ---------------------------------------------
@when("the agent scrolls the visitor's view")
def agent_scrolls(lp: LpWorld) -> None:
    invitation = lp.invitation
    dialog_id = str(invitation.driver.get("dialogId") or invitation.dialog_id)
    lp.last_driver = lp.driver.scroll(invitation.consumer.conversation_id, dialog_id, 0, 640)


@then("the agent's scroll is accepted")
def scroll_accepted(lp: LpWorld, rule_id: str) -> None:
    response = lp.last_driver
    assert response is not None
    expect(rule_id, response.status_code < 300, "in view mode the agent is able to scroll the "
           f"visitor's view; the scroll was answered {response.status_code}", _body(response))


@then("the agent's scroll is refused")
def scroll_refused(lp: LpWorld, rule_id: str) -> None:
    response = lp.last_driver
    assert response is not None
    body = _body(response)
    expect(rule_id, 400 <= response.status_code < 500, "follow mode is view-only without "
           f"scroll permissions for the agent; the scroll was answered {response.status_code}",
           body)
    expect(rule_id, isinstance(body, dict) and bool(body.get("message")),
           "the refusal must say why (a 'message' in the body)", body)


# -- the Messaging Window procedure (LP-001-06) ---------------------------------------------------
@given("a consumer with the CO_BROWSE feature, connected and authenticated")
def consumer_connected(lp: LpWorld) -> None:
    lp.connect("first", ("CO_BROWSE",))


@when("the consumer requests a messaging conversation")
def consumer_requests_conversation(lp: LpWorld) -> None:
    frame = {"kind": "req", "id": "request-conversation-1",
             "type": "cm.ConsumerRequestConversation", "body": {"channelType": "MESSAGING"}}
    _own(frame, "liveperson:request")
    lp.init_request = frame
    lp.init_response = lp.consumer.socket.request_frame(frame)


@then("the response echoes the request's id and carries the new conversation's ID, as "
      "LivePerson's schemas publish them")
def conversation_response(lp: LpWorld, rule_id: str) -> None:
    response = lp.init_response
    expect(rule_id, response is not None, "no response whose reqId echoes the request's id "
           f"\"request-conversation-1\" within {WAIT:g} s", lp.consumer.socket.since(0)[-5:])
    assert response is not None
    validate(response, "liveperson:response", rule_id)
    expect(rule_id, 200 <= int(response["code"]) < 300,
           f"the conversation request must succeed; code {response['code']}", response)
    expect_equal(rule_id, response.get("type"), "cm.RequestConversationResponse",
                 "the response's type", response)


@when(parsers.parse('the consumer publishes "{event}" for the first, closed invitation'))
def publish_for_first(lp: LpWorld, event: str) -> None:
    """A stale serviceId: the earlier invitation's, closed before the current one was sent."""
    lp.publish(event, lp.payload(lp.history[0]))
