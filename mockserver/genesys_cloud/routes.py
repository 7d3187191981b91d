"""The genesys-cloud HTTP face: Platform-API-compatible routes and the driver API.

``/api/v2/conversations/...`` answers as the Genesys Cloud Platform API does:
the same paths, JSON names, ``Authorization: Bearer`` and ``ErrorBody``, so an
existing Platform API client pointed at this server works unchanged.
``/oauth/token`` hands out the reference token for the client-credentials
grant, as the login host does. ``/driver/genesys-cloud/...`` is how a harness
plays the customer and the agent (no token needed); each party may present the
credential the conversation's creation issued it (``mockserver.parties``), and then
acts as that party, in that conversation, only.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from mockserver import parties, retention
from mockserver.credentials import REFERENCE_CREDENTIALS
from mockserver.errors import Invalid, NotFound
from mockserver.genesys_cloud import models, wire
from mockserver.genesys_cloud.core import AGENT, CUSTOMER, CloudCore, Conversation, SessionRecord
from mockserver.http import FORM_PATHS, WORLDS, json_body, json_response, read_json, validator
from mockserver.http import core_of as profile_core
from mockserver.limits import MAX_NAME_CHARS, explain, quoted

PROFILE = "genesys-cloud"
API = "/api/v2"
CONVERSATIONS = f"{API}/conversations"
COBROWSE = f"{CONVERSATIONS}/cobrowsesessions"
DRIVER = "/driver/genesys-cloud"
OAUTH = "/oauth/token"
#: Client credentials the reference's login route accepts (any Platform API client's grant).
CLIENT_ID = "reference-client"
CLIENT_SECRET = "reference-secret"  # a fixed, public test-double credential

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def token() -> str:
    return str(REFERENCE_CREDENTIALS[PROFILE]["token"])


# -- the ErrorBody ------------------------------------------------------------------------
STANDARD_MESSAGES = {
    "bad.request": "The request could not be understood by the server due to malformed syntax.",
    "authentication.required": "No authentication bearer token specified in authorization "
                               "header.",
    "bad.credentials": "Invalid login credentials.",
    "not.found": "The requested resource was not found.",
    "unsupported.media.type": "Unsupported Media Type - Unsupported or incorrect media type, "
                              "such as an incorrect Content-Type value in the header.",
}
_CODE_BY_STATUS = {400: "bad.request", 401: "authentication.required", 403: "not.authorized",
                   404: "not.found", 405: "method.not.allowed", 409: "conflict", 410: "gone",
                   413: "request.entity.too.large", 415: "unsupported.media.type"}
_CODE_BY_NAME = {"invalid_value": "invalid.value", "invalid_property": "invalid.property",
                 "bad_credentials": "bad.credentials",
                 "authentication_required": "authentication.required"}
#: Codes the shared plumbing raises whose own message is less useful than the standard one.
_PLUMBING = {"not_found", "method_not_allowed", "http_error"}


def error_body(request: web.Request, status: int, code: str, message: str,
               details: dict[str, Any]) -> web.Response:
    """Any refusal on ``/api/v2/``: the Platform API's ErrorBody."""
    platform_code = _CODE_BY_NAME.get(code) or _CODE_BY_STATUS.get(status, "bad.request")
    if code in _PLUMBING or not message:
        message = STANDARD_MESSAGES.get(platform_code, message or platform_code)
    context = str(uuid.uuid4())
    body: dict[str, Any] = {
        "message": message,
        "code": platform_code,
        "status": status,
        "messageWithParams": message,
        "messageParams": {},
        "contextId": context,
        "details": [],
        "errors": [],
    }
    field = details.get("fieldName") or details.get("field")
    if field:
        body["details"] = [{"errorCode": platform_code, "fieldName": str(field)}]
    response = web.json_response(body, status=status)
    response.headers["ININ-Correlation-Id"] = context
    return response


