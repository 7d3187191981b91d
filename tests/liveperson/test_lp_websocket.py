"""The consumer WebSocket on a real loopback socket: framing, refusals, pushes, shutdown."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import aiohttp
import httpx
import pytest

from harness.clients.liveperson import ConsumerSocket, HandshakeRefused, _Loop, mint_jwt
from harness.validation import errors
from mockserver.credentials import REFERENCE_CREDENTIALS
from mockserver.liveperson.ws import MAX_FRAME_BYTES, Hub
from mockserver.server import BackgroundServer

ACCOUNT = REFERENCE_CREDENTIALS["liveperson"]["accountId"]
KEY = REFERENCE_CREDENTIALS["liveperson"]["jwtKey"]
NOTIFICATION = "cqm.ExConversationChangeNotification"
P = "/driver/liveperson"


@pytest.fixture
def server(reference_server: BackgroundServer) -> BackgroundServer:
    return reference_server


@pytest.fixture
def world() -> str:
    return f"t-{uuid.uuid4().hex}"


@pytest.fixture
def http(server: BackgroundServer, world: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers={"X-Conformance-World": world},
                      timeout=10) as client:
        yield client


def _url(server: BackgroundServer, account: str = ACCOUNT, query: str = "v=3") -> str:
    return (f"ws://127.0.0.1:{server.port}/ws_api/account/{account}/messaging/consumer"
            f"?{query}")


class Sockets:
    def __init__(self, server: BackgroundServer, world: str) -> None:
        self.server, self.world = server, world
        self.open: list[ConsumerSocket] = []

    def raw(self, headers: dict[str, str] | None = None, **url: str) -> ConsumerSocket:
        sock = ConsumerSocket(_url(self.server, **url),
                              {"X-Conformance-World": self.world, **(headers or {})})
        sock.connect()
        self.open.append(sock)
        return sock

    def consumer(self, features: tuple[str, ...] = ("CO_BROWSE",),
                 sub: str | None = None) -> tuple[ConsumerSocket, str]:
        sub = sub or str(uuid.uuid4())
        sock = self.raw()
        response = sock.request("InitConnection", headers=[
            {"type": ".ams.headers.ClientProperties", "features": list(features)},
            {"type": ".ams.headers.ConsumerAuthentication", "jwt": mint_jwt(KEY, sub)}])
        assert response is not None and response["code"] == 200, response
        return sock, sub


@pytest.fixture
def sockets(server: BackgroundServer, world: str) -> Iterator[Sockets]:
    made = Sockets(server, world)
    yield made
    for sock in made.open:
        sock.close()


def _resp(sock: ConsumerSocket, type_: str, body: Any = None, **kw: Any) -> dict[str, Any]:
    response = sock.request(type_, body, **kw)
    assert response is not None, f"no response to {type_}"
    assert not errors(response, "liveperson:response"), response
    return response


def _conversation(sock: ConsumerSocket, http: httpx.Client, agent: str = "12345678.7") -> str:
    cid = str(_resp(sock, "cm.ConsumerRequestConversation", {})["body"]["conversationId"])
    assert http.post(f"{P}/conversations/{cid}/agent", json={"agentId": agent}).status_code == 200
    sock.barrier()  # what the set-up pushed is received before a test takes its mark
    return cid


def _notifications(sock: ConsumerSocket, mark: int = 0) -> list[dict[str, Any]]:
    sock.barrier()
    return [f for f in sock.since(mark) if f.get("kind") == "notification"]


def _cobrowse(frame: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for c in frame["body"]["changes"]
            for d in c["result"].get("conversationDetails", {}).get("dialogs", [])
            if d.get("channelType") == "COBROWSE"]


# -- framing and refusals ---------------------------------------------------------------------
def test_malformed_json_gets_an_error_and_the_connection_keeps_serving(sockets: Sockets) -> None:
    sock, _ = sockets.consumer()
    mark = sock.mark()
    sock.send_text("{not json")
    found = sock.wait_for(lambda f: f.get("kind") == "resp", mark)
    assert found is not None
    frame = found[1]
    assert (frame["code"], frame["reqId"]) == (400, "0")  # resp.json: reqId a string
    assert "not valid JSON" in frame["body"]
    assert _resp(sock, "KeepAlive")["code"] == 200


@pytest.mark.parametrize(("frame", "code"), [
    ([1, 2], 400),
    ({"type": "KeepAlive"}, 400),
    ({"id": True, "type": "KeepAlive"}, 400),
    ({"id": "x" * 65, "type": "KeepAlive"}, 400),
])
def test_a_request_without_a_usable_id_is_refused(sockets: Sockets, frame: Any,
                                                  code: int) -> None:
    sock, _ = sockets.consumer()
    mark = sock.mark()
    sock.send(frame)
    found = sock.wait_for(lambda f: f.get("kind") == "resp", mark)
    assert found is not None and found[1]["code"] == code and found[1]["reqId"] == "0"


@pytest.mark.parametrize(("frame", "code", "says"), [
    ({"kind": "req", "id": "9", "type": "cm.NoSuchThing"}, 400, "unknown request type"),
    ({"kind": "resp", "id": "9", "type": "KeepAlive"}, 400, "kind"),
    ({"kind": "req", "id": 9, "type": ""}, 400, "type"),
    ({"kind": "req", "id": "9", "type": "cqm.SubscribeExConversations",
      "body": {"convState": ["MAYBE"]}}, 400, "convState"),
    ({"kind": "req", "id": "9", "type": "cqm.UnsubscribeExConversations",
      "body": {"subscriptionId": "nope"}}, 404, "no subscription"),
    ({"kind": "req", "id": "9", "type": "ms.PublishEvent",
      "body": {"dialogId": "nope", "event": {"type": "ContentEvent", "message": "hi"}}}, 404,
     "no messaging dialog"),
])
def test_a_bad_request_gets_an_error_response_echoing_its_id(sockets: Sockets, frame: Any,
                                                             code: int, says: str) -> None:
    sock, _ = sockets.consumer()
    mark = sock.mark()
    sock.send(frame)
    # An integer id is tolerated and echoed as a string (infra/resp.json: reqId is a string).
    found = sock.wait_for(lambda f: f.get("reqId") == str(frame["id"]), mark)
    assert found is not None
    response = found[1]
    assert response["code"] == code
    assert says in response["body"]
    assert _resp(sock, "KeepAlive")["code"] == 200


def test_a_frame_before_init_connection_is_refused_with_401(sockets: Sockets) -> None:
    sock = sockets.raw()
    response = _resp(sock, "cqm.SubscribeExConversations", {}, req_id="a1")
    assert (response["code"], response["reqId"]) == (401, "a1")
    assert "InitConnection" in response["body"]


@pytest.mark.parametrize(("headers", "says"), [
    ([{"type": ".ams.headers.ClientProperties", "features": ["CO_BROWSE"]}], "jwt"),
    ([{"type": ".ams.headers.ConsumerAuthentication", "jwt": "not.a.jwt"}], "authentication"),
    ([{"type": ".ams.headers.ConsumerAuthentication", "jwt": mint_jwt("wrong-key", "c")}],
     "signature"),
    ([{"type": ".ams.headers.ConsumerAuthentication", "jwt": mint_jwt(KEY, "c", -10)}],
     "expired"),
])
def test_a_bad_or_missing_token_is_refused_with_a_clear_error(sockets: Sockets,
                                                              headers: Any, says: str) -> None:
    sock = sockets.raw()
    response = _resp(sock, "InitConnection", headers=headers)
    assert response["code"] == 401
    assert says in response["body"]
    assert _resp(sock, "KeepAlive")["code"] == 401  # still not authenticated


def test_client_properties_are_checked(sockets: Sockets) -> None:
    sock = sockets.raw()
    response = _resp(sock, "InitConnection", headers=[
        {"type": ".ams.headers.ClientProperties", "features": "CO_BROWSE"},
        {"type": ".ams.headers.ConsumerAuthentication", "jwt": mint_jwt(KEY, "c")}])
    assert response["code"] == 400 and "features" in response["body"]


def test_an_oversized_frame_closes_with_1009_and_others_keep_serving(sockets: Sockets) -> None:
    other, _ = sockets.consumer()
    sock, _ = sockets.consumer()
    sock.send_text('"' + "x" * (MAX_FRAME_BYTES + 10) + '"')
    assert sock.wait_closed()
    assert sock.close_code == 1009
    assert _resp(other, "KeepAlive")["code"] == 200
    fresh, _ = sockets.consumer()
    assert _resp(fresh, "GetClock")["code"] == 200


def test_a_binary_frame_closes_with_1003(sockets: Sockets) -> None:
    sock, _ = sockets.consumer()
    ws = sock._ws
    assert ws is not None
    _Loop.run(ws.send_bytes(b"\x00\x01"), 5)
    assert sock.wait_closed()
    assert sock.close_code == 1003


# -- the upgrade ---------------------------------------------------------------------------------
def test_the_upgrade_is_refused_for_another_account_or_version(sockets: Sockets) -> None:
    with pytest.raises(HandshakeRefused) as caught:
        sockets.raw(account="999")
    assert caught.value.status == 404
    with pytest.raises(HandshakeRefused) as caught:
        sockets.raw(query="v=2")
    assert caught.value.status == 400


def test_a_plain_http_request_gets_426(http: httpx.Client) -> None:
    response = http.get(f"/ws_api/account/{ACCOUNT}/messaging/consumer", params={"v": "3"})
    assert response.status_code == 426
    assert not errors(response.json(), "driver:error")


def test_the_authorization_header_authenticates_the_upgrade(sockets: Sockets) -> None:
    with pytest.raises(HandshakeRefused) as caught:
        sockets.raw(headers={"Authorization": "jwt garbage"})
    assert caught.value.status == 401
    sock = sockets.raw(headers={"Authorization": f"jwt {mint_jwt(KEY, 'c-9')}",
                                "Client-Properties": '{"features": ["CO_BROWSE"]}'})
    assert _resp(sock, "GetClock")["code"] == 200


# -- subscriptions and pushes -----------------------------------------------------------------
def test_subscription_response_then_current_state_then_changes(sockets: Sockets,
                                                                http: httpx.Client) -> None:
    sock, consumer = sockets.consumer()
    cid = _conversation(sock, http)
    mark = sock.mark()
    sub = _resp(sock, "cqm.SubscribeExConversations", {"convState": ["OPEN"]})
    sock.barrier()  # the notification may still be on its way when the response is read
    frames = sock.since(mark)
    assert frames[0] == sub and sub["type"] == "cqm.SubscribeExConversationsResponse"
    state = frames[1]
    assert state["type"] == NOTIFICATION
    assert not errors(state, "liveperson:ex-conversation-change-notification")
    assert state["body"]["subscriptionId"] == sub["body"]["subscriptionId"]
    assert [c["result"]["convId"] for c in state["body"]["changes"]] == [cid]

    mark = sock.mark()
    invitation = http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "view"})
    assert invitation.status_code == 201
    pushed = _notifications(sock, mark)
    assert len(pushed) == 1
    frame = pushed[0]
    assert not errors(frame, "liveperson:ex-conversation-change-notification"), frame
    dialogs = frame["body"]["changes"][0]["result"]["conversationDetails"]["dialogs"]
    assert [d["channelType"] for d in dialogs] == ["MESSAGING", "COBROWSE"]
    dialog = dialogs[1]
    assert dialog["participants"] == [consumer, "12345678.7"]
    assert dialog["metaData"]["mode"] == "view"
    assert dialog["metaData"]["serviceId"] == invitation.json()["serviceId"]
    assert dialog["metaData"]["expires"] * 1000 - dialog["creationTs"] == 120_000


def test_an_empty_current_state_when_there_is_no_conversation(sockets: Sockets) -> None:
    sock, _ = sockets.consumer()
    mark = sock.mark()
    _resp(sock, "cqm.SubscribeExConversations", {})
    assert _notifications(sock, mark)[0]["body"]["changes"] == []


def test_every_change_reaches_every_subscribed_connection(sockets: Sockets,
                                                          http: httpx.Client) -> None:
    first, consumer = sockets.consumer()
    second, _ = sockets.consumer(sub=consumer)
    plain, _ = sockets.consumer(features=(), sub=consumer)
    stranger, _ = sockets.consumer()
    for sock in (first, second, plain, stranger):
        _resp(sock, "cqm.SubscribeExConversations", {})
    cid = _conversation(first, http)
    marks = {id(s): s.mark() for s in (first, second, plain, stranger)}
    dialog = http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "shared"}).json()
    publish = {"appName": "lpCoBrowse", "eventName": "cobrowseAccepted", "data": {
        "serviceId": dialog["serviceId"], "agentId": "12345678.7", "visitorName": "V",
        "ssid": "1", "svid": "2"}}
    assert http.post(f"{P}/lptag/publish", json=publish).status_code == 200
    assert http.post(f"{P}/conversations/{cid}/cobrowse/{dialog['dialogId']}/end").status_code \
        == 200
    for sock in (first, second):
        states = [d["metaData"]["sessionState"]
                  for f in _notifications(sock, marks[id(sock)]) for d in _cobrowse(f)]
        assert states == ["INVITED", "ACCEPTED", "CLOSED"]
    assert not any(_cobrowse(f) for f in _notifications(plain, marks[id(plain)]))
    assert _notifications(stranger, marks[id(stranger)]) == []


def test_expiry_is_pushed_when_the_clock_moves(sockets: Sockets, http: httpx.Client) -> None:
    sock, _ = sockets.consumer()
    _resp(sock, "cqm.SubscribeExConversations", {})
    cid = _conversation(sock, http)
    http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "follow"})
    sock.barrier()
    mark = sock.mark()
    assert http.post("/control/clock/advance", json={"seconds": 119}).status_code == 200
    assert _notifications(sock, mark) == []
    assert http.post("/control/clock/advance", json={"seconds": 1}).status_code == 200
    closed = [d for f in _notifications(sock, mark) for d in _cobrowse(f)]
    assert [(d["metaData"]["sessionState"], d["metaData"]["notificationKey"], d["state"])
            for d in closed] == [("CLOSED", "invitation_expired", "CLOSE")]


def test_a_configured_ttl_is_honoured_and_consistent(sockets: Sockets,
                                                     http: httpx.Client) -> None:
    assert http.put("/control/config",
                    json={"liveperson": {"invitationTtlSeconds": 90}}).status_code == 200
    assert http.put("/control/config",
                    json={"liveperson": {"invitationTtlSeconds": "x"}}).status_code == 400
    sock, _ = sockets.consumer()
    _resp(sock, "cqm.SubscribeExConversations", {})
    cid = _conversation(sock, http)
    mark = sock.mark()
    http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "shared"})
    invited = _cobrowse(_notifications(sock, mark)[0])[0]
    assert invited["metaData"]["expires"] * 1000 - invited["creationTs"] == 90_000
    http.post("/control/clock/advance", json={"seconds": 90})
    assert http.get(f"{P}/conversations/{cid}").json()["cobrowseDialogs"][0]["sessionState"] \
        == "CLOSED"


def test_messaging_between_consumer_and_agent(sockets: Sockets, http: httpx.Client) -> None:
    sock, consumer = sockets.consumer()
    cid = _conversation(sock, http)
    sent = _resp(sock, "ms.PublishEvent", {"dialogId": cid, "conversationId": cid, "event": {
        "type": "ContentEvent", "contentType": "text/plain", "message": "hello"}})
    assert (sent["code"], sent["body"]) == (200, {"sequence": 0})
    mark = sock.mark()
    _resp(sock, "ms.SubscribeMessagingEvents", {"dialogId": cid, "conversationId": cid,
                                                 "fromSeq": 0})
    assert http.post(f"{P}/conversations/{cid}/messages", json={"text": "hi there"}
                     ).status_code == 201
    changes = [c for f in _notifications(sock, mark) if f["type"] ==
               "ms.MessagingEventNotification" for c in f["body"]["changes"]]
    assert [(c["sequence"], c["originatorId"], c["event"]["message"]) for c in changes] == [
        (0, consumer, "hello"), (1, "12345678.7", "hi there")]


def test_the_consumer_closes_the_conversation(sockets: Sockets, http: httpx.Client) -> None:
    sock, _ = sockets.consumer()
    cid = _conversation(sock, http)
    http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "shared"})
    closed = _resp(sock, "cm.UpdateConversationField", {"conversationId": cid,
               "conversationField": {"field": "ConversationStateField",
                                     "conversationState": "CLOSE"}})
    assert closed["code"] == 200
    data = http.get(f"{P}/conversations/{cid}").json()
    assert data["state"] == "CLOSE"
    assert data["cobrowseDialogs"][0]["notificationKey"] == "conversation_closed"
    again = _resp(sock, "cm.UpdateConversationField", {"conversationId": cid,
                  "conversationField": {"field": "ConversationStateField",
                                        "conversationState": "CLOSE"}})
    assert again["code"] == 409


# -- the driver API refuses clearly --------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "body", "status"), [
    ("POST", f"{P}/conversations/nope/agent", {"agentId": "a"}, 404),
    ("POST", f"{P}/conversations/nope/cobrowse", {"mode": "shared"}, 404),
    ("POST", f"{P}/conversations/nope/cobrowse", {"mode": 1}, 400),
    ("POST", f"{P}/conversations/nope/cobrowse", b"{", 400),
    ("GET", f"{P}/conversations/nope/cobrowse/x", None, 404),
    ("POST", f"{P}/conversations/nope/cobrowse/x/cancel", None, 404),
    ("POST", f"{P}/lptag/publish", {"appName": "lpCoBrowse", "eventName": "cobrowseOffered",
                                    "data": {"serviceId": "s", "agentId": "a",
                                             "visitorName": "v", "ssid": "1", "svid": "2"}}, 404),
    ("POST", f"{P}/lptag/publish", {"appName": "lpCoBrowse", "eventName": "cobrowseOffered",
                                    "data": {"serviceId": "s"}}, 400),
    ("POST", f"{P}/lptag/publish", {"appName": "lpCoBrowse"}, 400),
    ("POST", f"{P}/lptag/publish", [], 400),
])
def test_driver_refusals_are_4xx_with_a_message(http: httpx.Client, method: str, path: str,
                                                body: Any, status: int) -> None:
    if isinstance(body, bytes):
        response = http.request(method, path, content=body)
    else:
        response = http.request(method, path, json=body)
    assert response.status_code == status, response.text
    assert not errors(response.json(), "driver:error")


def test_driver_state_conflicts(sockets: Sockets, http: httpx.Client) -> None:
    sock, _ = sockets.consumer()
    cid = str(_resp(sock, "cm.ConsumerRequestConversation", {})["body"]["conversationId"])
    assert http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "shared"}
                     ).status_code == 409  # no agent yet
    http.post(f"{P}/conversations/{cid}/agent", json={"agentId": "a"})
    assert http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "control"}
                     ).status_code == 400
    did = http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "shared"}).json()[
        "dialogId"]
    assert http.post(f"{P}/conversations/{cid}/cobrowse", json={"mode": "view"}
                     ).status_code == 409
    assert http.post(f"{P}/conversations/{cid}/cobrowse/{did}/end").status_code == 409
    assert http.post(f"{P}/conversations/{cid}/cobrowse/{did}/join").status_code == 409
    assert http.post(f"{P}/conversations/{cid}/cobrowse/{did}/cancel").status_code == 200
    assert http.post(f"{P}/conversations/{cid}/cobrowse/{did}/cancel").status_code == 410


def test_openapi_documents_the_driver_and_the_websocket(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    assert f"{P}/lptag/publish" in paths
    assert f"{P}/conversations/{{cid}}/cobrowse" in paths
    assert "/ws_api/account/{accountId}/messaging/consumer" in paths


def test_shutdown_closes_open_sockets_promptly() -> None:
    server = BackgroundServer(test_mode=True)
    server.start()
    sock = ConsumerSocket(_url(server), {}).connect()
    assert sock.request("KeepAlive") is not None
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 10
    assert sock.wait_closed()
    assert sock.close_code == 1001
    sock.close()


def test_shutdown_closes_the_hub_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    close_all = Hub.close_all

    async def counted(self: Hub) -> None:
        calls.append(len(self.connections))
        await close_all(self)

    monkeypatch.setattr(Hub, "close_all", counted)
    server = BackgroundServer(test_mode=True)
    server.start()
    socks = [ConsumerSocket(_url(server), {}).connect() for _ in range(3)]
    server.stop()
    assert calls == [3]
    for sock in socks:
        assert sock.wait_closed() and sock.close_code == 1001
        sock.close()


# -- the client's own life cycle -------------------------------------------------------------
def test_a_call_that_times_out_is_cancelled_before_the_caller_goes_on() -> None:
    unwound = threading.Event()

    async def slow() -> None:
        try:
            await asyncio.sleep(30)
        finally:
            unwound.set()

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        _Loop.run(slow(), 0.2)
    assert unwound.is_set()
    assert time.monotonic() - started < 5


def test_a_connect_that_times_out_leaves_nothing_open(monkeypatch: pytest.MonkeyPatch) -> None:
    sessions: list[aiohttp.ClientSession] = []
    original = aiohttp.ClientSession

    def recording(*args: Any, **kwargs: Any) -> aiohttp.ClientSession:
        session = original(*args, **kwargs)
        sessions.append(session)
        return session

    monkeypatch.setattr(aiohttp, "ClientSession", recording)
    with socket.socket() as silent:  # accepts the TCP connection, never answers the upgrade
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        sock = ConsumerSocket(f"ws://127.0.0.1:{port}/ws_api/account/{ACCOUNT}/messaging/"
                              "consumer?v=3", {})
        with pytest.raises(TimeoutError):
            sock.connect(timeout=0.3)
    assert len(sessions) == 1 and sessions[0].closed
    assert sock._ws is None and sock._reader is None and sock._session is None
    sock.close()  # nothing to close, no error


def test_close_releases_the_session_even_when_the_socket_fails_to_close(
        sockets: Sockets, monkeypatch: pytest.MonkeyPatch) -> None:
    sock = sockets.raw()
    ws, session = sock._ws, sock._session
    assert ws is not None and session is not None

    async def broken() -> bool:
        raise RuntimeError("the socket cannot be closed")

    monkeypatch.setattr(ws, "close", broken)
    sock.close()
    assert session.closed
    assert sock._reader is not None and sock._reader.done()
    sock.close()  # a second close does nothing


def test_a_conversation_leaving_the_filter_is_deleted_with_its_details(
        sockets: Sockets, http: httpx.Client) -> None:
    """LivePerson's aam/subscribeExConversationsNotification.json requires conversationDetails
    of every change, DELETE included."""
    sock, _ = sockets.consumer()
    cid = _conversation(sock, http)
    mark = sock.mark()
    _resp(sock, "cqm.SubscribeExConversations", {"convState": ["OPEN"]})
    assert http.post(f"{P}/conversations/{cid}/close").status_code == 200
    frames = _notifications(sock, mark)
    deletes = [c for f in frames for c in f["body"]["changes"] if c["type"] == "DELETE"]
    assert deletes and deletes[0]["result"]["convId"] == cid
    assert deletes[0]["result"]["conversationDetails"]["state"] == "CLOSE"
    for frame in frames:
        assert not errors(frame, "liveperson:ex-conversation-change-notification"), frame


def test_a_long_error_message_is_cut_at_the_published_128_characters(sockets: Sockets) -> None:
    sock, _ = sockets.consumer()
    response = _resp(sock, "cm.NoSuchThing" + "x" * 200)
    assert response["code"] == 400 and len(response["body"]) <= 128
    assert response["body"].startswith("unknown request type")
