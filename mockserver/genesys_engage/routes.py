"""The genesys-engage driver API: how a harness plays customer and agent.

In the real product these are clicks in a Genesys Widget or in Workspace; a
vendor maps each route onto their product with a thin adapter. Paths live under
``/driver/genesys-engage``; request schemas below are both validated here and
published in ``/openapi.json``.

Every route but the interaction's creation may present a party credential
(``mockserver.parties``): the party acting is then the credential's, in the
credential's interaction only. The checks stay here, in the HTTP face: the core
is told the role as before.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from mockserver import parties, retention
from mockserver.clock import epoch_ms
from mockserver.errors import Invalid
from mockserver.genesys_engage.core import CobrowseSession, EngageCore, Interaction
from mockserver.http import WORLDS, json_body, json_response, validator
from mockserver.http import core_of as profile_core
from mockserver.limits import (
    FEED_PAGE_DEFAULT,
    FEED_PAGE_MAX,
    MAX_ATTACHED_KEYS,
    MAX_ELEMENT_ATTRIBUTES,
    MAX_ELEMENT_CLASSES,
    MAX_NAME_CHARS,
    MAX_PAGE_ELEMENTS,
    MAX_TEXT_CHARS,
    MAX_URL_CHARS,
    Refused,
)
from mockserver.oas import operation

PREFIX = "/driver/genesys-engage"
PROFILE = "genesys-engage"

ROLE = {"type": "string", "enum": ["customer", "agent"]}
NAME = {"type": "string", "minLength": 1, "maxLength": MAX_NAME_CHARS}
TEXT = {"type": "string", "maxLength": MAX_TEXT_CHARS}
URL = {"type": "string", "maxLength": MAX_URL_CHARS}
ELEMENT = {
    "type": "object",
    "required": ["id", "tag"],
    "properties": {
        "id": NAME,
        "tag": NAME,
        "type": {"type": "string", "maxLength": MAX_NAME_CHARS},
        "name": {"type": "string", "maxLength": MAX_NAME_CHARS},
        "classes": {"type": "array", "items": {"type": "string", "maxLength": MAX_NAME_CHARS},
                    "maxItems": MAX_ELEMENT_CLASSES},
        "attributes": {"type": "object", "additionalProperties": TEXT,
                       "propertyNames": {"maxLength": MAX_NAME_CHARS},
                       "maxProperties": MAX_ELEMENT_ATTRIBUTES},
        "value": TEXT,
        "text": TEXT,
        # Nested elements, each of this same shape (checked by the core, which walks the
        # tree: a JSON Schema that refers to itself cannot be published inline here).
        "children": {"type": "array", "items": {"type": "object"},
                     "maxItems": MAX_PAGE_ELEMENTS},
    },
    "additionalProperties": False,
}
REQUESTS: dict[str, dict[str, Any]] = {
    "InteractionRequest": {
        "type": "object",
        "required": ["media"],
        "properties": {
            "media": {"type": "string", "enum": ["chat", "voice"]},
            "customerId": NAME,
            "agentId": NAME,
            "attachedData": {"type": "object", "additionalProperties": TEXT,
                             "propertyNames": {"maxLength": MAX_NAME_CHARS},
                             "maxProperties": MAX_ATTACHED_KEYS},
        },
        "additionalProperties": False,
    },
    "StartSessionRequest": {
        "type": "object",
        "required": ["role"],
        "properties": {"role": ROLE},
        "additionalProperties": False,
    },
    "JoinRequest": {
        "type": "object",
        "required": ["agentId"],
        "properties": {"agentId": NAME},
        "additionalProperties": False,
    },
    "ExitRequest": {
        "type": "object",
        "required": ["role"],
        "properties": {"role": ROLE},
        "additionalProperties": False,
    },
    "PresenceRequest": {
        "type": "object",
        "required": ["present"],
        "properties": {"present": {"type": "boolean"}},
        "additionalProperties": False,
    },
    "PointerRequest": {
        "type": "object",
        "required": ["role", "x", "y"],
        "properties": {"role": ROLE, "x": {"type": "number"}, "y": {"type": "number"}},
        "additionalProperties": False,
    },
    "ModeRequest": {
        "type": "object",
        "required": ["mode"],
        "properties": {"mode": {"type": "string", "enum": ["write", "pointer"]},
                       "role": ROLE},
        "additionalProperties": False,
    },
    "ModeAnswer": {
        "type": "object",
        "required": ["accept"],
        "properties": {"accept": {"type": "boolean"}},
        "additionalProperties": False,
    },
    "Page": {
        "type": "object",
        "required": ["url", "elements"],
        "properties": {
            "url": {**URL, "minLength": 1},
            "title": URL,
            "elements": {"type": "array", "items": ELEMENT, "maxItems": MAX_PAGE_ELEMENTS},
        },
        "additionalProperties": False,
    },
    "Action": {
        "type": "object",
        "required": ["role", "type"],
        "properties": {
            "role": ROLE,
            "type": {"type": "string", "enum": ["click", "type", "navigate"]},
            "elementId": {"type": "string", "maxLength": MAX_NAME_CHARS},
            "text": TEXT,
            "url": URL,
        },
        "additionalProperties": False,
    },
}
_V = {name: validator(schema) for name, schema in REQUESTS.items()}


def core_of(request: web.Request) -> EngageCore:
    return profile_core(request, PROFILE, EngageCore)


def interaction_json(interaction: Interaction, core: EngageCore) -> dict[str, Any]:
    return {
        "interactionId": interaction.id,
        "media": interaction.media,
        "state": interaction.state,
        "customerId": interaction.customer_id,
        "agentId": interaction.agent_id,
        "createdAt": epoch_ms(interaction.created_at),
        "endedAt": None if interaction.ended_at is None else epoch_ms(interaction.ended_at),
        "attachedData": dict(interaction.attached),
        "sessions": [core.sessions[h].history_id for h in interaction.history_ids],
    }


def session_json(session: CobrowseSession, core: EngageCore) -> dict[str, Any]:
    def ms(value: float | None) -> int | None:
        return None if value is None else epoch_ms(value)

    state = session.state
    if state == "idle" and "engage.reports-active-before-join" in core.faults:
        state = "active"
    if (state == "idle" and "engage.voice-idle-reported-active" in core.faults
            and core.interactions[session.interaction_id].media == "voice"):
        state = "active"
    return {
        "sessionId": session.token,
        "historyId": session.history_id,
        "interactionId": session.interaction_id,
        "state": state,
        "mode": session.mode,
        "agentId": session.agent_id,
        "createdAt": ms(session.created_at),
        "activatedAt": ms(session.activated_at),
        "endedAt": ms(session.ended_at),
        "endReason": session.end_reason,
    }


def _credential(request: web.Request) -> parties.Credential | None:
    """The party credential the request presents, read before anything else (401 first)."""
    return parties.read(request.headers.get(parties.PARTY_HEADER), PROFILE)


def _acting(core: EngageCore, credential: parties.Credential | None, interaction: str | None,
            *, claimed: object = None, act: str | None = None,
            answering: bool = False) -> str | None:
    """The party a credential makes the request act as (see ``parties.acting``); the broken
    variants leave one comparison out."""
    faults = core.faults
    checks = parties.Checks(
        claims="engage.credential-role-not-checked" not in faults,
        interaction="engage.credential-of-another-interaction-accepted" not in faults,
        acts=not (answering and "engage.agent-can-accept-own-write-request" in faults))
    return parties.acting(credential, interaction, claimed=claimed, act=act, checks=checks)


def _interaction_of(core: EngageCore, token: str) -> str | None:
    """The interaction of a session by its nine-digit ID, live or ended (None if unknown: the
    core refuses it with 404)."""
    history = core.live_tokens.get(token) or core.retired_tokens.get(token)
    session = None if history is None else core.sessions.get(history)
    return None if session is None else session.interaction_id


def _own_listing(core: EngageCore, credential: parties.Credential | None,
                 agent_id: str | None, customer_id: str | None) -> None:
    """With a credential, a listing names the credential's own party and nobody else: an
    agent lists their own interactions, not another agent's (nor everybody's)."""
    if credential is None:
        return
    own = core.interactions.get(credential.interaction)
    agent = credential.party == parties.AGENT
    mine = None if own is None else own.agent_id if agent else own.customer_id
    asked, other = (agent_id, customer_id) if agent else (customer_id, agent_id)
    if mine is None or asked != mine or other is not None:
        name = "agentId" if agent else "customerId"
        raise Refused(403, "not_your_listing", f"with the {credential.party}'s credential a "
                      f"listing names that party only: ?{name}=<theirs>", field=name)


def _role_query(request: web.Request) -> str:
    role = request.query.get("role")
    if role is None:
        raise Invalid("missing_role", "the query parameter 'role' (customer or agent) is required")
    return role


async def create_interaction(request: web.Request) -> web.Response:
    """Create an interaction and issue its parties' credentials (nobody has one before)."""
    body = await json_body(request, _V["InteractionRequest"])
    core = core_of(request)
    retention.room_for_interaction(core)
    interaction = core.create_interaction(
        body["media"],
        body.get("customerId", "customer-1"),
        body.get("agentId", "agent-1"),
        body.get("attachedData", {}),
    )
    return json_response({**interaction_json(interaction, core),
                          "partyCredentials": parties.issue(PROFILE, interaction.id)},
                         status=201)


