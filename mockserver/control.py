"""The control API (test mode only): reset, configure, move the clock.

A harness needs these to test time rules instantly and to set limits; a
production deployment must not offer them, so outside test mode every
``/control`` route answers 404 with a body that says why.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from mockserver.clock import ManualClock, epoch_ms
from mockserver.credentials import REFERENCE_CREDENTIALS
from mockserver.errors import Invalid, NotFound
from mockserver.http import WORLDS, json_body, json_response, validator, world_of
from mockserver.oas import operation

PREFIX = "/control"
TEST_MODE = web.AppKey("test_mode", bool)

REQUESTS: dict[str, dict[str, Any]] = {
    "ClockAdvance": {
        "type": "object",
        "required": ["seconds"],
        "properties": {"seconds": {"type": "number", "minimum": 0, "maximum": 31536000}},
        "additionalProperties": False,
    },
    "Config": {
        "type": "object",
        "additionalProperties": {"type": "object"},
        "description": "Partial settings per profile, e.g. {\"genesys-engage\": "
        "{\"agentSessionsLimit\": 2}}",
    },
}
_V = {name: validator(schema) for name, schema in REQUESTS.items()}


def _require_test_mode(request: web.Request) -> None:
    if not request.app[TEST_MODE]:
        raise NotFound(
            "control_disabled",
            "the control API is only served in test mode (serve --test-mode)",
        )


async def reset(request: web.Request) -> web.Response:
    _require_test_mode(request)
    world = world_of(request)
    world.reset()
    return json_response({"world": world.name, "reset": True})


async def get_config(request: web.Request) -> web.Response:
    _require_test_mode(request)
    world = world_of(request)
    return json_response({name: core.config() for name, core in world.cores.items()})


async def put_config(request: web.Request) -> web.Response:
    _require_test_mode(request)
    body = await json_body(request, _V["Config"])
    world = world_of(request)
    unknown = sorted(set(body) - set(world.cores))
    if unknown:
        raise Invalid("invalid_config", f"unknown profile(s) {unknown}; known: "
                      f"{sorted(world.cores)}")
    for name, changes in body.items():
        world.cores[name].configure(changes)
    return json_response({name: core.config() for name, core in world.cores.items()})


async def get_clock(request: web.Request) -> web.Response:
    _require_test_mode(request)
    return json_response({"now": epoch_ms(world_of(request).clock.now())})


async def advance_clock(request: web.Request) -> web.Response:
    _require_test_mode(request)
    body = await json_body(request, _V["ClockAdvance"])
    world = world_of(request)
    clock = world.clock
    assert isinstance(clock, ManualClock)
    clock.advance(float(body["seconds"]))
    world.tick()
    return json_response({"now": epoch_ms(clock.now())})


async def capabilities(request: web.Request) -> web.Response:
    from mockserver.profiles import adapters

    test_mode = request.app[TEST_MODE]
    worlds = request.app[WORLDS]
    return json_response({
        "implementation": "cobrowse-conformance reference server",
        "profiles": [a.name for a in adapters() if a.implemented],
        "testMode": test_mode,
        # parties: the genesys-engage and genesys-cloud drivers tell the customer and the
        # agent apart by the credential each presents (mockserver.parties), in any mode.
        "capabilities": {"clock": test_mode, "configure": test_mode, "reset": test_mode,
                         "worlds": test_mode, "parties": True},
        "faults": sorted(worlds.faults.names),
        # A test double may publish the fixed credentials it accepts, so that a harness
        # pointed at it needs no target file; a production deployment never does.
        **({"credentials": REFERENCE_CREDENTIALS} if test_mode else {}),
    })


def setup(app: web.Application) -> None:
    r = app.router
    r.add_post(f"{PREFIX}/reset", reset)
    r.add_get(f"{PREFIX}/config", get_config)
    r.add_put(f"{PREFIX}/config", put_config)
    r.add_get(f"{PREFIX}/clock", get_clock)
    r.add_post(f"{PREFIX}/clock/advance", advance_clock)
    r.add_get("/driver/capabilities", capabilities)


def _op(summary: str, body: str | None = None) -> dict[str, Any]:
    return operation(summary, "control", body)


def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    paths = {
        f"{PREFIX}/reset": {"post": _op("Forget everything in this world")},
        f"{PREFIX}/config": {"get": _op("Read the settings"),
                             "put": _op("Change settings", "Config")},
        f"{PREFIX}/clock": {"get": _op("Read the world's clock")},
        f"{PREFIX}/clock/advance": {"post": _op("Move the clock forward", "ClockAdvance")},
        "/driver/capabilities": {"get": _op("What this target implements")},
    }
    return paths, dict(REQUESTS)
