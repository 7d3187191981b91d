"""genesys-cloud on the shared application (no routes yet: the profile is not implemented)."""

from typing import Any

from aiohttp import web

from mockserver.clock import Clock
from mockserver.faults import Faults
from mockserver.profiles import ProfileAdapter


class _NoCore:
    def __init__(self, clock: Clock, faults: Faults) -> None:
        self.clock = clock

    def reset(self) -> None:
        pass

    def tick(self) -> None:
        pass

    def configure(self, changes: dict[str, Any]) -> None:
        pass

    def config(self) -> dict[str, Any]:
        return {}


def _setup(app: web.Application) -> None:
    pass


ADAPTER = ProfileAdapter(
    name="genesys-cloud",
    new_core=_NoCore,
    setup=_setup,
    openapi=lambda: ({}, {}),
    implemented=False,
)
