"""Full genesys-engage lifecycles per second over HTTP, N connections at once.

A lifecycle is what a co-browse session is from start to end: the primary interaction is
created, the customer starts a session, the agent joins and points, the agent exits and the
interaction ends (six requests). Every connection works in the same world, each lifecycle
with a customer and an agent of its own, so the world's history grows as the run goes on:
a server whose cost grows with history slows down within the run.
"""

from __future__ import annotations

import asyncio

from benchmarks import servers
from benchmarks.load import Connection, Tally, closed_loop, timed
from benchmarks.table import Row, ms, rate, verdict

P = "/driver/genesys-engage"
WORLD = {"X-Conformance-World": "bench-lifecycles"}
REQUESTS_PER_LIFECYCLE = 6


async def lifecycle(c: Connection, tally: Tally, n: int) -> int:
    """One lifecycle; 1 if every step answered 2xx, else 0 (the failure is in the tally)."""
    agent = f"agent-{n}"
    created = await timed(c, tally, "POST", f"{P}/interactions", {
        "media": "chat", "customerId": f"customer-{n}", "agentId": agent,
        "attachedData": {"source": "web", "url": "https://shop.example/"}}, WORLD)
    if created is None:
        return 0
    iid = created["interactionId"]
    session = await timed(c, tally, "POST", f"{P}/interactions/{iid}/sessions",
                          {"role": "customer"}, WORLD)
    if session is None:
        return 0
    token = session["sessionId"]
    steps = [("POST", f"{P}/sessions/{token}/join", {"agentId": agent}),
             ("POST", f"{P}/sessions/{token}/pointer", {"role": "agent", "x": 10, "y": 20}),
             ("POST", f"{P}/sessions/{token}/exit", {"role": "agent"}),
             ("POST", f"{P}/interactions/{iid}/end", None)]
    for method, path, body in steps:
        if await timed(c, tally, method, path, body, WORLD) is None:
            return 0
    return 1


def run(connections: int, seconds: float) -> list[Row]:
    with servers.reference() as ref:
        tally = asyncio.run(closed_loop(ref.port, connections, seconds, lifecycle))
    per_second = tally.per_second
    failures = f"; {tally.non_2xx} non-2xx" if tally.non_2xx else ""
    errors = f"; errors: {tally.failures[0]}" if tally.failures else ""
    return [Row(
        f"engage lifecycles ({REQUESTS_PER_LIFECYCLE} requests each), {connections} connections",
        f"{rate(per_second)} lifecycles = {rate(per_second * REQUESTS_PER_LIFECYCLE)} requests",
        f"per request p50 {ms(tally.p(0.5))}, p99 {ms(tally.p(0.99))}{failures}{errors}",
        verdict(per_second >= 2000, f"{per_second / 2000:.2f}x of 2,000/s"))]
