"""The genesys-cloud JSON Schemas: examples that must pass and fail, and coverage of the sources.

The coverage check reads sources 003 and 004 (``../shared/seeds``, as the catalogue
test does) and is skipped where they are absent; the property and enum lists written
out below are checked either way.
"""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path
from typing import Any

import pytest

from harness.validation import errors

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
RUBY, JAVA = "003_8857162963c75bc4.txt", "004_74b9acbea6b733cb.txt"

SESSION = "genesys-cloud:cobrowsesession"

#: A Cobrowsesession as the Platform API sends it once an agent left and wrapped up.
GOOD: dict[str, Any] = {
    "state": "disconnected",
    "initialState": "alerting",
    "id": "5b3a0c49-8d3f-4f36-9b7b-6f3c1ad2c001",
    "disconnectType": "client",
    "self": {"name": "Grace Hopper", "nameRaw": "Grace Hopper", "addressNormalized": "agent-1",
             "addressRaw": "agent-1", "addressDisplayable": "agent-1"},
    "cobrowseSessionId": "0f8a8d2e-23a4-4e52-8c1e-44b1b1f6a9d1",
    "cobrowseRole": "viewer",
    "controlling": [],
    "viewerUrl": "https://cobrowse.example.com/viewer/0f8a8d2e",
    "providerEventTime": "2017-08-16T14:17:51.905Z",
    "startAlertingTime": "2017-08-16T14:17:21.905Z",
    "connectedTime": "2017-08-16T14:17:31.905Z",
    "disconnectedTime": "2017-08-16T14:17:51.905Z",
    "provider": "Genesys Cloud Co-browse",
    "peerId": "5b3a0c49-8d3f-4f36-9b7b-6f3c1ad2c002",
    "segments": [
        {"startTime": "2017-08-16T14:17:21.905Z", "endTime": "2017-08-16T14:17:31.905Z",
         "type": "alert", "howEnded": "answered"},
        {"startTime": "2017-08-16T14:17:31.905Z", "endTime": "2017-08-16T14:17:51.905Z",
         "type": "interact", "howEnded": "disconnect", "disconnectType": "client"},
    ],
    "wrapup": {"code": "resolved", "notes": "done", "tags": ["co-browse"], "durationSeconds": 4,
               "endTime": "2017-08-16T14:17:55.905Z"},
    "afterCallWork": {"startTime": "2017-08-16T14:17:51.905Z",
                      "endTime": "2017-08-16T14:17:55.905Z", "state": "complete"},
    "afterCallWorkRequired": False,
}


def _messages(instance: Any, schema: str = SESSION) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in errors(instance, schema)]


def test_a_complete_cobrowsesession_is_valid() -> None:
    assert _messages(GOOD) == []


def test_every_property_is_optional() -> None:
    assert _messages({}) == []


def test_disconnect_type_may_be_null_until_the_communication_disconnects() -> None:
    assert _messages({"state": "connected", "disconnectType": None}) == []


def test_unknown_properties_are_allowed_for_forward_compatibility() -> None:
    assert _messages({**GOOD, "queueMediaSettings": {"x": 1}}) == []


def test_a_ruby_style_session_without_initial_state_is_valid() -> None:
    ruby = {k: v for k, v in GOOD.items() if k != "initialState"}
    assert _messages(ruby) == []


@pytest.mark.parametrize(("field", "value", "path"), [
    ("state", "CONNECTED", "$.state"),
    ("state", "OutdatedSdkVersion", "$.state"),
    ("state", 5, "$.state"),
    ("initialState", "ringing", "$.initialState"),
    ("disconnectType", "inactivity", "$.disconnectType"),
    ("disconnectType", "timeOut", "$.disconnectType"),
    ("self", "Grace Hopper", "$.self"),
    ("self", {"name": 7}, "$.self.name"),
    ("cobrowseRole", "Viewer", "$.cobrowseRole"),
    ("cobrowseRole", "agent", "$.cobrowseRole"),
    ("controlling", "a,b", "$.controlling"),
    ("controlling", [1], "$.controlling[0]"),
    ("viewerUrl", "/cobrowse/viewer/1", "$.viewerUrl"),
    ("providerEventTime", "2017-08-16T14:17:21Z", "$.providerEventTime"),
    ("startAlertingTime", "2017-08-16T14:17:21.905+02:00", "$.startAlertingTime"),
    ("connectedTime", 1502893041905, "$.connectedTime"),
    ("disconnectedTime", "2017-08-16 14:17:21.905Z", "$.disconnectedTime"),
    ("segments", {"type": "alert"}, "$.segments"),
    ("segments", [{"startTime": "yesterday"}], "$.segments[0].startTime"),
    ("wrapup", "resolved", "$.wrapup"),
    ("wrapup", {"tags": "a"}, "$.wrapup.tags"),
    ("afterCallWork", "pending", "$.afterCallWork"),
    ("afterCallWork", {"state": "done"}, "$.afterCallWork.state"),
    ("afterCallWorkRequired", "false", "$.afterCallWorkRequired"),
    ("id", 17, "$.id"),
    ("provider", {"name": "x"}, "$.provider"),
])
def test_a_wrong_value_is_refused_naming_the_field(field: str, value: Any, path: str) -> None:
    bad = copy.deepcopy(GOOD)
    bad[field] = value
    found = errors(bad, SESSION)
    assert found, f"{field}={value!r} must be refused"
    assert path in {e.json_path for e in found}


def test_the_optional_millis_form_is_source_004s() -> None:
    assert errors("2017-08-16T14:17:21Z", "genesys-cloud:date-time-optional-millis") == []
    assert errors("2017-08-16T14:17:21.905Z", "genesys-cloud:date-time-optional-millis") == []
    assert errors("2017-08-16T14:17:21Z", "genesys-cloud:date-time") != []
    assert errors("2017-08-16T14:17:21.9Z", "genesys-cloud:date-time-optional-millis") != []


