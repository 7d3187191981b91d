"""Party credentials over a real socket: a party is who its credential says, nowhere else.

Each refusal the driver APIs make with ``X-Conformance-Party`` (401 for a credential the
server never issued, 403 for a claim, an interaction or an act that is not the
credential's), and the older behaviour kept when no credential is presented.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from harness.validation import errors
from mockserver.openapi import document
from mockserver.parties import PARTY_HEADER
from mockserver.server import BackgroundServer

GE = "/driver/genesys-engage"
GC = "/driver/genesys-cloud"
PLATFORM = {"Authorization": "Bearer reference-token"}


@pytest.fixture
def client(reference_server: BackgroundServer) -> httpx.Client:
    return httpx.Client(base_url=reference_server.base_url,
                        headers={"X-Conformance-World": "parties"})


def _as(credential: str) -> dict[str, str]:
    return {PARTY_HEADER: credential}


def _refused(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert not errors(body, "driver:error"), body
    assert body["error"] == code, body
    return body


# -- genesys-engage -----------------------------------------------------------------------------
def _interaction(client: httpx.Client, agent: str = "agent-1") -> dict[str, Any]:
    response = client.post(f"{GE}/interactions", json={"media": "chat", "agentId": agent})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def _joined(client: httpx.Client) -> tuple[dict[str, Any], str, str]:
    """An interaction, its active session's ID and the agent's pending Write Mode request."""
    interaction = _interaction(client)
    customer, agent = (_as(interaction["partyCredentials"][p]) for p in ("customer", "agent"))
    start = client.post(f"{GE}/interactions/{interaction['interactionId']}/sessions",
                        json={"role": "customer"}, headers=customer)
    token = start.json()["sessionId"]
    assert client.post(f"{GE}/sessions/{token}/join", json={"agentId": "agent-1"},
                       headers=agent).status_code == 200
    request = client.post(f"{GE}/sessions/{token}/mode", json={"mode": "write"}, headers=agent)
    assert request.status_code == 202, request.text
    return interaction, token, str(request.json()["requestId"])


def test_every_interaction_issues_each_party_its_own_credential(client: httpx.Client) -> None:
    first, second = _interaction(client), _interaction(client)
    issued = [first["partyCredentials"][p] for p in ("customer", "agent")] + [
        second["partyCredentials"][p] for p in ("customer", "agent")]
    assert all(isinstance(c, str) and c for c in issued)
    assert len(set(issued)) == 4
    assert "partyCredentials" not in client.get(
        f"{GE}/interactions/{first['interactionId']}").json()


def test_the_capabilities_declare_parties(client: httpx.Client) -> None:
    assert client.get("/driver/capabilities").json()["capabilities"]["parties"] is True


@pytest.mark.parametrize("forged", ["nonsense", "agent.", "agent.x.y", "x" * 600])
def test_a_credential_the_server_never_issued_is_401(client: httpx.Client, forged: str) -> None:
    iid = _interaction(client)["interactionId"]
    _refused(client.get(f"{GE}/interactions/{iid}", headers=_as(forged)), 401,
             "unknown_party_credential")


def test_a_credential_moved_to_the_other_party_is_401(client: httpx.Client) -> None:
    interaction = _interaction(client)
    agent = interaction["partyCredentials"]["agent"]
    posing = "customer" + agent.removeprefix("agent")
    _refused(client.post(f"{GE}/interactions/{interaction['interactionId']}/sessions",
                         json={"role": "customer"}, headers=_as(posing)), 401,
             "unknown_party_credential")


def test_the_agent_claiming_to_be_the_customer_cannot_start_a_session(
        client: httpx.Client) -> None:
    interaction = _interaction(client)
    iid, issued = interaction["interactionId"], interaction["partyCredentials"]
    body = _refused(client.post(f"{GE}/interactions/{iid}/sessions", json={"role": "customer"},
                                headers=_as(issued["agent"])), 403, "party_mismatch")
    assert "customer" in body["message"] and "agent" in body["message"]
    # Acting as itself, the agent is refused by the rule, not by the credential.
    _refused(client.post(f"{GE}/interactions/{iid}/sessions", json={"role": "agent"},
                         headers=_as(issued["agent"])), 403, "agent_cannot_initiate")
    assert client.get(f"{GE}/interactions/{iid}").json()["sessions"] == []
    assert client.post(f"{GE}/interactions/{iid}/sessions", json={"role": "customer"},
                       headers=_as(issued["customer"])).status_code == 201


def test_only_the_customer_answers_a_write_mode_request(client: httpx.Client) -> None:
    interaction, token, request = _joined(client)
    issued = interaction["partyCredentials"]
    answer = f"{GE}/sessions/{token}/mode-requests/{request}"
    _refused(client.post(answer, json={"accept": True}, headers=_as(issued["agent"])), 403,
             "not_this_partys_act")
    assert client.get(f"{GE}/sessions/{token}").json()["mode"] == "pointer"
    accepted = client.post(answer, json={"accept": True}, headers=_as(issued["customer"]))
    assert accepted.status_code == 200 and accepted.json()["mode"] == "write", accepted.text


def test_a_query_role_that_is_not_the_credentials_is_refused(client: httpx.Client) -> None:
    interaction, token, _ = _joined(client)
    agent = _as(interaction["partyCredentials"]["agent"])
    _refused(client.get(f"{GE}/sessions/{token}/view", params={"role": "customer"},
                        headers=agent), 403, "party_mismatch")
    _refused(client.get(f"{GE}/interactions/{interaction['interactionId']}/events",
                        params={"role": "customer"}, headers=agent), 403, "party_mismatch")
    assert client.get(f"{GE}/sessions/{token}/view", params={"role": "agent"},
                      headers=agent).status_code == 200


def test_the_customer_cannot_join_nor_exit_as_the_agent(client: httpx.Client) -> None:
    interaction = _interaction(client)
    customer = _as(interaction["partyCredentials"]["customer"])
    token = client.post(f"{GE}/interactions/{interaction['interactionId']}/sessions",
                        json={"role": "customer"}, headers=customer).json()["sessionId"]
    _refused(client.post(f"{GE}/sessions/{token}/join", json={"agentId": "agent-1"},
                         headers=customer), 403, "not_this_partys_act")
    _refused(client.post(f"{GE}/sessions/{token}/exit", json={"role": "agent"},
                         headers=customer), 403, "party_mismatch")
    assert client.get(f"{GE}/sessions/{token}").json()["state"] == "idle"


def test_an_agent_cannot_act_in_another_agents_interaction(client: httpx.Client) -> None:
    mine, theirs = _interaction(client, "agent-1"), _interaction(client, "agent-2")
    intruder = _as(theirs["partyCredentials"]["agent"])
    customer = _as(mine["partyCredentials"]["customer"])
    token = client.post(f"{GE}/interactions/{mine['interactionId']}/sessions",
                        json={"role": "customer"}, headers=customer).json()["sessionId"]
    _refused(client.post(f"{GE}/sessions/{token}/join", json={"agentId": "agent-1"},
                         headers=intruder), 403, "credential_of_another_interaction")
    _refused(client.get(f"{GE}/interactions/{mine['interactionId']}", headers=intruder), 403,
             "credential_of_another_interaction")
    _refused(client.get(f"{GE}/interactions", params={"agentId": "agent-1"},
                        headers=intruder), 403, "not_your_listing")
    assert client.get(f"{GE}/interactions", params={"agentId": "agent-2"},
                      headers=intruder).status_code == 200
    assert client.get(f"{GE}/sessions/{token}").json()["state"] == "idle"


def test_without_a_credential_the_claim_stands_as_before(client: httpx.Client) -> None:
    """A vendor's driver written before credentials: no header, the body's role decides, and
    the Write Mode answer route is taken to be the customer's."""
    iid = _interaction(client)["interactionId"]
    token = client.post(f"{GE}/interactions/{iid}/sessions",
                        json={"role": "customer"}).json()["sessionId"]
    assert client.post(f"{GE}/sessions/{token}/join",
                       json={"agentId": "agent-1"}).status_code == 200
    request = client.post(f"{GE}/sessions/{token}/mode", json={"mode": "write"}).json()
    answered = client.post(f"{GE}/sessions/{token}/mode-requests/{request['requestId']}",
                           json={"accept": True})
    assert answered.status_code == 200 and answered.json()["mode"] == "write"
    assert client.get(f"{GE}/sessions/{token}/view", params={"role": "customer"}
                      ).status_code == 200


