"""The consumer WebSocket of the Messaging Window API, and the hub that pushes changes.

Framing (the Messaging Window API): a request ``{"kind":"req","id","type","body",
"headers"}``, a response ``{"kind":"resp","reqId","code","type","body"}`` whose
``reqId`` echoes the request's ``id`` and whose ``code`` has HTTP semantics,
and a notification ``{"kind":"notification","type","body"}``.

Every frame a connection sends goes through that connection's queue and one
writer task, so a connection sees its frames in the order the server decided
them: a subscription's response, then at once the current state, then the
changes. The hub (one per application) maps the core's change events to the
connections of the same world and consumer; it runs on the server's event loop,
where the core is called from (WebSocket frames, driver routes, the control API).

A consumer that does not read its socket must not make the server hold its frames for
ever: the queue holds serialized frames, counted in bytes, and a connection with more
than ``MAX_SEND_QUEUE_BYTES`` (or ``MAX_SEND_QUEUE_FRAMES``) waiting when another frame is
due is cut off, closed with ``SLOW_CONSUMER_CLOSE_CODE`` (1013, "try again later") and
dropped if its close handshake does not finish within ``SLOW_CONSUMER_GRACE_SECONDS``. A
world with an open socket is never evicted (see ``mockserver.world``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from mockserver import retention
from mockserver.clock import epoch_ms
from mockserver.credentials import REFERENCE_CREDENTIALS
from mockserver.errors import HTTP_STATUS, DomainError, Forbidden, Invalid, NotFound
from mockserver.http import driver_error, validator, world_of
from mockserver.limits import (
    MAX_FRAME_BYTES,
    MAX_SEND_QUEUE_BYTES,
    MAX_SEND_QUEUE_FRAMES,
    MAX_SOCKETS,
    MAX_SUBSCRIPTIONS,
    MAX_TEXT_CHARS,
    SLOW_CONSUMER_CLOSE_CODE,
    SLOW_CONSUMER_GRACE_SECONDS,
    Refused,
    error_field,
    explain,
    first_error,
    parse_json,
    quoted,
)
from mockserver.liveperson import wire
from mockserver.liveperson.core import Change, Conversation, LivePersonCore
from mockserver.liveperson.jwt import JwtError, verify_hs256
from mockserver.world import World

PROFILE = "liveperson"
WS_PATH = "/ws_api/account/{accountId}/messaging/consumer"
MAX_ID_CHARS = 64
ACCOUNT_ID = str(REFERENCE_CREDENTIALS["liveperson"]["accountId"])
JWT_KEY = str(REFERENCE_CREDENTIALS["liveperson"]["jwtKey"])
log = logging.getLogger(__name__)

STRING = {"type": "string", "minLength": 1, "maxLength": 256}
CLIENT_PROPERTIES = {
    "type": "object",
    "properties": {
        "type": {"const": ".ams.headers.ClientProperties"},
        "deviceFamily": {"enum": ["DESKTOP", "TABLET", "MOBILE", "OTHER"]},
        "os": {"enum": ["WINDOWS", "LINUX", "OSX", "ANDROID", "IOS", "OTHER"]},
        "features": {"type": "array", "items": {"type": "string", "maxLength": 64},
                     "maxItems": 32},
        "appId": {"type": "string"},
        "ipAddress": {"type": "string"},
        "integration": {"type": "string"},
        "integrationVersion": {"type": "string"},
        "timeZone": {"type": "string"},
    },
}
BODIES: dict[str, dict[str, Any]] = {
    "InitConnection": {
        "type": "object",
        "required": ["headers"],
        "properties": {"headers": {
            "type": "array", "maxItems": 16,
            "items": {"type": "object", "required": ["type"],
                      "properties": {"type": {"type": "string"}}},
        }},
    },
    "cm.ConsumerRequestConversation": {
        "type": "object",
        "properties": {
            "channelType": {"const": "MESSAGING"},
            "brandId": STRING,
            "ttrDefName": {"type": ["string", "null"]},
            "campaignInfo": {"type": "object"},
            "conversationContext": {"type": "object"},
        },
    },
    "cm.UpdateConversationField": {
        "type": "object",
        "required": ["conversationId", "conversationField"],
        "properties": {
            "conversationId": STRING,
            "conversationField": {"oneOf": [
                {"type": "object", "required": ["field"]},
                {"type": "array", "minItems": 1, "maxItems": 8,
                 "items": {"type": "object", "required": ["field"]}},
            ]},
        },
    },
    "cqm.SubscribeExConversations": {
        "type": "object",
        "properties": {
            "convState": {"type": "array", "items": {"enum": ["OPEN", "CLOSE"]},
                          "maxItems": 2},
            "stage": {"type": "array", "items": {"enum": ["OPEN", "CLOSE"]}, "maxItems": 2},
            "minLastUpdatedTime": {"type": "integer", "minimum": 0},
            "brandId": {"type": "string"},
        },
    },
    "cqm.UnsubscribeExConversations": {
        "type": "object",
        "required": ["subscriptionId"],
        "properties": {"subscriptionId": STRING},
    },
    "ms.PublishEvent": {
        "type": "object",
        "required": ["dialogId", "event"],
        "properties": {
            "dialogId": STRING,
            "conversationId": STRING,
            "event": {"type": "object", "required": ["type"], "properties": {
                "type": {"enum": ["ContentEvent", "ChatStateEvent", "AcceptStatusEvent",
                                  "RichContentEvent"]},
                "message": {"type": "string", "maxLength": MAX_TEXT_CHARS},
                "contentType": {"type": "string"},
            }},
        },
    },
    "ms.SubscribeMessagingEvents": {
        "type": "object",
        "required": ["dialogId"],
        "properties": {
            "dialogId": STRING,
            "conversationId": STRING,
            "fromSeq": {"type": "integer", "minimum": 0},
        },
    },
}
_V = {name: validator(schema) for name, schema in BODIES.items()}


class FrameError(Exception):
    """A request that gets an error response: ``code`` is HTTP-like."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def core_of(world: World) -> LivePersonCore:
    core = world.cores[PROFILE]
    assert isinstance(core, LivePersonCore)
    return core


