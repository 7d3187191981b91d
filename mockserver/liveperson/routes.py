"""The liveperson driver API: how a harness plays the agent and the consumer's web page.

In the real product the agent clicks in the Agent Workspace and the consumer's
page calls ``lpTag.events.publish("lpCoBrowse", ...)``; here both are HTTP routes
under ``/driver/liveperson``. The consumer itself speaks the Messaging Window
API over the WebSocket (``ws.py``).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from mockserver import retention
from mockserver.http import WORLDS, json_body, json_response, validator
from mockserver.http import core_of as profile_core
from mockserver.limits import (
    MAX_DIALOGS_PER_CONVERSATION,
    MAX_TEXT_CHARS,
    Refused,
)
from mockserver.liveperson import wire, ws
from mockserver.liveperson.core import (
    EVENTS,
    MANDATORY_FIELDS,
    NAMESPACE,
    OPTIONAL_FIELDS,
    LivePersonCore,
)
from mockserver.oas import operation

PREFIX = "/driver/liveperson"
PROFILE = "liveperson"

ID = {"type": "string", "minLength": 1, "maxLength": 128}
REQUESTS: dict[str, dict[str, Any]] = {
    "LivePersonAgentRequest": {
        "type": "object",
        "required": ["agentId"],
        "properties": {"agentId": ID},
        "additionalProperties": False,
    },
    "LivePersonInvitationRequest": {
        "type": "object",
        "required": ["mode"],
        "properties": {"mode": {"type": "string", "minLength": 1, "maxLength": 64,
                                "description": "shared, view or follow"}},
        "additionalProperties": False,
    },
    "LivePersonMessageRequest": {
        "type": "object",
        "required": ["text"],
        "properties": {"text": {"type": "string", "maxLength": MAX_TEXT_CHARS}},
        "additionalProperties": False,
    },
    "LivePersonScrollRequest": {
        "type": "object",
        "required": ["x", "y"],
        "description": "Where the agent scrolls the visitor's view to (CSS pixels from the "
        "page's top left corner). Allowed in view mode; refused with 403 in follow mode "
        "(view-only without scroll permissions); 409 before the invitation is accepted.",
        "properties": {"x": {"type": "integer", "minimum": 0, "maximum": 1000000},
                       "y": {"type": "integer", "minimum": 0, "maximum": 1000000}},
        "additionalProperties": False,
    },
    "LivePersonLpTagPublish": {
        "type": "object",
        "required": ["appName", "eventName", "data"],
        "description": "lpTag.events.publish(appName, eventName, data) on the consumer's page. "
        f"appName is {NAMESPACE!r}; eventName one of {', '.join(EVENTS)}; data carries "
        f"{', '.join(MANDATORY_FIELDS)} (mandatory, non-empty strings) and optionally "
        f"{', '.join(OPTIONAL_FIELDS)}.",
        "properties": {
            "appName": {"type": "string", "maxLength": 64},
            "eventName": {"type": "string", "maxLength": 64},
            "data": {"type": "object", "maxProperties": 32,
                     "additionalProperties": {"type": ["string", "number", "boolean", "null"],
                                              "maxLength": 1024}},
        },
        "additionalProperties": False,
    },
}
_V = {name: validator(schema) for name, schema in REQUESTS.items()}


def core_of(request: web.Request) -> LivePersonCore:
    return profile_core(request, PROFILE, LivePersonCore)



def _cid(request: web.Request) -> str:
    return request.match_info["cid"]


async def get_conversation(request: web.Request) -> web.Response:
    return json_response(wire.driver_conversation(core_of(request).conversation(_cid(request))))


async def assign_agent(request: web.Request) -> web.Response:
    body = await json_body(request, _V["LivePersonAgentRequest"])
    conversation = core_of(request).assign_agent(_cid(request), body["agentId"])
    return json_response(wire.driver_conversation(conversation))


async def agent_message(request: web.Request) -> web.Response:
    body = await json_body(request, _V["LivePersonMessageRequest"])
    core = core_of(request)
    conversation = core.conversation(_cid(request))
    retention.room_for_message(core, conversation)
    item = core.publish(conversation.id, conversation.main_dialog_id,
                        conversation.agent_id or "", "ASSIGNED_AGENT",
                        {"type": "ContentEvent", "contentType": "text/plain",
                         "message": body["text"]})
    return json_response({"sequence": item.sequence}, status=201)


async def close_conversation(request: web.Request) -> web.Response:
    conversation = core_of(request).close_conversation(_cid(request), "AGENT")
    return json_response(wire.driver_conversation(conversation))


async def invite(request: web.Request) -> web.Response:
    body = await json_body(request, _V["LivePersonInvitationRequest"])
    core = core_of(request)
    conversation = core.conversations.get(_cid(request))
    if conversation is not None and len(conversation.cobrowse) >= MAX_DIALOGS_PER_CONVERSATION:
        raise Refused(429, "too_many_dialogs", f"conversation {conversation.id} has had "
                      f"{MAX_DIALOGS_PER_CONVERSATION} CoBrowse invitations (the limit)",
                      limit=MAX_DIALOGS_PER_CONVERSATION)
    dialog = core.invite(_cid(request), body["mode"])
    return json_response(wire.driver_dialog(dialog), status=201)


async def get_dialog(request: web.Request) -> web.Response:
    dialog = core_of(request).dialog(_cid(request), request.match_info["did"])
    return json_response(wire.driver_dialog(dialog))


async def cancel(request: web.Request) -> web.Response:
    dialog = core_of(request).cancel(_cid(request), request.match_info["did"])
    return json_response(wire.driver_dialog(dialog))


async def end(request: web.Request) -> web.Response:
    dialog = core_of(request).end(_cid(request), request.match_info["did"])
    return json_response(wire.driver_dialog(dialog))


async def join(request: web.Request) -> web.Response:
    dialog = core_of(request).join(_cid(request), request.match_info["did"])
    return json_response(wire.driver_dialog(dialog))


async def scroll(request: web.Request) -> web.Response:
    body = await json_body(request, _V["LivePersonScrollRequest"])
    dialog = core_of(request).scroll(_cid(request), request.match_info["did"], body["x"],
                                     body["y"])
    return json_response(wire.driver_dialog(dialog))


async def lptag_publish(request: web.Request) -> web.Response:
    body = await json_body(request, _V["LivePersonLpTagPublish"])
    dialog = core_of(request).lptag_event(body["appName"], body["eventName"], body["data"])
    return json_response({"accepted": True, "eventName": body["eventName"],
                          "dialog": wire.driver_dialog(dialog)})


def setup(app: web.Application) -> None:
    app[WORLDS].sweepers[PROFILE] = retention.sweep_liveperson
    ws.setup(app)
    r = app.router
    conv = f"{PREFIX}/conversations/{{cid}}"
    r.add_get(conv, get_conversation)
    r.add_post(f"{conv}/agent", assign_agent)
    r.add_post(f"{conv}/messages", agent_message)
    r.add_post(f"{conv}/close", close_conversation)
    r.add_post(f"{conv}/cobrowse", invite)
    r.add_get(f"{conv}/cobrowse/{{did}}", get_dialog)
    r.add_post(f"{conv}/cobrowse/{{did}}/cancel", cancel)
    r.add_post(f"{conv}/cobrowse/{{did}}/end", end)
    r.add_post(f"{conv}/cobrowse/{{did}}/join", join)
    r.add_post(f"{conv}/cobrowse/{{did}}/scroll", scroll)
    r.add_post(f"{PREFIX}/lptag/publish", lptag_publish)


def _op(summary: str, body: str | None = None, params: tuple[str, ...] = (),
        ok: str = "200") -> dict[str, Any]:
    return operation(summary, PROFILE, body, params=params, ok=ok)


def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    c, d = ("cid",), ("cid", "did")
    conv = f"{PREFIX}/conversations/{{cid}}"
    paths: dict[str, Any] = {
        conv: {"get": _op("Read a conversation and its CoBrowse dialogs", params=c)},
        f"{conv}/agent": {"post": _op("An agent accepts the conversation",
                                      "LivePersonAgentRequest", c)},
        f"{conv}/messages": {"post": _op("The agent sends a text message",
                                         "LivePersonMessageRequest", c, ok="201")},
        f"{conv}/close": {"post": _op("The agent closes the conversation", params=c)},
        f"{conv}/cobrowse": {"post": _op("The agent sends a CoBrowse invitation",
                                         "LivePersonInvitationRequest", c, ok="201")},
        f"{conv}/cobrowse/{{did}}": {"get": _op("Read a CoBrowse dialog", params=d)},
        f"{conv}/cobrowse/{{did}}/cancel": {"post": _op("The agent cancels the invitation",
                                                        params=d)},
        f"{conv}/cobrowse/{{did}}/end": {"post": _op("The agent ends the CoBrowse session",
                                                     params=d)},
        f"{conv}/cobrowse/{{did}}/join": {"post": _op(
            "The visitor's CoBrowse client joins the accepted session", params=d)},
        f"{conv}/cobrowse/{{did}}/scroll": {"post": _op(
            "The agent scrolls the visitor's view (view mode; refused in follow mode)",
            "LivePersonScrollRequest", d)},
        f"{PREFIX}/lptag/publish": {"post": _op(
            "The consumer's page publishes an lpCoBrowse event", "LivePersonLpTagPublish")},
        ws.WS_PATH: {"get": {
            "summary": "The consumer WebSocket of the Messaging Window API (upgrade only)",
            "description": "Upgrade to a WebSocket speaking the Messaging Window framing; "
            "see docs/liveperson.md. A request without a WebSocket upgrade is answered 426.",
            "tags": [PROFILE],
            "parameters": [
                {"name": "accountId", "in": "path", "required": True,
                 "schema": {"type": "string"}},
                {"name": "v", "in": "query", "required": True,
                 "schema": {"type": "string", "enum": ["3"]}},
            ],
            "responses": {
                "101": {"description": "switching to the WebSocket protocol"},
                "4XX": {"description": "refused; the body says why",
                        "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/DriverError"}}}},
            },
        }},
    }
    return paths, dict(REQUESTS)
