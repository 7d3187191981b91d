"""The reference's Platform API over a real socket: routes, bearer auth, ErrorBody, consistency."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
import pytest

from harness.validation import errors
from mockserver.credentials import REFERENCE_CREDENTIALS

TOKEN = REFERENCE_CREDENTIALS["genesys-cloud"]["token"]
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DRIVER = "/driver/genesys-cloud"
API = "/api/v2/conversations"




def _valid(instance: Any, schema: str) -> None:
    found = [f"{e.json_path}: {e.message}" for e in errors(instance, f"genesys-cloud:{schema}")]
    assert found == [], found


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    _valid(body, "error-body")
    assert body["status"] == status and body["code"] == code, body
    uuid.UUID(body["contextId"])
    return body


@pytest.fixture
def conversation(http: httpx.Client) -> dict[str, Any]:
    response = http.post(f"{DRIVER}/conversations", json={"customerName": "Ada",
                                                           "agentName": "Grace"})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def _start(http: httpx.Client, conversation: dict[str, Any]) -> str:
    response = http.post(f"{DRIVER}/conversations/{conversation['conversationId']}/cobrowse")
    assert response.status_code == 201, response.text
    return str(response.json()["cobrowseSessionId"])


def _get(http: httpx.Client, path: str) -> dict[str, Any]:
    response = http.get(path, headers=AUTH)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def _comm(conv: dict[str, Any], participant_id: str, index: int = 0) -> dict[str, Any]:
    participant = next(p for p in conv["participants"] if p["id"] == participant_id)
    comm: dict[str, Any] = participant["cobrowsesessions"][index]
    return comm


# -- authentication ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [f"{API}/anything", f"{API}/cobrowsesessions",
                                  f"{API}/cobrowsesessions/anything"])
def test_no_bearer_token_is_401_authentication_required(http: httpx.Client, path: str) -> None:
    body = _error(http.get(path), 401, "authentication.required")
    assert body["message"] == "No authentication bearer token specified in authorization header."


@pytest.mark.parametrize("header", ["Basic cmVmZXJlbmNlOg==", "Bearer", "token"])
def test_a_header_without_a_bearer_token_is_authentication_required(http: httpx.Client,
                                                                    header: str) -> None:
    _error(http.get(f"{API}/x", headers={"Authorization": header}), 401,
           "authentication.required")


def test_a_wrong_token_is_401_bad_credentials(http: httpx.Client) -> None:
    _error(http.get(f"{API}/x", headers={"Authorization": "Bearer not-the-token"}), 401,
           "bad.credentials")


def test_auth_is_checked_on_changes_too(http: httpx.Client, conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    _start(http, conversation)
    _error(http.patch(f"{API}/cobrowsesessions/{cid}", json={"state": "disconnected"}), 401,
           "authentication.required")
    assert _get(http, f"{API}/{cid}")["participants"][0]["cobrowsesessions"][0]["state"] == \
        "connected"


def test_the_driver_needs_no_token(http: httpx.Client) -> None:
    assert http.post(f"{DRIVER}/conversations", json={}).status_code == 201


# -- not found, bad requests -----------------------------------------------------------------------
def test_an_unknown_conversation_is_404_not_found(http: httpx.Client) -> None:
    _error(http.get(f"{API}/{uuid.uuid4()}", headers=AUTH), 404, "not.found")
    _error(http.get(f"{API}/cobrowsesessions/{uuid.uuid4()}", headers=AUTH), 404, "not.found")
    _error(http.patch(f"{API}/cobrowsesessions/{uuid.uuid4()}", headers=AUTH,
                      json={"state": "disconnected"}), 404, "not.found")


def test_a_conversation_without_co_browse_has_no_media_view(
        http: httpx.Client, conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    _get(http, f"{API}/{cid}")
    _error(http.get(f"{API}/cobrowsesessions/{cid}", headers=AUTH), 404, "not.found")


def test_an_unknown_path_under_api_v2_is_an_error_body(http: httpx.Client) -> None:
    body = _error(http.get("/api/v2/nothing/here", headers=AUTH), 404, "not.found")
    assert body["message"] == "The requested resource was not found."
    response = http.delete(f"{API}/cobrowsesessions", headers=AUTH)
    _error(response, 405, "method.not.allowed")
    assert "GET" in response.headers["Allow"]


def test_unknown_participant_and_communication_are_404(
        http: httpx.Client, conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    _start(http, conversation)
    agent = conversation["agent"]["participantId"]
    _error(http.patch(f"{API}/cobrowsesessions/{cid}/participants/nope", headers=AUTH,
                      json={"state": "disconnected"}), 404, "not.found")
    _error(http.patch(f"{API}/cobrowsesessions/{cid}/participants/{agent}/communications/nope",
                      headers=AUTH, json={"state": "disconnected"}), 404, "not.found")


@pytest.mark.parametrize(("body", "code", "field"), [
    (b"{not json", "bad.request", None),
    (b"[1, 2]", "invalid.value", None),
    (b'{"state": "disconnected", "colour": "red"}', "invalid.property", "colour"),
    (b'{"state": "hanging"}', "invalid.value", "state"),
    (b'{"state": "held"}', "invalid.value", "state"),
    (b'{"wrapup": {"code": 7}}', "invalid.value", "wrapup.code"),
    (b"", "bad.request", None),
])
def test_a_malformed_communication_patch_is_400(
        http: httpx.Client, conversation: dict[str, Any], body: bytes, code: str,
        field: str | None) -> None:
    cid = conversation["conversationId"]
    _start(http, conversation)
    conv = _get(http, f"{API}/{cid}")
    agent = conversation["agent"]["participantId"]
    comm = _comm(conv, agent)["id"]
    response = http.patch(f"{API}/cobrowsesessions/{cid}/participants/{agent}/communications/"
                          f"{comm}", headers={**AUTH, "Content-Type": "application/json"},
                          content=body)
    error = _error(response, 400, code)
    if field is not None:
        assert error["details"][0]["fieldName"] == field
    assert _comm(_get(http, f"{API}/{cid}"), agent)["state"] == "alerting"  # nothing changed


def test_a_body_that_is_not_json_is_415(http: httpx.Client,
                                        conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    _start(http, conversation)
    _error(http.patch(f"{API}/cobrowsesessions/{cid}",
                      headers={**AUTH, "Content-Type": "text/plain"}, content=b"disconnected"),
           415, "unsupported.media.type")


def test_only_disconnected_updates_a_conversation(http: httpx.Client,
                                                  conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    _start(http, conversation)
    for body in ({"state": "connected"}, {}, {"name": "x"}):
        _error(http.patch(f"{API}/cobrowsesessions/{cid}", headers=AUTH, json=body), 400,
               "invalid.value")


def test_no_input_gets_a_5xx(http: httpx.Client, conversation: dict[str, Any]) -> None:
    """A bounded batch of odd requests on every Platform route: 4xx or success, never 5xx."""
    cid = conversation["conversationId"]
    _start(http, conversation)
    pid = conversation["agent"]["participantId"]
    paths = [f"{API}/{cid}", f"{API}/{cid}/participants/{pid}", f"{API}/cobrowsesessions",
             f"{API}/cobrowsesessions/{cid}", f"{API}/cobrowsesessions/{cid}/participants/{pid}",
             f"{API}/cobrowsesessions/{cid}/participants/{pid}/communications/x",
             f"{API}/cobrowsesessions/{cid}/participants/{pid}/communications/x/wrapup",
             f"{API}/%00", f"{API}/{'x' * 2000}", "/oauth/token"]
    bodies: list[bytes] = [b"", b"null", b"0", b'""', b"{}", b'{"state": null}',
                           b'{"wrapup": []}', b'{"state": "disconnected", "wrapup": {}}',
                           b"\xff\xfe", b'{"a":' * 50]
    for path in paths:
        for method in ("GET", "PATCH", "POST", "PUT", "DELETE"):
            for body in bodies[:3] if method == "GET" else bodies:
                response = http.request(method, path, headers={
                    **AUTH, "Content-Type": "application/json"}, content=body)
                assert response.status_code < 500, (method, path, body, response.text)


# -- the life cycle through both families ----------------------------------------------------------
def test_the_two_families_agree(http: httpx.Client, conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    sid = _start(http, conversation)
    assert http.post("/control/clock/advance", json={"seconds": 5}).status_code == 200
    assert http.post(f"{DRIVER}/cobrowse/{sid}/join").status_code == 200
    conv = _get(http, f"{API}/{cid}")
    _valid(conv, "conversation")
    media = _get(http, f"{API}/cobrowsesessions/{cid}")
    _valid(media, "cobrowse-conversation")
    assert media["id"] == cid
    for participant in media["participants"]:
        comm = _comm(conv, participant["id"])
        assert participant["state"] == comm["state"]
        assert participant["cobrowseSessionId"] == comm["cobrowseSessionId"] == sid
        assert participant["cobrowseRole"] == comm["cobrowseRole"]
        assert participant["controlling"] == comm["controlling"]
        assert participant["peer"] == comm["peerId"]
        assert participant.get("connectedTime") == comm.get("connectedTime")
    listing = _get(http, f"{API}/cobrowsesessions")
    _valid(listing, "cobrowse-conversation-entity-listing")
    assert [e["id"] for e in listing["entities"]] == [cid]
    assert listing["total"] == 1


def test_a_timeout_is_timeout_in_one_family_and_inactivity_in_the_other(
        http: httpx.Client, conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    assert http.put("/control/config", json={"genesys-cloud": {
        "inactivityTimeoutSeconds": 30}}).status_code == 200
    _start(http, conversation)
    assert http.post("/control/clock/advance", json={"seconds": 31}).status_code == 200
    conv = _get(http, f"{API}/{cid}")
    media = _get(http, f"{API}/cobrowsesessions/{cid}")
    _valid(conv, "conversation")
    _valid(media, "cobrowse-conversation")
    assert {_comm(conv, p["id"])["disconnectType"] for p in conv["participants"]} == {"timeout"}
    assert {p["disconnectType"] for p in media["participants"]} == {"inactivity"}
    assert _get(http, f"{API}/cobrowsesessions")["entities"] == []


def test_patch_a_communication_disconnects_it(http: httpx.Client,
                                              conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    sid = _start(http, conversation)
    http.post(f"{DRIVER}/cobrowse/{sid}/join")
    agent = conversation["agent"]["participantId"]
    comm = _comm(_get(http, f"{API}/{cid}"), agent)
    path = f"{API}/cobrowsesessions/{cid}/participants/{agent}/communications/{comm['id']}"
    response = http.patch(path, headers=AUTH, json={"state": "disconnected"})
    assert response.status_code == 200 and response.json() == {}
    conv = _get(http, f"{API}/{cid}")
    assert _comm(conv, agent)["state"] == "disconnected"
    assert _comm(conv, agent)["disconnectType"] == "client"
    assert _comm(conv, conversation["customer"]["participantId"])["disconnectType"] == "peer"
    wrapup = http.post(f"{path}/wrapup", headers=AUTH, json={"code": "resolved",
                                                              "notes": "ok"})
    assert wrapup.status_code == 202, wrapup.text
    comm = _comm(_get(http, f"{API}/{cid}"), agent)
    assert comm["wrapup"]["code"] == "resolved"
    assert comm["afterCallWork"]["state"] == "complete"
    _error(http.patch(path, headers=AUTH, json={"state": "connected"}), 409, "conflict")


def test_patch_a_participant_answers_then_hangs_up(http: httpx.Client,
                                                   conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    _start(http, conversation)
    agent = conversation["agent"]["participantId"]
    for path in (f"{API}/cobrowsesessions/{cid}/participants/{agent}",
                 f"{API}/{cid}/participants/{agent}"):
        state = "connected" if path.startswith(f"{API}/cobrowsesessions") else "disconnected"
        response = http.patch(path, headers=AUTH, json={"state": state})
        assert response.status_code == 202, response.text
        assert response.content == b""
        assert _comm(_get(http, f"{API}/{cid}"), agent)["state"] == state


def test_patch_the_conversation_disconnects_everyone(http: httpx.Client,
                                                     conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    sid = _start(http, conversation)
    http.post(f"{DRIVER}/cobrowse/{sid}/join")
    response = http.patch(f"{API}/cobrowsesessions/{cid}", headers=AUTH,
                          json={"state": "disconnected"})
    assert response.status_code == 200, response.text
    conv = response.json()
    _valid(conv, "conversation")
    assert "endTime" in conv
    comms = [p["cobrowsesessions"][0] for p in conv["participants"]]
    assert {c["state"] for c in comms} == {"disconnected"}
    assert {c["disconnectType"] for c in comms} == {"client"}
    again = http.patch(f"{API}/cobrowsesessions/{cid}", headers=AUTH,
                       json={"state": "disconnected"})
    assert again.status_code == 200


def test_every_cobrowsesession_read_validates(http: httpx.Client,
                                              conversation: dict[str, Any]) -> None:
    cid = conversation["conversationId"]
    sid = _start(http, conversation)
    seen = [_get(http, f"{API}/{cid}")]
    http.post(f"{DRIVER}/cobrowse/{sid}/join")
    request = http.post(f"{DRIVER}/cobrowse/{sid}/control-requests").json()
    http.post(f"{DRIVER}/cobrowse/{sid}/control-requests/{request['requestId']}",
              json={"accept": True})
    seen.append(_get(http, f"{API}/{cid}"))
    http.post(f"{DRIVER}/cobrowse/{sid}/leave", json={"party": "customer"})
    http.post(f"{DRIVER}/conversations/{cid}/wrapup", json={"code": "resolved"})
    seen.append(_get(http, f"{API}/{cid}"))
    for conv in seen:
        _valid(conv, "conversation")
    assert _comm(seen[1], conversation["agent"]["participantId"])["controlling"] == [
        conversation["customer"]["participantId"]]


# -- the login route -------------------------------------------------------------------------------
def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def test_client_credentials_give_the_reference_token(http: httpx.Client) -> None:
    response = http.post("/oauth/token", data={"grant_type": "client_credentials"},
                         headers={"Authorization": _basic("reference-client",
                                                          "reference-secret")})
    assert response.status_code == 200, response.text
    assert response.json()["access_token"] == TOKEN


@pytest.mark.parametrize(("headers", "data", "status", "error"), [
    ({"Authorization": _basic("someone", "else")}, {"grant_type": "client_credentials"}, 401,
     "invalid_client"),
    ({}, {"grant_type": "client_credentials"}, 401, "invalid_client"),
    ({"Authorization": "Basic !!!"}, {"grant_type": "client_credentials"}, 401,
     "invalid_client"),
    ({"Authorization": _basic("reference-client", "reference-secret")},
     {"grant_type": "password"}, 400, "unsupported_grant_type"),
])
def test_a_wrong_grant_is_an_oauth_error(http: httpx.Client, headers: dict[str, str],
                                         data: dict[str, str], status: int, error: str) -> None:
    response = http.post("/oauth/token", data=data, headers=headers)
    assert response.status_code == status
    assert response.json()["error"] == error


def test_the_openapi_document_lists_the_platform_routes(http: httpx.Client) -> None:
    document = http.get("/openapi.json").json()
    paths = document["paths"]
    for path in (f"{API}/{{conversationId}}", f"{API}/cobrowsesessions",
                 f"{API}/cobrowsesessions/{{conversationId}}",
                 f"{API}/cobrowsesessions/{{conversationId}}/participants/{{participantId}}/"
                 "communications/{communicationId}", "/driver/genesys-cloud/conversations"):
        assert path in paths, path
    schemas = document["components"]["schemas"]
    # The responses are described by the very schema files the harness validates with.
    get = paths[f"{API}/{{conversationId}}"]["get"]["responses"]
    assert get["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/genesys-cloud.conversation"}
    assert get["4XX"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/genesys-cloud.error-body"}
    assert "genesys-cloud.cobrowsesession" in schemas
    for operation in (op for item in paths.values() for op in item.values()):
        for response in operation["responses"].values():
            for media in response.get("content", {}).values():
                ref = media["schema"].get("$ref", "")
                assert not ref or ref.removeprefix("#/components/schemas/") in schemas, ref
