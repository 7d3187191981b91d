"""The liveperson explorer: consumers on real sockets, the agent and the page on the driver.

Several consumers (with the CO_BROWSE feature or without, with one agent or
two) hold conversations over the Messaging Window WebSocket, open second
connections, lose them and reconnect; the agent sends invitations in every
mode, second ones after the first closed, cancels, ends and scrolls; the
consumer's page publishes lpTag events as documented, with the optional fields,
with arbitrary ssids, with a mandatory field missing, for stale and unknown
serviceIds; the visitor's CoBrowse client joins; conversations close from
either side; the clock moves around the 2-minute expiry, fractions included.

The machine keeps what it needs to stay within the APIs and what the source
requires of every walk. After every step the rule oracles judge the whole log.
The model checks what the oracles cannot, because it is an absence: a change the
source promises that never reached a subscribed CO_BROWSE connection of the
consumer (the invitation, LP-001-09; its acceptance, LP-001-27 or LP-001-36; the
closing that a cancel, an end or the expiry causes, LP-001-44, LP-001-42,
LP-001-28, LP-001-43; the invitation in the state a new subscription is sent,
LP-001-07), an answer the source promises refused (a cancel, LP-001-42; an lpTag
event of a pending invitation, LP-001-31, -36, -39, its optional fields, -35,
-38, -41, an arbitrary ssid, -32; the tutorial's InitConnection, LP-001-05) or a
malformed event accepted (a mandatory field missing or empty). Where a change
did not come, the oracles judge the log first: what the target did instead is
theirs to name.

Silent choices the model accepts (LP-S-01 to LP-S-03, and never the reference's
own): expiry from 0.25 s before to 0.5 s after 2 minutes (an invitation between
the two is neither certainly pending nor certainly expired); any notificationKey;
fields the source does not name. Besides: what a decline leads to (the oracles
judge that it ends the invitation); whether a second invitation may be sent while
one is open, a stale or unknown serviceId refused or ignored, the agent scrolling
in shared mode or before the acceptance; which 4xx a refusal uses.

Each step ends with a fence: a round trip on every socket, then one HTTP call, so
that what a step caused is logged before the next step's first call (the oracles
take a frame between two calls as possibly caused by either).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, initialize, multiple, precondition, rule

from harness.clients import liveperson as messaging
from harness.explore import WalkMachine, seconds_around
from harness.explore.liveperson_model import (
    EVENT_RULES,
    EVENTS,
    MODES,
    PAYLOADS,
    Connection,
    Consumer,
    Invitation,
    arrives,
    event_data,
)
from harness.oracles.liveperson import EARLY_MS, LATE_MS, TTL_MS

PROFILE = "liveperson"


class LivePersonWalk(WalkMachine):
    """One walk: up to three consumers and their connections, the invitations the agent sent
    them; the model of each invitation's state the source promises."""

    PROFILE = PROFILE
    #: Around the expiry (and halfway there), fractions included.
    SECONDS = seconds_around(60, 90, 120)
    consumers = Bundle("consumers")
    invitations = Bundle("invitations")

    def __init__(self) -> None:
        super().__init__()
        self.driver = messaging.LivePersonDriver(self.client)
        creds = self.target.credentials.get(PROFILE, {})
        self.account = str(creds.get("accountId", ""))
        self.key = creds.get("jwtKey")
        self.tokens = [str(t) for t in creds.get("jwts", [])] or (
            [str(creds["jwt"])] if "jwt" in creds else [])
        self.people: list[Consumer] = []
        self.sent: list[Invitation] = []
        self.agents: list[str] = []

    def teardown(self) -> None:
        for consumer in self.people:
            for connection in consumer.connections:
                connection.socket.close()
        super().teardown()

    # -- time ---------------------------------------------------------------------------
    def _now(self) -> float:
        """The target's clock (ms) as last read or moved, or this machine's in real time."""
        if self.target.can("clock"):
            entries = self.walk.log.snapshot()
            return float(entries[-1].target_ms or 0) if entries else 0.0
        return time.time() * 1000

    def _pending(self, inv: Invitation) -> bool:
        """Certainly still pending: nothing answered it and 2 minutes have not passed."""
        return inv.state == "INVITED" and self._now() - inv.sent_ms < TTL_MS - EARLY_MS

    # -- consumers ----------------------------------------------------------------------
    def _token(self) -> tuple[str, str]:
        if self.key:
            consumer_id = str(uuid.uuid4())
            return messaging.mint_jwt(str(self.key), consumer_id), consumer_id
        token = self.tokens[len(self.people)]
        return token, messaging.jwt_subject(token)

    def _can_add(self) -> bool:
        """Up to three consumers (each socket's frames are judged after every step)."""
        return len(self.people) < 3 and (bool(self.key) or len(self.people) < len(self.tokens))

    def _connect(self, consumer: Consumer, cobrowse: bool, tutorial: bool = False) -> Connection:
        """A new socket of the consumer: InitConnection (with CO_BROWSE or another feature;
        ``tutorial``: with the example's deviceFamily and os too, LP-001-05), then a
        subscription to conversation metadata, as the tutorial's step 2 says."""
        socket = messaging.ConsumerSocket(
            messaging.ws_url(self.target, self.account),
            messaging.ws_headers(self.target, self.walk.world), self.walk.log,
            f"consumer-{consumer.number}").connect()
        connection = Connection(socket, cobrowse)
        consumer.connections.append(connection)
        properties: dict[str, Any] = {"type": ".ams.headers.ClientProperties",
                                      "features": ["CO_BROWSE"] if cobrowse else ["RICH_CONTENT"]}
        if tutorial:
            properties.update(deviceFamily="DESKTOP", os="WINDOWS")
        answer = socket.request("InitConnection", headers=[
            properties, {"type": ".ams.headers.ConsumerAuthentication", "jwt": consumer.token}])
        if tutorial and (answer is None or answer.get("code") != 200):
            self.broken("LP-001-05", f"InitConnection with the tutorial's ClientProperties was "
                        f"refused: {answer}")
        assert answer is not None and answer.get("code") == 200, f"InitConnection: {answer}"
        mark = socket.mark()
        answer = socket.request("cqm.SubscribeExConversations", {"convState": ["OPEN", "CLOSE"]})
        connection.subscribed = answer is not None and answer.get("code") == 200
        if cobrowse:
            self._current_state_shows(consumer, connection, mark)
        return connection

    def _converse(self, consumer: Consumer) -> None:
        """The consumer asks for a conversation and the consumer's agent accepts it."""
        connection = consumer.open()[-1] if consumer.open() else self._connect(consumer, True)
        answer = connection.socket.request("cm.ConsumerRequestConversation",
                                           {"channelType": "MESSAGING"})
        body = answer.get("body") if answer else None
        assert isinstance(body, dict) and "conversationId" in body, f"conversation: {answer}"
        consumer.conversation_id = str(body["conversationId"])
        response = self.driver.assign_agent(consumer.conversation_id, consumer.agent_id)
        assert response.status_code < 300, f"assigning the agent: {response.text}"

    def _consumer(self, cobrowse: bool, same_agent: bool) -> Consumer:
        token, consumer_id = self._token()
        if not same_agent or not self.agents:
            self.agents.append(f"{self.account}.{uuid.uuid4().int % 10**9}")
        consumer = Consumer(len(self.people) + 1, consumer_id, token,
                            self.agents[0] if same_agent else self.agents[-1])
        self.people.append(consumer)
        self._connect(consumer, cobrowse)
        self._converse(consumer)
        return consumer

    @initialize(target=consumers)
    def first_consumer(self) -> Consumer:
        consumer = self._consumer(True, True)
        self.do("consumer(#1, CO_BROWSE)", "Given a consumer with the CO_BROWSE feature in a "
                "messaging conversation with an agent")
        return consumer

    @precondition(lambda self: self._can_add())
    @rule(target=consumers, cobrowse=st.booleans(), same_agent=st.booleans())
    def another_consumer(self, cobrowse: bool, same_agent: bool) -> Consumer:
        consumer = self._consumer(cobrowse, same_agent)
        feature = "CO_BROWSE" if cobrowse else "RICH_CONTENT"
        agent = "the same agent" if same_agent else "another agent"
        self.do(f"consumer(#{consumer.number}, {feature}, {agent})",
                f"Given a second consumer with the CO_BROWSE feature in a messaging conversation "
                f"with {agent}" if cobrowse and consumer.number == 2 else
                f"# consumer #{consumer.number} ({feature}) converses with {agent}")
        return consumer

    @rule(consumer=consumers, cobrowse=st.booleans(), tutorial=st.booleans())
    def another_connection(self, consumer: Consumer, cobrowse: bool, tutorial: bool) -> None:
        """One more connection of the same consumer, with or without CO_BROWSE, with the
        features alone or with the tutorial's example properties (up to two open at once)."""
        if len(consumer.open()) >= 2:
            return
        feature = "CO_BROWSE" if cobrowse else "RICH_CONTENT"
        self.do(f"connect(#{consumer.number}, {feature}, tutorial={tutorial})",
                "Given a second connection of the same consumer without the CO_BROWSE feature, "
                "subscribed to conversation metadata" if not cobrowse and consumer.number == 1
                and not tutorial else f"# consumer #{consumer.number} opens another connection"
                f" ({feature}{', as the tutorial' if tutorial else ''})")
        self._connect(consumer, cobrowse, tutorial)

    @rule(consumer=consumers, reconnect=st.booleans())
    def connection_drops(self, consumer: Consumer, reconnect: bool) -> None:
        """The consumer's latest connection closes; it may reconnect with the same features."""
        if not consumer.open():
            return
        lost = consumer.open()[-1]
        self.do(f"connection_drops(#{consumer.number}, reconnect={reconnect})",
                "When the consumer reconnects and subscribes to conversation metadata again"
                if reconnect and consumer.number == 1 and lost.cobrowse else
                f"# a connection of consumer #{consumer.number} closes"
                + (" and it reconnects" if reconnect else ""))
        lost.dropped = True
        lost.socket.close()
        if reconnect:
            self._connect(consumer, lost.cobrowse)

    @rule(consumer=consumers, by=st.sampled_from(["consumer", "agent"]), again=st.booleans())
    def conversation_closes(self, consumer: Consumer, by: str, again: bool) -> None:
        """The conversation closes, from the consumer's socket or the agent's side; the
        consumer may start another one (where second invitations live)."""
        if not consumer.conversation_id:
            return
        if by == "consumer" and consumer.open():
            answer = consumer.open()[-1].socket.request("cm.UpdateConversationField", {
                "conversationId": consumer.conversation_id, "conversationField": [
                    {"field": "ConversationStateField", "conversationState": "CLOSE"}]})
            ok = answer is not None and answer.get("code") == 200
        else:
            by = "agent"
            ok = self.driver.close(consumer.conversation_id).status_code < 300
        if ok:
            for inv in self.sent:
                if inv.conversation_id == consumer.conversation_id and inv.state in (
                        "INVITED", "ACCEPTED"):
                    inv.state = "DONE"  # silent: "the session is ended for some reason"
            consumer.conversation_id = ""
            if again:
                self._converse(consumer)
        self.do(f"close_conversation(#{consumer.number}, {by}, again={again}) -> {ok}",
                "When the consumer closes the conversation" if by == "consumer" and
                consumer.number == 1 and not again else
                f"# the {by} closes consumer #{consumer.number}'s conversation")

    # -- invitations --------------------------------------------------------------------
    @rule(target=invitations, consumer=consumers, mode=MODES)
    def agent_invites(self, consumer: Consumer, mode: str) -> Any:
        if not consumer.conversation_id:
            return multiple()
        marks = self._marks(consumer)
        sent = self._now()
        response = self.driver.invite(consumer.conversation_id, mode)
        second = any(i.consumer is consumer for i in self.sent)
        if consumer.number != 1:
            say = f"# the agent invites consumer #{consumer.number} in {mode} mode"
        elif response.status_code < 300:
            say = f'When the agent sends {"a second" if second else "a"} CoBrowse invitation ' \
                  f'in "{mode}" mode'
        else:
            say = f'When the agent tries to send a CoBrowse invitation in "{mode}" mode'
        self.do(f"invite(#{consumer.number}, {mode}) -> {response.status_code}", say)
        if response.status_code >= 300:
            return multiple()  # silent: refused while another is open; or the conversation ended
        body = response.json()
        inv = Invitation(len(self.sent) + 1, consumer, consumer.conversation_id,
                         str(body.get("dialogId")), str(body.get("serviceId")), mode, sent)
        self.sent.append(inv)
        self._expect(inv, marks, "LP-001-09", "the invitation", after=None)
        return inv

    @rule(inv=invitations, action=st.sampled_from(["cancel", "end", "join", "scroll"]))
    def agent_acts(self, inv: Invitation, action: str) -> None:
        """The agent cancels or ends, the visitor's CoBrowse client joins, the agent scrolls."""
        pending = self._pending(inv)
        marks = self._marks(inv.consumer)
        if action == "scroll":
            response = self.driver.scroll(inv.conversation_id, inv.dialog_id, 0, 640)
        else:
            call: Callable[[str, str], httpx.Response] = getattr(self.driver, action)
            response = call(inv.conversation_id, inv.dialog_id)
        ok = response.status_code < 300
        steps = {"cancel": "When the agent cancels the invitation",
                 "end": "When the agent ends the CoBrowse session",
                 "join": "When the visitor's CoBrowse client joins the session",
                 "scroll": "When the agent scrolls the visitor's view"}
        self.do(f"{action}(invitation {inv.number}) -> {response.status_code}",
                steps[action] if inv.consumer.number == 1 and (ok or action == "scroll") else
                f"# {action} invitation {inv.number}: {response.status_code}")
        if action == "cancel" and pending and not ok:
            self.broken("LP-001-42", f"the agent could not cancel invitation {inv.number}, "
                        f"still pending ({response.status_code})")
        was = inv.state
        if not ok or action == "scroll" or was not in ("INVITED", "ACCEPTED"):
            return
        if action in ("cancel", "end"):
            # The target took it (even in the second around the expiry): CLOSED must follow.
            inv.state = "CLOSED"
            self._expect(inv, marks, "LP-001-44" if action == "cancel" else "LP-001-28",
                         f"the {action}", after=was,
                         unchanged="LP-001-42" if action == "cancel" else "")
        elif action == "join" and was == "ACCEPTED":
            self._expect(inv, marks, "LP-001-27", "the visitor's client joining", after=None)

    @rule(target=invitations, consumer=consumers, mode=MODES, event=EVENTS)
    def a_whole_invitation(self, consumer: Consumer, mode: str, event: str) -> Any:
        """An invitation and the page's answer in one step: what follows an answer (the
        join, the end, a second invitation) is reached by single steps too rarely."""
        invited = self.agent_invites(consumer, mode)
        if isinstance(invited, Invitation):
            self.page_publishes(invited, event, "as documented")
        return invited

    @precondition(lambda self: self.target.can("clock"))
    @rule(target=invitations, consumer=consumers, mode=MODES,
          before=st.sampled_from([119.5, 119.7]), after=st.sampled_from([1.0, 1.25]))
    def an_unanswered_invitation(self, consumer: Consumer, mode: str, before: float,
                                 after: float) -> Any:
        """An invitation nobody answers, read a fraction of a second before 2 minutes (still
        INVITED, LP-001-43) and moved past them (CLOSED, and announced: LP-001-44)."""
        invited = self.agent_invites(consumer, mode)
        if isinstance(invited, Invitation):
            self.advance(before)
            self.agent_reads(invited)
            self.advance(after)
        return invited

    @rule(inv=invitations, event=EVENTS, payload=PAYLOADS)
    def page_publishes(self, inv: Invitation, event: str, payload: str) -> None:
        """The consumer's page publishes an lpTag event for the invitation (pending or not:
        a stale serviceId once it closed)."""
        unknown = payload == "an unknown serviceId"
        pending = not unknown and self._pending(inv)
        marks = self._marks(inv.consumer)
        response = self._publish(event, event_data(inv, payload))
        self.do(f"publish({event}, invitation {inv.number}, {payload}) -> "
                f"{response.status_code}", self._say_publish(inv, event, payload))
        documented, mandatory, optional = EVENT_RULES[event]
        ok = response.status_code < 300
        if pending and payload.startswith(("without", "an empty")) and ok:
            name = payload.split()[-1]
            self.broken("LP-001-32" if name in ("ssid", "svid") else mandatory,
                        f"{event} was accepted {payload}: the field is mandatory")
        if pending and not ok and not payload.startswith(("without", "an empty")):
            rules = {"with the optional fields": optional, "an arbitrary ssid": "LP-001-32"}
            if payload in rules:
                # Refused: was it the variant, or the event itself? Ask once more, as documented
                # (a refused event changed nothing).
                again = self._publish(event, event_data(inv, "as documented"))
                if again.status_code < 300:
                    self.broken(rules[payload], f"{event} was refused {payload} "
                                f"({response.status_code}) and accepted as documented")
            self.broken(documented, f"{event} for pending invitation {inv.number} was refused "
                        f"({response.status_code})")
        if not ok or unknown or inv.state != "INVITED" or event == "cobrowseOffered":
            return  # a stale serviceId's event answered 2xx changes nothing (silent)
        if event == "cobrowseAccepted":
            inv.state = "ACCEPTED"
            self._expect(inv, marks, "LP-001-27", "the acceptance", after="INVITED",
                         unchanged="LP-001-36")
        else:
            # Silent: what a decline leads to, and whether it is announced; that it ends the
            # invitation (LP-001-39) the oracles judge on the agent's reading of the dialog.
            inv.state = "DONE"
            self.driver.dialog(inv.conversation_id, inv.dialog_id)

    def _publish(self, event: str, data: dict[str, Any]) -> httpx.Response:
        return self.driver.publish(event, data)

    def _say_publish(self, inv: Invitation, event: str, how: str) -> str:
        if inv.consumer.number != 1 or how == "an unknown serviceId":
            return f"# the page of consumer #{inv.consumer.number} publishes {event} ({how})"
        if inv.state in ("CLOSED", "DONE") and inv is not self.sent[-1]:
            return f'When the consumer publishes "{event}" for the first, closed invitation'
        say = f'When the consumer publishes "{event}" for the invitation'
        return say + {"as documented": "", "with the optional fields":
                      " with the optional fields scid, cid and eid",
                      "an arbitrary ssid": ' with "ssid" set to "any string ✓"',
                      "an empty ssid": ' with an empty "ssid"'}.get(
            how, f' without "{how.split()[-1]}"')

    # -- reads --------------------------------------------------------------------------
    @rule(inv=invitations)
    def agent_reads(self, inv: Invitation) -> None:
        """The driver's reading of the dialog (the expiry oracle times every reading)."""
        response = self.driver.dialog(inv.conversation_id, inv.dialog_id)
        self.do(f"read(invitation {inv.number}) -> {response.status_code}",
                f"# the agent reads invitation {inv.number}")

    # -- the model ----------------------------------------------------------------------
    def moved(self, seconds: float) -> None:
        """Every invitation the clock took past 2 minutes (and the tolerance) unanswered must
        be closed, and the closing announced (LP-001-43, LP-001-44)."""
        for inv in self.sent:
            if inv.state == "INVITED" and self._now() - inv.sent_ms >= TTL_MS + LATE_MS:
                inv.state = "CLOSED"
                self.do(f"expired(invitation {inv.number})",
                        f"# invitation {inv.number} has gone 2 minutes unanswered")
                # Pushed while the clock moved: looked for from each connection's start.
                self._expect(inv, None, "LP-001-44", "the expiry", after="INVITED",
                             unchanged="LP-001-43")

    def settle(self) -> None:
        """A round trip on every open socket, so what the target pushed has arrived; then one
        HTTP call, a fence: the oracles take a frame logged between two HTTP calls as
        possibly caused by either, and what this step caused is now logged before the next
        step's first call."""
        for consumer in self.people:
            for connection in consumer.open():
                connection.socket.barrier()
        if self.target.can("clock"):
            self.client.get("/control/clock")
        elif self.people and self.people[0].conversation_id:
            self.driver.conversation(self.people[0].conversation_id)

    def _marks(self, consumer: Consumer) -> dict[int, int]:
        return {id(c): c.socket.mark() for c in consumer.watching()}

    def _expect(self, inv: Invitation, marks: dict[int, int] | None, rule: str, what: str, *,
                after: str | None, unchanged: str = "") -> None:
        """Each connection watching the consumer receives a change of the invitation's
        dialog (``after``: from that sessionState to another) once ``what`` happened; the
        oracles judge its content. When none came, the oracles judge the log first; then, if
        the driver's reading of the dialog shows it unchanged, the action did nothing
        (``unchanged``); otherwise it was not announced (``rule``)."""
        others = {i.dialog_id for i in self.sent if i is not inv}
        for connection in inv.consumer.watching():
            mark = 0 if marks is None else marks.get(id(connection))
            if mark is None:
                continue  # subscribed since: the current state it was sent is judged there
            if arrives(connection, inv, mark, others, after):
                continue
            # What the target did instead (another dialog changed, say) is the oracles' to
            # name first; then the driver's reading tells a lost change from none at all.
            self.the_oracles_find_nothing()
            reading = self.driver.dialog(inv.conversation_id, inv.dialog_id)
            state = reading.json().get("sessionState") if reading.status_code == 200 else None
            blame = unchanged if unchanged and state == after else rule
            self.broken(blame, f"no change of invitation {inv.number} reached a subscribed "
                        f"CO_BROWSE connection of consumer #{inv.consumer.number} after {what}"
                        f" (the driver reads it {state})")

    def _current_state_shows(self, consumer: Consumer, connection: Connection,
                             mark: int) -> None:
        """A new subscription is sent the conversation's current state at once: every
        invitation the model knows open is in it (LP-001-07: the invitation is sent as part
        of the conversation metadata)."""
        for inv in self.sent:
            if inv.consumer is not consumer or inv.conversation_id != consumer.conversation_id \
                    or not (self._pending(inv) or inv.state == "ACCEPTED"):
                continue
            others = {i.dialog_id for i in self.sent if i is not inv}
            if not arrives(connection, inv, mark, others, None):
                self.broken("LP-001-07", f"the current state a new subscription of consumer "
                            f"#{consumer.number} was sent lacks open invitation {inv.number}")


#: The machine ``explore`` binds to a target (hypothesis instantiates it per walk).
MACHINE = LivePersonWalk
