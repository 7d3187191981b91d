"""The Platform API models this reference serves, as OpenAPI 3.1 (JSON Schema 2020-12).

What the server publishes in ``/openapi.json`` about its own answers: the field
names and types of the Genesys Cloud models (SDK 269 field tables), with the
enumerations of each model kept apart (``Cobrowsesession.disconnectType`` and
``CobrowseMediaParticipant.disconnectType`` differ). Every property is optional
and unknown properties are allowed, as in the real API. The normative schemas
the harness validates with are ``schemas/genesys_cloud``; tests keep the two in
step.
"""

from __future__ import annotations

from typing import Any

PREFIX = "GenesysCloud."
DATE_TIME = {"type": "string", "format": "date-time",
             "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"}
STR: dict[str, Any] = {"type": "string"}
BOOL: dict[str, Any] = {"type": "boolean"}
INT: dict[str, Any] = {"type": "integer"}
STR_LIST: dict[str, Any] = {"type": "array", "items": STR}
STR_MAP: dict[str, Any] = {"type": "object", "additionalProperties": STR}

COBROWSE_STATES = ["alerting", "dialing", "contacting", "offering", "connected",
                   "disconnected", "terminated", "scheduled", "none"]
COBROWSE_DISCONNECT_TYPES = ["endpoint", "client", "system", "timeout", "transfer",
                             "transfer.conference", "transfer.consult", "transfer.forward",
                             "transport.failure", "error", "peer", "other", "spam", "uncallable"]
MEDIA_STATES = ["alerting", "dialing", "contacting", "offering", "connected", "disconnected",
                "terminated", "converting", "uploading", "transmitting", "parked", "none"]
MEDIA_DISCONNECT_TYPES = ["endpoint", "endpoint.donotdisturb", "client", "system", "transfer",
                          "transfer.conference", "transfer.consult", "transfer.donotdisturb",
                          "transfer.forward", "transfer.noanswer", "transfer.notavailable",
                          "transport.failure", "error", "peer", "other", "spam", "inactivity",
                          "session.expired", "takeover"]


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{PREFIX}{name}"}