@dataclass
class ConversationSubscription:
    id: str
    conv_states: frozenset[str]
    min_last_updated: int
    sent: set[str] = field(default_factory=set)

    def matches(self, conversation: Conversation) -> bool:
        return (conversation.state in self.conv_states
                and epoch_ms(conversation.updated_at) >= self.min_last_updated)


@dataclass
class MessagingSubscription:
    id: str
    conversation_id: str


class Connection:
    """One consumer WebSocket: who it is, what it announced, what it subscribed to."""

    def __init__(self, ws: web.WebSocketResponse, world: World,
                 transport: asyncio.Transport | None = None) -> None:
        self.ws = ws
        self.world = world
        self.transport = transport
        self.core = core_of(world)
        self.consumer_id: str | None = None
        self.features: frozenset[str] = frozenset()
        self.subscriptions: dict[str, ConversationSubscription] = {}
        self.messaging: dict[str, MessagingSubscription] = {}
        #: Serialized frames waiting for the writer (None: stop).
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        #: Characters (bytes: the frames are ASCII JSON) in the queue or being written.
        self.waiting = 0
        self.open = True
        self.writer_task: asyncio.Task[None] | None = None
        self.cutting: asyncio.Task[None] | None = None
        #: How many connections of the same consumer authenticated before this one.
        self.rank = 0

    # -- sending ------------------------------------------------------------------------------
    def send(self, frame: dict[str, Any]) -> None:
        if not self.open:
            return
        if self.waiting > MAX_SEND_QUEUE_BYTES or self.queue.qsize() >= MAX_SEND_QUEUE_FRAMES:
            self.cut_off()
            return
        text = json.dumps(frame, separators=(",", ":"))
        self.waiting += len(text)
        self.queue.put_nowait(text)

    async def writer(self) -> None:
        while True:
            text = await self.queue.get()
            if text is None:
                return
            try:
                await self.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return
            finally:
                self.waiting -= len(text)

    def cut_off(self) -> None:
        """A consumer that lets frames pile up unread: forget its frames, close the socket."""
        self.open = False
        while not self.queue.empty():
            self.queue.get_nowait()
        self.waiting = 0
        self.cutting = asyncio.get_running_loop().create_task(self._drop())

    async def _drop(self) -> None:
        if self.writer_task is not None:
            self.writer_task.cancel()
        try:
            await self._close_slow_consumer()
        finally:
            # What the consumer never read is released with the socket, however the close went.
            if self.transport is not None and self.transport.get_write_buffer_size():
                self.transport.abort()

    async def _close_slow_consumer(self) -> None:
        reason = f"slow consumer: more than {MAX_SEND_QUEUE_BYTES} bytes unread".encode()
        deadline = time.monotonic() + SLOW_CONSUMER_GRACE_SECONDS
        try:
            await asyncio.wait_for(self.ws.close(code=SLOW_CONSUMER_CLOSE_CODE, message=reason),
                                   SLOW_CONSUMER_GRACE_SECONDS)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # this task is cancelled (the server stops): the finally above drops it
            # Otherwise the close was cut short because the handler ended meanwhile.
        except Exception:  # the socket is dropped anyway
            log.debug("closing a slow consumer's socket did not finish", exc_info=True)
        # The close frame waits behind what the consumer has not read yet: it has the rest of
        # the grace period to read it.
        while (self.transport is not None and self.transport.get_write_buffer_size()
               and time.monotonic() < deadline):
            await asyncio.sleep(0.05)

    @property
    def offered_cobrowse(self) -> bool:
        return self.core.offers_cobrowse(self.features)

    # -- pushing changes -------------------------------------------------------------------
    def deliver(self, change: Change) -> None:
        conversation = self.core.conversations.get(change.conversation_id)
        if conversation is None:
            return
        if change.kind == "message":
            for msub in self.messaging.values():
                if msub.conversation_id == conversation.id and change.sequence is not None:
                    event = conversation.events[change.sequence]
                    self.send(wire.notification("ms.MessagingEventNotification", {
                        "subscriptionId": msub.id,
                        "changes": [wire.messaging_change(conversation, event)]}))
            return
        cobrowse = self.offered_cobrowse
        if change.dialog_id is not None and not cobrowse:
            return  # the change concerns only a CoBrowse dialog this consumer is not offered
        faults = self.core.faults
        type_ = wire.CHANGE_NOTIFICATION
        if change.reason == "invited" and "lp.invitation-wrong-type" in faults:
            type_ = "cqm.ConversationChangeNotification"
        dialog = next((d for d in conversation.cobrowse if d.dialog_id == change.dialog_id),
                      None)
        second = dialog is not None and dialog.index > 0
        if second and change.reason == "invited" and "lp.second-invitation-wrong-type" in faults:
            type_ = "cqm.ConversationChangeNotification"
        if second and change.reason in ("declined", "cancelled", "expired", "ended") and (
                "lp.second-invitation-closed-wrong-type" in faults):
            type_ = "cqm.ConversationChangeNotification"
        for sub in self.subscriptions.values():
            if sub.matches(conversation):
                sub.sent.add(conversation.id)
                item = wire.upsert(conversation, faults, cobrowse=cobrowse,
                                   reason=change.reason)
            elif conversation.id in sub.sent:
                sub.sent.discard(conversation.id)
                item = wire.delete(conversation, faults, cobrowse=cobrowse)
            else:
                continue
            self.send(wire.notification(type_, {"subscriptionId": self._sub_id(sub),
                                                "changes": [item]}))

    def _sub_id(self, sub: ConversationSubscription) -> str:
        if "lp.wrong-subscription-id" in self.core.faults or (
                self.rank > 0 and "lp.reconnect-wrong-subscription-id" in self.core.faults):
            return str(uuid.uuid4())
        return sub.id

    # -- requests ---------------------------------------------------------------------------
    def handle_text(self, text: str) -> None:
        self.world.tick()
        try:
            frame = parse_json(text, "the frame")
        except Refused as exc:
            self.send(wire.error(None, 400, exc.message))
            return
        if not isinstance(frame, dict):
            self.send(wire.error(None, 400, "a request frame must be a JSON object with "
                                 "'kind', 'id' and 'type'"))
            return
        req_id = frame.get("id")
        if not _valid_id(req_id):
            self.send(wire.error(None, 400, "a request needs an 'id': a string of 1 to "
                                 f"{MAX_ID_CHARS} characters or an integer"))
            return
        try:
            self._dispatch(req_id, frame)
        except FrameError as exc:
            self.send(wire.error(req_id, exc.code, exc.message))
        except Refused as exc:
            self.send(wire.error(req_id, exc.status, exc.message))
        except DomainError as exc:
            self.send(wire.error(req_id, HTTP_STATUS[exc.kind], exc.message))
        except Exception:  # a bug: answer it, keep the connection and the server serving
            log.exception("liveperson request %r failed", frame.get("type"))
            self.send(wire.error(req_id, 500, "internal error"))

    def _dispatch(self, req_id: Any, frame: dict[str, Any]) -> None:
        kind = frame.get("kind", "req")
        if kind != "req":
            raise FrameError(400, f"a client sends requests (kind 'req'), not "
                             f"{quoted(repr(kind))}")
        type_ = frame.get("type")
        if not isinstance(type_, str) or not type_:
            raise FrameError(400, "a request needs a 'type'")
        handler = HANDLERS.get(type_)
        if handler is None:
            raise FrameError(400, f"unknown request type {type_[:40]!r}; known: "
                             f"{', '.join(sorted(HANDLERS))}")
        if type_ != "InitConnection" and self.consumer_id is None:
            raise FrameError(401, "not authenticated: send InitConnection with a "
                             ".ams.headers.ConsumerAuthentication header carrying the "
                             "consumer's JWT (or connect with 'Authorization: jwt <token>')")
        body = frame.get("body", {})
        if type_ == "InitConnection":
            body = {"headers": frame["headers"]} if "headers" in frame else {}
        elif body is None:
            body = {}
        checker = _V.get(type_)
        if checker is not None:
            found = first_error(checker, body)
            if found is not None:
                raise FrameError(400, f"{type_}: {error_field(found)}: {explain(found)}")
        handler(self, req_id, body)

    def authenticate(self, token: Any) -> None:
        try:
            claims = verify_hs256(token, JWT_KEY, self.world.clock.now())
        except JwtError as exc:
            raise FrameError(401, f"authentication failed: {exc}") from None
        consumer = str(claims["sub"])
        if self.consumer_id is not None and consumer != self.consumer_id:
            raise Forbidden("other_consumer", f"this connection is authenticated as "
                            f"{self.consumer_id}; it cannot become {consumer}")
        if self.consumer_id is None:
            self.rank = self.core.note_connection(consumer)
        self.consumer_id = consumer

    @property
    def consumer(self) -> str:
        assert self.consumer_id is not None
        return self.consumer_id


