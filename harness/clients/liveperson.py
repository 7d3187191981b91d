"""The liveperson profile's clients: a Messaging Window WebSocket consumer and the driver API.

pytest-bdd steps are synchronous, so the WebSocket client runs its I/O on one
background event loop (a daemon thread per process) and offers blocking calls
with bounded timeouts: send a request and wait for the response whose ``reqId``
echoes it; wait for the first frame after a mark that matches a predicate. Every
frame received is kept in arrival order, so steps can check the order the
target sent them in.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import httpx

from harness.clients.http import WORLD_HEADER, DriverClient
from harness.runlog import RunLog
from harness.targets import TargetInfo

PREFIX = "/driver/liveperson"
WS_PATH = "/ws_api/account/{account}/messaging/consumer?v=3"
#: How long to wait for a frame the target must send (a remote target may need longer).
DEFAULT_WAIT = float(os.environ.get("COBROWSE_LP_WAIT_SECONDS", "3"))
#: How long, beyond a call's own timeout, the loop may take to unwind a cancelled call.
_UNWIND_SECONDS = 5.0
T = TypeVar("T")


# -- consumer JWTs ---------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint_jwt(key: str, sub: str, lifetime: float = 3600.0) -> str:
    """An HS256 consumer token whose ``sub`` names the consumer."""
    now = int(time.time())
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": sub, "iat": now, "exp": now + int(lifetime)}
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def jwt_subject(token: str) -> str:
    """The ``sub`` of a ready-made token (not verified: the target does that)."""
    try:
        part = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        return str(claims["sub"])
    except (IndexError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"the configured liveperson jwt has no readable 'sub': {exc}") from None


# -- one event loop for every socket of this process -------------------------------------------
class _Loop:
    _lock = threading.Lock()
    _loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def get(cls) -> asyncio.AbstractEventLoop:
        with cls._lock:
            if cls._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, daemon=True,
                                          name="liveperson-ws-client")
                thread.start()
                cls._loop = loop
            return cls._loop

    @classmethod
    def run(cls, coro: Coroutine[Any, Any, T], timeout: float) -> T:
        """Run ``coro`` on the loop and wait for it; on timeout it is cancelled, not left behind.

        The timeout is enforced on the loop (``asyncio.wait_for``), which cancels the
        coroutine and waits until it has unwound before raising ``TimeoutError``: nothing
        it started (a session, a socket, a write) completes after the caller has moved on.
        """
        future = asyncio.run_coroutine_threadsafe(asyncio.wait_for(coro, timeout), cls.get())
        try:
            return future.result(timeout + _UNWIND_SECONDS)
        except TimeoutError:
            # The loop did not even finish cancelling in time (it is blocked): do not wait.
            future.cancel()
            raise


class HandshakeRefused(Exception):
    """The target answered the WebSocket upgrade with an HTTP error."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"WebSocket upgrade refused: {status} {message}")
        self.status = status


Predicate = Callable[[Any], bool]


