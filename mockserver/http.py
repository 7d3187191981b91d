"""HTTP plumbing shared by every adapter: JSON bodies, errors, the world of a request.

Every refusal becomes a 4xx whose body says what was wrong; an adapter with
its own error format (the Platform API's ErrorBody) registers a renderer for
its path prefix. An unexpected exception still answers 500: that is a bug the
fuzzer must be able to see, never a way to refuse a client.

Every state-changing request passes ``guard_middleware`` first. A web page can make a
visitor's browser send a POST with a ``text/plain`` or form body (or none) to a server on
127.0.0.1 without asking it first (no CORS preflight); so a body must be JSON, declared as
such, and a request a browser marks as coming from another site's page is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from mockserver.errors import HTTP_STATUS, DomainError, Invalid
from mockserver.limits import (
    MAX_BODY_BYTES,
    Refused,
    error_field,
    explain,
    first_error,
    parse_json,
    quoted,
)
from mockserver.world import WORLD_HEADER, World, Worlds

WORLDS = web.AppKey("worlds", Worlds)
ErrorRenderer = Callable[[web.Request, int, str, str, dict[str, Any]], web.Response]
ERROR_RENDERERS = web.AppKey("error_renderers", list[tuple[str, ErrorRenderer]])
#: Paths whose bodies are not JSON (the login host's form-encoded token route).
FORM_PATHS = web.AppKey("form_paths", set[str])
#: Methods that change state: their bodies must be JSON and their origin this server.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON_MEDIA_TYPE = "application/json"
#: Bodies larger than this are read and validated on a worker thread: a schema check of a
#: megabyte takes a good part of a second, and the event loop serves every other client.
OFFLOAD_BYTES = 64 * 1024

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
    except Refused as exc:
        return render_error(request, exc.status, exc.code, exc.message, exc.details)
    except DomainError as exc:
        status = HTTP_STATUS[exc.kind]
        return render_error(request, status, exc.code, exc.message, exc.details)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large",
                415: "unsupported_media_type"}.get(exc.status, "http_error")
        message = exc.text if exc.text and exc.status not in (404, 405) else {
            404: f"no route {request.method} {request.path}",
            405: f"method {request.method} is not allowed on {request.path}",
        }.get(exc.status, exc.reason)
        response = render_error(request, exc.status, code, message or exc.reason, {})
        for name in ("Allow",):
            if name in exc.headers:
                response.headers[name] = exc.headers[name]
        return response


def media_type(request: web.Request) -> str:
    """The request's declared media type, lower case, without parameters ("" if none)."""
    return request.headers.get("Content-Type", "").split(";")[0].strip().lower()


def is_json(media: str) -> bool:
    """``application/json`` or a JSON-based type (``application/problem+json``)."""
    return media == JSON_MEDIA_TYPE or (media.startswith("application/")
                                        and media.endswith("+json"))


def _same_origin(origin: str, request: web.Request) -> bool:
    return origin.split("://", 1)[-1].rstrip("/").lower() == request.host.lower()


@web.middleware
async def guard_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse a state-changing request a web page could have sent: a cross-site ``Origin``
    (403) or a body declared as anything but JSON (415). A request that declares no type is
    read as JSON (curl and scripts often omit it); a browser always declares one, or marks
    the request with its page's ``Origin``."""
    if request.method in UNSAFE_METHODS:
        origin = request.headers.get("Origin")
        if origin is not None and not _same_origin(origin, request):
            raise Refused(403, "cross_origin", f"requests from another site's page "
                          f"({quoted(origin)}) are refused; send them from a client, not a "
                          "web page", field="Origin")
        media = media_type(request)
        if media and not is_json(media) and request.path not in request.app.get(
                FORM_PATHS, set()):
            raise Refused(415, "unsupported_media_type", f"this route takes "
                          f"{JSON_MEDIA_TYPE} bodies, not {quoted(media)}: send "
                          f"Content-Type: {JSON_MEDIA_TYPE}", field="Content-Type")
    return await handler(request)


async def read_json(request: web.Request, validator: Draft202012Validator | None = None
                    ) -> tuple[Any | None, ValidationError | None]:
    """The request's JSON body within the limits (mockserver.limits), None when it has none,
    and the schema error to report, if any. Refused (413, 415, 400) says which limit or which
    form was wrong."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise Refused(413, "body_too_large", f"request bodies are limited to {MAX_BODY_BYTES} "
                      f"bytes; this one has {request.content_length}", limit=MAX_BODY_BYTES)
    media = media_type(request)
    if media and not is_json(media):
        raise Refused(415, "unsupported_media_type", f"this route takes {JSON_MEDIA_TYPE} "
                      f"bodies, not {quoted(media)}", field="Content-Type")
    raw = await request.read()
    if not raw.strip():
        return None, None
    if len(raw) > OFFLOAD_BYTES:
        return await asyncio.to_thread(_decode, raw, validator)
    return _decode(raw, validator)


def _decode(raw: bytes, validator: Draft202012Validator | None
            ) -> tuple[Any, ValidationError | None]:
    data = parse_json(raw)
    return data, None if validator is None else first_error(validator, data)


async def json_body(request: web.Request, validator: Draft202012Validator | None = None) -> Any:
    """The request's JSON body, validated; Invalid (400) saying exactly what is wrong."""
    data, error = await read_json(request, validator)
    if data is None:
        data = {}
        error = None if validator is None else first_error(validator, data)
    if error is not None:
        where = error_field(error)
        raise Invalid("invalid_body", f"{where}: {explain(error)}", field=where)
    return data


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)
