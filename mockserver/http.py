"""HTTP plumbing shared by every adapter: JSON bodies, errors, the world of a request.

Every refusal becomes a 4xx whose body says what was wrong; an adapter with
its own error format (the Platform API's ErrorBody) registers a renderer for
its path prefix. An unexpected exception still answers 500: that is a bug the
fuzzer must be able to see, never a way to refuse a client.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from mockserver.errors import HTTP_STATUS, DomainError, Invalid
from mockserver.world import WORLD_HEADER, World, Worlds

WORLDS = web.AppKey("worlds", Worlds)
ErrorRenderer = Callable[[web.Request, int, str, str, dict[str, Any]], web.Response]
ERROR_RENDERERS = web.AppKey("error_renderers", list[tuple[str, ErrorRenderer]])
MAX_BODY_BYTES = 1024 * 1024

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def world_of(request: web.Request) -> World:
    world = request.app[WORLDS].get(request.headers.get(WORLD_HEADER))
    world.tick()
    return world


CoreT = TypeVar("CoreT")


def core_of(request: web.Request, profile: str, kind: type[CoreT]) -> CoreT:
    """The domain core of ``profile`` in the request's world."""
    core = world_of(request).cores[profile]
    assert isinstance(core, kind), f"{profile} core is {type(core).__name__}"
    return core


def driver_error(
    request: web.Request, status: int, code: str, message: str, details: dict[str, Any]
) -> web.Response:
    body: dict[str, Any] = {"status": status, "error": code, "message": message}
    if details:
        body["details"] = details
    return web.json_response(body, status=status)


def render_error(
    request: web.Request, status: int, code: str, message: str, details: dict[str, Any]
) -> web.Response:
    for prefix, renderer in request.app.get(ERROR_RENDERERS, []):
        if request.path.startswith(prefix):
            return renderer(request, status, code, message, details)
    return driver_error(request, status, code, message, details)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except DomainError as exc:
        status = HTTP_STATUS[exc.kind]
        return render_error(request, status, exc.code, exc.message, exc.details)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}.get(
            exc.status, "http_error"
        )
        message = exc.text if exc.text and exc.status not in (404, 405) else {
            404: f"no route {request.method} {request.path}",
            405: f"method {request.method} is not allowed on {request.path}",
        }.get(exc.status, exc.reason)
        response = render_error(request, exc.status, code, message or exc.reason, {})
        for name in ("Allow",):
            if name in exc.headers:
                response.headers[name] = exc.headers[name]
        return response


async def json_body(request: web.Request, validator: Draft202012Validator | None = None) -> Any:
    """The request's JSON body, validated; Invalid (400) saying exactly what is wrong."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise Invalid("body_too_large", f"request bodies are limited to {MAX_BODY_BYTES} bytes")
    raw = await request.read()
    if not raw.strip():
        data: Any = {}
    else:
        try:
            data = json.loads(raw, parse_constant=_no_constants)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise Invalid("malformed_json", f"the request body is not valid JSON: {exc}") from None
    if validator is not None:
        error = best_match(validator.iter_errors(data))
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "(body)"
            raise Invalid("invalid_body", f"{where}: {error.message}", field=where)
    return data


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)
