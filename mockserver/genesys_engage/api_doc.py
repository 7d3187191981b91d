"""The genesys-engage part of ``/openapi.json``: the routes' description, made exact.

``routes.openapi`` lists the driver API's operations beside their handlers; this
module adds what a client or a fuzzer needs to reach the core with them. The
request schemas are the ones the routes validate with (``routes.REQUESTS``),
tightened by what the core refuses beyond them, so that a client or a fuzzer
generating from the document sends what the server takes: reserved attached-data
keys, ``source`` always ``web`` on a chat, an ``elementId`` for a click or a typing,
Write Mode requested by the agent only. Links lead from the interaction a create
answers with to every operation on it, from the session a start answers with to
every operation on the session, and from a Write Mode request to its answer, so a
stateful walk goes through whole lifecycles.
"""

from __future__ import annotations

import copy
from typing import Any

from mockserver.genesys_engage import routes
from mockserver.genesys_engage.routes import REQUESTS
from mockserver.oas import links, refine, response, with_party

SESSION = "genesys-engage:session"
#: Attached-data keys the co-browse plug-in writes; the browser may not send them.
RESERVED_KEYS = "^CoBrowse|^IsCoBrowseDenied$"

EXAMPLES: dict[str, Any] = {
    "InteractionRequest": {"media": "chat", "customerId": "customer-1", "agentId": "agent-1",
                           "attachedData": {"source": "web", "url": "https://shop.example/cart",
                                            "pageTitle": "Cart"}},
    "StartSessionRequest": {"role": "customer"},
    "JoinRequest": {"agentId": "agent-1"},
    "ExitRequest": {"role": "customer"},
    "PresenceRequest": {"present": True},
    "PointerRequest": {"role": "agent", "x": 120, "y": 80},
    "ModeRequest": {"mode": "write", "role": "agent"},
    "ModeAnswer": {"accept": True},
    "Page": {"url": "https://shop.example/cart", "title": "Cart", "elements": [
        {"id": "q", "tag": "input", "type": "text", "value": "2"},
        {"id": "card", "tag": "input", "type": "password", "value": "4111"},
        {"id": "buy", "tag": "button", "type": "submit", "text": "Buy"}]},
    "Action": {"role": "customer", "type": "click", "elementId": "q"},
}


def published() -> dict[str, dict[str, Any]]:
    """The request schemas as published: the validated ones plus the core's own refusals."""
    out = copy.deepcopy(REQUESTS)
    interaction = out["InteractionRequest"]
    interaction["properties"]["attachedData"]["propertyNames"] = {
        "not": {"pattern": RESERVED_KEYS}}
    interaction["if"] = {"required": ["media"], "properties": {"media": {"const": "chat"}}}
    interaction["then"] = {"properties": {"attachedData": {
        "properties": {"source": {"const": "web",
                                  "description": "Source 000: currently always web."}}}}}
    action = out["Action"]
    action["if"] = {"required": ["type"], "properties": {"type": {"enum": ["click", "type"]}}}
    action["then"] = {"required": ["elementId"]}
    mode = out["ModeRequest"]
    mode["if"] = {"required": ["mode"], "properties": {"mode": {"const": "write"}}}
    mode["then"] = {"properties": {"role": {"const": "agent"}}}
    out["Page"]["description"] = "Element ids are unique on a page."
    return out


def _links() -> dict[str, dict[str, Any]]:
    """The links of each source operation, by operationId."""
    iid = {"iid": "$response.body#/interactionId"}
    token = {"token": "$response.body#/sessionId"}
    return {
        "engageCreateInteraction": {
            **links(iid, "engageGetInteraction", "engageEndInteraction"),
            # Only the customer starts a session (the agent is refused with 403).
            **links(iid, "engageStartSession", body={"role": "customer"}),
            **links({**iid, "role": "customer"}, "engageEvents"),
            **links({"agentId": "$response.body#/agentId"}, "engageListInteractions"),
        },
        "engageStartSession": {
            **links(token, "engageGetSession", "engageSharePage", "engagePresence",
                    "engageAct", "engageExit"),
            # The agent an interaction gets when its create names none.
            **links(token, "engageJoin", body={"agentId": "agent-1"}),
            **links(token, "engageMode", body={"mode": "write", "role": "agent"}),
            **links({**token, "role": "agent"}, "engageView"),
            **links(token, "engagePointer", body={"role": "customer"}),
            **links({"hid": "$response.body#/historyId"}, "engageHistory"),
        },
        "engageJoin": {
            **links(token, "engageMode", body={"mode": "write", "role": "agent"}),
            **links({**token, "role": "agent"}, "engageView"),
        },
        "engageMode": links({"token": "$request.path.token", "rid": "$response.body#/requestId"},
                            "engageAnswerMode"),
        "engageAnswerMode": links(token, "engageAct", "engageSharePage"),
    }


#: The Write Mode request a 202 answers with: what the link to its answer reads.
MODE_REQUEST: dict[str, Any] = {
    "type": "object", "required": ["requestId", "mode", "state"],
    "properties": {"requestId": {"type": "string", "minLength": 1},
                   "mode": {"const": "write"}, "state": {"enum": ["pending", "accepted"]}}}
NOTES = {
    "engageStartSession": "Only the customer starts a session (the agent is refused with 403); "
                          "409 while the interaction has ended or has a live session.",
    "engageGetSession": "410 once the session has ended.",
    "engageJoin": "403 unless agentId is the interaction's agent; 409 beyond the agent's "
                  "session limit, or once joined.",
    "engageAct": "The agent acts only in Write Mode (403 in Pointer Mode); a click or a "
                 "typing needs an elementId of the shared page.",
    "engageMode": "Only the agent requests Write Mode (202, the request the customer "
                  "answers); either party returns to Pointer Mode (200).",
    "engageAnswerMode": "404 unless the request is the session's pending one; 409 once "
                        "answered; with a party credential, only the customer's (403).",
    "engageCreateInteraction": "201 with partyCredentials: the customer's and the agent's "
                               "credentials for X-Conformance-Party on every other route.",
}


def openapi() -> tuple[dict[str, Any], dict[str, Any]]:
    """The routes' own description with links, examples and the core's refusals."""
    paths, _ = routes.openapi()
    components = published()
    modes = {"202": response("the Write Mode request, pending the customer's answer",
                             MODE_REQUEST),
             "200": response("back in Pointer Mode", SESSION)}
    described = refine(paths, components, on=_links(), responses={"engageMode": modes},
                       examples=EXAMPLES, notes=NOTES)
    # Nobody holds a credential before the interaction exists: its creation issues them.
    with_party(described, routes.PREFIX, skip=("engageCreateInteraction",))
    return described, components
