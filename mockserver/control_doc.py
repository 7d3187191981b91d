"""The control API's part of ``/openapi.json``: its routes' description, for a server's mode.

Outside test mode the server answers every ``/control`` route 404, so the document
lists them only in test mode; ``/driver/capabilities`` is served in both. Each
operation gets an id, its body an example and the refusals it can meet.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from mockserver import control
from mockserver.oas import refine

EXAMPLES = {"ClockAdvance": {"seconds": 60},
            "Config": {"genesys-engage": {"agentSessionsLimit": 2}}}


def _ids() -> dict[tuple[str, str], str]:
    p = control.PREFIX
    return {("get", "/driver/capabilities"): "driverCapabilities",
            ("post", f"{p}/reset"): "controlReset", ("get", f"{p}/config"): "controlGetConfig",
            ("put", f"{p}/config"): "controlPutConfig", ("get", f"{p}/clock"): "controlGetClock",
            ("post", f"{p}/clock/advance"): "controlAdvanceClock"}


def openapi(profiles: Iterable[str], *, test_mode: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Paths and request schemas; ``profiles`` are the names a configuration may use."""
    paths, schemas = control.openapi()
    if not test_mode:
        paths = {path: item for path, item in paths.items()
                 if not path.startswith(f"{control.PREFIX}/")}
        schemas = {}
    components = copy.deepcopy(schemas)
    if "Config" in components:
        components["Config"]["propertyNames"] = {"enum": sorted(profiles)}
    return refine(paths, components, ids=_ids(), examples=EXAMPLES), components
