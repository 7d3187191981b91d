"""A lean HTTP/1.1 load generator: keep-alive connections, closed loop, every latency kept.

Why not aiohttp's or httpx's client: on a two-core machine the client competes with the
server for CPU, and a full client spends more per request than a bare aiohttp handler does,
so it would measure itself. This one writes prepared request bytes and reads
``Content-Length`` (or chunked) bodies off asyncio streams, which costs a fraction of that.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from benchmarks.table import percentile

HOST = "127.0.0.1"


def request(method: str, path: str, body: Any = None,
            headers: Mapping[str, str] | None = None) -> bytes:
    """The bytes of one request; a ``body`` is sent as JSON."""
    payload = b"" if body is None else json.dumps(body).encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body is not None:
        lines.append("Content-Type: application/json")
    lines.append(f"Content-Length: {len(payload)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class Connection:
    """One keep-alive connection; reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(HOST, self.port)
        reader, writer = self._reader, self._writer
        writer.write(raw)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        if b"\r\ntransfer-encoding: chunked" in lower:
            body = await self._chunked(reader)
        else:
            start = lower.find(b"\r\ncontent-length:")
            if start < 0:
                body = await reader.read()
                self.close()
                return status, body
            end = lower.find(b"\r\n", start + 2)
            body = await reader.readexactly(int(lower[start + 17:end]))
        if b"\r\nconnection: close" in lower:
            self.close()
        return status, body

    @staticmethod
    async def _chunked(reader: asyncio.StreamReader) -> bytes:
        parts: list[bytes] = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)

    async def json(self, method: str, path: str, body: Any = None,
                   headers: Mapping[str, str] | None = None) -> tuple[int, Any]:
        status, raw = await self.send(request(method, path, body, headers))
        return status, json.loads(raw) if raw else None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


@dataclass
class Tally:
    """What a closed-loop run observed: latencies of every request, statuses, and units
    (requests, or whole lifecycles) completed inside the measured window."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    units: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def record(self, status: int, latency: float) -> None:
        self.latencies.append(latency)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    @property
    def per_second(self) -> float:
        return self.units / self.seconds if self.seconds else 0.0

    def p(self, share: float) -> float:
        return percentile(sorted(self.latencies), share)

    @property
    def non_2xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)


#: One unit of work on a connection: it records into the tally and returns the units done.
Unit = Callable[[Connection, Tally, int], Awaitable[int]]


async def closed_loop(port: int, connections: int, seconds: float, unit: Unit,
                      warmup: float = 0.3) -> Tally:
    """``connections`` workers repeat ``unit`` back to back for ``warmup`` + ``seconds``;
    only what completes inside the measured window counts."""
    measured = Tally()
    scratch = Tally()
    start = time.perf_counter() + warmup
    stop = start + seconds

    async def worker(number: int) -> None:
        connection = Connection(port)
        n = 0
        try:
            while True:
                now = time.perf_counter()
                if now >= stop:
                    return
                tally = measured if now >= start else scratch
                try:
                    done = await unit(connection, tally, number * 1_000_000 + n)
                    if time.perf_counter() <= stop:
                        tally.units += done
                except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    if len(measured.failures) < 5:
                        measured.failures.append(f"{type(exc).__name__}: {exc}")
                    connection.close()
                    await asyncio.sleep(0.01)
                n += 1
        finally:
            connection.close()

    await asyncio.gather(*(worker(k) for k in range(connections)))
    measured.seconds = seconds
    return measured


def repeat(raw: bytes) -> Unit:
    """A unit that sends the same prepared request: one read."""

    async def unit(connection: Connection, tally: Tally, _: int) -> int:
        began = time.perf_counter()
        status, _body = await connection.send(raw)
        tally.record(status, time.perf_counter() - began)
        return 1

    return unit


async def timed(connection: Connection, tally: Tally, method: str, path: str,
                body: Any = None, headers: Mapping[str, str] | None = None) -> Any:
    """Send one JSON request, record it, and hand back the decoded body (None if not 2xx)."""
    began = time.perf_counter()
    status, data = await connection.json(method, path, body, headers)
    tally.record(status, time.perf_counter() - began)
    return data if 200 <= status < 300 else None
