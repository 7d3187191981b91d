"""The genesys-cloud explorer: random walks over the driver and Platform APIs, judged as they go.

The parties act through the driver API and through the Platform API's own
changes (the agent answering or hanging up a communication, a client
disconnecting the conversation, wrap-ups on every route); every action is
followed by a reading of its conversation, as the profile's steps take one, and
the media view and the listing may be read at any point. Several conversations
run at once, with one agent or two, each with sessions 2..n; sessions end every
way there is (either party leaving, before or after the join, on the driver or
on the Platform API, the conversation ending either way, the inactivity
timeout), and the after-call-work setting may change in between.

The machine keeps only what it needs to stay within the APIs (conversations,
their participants, the sessions the customer started). Everything the sources
say about a communication is judged by the profile's rule oracles over the log
after every step; the model checks, on every reading of a conversation, what the
oracles take for granted: every session the customer started is shown on the
customer's participant, and once the agent answered, on the agent's too.

Silent choices the model accepts (``harness/silent.yaml`` GC-S-01 to GC-S-05, and
never the reference's own choice): any DisconnectTypeEnum value for any cause;
the agent's communication appearing at the offer or only at the join, the other
party's staying connected when one leaves, a second leave accepted or refused;
cobrowseRole in any letter case and optional properties absent; a session timing
out whenever the clock moved past a timeout the walk did not set; a wrap-up
before the disconnect; a changed after-call-work setting applying to routed
communications or not; participants in any order, ids of any form, properties
the sources do not name (participants are found by the driver's ids, sessions by
their order). Besides: whether an agent or a conversation may have two live
sessions, whether co-browsing may start after the conversation ended, and which
4xx a refusal uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, initialize, multiple, precondition, rule

from harness.clients.genesys_cloud import API, CloudDriver, PlatformApi
from harness.explore import WalkMachine, seconds_around

PROFILE = "genesys-cloud"
CUSTOMER, AGENT = "customer", "agent"
PARTIES = st.sampled_from([CUSTOMER, AGENT])
#: Genesys Cloud's acwSettings.wrapupPrompt values (the reference's setting of that name).
PROMPTS = ("MANDATORY", "OPTIONAL", "MANDATORY_TIMEOUT", "MANDATORY_FORCED_TIMEOUT",
           "AGENT_REQUESTED")
CODES = st.sampled_from([("resolved", "shown the form"), ("callback", "")])


@dataclass
class Conv:
    id: str
    number: int
    participants: dict[str, str]  # party -> participant id, as the driver named them
    agent: int  # which of the walk's agents
    sessions: list[Session] = field(default_factory=list)
    #: Sessions whose agent answered (2xx), by index: their agent leg must be shown.
    answered: set[int] = field(default_factory=set)

    @property
    def first(self) -> bool:
        """The project's steps speak of one conversation: the walk's first."""
        return self.number == 1


@dataclass
class Session:
    sid: str
    conv: Conv
    index: int  # among its conversation's sessions, oldest first
    request_id: str = ""
    left: set[str] = field(default_factory=set)  # parties whose leave was answered 2xx

    @property
    def latest(self) -> bool:
        return self.conv.sessions[-1] is self

    def name(self) -> str:
        return f"session {self.index + 1} of #{self.conv.number}"



class GenesysCloudWalk(WalkMachine):
    """One walk: its conversations and the sessions their customers started, as the driver
    named them (never as the properties under test show them)."""

    PROFILE = PROFILE
    #: Around the timeouts the walk sets, and the reference's default.
    SECONDS = seconds_around(60, 300, 900)
    conversations = Bundle("conversations")
    sessions = Bundle("sessions")

    def __init__(self) -> None:
        super().__init__()
        self.driver = CloudDriver(self.client)
        self.api = PlatformApi(self.client, self.target)
        self.convs: list[Conv] = []

    # -- helpers ------------------------------------------------------------------------
    def _steps(self, conv: Conv, session: Session | None = None) -> bool:
        """Whether the project's steps can say this action (they follow one conversation's
        latest session); otherwise the Gherkin gets a comment."""
        return conv.first and (session is None or session.latest)

    def _read(self, conv: Conv) -> httpx.Response:
        """Read the conversation, and check it against the model: every session the customer
        started has a communication on the customer's participant, and one on the agent's
        once the agent answered (silent, GC-S-02: not necessarily before). The oracles judge
        the communications; this is what they take for granted."""
        response = self.api.conversation(conv.id)
        if response.status_code != 200 or not isinstance(response.json(), dict):
            return response
        for party in (CUSTOMER, AGENT):
            wanted = len(conv.sessions) if party == CUSTOMER else (
                max(conv.answered) + 1 if conv.answered else 0)
            shown = _communications(response.json(), conv.participants[party])
            if shown < wanted:
                self.broken(("GC-003-10", "GC-004-07"), f"the {party}'s participant of "
                            f"conversation #{conv.number} shows {shown} co-browse "
                            f"communication(s); the customer started {len(conv.sessions)} "
                            "session(s), each with its co-browse session ID")
        return response

    def _act(self, conv: Conv, call: str, response: httpx.Response, gherkin: str) -> bool:
        """Record an action and read its conversation, as a step does; whether it took."""
        ok = response.status_code < 300
        self.do(f"{call} -> {response.status_code}", gherkin if ok or gherkin.startswith("#")
                else f"# {call}: refused with {response.status_code}")
        self._read(conv)
        return ok

    def _config(self, **settings: Any) -> None:
        response = self.client.put("/control/config", {PROFILE: settings})
        assert response.status_code == 200, f"configuring {settings}: {response.text}"

    def _participant(self, conv: Conv, party: str, body: dict[str, Any]) -> httpx.Response:
        """A participant-wide change on the Platform API (PATCH .../participants/{id})."""
        return self.client.patch(f"{API}/{conv.id}/participants/{conv.participants[party]}",
                                 body, headers={"Authorization": f"Bearer {self.api.token}"})

    def _communication(self, session: Session, party: str) -> str | None:
        """The id the target gave the party's communication of the session (read anew)."""
        response = self._read(session.conv)
        body = response.json() if response.status_code == 200 else {}
        for participant in body.get("participants") or []:
            if isinstance(participant, dict) and \
                    participant.get("id") == session.conv.participants[party]:
                comms = participant.get("cobrowsesessions") or []
                if session.index < len(comms) and isinstance(comms[session.index], dict):
                    value = comms[session.index].get("id")
                    return value if isinstance(value, str) else None
        return None

    # -- conversations ------------------------------------------------------------------
    @initialize(target=conversations, timeout=st.sampled_from([None, 60, 300]))
    def first_conversation(self, timeout: int | None) -> Conv:
        """The first conversation; with ``timeout`` the walk sets the inactivity timeout, so
        the oracles know when a session must still be live (left unset, it is unknown)."""
        if timeout is not None and self.target.can("configure"):
            self._config(inactivityTimeoutSeconds=timeout)
            self.do(f"set_timeout({timeout})",
                    f"Given the co-browse inactivity timeout is {timeout} seconds")
        return self._conversation(1)

    @rule(target=conversations, same_agent=st.booleans())
    def another_conversation(self, same_agent: bool) -> Conv:
        """Another conversation, with an agent of its own or the first conversation's
        (silent: whether one agent may co-browse in two conversations at once)."""
        return self._conversation(1 if same_agent else len(self.convs) + 1)

    def _conversation(self, agent: int) -> Conv:
        n = len(self.convs) + 1
        tag = self.walk.world or f"{id(self)}"
        response = self.driver.create_conversation(
            f"Customer {n}", f"Agent {agent}", f"customer-{n}-{tag}", f"agent-{agent}-{tag}")
        assert response.status_code == 201, f"creating a conversation: {response.text}"
        body = response.json()
        conv = Conv(str(body["conversationId"]), n,
                    {CUSTOMER: str(body["customer"]["participantId"]),
                     AGENT: str(body["agent"]["participantId"])}, agent)
        self.convs.append(conv)
        self.do(f"create_conversation(#{n}, agent {agent})",
                "Given a Genesys Cloud conversation between a customer and an agent"
                if n == 1 else f"# conversation #{n} starts, with agent {agent}")
        return conv

    @rule(conv=consumes(conversations), how=st.sampled_from(["driver", "platform"]))
    def conversation_ends(self, conv: Conv, how: str) -> None:
        """The conversation ends (driver), or a Platform API client disconnects it; its
        sessions stay in the walk, for actions after the end."""
        if how == "driver":
            response = self.driver.end_conversation(conv.id)
            say = "When the whole Genesys Cloud conversation ends"
        else:
            response = self.api.disconnect_conversation(conv.id)
            say = "When a Platform API client disconnects the co-browse conversation"
        self._act(conv, f"end_conversation(#{conv.number}, {how})", response,
                  say if self._steps(conv) else f"# conversation #{conv.number} ends ({how})")

    # -- sessions -----------------------------------------------------------------------
    @rule(target=sessions, conv=conversations)
    def customer_starts(self, conv: Conv) -> Any:
        response = self.driver.start_cobrowse(conv.id)
        again = " again" if conv.sessions else ""
        ok = self._act(conv, f"customer_starts(#{conv.number})", response,
                       f"When the customer starts co-browsing{again}" if conv.first
                       else f"# the customer of #{conv.number} starts co-browsing")
        if not ok:
            return multiple()  # refused: the conversation ended, or (silent) one session is live
        session = Session(str(response.json()["cobrowseSessionId"]), conv, len(conv.sessions))
        conv.sessions.append(session)
        return session

    @rule(target=sessions, conv=conversations,
          end=st.sampled_from([CUSTOMER, AGENT, "conversation", "platform"]))
    def a_whole_session(self, conv: Conv, end: str) -> Any:
        """Start, join and end in one step (a party leaves, or the conversation ends either
        way): later sessions, where bugs hide, are reached by single steps too rarely."""
        session = self.customer_starts(conv)
        if isinstance(session, Session):
            self.agent_answers(session, "driver")
            if end in (CUSTOMER, AGENT):
                self.party_leaves(session, end, "driver")
            else:
                self.conversation_ends(conv, "driver" if end == "conversation" else end)
        return session

    @rule(session=sessions, how=st.sampled_from(["driver", "participant", "communication"]))
    def agent_answers(self, session: Session, how: str) -> None:
        """The agent joins (driver) or answers the offer on the Platform API."""
        conv = session.conv
        if how == "driver":
            response = self.driver.join(session.sid)
        elif how == "participant":
            response = self._participant(conv, AGENT, {"state": "connected"})
        else:
            comm = self._communication(session, AGENT)
            if comm is None:
                return  # silent (GC-S-02): the agent's leg may appear only at the join
            response = self.api.patch_communication(conv.id, conv.participants[AGENT], comm,
                                                    {"state": "connected"})
        say = "When the agent joins the co-browse session" if how == "driver" and \
            self._steps(conv, session) else f"# the agent answers {session.name()} ({how})"
        if self._act(conv, f"agent_answers({session.name()}, {how})", response, say) \
                and not session.left:
            conv.answered.add(session.index)

    @rule(session=sessions, party=PARTIES,
          how=st.sampled_from(["driver", "communication", "participant"]))
    def party_leaves(self, session: Session, party: str, how: str) -> None:
        """A party leaves (the agent before joining: a declined offer), on the driver, by
        disconnecting their communication on the Platform API, or by disconnecting their
        participant (every live leg of theirs)."""
        conv = session.conv
        if how == "driver":
            response = self.driver.leave(session.sid, party)
        elif how == "participant":
            response = self._participant(conv, party, {"state": "disconnected"})
        else:
            comm = self._communication(session, party)
            if comm is None:
                return
            response = self.api.patch_communication(conv.id, conv.participants[party], comm,
                                                    {"state": "disconnected"})
        too = " too" if session.left else ""
        if how == "driver" and self._steps(conv, session):
            say = f"When the {party} leaves the co-browse session{too}"
        elif how == "communication" and party == AGENT and not too and \
                self._steps(conv, session):
            say = "When the agent disconnects their co-browse communication through the " \
                  "Platform API"
        else:
            say = f"# the {party} leaves {session.name()}{too} ({how})"
        # Silent (GC-S-02): a second leave may be accepted or refused.
        if self._act(conv, f"leaves({session.name()}, {party}, {how})", response, say):
            session.left.add(party)

    # -- control ------------------------------------------------------------------------
    @rule(session=sessions)
    def agent_asks_control(self, session: Session) -> None:
        response = self.driver.request_control(session.sid)
        if response.status_code < 300 and isinstance(response.json(), dict):
            session.request_id = str(response.json().get("requestId", ""))
        self._act(session.conv, f"ask_control({session.name()})", response,
                  "When the agent asks for control of the shared page"
                  if self._steps(session.conv, session) else
                  f"# the agent asks for control in {session.name()}")

    @rule(session=sessions, accept=st.booleans())
    def customer_answers(self, session: Session, accept: bool) -> None:
        if not session.request_id:
            return
        response = self.driver.answer_control(session.sid, session.request_id, accept)
        session.request_id = ""
        verb = "grants" if accept else "refuses"
        self._act(session.conv, f"answer_control({session.name()}, {verb})", response,
                  f"When the customer {verb} the agent control"
                  if self._steps(session.conv, session) else
                  f"# the customer {verb} control in {session.name()}")

    @rule(session=sessions, party=PARTIES)
    def control_back(self, session: Session, party: str) -> None:
        response = self.driver.release_control(session.sid, party)
        self._act(session.conv, f"release_control({session.name()}, {party})", response,
                  "When the agent gives control back" if party == AGENT and
                  self._steps(session.conv, session) else
                  f"# the {party} ends control in {session.name()}")

    # -- after-call work ------------------------------------------------------------------
    @rule(session=sessions, code=CODES,
          how=st.sampled_from(["driver", "participant", "communication"]))
    def agent_wraps_up(self, session: Session, code: tuple[str, str], how: str) -> None:
        """The agent's disposition of their latest communication in the session's
        conversation, before or after it ended, once or again."""
        conv = session.conv
        wrapup = {"code": code[0], "notes": code[1]}
        if how == "driver":
            response = self.driver.wrap_up(conv.id, **wrapup)
        elif how == "participant":
            response = self._participant(conv, AGENT, {"wrapup": wrapup})
        else:
            comm = self._communication(conv.sessions[-1], AGENT)
            if comm is None:
                return
            response = self.api.wrap_up_communication(conv.id, conv.participants[AGENT], comm,
                                                      wrapup)
        route = {"driver": "", "communication": " through the Platform API"}.get(how)
        say = f'When the agent wraps up{route} with code "{code[0]}" and notes "{code[1]}"'
        self._act(conv, f"wrap_up(#{conv.number}, {code[0]}, {how})", response,
                  say if route is not None and self._steps(conv) else
                  f"# the agent of #{conv.number} wraps up ({how})")

    @precondition(lambda self: self.target.can("configure"))
    @rule(prompt=st.sampled_from(PROMPTS))
    def acw_setting(self, prompt: str) -> None:
        """The queue's after-call-work setting changes (silent, GC-S-04: whether routed
        communications follow it)."""
        self._config(wrapupPrompt=prompt)
        self.do(f"acw_setting({prompt})", f'Given the after-call work setting is "{prompt}"')

    # -- reads --------------------------------------------------------------------------
    @rule(conv=conversations, what=st.sampled_from(["conversation", "media view", "listing"]))
    def platform_reads(self, conv: Conv, what: str) -> None:
        """A Platform API read at any point: the conversation, its media view, or the
        listing of every co-browse conversation; the oracles judge them all."""
        if what == "conversation":
            response = self._read(conv)
            say = f"# conversation #{conv.number} is read"
        elif what == "media view":
            response = self.api.cobrowse_conversation(conv.id)
            say = "When the media view of the conversation is read" if conv.first else \
                f"# the media view of #{conv.number} is read"
        else:
            response = self.api.list_cobrowse()
            say = "When the co-browse conversations are listed"
        self.do(f"read({what}, #{conv.number}) -> {response.status_code}", say)


def _communications(conversation: dict[str, Any], participant_id: str) -> int:
    """How many co-browse communications a Conversation shows for one participant."""
    for participant in conversation.get("participants") or []:
        if isinstance(participant, dict) and participant.get("id") == participant_id:
            comms = participant.get("cobrowsesessions")
            return len(comms) if isinstance(comms, list) else 0
    return 0


#: The machine ``explore`` binds to a target (hypothesis instantiates it per walk).
MACHINE = GenesysCloudWalk
