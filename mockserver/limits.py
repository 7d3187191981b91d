"""Every bound the reference puts on what a client sends and on what it keeps.

They live in one module so that the README can list them and tests can name them: a
limit nobody can find is a limit nobody can rely on. Whatever a client sends, the work
and memory it costs the server are bounded by these figures, and a refusal is a 4xx
whose body names the field and the limit, never an echo of the input (an echo of a
megabyte of input is a megabyte more to send, and a way to reflect content).

The JSON reader here is the only one the server uses for client input (HTTP bodies,
WebSocket frames, JSON headers): it refuses non-finite numbers (``NaN``, ``Infinity``
and literals like ``1e400`` that a double cannot hold, which would be stored and sent
back as something that is not JSON), integers beyond I-JSON's exact range, nesting
deeper than ``MAX_JSON_DEPTH`` and documents with more than ``MAX_JSON_VALUES`` values,
before any schema sees the document. Schema validation then looks at the first
``MAX_VALIDATION_ERRORS`` errors only, lazily: one bad value in a huge array costs
as little as in a small one.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

# -- what a client may send -------------------------------------------------------------------
#: Any HTTP request body, in bytes (413 beyond).
MAX_BODY_BYTES = 1024 * 1024
#: How deeply arrays and objects may nest in any JSON a client sends.
MAX_JSON_DEPTH = 32
#: Items of any one JSON array a client sends.
MAX_ARRAY_ITEMS = 1000
#: Members of any one JSON object a client sends.
MAX_OBJECT_MEMBERS = 1000
#: Values (scalars, arrays and objects) in one JSON document a client sends.
MAX_JSON_VALUES = 50_000
#: Integers beyond I-JSON's exact range (RFC 7493, 2.2) are refused: 2**53 - 1.
MAX_JSON_INTEGER = 2**53 - 1
#: Schema errors examined before one is chosen to report.
MAX_VALIDATION_ERRORS = 8
#: The longest field name or error detail quoted back in a refusal, in characters.
MAX_QUOTED_CHARS = 64

# -- genesys-engage page snapshots and texts ----------------------------------------------------
#: Elements of one shared page snapshot (top level).
MAX_PAGE_ELEMENTS = 500
#: Classes and attributes of one page element (so that the largest page the schema allows,
#: about 36,000 values, stays within MAX_JSON_VALUES).
MAX_ELEMENT_CLASSES = 32
MAX_ELEMENT_ATTRIBUTES = 32
#: A text a client sends: an element's value or text, typed text, a message, a data value.
MAX_TEXT_CHARS = 10_000
#: A URL or a page title a client sends.
MAX_URL_CHARS = 2048
#: A name or identifier a client sends (ids, tags, attribute names, agent ids).
MAX_NAME_CHARS = 256
#: Attached-data keys of one interaction a client sends.
MAX_ATTACHED_KEYS = 64

# -- feeds --------------------------------------------------------------------------------------
#: Events in one page of a genesys-engage event feed when the client names no ``limit``.
FEED_PAGE_DEFAULT = 100
#: The largest ``limit`` a client may ask for.
FEED_PAGE_MAX = 1000
#: Events kept per party per interaction: older ones are dropped from the feed.
MAX_FEED_EVENTS = 1000
#: Events kept in all the feeds of one world: beyond it every feed keeps only its newest
#: share (this divided by the number of feeds, at least one event).
MAX_EVENTS = 100_000

# -- records per world ---------------------------------------------------------------------------
#: Interactions (genesys-engage) or conversations (genesys-cloud, liveperson) one world
#: holds. At the limit the oldest ended ones are forgotten first; if every one is live, a new
#: one is refused with 429.
MAX_RECORDS = 5000
#: Co-browse sessions (live or ended) one world holds; as MAX_RECORDS.
MAX_SESSIONS = 10_000
#: CoBrowse invitations (dialogs) of one liveperson conversation (429 beyond).
MAX_DIALOGS_PER_CONVERSATION = 20
#: Messages of one liveperson conversation (429 beyond): a new subscriber gets them in one frame.
MAX_MESSAGES_PER_CONVERSATION = 500
#: Messages of all the liveperson conversations of one world; as MAX_RECORDS.
MAX_MESSAGES = 20_000
#: Conversations of one liveperson consumer: the oldest closed one is forgotten beyond it.
MAX_CONVERSATIONS_PER_CONSUMER = 100

# -- retention -----------------------------------------------------------------------------------
#: Outside test mode (a long-running server), an ended interaction with its sessions and
#: feeds, an ended genesys-cloud conversation and a closed liveperson conversation are
#: forgotten this long after they ended (404 afterwards).
RETAIN_ENDED_SECONDS = 3600.0
#: How often (wall-clock seconds) a world is swept for what it may forget.
SWEEP_EVERY_SECONDS = 5.0
#: Worlds (test mode) kept at once; the least recently used one without an open socket is
#: evicted beyond it.
MAX_WORLDS = 2000

# -- the liveperson WebSocket ---------------------------------------------------------------------
#: One WebSocket frame a client sends, in bytes (closed with 1009 beyond).
MAX_FRAME_BYTES = 256 * 1024
#: Bytes waiting to be sent to one socket: a consumer that lets more pile up is cut off.
MAX_SEND_QUEUE_BYTES = 1024 * 1024
#: Frames waiting to be sent to one socket: as MAX_SEND_QUEUE_BYTES.
MAX_SEND_QUEUE_FRAMES = 1000
#: The close code a cut-off slow consumer gets (RFC 6455 registry: "Try Again Later").
SLOW_CONSUMER_CLOSE_CODE = 1013
#: How long a cut-off consumer's close handshake may take before its socket is dropped.
SLOW_CONSUMER_GRACE_SECONDS = 2.0
#: Consumer sockets open at once on one server (429 to the upgrade beyond).
MAX_SOCKETS = 500
#: Subscriptions of each kind one socket may hold.
MAX_SUBSCRIPTIONS = 64

# -- tokens ---------------------------------------------------------------------------------------
#: A consumer JWT, in characters.
MAX_TOKEN_CHARS = 8192


class Refused(Exception):
    """A request the server will not take as it stands: past a limit, or in a form it does not
    read. ``status`` is the 4xx to answer; ``field`` where in the input, ``limit`` which bound
    (its value), so that the client can act on the refusal without a second guess."""

    def __init__(self, status: int, code: str, message: str, *, field: str | None = None,
                 limit: int | float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.limit = limit

    @property
    def details(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.field is not None:
            found["field"] = self.field
        if self.limit is not None:
            found["limit"] = self.limit
        return found


def quoted(text: object) -> str:
    """``text`` cut to MAX_QUOTED_CHARS: a refusal may name a key, never carry the input."""
    value = str(text)
    return value if len(value) <= MAX_QUOTED_CHARS else value[:MAX_QUOTED_CHARS - 1] + "…"


# -- reading JSON --------------------------------------------------------------------------------
class _NotIJson(ValueError):
    """A number JSON can write but no double (or no exact integer) can hold."""


def _constant(name: str) -> Any:
    raise _NotIJson(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotIJson(f"the number {quoted(text)} is too large to be finite")
    return value


def _exact_int(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_JSON_INTEGER:
        raise _NotIJson(f"the integer {quoted(text)} is beyond ±{MAX_JSON_INTEGER} "
                        "(I-JSON's exact range)")
    return value


def parse_json(raw: bytes | str, what: str = "the request body") -> Any:
    """``raw`` as JSON, within every limit of this module, or Refused (400) saying which."""
    try:
        data = json.loads(raw, parse_constant=_constant, parse_float=_finite_float,
                          parse_int=_exact_int)
    except _NotIJson as exc:
        raise Refused(400, "unsupported_number", f"{what}: {exc}; numbers must be finite "
                      f"doubles, integers within ±{MAX_JSON_INTEGER}") from None
    except RecursionError:
        raise Refused(400, "too_deep", f"{what} nests arrays and objects deeper than "
                      f"{MAX_JSON_DEPTH} levels", limit=MAX_JSON_DEPTH) from None
    except json.JSONDecodeError as exc:
        raise Refused(400, "malformed_json", f"{what} is not valid JSON: {exc.msg} at line "
                      f"{exc.lineno} column {exc.colno}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refused(400, "malformed_json", f"{what} is not valid JSON: "
                      f"{quoted(exc)}") from None
    check_shape(data, what)
    return data


def check_shape(data: Any, what: str = "the request body") -> None:
    """Refuse (400) a document deeper, wider or bigger than the limits; stops at the first
    excess, so a huge array costs one ``len``, not a walk."""
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(data, 1, ())]
    values = 0
    while stack:
        value, depth, path = stack.pop()
        values += 1
        if values > MAX_JSON_VALUES:
            raise Refused(400, "too_many_values", f"{what} holds more than {MAX_JSON_VALUES} "
                          "values", limit=MAX_JSON_VALUES)
        if isinstance(value, dict):
            members = value.items()
            size, limit, kind = len(value), MAX_OBJECT_MEMBERS, "members"
        elif isinstance(value, list):
            members = enumerate(value)  # type: ignore[assignment]
            size, limit, kind = len(value), MAX_ARRAY_ITEMS, "items"
        else:
            continue
        where = pointer(path)
        if depth > MAX_JSON_DEPTH:
            raise Refused(400, "too_deep", f"{what}: {where} nests deeper than "
                          f"{MAX_JSON_DEPTH} levels", field=where, limit=MAX_JSON_DEPTH)
        if size > limit:
            raise Refused(400, f"too_many_{kind}", f"{what}: {where} has {size} {kind}; the "
                          f"limit is {limit}", field=where, limit=limit)
        stack.extend((child, depth + 1, (*path, key)) for key, child in members)


def pointer(path: Any) -> str:
    """A location in a document, as the driver API's refusals name it (``elements/3/id``)."""
    return "/".join(quoted(p) for p in path) or "(body)"