def platform(handler: Handler) -> Handler:
    """A Platform API route: ``Authorization: Bearer <token>`` or 401 with an ErrorBody."""

    async def authorized(request: web.Request) -> web.StreamResponse:
        header = request.headers.get("Authorization", "")
        scheme, _, credential = header.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            return error_body(request, 401, "authentication_required",
                              STANDARD_MESSAGES["authentication.required"], {})
        if credential.strip() != token():
            return error_body(request, 401, "bad_credentials",
                              STANDARD_MESSAGES["bad.credentials"], {})
        return await handler(request)

    authorized.__name__ = handler.__name__
    authorized.__doc__ = handler.__doc__
    return authorized


_V = {name: validator(schema) for name, schema in models.REQUESTS.items()}


async def platform_body(request: web.Request, schema: str, required: bool) -> dict[str, Any]:
    """A Platform API request body: JSON within the limits (mockserver.limits), checked
    against its model, refused as Genesys does (an ErrorBody naming the field)."""
    data, error = await read_json(request, _V[schema])
    if data is None:
        if required:
            raise Invalid("bad_request", "a request body is required")
        return {}
    if error is not None:
        where = ".".join(quoted(p) for p in error.absolute_path)
        schema_part: Any = error.schema
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            extra = sorted(set(error.instance) - set(schema_part.get("properties", {})))
            name = quoted(extra[0]) if extra else where
            prop = f"{where}.{name}" if where else name
            raise Invalid("invalid_property",
                          f"Value [{name}] is not a valid property for object [{schema}]",
                          fieldName=prop)
        raise Invalid("invalid_value", f"{where or 'body'}: {explain(error)}",
                      fieldName=where or None)
    if not isinstance(data, dict):
        raise Invalid("bad_request", f"the body must be a JSON object ({schema})")
    return data


# -- Platform API ---------------------------------------------------------------------------
def core_of(request: web.Request) -> CloudCore:
    return profile_core(request, PROFILE, CloudCore)


def _cobrowse_conversation(core: CloudCore, conversation_id: str) -> Conversation:
    conversation = core.conversation(conversation_id)
    if not conversation.sessions:
        raise NotFound("no_cobrowse",
                       f"conversation {conversation_id} has no co-browse communication")
    return conversation


@platform
async def get_conversation(request: web.Request) -> web.Response:
    """GET /api/v2/conversations/{conversationId}: the Conversation."""
    core = core_of(request)
    conversation = core.conversation(request.match_info["conversationId"])
    return json_response(wire.conversation(core, conversation))


@platform
async def list_cobrowse(request: web.Request) -> web.Response:
    """GET /api/v2/conversations/cobrowsesessions: the active co-browse conversations."""
    core = core_of(request)
    # Silent: the reference has one user (its token); every live co-browse conversation is theirs.
    live = [c for c in core.conversations.values() if c.sessions and core.live(c)]
    return json_response(wire.listing(core, live))


@platform
async def get_cobrowse(request: web.Request) -> web.Response:
    core = core_of(request)
    conversation = _cobrowse_conversation(core, request.match_info["conversationId"])
    return json_response(wire.cobrowse_conversation(core, conversation))


@platform
async def patch_cobrowse(request: web.Request) -> web.Response:
    """Disconnect every participant: the only update the Platform API allows here."""
    core = core_of(request)
    conversation = _cobrowse_conversation(core, request.match_info["conversationId"])
    body = await platform_body(request, "ConversationUpdate", required=True)
    state = body.get("state")
    if state != "disconnected":
        raise Invalid("invalid_value", "On update, 'disconnected' will disconnect the "
                      f"conversation. No other values are valid (state: {quoted(repr(state))}).",
                      fieldName="state")
    core.end_conversation(conversation.id, by_api=True)
    return json_response(wire.conversation(core, conversation, answer=True))


async def _patch_participant(request: web.Request) -> web.Response:
    core = core_of(request)
    conversation = core.conversation(request.match_info["conversationId"])
    participant_id = request.match_info["participantId"]
    core.participant(conversation, participant_id)
    body = await platform_body(request, "MediaParticipantRequest", required=False)
    if "state" in body:
        core.set_participant_state(conversation, participant_id, body["state"])
    if "wrapup" in body:
        latest = core.latest_communication(conversation, participant_id)
        if latest is None:
            raise Invalid("bad_request", f"participant {participant_id} has no co-browse "
                          "communication to wrap up")
        core.wrap_up(latest[1], body["wrapup"])
    return web.Response(status=202)


