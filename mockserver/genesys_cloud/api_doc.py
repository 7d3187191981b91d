"""The genesys-cloud part of ``/openapi.json``: Platform API routes, login and driver API.

The Platform API routes declare their bearer token as a security scheme
(``platformBearer``), the login route its client credentials (``clientBasic``).
Request bodies are the SDK's models as the routes validate them, tightened by what
the core refuses beyond them: a participant's state can only be set to connected or
disconnected, a conversation only disconnected, and a wrap-up needs a code. Links
lead from a conversation the driver creates to the Platform API's views of it, from
a co-browse session to everything done with it, and from the Platform API's
Conversation to its participants' communications, so a stateful walk reaches every
route with identifiers that exist.
"""

from __future__ import annotations

import copy
from typing import Any

from mockserver import schemas
from mockserver.genesys_cloud import models
from mockserver.genesys_cloud.routes import (
    COBROWSE,
    CONVERSATIONS,
    DRIVER,
    DRIVER_REQUESTS,
    OAUTH,
    PROFILE,
)
from mockserver.oas import (
    DRIVER_ERROR_REF,
    body_required,
    error_responses,
    json_content,
    links,
    path_parameter,
    paths_of,
    response,
    with_party,
)

PLATFORM_TAG = "genesys-cloud Platform API"
#: The security schemes this part uses, for ``components.securitySchemes``.
SECURITY_SCHEMES: dict[str, Any] = {
    "platformBearer": {"type": "http", "scheme": "bearer", "description":
                       "The Platform API's access token (the reference's: see /oauth/token)."},
    "clientBasic": {"type": "http", "scheme": "basic", "description":
                    "client_id:client_secret of the client-credentials grant."},
}
SETTABLE_STATES = ["connected", "disconnected"]


def model(name: str) -> dict[str, Any]:
    """A Platform API model's schema file (``schemas/genesys_cloud``), if the checkout has it."""
    short = f"genesys-cloud:{name}"
    return schemas.ref(short) if schemas.has(short) else {}


ERROR_BODY = "Refused with an ErrorBody (400 bad.request / invalid.value / invalid.property, " \
             "401 authentication.required / bad.credentials, 404 not.found, 409 conflict, " \
             "413, 415 unsupported.media.type)."
EXAMPLES: dict[str, Any] = {
    "MediaParticipantRequest": {"state": "disconnected"},
    "ConversationUpdate": {"state": "disconnected"},
    "WrapupInput": {"code": "resolved", "notes": "Shown where to pay."},
    "CloudConversationRequest": {"customerName": "Ada Lovelace", "agentName": "Grace Hopper"},
    "CloudLeaveRequest": {"party": "customer"},
    "CloudControlAnswer": {"accept": True},
    "CloudWrapupRequest": {"code": "resolved"},
}


def published_models() -> dict[str, dict[str, Any]]:
    """The Platform API request bodies as published: the SDK's models the routes validate
    with, plus what the core refuses beyond them."""
    requests = copy.deepcopy(models.REQUESTS)
    wrapup = requests["WrapupInput"]
    wrapup["required"] = ["code"]
    participant = requests["MediaParticipantRequest"]
    participant["properties"]["state"] = {"type": "string", "enum": SETTABLE_STATES}
    participant["properties"]["wrapup"] = copy.deepcopy(wrapup)
    update = requests["ConversationUpdate"]
    update["required"] = ["state"]
    update["properties"]["state"] = {"const": "disconnected", "description":
                                     "On update only 'disconnected' is valid."}
    return {f"{models.PREFIX}{name}": schema for name, schema in requests.items()}


