"""A world: one clock and one domain core per profile.

In test mode every request may name its world (``X-Conformance-World``), so
scenarios that configure limits or move the clock cannot disturb each other
when the suite runs in parallel against one server. Outside test mode there is
only the default world and the wall clock.

Nothing a world holds grows without bound: at most ``MAX_WORLDS`` worlds are kept (the least
recently used one goes first, but never one a WebSocket is open in: the socket would go on
serving a world that requests by the same name no longer reach, one world split in two),
and every ``SWEEP_EVERY_SECONDS`` each world's sweepers (one per profile, registered by its
adapter) forget what has ended, outside test mode after ``RETAIN_ENDED_SECONDS``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

from mockserver.clock import Clock, ManualClock, SystemClock
from mockserver.faults import Faults
from mockserver.limits import MAX_WORLDS, RETAIN_ENDED_SECONDS, SWEEP_EVERY_SECONDS

WORLD_HEADER = "X-Conformance-World"
DEFAULT_WORLD = "default"


class ProfileCore(Protocol):
    def reset(self) -> None: ...

    def tick(self) -> None:
        """Apply everything the clock has made due (timeouts, expiries)."""
        ...

    def configure(self, changes: dict[str, Any]) -> None:
        """Apply a partial configuration; raise mockserver.errors.Invalid on a bad one."""
        ...

    def config(self) -> dict[str, Any]: ...


CoreFactory = Callable[[Clock, Faults], ProfileCore]
#: Forget what a core may forget: ended records that ended before the time given (None: keep
#: every ended record that the per-world limits leave room for).
Sweeper = Callable[[Any, float | None], None]


class World:
    def __init__(self, name: str, clock: Clock, cores: dict[str, ProfileCore],
                 sweepers: dict[str, Sweeper] | None = None, *, retain: bool = False) -> None:
        self.name = name
        self.clock = clock
        self.cores = cores
        self.sweepers = sweepers if sweepers is not None else {}
        #: Forget ended records RETAIN_ENDED_SECONDS after they ended (a long-running server).
        self.retain = retain
        #: Open WebSockets serving this world: while there are any, it is never evicted.
        self.pins = 0
        self._swept = time.monotonic()

    def tick(self) -> None:
        for core in self.cores.values():
            core.tick()
        if time.monotonic() - self._swept >= SWEEP_EVERY_SECONDS:
            self.sweep()

    def sweep(self) -> None:
        """Let every profile forget what it may (see ``Sweeper``)."""
        self._swept = time.monotonic()
        before = self.clock.now() - RETAIN_ENDED_SECONDS if self.retain else None
        for name, sweeper in self.sweepers.items():
            sweeper(self.cores[name], before)

    def reset(self) -> None:
        for core in self.cores.values():
            core.reset()


class Worlds:
    def __init__(
        self, factories: dict[str, CoreFactory], faults: Faults, *, test_mode: bool
    ) -> None:
        self.factories = factories
        self.faults = faults
        self.test_mode = test_mode
        self._system_clock = SystemClock()
        self._worlds: OrderedDict[str, World] = OrderedDict()
        #: Registered by the adapters (``setup``), shared by every world.
        self.sweepers: dict[str, Sweeper] = {}
        self.max_worlds = MAX_WORLDS

    def get(self, name: str | None) -> World:
        if not self.test_mode or not name:
            name = DEFAULT_WORLD
        world = self._worlds.get(name)
        if world is None:
            clock: Clock = ManualClock() if self.test_mode else self._system_clock
            cores = {p: make(clock, self.faults) for p, make in self.factories.items()}
            world = World(name, clock, cores, self.sweepers, retain=not self.test_mode)
            self._worlds[name] = world
            self._evict()
        else:
            self._worlds.move_to_end(name)
        return world

    def _evict(self) -> None:
        """Drop the least recently used worlds beyond ``max_worlds``, skipping any with an open
        socket (the sockets are bounded, MAX_SOCKETS < MAX_WORLDS, so room is always found)."""
        while len(self._worlds) > self.max_worlds:
            victim = next((n for n, w in self._worlds.items() if not w.pins), None)
            if victim is None:
                return
            del self._worlds[victim]

    def all(self) -> list[World]:
        return list(self._worlds.values())

    def drop_all(self) -> None:
        self._worlds.clear()