@platform
async def patch_participant(request: web.Request) -> web.Response:
    """PATCH .../participants/{participantId}: change every co-browse leg of a participant."""
    return await _patch_participant(request)


@platform
async def patch_cobrowse_participant(request: web.Request) -> web.Response:
    _cobrowse_conversation(core_of(request), request.match_info["conversationId"])
    return await _patch_participant(request)


@platform
async def patch_communication(request: web.Request) -> web.Response:
    """Update a participant's communication: "disconnected" disconnects it."""
    core = core_of(request)
    conversation = _cobrowse_conversation(core, request.match_info["conversationId"])
    record, comm = core.communication(conversation, request.match_info["participantId"],
                                      request.match_info["communicationId"])
    body = await platform_body(request, "MediaParticipantRequest", required=True)
    if "state" in body:
        core.set_state(record, comm, body["state"])
    if "wrapup" in body:
        core.wrap_up(comm, body["wrapup"])
    return json_response({})


@platform
async def post_communication_wrapup(request: web.Request) -> web.Response:
    core = core_of(request)
    conversation = _cobrowse_conversation(core, request.match_info["conversationId"])
    _, comm = core.communication(conversation, request.match_info["participantId"],
                                 request.match_info["communicationId"])
    body = await platform_body(request, "WrapupInput", required=True)
    core.wrap_up(comm, body, communication_route=True)
    return web.Response(status=202)


# -- the login host's token route ------------------------------------------------------------
def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response({"error": error, "description": description,
                              "error_description": description}, status=status)