def _valid_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_CHARS


# -- request handlers ------------------------------------------------------------------------
def init_connection(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    token: Any = None
    properties: dict[str, Any] | None = None
    for header in body["headers"]:
        if header["type"] == ".ams.headers.ConsumerAuthentication":
            token = header.get("jwt")
        elif header["type"] == ".ams.headers.ClientProperties":
            properties = header
    if properties is not None:
        found = first_error(_CLIENT_PROPERTIES, properties)
        if found is not None:
            raise FrameError(400, f".ams.headers.ClientProperties: {error_field(found)}: "
                             f"{explain(found)}")
        if "lp.device-properties-refused" in conn.core.faults and (
            "deviceFamily" in properties or "os" in properties
        ):
            raise FrameError(400, ".ams.headers.ClientProperties: deviceFamily and os are "
                             "not supported")
    if token is None and conn.consumer_id is None:
        raise FrameError(401, "InitConnection needs a .ams.headers.ConsumerAuthentication "
                         "header with the consumer's 'jwt'")
    if token is not None:
        conn.authenticate(token)
    if properties is not None:
        conn.features = frozenset(properties.get("features", []))
    conn.send(wire.response(req_id, 200, wire.STRING_RESPONSE, "OK"))


_CLIENT_PROPERTIES = validator(CLIENT_PROPERTIES)


def request_conversation(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    retention.room_for_lp_conversation(conn.core, conn.consumer)
    conversation = conn.core.request_conversation(conn.consumer, body.get("brandId"))
    conn.send(wire.response(req_id, 200, "cm.RequestConversationResponse",
                            {"conversationId": conversation.id}))


def update_conversation_field(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    conversation = conn.core.conversation_of(conn.consumer, body["conversationId"])
    fields = body["conversationField"]
    if isinstance(fields, dict):
        fields = [fields]
    for item in fields:
        if (item.get("field") == "ConversationStateField"
                and item.get("conversationState") == "CLOSE"):
            continue
        raise Invalid("unsupported_field", "the reference supports conversationField "
                      "{\"field\":\"ConversationStateField\",\"conversationState\":\"CLOSE\"} "
                      f"only, not {json.dumps(item)[:200]}")
    conn.core.close_conversation(conversation.id, "CONSUMER")
    text = "OK Conversation resolved successfully"
    if "lp.long-string-response-on-close" in conn.core.faults:
        text = f"{text}: conversation {conversation.id} was closed by its consumer and its " \
               "CoBrowse dialogs with it"
    conn.send(wire.response(req_id, 200, wire.STRING_RESPONSE, text))


def subscribe_conversations(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    if len(conn.subscriptions) >= MAX_SUBSCRIPTIONS:
        raise FrameError(429, f"a connection may hold at most {MAX_SUBSCRIPTIONS} "
                         "conversation subscriptions")
    sub_id = str(uuid.uuid4())
    if conn.rank > 0 and "lp.reconnect-subscription-id-too-long" in conn.core.faults:
        sub_id = f"{sub_id}-{uuid.uuid4()}"
    sub = ConversationSubscription(
        id=sub_id,
        conv_states=frozenset(body.get("convState") or ("OPEN", "CLOSE")),
        min_last_updated=int(body.get("minLastUpdatedTime", 0)),
    )
    conn.subscriptions[sub.id] = sub
    conn.send(wire.response(req_id, 200, "cqm.SubscribeExConversationsResponse",
                            {"subscriptionId": sub.id}))
    if "lp.initial-state-missing" in conn.core.faults:
        return
    # At once, the current state (no change at all when the consumer has no conversation).
    cobrowse = conn.offered_cobrowse or "lp.plain-connection-sees-cobrowse-initially" in (
        conn.core.faults)
    changes = []
    for conversation in conn.core.conversations_of(conn.consumer):
        if sub.matches(conversation):
            sub.sent.add(conversation.id)
            changes.append(wire.upsert(conversation, conn.core.faults, cobrowse=cobrowse,
                                       initial=True))
    conn.send(wire.notification(wire.CHANGE_NOTIFICATION,
                                {"subscriptionId": conn._sub_id(sub), "changes": changes}))


def unsubscribe_conversations(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    if conn.subscriptions.pop(body["subscriptionId"], None) is None:
        raise NotFound("unknown_subscription",
                       f"no subscription {body['subscriptionId']!r} on this connection")
    conn.send(wire.response(req_id, 200, wire.STRING_RESPONSE, "OK"))


def _messaging_conversation(conn: Connection, body: dict[str, Any]) -> Conversation:
    if "conversationId" in body:
        conversation = conn.core.conversation_of(conn.consumer, body["conversationId"])
    else:
        mine = [c for c in conn.core.conversations_of(conn.consumer)
                if c.main_dialog_id == body["dialogId"]]
        if not mine:
            raise NotFound("unknown_dialog", f"no messaging dialog {body['dialogId']!r}")
        conversation = mine[0]
    if body["dialogId"] != conversation.main_dialog_id:
        raise Invalid("not_a_messaging_dialog", f"dialog {body['dialogId']!r} is not the "
                      f"messaging dialog of conversation {conversation.id}")
    return conversation


def publish_event(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    conversation = _messaging_conversation(conn, body)
    event = body["event"]
    if event["type"] == "ContentEvent" and not isinstance(event.get("message"), str):
        raise Invalid("invalid_event", "a ContentEvent needs a 'message' string")
    retention.room_for_message(conn.core, conversation)
    item = conn.core.publish(conversation.id, body["dialogId"], conn.consumer, "CONSUMER",
                             event)
    conn.send(wire.response(req_id, 200, "ms.PublishEventResponse",
                            {"sequence": item.sequence}))


def subscribe_messaging(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    conversation = _messaging_conversation(conn, body)
    if len(conn.messaging) >= MAX_SUBSCRIPTIONS:
        raise FrameError(429, f"a connection may hold at most {MAX_SUBSCRIPTIONS} "
                         "messaging subscriptions")
    sub = MessagingSubscription(str(uuid.uuid4()), conversation.id)
    conn.messaging[sub.id] = sub
    conn.send(wire.response(req_id, 200, "GenericSubscribeResponse",
                            {"subscriptionId": sub.id}))
    since = int(body.get("fromSeq", 0))
    earlier = [wire.messaging_change(conversation, e) for e in conversation.events
               if e.sequence >= since]
    if earlier:
        conn.send(wire.notification("ms.MessagingEventNotification",
                                    {"subscriptionId": sub.id, "changes": earlier}))


def keep_alive(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    conn.send(wire.response(req_id, 200, wire.STRING_RESPONSE, "OK"))


def get_clock(conn: Connection, req_id: Any, body: dict[str, Any]) -> None:
    if conn.rank > 0 and "lp.reconnect-clock-reqid-wrong" in conn.core.faults:
        req_id = f"clock-{req_id}"
    conn.send(wire.response(req_id, 200, ".GetClock$Response",
                            {"currentTime": epoch_ms(conn.world.clock.now())}))


Handler = Callable[[Connection, Any, dict[str, Any]], None]
HANDLERS: dict[str, Handler] = {
    "InitConnection": init_connection,
    "cm.ConsumerRequestConversation": request_conversation,
    "cm.UpdateConversationField": update_conversation_field,
    "cqm.SubscribeExConversations": subscribe_conversations,
    "cqm.UnsubscribeExConversations": unsubscribe_conversations,
    "ms.PublishEvent": publish_event,
    "ms.SubscribeMessagingEvents": subscribe_messaging,
    "KeepAlive": keep_alive,
    "GetClock": get_clock,
}


# -- the hub ---------------------------------------------------------------------------------
class Hub:
    """Every open consumer connection of one application, grouped by domain core (world)."""

    def __init__(self) -> None:
        self.connections: set[Connection] = set()
        self._listeners: dict[int, Callable[[Change], None]] = {}
        self.closing = False  # the application is shutting down: no new socket is served

    def attach(self, conn: Connection) -> None:
        self.connections.add(conn)
        conn.world.pins += 1
        key = id(conn.core)
        if key not in self._listeners:
            core = conn.core

            def listener(change: Change) -> None:
                self.on_change(core, change)

            self._listeners[key] = listener
            core.add_listener(listener)

    def detach(self, conn: Connection) -> None:
        conn.open = False
        if conn in self.connections:
            self.connections.discard(conn)
            conn.world.pins -= 1
        if not any(c.core is conn.core for c in self.connections):
            listener = self._listeners.pop(id(conn.core), None)
            if listener is not None:
                conn.core.remove_listener(listener)

    def on_change(self, core: LivePersonCore, change: Change) -> None:
        leak = ("lp.second-consumer-changes-leak" in core.faults
                and core.consumer_ranks.get(change.consumer_id, 0) > 0)
        for conn in list(self.connections):
            if conn.core is core and (conn.consumer_id == change.consumer_id or (
                    leak and conn.consumer_id is not None)):
                try:
                    conn.deliver(change)
                except Exception:  # a bug: one socket must not break the change or the others
                    log.exception("pushing %s to a liveperson consumer failed", change.reason)

    async def close_all(self) -> None:
        """Close every open socket with 1001 (going away), all at once."""
        self.closing = True
        await asyncio.gather(*(_going_away(conn.ws) for conn in list(self.connections)))


async def _going_away(ws: web.WebSocketResponse) -> None:
    with contextlib.suppress(Exception):
        await ws.close(code=WSCloseCode.GOING_AWAY, message=b"the server is shutting down")


HUB = web.AppKey("liveperson_hub", Hub)


async def close_on_shutdown(app: web.Application) -> None:
    """On shutdown, before aiohttp waits for the handlers: their sockets end, so they return.

    This is the only place the hub is closed; a socket opened while the application is
    shutting down is closed by its handler (``Hub.closing``).
    """
    await app[HUB].close_all()


# -- the WebSocket endpoint ----------------------------------------------------------------
def _authorization(request: web.Request, world: World) -> str | None:
    """The consumer named by an ``Authorization: jwt <token>`` upgrade header, if any."""
    value = request.headers.get("Authorization")
    if value is None:
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() not in ("jwt", "bearer"):
        raise JwtError("the Authorization header must be 'jwt <token>'")
    return str(verify_hs256(token.strip(), JWT_KEY, world.clock.now())["sub"])


def _client_properties(request: web.Request) -> frozenset[str] | None:
    value = request.headers.get("Client-Properties")
    if value is None:
        return None
    try:
        data = parse_json(value, "the Client-Properties header")
    except Refused as exc:
        raise Invalid("invalid_client_properties", exc.message) from None
    found = first_error(_CLIENT_PROPERTIES, data)
    if found is not None:
        raise Invalid("invalid_client_properties", f"Client-Properties: {error_field(found)}: "
                      f"{explain(found)}")
    if not isinstance(data, dict):
        raise Invalid("invalid_client_properties",
                      "the Client-Properties header must be a JSON object")
    return frozenset(data.get("features", []))


async def consumer_socket(request: web.Request) -> web.StreamResponse:
    if request.match_info["accountId"] != ACCOUNT_ID:
        raise NotFound("unknown_account", f"no account {request.match_info['accountId']!r}")
    if request.query.get("v") != "3":
        raise Invalid("unsupported_version", "the consumer endpoint speaks version 3 of the "
                      "Messaging Window API: connect with ?v=3")
    ws = web.WebSocketResponse(max_msg_size=MAX_FRAME_BYTES, autoping=True)
    if not ws.can_prepare(request).ok:
        response = driver_error(request, 426, "upgrade_required",
                                "this is a WebSocket endpoint: send a WebSocket upgrade", {})
        response.headers["Upgrade"] = "websocket"
        return response
    hub = request.app[HUB]
    if len(hub.connections) >= MAX_SOCKETS:
        return driver_error(request, 429, "too_many_sockets", f"{MAX_SOCKETS} consumer sockets "
                            "are open (the limit): try again when one has closed",
                            {"limit": MAX_SOCKETS})
    world = world_of(request)
    try:
        consumer = _authorization(request, world)
    except JwtError as exc:
        return driver_error(request, 401, "invalid_jwt", f"authentication failed: {exc}", {})
    features = _client_properties(request)
    await ws.prepare(request)
    if hub.closing:
        await _going_away(ws)
        return ws
    conn = Connection(ws, world, request.transport)
    conn.consumer_id = consumer
    if consumer is not None:
        conn.rank = conn.core.note_connection(consumer)
    if features is not None:
        conn.features = features
    hub.attach(conn)
    writer = conn.writer_task = asyncio.create_task(conn.writer())
    try:
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                conn.handle_text(message.data)
                # Frames already buffered are returned without a pause: let other clients in
                # between, however fast this one sends.
                await asyncio.sleep(0)
            elif message.type == WSMsgType.BINARY:
                await ws.close(code=WSCloseCode.UNSUPPORTED_DATA,
                               message=b"binary frames are not supported: send JSON text")
                break
            elif message.type == WSMsgType.ERROR:
                break
    finally:
        hub.detach(conn)
        conn.queue.put_nowait(None)
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(writer, timeout=5)
    return ws


def setup(app: web.Application) -> None:
    app[HUB] = Hub()
    app.on_shutdown.append(close_on_shutdown)
    app.router.add_get(WS_PATH, consumer_socket)
