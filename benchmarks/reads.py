"""Reads at N connections: the reference beside a bare aiohttp handler and Prism.

Three reads a harness makes over and over: the Platform API's conversation
(``GET /api/v2/conversations/{id}``), a genesys-engage interaction and the agent's view of
a shared page. The fixtures are made through the driver API; the bare handler then serves,
for each path, the very bytes the reference answered, so the ratio is what the reference's
world lookup, core and serialisation cost over aiohttp itself. Prism mocks the reference's
own ``/openapi.json``: the same routes, answered from the document alone (its body is an
example, not the same bytes).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks import servers
from benchmarks.load import Connection, Tally, closed_loop, repeat, request
from benchmarks.table import Row, ms, rate, verdict

WORLD = {"X-Conformance-World": "bench-reads"}
PLATFORM = {**WORLD, "Authorization": "Bearer reference-token"}
ENGAGE = "/driver/genesys-engage"
CLOUD = "/driver/genesys-cloud"
PAGE = {"url": "https://shop.example/cart", "title": "Cart", "elements": [
    {"id": "q", "tag": "input", "type": "text", "value": "2"},
    {"id": "card", "tag": "input", "type": "password", "value": "4111"},
    {"id": "note", "tag": "textarea", "classes": ["private"], "text": "leave at the door"},
    {"id": "buy", "tag": "button", "type": "submit", "text": "Buy"}]}


@dataclass(frozen=True)
class Read:
    name: str
    path: str
    headers: dict[str, str]


async def _ok(connection: Connection, method: str, path: str, body: object = None,
              headers: dict[str, str] | None = None) -> dict[str, object]:
    status, data = await connection.json(method, path, body, headers or WORLD)
    if not 200 <= status < 300 or not isinstance(data, dict):
        raise RuntimeError(f"{method} {path} answered {status}: {str(data)[:200]}")
    return data


async def fixtures(port: int) -> list[Read]:
    """One live engage session with a shared page, one Platform API conversation."""
    c = Connection(port)
    try:
        interaction = await _ok(c, "POST", f"{ENGAGE}/interactions", {
            "media": "chat", "customerId": "reader-c", "agentId": "reader-a",
            "attachedData": {"source": "web", "url": "https://shop.example/cart",
                             "pageTitle": "Cart", "basket": "3 items"}})
        iid = interaction["interactionId"]
        session = await _ok(c, "POST", f"{ENGAGE}/interactions/{iid}/sessions",
                            {"role": "customer"})
        token = session["sessionId"]
        await _ok(c, "POST", f"{ENGAGE}/sessions/{token}/join", {"agentId": "reader-a"})
        await _ok(c, "PUT", f"{ENGAGE}/sessions/{token}/page", PAGE)
        conversation = await _ok(c, "POST", f"{CLOUD}/conversations", {})
        cid = conversation["conversationId"]
        record = await _ok(c, "POST", f"{CLOUD}/conversations/{cid}/cobrowse", {})
        await _ok(c, "POST", f"{CLOUD}/cobrowse/{record['cobrowseSessionId']}/join", {})
    finally:
        c.close()
    return [
        Read("Platform API read GET /api/v2/conversations/{id}", f"/api/v2/conversations/{cid}",
             PLATFORM),
        Read("engage interaction read GET .../interactions/{id}", f"{ENGAGE}/interactions/{iid}",
             WORLD),
        Read("engage session view GET .../sessions/{id}/view?role=agent",
             f"{ENGAGE}/sessions/{token}/view?role=agent", WORLD),
    ]


async def bodies(port: int, reads: list[Read]) -> dict[str, str]:
    """What the reference answers to each read, by path (without the query)."""
    c = Connection(port)
    try:
        out = {}
        for read in reads:
            status, body = await c.send(request("GET", read.path, headers=read.headers))
            if status != 200:
                raise RuntimeError(f"GET {read.path} answered {status}")
            out[read.path.split("?")[0]] = body.decode()
        return out
    finally:
        c.close()


async def document(port: int) -> dict[str, object]:
    c = Connection(port)
    try:
        status, data = await c.json("GET", "/openapi.json")
    finally:
        c.close()
    if status != 200 or not isinstance(data, dict):
        raise RuntimeError(f"/openapi.json answered {status}")
    return data


SLICES = 3


def measure(port: int, read: Read, connections: int, seconds: float) -> Tally:
    raw = request("GET", read.path, headers=read.headers)
    return asyncio.run(closed_loop(port, connections, seconds, repeat(raw)))


def interleaved(ports: dict[str, int], read: Read, connections: int, seconds: float
                ) -> dict[str, Tally]:
    """Each server measured in SLICES turns taken one after another, so that a burst of
    other work on a shared machine hits them alike; per server, the latencies of all its
    turns and the median turn's throughput."""
    turns: dict[str, list[Tally]] = {name: [] for name in ports}
    for _ in range(SLICES):
        for name, port in ports.items():
            turns[name].append(measure(port, read, connections, seconds / SLICES))
    out = {}
    for name, tallies in turns.items():
        median = sorted(tallies, key=lambda t: t.per_second)[len(tallies) // 2]
        merged = Tally(units=median.units, seconds=median.seconds,
                       failures=[f for t in tallies for f in t.failures])
        for t in tallies:
            merged.latencies += t.latencies
            for status, n in t.statuses.items():
                merged.statuses[status] = merged.statuses.get(status, 0) + n
        out[name] = merged
    return out


def _figure(tally: Tally) -> str:
    bad = f", {tally.non_2xx} non-2xx" if tally.non_2xx else ""
    failed = f", errors: {tally.failures[0]}" if tally.failures else ""
    latency = f"p50 {ms(tally.p(0.5))}, p99 {ms(tally.p(0.99))}"
    return f"{rate(tally.per_second)} ({latency}{bad}{failed})"


def run(connections: int, seconds: float, use_prism: bool) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp, servers.reference() as ref:
        reads = asyncio.run(fixtures(ref.port))
        bodies_file = Path(tmp, "bodies.json")
        bodies_file.write_text(json.dumps(asyncio.run(bodies(ref.port, reads))))
        doc_file = Path(tmp, "openapi.json")
        doc_file.write_text(json.dumps(asyncio.run(document(ref.port))))
        prism: servers.Server | str = "skipped (--no-prism)"
        if use_prism:
            prism = servers.prism(doc_file)
        try:
            with servers.bare(bodies_file) as bare:
                ports = {"reference": ref.port, "bare": bare.port}
                if isinstance(prism, servers.Server):
                    ports["prism"] = prism.port
                for read in reads:
                    tallies = interleaved(ports, read, connections, seconds)
                    ours, floor = tallies["reference"], tallies["bare"]
                    peers = [f"bare aiohttp {_figure(floor)}"]
                    ratio_bare = ours.per_second / max(floor.per_second, 1e-9)
                    notes = [f"{ratio_bare:.2f}x bare (>= 0.5)"]
                    met = ratio_bare >= 0.5
                    if "prism" in tallies:
                        mock = tallies["prism"]
                        ratio_prism = ours.per_second / max(mock.per_second, 1e-9)
                        peers.append(f"Prism {_figure(mock)}")
                        notes.append(f"{ratio_prism:.1f}x Prism (>= 20)")
                        met = met and ratio_prism >= 20
                    else:
                        peers.append(f"Prism {prism}")
                    rows.append(Row(f"{read.name}, {connections} connections", _figure(ours),
                                    "; ".join(peers), verdict(met, ", ".join(notes))))
        finally:
            if isinstance(prism, servers.Server):
                prism.stop()
    return rows