async def oauth_token(request: web.Request) -> web.Response:
    """POST /oauth/token, client-credentials grant: the reference token."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    try:
        client_id, _, secret = base64.b64decode(encoded.strip(), validate=True).decode(
            "utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        client_id = secret = ""
    if scheme.lower() != "basic" or (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
        return _oauth_error(401, "invalid_client", "client credentials are missing or wrong "
                            "(HTTP Basic client_id:client_secret)")
    media = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media != "application/x-www-form-urlencoded":
        return _oauth_error(400, "invalid_request", "the body must be "
                            "application/x-www-form-urlencoded")
    try:
        form = await request.post()
    except ValueError:
        return _oauth_error(400, "invalid_request", "the form body cannot be read")
    grant = form.get("grant_type")
    if grant != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type",
                            f"grant_type must be client_credentials, not {quoted(repr(grant))}")
    return web.json_response({"access_token": token(), "token_type": "bearer",
                              "expires_in": 86399})


# -- the driver API ---------------------------------------------------------------------------
PARTY = {"type": "string", "enum": [CUSTOMER, AGENT]}
NAME = {"type": "string", "minLength": 1, "maxLength": MAX_NAME_CHARS}
DRIVER_REQUESTS: dict[str, dict[str, Any]] = {
    "CloudConversationRequest": {
        "type": "object",
        "properties": {"customerName": NAME, "agentName": NAME, "customerId": NAME,
                       "agentId": NAME},
        "additionalProperties": False,
    },
    "CloudLeaveRequest": {
        "type": "object", "required": ["party"], "properties": {"party": PARTY},
        "additionalProperties": False,
    },
    "CloudControlAnswer": {
        "type": "object", "required": ["accept"], "properties": {"accept": {"type": "boolean"}},
        "additionalProperties": False,
    },
    "CloudWrapupRequest": models.WRAPUP_INPUT | {"required": ["code"]},
}
_DV = {name: validator(schema) for name, schema in DRIVER_REQUESTS.items()}


def _credential(request: web.Request) -> parties.Credential | None:
    """The party credential the request presents, read before anything else (401 first)."""
    return parties.read(request.headers.get(parties.PARTY_HEADER), PROFILE)


def _acting(core: CloudCore, credential: parties.Credential | None, conversation: str | None,
            *, claimed: object = None, act: str | None = None,
            granting: bool = False) -> str | None:
    """The party a credential makes the request act as (see ``parties.acting``); the broken
    variant lets the agent answer its own control request."""
    checks = parties.Checks(
        acts=not (granting and "cloud.agent-can-grant-control" in core.faults))
    return parties.acting(credential, conversation, claimed=claimed, claim_field="party",
                          act=act, checks=checks)


def _conversation_of(core: CloudCore, session_id: str) -> str | None:
    """The conversation of a co-browse session (None if unknown: the core refuses it)."""
    found = core.sessions.get(session_id)
    return None if found is None else found[0].id


def conversation_summary(core: CloudCore, conversation: Conversation) -> dict[str, Any]:
    ended = core.ended_at(conversation)
    return {
        "conversationId": conversation.id,
        "state": "live" if ended is None else "ended",
        "customer": {"participantId": conversation.customer.id,
                     "name": conversation.customer.name,
                     "customerId": conversation.customer.address},
        "agent": {"participantId": conversation.agent.id, "name": conversation.agent.name,
                  "userId": conversation.agent.address},
        "cobrowseSessions": [r.history_id for r in conversation.sessions],
    }


def session_summary(core: CloudCore, conversation: Conversation,
                    record: SessionRecord) -> dict[str, Any]:
    return {"conversationId": conversation.id, "index": record.index,
            **core.session_summary(record)}


async def driver_create(request: web.Request) -> web.Response:
    body = await json_body(request, _DV["CloudConversationRequest"])
    core = core_of(request)
    retention.room_for_cloud_conversation(core)
    suffix = uuid.uuid4().hex[:8]
    conversation = core.create_conversation(
        body.get("customerName", "Ada Lovelace"),
        body.get("agentName", "Grace Hopper"),
        body.get("customerId", f"customer-{suffix}"),
        body.get("agentId", f"agent-{suffix}"),
    )
    return json_response({**conversation_summary(core, conversation),
                          "partyCredentials": parties.issue(PROFILE, conversation.id)},
                         status=201)


async def driver_get(request: web.Request) -> web.Response:
    credential = _credential(request)
    core = core_of(request)
    _acting(core, credential, request.match_info["cid"])
    return json_response(conversation_summary(core, core.conversation(
        request.match_info["cid"])))


async def driver_end(request: web.Request) -> web.Response:
    credential = _credential(request)
    core = core_of(request)
    _acting(core, credential, request.match_info["cid"])
    conversation = core.end_conversation(request.match_info["cid"])
    return json_response(conversation_summary(core, conversation))


async def driver_start(request: web.Request) -> web.Response:
    """Only the customer shares: with a credential, only the customer's starts co-browsing."""
    credential = _credential(request)
    await json_body(request)
    core = core_of(request)
    _acting(core, credential, request.match_info["cid"], act=CUSTOMER)
    retention.room_for_cloud_session(core)
    record = core.start_cobrowse(request.match_info["cid"])
    conversation, _ = core.session(record.history_id)
    return json_response(session_summary(core, conversation, record), status=201)


async def driver_wrapup(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _DV["CloudWrapupRequest"])
    core = core_of(request)
    _acting(core, credential, request.match_info["cid"], act=AGENT)
    conversation = core.conversation(request.match_info["cid"])
    latest = core.latest_communication(conversation, conversation.agent.id)
    if latest is None:
        raise Invalid("no_communication", "the agent has no co-browse communication to wrap up")
    core.wrap_up(latest[1], body)
    return json_response(session_summary(core, conversation, latest[0]))


async def driver_session(request: web.Request) -> web.Response:
    credential = _credential(request)
    core = core_of(request)
    _acting(core, credential, _conversation_of(core, request.match_info["sid"]))
    conversation, record = core.session(request.match_info["sid"])
    return json_response(session_summary(core, conversation, record))


def _summary(core: CloudCore, record: Any) -> web.Response:
    """The driver's view of a co-browse session after a party acted on it."""
    conversation, _ = core.session(record.history_id)
    return json_response(session_summary(core, conversation, record))


