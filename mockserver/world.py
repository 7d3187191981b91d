"""A world: one clock and one domain core per profile.

In test mode every request may name its world (``X-Conformance-World``), so
scenarios that configure limits or move the clock cannot disturb each other
when the suite runs in parallel against one server. Outside test mode there is
only the default world and the wall clock.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

from mockserver.clock import Clock, ManualClock, SystemClock
from mockserver.faults import Faults

WORLD_HEADER = "X-Conformance-World"
DEFAULT_WORLD = "default"
MAX_WORLDS = 2000


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


class World:
    def __init__(self, name: str, clock: Clock, cores: dict[str, ProfileCore]) -> None:
        self.name = name
        self.clock = clock
        self.cores = cores

    def tick(self) -> None:
        for core in self.cores.values():
            core.tick()

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

    def get(self, name: str | None) -> World:
        if not self.test_mode or not name:
            name = DEFAULT_WORLD
        world = self._worlds.get(name)
        if world is None:
            clock: Clock = ManualClock() if self.test_mode else self._system_clock
            cores = {p: make(clock, self.faults) for p, make in self.factories.items()}
            world = World(name, clock, cores)
            self._worlds[name] = world
            while len(self._worlds) > MAX_WORLDS:
                self._worlds.popitem(last=False)
        else:
            self._worlds.move_to_end(name)
        return world

    def all(self) -> list[World]:
        return list(self._worlds.values())

    def drop_all(self) -> None:
        self._worlds.clear()
