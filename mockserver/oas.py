"""OpenAPI fragments every part of the document shares: one operation shape, its errors, links.

Each profile describes its routes with ``operation`` (in a module apart from the
handlers, ``<profile>/api_doc.py``); ``mockserver.openapi`` assembles the document.
Kept apart from ``openapi`` so that a description can use it without importing the
list of profiles.

The document is what a fuzzer and a client generate requests from, so it says what
the server enforces and nothing it does not: a body is ``required`` only when an
empty one is refused, every refusal a request can meet before the core sees it
(400, 413, 415) is listed, and links lead from the response that creates an object
to every operation that takes its identifier.
"""

from __future__ import annotations

from typing import Any

from mockserver import schemas

DRIVER_ERROR_REF = {"$ref": "#/components/schemas/DriverError"}

#: What the front door refuses of a request with a body, before any core sees it.
BODY_REFUSALS = {
    "400": "Refused: the body is not JSON, or does not match the request schema (the "
           "message names the field and the rule it breaks).",
    "413": "Refused: the body is larger than the server accepts.",
    "415": "Refused: the body is not sent as JSON (Content-Type application/json).",
}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def error_responses(error_schema: dict[str, Any], *, with_body: bool,
                    why: str = "Refused; the body says why.") -> dict[str, Any]:
    """The refusals of one operation: the body's own (when it takes one) and any other 4xx."""
    responses: dict[str, Any] = {}
    if with_body:
        for status, description in BODY_REFUSALS.items():
            responses[status] = {"description": description,
                                 "content": json_content(error_schema)}
    responses["4XX"] = {"description": why, "content": json_content(error_schema)}
    return responses


def body_required(schema: dict[str, Any]) -> bool:
    """Whether an empty body is refused. The driver API reads an empty body as ``{}``,
    so it is refused exactly when the request schema requires a property."""
    return bool(schema.get("required"))


def path_parameter(name: str, description: str = "") -> dict[str, Any]:
    parameter: dict[str, Any] = {"name": name, "in": "path", "required": True,
                                 "schema": {"type": "string", "minLength": 1}}
    if description:
        parameter["description"] = description
    return parameter