async def driver_join(request: web.Request) -> web.Response:
    credential = _credential(request)
    await json_body(request)
    core, sid = core_of(request), request.match_info["sid"]
    _acting(core, credential, _conversation_of(core, sid), act=AGENT)
    record = core.join(sid)
    return _summary(core, record)


async def driver_leave(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _DV["CloudLeaveRequest"])
    core, sid = core_of(request), request.match_info["sid"]
    _acting(core, credential, _conversation_of(core, sid), claimed=body["party"])
    record = core.leave(sid, body["party"])
    return _summary(core, record)


async def driver_request_control(request: web.Request) -> web.Response:
    credential = _credential(request)
    await json_body(request)
    core, sid = core_of(request), request.match_info["sid"]
    _acting(core, credential, _conversation_of(core, sid), act=AGENT)
    return json_response(core.request_control(sid), status=202)


async def driver_answer_control(request: web.Request) -> web.Response:
    """The customer grants or refuses control: with a credential, only the customer's."""
    credential = _credential(request)
    body = await json_body(request, _DV["CloudControlAnswer"])
    core, sid = core_of(request), request.match_info["sid"]
    _acting(core, credential, _conversation_of(core, sid), act=CUSTOMER, granting=True)
    record = core.answer_control(sid, request.match_info["rid"], body["accept"])
    return _summary(core, record)


async def driver_release_control(request: web.Request) -> web.Response:
    credential = _credential(request)
    body = await json_body(request, _DV["CloudLeaveRequest"])
    core, sid = core_of(request), request.match_info["sid"]
    _acting(core, credential, _conversation_of(core, sid), claimed=body["party"])
    record = core.release_control(sid, body["party"])
    return _summary(core, record)


def setup(app: web.Application) -> None:
    from mockserver.http import ERROR_RENDERERS

    app[ERROR_RENDERERS].append((f"{API}/", error_body))
    app[WORLDS].sweepers[PROFILE] = retention.sweep_cloud
    # The login host's token route takes a form body, as OAuth 2.0 demands (RFC 6749, 4.4).
    app[FORM_PATHS].add(OAUTH)
    r = app.router
    # The co-browse family first: "cobrowsesessions" is not a conversation id.
    r.add_get(COBROWSE, list_cobrowse)
    r.add_get(f"{COBROWSE}/{{conversationId}}", get_cobrowse)
    r.add_patch(f"{COBROWSE}/{{conversationId}}", patch_cobrowse)
    r.add_patch(f"{COBROWSE}/{{conversationId}}/participants/{{participantId}}",
                patch_cobrowse_participant)
    comm = f"{COBROWSE}/{{conversationId}}/participants/{{participantId}}/communications/" \
           "{communicationId}"
    r.add_patch(comm, patch_communication)
    r.add_post(f"{comm}/wrapup", post_communication_wrapup)
    r.add_get(f"{CONVERSATIONS}/{{conversationId}}", get_conversation)
    r.add_patch(f"{CONVERSATIONS}/{{conversationId}}/participants/{{participantId}}",
                patch_participant)
    r.add_post(OAUTH, oauth_token)

    r.add_post(f"{DRIVER}/conversations", driver_create)
    r.add_get(f"{DRIVER}/conversations/{{cid}}", driver_get)
    r.add_post(f"{DRIVER}/conversations/{{cid}}/end", driver_end)
    r.add_post(f"{DRIVER}/conversations/{{cid}}/cobrowse", driver_start)
    r.add_post(f"{DRIVER}/conversations/{{cid}}/wrapup", driver_wrapup)
    r.add_get(f"{DRIVER}/cobrowse/{{sid}}", driver_session)
    r.add_post(f"{DRIVER}/cobrowse/{{sid}}/join", driver_join)
    r.add_post(f"{DRIVER}/cobrowse/{{sid}}/leave", driver_leave)
    r.add_post(f"{DRIVER}/cobrowse/{{sid}}/control-requests", driver_request_control)
    r.add_post(f"{DRIVER}/cobrowse/{{sid}}/control-requests/{{rid}}", driver_answer_control)
    r.add_post(f"{DRIVER}/cobrowse/{{sid}}/release-control", driver_release_control)
