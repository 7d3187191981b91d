"""What the liveperson explorer keeps of a walk: consumers, their connections, invitations.

Kept apart from the machine (``harness.explore.liveperson``) so that each stays small:
the walk's parties, and the two things the model asks of the wire (an lpTag event's data;
whether a promised change of a dialog reached a connection).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from harness.clients import liveperson as messaging
from harness.steps.liveperson import MANDATORY, OPTIONAL, cobrowse_dialogs_in

#: The source's three modes, and one it does not have (an invitation the agent must not send).
MODES = st.sampled_from(["shared", "view", "follow", "remote-control"])
EVENTS = st.sampled_from(["cobrowseAccepted", "cobrowseDeclined", "cobrowseOffered"])
#: Per lpTag event: its rule as documented, its mandatory fields' rule, its optional fields'.
EVENT_RULES = {"cobrowseOffered": ("LP-001-31", "LP-001-34", "LP-001-35"),
               "cobrowseAccepted": ("LP-001-36", "LP-001-37", "LP-001-38"),
               "cobrowseDeclined": ("LP-001-39", "LP-001-40", "LP-001-41")}
#: How the page fills the event: as documented, one way the source allows or forbids, or
#: naming a serviceId no invitation had (the oracles judge that it changes no dialog).
PAYLOADS = st.sampled_from(["as documented", "with the optional fields", "an arbitrary ssid",
                            "an empty ssid", *(f"without {name}" for name in MANDATORY),
                            "an unknown serviceId"])
#: After a round trip, how long a promised frame may still take (a tenth of the frame wait
#: the harness allows a target: COBROWSE_LP_WAIT_SECONDS).
SETTLE = messaging.DEFAULT_WAIT / 10


@dataclass
class Connection:
    socket: messaging.ConsumerSocket
    cobrowse: bool  # announced CO_BROWSE
    subscribed: bool = False
    dropped: bool = False


@dataclass
class Consumer:
    number: int
    consumer_id: str
    token: str
    agent_id: str
    conversation_id: str = ""  # the open conversation, "" when none
    connections: list[Connection] = field(default_factory=list)

    def open(self) -> list[Connection]:
        return [c for c in self.connections if not c.dropped and not c.socket.closed]

    def watching(self) -> list[Connection]:
        """The connections every CoBrowse change of this consumer must reach."""
        return [c for c in self.open() if c.cobrowse and c.subscribed]


@dataclass
class Invitation:
    number: int
    consumer: Consumer
    conversation_id: str
    dialog_id: str
    service_id: str
    mode: str
    sent_ms: float  # the target's clock at the invitation, or this machine's (real time)
    #: The model: INVITED, ACCEPTED, CLOSED, or DONE (declined or its conversation closed:
    #: what is announced then is silent).
    state: str = "INVITED"

    def matches(self, dialog: dict[str, Any]) -> bool:
        meta = dialog.get("metaData") if isinstance(dialog.get("metaData"), dict) else {}
        assert isinstance(meta, dict)
        return self.dialog_id in (dialog.get("dialogId"), meta.get("dialogId")) or \
            meta.get("serviceId") == self.service_id



def event_data(inv: Invitation, how: str) -> dict[str, Any]:
    """The lpTag event's data for the invitation, filled ``how`` (one of PAYLOADS)."""
    data: dict[str, Any] = {"serviceId": inv.service_id, "agentId": inv.consumer.agent_id,
                            "visitorName": "Ada Lovelace", "ssid": "4001234567",
                            "svid": "V0123456789abcdef"}
    if how == "with the optional fields":
        data.update(OPTIONAL)
    elif how == "an arbitrary ssid":
        data.update(ssid="any string ✓", svid="another one")
    elif how == "an empty ssid":
        data["ssid"] = ""
    elif how.startswith("without"):
        del data[how.split()[-1]]
    elif how == "an unknown serviceId":
        data["serviceId"] = f"{inv.consumer.consumer_id}#{uuid.uuid4()}"
    return data


def arrives(connection: Connection, inv: Invitation, mark: int, others: set[str],
             after: str | None) -> bool:
    """Whether the connection received, from ``mark`` on, a CoBrowse dialog of the
    invitation's conversation that is the invitation's (by dialogId, metaData.dialogId
    or serviceId) or no other invitation's, in a sessionState other than ``after``
    (None: any); after a round trip, and at most SETTLE more."""

    def shows(frame: Any) -> bool:
        for dialog in cobrowse_dialogs_in(frame, inv.conversation_id, None):
            meta = dialog.get("metaData")
            state = meta.get("sessionState") if isinstance(meta, dict) else None
            if (inv.matches(dialog) or dialog.get("dialogId") not in others) and (
                    after is None or state != after):
                return True
        return False

    connection.socket.barrier()
    return connection.socket.wait_for(shows, mark, SETTLE) is not None