CONVERSATION = {
    "id": "c1", "startTime": "2017-08-16T14:17:21.905Z",
    "participants": [{"id": "p1", "purpose": "customer", "name": "Ada",
                      "cobrowsesessions": [GOOD], "calls": [], "chats": []}],
    "recordingState": "NONE", "selfUri": "/api/v2/conversations/c1",
}


def test_the_conversation_carries_cobrowsesessions_of_the_seed_model() -> None:
    assert _messages(CONVERSATION, "genesys-cloud:conversation") == []
    bad = copy.deepcopy(CONVERSATION)
    bad["participants"][0]["cobrowsesessions"][0]["state"] = "active"
    paths = {e.json_path for e in errors(bad, "genesys-cloud:conversation")}
    assert "$.participants[0].cobrowsesessions[0].state" in paths
    assert errors({"id": "c1"}, "genesys-cloud:conversation") != []  # participants missing


def test_the_media_view_keeps_its_own_enumerations() -> None:
    media = {"id": "p1", "state": "connected", "disconnectType": "inactivity"}
    assert _messages(media, "genesys-cloud:cobrowse-media-participant") == []
    # "timeout" is a Cobrowsesession value, not a CobrowseMediaParticipant one, and vice versa.
    assert errors({**media, "disconnectType": "timeout"},
                  "genesys-cloud:cobrowse-media-participant") != []
    assert errors({**media, "state": "scheduled"},
                  "genesys-cloud:cobrowse-media-participant") != []
    assert errors({"disconnectType": "inactivity"}, SESSION) != []
    assert _messages({"state": "scheduled"}) == []


def test_the_error_body() -> None:
    body = {"message": "The requested resource was not found.", "code": "not.found",
            "status": 404, "contextId": "d7a0", "details": [], "errors": []}
    assert _messages(body, "genesys-cloud:error-body") == []
    assert errors({**body, "status": "404"}, "genesys-cloud:error-body") != []
    assert errors({**body, "code": "not_found"}, "genesys-cloud:error-body") != []
    assert errors({"message": "x", "status": 404}, "genesys-cloud:error-body") != []


# -- coverage of the sources ----------------------------------------------------------------------
def _schema_properties() -> dict[str, Any]:
    from harness.validation import schema_validator

    schema = schema_validator(SESSION).schema
    properties: dict[str, Any] = schema["properties"]
    return properties


#: Source 004's properties, and 003's Ruby attribute names with their JSON names.
JAVA_NAMES = ["state", "id", "disconnectType", "self", "cobrowseSessionId", "cobrowseRole",
              "controlling", "viewerUrl", "providerEventTime", "startAlertingTime",
              "connectedTime", "disconnectedTime", "provider", "peerId", "segments", "wrapup",
              "afterCallWork", "afterCallWorkRequired", "initialState"]
RUBY_NAMES = {"state": "state", "id": "id", "disconnect_type": "disconnectType", "_self": "self",
              "cobrowse_session_id": "cobrowseSessionId", "cobrowse_role": "cobrowseRole",
              "controlling": "controlling", "viewer_url": "viewerUrl",
              "provider_event_time": "providerEventTime",
              "start_alerting_time": "startAlertingTime", "connected_time": "connectedTime",
              "disconnected_time": "disconnectedTime", "provider": "provider",
              "peer_id": "peerId", "segments": "segments", "wrapup": "wrapup",
              "after_call_work": "afterCallWork",
              "after_call_work_required": "afterCallWorkRequired"}


def test_the_schema_has_every_property_of_both_sources() -> None:
    properties = _schema_properties()
    assert sorted(properties) == sorted(JAVA_NAMES)
    assert set(RUBY_NAMES.values()) == set(JAVA_NAMES) - {"initialState"}


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"source {name} not found at {SEEDS}")
    return html.unescape(path.read_text(encoding="utf-8"))


def _property_rows(text: str) -> list[str]:
    return re.findall(r"^\|\s*\*\*(\w+)\*\*\s*\|", text, re.MULTILINE)


def _camel(ruby: str) -> str:
    head, *rest = ruby.lstrip("_").split("_")
    return head + "".join(word.capitalize() for word in rest)


def test_every_property_named_in_source_004_is_in_the_schema() -> None:
    names = _property_rows(_seed(JAVA))
    assert len(names) == 19
    assert sorted(names) == sorted(_schema_properties())


def test_every_property_named_in_source_003_is_in_the_schema_under_its_json_name() -> None:
    names = _property_rows(_seed(RUBY))
    assert len(names) == 18
    assert {RUBY_NAMES[n] for n in names} <= set(_schema_properties())
    assert all(_camel(n) == RUBY_NAMES[n] for n in names)


def _enum_values(text: str, table: str) -> list[str]:
    section = text.split(f"## Enum: {table}", 1)[1].split("## Enum:", 1)[0]
    return re.findall(r'^\|\s*\w+\s*\|\s*"([^"]+)"\s*\|', section, re.MULTILINE)


@pytest.mark.parametrize(("table", "field"), [
    ("StateEnum", "state"), ("InitialStateEnum", "initialState"),
    ("DisconnectTypeEnum", "disconnectType")])
def test_every_enum_value_of_source_004_is_in_the_schema(table: str, field: str) -> None:
    values = _enum_values(_seed(JAVA), table)
    assert values[0] == "OutdatedSdkVersion" and len(values) > 5
    schema_enum = [v for v in _schema_properties()[field]["enum"] if v is not None]
    # The SDK's sentinel is not a value a server sends: every other value, and only them.
    assert sorted(schema_enum) == sorted(values[1:])
