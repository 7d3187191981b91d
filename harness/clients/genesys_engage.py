"""The genesys-engage driver API, as the steps use it: one method per party action."""

from __future__ import annotations

from typing import Any

import httpx

from harness.clients.http import DriverClient

PREFIX = "/driver/genesys-engage"
#: Pages of an event feed read at most, so that a target whose cursor never ends cannot hold a
#: scenario for ever.
MAX_FEED_PAGES = 100


class EngageDriver:
    def __init__(self, client: DriverClient) -> None:
        self.client = client

    def create_interaction(self, media: str = "chat", attached: dict[str, str] | None = None,
                           agent_id: str = "agent-1",
                           customer_id: str = "customer-1") -> httpx.Response:
        body = {"media": media, "agentId": agent_id, "customerId": customer_id,
                "attachedData": attached or {}}
        return self.client.post(f"{PREFIX}/interactions", body)

    def interactions(self, agent_id: str) -> httpx.Response:
        """The interactions an agent handles (the agent's workspace list)."""
        return self.client.get(f"{PREFIX}/interactions", params={"agentId": agent_id})

    def interaction(self, interaction_id: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/interactions/{interaction_id}")

    def end_interaction(self, interaction_id: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/interactions/{interaction_id}/end")

    def start_session(self, interaction_id: str, role: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/interactions/{interaction_id}/sessions",
                                {"role": role})

    def events(self, interaction_id: str, role: str, after: int = 0) -> list[dict[str, Any]]:
        """The whole feed after ``after``: a target that pages its feed names the cursor of the
        next page in ``next`` (at most MAX_FEED_PAGES pages are read)."""
        events: list[dict[str, Any]] = []
        for _ in range(MAX_FEED_PAGES):
            response = self.client.get(f"{PREFIX}/interactions/{interaction_id}/events",
                                       params={"role": role, "after": after})
            response.raise_for_status()
            body = response.json()
            events.extend(body["events"])
            cursor = body.get("next")
            if not isinstance(cursor, int) or isinstance(cursor, bool) or cursor <= after:
                break
            after = cursor
        return events

    def session(self, token: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/sessions/{token}")

    def history(self, history_id: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/history/{history_id}")

    def join(self, token: str, agent_id: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/join", {"agentId": agent_id})

    def exit(self, token: str, role: str) -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/exit", {"role": role})

    def presence(self, token: str, present: bool) -> httpx.Response:
        return self.client.put(f"{PREFIX}/sessions/{token}/agent-presence", {"present": present})

    def pointer(self, token: str, role: str, x: float, y: float) -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/pointer",
                                {"role": role, "x": x, "y": y})

    def request_mode(self, token: str, mode: str, role: str = "agent") -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/mode", {"mode": mode, "role": role})

    def answer_mode(self, token: str, request_id: str, accept: bool) -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/mode-requests/{request_id}",
                                {"accept": accept})

    def share_page(self, token: str, page: dict[str, Any]) -> httpx.Response:
        return self.client.put(f"{PREFIX}/sessions/{token}/page", page)

    def view(self, token: str, role: str) -> httpx.Response:
        return self.client.get(f"{PREFIX}/sessions/{token}/view", params={"role": role})

    def act(self, token: str, role: str, kind: str, **fields: Any) -> httpx.Response:
        return self.client.post(f"{PREFIX}/sessions/{token}/actions",
                                {"role": role, "type": kind, **fields})
