"""genesys-cloud as the steps reach it: the driver API (parties' actions) and the Platform API.

Observations are made on the Platform API the target serves, with the bearer
token of its target file (``credentials: {genesys-cloud: {token: ...}}``); the
driver API only plays the customer and the agent.
"""

from __future__ import annotations

from typing import Any

import httpx

from harness.checks import SetupError
from harness.clients.http import DriverClient
from harness.clients.parties import PartyBook
from harness.targets import TargetInfo

DRIVER = "/driver/genesys-cloud"
API = "/api/v2/conversations"
PROFILE = "genesys-cloud"
CUSTOMER, AGENT = "customer", "agent"


class CloudDriver:
    """One method per party action (``/driver/genesys-cloud``), each presenting the acting
    party's credential when the target issued one with the conversation."""

    def __init__(self, client: DriverClient) -> None:
        self.client = client
        self.parties = PartyBook()

    def _as(self, conversation_id: str | None, party: str) -> dict[str, str]:
        return self.parties.headers(conversation_id, party)

    def _in_session(self, session_id: str, party: str) -> dict[str, str]:
        return self._as(self.parties.interaction_of(session_id), party)

    def create_conversation(self, customer_name: str, agent_name: str, customer_id: str,
                            agent_id: str) -> httpx.Response:
        response = self.client.post(f"{DRIVER}/conversations", {
            "customerName": customer_name, "agentName": agent_name,
            "customerId": customer_id, "agentId": agent_id})
        self.parties.keep(response, "conversationId")
        return response

    def end_conversation(self, conversation_id: str) -> httpx.Response:
        return self.client.post(f"{DRIVER}/conversations/{conversation_id}/end",
                                headers=self._as(conversation_id, AGENT))

    def start_cobrowse(self, conversation_id: str) -> httpx.Response:
        response = self.client.post(f"{DRIVER}/conversations/{conversation_id}/cobrowse", {},
                                    headers=self._as(conversation_id, CUSTOMER))
        self.parties.link(response, "conversationId", "cobrowseSessionId")
        return response

    def wrap_up(self, conversation_id: str, **wrapup: Any) -> httpx.Response:
        return self.client.post(f"{DRIVER}/conversations/{conversation_id}/wrapup", wrapup,
                                headers=self._as(conversation_id, AGENT))

    def join(self, session_id: str) -> httpx.Response:
        return self.client.post(f"{DRIVER}/cobrowse/{session_id}/join", {},
                                headers=self._in_session(session_id, AGENT))

    def leave(self, session_id: str, party: str) -> httpx.Response:
        return self.client.post(f"{DRIVER}/cobrowse/{session_id}/leave", {"party": party},
                                headers=self._in_session(session_id, party))

    def request_control(self, session_id: str) -> httpx.Response:
        return self.client.post(f"{DRIVER}/cobrowse/{session_id}/control-requests", {},
                                headers=self._in_session(session_id, AGENT))

    def answer_control(self, session_id: str, request_id: str, accept: bool) -> httpx.Response:
        """The customer grants or refuses control."""
        return self.client.post(f"{DRIVER}/cobrowse/{session_id}/control-requests/{request_id}",
                                {"accept": accept}, headers=self._in_session(session_id,
                                                                             CUSTOMER))

    def release_control(self, session_id: str, party: str) -> httpx.Response:
        return self.client.post(f"{DRIVER}/cobrowse/{session_id}/release-control",
                                {"party": party}, headers=self._in_session(session_id, party))


class PlatformApi:
    """The target's Platform API, with ``Authorization: Bearer <token>`` on every request."""

    def __init__(self, client: DriverClient, target: TargetInfo) -> None:
        self.client = client
        credentials = target.credentials.get(PROFILE, {})
        self.token = credentials.get("token")

    def _headers(self) -> dict[str, str]:
        if not self.token:
            raise SetupError(
                "no Platform API token for genesys-cloud: give one in the target file as "
                "credentials: {genesys-cloud: {token: ...}}"
            )
        return {"Authorization": f"Bearer {self.token}"}

    def conversation(self, conversation_id: str) -> httpx.Response:
        return self.client.get(f"{API}/{conversation_id}", headers=self._headers())

    def cobrowse_conversation(self, conversation_id: str) -> httpx.Response:
        return self.client.get(f"{API}/cobrowsesessions/{conversation_id}",
                               headers=self._headers())

    def list_cobrowse(self) -> httpx.Response:
        """The media view of every co-browse conversation (an entity listing)."""
        return self.client.get(f"{API}/cobrowsesessions", headers=self._headers())

    def disconnect_conversation(self, conversation_id: str) -> httpx.Response:
        """A Platform API client disconnects every participant of a co-browse conversation."""
        return self.client.patch(f"{API}/cobrowsesessions/{conversation_id}",
                                 {"state": "disconnected"}, headers=self._headers())

    def _communication(self, conversation_id: str, participant_id: str,
                       communication_id: str) -> str:
        return (f"{API}/cobrowsesessions/{conversation_id}/participants/{participant_id}/"
                f"communications/{communication_id}")

    def patch_communication(self, conversation_id: str, participant_id: str,
                            communication_id: str, body: dict[str, Any]) -> httpx.Response:
        return self.client.patch(self._communication(conversation_id, participant_id,
                                                     communication_id),
                                 body, headers=self._headers())

    def wrap_up_communication(self, conversation_id: str, participant_id: str,
                              communication_id: str, wrapup: dict[str, Any]) -> httpx.Response:
        path = self._communication(conversation_id, participant_id, communication_id)
        return self.client.post(f"{path}/wrapup", wrapup, headers=self._headers())
