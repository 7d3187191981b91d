"""The liveperson schemas: source 001's own examples validate, broken ones do not."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from harness.validation import errors

# Source 001, step 1, verbatim (its jwt is elided as "..." in the source).
INIT_CONNECTION: dict[str, Any] = {
    "id": "0",
    "type": "InitConnection",
    "headers": [
        {"type": ".ams.headers.ClientProperties", "deviceFamily": "DESKTOP", "os": "WINDOWS",
         "features": ["CO_BROWSE"]},
        {"type": ".ams.headers.ConsumerAuthentication", "jwt": "..."},
    ],
}
# Source 001, step 3, verbatim.
INVITED_DIALOG: dict[str, Any] = {
    "dialogId": "c26b9d3b-e943-42af-8047-aba830de64ea",
    "participants": ["cc05f2b9-916b-496e-89fe-66a46d975ae2", "le83624296.356285412"],
    "dialogType": "OTHER",
    "channelType": "COBROWSE",
    "metaData": {
        "serviceId": "cc05f2b9-916b-496e-89fe-66a46d975ae2#7904fffd-fc68-4d93-b611-4dc06ab26bf4",
        "mode": "shared",
        "expires": 1.502893131855E9,
        "sessionState": "INVITED",
        "dialogId": "c26b9d3b-e943-42af-8047-aba830de64ea",
    },
    "state": "OPEN",
    "creationTs": 1502893041905,
    "metaDataLastUpdateTs": 1502893041905,
}
# Source 001, "Cancelled invitation and expiry", verbatim.
CLOSED_DIALOG: dict[str, Any] = {
    "dialogId": "c26b9d3b-e943-42af-8047-aba830de64ea",
    "dialogType": "OTHER",
    "channelType": "COBROWSE",
    "metaData": {"sessionState": "CLOSED"},
}
# Source 001's lpTag payloads, with their placeholders as the (non-empty) strings they are.
OFFERED: dict[str, Any] = {
    "serviceId": "<ServiceId from the dialog>", "agentId": "<Agent ID>",
    "visitorName": "<Name of the Visitor>", "ssid": "<Monitoring Session ID>",
    "svid": "<Monitoring Visitor ID>", "scid": "<Monitoring Context ID>",
    "cid": "<Engagement Context ID>", "eid": "<Engagement ID>",
}
ACCEPTED_OR_DECLINED = {**OFFERED, "cid": "<Context ID>"}


def _ok(instance: Any, schema: str) -> None:
    found = errors(instance, f"liveperson:{schema}")
    assert not found, [e.message for e in found]


def _bad(instance: Any, schema: str) -> None:
    assert errors(instance, f"liveperson:{schema}"), f"{instance!r} should break {schema}"


def test_the_sources_init_connection_validates() -> None:
    _ok(INIT_CONNECTION, "init-connection")
    _ok(INIT_CONNECTION, "request")


def test_the_sources_invited_dialog_validates() -> None:
    _ok(INVITED_DIALOG, "cobrowse-dialog")
    _ok(INVITED_DIALOG, "dialog")
    _ok(INVITED_DIALOG["metaData"], "cobrowse-metadata")


def test_the_sources_closed_dialog_validates() -> None:
    _ok(CLOSED_DIALOG, "cobrowse-dialog")
    _ok(CLOSED_DIALOG, "dialog")


@pytest.mark.parametrize("payload", [OFFERED, ACCEPTED_OR_DECLINED])
def test_the_sources_lptag_payloads_validate(payload: dict[str, Any]) -> None:
    _ok(payload, "lptag-event")
    mandatory_only = {k: payload[k] for k in ("serviceId", "agentId", "visitorName", "ssid",
                                              "svid")}
    _ok(mandatory_only, "lptag-event")
    for event in ("cobrowseOffered", "cobrowseAccepted", "cobrowseDeclined"):
        _ok({"appName": "lpCoBrowse", "eventName": event, "data": payload}, "lptag-publish")


def test_a_notification_with_the_sources_dialogs_validates() -> None:
    messaging = {"dialogId": "conv-1", "dialogType": "MAIN", "channelType": "MESSAGING",
                 "state": "OPEN", "creationTs": 1502893000000}
    frame = {"kind": "notification", "type": "cqm.ExConversationChangeNotification",
             "body": {"subscriptionId": "s-1", "changes": [{"type": "UPSERT", "result": {
                 "convId": "conv-1",
                 "conversationDetails": {
                     "participants": [{"id": "le83624296.356285412", "role": "ASSIGNED_AGENT"}],
                     "state": "OPEN", "startTs": 1502893000000,
                     "dialogs": [messaging, INVITED_DIALOG]}}}]}}
    _ok(frame, "ex-conversation-change-notification")
    broken = copy.deepcopy(frame)
    broken["body"]["changes"][0]["result"]["conversationDetails"]["dialogs"][1]["dialogType"] = (
        "MAIN")
    _bad(broken, "ex-conversation-change-notification")
    _bad({**frame, "type": "cqm.SomethingElse"}, "ex-conversation-change-notification")


def _with(base: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value"), [
    (("channelType",), KeyError),
    (("channelType",), "MESSAGING"),
    (("dialogType",), "MAIN"),
    (("participants",), [{"id": "a", "role": "CONSUMER"}]),
    (("creationTs",), 1502893041),
    (("state",), "CLOSE"),
    (("metaData", "mode"), "control"),
    (("metaData", "sessionState"), "PENDING"),
    (("metaData", "expires"), "1502893131.855"),
    (("metaData", "serviceId"), ""),
    (("metaData", "dialogId"), KeyError),
])
def test_a_broken_invited_dialog_is_refused(path: tuple[str, ...], value: Any) -> None:
    _bad(_with(INVITED_DIALOG, path, value), "cobrowse-dialog")


def test_accepted_needs_a_notification_key() -> None:
    accepted = _with(INVITED_DIALOG, ("metaData", "sessionState"), "ACCEPTED")
    _bad(accepted, "cobrowse-dialog")
    _ok(_with(accepted, ("metaData", "notificationKey"), "invitation_accepted"),
        "cobrowse-dialog")


@pytest.mark.parametrize("field", ["serviceId", "agentId", "visitorName", "ssid", "svid"])
def test_an_lptag_payload_without_or_with_an_empty_mandatory_field_is_refused(field: str) -> None:
    _bad({k: v for k, v in OFFERED.items() if k != field}, "lptag-event")
    _bad({**OFFERED, field: ""}, "lptag-event")


def test_init_connection_needs_the_jwt_header_and_a_features_array() -> None:
    _bad({**INIT_CONNECTION, "headers": INIT_CONNECTION["headers"][:1]}, "init-connection")
    _bad(_with(INIT_CONNECTION, ("headers",), [
        {"type": ".ams.headers.ClientProperties", "features": "CO_BROWSE"},
        {"type": ".ams.headers.ConsumerAuthentication", "jwt": "x"}]), "init-connection")
    _bad(_with(INIT_CONNECTION, ("headers",), [
        {"type": ".ams.headers.ConsumerAuthentication", "jwt": ""}]), "init-connection")


# -- LivePerson's published Messaging Window schemas (developer-center, assets/schema) ----------
# Their constraints, quoted; the project's schemas must refuse what they refuse.
def _response(**changes: Any) -> dict[str, Any]:
    return {"kind": "resp", "reqId": "1", "code": 200, "type": ".ReqBody$StringResp",
            "body": "OK", **changes}


def test_infra_resp_json_reqid_is_a_string_of_1_to_64() -> None:
    # infra/resp.json: "reqId": {"type": "string", ..., "minLength":1, "maxLength":64}
    _ok(_response(), "response")
    for bad in (None, 7, "", "x" * 65):
        _bad(_response(reqId=bad), "response")


def test_infra_string_resp_body_is_at_most_128_characters() -> None:
    # infra/stringRespBody.json: {"type": "string", ..., "maxLength": 128}
    _ok(_response(body="x" * 128), "response")
    _bad(_response(body="x" * 129), "response")
    _bad(_response(body={"not": "a string"}), "response")


def test_request_conversation_and_subscription_responses_carry_their_ids() -> None:
    # cm/consumerRequestConversationResp.json, aam/subscribeExConversationsResp.json:
    # required, "type": "string", "minLength": 1, "maxLength": 64
    conv = _response(type="cm.RequestConversationResponse", body={"conversationId": "c-1"})
    _ok(conv, "response")
    _bad({**conv, "body": {"conversationId": "c" * 65}}, "response")
    _bad({**conv, "body": {}}, "response")
    sub = _response(type="cqm.SubscribeExConversationsResponse", body={"subscriptionId": "s"})
    _ok(sub, "response")
    _bad({**sub, "body": {"subscriptionId": ""}}, "response")


def _change(type_: str, result: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "notification", "type": "cqm.ExConversationChangeNotification",
            "body": {"subscriptionId": "s-1", "changes": [{"type": type_, "result": result}]}}


DETAILS: dict[str, Any] = {
    "participants": [{"id": "cc05f2b9-916b-496e-89fe-66a46d975ae2", "role": "CONSUMER"}],
    "state": "CLOSE", "startTs": 1502893000000, "dialogs": [],
}


def test_every_change_delete_included_carries_conversation_details() -> None:
    # aam/subscribeExConversationsNotification.json: result "required": ["convId",
    # "conversationDetails"], for UPSERT and DELETE alike; conversationDetails "required":
    # ["participants", "state", "startTs"]; roles "enum": ["CONSUMER","ASSIGNED_AGENT","MANAGER"]
    schema = "ex-conversation-change-notification"
    _ok(_change("DELETE", {"convId": "c-1", "conversationDetails": DETAILS}), schema)
    _bad(_change("DELETE", {"convId": "c-1"}), schema)
    for key in ("participants", "state", "startTs"):
        _bad(_change("UPSERT", {"convId": "c-1", "conversationDetails": {
            k: v for k, v in DETAILS.items() if k != key}}), schema)
    _bad(_change("UPSERT", {"convId": "c-1", "conversationDetails": {
        **DETAILS, "participants": [{"id": "a", "role": "AGENT"}]}}), schema)
    # "metaDataLastUpdateTs": {"type": "Long"} is no JSON Schema type: read as an integer.
    _ok(_change("UPSERT", {"convId": "c-1", "conversationDetails": {
        **DETAILS, "metaDataLastUpdateTs": 1502893041905}}), schema)
    _bad(_change("UPSERT", {"convId": "c-1", "conversationDetails": {
        **DETAILS, "metaDataLastUpdateTs": "1502893041905"}}), schema)


def test_update_conversation_field_takes_an_array_of_state_changes() -> None:
    # cm/updateConversationFieldBody.json: "conversationField": {"type": "array", ...};
    # cm/types/StateChange.json: field "ConversationStateField", conversationState "CLOSE"
    field = {"field": "ConversationStateField", "conversationState": "CLOSE"}
    frame = {"kind": "req", "id": "5", "type": "cm.UpdateConversationField",
             "body": {"conversationId": "c-1", "conversationField": [field]}}
    _ok(frame, "request")
    _bad({**frame, "body": {"conversationId": "c-1", "conversationField": field}}, "request")
    _bad({**frame, "body": {"conversationId": "c-1", "conversationField": [
        {**field, "conversationState": "OPEN"}]}}, "request")


def test_infra_req_json_id_is_a_string() -> None:
    # infra/req.json: "id": {"type": "string", ..., "minLength": 1, "maxLength": 64}
    _ok({"kind": "req", "id": "1", "type": "KeepAlive"}, "request")
    _bad({"kind": "req", "id": 1, "type": "KeepAlive"}, "request")
    _bad({"kind": "req", "id": "x" * 65, "type": "KeepAlive"}, "request")


def test_client_properties_follow_the_published_header() -> None:
    # infra/clientPropertiesHeader.json: features "items": {"enum": ["CO_BROWSE", "CO_APP",
    # "PHOTO_SHARING", "SECURE_FORMS", "AUTO_MESSAGES", "RICH_CONTENT"]}; appId "maxLength": 64
    # infra/consumerAuthenticationHeader.json: jwt "maxLength": 2048
    def init(*headers: dict[str, Any]) -> dict[str, Any]:
        return {**INIT_CONNECTION, "headers": [*headers, {
            "type": ".ams.headers.ConsumerAuthentication", "jwt": "x"}]}

    props = {"type": ".ams.headers.ClientProperties"}
    _ok(init({**props, "features": ["CO_BROWSE", "RICH_CONTENT"]}), "init-connection")
    _bad(init({**props, "features": ["TELEPORT"]}), "init-connection")
    _bad(init({**props, "appId": "a" * 65}), "init-connection")
    _bad(init({"type": ".ams.headers.SomethingElse"}), "init-connection")
    _bad({**INIT_CONNECTION, "headers": [{"type": ".ams.headers.ConsumerAuthentication",
                                          "jwt": "j" * 2049}]}, "init-connection")


def test_a_text_messaging_event_follows_text_value() -> None:
    # ms/messagingEventNotification.json: "required": ["sequence", "originatorId",
    # "serverTimestamp", "event", "dialogId"]; ms/TextValue.json: "required": ["type",
    # "contentType", "message"]
    change = {"sequence": 0, "originatorId": "c", "serverTimestamp": 1502893041905,
              "dialogId": "d", "event": {"type": "ContentEvent", "contentType": "text/plain",
                                         "message": "hello"}}
    frame = {"kind": "notification", "type": "ms.MessagingEventNotification",
             "body": {"subscriptionId": "s", "changes": [change]}}
    _ok(frame, "messaging-event-notification")
    for key in ("sequence", "originatorId", "serverTimestamp", "event", "dialogId"):
        _bad({**frame, "body": {"changes": [{k: v for k, v in change.items() if k != key}]}},
             "messaging-event-notification")