# -- validating ----------------------------------------------------------------------------------
def first_error(validator: Draft202012Validator, data: Any) -> ValidationError | None:
    """The most relevant of the first few schema errors, or None: validation stops there
    instead of collecting every error of a large document before choosing one."""
    found = list(itertools.islice(validator.iter_errors(data), MAX_VALIDATION_ERRORS))
    return best_match(found) if found else None


def explain(error: ValidationError) -> str:
    """What is wrong, in words naming the rule's bound and never the offending value."""
    rule = error.validator
    bound: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if rule == "required" and isinstance(instance, dict):
        missing = [name for name in bound if name not in instance]
        return f"the property {quoted(missing[0] if missing else bound)!r} is required"
    if rule == "additionalProperties" and isinstance(instance, dict):
        allowed = set(schema.get("properties", {}) if isinstance(schema, dict) else ())
        extra = sorted(str(k) for k in instance if k not in allowed)[:3]
        return f"unknown property {', '.join(repr(quoted(k)) for k in extra)}; allowed: " \
               f"{', '.join(sorted(allowed)) or 'none'}"
    words = {
        "type": f"must be of type {_join(bound)}",
        "enum": f"must be one of {_join(bound)}",
        "const": f"must be {json.dumps(bound)}",
        "maxItems": f"has more than {bound} items (the limit)",
        "minItems": f"needs at least {bound} items",
        "maxLength": f"is longer than {bound} characters (the limit)",
        "minLength": f"needs at least {bound} characters",
        "maxProperties": f"has more than {bound} members (the limit)",
        "minProperties": f"needs at least {bound} members",
        "maximum": f"must be at most {bound}",
        "minimum": f"must be at least {bound}",
        "exclusiveMaximum": f"must be less than {bound}",
        "exclusiveMinimum": f"must be more than {bound}",
        "pattern": f"must match {quoted(bound)}",
        "format": f"must be a {quoted(bound)}",
        "uniqueItems": "must not repeat an item",
        "oneOf": "must match exactly one of the allowed shapes",
        "anyOf": "must match one of the allowed shapes",
        "not": "is not allowed here",
    }
    return words.get(str(rule), f"breaks the schema's {quoted(rule)!r} rule")


def _join(bound: Any) -> str:
    if isinstance(bound, list):
        return quoted(", ".join(json.dumps(b) for b in bound))
    return quoted(json.dumps(bound))


def error_field(error: ValidationError) -> str:
    """Where a schema error is, as a ``/``-separated path (``(body)`` for the whole)."""
    return pointer(error.absolute_path)