class ConsumerSocket:
    """A consumer's WebSocket to the Messaging Window API."""

    def __init__(self, url: str, headers: dict[str, str], log: RunLog | None = None,
                 label: str = "consumer") -> None:
        self.url = url
        self.headers = headers
        self.log = log
        #: The socket's name in the run log: unique even when a consumer reconnects.
        self.log_label = log.new_socket(label) if log is not None else label
        self.label = label
        self.frames: list[Any] = []
        self.closed = False
        self.close_code: int | None = None
        self._cond = threading.Condition()
        self._ids = itertools.count(1)
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._shut = False  # close() was called

    # -- life cycle -----------------------------------------------------------------------
    def connect(self, timeout: float = 10.0) -> ConsumerSocket:
        """Open the socket; on any failure (a refusal, a timeout) nothing of it stays open."""

        async def go() -> None:
            session = aiohttp.ClientSession()
            try:
                ws = await session.ws_connect(
                    self.url, headers=self.headers, max_msg_size=8 * 1024 * 1024,
                    timeout=aiohttp.ClientWSTimeout(ws_close=5.0))
            except aiohttp.WSServerHandshakeError as exc:
                await session.close()
                raise HandshakeRefused(exc.status, exc.message) from None
            except BaseException:  # including the cancellation of a connect that took too long
                await session.close()
                raise
            with self._cond:
                if not self._shut:
                    self._session, self._ws = session, ws
                    self._reader = asyncio.create_task(self._read(ws))
                    return
            # close() was called meanwhile (the caller gave up): nobody will use this socket.
            try:
                await ws.close()
            finally:
                await session.close()
            raise ConnectionError("the socket was closed while it was connecting")

        try:
            _Loop.run(go(), timeout)
        except BaseException:
            self.close()
            raise
        return self

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        try:
            async for message in ws:
                if message.type == aiohttp.WSMsgType.TEXT:
                    try:
                        frame: Any = json.loads(message.data)
                    except ValueError:
                        frame = {"_text": message.data[:2000]}
                else:
                    frame = {"_binary": len(message.data or b"")}
                if self.log is not None and message.type == aiohttp.WSMsgType.TEXT:
                    self.log.frame(self.log_label, "in", frame, message.data)
                with self._cond:
                    self.frames.append(frame)
                    self._cond.notify_all()
        finally:
            with self._cond:
                self.closed = True
                self.close_code = ws.close_code
                self._cond.notify_all()

    def close(self) -> None:
        """Close the socket, its reader and its HTTP session; a second call does nothing."""
        with self._cond:
            if self._shut:
                return
            self._shut = True
            ws, reader, session = self._ws, self._reader, self._session
        if ws is None and reader is None and session is None:
            return  # never connected

        async def go() -> None:
            try:
                if ws is not None:
                    await ws.close()
            finally:
                try:
                    if reader is not None:
                        await asyncio.wait([reader], timeout=2)
                        if not reader.done():
                            reader.cancel()
                            await asyncio.wait([reader], timeout=1)
                        if reader.done() and not reader.cancelled():
                            reader.exception()  # retrieved: a broken connection just ends it
                finally:
                    if session is not None:
                        await session.close()

        # Closing is best effort: the target may be gone already.
        with contextlib.suppress(Exception):
            _Loop.run(go(), 10)

    # -- sending ----------------------------------------------------------------------------
    def send_text(self, text: str, timeout: float = DEFAULT_WAIT) -> None:
        ws = self._ws
        assert ws is not None, "not connected"
        if self.log is not None:
            try:
                frame: Any = json.loads(text)
            except ValueError:
                frame = {"_text": text[:2000]}
            self.log.frame(self.log_label, "out", frame, text)
        _Loop.run(ws.send_str(text), timeout)

    def send(self, frame: Any, timeout: float = DEFAULT_WAIT) -> None:
        self.send_text(json.dumps(frame), timeout)

    def next_id(self) -> str:
        return str(next(self._ids))

    def request(self, type_: str, body: Any = None, *, headers: list[dict[str, Any]] | None = None,
                req_id: Any = None, timeout: float = DEFAULT_WAIT) -> dict[str, Any] | None:
        """Send a request and wait for its response (None when none came in time)."""
        frame: dict[str, Any] = {"kind": "req", "id": req_id if req_id is not None
                                 else self.next_id(), "type": type_}
        if body is not None:
            frame["body"] = body
        if headers is not None:
            frame["headers"] = headers
        return self.request_frame(frame, timeout)

    def request_frame(self, frame: dict[str, Any],
                      timeout: float = DEFAULT_WAIT) -> dict[str, Any] | None:
        mark = self.mark()
        self.send(frame, timeout)
        found = self.wait_for(lambda f: is_response(f, frame.get("id")), mark, timeout)
        return None if found is None else found[1]

    # -- receiving --------------------------------------------------------------------------
    def mark(self) -> int:
        with self._cond:
            return len(self.frames)

    def since(self, mark: int) -> list[Any]:
        with self._cond:
            return list(self.frames[mark:])

    def wait_for(self, predicate: Predicate, after: int = 0,
                 timeout: float = DEFAULT_WAIT) -> tuple[int, Any] | None:
        """The first frame at index >= ``after`` that matches, waiting up to ``timeout``."""
        deadline = time.monotonic() + timeout
        index = after
        with self._cond:
            while True:
                while index < len(self.frames):
                    frame = self.frames[index]
                    if predicate(frame):
                        return index, frame
                    index += 1
                remaining = deadline - time.monotonic()
                if self.closed or remaining <= 0:
                    return None
                self._cond.wait(remaining)

    def wait_closed(self, timeout: float = DEFAULT_WAIT) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self.closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
            return True

    def barrier(self, timeout: float = DEFAULT_WAIT) -> None:
        """A round trip: what the target queued for this socket before it is now received."""
        self.request("GetClock", timeout=timeout)


