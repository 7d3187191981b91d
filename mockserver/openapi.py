"""The OpenAPI 3.1 document of everything the server answers over HTTP."""

from __future__ import annotations

from typing import Any

from mockserver import control, schemas
from mockserver.profiles import adapters

DRIVER_ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["status", "error", "message"],
    "properties": {
        "status": {"type": "integer", "minimum": 400, "maximum": 499},
        "error": {"type": "string", "minLength": 1},
        "message": {"type": "string", "minLength": 1},
        "details": {"type": "object"},
    },
}


def document() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    components: dict[str, Any] = {"DriverError": DRIVER_ERROR, **schemas.components()}
    for part in [control.openapi(), *(a.openapi() for a in adapters())]:
        part_paths, part_schemas = part
        paths.update(part_paths)
        components.update(part_schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "cobrowse-conformance reference server",
            "version": "0.1.0",
            "description": "Driver API (the harness plays customer and agent), control API "
            "(test mode only) and the profiles' own wire formats.",
        },
        "paths": paths,
        "components": {"schemas": components},
    }
