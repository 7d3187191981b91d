"""The genesys-engage driver API, as the steps use it: one method per party action.

Each method knows which party acts, and presents that party's credential (see
``harness.clients.parties``) when the target issued one with the interaction.
"""

from __future__ import annotations

from typing import Any

import httpx

from harness.clients.http import DriverClient
from harness.clients.parties import PartyBook

PREFIX = "/driver/genesys-engage"
#: Pages of an event feed read at most, so that a target whose cursor never ends cannot hold a
#: scenario for ever.
MAX_FEED_PAGES = 100
#: Who reads what either party may read (an interaction, a session, its history): the agent,
#: whose workspace shows them.
READER = "agent"


class EngageDriver:
    def __init__(self, client: DriverClient) -> None:
        self.client = client
        self.parties = PartyBook()
        #: Each agent's latest interaction, whose credential lists that agent's interactions.
        self._agent_interaction: dict[str, str] = {}

    def _as(self, interaction: str | None, party: str) -> dict[str, str]:
        return self.parties.headers(interaction, party)

    def _in_session(self, token: str, party: str) -> dict[str, str]:
        return self._as(self.parties.interaction_of(token), party)

    def _session_seen(self, response: httpx.Response) -> httpx.Response:
        self.parties.link(response, "interactionId", "sessionId", "historyId")
        return response

    def create_interaction(self, media: str = "chat", attached: dict[str, str] | None = None,
                           agent_id: str = "agent-1",
                           customer_id: str = "customer-1") -> httpx.Response:
        body = {"media": media, "agentId": agent_id, "customerId": customer_id,
                "attachedData": attached or {}}
        response = self.client.post(f"{PREFIX}/interactions", body)
        interaction = self.parties.keep(response, "interactionId")
        if interaction is not None:
            self._agent_interaction[agent_id] = interaction
        return response

    def interactions(self, agent_id: str) -> httpx.Response:
        """The interactions an agent handles (the agent's workspace list)."""
        return self.client.get(f"{PREFIX}/interactions", params={"agentId": agent_id},
                               headers=self._as(self._agent_interaction.get(agent_id), "agent"))

    def interaction(self, interaction_id: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/interactions/{interaction_id}",
                               headers=self._as(interaction_id, READER))

    def end_interaction(self, interaction_id: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/interactions/{interaction_id}/end",
                                headers=self._as(interaction_id, READER))

    def start_session(self, interaction_id: str, role: str) -> httpx.Response:
        return self._session_seen(self.client.post(
            f"{PREFIX}/interactions/{interaction_id}/sessions", {"role": role},
            headers=self._as(interaction_id, role)))

    def events(self, interaction_id: str, role: str, after: int = 0) -> list[dict[str, Any]]:
        """The whole feed after ``after``: a target that pages its feed names the cursor of the
        next page in ``next`` (at most MAX_FEED_PAGES pages are read)."""
        events: list[dict[str, Any]] = []
        for _ in range(MAX_FEED_PAGES):
            response = self.client.get(f"{PREFIX}/interactions/{interaction_id}/events",
                                       params={"role": role, "after": after},
                                       headers=self._as(interaction_id, role))
            response.raise_for_status()
            body = response.json()
            events.extend(body["events"])
            cursor = body.get("next")
            if not isinstance(cursor, int) or isinstance(cursor, bool) or cursor <= after:
                break
            after = cursor
        return events

    def session(self, token: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/sessions/{token}",
                               headers=self._in_session(token, READER))

    def history(self, history_id: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/history/{history_id}",
                               headers=self._in_session(history_id, READER))

    def join(self, token: str, agent_id: str) -> httpx.Response:
        return self._session_seen(self.client.post(
            f"{PREFIX}/sessions/{token}/join", {"agentId": agent_id},
            headers=self._in_session(token, "agent")))

    def exit(self, token: str, role: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/exit", {"role": role},
                                headers=self._in_session(token, role))

    def presence(self, token: str, present: bool) -> httpx.Response:
        return self.client.put(f"{PREFIX}/sessions/{token}/agent-presence", {"present": present},
                               headers=self._in_session(token, "agent"))

    def pointer(self, token: str, role: str, x: float, y: float) -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/pointer",
                                {"role": role, "x": x, "y": y},
                                headers=self._in_session(token, role))

    def request_mode(self, token: str, mode: str, role: str = "agent") -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/mode", {"mode": mode, "role": role},
                                headers=self._in_session(token, role))

    def answer_mode(self, token: str, request_id: str, accept: bool) -> httpx.Response:
        """The customer answers a Write Mode request (the customer's consent)."""
        return self.client.post(f"{PREFIX}/sessions/{token}/mode-requests/{request_id}",
                                {"accept": accept}, headers=self._in_session(token, "customer"))

    def share_page(self, token: str, page: dict[str, Any]) -> httpx.Response:
        return self.client.put(f"{PREFIX}/sessions/{token}/page", page,
                               headers=self._in_session(token, "customer"))

    def view(self, token: str, role: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/sessions/{token}/view", params={"role": role},
                               headers=self._in_session(token, role))

    def act(self, token: str, role: str, kind: str, **fields: Any) -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/actions",
                                {"role": role, "type": kind, **fields},
                                headers=self._in_session(token, role))