# -- genesys-cloud ----------------------------------------------------------------------------
def _conversation(client: httpx.Client) -> dict[str, Any]:
    response = client.post(f"{GC}/conversations", json={})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def _controlling(client: httpx.Client, conversation: dict[str, Any]) -> list[Any]:
    data = client.get(f"/api/v2/conversations/{conversation['conversationId']}",
                      headers=PLATFORM).json()
    agent = next(p for p in data["participants"]
                 if p["id"] == conversation["agent"]["participantId"])
    controlling: list[Any] = agent["cobrowsesessions"][-1]["controlling"]
    return controlling


def test_only_the_customer_grants_control(client: httpx.Client) -> None:
    conversation = _conversation(client)
    issued = conversation["partyCredentials"]
    customer, agent = _as(issued["customer"]), _as(issued["agent"])
    assert issued["customer"] != issued["agent"]
    cid = conversation["conversationId"]
    _refused(client.post(f"{GC}/conversations/{cid}/cobrowse", json={}, headers=agent), 403,
             "not_this_partys_act")
    sid = client.post(f"{GC}/conversations/{cid}/cobrowse", json={},
                      headers=customer).json()["cobrowseSessionId"]
    assert client.post(f"{GC}/cobrowse/{sid}/join", json={}, headers=agent).status_code == 200
    rid = client.post(f"{GC}/cobrowse/{sid}/control-requests", json={},
                      headers=agent).json()["requestId"]
    answer = f"{GC}/cobrowse/{sid}/control-requests/{rid}"
    _refused(client.post(answer, json={"accept": True}, headers=agent), 403,
             "not_this_partys_act")
    assert _controlling(client, conversation) == []
    assert client.post(answer, json={"accept": True}, headers=customer).status_code == 200
    assert _controlling(client, conversation) == [conversation["customer"]["participantId"]]


