"""The application factory: one aiohttp application serving every profile."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable

from aiohttp import web

from mockserver import control
from mockserver.faults import Faults
from mockserver.http import (
    ERROR_RENDERERS,
    FORM_PATHS,
    WORLDS,
    error_middleware,
    guard_middleware,
    json_response,
)
from mockserver.limits import MAX_BODY_BYTES
from mockserver.openapi import document
from mockserver.profiles import adapters
from mockserver.world import Worlds

TICK_SECONDS = 0.5


async def _openapi(request: web.Request) -> web.Response:
    # The control routes are listed only where they are served (test mode).
    return json_response(document(test_mode=request.app[control.TEST_MODE]))


async def _ticker(app: web.Application) -> AsyncIterator[None]:
    """Let time-driven rules fire without a request when the wall clock drives time."""

    async def run() -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            for world in app[WORLDS].all():
                world.tick()

    task = asyncio.create_task(run())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def create_app(*, test_mode: bool = False, faults: Iterable[str] = ()) -> web.Application:
    """Build the reference server. Faults may be switched on only in test mode."""
    fault_set = Faults(faults)
    if fault_set and not test_mode:
        raise ValueError("faults can only be switched on in test mode")
    app = web.Application(middlewares=[error_middleware, guard_middleware],
                          client_max_size=MAX_BODY_BYTES)
    profile_adapters = adapters()
    app[control.TEST_MODE] = test_mode
    app[ERROR_RENDERERS] = []
    app[FORM_PATHS] = set()
    app[WORLDS] = Worlds({a.name: a.new_core for a in profile_adapters}, fault_set,
                         test_mode=test_mode)
    app.router.add_get("/openapi.json", _openapi)
    control.setup(app)
    for adapter in profile_adapters:
        adapter.setup(app)
        app.cleanup_ctx.extend(adapter.cleanup_contexts)
    if not test_mode:
        app.cleanup_ctx.append(_ticker)
    return app
