"""The OpenAPI 3.1 document of everything the server answers over HTTP.

It lists only what the server serves in its mode (the control API only in test
mode), and each profile's part comes from its description module (``api_doc``),
which says what the routes enforce and links every create to what uses its id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver import control_doc, schemas
from mockserver.genesys_cloud import api_doc as cloud_doc
from mockserver.genesys_engage import api_doc as engage_doc
from mockserver.liveperson import api_doc as liveperson_doc
from mockserver.profiles import OpenApiPart, adapters

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

#: Each profile's description, kept apart from its handlers. A profile missing here is
#: described by its adapter's own ``openapi``.
DESCRIPTIONS: dict[str, Callable[[], OpenApiPart]] = {
    "genesys-engage": engage_doc.openapi,
    "genesys-cloud": cloud_doc.openapi,
    "liveperson": liveperson_doc.openapi,
}


def document(test_mode: bool = True) -> dict[str, Any]:
    """The document of a server in ``test_mode`` (which adds the control API) or not."""
    profiles = adapters()
    paths: dict[str, Any] = {}
    components: dict[str, Any] = {"DriverError": DRIVER_ERROR, **schemas.components()}
    parts = [control_doc.openapi([a.name for a in profiles], test_mode=test_mode),
             *(DESCRIPTIONS.get(a.name, a.openapi)() for a in profiles)]
    for part_paths, part_schemas in parts:
        paths.update(part_paths)
        components.update(part_schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "cobrowse-conformance reference server",
            "version": "0.1.0",
            "description": "Driver API (the harness plays customer and agent), the profiles' "
            "own wire formats" + (" and the control API (test mode)" if test_mode else "")
            + ". Links lead from each create to the operations that take its id.",
        },
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": dict(cloud_doc.SECURITY_SCHEMES)},
    }