def links(parameters: dict[str, str], *operation_ids: str,
          body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Links to ``operation_ids``, each given ``parameters`` (runtime expressions such as
    ``$response.body#/sessionId``) and, when set, a request body built the same way."""
    out: dict[str, Any] = {}
    for operation_id in operation_ids:
        link: dict[str, Any] = {"operationId": operation_id, "parameters": dict(parameters)}
        if body is not None:
            link["requestBody"] = body
        out[operation_id] = link
    return out


def response(description: str, returns: str | dict[str, Any] | None = None,
             links: dict[str, Any] | None = None) -> dict[str, Any]:
    """A JSON success response: ``returns`` is a project schema (``profile:name``, used when
    the checkout has it) or a schema; ``links`` lead on from it."""
    if isinstance(returns, str):
        schema = schemas.ref(returns) if schemas.has(returns) else {}
    else:
        schema = returns or {}
    out: dict[str, Any] = {"description": description, "content": json_content(schema)}
    if links:
        out["links"] = links
    return out


def operation(
    summary: str,
    tag: str,
    body: str | None = None,
    *,
    params: tuple[str, ...] = (),
    query: dict[str, dict[str, Any]] | None = None,
    ok: str = "200",
    returns: str | dict[str, Any] | None = None,
    links: dict[str, Any] | None = None,
    body_schema: dict[str, Any] | None = None,
    example: Any = None,
    operation_id: str | None = None,
    description: str = "",
    more: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An operation answering JSON on success and a DriverError on any 4xx.

    ``body`` names a request component and ``body_schema`` is its schema (which says
    whether the body is required; without it the body is taken as required);
    ``returns`` the success schema (a project schema ``profile:name``, used when the
    checkout has it, or a schema); ``query`` maps names to {schema, required}; ``more``
    adds other success responses (``{status: response(...)}``).
    """
    success = response("done", returns, links)
    parameters: list[dict[str, Any]] = [path_parameter(p) for p in params]
    for name, spec in (query or {}).items():
        parameters.append({"name": name, "in": "query", "required": spec.get("required", False),
                           "schema": spec["schema"]})
    responses: dict[str, Any] = {ok: success, **(more or {})}
    responses.update(error_responses(DRIVER_ERROR_REF, with_body=body is not None))
    op: dict[str, Any] = {"summary": summary, "tags": [tag], "responses": responses}
    if description:
        op["description"] = description
    if operation_id:
        op["operationId"] = operation_id
    if parameters:
        op["parameters"] = parameters
    if body:
        media: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{body}"}}
        if example is not None:
            media["example"] = example
        op["requestBody"] = {
            "required": True if body_schema is None else body_required(body_schema),
            "content": {"application/json": media}}
    return op


#: The optional party credential of the genesys-engage and genesys-cloud drivers
#: (mockserver.parties): with it, the party acting is the credential's.
PARTY_PARAMETER: dict[str, Any] = {
    "name": "X-Conformance-Party", "in": "header", "required": False,
    "description": "The acting party's credential, as the create response issued it "
                   "(partyCredentials.customer or partyCredentials.agent). With it the "
                   "request acts as that party, in that interaction only; without it the "
                   "body's role (or party) is taken on its word.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 512}}
PARTY_REFUSALS = {
    "401": "Refused: X-Conformance-Party holds no credential this server issued.",
    "403": "Refused: the credential is another interaction's, or the body's role (party) "
           "is not the credential's, or the act is the other party's.",
}


def with_party(paths: dict[str, Any], prefix: str, *, skip: tuple[str, ...] = ()) -> None:
    """Give every operation under ``prefix`` (but those in ``skip``, by operationId) the
    optional party header and its refusals, 401 and 403 as driver errors."""
    for path, item in paths.items():
        if not path.startswith(prefix):
            continue
        for op in item.values():
            if op.get("operationId") in skip:
                continue
            op["parameters"] = [*op.get("parameters", []), dict(PARTY_PARAMETER)]
            op["responses"] = {**op["responses"], **{
                status: {"description": why, "content": json_content(DRIVER_ERROR_REF)}
                for status, why in PARTY_REFUSALS.items()}}


def paths_of(operations: dict[str, tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    """``{operationId: (path, method, operation)}`` as OpenAPI paths, each with its id."""
    paths: dict[str, Any] = {}
    for operation_id, (path, method, op) in operations.items():
        op["operationId"] = operation_id
        paths.setdefault(path, {})[method] = op
    return paths


def _error_schema(op: dict[str, Any]) -> dict[str, Any]:
    media = op.get("responses", {}).get("4XX", {}).get("content", {}).get("application/json")
    return dict(media["schema"]) if media else DRIVER_ERROR_REF


def refine(paths: dict[str, Any], components: dict[str, Any], *,
           ids: dict[tuple[str, str], str] | None = None,
           on: dict[str, dict[str, Any]] | None = None,
           responses: dict[str, dict[str, Any]] | None = None,
           examples: dict[str, Any] | None = None,
           notes: dict[str, str] | None = None) -> dict[str, Any]:
    """A profile's routes, as its handlers' module describes them, made exact for clients.

    Each operation gets its id (``ids``: ``(method, path)`` for one without), the links of
    its success response (``on``, by id; they replace any the routes drew), its other
    success responses (``responses``, by id: they replace every 2xx the routes listed), a
    note of what the core refuses (``notes``), and for a JSON body its example, whether an
    empty body is refused (``components`` holds the schema) and the body's own refusals.
    The routes' summaries, parameters and schemas stay as they are.
    """
    out: dict[str, Any] = {}
    for path, item in paths.items():
        for method, original in item.items():
            op = dict(original, responses=dict(original.get("responses", {})))
            operation_id = op.get("operationId") or (ids or {}).get((method, path))
            if operation_id:
                op["operationId"] = operation_id
            if operation_id in (responses or {}):
                for status in [s for s in op["responses"] if s.startswith("2")]:
                    del op["responses"][status]
                op["responses"] = {**(responses or {})[operation_id], **op["responses"]}
            success = next((s for s in op["responses"] if s.startswith("2")), None)
            if operation_id in (on or {}) and success is not None:
                op["responses"][success] = {**op["responses"][success],
                                            "links": (on or {})[operation_id]}
            if operation_id in (notes or {}):
                op["description"] = (notes or {})[operation_id]
            media = op.get("requestBody", {}).get("content", {}).get("application/json")
            if media is not None:
                name = str(media["schema"].get("$ref", "")).rsplit("/", 1)[-1]
                media = dict(media)
                if name in (examples or {}):
                    media["example"] = (examples or {})[name]
                op["requestBody"] = {**op["requestBody"],
                                     "required": body_required(components.get(name, {})),
                                     "content": {"application/json": media}}
                refusals = error_responses(_error_schema(op), with_body=True)
                op["responses"] = {**op["responses"], **{
                    s: r for s, r in refusals.items() if s not in op["responses"]}}
            out.setdefault(path, {})[method] = op
    return out