def test_cloud_claims_credentials_and_conversations(client: httpx.Client) -> None:
    mine, theirs = _conversation(client), _conversation(client)
    customer = _as(mine["partyCredentials"]["customer"])
    cid = mine["conversationId"]
    sid = client.post(f"{GC}/conversations/{cid}/cobrowse", json={},
                      headers=customer).json()["cobrowseSessionId"]
    _refused(client.post(f"{GC}/cobrowse/{sid}/leave", json={"party": "agent"},
                         headers=customer), 403, "party_mismatch")
    _refused(client.post(f"{GC}/cobrowse/{sid}/join", json={},
                         headers=_as(theirs["partyCredentials"]["agent"])), 403,
             "credential_of_another_interaction")
    engage = _interaction(client)["partyCredentials"]["customer"]
    _refused(client.get(f"{GC}/cobrowse/{sid}", headers=_as(engage)), 401,
             "unknown_party_credential")


def test_cloud_without_a_credential_works_as_before(client: httpx.Client) -> None:
    cid = _conversation(client)["conversationId"]
    sid = client.post(f"{GC}/conversations/{cid}/cobrowse", json={}).json()["cobrowseSessionId"]
    assert client.post(f"{GC}/cobrowse/{sid}/join", json={}).status_code == 200
    rid = client.post(f"{GC}/cobrowse/{sid}/control-requests", json={}).json()["requestId"]
    assert client.post(f"{GC}/cobrowse/{sid}/control-requests/{rid}",
                       json={"accept": True}).status_code == 200


# -- the published description ------------------------------------------------------------------
def test_every_driver_operation_but_creation_documents_the_header() -> None:
    paths = document()["paths"]
    seen = 0
    for path, item in paths.items():
        if not path.startswith((GE, GC)):
            continue
        for op in item.values():
            names = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
            creates = op["operationId"] in ("engageCreateInteraction", "cloudCreateConversation")
            assert (PARTY_HEADER in names) is not creates, op["operationId"]
            if not creates:
                seen += 1
                assert {"401", "403"} <= set(op["responses"]), op["operationId"]
    assert seen > 20
