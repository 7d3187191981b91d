"""genesys-engage on the shared application: its core and its driver routes."""

from typing import Any

from aiohttp import web

from mockserver.genesys_engage import routes
from mockserver.genesys_engage.core import EngageCore
from mockserver.http import ERROR_RENDERERS, core_of, driver_error
from mockserver.profiles import ProfileAdapter

#: The statuses the reference refuses with; source 002 says what cannot be done, not how a
#: refusal is said (GE-S-09).
REFUSALS = (403, 409, 410)


def _error(request: web.Request, status: int, code: str, message: str,
           details: dict[str, Any]) -> web.Response:
    """The driver API's error body; the legal variant ``engage.refusals-as-422`` answers
    every refusal with 422 instead, as a vendor's implementation may."""
    if status in REFUSALS:
        core = core_of(request, "genesys-engage", EngageCore)
        if "engage.refusals-as-422" in core.faults:
            status = 422
    return driver_error(request, status, code, message, details)


def _setup(app: web.Application) -> None:
    app[ERROR_RENDERERS].append((routes.PREFIX, _error))
    routes.setup(app)


ADAPTER = ProfileAdapter(
    name="genesys-engage",
    new_core=lambda clock, faults: EngageCore(clock, faults),
    setup=_setup,
    openapi=routes.openapi,
)