def _obj(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if description:
        schema["description"] = description
    return schema


def _enum(values: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": values}


ENTITY_REF = _obj({"id": STR, "name": STR, "selfUri": STR})

MODELS: dict[str, dict[str, Any]] = {
    "Address": _obj({"name": STR, "nameRaw": STR, "addressNormalized": STR,
                     "addressRaw": STR, "addressDisplayable": STR}),
    "Segment": _obj({"startTime": DATE_TIME, "endTime": DATE_TIME, "type": STR,
                     "howEnded": STR, "disconnectType": STR}),
    "Wrapup": _obj({"code": STR, "name": STR, "notes": STR, "tags": STR_LIST,
                    "durationSeconds": INT, "endTime": DATE_TIME, "provisional": BOOL}),
    "AfterCallWork": _obj({"startTime": DATE_TIME, "endTime": DATE_TIME,
                           "state": _enum(["unknown", "notApplicable", "skipped", "pending",
                                           "complete"])}),
    "Cobrowsesession": _obj({
        "state": _enum(COBROWSE_STATES),
        "initialState": _enum(COBROWSE_STATES),
        "id": STR,
        "disconnectType": {"type": ["string", "null"], "enum": [*COBROWSE_DISCONNECT_TYPES,
                                                                None]},
        "self": ref("Address"),
        "cobrowseSessionId": STR,
        "cobrowseRole": _enum(["sharer", "viewer"]),
        "controlling": STR_LIST,
        "viewerUrl": {"type": "string", "format": "uri"},
        "providerEventTime": DATE_TIME,
        "startAlertingTime": DATE_TIME,
        "connectedTime": DATE_TIME,
        "disconnectedTime": DATE_TIME,
        "provider": STR,
        "peerId": STR,
        "segments": {"type": "array", "items": ref("Segment")},
        "wrapup": ref("Wrapup"),
        "afterCallWork": ref("AfterCallWork"),
        "afterCallWorkRequired": BOOL,
    }, "A participant's co-browse communication (sources 003 and 004)."),
    "Participant": _obj({
        "id": STR, "startTime": DATE_TIME, "endTime": DATE_TIME, "connectedTime": DATE_TIME,
        "name": STR, "userUri": STR, "userId": STR, "purpose": STR, "address": STR,
        "wrapupRequired": BOOL, "wrapup": ref("Wrapup"), "attributes": STR_MAP,
        "calls": {"type": "array"}, "callbacks": {"type": "array"}, "chats": {"type": "array"},
        "cobrowsesessions": {"type": "array", "items": ref("Cobrowsesession")},
        "emails": {"type": "array"}, "messages": {"type": "array"},
        "screenshares": {"type": "array"}, "socialExpressions": {"type": "array"},
        "videos": {"type": "array"},
    }),
    "Conversation": _obj({
        "id": STR, "name": STR, "startTime": DATE_TIME, "endTime": DATE_TIME, "address": STR,
        "participants": {"type": "array", "items": ref("Participant")},
        "recordingState": _enum(["ACTIVE", "PAUSED", "NONE"]),
        "state": _enum(MEDIA_STATES),
        "divisions": {"type": "array"},
        "selfUri": STR,
    }),
    "CobrowseMediaParticipant": _obj({
        "id": STR, "name": STR, "address": STR, "startTime": DATE_TIME,
        "startAlertingTime": DATE_TIME, "connectedTime": DATE_TIME, "endTime": DATE_TIME,
        "purpose": STR, "state": _enum(MEDIA_STATES),
        "direction": _enum(["inbound", "outbound"]),
        "disconnectType": _enum(MEDIA_DISCONNECT_TYPES),
        "held": BOOL, "wrapupRequired": BOOL, "user": ENTITY_REF, "attributes": STR_MAP,
        "wrapup": ref("Wrapup"), "provider": STR, "peer": STR, "cobrowseSessionId": STR,
        "cobrowseRole": STR, "controlling": STR_LIST, "viewerUrl": STR,
        "providerEventTime": DATE_TIME,
    }),
    "CobrowseConversation": _obj({
        "id": STR, "name": STR,
        "participants": {"type": "array", "items": ref("CobrowseMediaParticipant")},
        "otherMediaUris": STR_LIST, "selfUri": STR,
    }),
    "CobrowseConversationEntityListing": _obj({
        "entities": {"type": "array", "items": ref("CobrowseConversation")},
        "pageSize": INT, "pageNumber": INT, "total": INT, "firstUri": STR, "selfUri": STR,
        "lastUri": STR, "nextUri": STR, "previousUri": STR, "pageCount": INT,
    }),
    "ErrorBody": {
        "type": "object",
        "required": ["message", "code", "status"],
        "properties": {
            "message": STR, "code": STR, "status": {"type": "integer", "minimum": 400,
                                                    "maximum": 599},
            "entityId": STR, "entityName": STR, "messageWithParams": STR,
            "messageParams": STR_MAP, "contextId": STR,
            "details": {"type": "array", "items": _obj({
                "errorCode": STR, "fieldName": STR, "entityId": STR, "entityName": STR})},
            "errors": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Empty": {"type": "object"},
    "TokenResponse": _obj({"access_token": STR, "token_type": STR, "expires_in": INT}),
    "OAuthError": _obj({"error": STR, "description": STR, "error_description": STR}),
}

# Request bodies: validated by the routes (self-contained, no $ref) and published.
WRAPUP_INPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "minLength": 1, "maxLength": 200},
        "name": {"type": "string", "maxLength": 200},
        "notes": {"type": "string", "maxLength": 4000},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 200},
                 "maxItems": 50},
        "durationSeconds": {"type": "integer", "minimum": 0},
        "endTime": {"type": "string"},
        "provisional": BOOL,
        "disableEndTimeUpdates": BOOL,
    },
    "additionalProperties": False,
}
MEDIA_PARTICIPANT_REQUEST: dict[str, Any] = {
    "type": "object",
    "properties": {
        "wrapup": WRAPUP_INPUT,
        "state": _enum(MEDIA_STATES),
        "recording": BOOL, "muted": BOOL, "confined": BOOL, "held": BOOL,
        "wrapupSkipped": BOOL,
        "resumeTime": {"type": "string"},
    },
    "additionalProperties": False,
}
CONVERSATION_UPDATE: dict[str, Any] = {
    "type": "object",
    "description": "A Conversation; on update only state 'disconnected' is valid.",
    "properties": {"state": _enum(MEDIA_STATES)},
}
REQUESTS = {
    "WrapupInput": WRAPUP_INPUT,
    "MediaParticipantRequest": MEDIA_PARTICIPANT_REQUEST,
    "ConversationUpdate": CONVERSATION_UPDATE,
}


def components() -> dict[str, Any]:
    return {f"{PREFIX}{name}": schema for name, schema in {**MODELS, **REQUESTS}.items()}
