"""The reference's OpenAPI document says what the server enforces, and no more.

A fuzzer and a client generate their requests from the document; where it claims a
body is optional that the server refuses empty, an enum the server does not keep, or
a route the server does not serve, every request built on it is wasted or wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from mockserver.openapi import document
from mockserver.server import BackgroundServer

METHODS = ("get", "put", "post", "patch", "delete")
DOC = document(test_mode=True)
W = {"X-Conformance-World": "document"}


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield path, method, op


def validator(ref: str) -> Draft202012Validator:
    """A validator of one component, with every other component reachable by its $ref."""
    registry: Registry[Any] = Registry().with_resource(
        "urn:doc", Resource(contents=DOC, specification=DRAFT202012))
    return Draft202012Validator({"$ref": "urn:doc" + ref}, registry=registry)


def body_of(op: dict[str, Any]) -> dict[str, Any] | None:
    media: dict[str, Any] | None = op.get("requestBody", {}).get("content", {}).get(
        "application/json")
    return media


@pytest.fixture
def http(reference_server: BackgroundServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=reference_server.base_url, headers=W) as client:
        yield client


def test_the_control_api_is_listed_only_in_test_mode() -> None:
    served = {path for path in document(test_mode=False)["paths"]}
    assert not [p for p in served if p.startswith("/control/")]
    assert "/driver/capabilities" in served
    assert {"/control/reset", "/control/clock/advance"} <= set(DOC["paths"])


def test_every_operation_has_an_id_and_every_link_leads_to_one_with_those_parameters() -> None:
    by_id = {op["operationId"]: (path, op) for path, _, op in operations(DOC)}
    assert len(by_id) == len(list(operations(DOC))), "operationIds must be unique"
    links = 0
    for _, _, op in operations(DOC):
        for response in op["responses"].values():
            for link in response.get("links", {}).values():
                links += 1
                target_path, target = by_id[link["operationId"]]
                names = {p["name"] for p in target.get("parameters", [])}
                assert set(link["parameters"]) <= names, (link, target_path)
                if "requestBody" in link:
                    assert body_of(target) is not None, (link, target_path)
    assert links >= 50


def test_each_create_links_to_the_operations_that_take_its_id() -> None:
    ops = {op["operationId"]: op for _, _, op in operations(DOC)}
    expected = {
        ("engageCreateInteraction", "201"): {"engageGetInteraction", "engageStartSession",
                                             "engageEndInteraction", "engageEvents"},
        ("engageStartSession", "201"): {"engageJoin", "engageExit", "engageView", "engageAct",
                                        "engageMode", "engageSharePage", "engageHistory"},
        ("engageMode", "202"): {"engageAnswerMode"},
        ("cloudCreateConversation", "201"): {"cloudStartCobrowse", "getConversation"},
        ("cloudStartCobrowse", "201"): {"cloudJoin", "cloudLeave", "cloudRequestControl",
                                        "getConversationsCobrowsesession"},
        ("cloudRequestControl", "202"): {"cloudAnswerControl"},
        ("getConversation", "200"): {
            "patchConversationsCobrowsesessionParticipantCommunication",
            "postConversationsCobrowsesessionParticipantCommunicationWrapup"},
        ("lpInvite", "201"): {"lpGetDialog", "lpCancel", "lpEnd", "lpJoin", "lpScroll",
                              "lpPublish"},
        ("lpPublish", "200"): {"lpJoin", "lpScroll"},
    }
    for (source, status), targets in expected.items():
        assert targets <= set(ops[source]["responses"][status].get("links", {})), source


def test_the_platform_api_declares_its_bearer_token() -> None:
    schemes = DOC["components"]["securitySchemes"]
    assert schemes["platformBearer"] == {**schemes["platformBearer"], "type": "http",
                                         "scheme": "bearer"}
    for path, _, op in operations(DOC):
        if path.startswith("/api/v2/"):
            assert op.get("security") == [{"platformBearer": []}], path
            assert "401" in op["responses"], path
        elif path.startswith("/driver/"):
            assert "security" not in op, path


def test_every_body_lists_the_refusals_of_the_front_door_and_has_a_valid_example() -> None:
    for path, method, op in operations(DOC):
        media = body_of(op)
        if media is None:
            continue
        assert {"400", "413", "415"} <= set(op["responses"]), (method, path)
        assert "example" in media, (method, path)
        errors = list(validator(media["schema"]["$ref"]).iter_errors(media["example"]))
        assert not errors, (method, path, errors[0].message)


# An empty body is refused exactly where the document says a body is required.
@pytest.mark.parametrize(("method", "path"), [
    ("post", "/driver/genesys-engage/interactions"),
    ("post", "/driver/genesys-cloud/conversations"),
    ("post", "/driver/liveperson/lptag/publish"),
    ("put", "/control/config"),
    ("post", "/control/clock/advance"),
])
def test_a_body_is_required_exactly_when_an_empty_one_is_refused(
        http: httpx.Client, method: str, path: str) -> None:
    required = DOC["paths"][path][method]["requestBody"]["required"]
    response = http.request(method.upper(), path, content=b"",
                            headers={"Content-Type": "application/json"})
    assert (response.status_code == 400) == required, (response.status_code, response.text)


# What the core refuses beyond the routes' own schemas is in the document too: each body
# is refused by the published schema and by the server alike.
@pytest.mark.parametrize(("path", "body"), [
    ("/driver/genesys-engage/interactions",
     {"media": "chat", "attachedData": {"CoBrowseAssociated": "Yes"}}),
    ("/driver/genesys-engage/interactions", {"media": "chat", "attachedData": {"source": "app"}}),
    ("/driver/liveperson/lptag/publish",
     {"appName": "lpOther", "eventName": "cobrowseAccepted", "data": {
         "serviceId": "s", "agentId": "a", "visitorName": "v", "ssid": "1", "svid": "2"}}),
    ("/driver/liveperson/lptag/publish",
     {"appName": "lpCoBrowse", "eventName": "cobrowseStarted", "data": {
         "serviceId": "s", "agentId": "a", "visitorName": "v", "ssid": "1", "svid": "2"}}),
    ("/driver/liveperson/lptag/publish",
     {"appName": "lpCoBrowse", "eventName": "cobrowseAccepted", "data": {
         "serviceId": "s", "agentId": "a", "visitorName": "v", "ssid": ""}}),
])
def test_what_the_document_refuses_the_server_refuses(
        http: httpx.Client, path: str, body: dict[str, Any]) -> None:
    ref = body_of(DOC["paths"][path]["post"])["schema"]["$ref"]  # type: ignore[index]
    assert not validator(ref).is_valid(body)
    assert http.post(path, json=body).status_code == 400


def test_what_the_document_refuses_on_live_objects_the_server_refuses(
        http: httpx.Client) -> None:
    engage = "/driver/genesys-engage"
    iid = http.post(f"{engage}/interactions", json={"media": "chat"}).json()["interactionId"]
    token = http.post(f"{engage}/interactions/{iid}/sessions",
                      json={"role": "customer"}).json()["sessionId"]
    cases = [
        (f"{engage}/sessions/{token}/actions", "Action", {"role": "customer", "type": "click"}),
        (f"{engage}/sessions/{token}/mode", "ModeRequest", {"mode": "write", "role": "customer"}),
    ]
    for path, component, body in cases:
        assert not validator(f"#/components/schemas/{component}").is_valid(body)
        assert http.post(path, json=body).status_code == 400, path
    platform = {"Authorization": "Bearer reference-token"}
    cid = http.post("/driver/genesys-cloud/conversations", json={}).json()
    http.post(f"/driver/genesys-cloud/conversations/{cid['conversationId']}/cobrowse", json={})
    body = {"state": "alerting"}
    assert not validator("#/components/schemas/GenesysCloud.MediaParticipantRequest").is_valid(
        body)
    response = http.patch(f"/api/v2/conversations/{cid['conversationId']}/participants/"
                          f"{cid['agent']['participantId']}", json=body, headers=platform)
    assert response.status_code == 400, response.text