async def list_interactions(request: web.Request) -> web.Response:
    credential = _credential(request)
    core = core_of(request)
    agent_id, customer_id = request.query.get("agentId"), request.query.get("customerId")
    _own_listing(core, credential, agent_id, customer_id)
    found = core.list_interactions(agent_id, customer_id)
    return json_response({"interactions": [interaction_json(i, core) for i in found]})


async def get_interaction(request: web.Request) -> web.Response:
    credential = _credential(request)
    core = core_of(request)
    _acting(core, credential, request.match_info["iid"])
    return json_response(interaction_json(core.interaction(request.match_info["iid"]), core))


async def end_interaction(request: web.Request) -> web.Response:
    credential = _credential(request)
    core = core_of(request)
    _acting(core, credential, request.match_info["iid"])
    interaction = core.end_interaction(request.match_info["iid"])
    return json_response(interaction_json(interaction, core))


async def start_session(request: web.Request) -> web.Response:
    """Start a session as the role the body names; with a credential, it must be the
    credential's party, and the core refuses an agent as it always did."""
    credential = _credential(request)
    body = await json_body(request, _V["StartSessionRequest"])
    core = core_of(request)
    _acting(core, credential, request.match_info["iid"], claimed=body["role"])
    retention.room_for_session(core)
    session = core.start_session(request.match_info["iid"], body["role"])
    return json_response(session_json(session, core), status=201)