def _platform(summary: str, params: tuple[str, ...], ok: str, returns: str | None,
              body: str | None = None, body_is_required: bool = False,
              on: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Platform API operation: bearer token, ErrorBody refusals."""
    success: dict[str, Any] = {"description": "Accepted" if ok == "202" else "successful"}
    if returns is not None:
        schema = models.ref(returns) if returns in models.MODELS else model(returns)
        success["content"] = json_content(schema)
    if on:
        success["links"] = on
    errors = error_responses(model("error-body"), with_body=body is not None, why=ERROR_BODY)
    op: dict[str, Any] = {
        "summary": summary,
        "tags": [PLATFORM_TAG],
        "security": [{"platformBearer": []}],
        "parameters": [path_parameter(p) for p in params],
        "responses": {ok: success, "401": {
            "description": "No bearer token, or not the one the server issued.",
            "content": json_content(model("error-body"))}, **errors},
    }
    if body is not None:
        op["requestBody"] = {"required": body_is_required, "content": {"application/json": {
            "schema": models.ref(body), "example": EXAMPLES[body]}}}
    return op


def _driver(summary: str, body: str | None = None, params: tuple[str, ...] = (),
            ok: str = "200", on: dict[str, Any] | None = None,
            returns: dict[str, Any] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "tags": [PROFILE],
        "parameters": [path_parameter(p) for p in params],
        "responses": {ok: response("done", returns, on),
                      **error_responses(DRIVER_ERROR_REF, with_body=body is not None)},
    }
    if body:
        op["requestBody"] = {"required": body_required(DRIVER_REQUESTS[body]),
                             "content": {"application/json": {
                                 "schema": {"$ref": f"#/components/schemas/{body}"},
                                 "example": EXAMPLES[body]}}}
    return op


def _login() -> dict[str, Any]:
    return {
        "summary": "Client-credentials grant (HTTP Basic client_id:client_secret)",
        "tags": [PLATFORM_TAG],
        "security": [{"clientBasic": []}],
        "requestBody": {"required": True, "content": {
            "application/x-www-form-urlencoded": {"schema": {
                "type": "object", "required": ["grant_type"],
                "properties": {"grant_type": {"const": "client_credentials"}}}}}},
        "responses": {
            "200": {"description": "a bearer token",
                    "content": json_content(models.ref("TokenResponse"))},
            "4XX": {"description": "refused (OAuth error)",
                    "content": json_content(models.ref("OAuthError"))},
        },
    }


#: What the driver answers about a conversation and about a co-browse session: the fields
#: the links read.
CONVERSATION_SUMMARY: dict[str, Any] = {
    "type": "object", "required": ["conversationId", "customer", "agent"],
    "properties": {"conversationId": {"type": "string"},
                   "customer": {"type": "object", "required": ["participantId"]},
                   "agent": {"type": "object", "required": ["participantId"]},
                   "partyCredentials": {
                       "description": "In the create response only: each party's credential "
                                      "for X-Conformance-Party.",
                       "type": "object", "required": ["customer", "agent"],
                       "properties": {"customer": {"type": "string", "minLength": 1},
                                      "agent": {"type": "string", "minLength": 1}}}}}
SESSION_SUMMARY: dict[str, Any] = {
    "type": "object", "required": ["conversationId", "cobrowseSessionId"],
    "properties": {"conversationId": {"type": "string"},
                   "cobrowseSessionId": {"type": "string"}}}


def _links() -> dict[str, dict[str, Any]]:
    """The links of each source operation, by operationId."""
    cid = {"conversationId": "$response.body#/conversationId"}
    driver_cid = {"cid": "$response.body#/conversationId"}
    agent = {**cid, "participantId": "$response.body#/agent/participantId"}
    customer = {**cid, "participantId": "$response.body#/customer/participantId"}
    sid = {"sid": "$response.body#/cobrowseSessionId"}
    # In the Platform API's Conversation the customer comes first, then the agent, each
    # with their co-browse communications oldest first.
    agent_leg = {"conversationId": "$response.body#/id",
                 "participantId": "$response.body#/participants/1/id",
                 "communicationId": "$response.body#/participants/1/cobrowsesessions/0/id"}
    return {
        "cloudCreateConversation": {
            **links(cid, "getConversation"),
            **links(agent, "patchConversationParticipant"),
            **links(driver_cid, "cloudStartCobrowse", "cloudGetConversation",
                    "cloudEndConversation"),
        },
        "cloudStartCobrowse": {
            **links(cid, "getConversation", "getConversationsCobrowsesession"),
            **links(cid, "patchConversationsCobrowsesession", body={"state": "disconnected"}),
            **links(driver_cid, "cloudWrapUp"),
            **links(sid, "cloudJoin", "cloudLeave", "cloudRequestControl",
                    "cloudReleaseControl", "cloudGetSession"),
        },
        "cloudJoin": {
            **links(sid, "cloudRequestControl", "cloudLeave"),
            **links(cid, "getConversation"),
        },
        "cloudRequestControl": links({"sid": "$request.path.sid",
                                      "rid": "$response.body#/requestId"},
                                     "cloudAnswerControl"),
        "cloudGetConversation": links(customer, "patchConversationsCobrowsesessionParticipant"),
        "getConversation": {
            **links(agent_leg, "patchConversationsCobrowsesessionParticipantCommunication",
                    "postConversationsCobrowsesessionParticipantCommunicationWrapup"),
            **links({"conversationId": "$response.body#/id"},
                    "getConversationsCobrowsesession"),
        },
    }


def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    """Paths (with operationIds and links between them) and component schemas."""
    c, p, m = ("conversationId",), ("conversationId", "participantId"), (
        "conversationId", "participantId", "communicationId")
    comm = f"{COBROWSE}/{{conversationId}}/participants/{{participantId}}/communications/" \
           "{communicationId}"
    on = _links()
    request_schema = {"type": "object", "required": ["requestId"],
                      "properties": {"requestId": {"type": "string"}}}
    operations: dict[str, tuple[str, str, dict[str, Any]]] = {
        "getConversation": (f"{CONVERSATIONS}/{{conversationId}}", "get", _platform(
            "Get conversation", c, "200", "conversation", on=on["getConversation"])),
        "patchConversationParticipant": (
            f"{CONVERSATIONS}/{{conversationId}}/participants/{{participantId}}", "patch",
            _platform("Update a participant (state connected/disconnected, wrapup)", p, "202",
                      None, "MediaParticipantRequest")),
        "getConversationsCobrowsesessions": (COBROWSE, "get", _platform(
            "Get active cobrowse conversations for the logged in user", (), "200",
            "cobrowse-conversation-entity-listing")),
        "getConversationsCobrowsesession": (f"{COBROWSE}/{{conversationId}}", "get", _platform(
            "Get cobrowse conversation", c, "200", "cobrowse-conversation")),
        "patchConversationsCobrowsesession": (f"{COBROWSE}/{{conversationId}}", "patch",
                                              _platform(
            "Update a conversation by disconnecting all of the participants", c, "200",
            "conversation", "ConversationUpdate", True)),
        "patchConversationsCobrowsesessionParticipant": (
            f"{COBROWSE}/{{conversationId}}/participants/{{participantId}}", "patch", _platform(
                "Update conversation participant", p, "202", None, "MediaParticipantRequest")),
        "patchConversationsCobrowsesessionParticipantCommunication": (comm, "patch", _platform(
            "Update conversation participant's communication by disconnecting it", m, "200",
            "Empty", "MediaParticipantRequest", True)),
        "postConversationsCobrowsesessionParticipantCommunicationWrapup": (
            f"{comm}/wrapup", "post", _platform(
                "Apply wrap-up for this conversation communication", m, "202", None,
                "WrapupInput", True)),
        "postOauthToken": (OAUTH, "post", _login()),
        "cloudCreateConversation": (f"{DRIVER}/conversations", "post", _driver(
            "Start a conversation between a customer and an agent", "CloudConversationRequest",
            ok="201", on=on["cloudCreateConversation"], returns=CONVERSATION_SUMMARY)),
        "cloudGetConversation": (f"{DRIVER}/conversations/{{cid}}", "get", _driver(
            "Read a conversation's summary", params=("cid",), returns=CONVERSATION_SUMMARY,
            on=on["cloudGetConversation"])),
        "cloudEndConversation": (f"{DRIVER}/conversations/{{cid}}/end", "post", _driver(
            "The conversation (primary interaction) ends", params=("cid",))),
        "cloudStartCobrowse": (f"{DRIVER}/conversations/{{cid}}/cobrowse", "post", _driver(
            "The customer starts co-browsing (the agent's leg alerts)", params=("cid",),
            ok="201", on=on["cloudStartCobrowse"], returns=SESSION_SUMMARY)),
        "cloudWrapUp": (f"{DRIVER}/conversations/{{cid}}/wrapup", "post", _driver(
            "The agent wraps up their latest co-browse communication", "CloudWrapupRequest",
            ("cid",))),
        "cloudGetSession": (f"{DRIVER}/cobrowse/{{sid}}", "get", _driver(
            "Read a co-browse session's summary", params=("sid",), returns=SESSION_SUMMARY)),
        "cloudJoin": (f"{DRIVER}/cobrowse/{{sid}}/join", "post", _driver(
            "The agent joins", params=("sid",), on=on["cloudJoin"], returns=SESSION_SUMMARY)),
        "cloudLeave": (f"{DRIVER}/cobrowse/{{sid}}/leave", "post", _driver(
            "A party leaves the co-browse session", "CloudLeaveRequest", ("sid",))),
        "cloudRequestControl": (f"{DRIVER}/cobrowse/{{sid}}/control-requests", "post", _driver(
            "The agent asks for control of the shared page", params=("sid",), ok="202",
            on=on["cloudRequestControl"], returns=request_schema)),
        "cloudAnswerControl": (f"{DRIVER}/cobrowse/{{sid}}/control-requests/{{rid}}", "post",
                               _driver("The customer grants or refuses control (with a "
                                       "party credential, only the customer's)",
                                       "CloudControlAnswer", ("sid", "rid"))),
        "cloudReleaseControl": (f"{DRIVER}/cobrowse/{{sid}}/release-control", "post", _driver(
            "Back to pointing only (control taken back)", "CloudLeaveRequest", ("sid",))),
    }
    paths = paths_of(operations)
    # Nobody holds a credential before the conversation exists: its creation issues them.
    with_party(paths, DRIVER, skip=("cloudCreateConversation",))
    return paths, {**models.components(), **published_models(), **DRIVER_REQUESTS}
