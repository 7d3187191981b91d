"""OpenAPI fragments every driver-style route shares: one operation shape, one error body.

Each adapter describes its routes with ``operation``; ``mockserver.openapi``
assembles the document. (Kept apart from ``openapi`` so that adapters can use
it without importing the list of profiles.)
"""

from __future__ import annotations

from typing import Any

from mockserver import schemas

DRIVER_ERROR_REF = {"$ref": "#/components/schemas/DriverError"}


def operation(
    summary: str,
    tag: str,
    body: str | None = None,
    *,
    params: tuple[str, ...] = (),
    query: dict[str, dict[str, Any]] | None = None,
    ok: str = "200",
    returns: str | None = None,
    links: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An operation answering JSON on success and a DriverError on any 4xx.

    ``body`` names a request component; ``returns`` a project schema (``profile:name``)
    used as the success schema when it exists; ``query`` maps names to (schema, required).
    """
    schema = schemas.ref(returns) if returns and schemas.has(returns) else {}
    success: dict[str, Any] = {"description": "done",
                               "content": {"application/json": {"schema": schema}}}
    if links:
        success["links"] = links
    parameters: list[dict[str, Any]] = [
        {"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in params
    ]
    for name, spec in (query or {}).items():
        parameters.append({"name": name, "in": "query", "required": spec.get("required", False),
                           "schema": spec["schema"]})
    op: dict[str, Any] = {
        "summary": summary,
        "tags": [tag],
        "responses": {
            ok: success,
            "4XX": {"description": "refused; the body says why",
                    "content": {"application/json": {"schema": DRIVER_ERROR_REF}}},
        },
    }
    if parameters:
        op["parameters"] = parameters
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{body}"}}}}
    return op
