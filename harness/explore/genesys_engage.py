"""The genesys-engage explorer: a random walk over the driver API, judged as it goes.

The machine keeps only what it needs to stay within the driver API (which
interactions and sessions exist, what the target last said their state was) and
what the sources require of every walk (model checks below). Everything else is
judged by the profile's rule oracles over the walk's log after every step.

Silent choices the model accepts (never the reference's own): whether a second
session may be started while one is live on the same interaction; the default
session limit per agent; the timeouts' defaults; which 4xx a refusal uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, initialize, invariant, rule

from harness.clients.genesys_engage import EngageDriver
from harness.explore import Violation, WalkMachine
from harness.oracles import finding

PROFILE = "genesys-engage"
NINE = re.compile(r"^[0-9]{9}$")


def _page(secret: str) -> dict[str, Any]:
    """A page with a password (masked by default) and a Submit button (disabled)."""
    return {"url": "https://bank.example.com/apply", "title": "Apply", "elements": [
        {"id": "name", "tag": "input", "type": "text", "value": "Ada"},
        {"id": "pw", "tag": "input", "type": "password", "value": secret},
        {"id": "go", "tag": "button", "type": "submit", "text": "Apply"},
    ]}


@dataclass
class Interaction:
    id: str
    index: int
    media: str
    agent: str
    ended: bool = False


@dataclass
class Session:
    token: str
    history: str
    interaction: Interaction
    index: int
    state: str = "idle"  # as the target last said
    request_id: str = ""


class GenesysEngageWalk(WalkMachine):
    """One walk: its interactions and sessions, with the state the target last gave each."""

    PROFILE = PROFILE
    #: Clock moves around every documented timeout, fractional ones included.
    SECONDS = st.sampled_from([0.5, 1, 29.5, 59.5, 60, 60.5, 120, 299.5, 300, 300.5, 900,
                               900.5])
    interactions = Bundle("interactions")
    sessions = Bundle("sessions")

    def __init__(self) -> None:
        super().__init__()
        self.driver = EngageDriver(self.client)
        self.count = {"interaction": 0, "session": 0}
        self.secret = f"pw-{id(self)}-secret"

    # -- helpers ------------------------------------------------------------------
    def _model(self, rules: str, message: str, response: httpx.Response) -> None:
        """A requirement of the sources broken: raise it, with the exchange."""
        self.broken(rules, message)

    def _note_state(self, session: Session, response: httpx.Response) -> None:
        if response.status_code < 300:
            body = response.json()
            if isinstance(body, dict) and body.get("historyId") == session.history:
                state = str(body.get("state"))
                if session.state == "ended" and state != "ended":
                    self._model("GE-002-33", f"session {session.index} came back as "
                                f"{state!r} after it ended", response)
                session.state = state

    # -- rules --------------------------------------------------------------------
    @initialize(target=interactions, media=st.sampled_from(["chat", "voice"]))
    def first_interaction(self, media: str) -> Interaction:
        return self._interaction(media, "agent-1", first=True)

    @rule(target=interactions, media=st.sampled_from(["chat", "voice"]),
          agent=st.sampled_from(["agent-1", "agent-2"]))
    def another_interaction(self, media: str, agent: str) -> Interaction:
        return self._interaction(media, agent, first=False)

    def _interaction(self, media: str, agent: str, first: bool) -> Interaction:
        self.count["interaction"] += 1
        n = self.count["interaction"]
        response = self.driver.create_interaction(
            media, {"source": "web", "url": "https://bank.example.com/apply",
                    "pageTitle": "Apply", "referrer": "https://www.example.com/"},
            agent_id=f"{agent}-{self.walk.world or id(self)}",
            customer_id=f"customer-{n}")
        assert response.status_code == 201, f"creating an interaction: {response.text}"
        self.do(f"create_interaction(#{n}, {media}, {agent})",
                f"Given a live {media} interaction between a customer and an agent"
                if first else f"# create interaction #{n} ({media}, {agent})")
        return Interaction(response.json()["interactionId"], n, media,
                           f"{agent}-{self.walk.world or id(self)}")

    @rule(target=sessions, interaction=interactions)
    def customer_starts(self, interaction: Interaction) -> Session:
        response = self.driver.start_session(interaction.id, "customer")
        self.count["session"] += 1
        n = self.count["session"]
        self.do(f"customer_starts(interaction #{interaction.index}) -> "
                f"{response.status_code}",
                "When the customer starts a co-browse session"
                if interaction.index == 1 else
                f"# the customer of interaction #{interaction.index} starts a session")
        if response.status_code != 201:
            # Refused: the interaction ended, or (silent) one session is already live.
            return Session("", "", interaction, n, state="refused")
        body = response.json()
        return Session(str(body["sessionId"]), str(body["historyId"]), interaction, n,
                       state=str(body.get("state")))

    @rule(target=sessions, interaction=interactions,
          role=st.sampled_from(["customer", "agent"]))
    def a_whole_session(self, interaction: Interaction, role: str) -> Session:
        """Start, join and exit in one step: later sessions of an interaction are
        where vendors' bugs hide, and single steps reach them too rarely."""
        session = self.customer_starts(interaction)
        assert isinstance(session, Session)  # a rule's result, typed as any rule's
        if session.token:
            self.agent_joins(session, "own")
            self.exits(session, role)
        return session

    @rule(interaction=interactions)
    def agent_tries_to_start(self, interaction: Interaction) -> None:
        response = self.driver.start_session(interaction.id, "agent")
        self.do(f"agent_tries_to_start(interaction #{interaction.index}) -> "
                f"{response.status_code}", "When the agent tries to start a co-browse "
                "session" if interaction.index == 1 else "# the agent tries to start")
        if response.status_code < 300:
            self._model("GE-002-10", "the agent was able to start a co-browse session",
                        response)

    @rule(session=sessions, agent=st.sampled_from(["own", "other"]))
    def agent_joins(self, session: Session, agent: str) -> None:
        if not session.token:
            return
        agent_id = session.interaction.agent if agent == "own" else \
            f"agent-2-{self.walk.world or id(self)}"
        was = session.state
        response = self.driver.join(session.token, agent_id)
        self.do(f"join(session {session.index}, {agent} agent) -> {response.status_code}",
                "When the agent tries to join the session" if was == "ended" else
                "When the agent joins the session")
        if was == "ended" and response.status_code < 300:
            self._model("GE-002-04", f"session {session.index} was joined again after "
                        "it ended", response)
        self._note_state(session, response)

    @rule(session=sessions, role=st.sampled_from(["customer", "agent"]))
    def exits(self, session: Session, role: str) -> None:
        if not session.token:
            return
        response = self.driver.exit(session.token, role)
        self.do(f"exit(session {session.index}, {role}) -> {response.status_code}",
                f"When the {role} exits the session")
        self._note_state(session, response)

    @rule(interaction=consumes(interactions))
    def interaction_ends(self, interaction: Interaction) -> None:
        response = self.driver.end_interaction(interaction.id)
        interaction.ended = True
        self.do(f"end_interaction(#{interaction.index}) -> {response.status_code}",
                "When the primary interaction ends" if interaction.index == 1 else
                f"# interaction #{interaction.index} ends")

    @rule(session=sessions, present=st.booleans())
    def agent_presence(self, session: Session, present: bool) -> None:
        if not session.token:
            return
        response = self.driver.presence(session.token, present)
        self.do(f"presence(session {session.index}, {present}) -> {response.status_code}",
                "When the agent returns to the session page" if present else
                "When the agent leaves the session page")
        self._note_state(session, response)

    @rule(session=sessions, role=st.sampled_from(["customer", "agent"]))
    def pointer(self, session: Session, role: str) -> None:
        if not session.token:
            return
        response = self.driver.pointer(session.token, role, 10, 20)
        self.do(f"pointer(session {session.index}, {role}) -> {response.status_code}",
                f"When the {role} moves the pointer to 10,20")

    @rule(session=sessions)
    def agent_requests_write(self, session: Session) -> None:
        if not session.token:
            return
        response = self.driver.request_mode(session.token, "write")
        if response.status_code < 300 and isinstance(response.json(), dict):
            session.request_id = str(response.json().get("requestId", ""))
        self.do(f"request_write(session {session.index}) -> {response.status_code}",
                "When the agent requests Write Mode")

    @rule(session=sessions, accept=st.booleans())
    def customer_answers(self, session: Session, accept: bool) -> None:
        if not session.token or not session.request_id:
            return
        response = self.driver.answer_mode(session.token, session.request_id, accept)
        session.request_id = ""
        answer = "accepts" if accept else "declines"
        self.do(f"answer(session {session.index}, {answer}) -> {response.status_code}",
                f"When the customer {answer} the request")
        self._note_state(session, response)

    @rule(session=sessions, role=st.sampled_from(["customer", "agent"]))
    def back_to_pointer(self, session: Session, role: str) -> None:
        if not session.token:
            return
        response = self.driver.request_mode(session.token, "pointer", role)
        self.do(f"back_to_pointer(session {session.index}, {role}) -> "
                f"{response.status_code}", "When the agent returns the session to "
                "Pointer Mode" if role == "agent" else "# the customer returns the "
                "session to Pointer Mode")
        self._note_state(session, response)

    @rule(session=sessions)
    def customer_shares_page(self, session: Session) -> None:
        if not session.token:
            return
        response = self.driver.share_page(session.token, _page(self.secret))
        self.do(f"share_page(session {session.index}) -> {response.status_code}",
                "When the customer shares the payment page")
        self._note_state(session, response)

    @rule(session=sessions, role=st.sampled_from(["customer", "agent"]),
          kind=st.sampled_from(["click", "type", "navigate"]),
          element=st.sampled_from(["name", "pw", "go"]))
    def acts(self, session: Session, role: str, kind: str, element: str) -> None:
        if not session.token:
            return
        fields: dict[str, Any] = {"elementId": element}
        if kind == "type":
            fields["text"] = "typed"
        if kind == "navigate":
            fields = {"url": "https://bank.example.com/other"}
        response = self.driver.act(session.token, role, kind, **fields)
        self.do(f"act(session {session.index}, {role}, {kind}, {element}) -> "
                f"{response.status_code}", f"# the {role} does {kind} on {element}")

    @rule(session=sessions, role=st.sampled_from(["customer", "agent"]))
    def reads(self, session: Session, role: str) -> None:
        if not session.token:
            return
        response = self.driver.session(session.token)
        self._note_state(session, response)
        self.driver.view(session.token, role)
        self.client.get(
            f"/driver/genesys-engage/interactions/{session.interaction.id}/events",
            params={"role": role})
        self.do(f"read(session {session.index}, {role})",
                "When both parties look at everything")

    @rule(interaction=interactions)
    def reads_interaction(self, interaction: Interaction) -> None:
        self.driver.interaction(interaction.id)
        self.do(f"read_interaction(#{interaction.index})", "# read the interaction")

    @invariant()
    def live_ids_are_nine_digits(self) -> None:
        """The model: every session the walk has seen live had a nine-digit ID."""
        for entry in self.walk.log.exchanges("driver", PROFILE):
            body = entry.response
            if (entry.status < 300 and isinstance(body, dict) and "historyId" in body
                    and body.get("state") in ("idle", "active")
                    and not NINE.match(str(body.get("sessionId")))):
                raise Violation([finding("GE-002-08", "a live session's ID is not nine "
                                         "digits", entry, observed=body)], self.walk)


#: The machine ``explore`` binds to a target (hypothesis instantiates it per walk).
MACHINE = GenesysEngageWalk