def _int_query(request: web.Request, name: str, default: int, low: int | None = None,
               high: int | None = None) -> int:
    """An integer query parameter; Invalid naming the parameter and its bounds otherwise."""
    text = request.query.get(name)
    if text is None:
        return default
    bounds = f" from {low} to {high}" if low is not None and high is not None else ""
    try:
        value = int(text) if text.isascii() and len(text) <= 20 else None
    except ValueError:
        value = None
    if value is None or (low is not None and value < low) or (high is not None
                                                                and value > high):
        raise Invalid(f"invalid_{name}", f"'{name}' must be an integer{bounds}", field=name)
    return value


async def events(request: web.Request) -> web.Response:
    """One page of a party's feed: the events after the cursor ``after`` (a ``seq``), at
    most ``limit`` of them (FEED_PAGE_DEFAULT unless named); ``next`` is the cursor of the
    following page, or null when this page reaches the end of the feed."""
    credential = _credential(request)
    after = _int_query(request, "after", 0)
    limit = _int_query(request, "limit", FEED_PAGE_DEFAULT, 1, FEED_PAGE_MAX)
    core, role = core_of(request), _role_query(request)
    _acting(core, credential, request.match_info["iid"], claimed=role)
    feed = core.feed(request.match_info["iid"], role, after)
    page = feed[:limit]
    more = len(feed) > len(page)
    return json_response({"events": page, "next": page[-1]["seq"] if more and page else None})


async def get_session(request: web.Request) -> web.Response:
    credential = _credential(request)
    core, token = core_of(request), request.match_info["token"]
    _acting(core, credential, _interaction_of(core, token))
    return json_response(session_json(core.lookup(token), core))


async def get_history(request: web.Request) -> web.Response:
    credential = _credential(request)
    core = core_of(request)
    session = core.sessions.get(request.match_info["hid"])
    _acting(core, credential, None if session is None else session.interaction_id)
    return json_response(session_json(core.by_history(request.match_info["hid"]), core))


async def join(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _V["JoinRequest"])
    core, token = core_of(request), request.match_info["token"]
    _acting(core, credential, _interaction_of(core, token), act=parties.AGENT)
    return json_response(session_json(core.join(token, body["agentId"]), core))


async def exit_session(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _V["ExitRequest"])
    core, token = core_of(request), request.match_info["token"]
    _acting(core, credential, _interaction_of(core, token), claimed=body["role"])
    return json_response(session_json(core.exit(token, body["role"]), core))


async def presence(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _V["PresenceRequest"])
    core, token = core_of(request), request.match_info["token"]
    _acting(core, credential, _interaction_of(core, token), act=parties.AGENT)
    session = core.set_agent_presence(token, body["present"])
    return json_response(session_json(session, core))


