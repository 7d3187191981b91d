"""WebSocket fan-out: from a CoBrowse state change to its delivery to N subscribed sockets.

N consumer sockets of one LivePerson consumer (devices of one visitor) announce CO_BROWSE
and subscribe to the consumer's conversations; the agent then invites and cancels over the
driver API, round after round. Each change must reach all N sockets: a latency is the time
from sending the driver request to a socket receiving the notification, all in this process
(so it includes the client's own handling of N frames, which is part of any consumer's
view). The count is an option; a server limit on open sockets is lifted for the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from benchmarks import servers
from benchmarks.load import Connection
from benchmarks.table import Row, ms, percentile, verdict
from mockserver.credentials import REFERENCE_CREDENTIALS
from mockserver.liveperson.jwt import sign_hs256

LP = REFERENCE_CREDENTIALS["liveperson"]
WORLD = {"X-Conformance-World": "bench-fanout"}
CONSUMER = "fanout-visitor"
NOTIFICATION = "cqm.ExConversationChangeNotification"
PROPERTIES = json.dumps({"type": ".ams.headers.ClientProperties", "features": ["CO_BROWSE"]})


class Round:
    """The moment one change was sent, and when each socket received it."""

    def __init__(self, sockets: int) -> None:
        self.sent = 0.0
        self.received: dict[int, float] = {}
        self.done = asyncio.Event()
        self.sockets = sockets

    def arrive(self, socket: int) -> None:
        if self.sent and socket not in self.received:
            self.received[socket] = time.perf_counter()
            if len(self.received) == self.sockets:
                self.done.set()


async def _listen(ws: aiohttp.ClientWebSocketResponse, number: int,
                  current: list[Round | None], responses: asyncio.Queue[dict[str, Any]]) -> None:
    async for message in ws:
        if message.type != aiohttp.WSMsgType.TEXT:
            return
        if NOTIFICATION in message.data:
            if current[0] is not None:
                current[0].arrive(number)
        elif '"resp"' in message.data:
            responses.put_nowait(json.loads(message.data))


async def _subscribed(session: aiohttp.ClientSession, url: str, headers: dict[str, str]
                      ) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(url, headers=headers, max_msg_size=0, autoping=True)
    await ws.send_str(json.dumps({"kind": "req", "id": "s", "type": "cqm.SubscribeExConversations",
                                  "body": {"convState": ["OPEN"]}}))
    while True:  # the response, then the current state
        frame = json.loads((await ws.receive()).data)
        if frame.get("type") == NOTIFICATION:
            return ws


class Changes:
    """Makes one change at a time and waits until every socket has been told of it."""

    def __init__(self, sockets: int) -> None:
        self.sockets = sockets
        self.current: list[Round | None] = [None]
        self.latencies: list[float] = []
        self.missed = 0

    async def make(self, send: Callable[[], Awaitable[Any]], timed: bool) -> Any:
        round_ = Round(self.sockets)
        self.current[0] = round_
        round_.sent = time.perf_counter()
        result = await send()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(round_.done.wait(), timeout=10)
        self.current[0] = None
        if timed:
            self.missed += self.sockets - len(round_.received)
            self.latencies += [t - round_.sent for t in round_.received.values()]
        return result


async def _measure(port: int, sockets: int, rounds: int) -> tuple[list[float], int]:
    """Per round, on a new conversation of the consumer (so that each change carries one
    CoBrowse dialog, as a typical conversation's would): the agent is assigned, then the
    timed changes, an invitation and its cancellation, then the conversation is closed."""
    token = sign_hs256({"sub": CONSUMER}, str(LP["jwtKey"]))
    url = f"http://127.0.0.1:{port}/ws_api/account/{LP['accountId']}/messaging/consumer?v=3"
    headers = {**WORLD, "Authorization": f"jwt {token}", "Client-Properties": PROPERTIES}
    driver = Connection(port)
    changes = Changes(sockets)
    responses: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        opened: list[aiohttp.ClientWebSocketResponse] = []
        for start in range(0, sockets, 50):  # in batches: the server accepts a backlog
            opened += await asyncio.gather(*(_subscribed(session, url, headers)
                                             for _ in range(start, min(sockets, start + 50))))
        listeners = [asyncio.create_task(_listen(ws, k, changes.current, responses))
                     for k, ws in enumerate(opened)]

        async def request_conversation() -> str:
            await opened[0].send_str(json.dumps({"kind": "req", "id": "c", "body": {},
                                                 "type": "cm.ConsumerRequestConversation"}))
            return str((await responses.get())["body"]["conversationId"])

        def driver_call(method: str, path: str, body: Any = None
                        ) -> Callable[[], Awaitable[Any]]:
            async def call() -> Any:
                return (await driver.json(method, path, body, WORLD))[1]
            return call

        for _ in range(rounds):
            cid = await changes.make(request_conversation, timed=False)
            base = f"/driver/liveperson/conversations/{cid}"
            await changes.make(driver_call("POST", f"{base}/agent", {"agentId": "agent"}), False)
            dialog = await changes.make(driver_call("POST", f"{base}/cobrowse",
                                                    {"mode": "shared"}), timed=True)
            await changes.make(driver_call("POST", f"{base}/cobrowse/{dialog['dialogId']}/"
                                           "cancel"), timed=True)
            await changes.make(driver_call("POST", f"{base}/close"), timed=False)
        for task in listeners:
            task.cancel()
        await asyncio.gather(*(ws.close() for ws in opened), return_exceptions=True)
    driver.close()
    return changes.latencies, changes.missed


def run(counts: list[int], rounds: int) -> list[Row]:
    rows = []
    for sockets in counts:
        with servers.reference(max_sockets=sockets + 10) as ref:
            latencies, missed = asyncio.run(_measure(ref.port, sockets, rounds))
        ordered = sorted(latencies)
        p99 = percentile(ordered, 0.99)
        lost = f"; {missed} deliveries missing after 10 s" if missed else ""
        rows.append(Row(
            f"WebSocket fan-out of a CoBrowse change to {sockets} subscribed sockets",
            f"p50 {ms(percentile(ordered, 0.5))}, p99 {ms(p99)}",
            f"{len(latencies)} deliveries over {rounds * 2} changes{lost}",
            verdict(p99 < 0.05 and not missed, "p99 < 50 ms") if sockets >= 1000 else ""))
    return rows
