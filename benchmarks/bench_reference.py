"""Benchmark the reference server: driver API throughput and memory per session.

Prints figures; it asserts nothing (timings on a shared machine are not tests).
Traffic goes only to 127.0.0.1, bounded by --cycles.

    python benchmarks/bench_reference.py [--cycles 300] [--sessions 5000]

- throughput: full genesys-engage session cycles over HTTP (create interaction,
  start, join, pointer, exit: 5 requests each) from one client, as requests/s;
- memory: bytes per live session in the domain core (tracemalloc), with the
  peer figure of a bare dict per session as the ratio's reference.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import httpx

from mockserver.clock import ManualClock
from mockserver.faults import Faults
from mockserver.genesys_engage.core import EngageCore
from mockserver.server import BackgroundServer

P = "/driver/genesys-engage"


def throughput(cycles: int) -> None:
    server = BackgroundServer(test_mode=True)
    url = server.start()
    try:
        with httpx.Client(base_url=url, headers={"X-Conformance-World": "bench"}) as client:
            started = time.perf_counter()
            for _ in range(cycles):
                iid = client.post(f"{P}/interactions", json={"media": "chat"}).json()[
                    "interactionId"]
                token = client.post(f"{P}/interactions/{iid}/sessions",
                                    json={"role": "customer"}).json()["sessionId"]
                client.post(f"{P}/sessions/{token}/join", json={"agentId": "agent-1"})
                client.post(f"{P}/sessions/{token}/pointer",
                            json={"role": "agent", "x": 1, "y": 2})
                client.post(f"{P}/sessions/{token}/exit", json={"role": "agent"})
            elapsed = time.perf_counter() - started
    finally:
        server.stop()
    requests = cycles * 5
    print(f"throughput: {requests} requests in {elapsed:.2f} s = {requests / elapsed:.0f} req/s "
          f"({elapsed / cycles * 1000:.2f} ms per session cycle)")


def memory(sessions: int) -> None:
    core = EngageCore(ManualClock(1_700_000_000.0), Faults())
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for n in range(sessions):
        interaction = core.create_interaction("chat", f"c{n}", f"a{n}",
                                              {"source": "web", "url": "https://x.example/"})
        session = core.start_session(interaction.id, "customer")
        core.join(session.token, f"a{n}")
    after = tracemalloc.take_snapshot()
    core_bytes = sum(s.size_diff for s in after.compare_to(before, "filename"))
    peer_before = tracemalloc.take_snapshot()
    peer = [{"id": str(n), "state": "active", "data": {"source": "web"}} for n in range(sessions)]
    peer_after = tracemalloc.take_snapshot()
    peer_bytes = sum(s.size_diff for s in peer_after.compare_to(peer_before, "filename"))
    tracemalloc.stop()
    del peer
    print(f"memory: {core_bytes / sessions:.0f} bytes per live session with its interaction "
          f"({sessions} sessions); a bare dict per session: {peer_bytes / sessions:.0f} bytes; "
          f"ratio {core_bytes / max(peer_bytes, 1):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=300, help="HTTP session cycles (max 5000)")
    parser.add_argument("--sessions", type=int, default=5000, help="sessions for the memory test")
    args = parser.parse_args()
    if not 0 < args.cycles <= 5000 or not 0 < args.sessions <= 200_000:
        parser.error("--cycles must be 1..5000 and --sessions 1..200000")
    throughput(args.cycles)
    memory(args.sessions)


if __name__ == "__main__":
    main()