def is_response(frame: Any, req_id: Any) -> bool:
    return isinstance(frame, dict) and frame.get("kind") == "resp" and frame.get("reqId") == req_id


def ws_url(target: TargetInfo, account: str) -> str:
    parts = urlsplit(target.base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    path, _, query = WS_PATH.format(account=account).partition("?")
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + path, query, ""))


def ws_headers(target: TargetInfo, world: str | None) -> dict[str, str]:
    headers = dict(target.headers)
    if world is not None:
        headers[WORLD_HEADER] = world
    return headers


# -- the driver API -----------------------------------------------------------------------------
class LivePersonDriver:
    def __init__(self, client: DriverClient) -> None:
        self.client = client

    def conversation(self, conversation_id: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/conversations/{conversation_id}")

    def assign_agent(self, conversation_id: str, agent_id: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/conversations/{conversation_id}/agent",
                                {"agentId": agent_id})

    def close(self, conversation_id: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/conversations/{conversation_id}/close")

    def invite(self, conversation_id: str, mode: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/conversations/{conversation_id}/cobrowse",
                                {"mode": mode})

    def dialog(self, conversation_id: str, dialog_id: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/conversations/{conversation_id}/cobrowse/{dialog_id}")

    def cancel(self, conversation_id: str, dialog_id: str) -> httpx.Response:
        return self.client.post(
            f"{PREFIX}/conversations/{conversation_id}/cobrowse/{dialog_id}/cancel")

    def end(self, conversation_id: str, dialog_id: str) -> httpx.Response:
        return self.client.post(
            f"{PREFIX}/conversations/{conversation_id}/cobrowse/{dialog_id}/end")

    def join(self, conversation_id: str, dialog_id: str) -> httpx.Response:
        return self.client.post(
            f"{PREFIX}/conversations/{conversation_id}/cobrowse/{dialog_id}/join")

    def scroll(self, conversation_id: str, dialog_id: str, x: int, y: int) -> httpx.Response:
        return self.client.post(
            f"{PREFIX}/conversations/{conversation_id}/cobrowse/{dialog_id}/scroll",
            {"x": x, "y": y})

    def publish(self, event_name: str, data: dict[str, Any],
                app_name: str = "lpCoBrowse") -> httpx.Response:
        return self.client.post(f"{PREFIX}/lptag/publish",
                                {"appName": app_name, "eventName": event_name, "data": data})


def credentials_refusal(target: TargetInfo) -> str | None:
    """Before any scenario: whether the target refuses the configured consumer credentials
    (InitConnection with a token minted from ``jwtKey``, or the first ``jwt``), in words; None
    when it accepts them or no credential is configured (those scenarios are then skipped,
    saying so). A wrong key would otherwise fail every scenario's set-up one by one."""
    creds = target.credentials.get("liveperson", {})
    account = creds.get("accountId")
    if not account:
        return None
    if "jwtKey" in creds:
        token = mint_jwt(str(creds["jwtKey"]), str(uuid.uuid4()))
    elif creds.get("jwts") or creds.get("jwt"):
        token = str((list(creds.get("jwts") or []) or [creds["jwt"]])[0])
    else:
        return None
    socket = ConsumerSocket(ws_url(target, str(account)), ws_headers(target, None)).connect()
    try:
        response = socket.request("InitConnection", headers=[
            {"type": ".ams.headers.ClientProperties", "features": ["CO_BROWSE"]},
            {"type": ".ams.headers.ConsumerAuthentication", "jwt": token},
        ])
    finally:
        socket.close()
    if response is None:
        return "did not answer InitConnection"
    code = response.get("code")
    if isinstance(code, int) and 200 <= code < 300:
        return None
    return (f"refused InitConnection with the configured credentials ({code}: "
            f"{str(response.get('body'))[:200]})")
