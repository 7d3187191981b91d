"""Request bodies of the Platform API routes, and the login route's answers, as OpenAPI 3.1.

The Platform API's response models (Conversation, Cobrowsesession, ErrorBody,
...) are the JSON Schema files of ``schemas/genesys_cloud``, which the server
publishes as components (``mockserver.schemas``). The request bodies here are
validated by the routes themselves, so they are self-contained (no ``$ref``)
and published too. Enumerations are the SDK's (``MediaParticipantRequest.state``
and ``Conversation.state`` have no ``scheduled`` but ``converting`` and others).
"""

from __future__ import annotations

from typing import Any

PREFIX = "GenesysCloud."
STR: dict[str, Any] = {"type": "string"}
BOOL: dict[str, Any] = {"type": "boolean"}
INT: dict[str, Any] = {"type": "integer"}
MEDIA_STATES = ["alerting", "dialing", "contacting", "offering", "connected", "disconnected",
                "terminated", "converting", "uploading", "transmitting", "parked", "none"]


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{PREFIX}{name}"}


def _enum(values: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": values}


MODELS: dict[str, dict[str, Any]] = {
    "Empty": {"type": "object"},
    "TokenResponse": {"type": "object", "required": ["access_token"], "properties": {
        "access_token": STR, "token_type": STR, "expires_in": INT}},
    "OAuthError": {"type": "object", "required": ["error"], "properties": {
        "error": STR, "description": STR, "error_description": STR}},
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
