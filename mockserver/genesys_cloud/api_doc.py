"""The genesys-cloud part of ``/openapi.json``: Platform API routes, login and driver API."""

from __future__ import annotations

from typing import Any

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
ERRORS = {"4XX": {
    "description": "Refused (400 bad.request / invalid.value / invalid.property, 401 "
                   "authentication.required / bad.credentials, 404 not.found, 409 conflict, "
                   "413, 415 unsupported.media.type): an ErrorBody",
    "content": {"application/json": {"schema": models.ref("ErrorBody")}}}}
AUTH_NOTE = "Needs `Authorization: Bearer <token>` (the reference's token: see /oauth/token)."


def _path_params(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
            for n in names]


def _platform(summary: str, params: tuple[str, ...], ok: str, response: str | None,
              body: str | None = None, body_required: bool = False) -> dict[str, Any]:
    success: dict[str, Any] = {"description": "Accepted" if ok == "202" else "successful"}
    if response is not None:
        success["content"] = {"application/json": {"schema": models.ref(response)}}
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
            ok: str = "200") -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "tags": [PROFILE],
        "parameters": _path_params(*params),
        "responses": {
            ok: {"description": "done", "content": {"application/json": {"schema": {}}}},
            "4XX": {"description": "refused; the body says why", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/DriverError"}}}},
        },
    }
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{body}"}}}}
    return op


def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    c, p, m = ("conversationId",), ("conversationId", "participantId"), (
        "conversationId", "participantId", "communicationId")
    comm = f"{COBROWSE}/{{conversationId}}/participants/{{participantId}}/communications/" \
           "{communicationId}"
    paths: dict[str, Any] = {
        f"{CONVERSATIONS}/{{conversationId}}": {
            "get": _platform("Get conversation", c, "200", "Conversation")},
        f"{CONVERSATIONS}/{{conversationId}}/participants/{{participantId}}": {
            "patch": _platform("Update a participant (state connected/disconnected, wrapup)",
                               p, "202", None, "MediaParticipantRequest")},
        COBROWSE: {"get": _platform("Get active cobrowse conversations for the logged in user",
                                    (), "200", "CobrowseConversationEntityListing")},
        f"{COBROWSE}/{{conversationId}}": {
            "get": _platform("Get cobrowse conversation", c, "200", "CobrowseConversation"),
            "patch": _platform("Update a conversation by disconnecting all of the participants",
                               c, "200", "Conversation", "ConversationUpdate", True),
        },
        f"{COBROWSE}/{{conversationId}}/participants/{{participantId}}": {
            "patch": _platform("Update conversation participant", p, "202", None,
                               "MediaParticipantRequest")},
        comm: {"patch": _platform(
            "Update conversation participant's communication by disconnecting it", m, "200",
            "Empty", "MediaParticipantRequest", True)},
        f"{comm}/wrapup": {"post": _platform("Apply wrap-up for this conversation "
                                             "communication", m, "202", None, "WrapupInput",
                                             True)},
        OAUTH: {"post": {
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
        }},
        f"{DRIVER}/conversations": {"post": _driver(
            "Start a conversation between a customer and an agent", "CloudConversationRequest",
            ok="201")},
        f"{DRIVER}/conversations/{{cid}}": {"get": _driver("Read a conversation's summary",
                                                           params=("cid",))},
        f"{DRIVER}/conversations/{{cid}}/end": {"post": _driver(
            "The conversation (primary interaction) ends", params=("cid",))},
        f"{DRIVER}/conversations/{{cid}}/cobrowse": {"post": _driver(
            "The customer starts co-browsing (the agent's leg alerts)", params=("cid",),
            ok="201")},
        f"{DRIVER}/conversations/{{cid}}/wrapup": {"post": _driver(
            "The agent wraps up their latest co-browse communication", "CloudWrapupRequest",
            ("cid",))},
        f"{DRIVER}/cobrowse/{{sid}}": {"get": _driver("Read a co-browse session's summary",
                                                      params=("sid",))},
        f"{DRIVER}/cobrowse/{{sid}}/join": {"post": _driver("The agent joins",
                                                            params=("sid",))},
        f"{DRIVER}/cobrowse/{{sid}}/leave": {"post": _driver(
            "A party leaves the co-browse session", "CloudLeaveRequest", ("sid",))},
        f"{DRIVER}/cobrowse/{{sid}}/control-requests": {"post": _driver(
            "The agent asks for control of the shared page", params=("sid",), ok="202")},
        f"{DRIVER}/cobrowse/{{sid}}/control-requests/{{rid}}": {"post": _driver(
            "The customer grants or refuses control", "CloudControlAnswer", ("sid", "rid"))},
        f"{DRIVER}/cobrowse/{{sid}}/release-control": {"post": _driver(
            "Back to pointing only (control taken back)", "CloudLeaveRequest", ("sid",))},
    }
    return paths, {**models.components(), **DRIVER_REQUESTS}
