"""The liveperson part of ``/openapi.json``: the routes' description, made exact.

``routes.openapi`` lists the driver API and the consumer WebSocket beside their
handlers; this module adds what a client or a fuzzer needs to reach the core. A
conversation begins on the consumer's WebSocket (``cm.ConsumerRequestConversation``),
which no HTTP client can send; everything after it is described here. The request
schemas are the routes' own (``routes.REQUESTS``) tightened by what the core
refuses beyond them: the invitation modes, the lpTag namespace and events, the
payload's mandatory fields. Links lead from a conversation to the agent's actions
on it, from an invitation to every operation on its dialog and to the page's
acceptance, and from the acceptance to what only an accepted session allows
(join, scroll), so a stateful walk goes from an invitation to its end.
"""

from __future__ import annotations

import copy
from typing import Any

from mockserver.liveperson import routes, ws
from mockserver.liveperson.core import EVENTS, MANDATORY_FIELDS, MODES, NAMESPACE, OPTIONAL_FIELDS
from mockserver.liveperson.routes import PREFIX, REQUESTS
from mockserver.oas import links, refine, response

#: The driver's view of a CoBrowse dialog: what the links read from it.
DIALOG: dict[str, Any] = {
    "type": "object", "required": ["conversationId", "dialogId", "serviceId"],
    "properties": {"conversationId": {"type": "string"}, "dialogId": {"type": "string"},
                   "serviceId": {"type": "string"}, "mode": {"enum": list(MODES)}}}

EXAMPLES: dict[str, Any] = {
    "LivePersonAgentRequest": {"agentId": "agent-1"},
    "LivePersonInvitationRequest": {"mode": "view"},
    "LivePersonMessageRequest": {"text": "May I show you where the button is?"},
    "LivePersonScrollRequest": {"x": 0, "y": 640},
    "LivePersonLpTagPublish": {"appName": NAMESPACE, "eventName": "cobrowseAccepted", "data": {
        "serviceId": "service-1", "agentId": "agent-1", "visitorName": "Ada",
        "ssid": "1234", "svid": "5678"}},
}


def published() -> dict[str, dict[str, Any]]:
    """The request schemas as published: the validated ones plus the core's own refusals."""
    out = copy.deepcopy(REQUESTS)
    out["LivePersonInvitationRequest"]["properties"]["mode"] = {
        "type": "string", "enum": list(MODES),
        "description": "shared, view (the agent may scroll) or follow (view-only without "
                       "scroll permissions)"}
    publish = out["LivePersonLpTagPublish"]
    publish["properties"]["appName"] = {"const": NAMESPACE}
    publish["properties"]["eventName"] = {"type": "string", "enum": list(EVENTS)}
    data = publish["properties"]["data"]
    longest = data.get("additionalProperties", {}).get("maxLength")
    text = {"type": "string", **({"maxLength": longest} if longest else {})}
    data["required"] = list(MANDATORY_FIELDS)
    data["properties"] = {**{name: {**text, "minLength": 1} for name in MANDATORY_FIELDS},
                          **{name: dict(text) for name in OPTIONAL_FIELDS}}
    return out


def _ids() -> dict[tuple[str, str], str]:
    """An operationId for each route (the routes' own description gives none)."""
    conv = f"{PREFIX}/conversations/{{cid}}"
    dialog = f"{conv}/cobrowse/{{did}}"
    return {("get", conv): "lpGetConversation", ("post", f"{conv}/agent"): "lpAssignAgent",
            ("post", f"{conv}/messages"): "lpMessage", ("post", f"{conv}/close"): "lpClose",
            ("post", f"{conv}/cobrowse"): "lpInvite", ("get", dialog): "lpGetDialog",
            ("post", f"{dialog}/cancel"): "lpCancel", ("post", f"{dialog}/end"): "lpEnd",
            ("post", f"{dialog}/join"): "lpJoin", ("post", f"{dialog}/scroll"): "lpScroll",
            ("post", f"{PREFIX}/lptag/publish"): "lpPublish",
            ("get", ws.WS_PATH): "lpConsumerSocket"}


def _links() -> dict[str, dict[str, Any]]:
    """The links of each source operation, by operationId."""
    cid = {"cid": "$response.body#/conversationId"}
    dialog = {**cid, "did": "$response.body#/dialogId"}
    accepted = {"cid": "$response.body#/dialog/conversationId",
                "did": "$response.body#/dialog/dialogId"}
    on_conversation = {
        **links(cid, "lpGetConversation", "lpMessage", "lpClose"),
        **links(cid, "lpAssignAgent", body={"agentId": "$response.body#/agentId"}),
        **links(cid, "lpInvite", body={"mode": "view"}),
    }
    # The visitor's page accepts: the payload names the invitation by its serviceId.
    acceptance = {"appName": NAMESPACE, "eventName": "cobrowseAccepted", "data": {
        "serviceId": "$response.body#/serviceId", "agentId": "$response.body#/agentId",
        "visitorName": "Ada", "ssid": "1234", "svid": "5678"}}
    return {
        "lpGetConversation": on_conversation,
        "lpAssignAgent": on_conversation,
        "lpInvite": {**links(dialog, "lpGetDialog", "lpCancel", "lpEnd", "lpJoin", "lpScroll"),
                     **links({}, "lpPublish", body=acceptance)},
        "lpPublish": links(accepted, "lpJoin", "lpScroll", "lpEnd", "lpGetDialog"),
    }


NOTES = {
    "lpAssignAgent": "409 once another agent has the conversation.",
    "lpInvite": "409 without an assigned agent, or while a CoBrowse dialog is open.",
    "lpScroll": "409 before the invitation is accepted; 403 in follow mode.",
    "lpPublish": "409 unless the serviceId names a pending invitation of the same agent.",
}


def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    """The routes' own description with ids, links, examples and the core's refusals."""
    paths, _ = routes.openapi()
    components = published()
    dialog = {"200": response("the dialog", DIALOG)}
    return refine(paths, components, ids=_ids(), on=_links(), examples=EXAMPLES, notes=NOTES,
                  responses={"lpInvite": {"201": response("the invitation", DIALOG)},
                             **{op: dialog for op in ("lpGetDialog", "lpCancel", "lpEnd",
                                                      "lpJoin", "lpScroll")}}), components
