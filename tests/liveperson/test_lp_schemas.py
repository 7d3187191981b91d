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
    (("metaData", "expires"), 1502893131855),
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
