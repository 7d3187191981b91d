"""Per-request latency over HTTP against the number of ended sessions a world holds.

The reference is started with a world already holding 0, 10,000 or 100,000 ended
genesys-engage sessions (benchmarks.serve --seed-ended); then, on one connection, one
request at a time, a live session's reads and a pointer move are timed. Every request ticks
the world, so this is where a cost that grows with history shows: flat is the goal. The
in-core figures (benchmarks.incore) give the same curve without HTTP, for every step.
"""

from __future__ import annotations

import asyncio

from benchmarks import servers
from benchmarks.load import Connection, Tally, closed_loop, repeat, request, timed
from benchmarks.table import Row, ms, verdict

P = "/driver/genesys-engage"
WORLD = {"X-Conformance-World": "bench"}  # the world benchmarks.serve seeds


async def _session(port: int) -> tuple[str, str]:
    c = Connection(port)
    scratch = Tally()
    try:
        created = await timed(c, scratch, "POST", f"{P}/interactions", {
            "media": "chat", "customerId": "probe-c", "agentId": "probe-a"}, WORLD)
        iid = created["interactionId"]
        session = await timed(c, scratch, "POST", f"{P}/interactions/{iid}/sessions",
                              {"role": "customer"}, WORLD)
        token = session["sessionId"]
        await timed(c, scratch, "POST", f"{P}/sessions/{token}/join", {"agentId": "probe-a"},
                    WORLD)
        await timed(c, scratch, "PUT", f"{P}/sessions/{token}/page", {
            "url": "https://shop.example/", "title": "Shop",
            "elements": [{"id": "q", "tag": "input", "type": "text", "value": "2"}]}, WORLD)
    finally:
        c.close()
    return iid, token


def run(counts: list[int], seconds: float) -> list[Row]:
    figures: dict[str, list[tuple[int, Tally]]] = {}
    for ended in counts:
        with servers.reference(seed_ended=ended) as ref:
            iid, token = asyncio.run(_session(ref.port))
            probes = {
                "GET .../interactions/{id}": request("GET", f"{P}/interactions/{iid}",
                                                     headers=WORLD),
                "GET .../sessions/{id}/view": request("GET", f"{P}/sessions/{token}/view"
                                                      "?role=agent", headers=WORLD),
                "POST .../sessions/{id}/pointer": request(
                    "POST", f"{P}/sessions/{token}/pointer",
                    {"role": "agent", "x": 1, "y": 2}, WORLD),
            }
            for name, raw in probes.items():
                tally = asyncio.run(closed_loop(ref.port, 1, seconds, repeat(raw)))
                figures.setdefault(name, []).append((ended, tally))
    rows = []
    for name, series in figures.items():
        cells = [f"{ended:,} ended: p50 {ms(t.p(0.5))}, p99 {ms(t.p(0.99))}"
                 for ended, t in series]
        first, last = series[0][1].p(0.5), series[-1][1].p(0.5)
        growth = last / first if first else float("nan")
        rows.append(Row(f"latency of {name} against history (1 connection)",
                        "; ".join(cells), "",
                        verdict(growth < 1.5, f"p50 x{growth:.2f} from {series[0][0]:,} to "
                                f"{series[-1][0]:,} ended (flat: < x1.5)")))
    return rows
