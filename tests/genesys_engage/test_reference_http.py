"""The genesys-engage reference over HTTP: bad input gets a clear 4xx, never a 5xx."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from harness.validation import errors
from mockserver.server import BackgroundServer

P = "/driver/genesys-engage"
W = {"X-Conformance-World": "t"}


@pytest.fixture
def client(reference_server: BackgroundServer) -> httpx.Client:
    return httpx.Client(base_url=reference_server.base_url, headers=W)


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert not errors(body, "driver:error"), body
    return body


def _session(client: httpx.Client) -> tuple[str, str]:
    iid = client.post(f"{P}/interactions", json={"media": "chat"}).json()["interactionId"]
    token = client.post(f"{P}/interactions/{iid}/sessions", json={"role": "customer"}).json()
    return iid, token["sessionId"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("POST", f"{P}/interactions", b"{not json", 400, "malformed_json"),
        ("POST", f"{P}/interactions", b'{"media": "fax"}', 400, "invalid_body"),
        ("POST", f"{P}/interactions", b'{"media": "chat", "attachedData": {"a": 1}}', 400,
         "invalid_body"),
        ("POST", f"{P}/interactions", b'{"media": "chat", "attachedData": '
         b'{"CoBrowseAssociated": "Yes"}}', 400, "reserved_key"),
        ("POST", f"{P}/interactions", b"[]", 400, "invalid_body"),
        ("GET", f"{P}/interactions/nope", None, 404, "unknown_interaction"),
        ("POST", f"{P}/sessions/123456789/join", b'{"agentId": "a"}', 404, "unknown_session"),
        ("GET", f"{P}/nowhere", None, 404, "not_found"),
        ("DELETE", f"{P}/interactions", None, 405, "method_not_allowed"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(
    client: httpx.Client, method: str, path: str, body: bytes | None, status: int, code: str
) -> None:
    response = client.request(method, path, content=body)
    assert _error(response, status)["error"] == code


def test_wrong_role_and_state_are_4xx(client: httpx.Client) -> None:
    iid, token = _session(client)
    assert _error(client.post(f"{P}/interactions/{iid}/sessions", json={"role": "agent"}),
                  403)["error"] == "agent_cannot_initiate"
    assert _error(client.post(f"{P}/sessions/{token}/actions",
                              json={"role": "agent", "type": "click", "elementId": "x"}),
                  409)["error"] == "session_idle"
    assert _error(client.post(f"{P}/sessions/{token}/join", json={"agentId": "intruder"}),
                  403)["error"] == "not_the_interactions_agent"
    assert _error(client.get(f"{P}/sessions/{token}/view"), 400)["error"] == "missing_role"
    assert _error(client.get(f"{P}/interactions/{iid}/events?role=customer&after=x"),
                  400)["error"] == "invalid_after"


def test_a_refusal_loses_no_state(client: httpx.Client) -> None:
    _iid, token = _session(client)
    client.post(f"{P}/sessions/{token}/join", json={"agentId": "agent-1"})
    client.post(f"{P}/sessions/{token}/mode", content=b"{broken")
    client.post(f"{P}/sessions/{token}/exit", json={"role": "janitor"})
    session = client.get(f"{P}/sessions/{token}").json()
    assert session["state"] == "active" and session["mode"] == "pointer"


def test_ended_session_is_gone_with_its_history_id(client: httpx.Client) -> None:
    _, token = _session(client)
    history = client.get(f"{P}/sessions/{token}").json()["historyId"]
    client.post(f"{P}/sessions/{token}/exit", json={"role": "customer"})
    body = _error(client.get(f"{P}/sessions/{token}"), 410)
    assert body["details"]["historyId"] == history
    assert client.get(f"{P}/history/{history}").json()["state"] == "ended"


def test_control_api_is_absent_outside_test_mode() -> None:
    server = BackgroundServer(test_mode=False)
    url = server.start()
    try:
        response = httpx.post(f"{url}/control/clock/advance", json={"seconds": 1})
        assert _error(response, 404)["error"] == "control_disabled"
    finally:
        server.stop()


def test_bad_configuration_is_refused(client: httpx.Client) -> None:
    for config, fragment in [
        ({"genesys-engage": {"agentSessionsLimit": 0}}, "at least 1"),
        ({"genesys-engage": {"agentSessionsLimit": "2"}}, "integer"),
        ({"genesys-engage": {"maskSelectors": ["div > span"]}}, "not supported"),
        ({"genesys-engage": {"colour": "red"}}, "unknown genesys-engage setting"),
        ({"nonsense": {}}, "unknown profile"),
    ]:
        body = _error(client.put("/control/config", json=config), 400)
        assert fragment in body["message"]


def test_worlds_are_isolated(reference_server: BackgroundServer) -> None:
    a = httpx.Client(base_url=reference_server.base_url, headers={"X-Conformance-World": "a"})
    b = httpx.Client(base_url=reference_server.base_url, headers={"X-Conformance-World": "b"})
    iid = a.post(f"{P}/interactions", json={"media": "chat"}).json()["interactionId"]
    assert b.get(f"{P}/interactions/{iid}").status_code == 404
    a.put("/control/config", json={"genesys-engage": {"agentSessionsLimit": 3}})
    assert b.get("/control/config").json()["genesys-engage"]["agentSessionsLimit"] == 1


def test_openapi_document_describes_the_driver_api(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    assert f"{P}/sessions/{{token}}/join" in doc["paths"]
    assert "DriverError" in doc["components"]["schemas"]


def _nested_page(child: dict[str, Any]) -> dict[str, Any]:
    return {"url": "https://shop.example/checkout", "title": "Checkout", "elements": [
        {"id": "form", "tag": "form", "children": [
            {"id": "card-box", "tag": "div", "children": [child]}]}]}


def test_a_nested_page_is_masked_for_the_agent_over_http(client: httpx.Client) -> None:
    """Elements nested in ``children`` travel over the driver API, and a password two levels
    down reaches the agent without its value."""
    _, token = _session(client)
    secret = "hunter2-nested"
    page = _nested_page({"id": "pin", "tag": "INPUT", "attributes": {"Type": "Password"},
                         "value": secret})
    assert client.put(f"{P}/sessions/{token}/page", json=page).status_code == 200
    assert client.post(f"{P}/sessions/{token}/join", json={"agentId": "agent-1"}).status_code == 200
    view = client.get(f"{P}/sessions/{token}/view", params={"role": "agent"})
    assert view.status_code == 200 and secret not in view.text
    assert '"pin"' in view.text, "the element is there, without its value"
    mine = client.get(f"{P}/sessions/{token}/view", params={"role": "customer"})
    assert secret in mine.text, "the customer still sees what they typed"


@pytest.mark.parametrize(("child", "code"), [
    ({"id": "x", "tag": "input", "value": {"not": "a string"}}, "invalid_element"),
    ({"id": "x", "tag": "input", "attributes": {"title": 7}}, "invalid_element"),
    ({"id": "x", "tag": "input", "onclick": "steal()"}, "invalid_element"),
    ({"id": "x", "tag": "div", "children": [{"id": f"c{i}", "tag": "i"} for i in range(600)]},
     "too_many_items"),
])
def test_a_malformed_nested_element_is_refused_with_a_reason(
        client: httpx.Client, child: dict[str, Any], code: str) -> None:
    _, token = _session(client)
    body = _error(client.put(f"{P}/sessions/{token}/page", json=_nested_page(child)), 400)
    assert body["error"] == code, body
