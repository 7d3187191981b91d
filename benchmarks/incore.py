"""What the domain cores cost without HTTP: memory per live session, set-up time, and the
cost of each step as the history of ended sessions grows.

Each measurement runs in a fresh interpreter (``python -m benchmarks.incore KIND N``
prints one JSON object), so that one's garbage and heap do not weigh on the next.

- memory: bytes per live genesys-engage session (its interaction, started and joined, with
  its own customer and agent), by tracemalloc over the core's allocations;
- setup: seconds to set up N such sessions, tracemalloc off;
- history: N ended sessions (engage) and N closed conversations (liveperson) first, then
  the median, 99th percentile and mean of each step of new lifecycles, each step after a
  tick, as every request ticks its world. The mean also carries the garbage collector's
  full collections, which walk every object the process holds, history included.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks.servers import ROOT, python_env
from benchmarks.table import percentile
from mockserver.clock import ManualClock
from mockserver.faults import Faults
from mockserver.genesys_engage.core import EngageCore
from mockserver.liveperson.core import LivePersonCore

START = 1_700_000_000.0


def live_sessions(core: EngageCore, count: int, prefix: str = "") -> None:
    for n in range(count):
        interaction = core.create_interaction("chat", f"{prefix}c{n}", f"{prefix}a{n}",
                                              {"source": "web", "url": "https://x.example/"})
        session = core.start_session(interaction.id, "customer")
        core.join(session.token, f"{prefix}a{n}")


def memory(count: int) -> dict[str, Any]:
    core = EngageCore(ManualClock(START), Faults())
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    live_sessions(core, count)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    return {"sessions": count, "bytes_per_session": grown / count}


def setup(count: int) -> dict[str, Any]:
    core = EngageCore(ManualClock(START), Faults())
    began = time.perf_counter()
    live_sessions(core, count)
    return {"sessions": count, "seconds": time.perf_counter() - began}


class Steps:
    """Times each step of a request as the server runs it: the world's tick, then the call."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}

    def __call__(self, name: str, core: EngageCore | LivePersonCore,
                 call: Callable[..., Any], *args: Any) -> Any:
        began = time.perf_counter()
        core.tick()
        result = call(*args)
        self.samples.setdefault(name, []).append(time.perf_counter() - began)
        return result


def history(ended: int, probes: int = 2000) -> dict[str, Any]:
    clock = ManualClock(START)
    engage = EngageCore(clock, Faults())
    lp = LivePersonCore(clock, Faults())
    for n in range(ended):
        interaction = engage.create_interaction("chat", f"old-c{n}", f"old-a{n}", {})
        session = engage.start_session(interaction.id, "customer")
        engage.join(session.token, f"old-a{n}")
        engage.exit(session.token, "agent")
        engage.end_interaction(interaction.id)
        conversation = lp.request_conversation(f"old-consumer{n}")
        lp.assign_agent(conversation.id, "agent")
        lp.cancel(conversation.id, lp.invite(conversation.id, "shared").dialog_id)
        lp.close_conversation(conversation.id, "AGENT")
        clock.advance(0.001)
    step = Steps()
    for n in range(probes):
        interaction = step("engage create", engage, engage.create_interaction, "chat",
                           f"c{n}", f"a{n}", {})
        session = step("engage start", engage, engage.start_session, interaction.id, "customer")
        step("engage join", engage, engage.join, session.token, f"a{n}")
        step("engage exit", engage, engage.exit, session.token, "agent")
        conversation = step("liveperson request", lp, lp.request_conversation, f"consumer{n}")
        lp.assign_agent(conversation.id, "agent")
        step("liveperson invite", lp, lp.invite, conversation.id, "view")
    out: dict[str, Any] = {"ended": ended}
    for name, values in step.samples.items():
        ordered = sorted(values)
        out[name] = {"mean": sum(values) / len(values), "p50": percentile(ordered, 0.5),
                     "p99": percentile(ordered, 0.99)}
    return out


KINDS: dict[str, Callable[[int], dict[str, Any]]] = {
    "memory": memory, "setup": setup, "history": history}


def measure(kind: str, count: int, timeout: float = 600.0) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return what it printed."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.incore", kind, str(count)],
                          cwd=ROOT, env=python_env(), capture_output=True, text=True,
                          timeout=timeout, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


if __name__ == "__main__":
    print(json.dumps(KINDS[sys.argv[1]](int(sys.argv[2]))))