async def pointer(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _V["PointerRequest"])
    core, token = core_of(request), request.match_info["token"]
    _acting(core, credential, _interaction_of(core, token), claimed=body["role"])
    core.pointer(token, body["role"], body["x"], body["y"])
    return json_response({"delivered": True}, status=202)


async def mode(request: web.Request) -> web.Response:
    """Write Mode is the agent's to request; either party returns to Pointer Mode (as the
    body's role, or else the credential's party, or else the agent)."""
    credential = _credential(request)
    body = await json_body(request, _V["ModeRequest"])
    core, token = core_of(request), request.match_info["token"]
    write = body["mode"] == "write"
    party = _acting(core, credential, _interaction_of(core, token), claimed=body.get("role"),
                    act=parties.AGENT if write else None)
    role = body.get("role") or party or parties.AGENT
    if write:
        if role != parties.AGENT:
            raise Invalid("invalid_role", "only the agent can request Write Mode")
        return json_response(core.request_write_mode(token), status=202)
    session = core.return_to_pointer(token, role)
    return json_response(session_json(session, core))


async def answer_mode(request: web.Request) -> web.Response:
    """The customer's consent: with a credential, only the customer's may answer."""
    credential = _credential(request)
    body = await json_body(request, _V["ModeAnswer"])
    core, token = core_of(request), request.match_info["token"]
    _acting(core, credential, _interaction_of(core, token), act=parties.CUSTOMER,
            answering=True)
    session = core.answer_mode_request(token, request.match_info["rid"], body["accept"])
    return json_response(session_json(session, core))


async def share_page(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _V["Page"])
    core, token = core_of(request), request.match_info["token"]
    _acting(core, credential, _interaction_of(core, token), act=parties.CUSTOMER)
    session = core.share_page(token, body)
    return json_response(session_json(session, core))


async def view(request: web.Request) -> web.Response:
    credential = _credential(request)
    core, token, role = core_of(request), request.match_info["token"], _role_query(request)
    _acting(core, credential, _interaction_of(core, token), claimed=role)
    return json_response(core.view(token, role))


async def act(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _V["Action"])
    if body["type"] in ("click", "type") and "elementId" not in body:
        raise Invalid("invalid_action", f"a {body['type']} action needs an 'elementId'")
    core, token = core_of(request), request.match_info["token"]
    _acting(core, credential, _interaction_of(core, token), claimed=body["role"])
    return json_response(core.act(token, body["role"], body))


def setup(app: web.Application) -> None:
    app[WORLDS].sweepers[PROFILE] = retention.sweep_engage
    r = app.router
    r.add_post(f"{PREFIX}/interactions", create_interaction)
    r.add_get(f"{PREFIX}/interactions", list_interactions)
    r.add_get(f"{PREFIX}/interactions/{{iid}}", get_interaction)
    r.add_post(f"{PREFIX}/interactions/{{iid}}/end", end_interaction)
    r.add_post(f"{PREFIX}/interactions/{{iid}}/sessions", start_session)
    r.add_get(f"{PREFIX}/interactions/{{iid}}/events", events)
    r.add_get(f"{PREFIX}/sessions/{{token}}", get_session)
    r.add_get(f"{PREFIX}/history/{{hid}}", get_history)
    r.add_post(f"{PREFIX}/sessions/{{token}}/join", join)
    r.add_post(f"{PREFIX}/sessions/{{token}}/exit", exit_session)
    r.add_put(f"{PREFIX}/sessions/{{token}}/agent-presence", presence)
    r.add_post(f"{PREFIX}/sessions/{{token}}/pointer", pointer)
    r.add_post(f"{PREFIX}/sessions/{{token}}/mode", mode)
    r.add_post(f"{PREFIX}/sessions/{{token}}/mode-requests/{{rid}}", answer_mode)
    r.add_put(f"{PREFIX}/sessions/{{token}}/page", share_page)
    r.add_get(f"{PREFIX}/sessions/{{token}}/view", view)
    r.add_post(f"{PREFIX}/sessions/{{token}}/actions", act)


