"""The genesys-cloud part of ``/openapi.json``: Platform API routes, login and driver API."""

from __future__ import annotations

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

PLATFORM_TAG = "genesys-cloud Platform API"


def model(name: str) -> dict[str, Any]:
    """A Platform API model's schema file (``schemas/genesys_cloud``), if the checkout has it."""
    short = f"genesys-cloud:{name}"
    return schemas.ref(short) if schemas.has(short) else {}


ERRORS = {"4XX": {
    "description": "Refused (400 bad.request / invalid.value / invalid.property, 401 "
                   "authentication.required / bad.credentials, 404 not.found, 409 conflict, "
                   "413, 415 unsupported.media.type): an ErrorBody",
    "content": {"application/json": {"schema": model("error-body")}}}}
AUTH_NOTE = "Needs `Authorization: Bearer <token>` (the reference's token: see /oauth/token)."


def _path_params(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
            for n in names]


def _platform(summary: str, params: tuple[str, ...], ok: str, response: str | None,
              body: str | None = None, body_required: bool = False) -> dict[str, Any]:
    success: dict[str, Any] = {"description": "Accepted" if ok == "202" else "successful"}
    if response is not None:
        schema = models.ref(response) if response in models.MODELS else model(response)
        success["content"] = {"application/json": {"schema": schema}}
    op: dict[str, Any] = {
        "summary": summary,
        "description": AUTH_NOTE,
        "tags": [PLATFORM_TAG],
        "parameters": _path_params(*params),
        "responses": {ok: success, **ERRORS},
    }
    if body is not None:
        op["requestBody"] = {"required": body_required, "content": {
            "application/json": {"schema": models.ref(body)}}}
    return op


def _driver(summary: str, body: str | None = None, params: tuple[str, ...] = (),
            ok: str = "200", links: dict[str, Any] | None = None) -> dict[str, Any]:
    success: dict[str, Any] = {"description": "done",
                               "content": {"application/json": {"schema": {}}}}
    if links:
        success["links"] = links
    op: dict[str, Any] = {
        "summary": summary,
        "tags": [PROFILE],
        "parameters": _path_params(*params),
        "responses": {
            ok: success,
            "4XX": {"description": "refused; the body says why", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/DriverError"}}}},
        },
    }
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{body}"}}}}
    return op


def _link(**parameters: str) -> dict[str, Any]:
    return {"parameters": parameters}


def _links(targets: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {op: {"operationId": op, **_link(**params)} for op, params in targets.items()}


def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    """Paths (with operationIds and links between them) and component schemas."""
    c, p, m = ("conversationId",), ("conversationId", "participantId"), (
        "conversationId", "participantId", "communicationId")
    comm = f"{COBROWSE}/{{conversationId}}/participants/{{participantId}}/communications/" \
           "{communicationId}"
    cid = {"conversationId": "$response.body#/conversationId"}
    agent = {**cid, "participantId": "$response.body#/agent/participantId"}
    customer = {**cid, "participantId": "$response.body#/customer/participantId"}
    on_conversation = _links({
        "getConversation": cid, "patchConversationParticipant": agent,
        "cloudStartCobrowse": {"cid": "$response.body#/conversationId"},
        "cloudGetConversation": {"cid": "$response.body#/conversationId"},
        "cloudEndConversation": {"cid": "$response.body#/conversationId"},
    })
    sid = {"sid": "$response.body#/cobrowseSessionId"}
    on_session = _links({
        "getConversationsCobrowsesession": cid, "patchConversationsCobrowsesession": cid,
        "patchConversationsCobrowsesessionParticipant": customer,
        "cloudWrapUp": {"cid": "$response.body#/conversationId"},
        "cloudJoin": sid, "cloudLeave": sid, "cloudRequestControl": sid,
        "cloudReleaseControl": sid, "cloudGetSession": sid,
    })
    on_request = _links({"cloudAnswerControl": {"sid": "$request.path.sid",
                                                "rid": "$response.body#/requestId"}})
    operations: dict[str, tuple[str, str, dict[str, Any]]] = {
        "getConversation": (f"{CONVERSATIONS}/{{conversationId}}", "get", _platform(
            "Get conversation", c, "200", "conversation")),
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
        "postOauthToken": (OAUTH, "post", {
            "summary": "Client-credentials grant (HTTP Basic client_id:client_secret)",
            "tags": [PLATFORM_TAG],
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {
                    "type": "object", "required": ["grant_type"],
                    "properties": {"grant_type": {"type": "string"}}}}}},
            "responses": {
                "200": {"description": "a bearer token", "content": {"application/json": {
                    "schema": models.ref("TokenResponse")}}},
                "4XX": {"description": "refused (OAuth error)", "content": {
                    "application/json": {"schema": models.ref("OAuthError")}}},
            },
        }),
        "cloudCreateConversation": (f"{DRIVER}/conversations", "post", _driver(
            "Start a conversation between a customer and an agent", "CloudConversationRequest",
            ok="201", links=on_conversation)),
        "cloudGetConversation": (f"{DRIVER}/conversations/{{cid}}", "get", _driver(
            "Read a conversation's summary", params=("cid",))),
        "cloudEndConversation": (f"{DRIVER}/conversations/{{cid}}/end", "post", _driver(
            "The conversation (primary interaction) ends", params=("cid",))),
        "cloudStartCobrowse": (f"{DRIVER}/conversations/{{cid}}/cobrowse", "post", _driver(
            "The customer starts co-browsing (the agent's leg alerts)", params=("cid",),
            ok="201", links=on_session)),
        "cloudWrapUp": (f"{DRIVER}/conversations/{{cid}}/wrapup", "post", _driver(
            "The agent wraps up their latest co-browse communication", "CloudWrapupRequest",
            ("cid",))),
        "cloudGetSession": (f"{DRIVER}/cobrowse/{{sid}}", "get", _driver(
            "Read a co-browse session's summary", params=("sid",))),
        "cloudJoin": (f"{DRIVER}/cobrowse/{{sid}}/join", "post", _driver(
            "The agent joins", params=("sid",))),
        "cloudLeave": (f"{DRIVER}/cobrowse/{{sid}}/leave", "post", _driver(
            "A party leaves the co-browse session", "CloudLeaveRequest", ("sid",))),
        "cloudRequestControl": (f"{DRIVER}/cobrowse/{{sid}}/control-requests", "post", _driver(
            "The agent asks for control of the shared page", params=("sid",), ok="202",
            links=on_request)),
        "cloudAnswerControl": (f"{DRIVER}/cobrowse/{{sid}}/control-requests/{{rid}}", "post",
                               _driver("The customer grants or refuses control",
                                       "CloudControlAnswer", ("sid", "rid"))),
        "cloudReleaseControl": (f"{DRIVER}/cobrowse/{{sid}}/release-control", "post", _driver(
            "Back to pointing only (control taken back)", "CloudLeaveRequest", ("sid",))),
    }
    paths: dict[str, Any] = {}
    for operation_id, (path, method, op) in operations.items():
        op["operationId"] = operation_id
        paths.setdefault(path, {})[method] = op
    return paths, {**models.components(), **DRIVER_REQUESTS}