def _op(summary: str, body: str | None = None, params: tuple[str, ...] = (),
        query: tuple[str, ...] = (), ok: str = "200", returns: str | None = None,
        links: dict[str, Any] | None = None) -> dict[str, Any]:
    specs = {q: {"required": q == "role",
                 "schema": ROLE if q == "role" else {"type": "string", "minLength": 1}
                 if q.endswith("Id") else {"type": "integer", "minimum": 0}}
             for q in query}
    if "limit" in specs:
        specs["limit"]["schema"] = {"type": "integer", "minimum": 1, "maximum": FEED_PAGE_MAX,
                                    "default": FEED_PAGE_DEFAULT}
    return operation(summary, PROFILE, body, params=params, query=specs, ok=ok,
                     returns=returns, links=links)


def _links(param: str, source: str, *operation_ids: str) -> dict[str, Any]:
    return {op: {"operationId": op, "parameters": {param: f"$response.body#/{source}"}}
            for op in operation_ids}


def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    """Paths and component schemas of this profile's driver API, with links between them."""
    t, i, h = ("token",), ("iid",), ("hid",)
    ses, inter = "genesys-engage:session", "genesys-engage:interaction"
    on_session = ("engageJoin", "engageExit", "engageGetSession", "engagePointer", "engageMode",
                  "engageSharePage", "engageView", "engageAct", "engagePresence")
    ops: dict[str, tuple[str, str, dict[str, Any]]] = {
        "engageCreateInteraction": (f"{PREFIX}/interactions", "post", _op(
            "Create a primary interaction", "InteractionRequest", ok="201", returns=inter,
            links=_links("iid", "interactionId", "engageGetInteraction", "engageEndInteraction",
                         "engageStartSession", "engageEvents"))),
        "engageListInteractions": (f"{PREFIX}/interactions", "get", _op(
            "The interactions an agent (or a customer) takes part in",
            query=("agentId", "customerId"))),
        "engageGetInteraction": (f"{PREFIX}/interactions/{{iid}}", "get", _op(
            "Read an interaction", params=i, returns=inter)),
        "engageEndInteraction": (f"{PREFIX}/interactions/{{iid}}/end", "post", _op(
            "End the primary interaction", params=i, returns=inter)),
        "engageStartSession": (f"{PREFIX}/interactions/{{iid}}/sessions", "post", _op(
            "Start a co-browse session", "StartSessionRequest", i, ok="201", returns=ses,
            links={**_links("token", "sessionId", *on_session),
                   **_links("hid", "historyId", "engageHistory")})),
        "engageEvents": (f"{PREFIX}/interactions/{{iid}}/events", "get", _op(
            "A party's event feed, a page at a time (after: the cursor, limit: the page "
            "size; next: the cursor of the following page, null at the end)", params=i,
            query=("role", "after", "limit"))),
        "engageGetSession": (f"{PREFIX}/sessions/{{token}}", "get", _op(
            "Read a live session", params=t, returns=ses)),
        "engageHistory": (f"{PREFIX}/history/{{hid}}", "get", _op(
            "Read any session by history id", params=h, returns=ses)),
        "engageJoin": (f"{PREFIX}/sessions/{{token}}/join", "post", _op(
            "Agent joins", "JoinRequest", t, returns=ses)),
        "engageExit": (f"{PREFIX}/sessions/{{token}}/exit", "post", _op(
            "A party exits", "ExitRequest", t, returns=ses)),
        "engagePresence": (f"{PREFIX}/sessions/{{token}}/agent-presence", "put", _op(
            "Agent leaves or returns to the session page", "PresenceRequest", t, returns=ses)),
        "engagePointer": (f"{PREFIX}/sessions/{{token}}/pointer", "post", _op(
            "Move a pointer", "PointerRequest", t, ok="202")),
        "engageMode": (f"{PREFIX}/sessions/{{token}}/mode", "post", _op(
            "Request Write Mode (202) or return to Pointer Mode (200)", "ModeRequest", t,
            ok="2XX")),
        "engageAnswerMode": (f"{PREFIX}/sessions/{{token}}/mode-requests/{{rid}}", "post", _op(
            "Customer answers a mode request", "ModeAnswer", (*t, "rid"), returns=ses)),
        "engageSharePage": (f"{PREFIX}/sessions/{{token}}/page", "put", _op(
            "Customer shares a page snapshot", "Page", t, returns=ses)),
        "engageView": (f"{PREFIX}/sessions/{{token}}/view", "get", _op(
            "What a party sees", params=t, query=("role",))),
        "engageAct": (f"{PREFIX}/sessions/{{token}}/actions", "post", _op(
            "Click, type or navigate", "Action", t)),
    }
    paths: dict[str, Any] = {}
    for operation_id, (path, method, op) in ops.items():
        op["operationId"] = operation_id
        paths.setdefault(path, {})[method] = op
    return paths, dict(REQUESTS)
