"""Step definitions of the genesys-engage profile (sources 000 and 002).

Each ``Then`` reports its failure against the scenario's rule tags (the
``rule_id`` fixture): one tag, or several where the sources state the same
requirement more than once, so a broken behaviour is charged to the rules it
breaks and to no others.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from harness.checks import SetupError, expect, expect_equal
from harness.clients.genesys_engage import EngageDriver
from harness.clients.http import Control, DriverClient
from harness.plugin_constants import NEEDS_CAPABILITY
from harness.steps.common import pass_time
from harness.targets import TargetInfo
from harness.validation import validate_property

PROFILE = "genesys-engage"

BROWSER_DATA = {
    "source": "web",
    "referrer": "https://www.example.com/search?q=loans",
    "url": "https://bank.example.com/loans/apply",
    "pageTitle": "Apply for a loan",
    "customerSegment": "gold",
}

PAGE = {
    "url": "https://bank.example.com/loans/apply",
    "title": "Apply for a loan",
    "elements": [
        {"id": "name", "tag": "input", "type": "text", "name": "name", "value": "Ada Lovelace"},
        {"id": "email", "tag": "input", "type": "email", "name": "email",
         "classes": ["email"], "value": "ada@example.com"},
        {"id": "password", "tag": "input", "type": "password", "name": "password",
         "value": "correct horse battery staple"},
        {"id": "ssn", "tag": "input", "type": "text", "name": "ssn",
         "attributes": {"data-private": "true"}, "value": "078-05-1120"},
        {"id": "submit", "tag": "button", "type": "submit", "text": "Apply"},
        {"id": "help", "tag": "a", "attributes": {"href": "/help"}, "text": "Help"},
    ],
}
#: A second page of the same site with other fields: a card number masked by a configured
#: selector (its title attribute tells part of it), a PIN prefilled through the value
#: attribute, an input-type Submit button and a link.
PAYMENT_PAGE = {
    "url": "https://bank.example.com/loans/pay",
    "title": "Pay the arrangement fee",
    "elements": [
        {"id": "holder", "tag": "input", "type": "text", "name": "holder",
         "value": "Ada Lovelace"},
        {"id": "card", "tag": "input", "type": "text", "name": "card", "classes": ["card"],
         "attributes": {"title": "Visa ending 1111 1111"}, "value": "4111-1111-1111-1111"},
        {"id": "pin", "tag": "input", "type": "password", "name": "pin",
         "attributes": {"value": "pin-27182818", "placeholder": "PIN"}},
        {"id": "pay", "tag": "input", "type": "submit", "attributes": {"value": "Pay now"}},
        {"id": "terms", "tag": "a", "attributes": {"href": "/terms"}, "text": "Terms"},
    ],
}
FIELD_IDS = {"name field": "name", "email field": "email", "password field": "password",
             "ssn field": "ssn", "submit button": "submit", "help link": "help",
             "card field": "card", "pin field": "pin", "pay button": "pay",
             "terms link": "terms"}


def _shared_value(element_id: str) -> str:
    """The value an element had when the customer shared its page."""
    for page in (PAGE, PAYMENT_PAGE):
        elements: list[dict[str, Any]] = page["elements"]  # type: ignore[assignment]
        for element in elements:
            if element["id"] == element_id:
                return str(element.get("value", ""))
    raise KeyError(element_id)


@dataclass
class Party:
    """One interaction, its sessions, and what the steps have seen happen to them."""

    interaction_id: str = ""
    agent_id: str = ""
    token: str = ""
    history_id: str = ""
    tokens: list[str] = field(default_factory=list)
    history_ids: list[str] = field(default_factory=list)
    #: The target's clock (epoch ms) just before and just after each start, join and exit,
    #: when the target lets us read its clock: the times it attaches must fall inside.
    start_windows: list[tuple[int, int]] = field(default_factory=list)
    join_windows: list[tuple[int, int]] = field(default_factory=list)
    exit_windows: list[tuple[int, int]] = field(default_factory=list)
    mode_request: str = ""


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass
class EngageWorld:
    """A scenario's view. Its agent and customers are its own, so that scenarios stay
    independent even on a target that cannot give each scenario a world of its own."""

    driver: EngageDriver
    control: Control
    target: TargetInfo
    parties: dict[str, Party] = field(default_factory=dict)
    current: str = "first"
    last: httpx.Response | None = None
    attached_before: dict[str, Any] = field(default_factory=dict)
    feed_marks: dict[tuple[str, str], int] = field(default_factory=dict)
    agent_id: str = field(default_factory=lambda: _unique("agent"))
    #: The inactivity timeout the scenario configured, if it did.
    inactivity_timeout: float | None = None

    @property
    def party(self) -> Party:
        return self.parties[self.current]

    def ok(self, response: httpx.Response, what: str) -> dict[str, Any]:
        """A set-up step's response must succeed; otherwise the scenario cannot go on."""
        if response.status_code >= 400:
            raise SetupError(
                f"{what} failed: {response.status_code} {response.text[:500]}"
            )
        data: dict[str, Any] = response.json()
        return data

    def attached(self, name: str | None = None) -> dict[str, Any]:
        party = self.parties[name or self.current]
        data = self.ok(self.driver.interaction(party.interaction_id), "reading the interaction")
        attached: dict[str, Any] = data["attachedData"]
        return attached

    def events(self, role: str, name: str | None = None) -> list[dict[str, Any]]:
        party = self.parties[name or self.current]
        return self.driver.events(party.interaction_id, role)

    def new_events(self, role: str) -> list[dict[str, Any]]:
        """Events of a party's feed since the step before last looked."""
        key = (self.current, role)
        events = [e for e in self.events(role) if e["seq"] > self.feed_marks.get(key, 0)]
        return events

    def mark_feeds(self) -> None:
        for role in ("customer", "agent"):
            events = self.events(role)
            self.feed_marks[(self.current, role)] = max((e["seq"] for e in events), default=0)


@pytest.fixture
def engage(driver: DriverClient, control: Control, cobrowse_target: TargetInfo) -> EngageWorld:
    return EngageWorld(EngageDriver(driver), control, cobrowse_target)


def _refused(rule: str, response: httpx.Response | None, what: str) -> None:
    assert response is not None
    status = response.status_code
    body: Any = None
    try:
        body = response.json()
    except ValueError:
        body = response.text
    expect(rule, 400 <= status < 500, f"{what} must be refused with a 4xx; got {status}", body)
    expect(rule, isinstance(body, dict) and bool(body.get("message")),
           f"the refusal of {what} must say why (a 'message' in the body)", body)


# -- interactions ---------------------------------------------------------------------------
def _create_interaction(engage: EngageWorld, media: str, name: str = "first") -> None:
    agent = engage.agent_id
    data = engage.ok(engage.driver.create_interaction(media, BROWSER_DATA, agent_id=agent,
                                                      customer_id=_unique("customer")),
                     f"creating a {media} interaction")
    engage.parties[name] = Party(interaction_id=data["interactionId"], agent_id=agent)
    engage.current = name


@given(parsers.parse("a live {media} interaction between a customer and an agent"))
def live_interaction(engage: EngageWorld, media: str) -> None:
    _create_interaction(engage, media)


@given("a live chat interaction without browser data")
def bare_interaction(engage: EngageWorld) -> None:
    data = engage.ok(engage.driver.create_interaction("chat", {}, agent_id=engage.agent_id),
                     "creating an interaction")
    engage.parties["bare"] = Party(interaction_id=data["interactionId"], agent_id=engage.agent_id)
    engage.current = "bare"


@given(parsers.parse('another live {media} interaction "{name}" with the same agent'))
def second_interaction(engage: EngageWorld, media: str, name: str) -> None:
    previous = engage.current
    _create_interaction(engage, media, name)
    engage.current = previous


@given(parsers.parse('the customer of "{name}" has started a session that the agent joined'))
@when(parsers.parse('the customer of "{name}" starts a session that the agent joins'))
def other_session_joined(engage: EngageWorld, name: str) -> None:
    previous = engage.current
    engage.current = name
    _start(engage)
    _join(engage)
    engage.current = previous


@given(parsers.parse('the agent exits the session of "{name}"'))
@when(parsers.parse('the agent exits the session of "{name}"'))
def agent_exits_other(engage: EngageWorld, name: str) -> None:
    _exit(engage, "agent", engage.parties[name])


@given("the agent was refused the session")
def agent_was_refused(engage: EngageWorld) -> None:
    response = engage.driver.join(engage.party.token, engage.party.agent_id)
    if response.status_code < 400:
        raise AssertionError(f"the agent's join was expected to be refused: {response.text}")


@given(parsers.parse('the attached "{key}" has become "{value}"'))
def attached_has_become(engage: EngageWorld, key: str, value: str) -> None:
    attached = engage.attached()
    if attached.get(key) != value:
        raise AssertionError(f"set-up expected attached {key}={value!r}: {attached}")


@when(parsers.parse('the agent tries to join the session of "{name}"'))
def agent_joins_other(engage: EngageWorld, name: str) -> None:
    previous = engage.current
    engage.current = name
    _start(engage)
    engage.last = engage.driver.join(engage.party.token, engage.party.agent_id)
    engage.current = previous


@when("the primary interaction ends")
@given("the primary interaction has ended")
def interaction_ends(engage: EngageWorld) -> None:
    engage.ok(engage.driver.end_interaction(engage.party.interaction_id),
              "ending the primary interaction")


# -- starting, joining, exiting -------------------------------------------------------------
def _now(engage: EngageWorld) -> int | None:
    return engage.control.now() if engage.target.can("clock") else None


def _timed(engage: EngageWorld, windows: list[tuple[int, int]],
           send: Callable[[], httpx.Response]) -> httpx.Response:
    """Send a request, noting the target's clock around it in ``windows``."""
    before = _now(engage)
    response = send()
    after = _now(engage)
    if before is not None and after is not None and response.status_code < 400:
        windows.append((before, after))
    return response


def _customer_start(engage: EngageWorld) -> httpx.Response:
    party = engage.party
    engage.last = _timed(engage, party.start_windows,
                         lambda: engage.driver.start_session(party.interaction_id, "customer"))
    if engage.last.status_code < 400:
        data = engage.last.json()
        party.token, party.history_id = data["sessionId"], data["historyId"]
        party.tokens.append(party.token)
        party.history_ids.append(party.history_id)
    return engage.last


def _start(engage: EngageWorld) -> dict[str, Any]:
    return engage.ok(_customer_start(engage), "the customer starting a co-browse session")


def _join(engage: EngageWorld) -> dict[str, Any]:
    party = engage.party
    engage.last = _timed(engage, party.join_windows,
                         lambda: engage.driver.join(party.token, party.agent_id))
    return engage.ok(engage.last, "the agent joining the session")


def _exit(engage: EngageWorld, role: str, party: Party | None = None) -> None:
    party = party or engage.party
    token = party.token
    engage.ok(_timed(engage, party.exit_windows, lambda: engage.driver.exit(token, role)),
              f"the {role} exiting")


@given("the customer has started a co-browse session")
def customer_has_started(engage: EngageWorld) -> None:
    """Set-up: a refused start leaves nothing to judge (an error, not a failure)."""
    _start(engage)


@when("the customer starts a co-browse session")
def customer_starts(engage: EngageWorld) -> None:
    _customer_start(engage)


@when("the customer tries to start a co-browse session")
def customer_tries_start(engage: EngageWorld) -> None:
    engage.last = engage.driver.start_session(engage.party.interaction_id, "customer")


@when("the agent tries to start a co-browse session")
def agent_tries_start(engage: EngageWorld) -> None:
    engage.last = engage.driver.start_session(engage.party.interaction_id, "agent")


@given("the agent has joined the session")
@when("the agent joins the session")
def agent_joins(engage: EngageWorld) -> None:
    _join(engage)


@when("the agent tries to join the session")
@when("the agent tries to join the ended session again")
def agent_tries_join(engage: EngageWorld) -> None:
    engage.last = engage.driver.join(engage.party.token, engage.party.agent_id)


@given("the customer and the agent have co-browsed and the agent exited")
def one_full_session(engage: EngageWorld) -> None:
    _start(engage)
    _join(engage)
    _exit(engage, "agent")


@given(parsers.parse("the agent co-browsed for {seconds:d} seconds and exited"))
@when(parsers.parse("the agent co-browses for {seconds:d} seconds and exits"))
def timed_session(engage: EngageWorld, seconds: int) -> None:
    _start(engage)
    _join(engage)
    pass_time(engage.control, engage.target, seconds)
    _exit(engage, "agent")


@when(parsers.parse("the {role} exits the session"))
@given(parsers.parse("the {role} has exited the session"))
def party_exits(engage: EngageWorld, role: str) -> None:
    engage.mark_feeds()
    _exit(engage, role)


@when("the agent leaves the session page")
def agent_leaves(engage: EngageWorld) -> None:
    engage.mark_feeds()
    engage.ok(engage.driver.presence(engage.party.token, False), "the agent leaving the page")


@when("the agent returns to the session page")
def agent_returns(engage: EngageWorld) -> None:
    engage.ok(engage.driver.presence(engage.party.token, True), "the agent returning")


@given(parsers.parse("the agent is allowed {limit:d} simultaneous sessions"))
def sessions_limit(engage: EngageWorld, limit: int) -> None:
    engage.control.configure(PROFILE, agentSessionsLimit=limit)


@given(parsers.parse("the inactivity timeout is {seconds:d} seconds"))
def inactivity_timeout(engage: EngageWorld, seconds: int) -> None:
    engage.control.configure(PROFILE, inactivityTimeoutSeconds=seconds)
    engage.inactivity_timeout = seconds


@given(parsers.parse("the agent return timeout is {seconds:d} seconds"))
def away_timeout(engage: EngageWorld, seconds: int) -> None:
    engage.control.configure(PROFILE, agentAwayTimeoutSeconds=seconds)


@given(parsers.parse('fields matching "{selector}" are masked'))
def mask_selector(engage: EngageWorld, selector: str) -> None:
    engage.control.configure(PROFILE, maskSelectors=[selector])


@given(parsers.parse('elements matching "{selector}" are disabled for the agent'))
def disabled_selector(engage: EngageWorld, selector: str) -> None:
    engage.control.configure(PROFILE, disabledSelectors=[selector])


# -- session state -----------------------------------------------------------------------
def _session(engage: EngageWorld) -> dict[str, Any]:
    """The current session's record, read by its permanent history id."""
    return engage.ok(engage.driver.history(engage.party.history_id), "reading the session")


@then("the request is refused")
def request_refused(engage: EngageWorld, rule_id: str) -> None:
    _refused(rule_id, engage.last, "the request")


@then("the session is created")
def session_created(engage: EngageWorld, rule_id: str) -> None:
    rule = rule_id
    assert engage.last is not None
    expect(rule, engage.last.status_code in (200, 201),
           f"starting a session must succeed; got {engage.last.status_code}", _body(engage.last))


@then(parsers.parse('the session is "{state}"'))
def session_state(engage: EngageWorld, state: str, rule_id: str) -> None:
    data = _session(engage)
    expect_equal(rule_id, data["state"], state, "the session's state", data)


@then("the session ID is a sequence of nine digits")
def nine_digits(engage: EngageWorld, rule_id: str) -> None:
    token = engage.party.token
    expect(rule_id, re.fullmatch(r"[0-9]{9}", token) is not None,
           f"the live session ID must be nine digits; got {token!r}", _session(engage))


@then("the two live sessions have different session IDs")
def distinct_tokens(engage: EngageWorld, rule_id: str) -> None:
    tokens = [p.token for p in engage.parties.values()]
    expect(rule_id, len(set(tokens)) == len(tokens),
           f"live session IDs must be unique; got {tokens}")


@then("the new session has a new session ID")
def new_token(engage: EngageWorld, rule_id: str) -> None:
    tokens = engage.party.tokens
    rule = rule_id
    expect(rule, len(tokens) >= 2, "a second session must have been started")
    expect(rule, tokens[-1] != tokens[-2],
           f"a new session must get a new identifier; both are {tokens[-1]}")
    history = engage.party.history_ids
    expect(rule, history[-1] != history[-2], "a new session must get a new unique session ID")


@then(parsers.parse('the session has ended because of "{reason}"'))
def ended_because(engage: EngageWorld, reason: str, rule_id: str) -> None:
    data = _session(engage)
    rule = rule_id
    if (reason == "inactivity-timeout" and data.get("state") in ("idle", "active")
            and engage.inactivity_timeout is not None):
        # Silent (GE-S-09): a target may count the harness's own readings as activity, so
        # a session is only required to have ended after a whole timeout with no request
        # at all about it: let that pass, in silence, and read once more.
        pass_time(engage.control, engage.target, engage.inactivity_timeout + 1.0)
        data = _session(engage)
    expect_equal(rule, data["state"], "ended", "the session's state", data)
    expect_equal(rule, data["endReason"], reason, "why the session ended", data)


@then("the session is still live")
def still_live(engage: EngageWorld, rule_id: str) -> None:
    data = _session(engage)
    expect(rule_id, data["state"] in ("idle", "active"),
           f"the session must still be live; it is {data['state']}", data)


@then(parsers.parse("the {role} is notified that the session has ended"))
def notified_of_end(engage: EngageWorld, role: str, rule_id: str) -> None:
    events = engage.new_events(role)
    ended = [e for e in events if e.get("type") == "session-ended"
             and e.get("historyId") == engage.party.history_id]
    expect(rule_id, bool(ended),
           f"the {role}'s feed must announce that the session ended", events)


# -- helpers ----------------------------------------------------------------------------------
def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


# -- attached data -------------------------------------------------------------------------
@then(parsers.parse('the attached "{key}" conforms to the attached-data schema'))
def attached_key_schema(engage: EngageWorld, key: str, rule_id: str) -> None:
    attached = engage.attached()
    expect(rule_id, key in attached, f"{key} must be attached", attached)
    validate_property(attached[key], "genesys-engage:attached-data", key, rule_id)


@then("the browser-attached data is kept on the interaction")
def browser_data_kept(engage: EngageWorld, rule_id: str) -> None:
    attached = engage.attached()
    for key, value in BROWSER_DATA.items():
        expect_equal(rule_id, attached.get(key), value, f"attached {key}", attached)


@then(parsers.parse('the attached "{key}" is "{value}"'))
def attached_is(engage: EngageWorld, key: str, value: str, rule_id: str) -> None:
    attached = engage.attached()
    expect_equal(rule_id, attached.get(key), value, f"attached {key}", attached)


@then(parsers.parse('the attached "{key}" is absent'))
def attached_absent(engage: EngageWorld, key: str, rule_id: str) -> None:
    attached = engage.attached()
    expect(rule_id, key not in attached, f"{key} must remain absent", attached)


@then(parsers.parse('the attached "{key}" is the number {value:d}'))
def attached_number(engage: EngageWorld, key: str, value: int, rule_id: str) -> None:
    attached = engage.attached()
    actual = attached.get(key)
    expect(rule_id, isinstance(actual, int) and not isinstance(actual, bool) and actual == value,
           f"attached {key} must be the integer {value}; got {actual!r}", attached)


@then('the attached "CoBrowseSessionId" is the unique ID of the latest session')
def attached_session_id(engage: EngageWorld, rule_id: str) -> None:
    attached = engage.attached()
    party = engage.party
    value = attached.get("CoBrowseSessionId")
    # Either of the latest session's identifiers satisfies "the unique session ID" (the
    # sources disagree on which one it is); an earlier session's does not.
    latest = {party.history_ids[-1], party.tokens[-1]}
    expect(rule_id, value in latest,
           f"CoBrowseSessionId must identify the latest session (one of {sorted(latest)}); "
           f"got {value!r}", attached)
    earlier = set(party.history_ids[:-1]) | set(party.tokens[:-1])
    expect(rule_id, value not in earlier,
           f"CoBrowseSessionId {value!r} is an earlier session's ID", attached)


def _epoch_ms(rule: str, attached: dict[str, Any], key: str) -> int:
    value = attached.get(key)
    expect(rule, isinstance(value, str) and value.isdigit(),
           f"{key} must be an epoch time in milliseconds, as a string; got {value!r}", attached)
    assert isinstance(value, str)
    number = int(value)
    expect(rule, 10**11 < number < 10**14,
           f"{key} = {value} is not an epoch time in milliseconds", attached)
    return number


@then('the attached "CoBrowseStartTime" is the epoch milliseconds when the first session began')
def start_time(engage: EngageWorld, rule_id: str) -> None:
    attached = engage.attached()
    started = _epoch_ms(rule_id, attached, "CoBrowseStartTime")
    party = engage.party
    if party.start_windows and party.join_windows:
        # The target's own clock, read around the first start and the first join.
        earliest, latest = party.start_windows[0][0], party.join_windows[0][1]
    else:
        first = _history(engage, party.history_ids[0])
        began = [t for t in (first.get("createdAt"), first.get("activatedAt")) if t is not None]
        expect(rule_id, bool(began), "the first session's record has no start time", first)
        earliest, latest = min(began), max(began)
    expect(rule_id, earliest <= started <= latest,
           f"CoBrowseStartTime {started} must be when the first session began "
           f"(between the customer starting it, {earliest}, and the agent joining it, "
           f"{latest})", attached)


@then('the attached "CoBrowseEndTime" is the epoch milliseconds when the last session ended')
def end_time(engage: EngageWorld, rule_id: str) -> None:
    attached = engage.attached()
    ended = _epoch_ms(rule_id, attached, "CoBrowseEndTime")
    party = engage.party
    earliest: int | None
    latest: int | None
    if party.exit_windows:
        # The target's own clock, read around the exit that ended the last session.
        earliest, latest = party.exit_windows[-1]
    else:
        last = _history(engage, party.history_ids[-1])
        earliest = latest = last.get("endedAt")
    expect(rule_id, earliest is not None and latest is not None
           and earliest <= ended <= latest,
           f"CoBrowseEndTime {ended} must be when the last session ended "
           f"(between {earliest} and {latest})", attached)


def _history(engage: EngageWorld, history_id: str) -> dict[str, Any]:
    return engage.ok(engage.driver.history(history_id), "reading a session record")


@then(parsers.parse("the attached data is unchanged"))
def attached_unchanged(engage: EngageWorld, rule_id: str) -> None:
    attached = engage.attached()
    expect_equal(rule_id, attached, engage.attached_before, "the attached data", attached)


@given("the attached data is noted")
def note_attached(engage: EngageWorld) -> None:
    engage.attached_before = engage.attached()


# -- limits --------------------------------------------------------------------------------
@then("the join is refused")
def join_refused(engage: EngageWorld, rule_id: str) -> None:
    _refused(rule_id, engage.last, "joining beyond the agent's session limit")


@then("the join succeeds")
def join_succeeds(engage: EngageWorld, rule_id: str) -> None:
    assert engage.last is not None
    expect(rule_id, engage.last.status_code == 200,
           f"the join must succeed; got {engage.last.status_code}", _body(engage.last))


# -- modes, pointers, actions -------------------------------------------------------------------
@then(parsers.parse('the session is in "{mode}" mode'))
def session_mode(engage: EngageWorld, mode: str, rule_id: str) -> None:
    data = _session(engage)
    expect_equal(rule_id, data["mode"], mode, "the session's mode", data)


@when(parsers.parse("the {role} moves the pointer to {x:d},{y:d}"))
def move_pointer(engage: EngageWorld, role: str, x: int, y: int) -> None:
    engage.mark_feeds()
    engage.ok(engage.driver.pointer(engage.party.token, role, x, y), f"the {role}'s pointer")


@then(parsers.parse("the {role} sees the {other}'s pointer at {x:d},{y:d}"))
def sees_pointer(engage: EngageWorld, role: str, other: str, x: int, y: int,
                 rule_id: str) -> None:
    events = engage.new_events(role)
    seen = [e for e in events if e.get("type") == "pointer" and e.get("role") == other
            and e.get("x") == x and e.get("y") == y]
    expect(rule_id, bool(seen), f"the {role} must see the {other}'s pointer at {x},{y}", events)


@given("the customer shares the loan application page")
def share_page(engage: EngageWorld) -> None:
    engage.ok(engage.driver.share_page(engage.party.token, PAGE), "sharing the page")


@when(parsers.parse('the agent tries to type "{text}" into the {what}'))
def agent_types(engage: EngageWorld, text: str, what: str) -> None:
    engage.mark_feeds()
    engage.last = engage.driver.act(engage.party.token, "agent", "type",
                                    elementId=FIELD_IDS[what], text=text)


@when(parsers.parse("the agent tries to click the {what}"))
def agent_clicks(engage: EngageWorld, what: str) -> None:
    engage.mark_feeds()
    engage.last = engage.driver.act(engage.party.token, "agent", "click",
                                    elementId=FIELD_IDS[what])


@when(parsers.parse('the agent tries to navigate to "{url}"'))
def agent_navigates(engage: EngageWorld, url: str) -> None:
    engage.mark_feeds()
    engage.last = engage.driver.act(engage.party.token, "agent", "navigate", url=url)


@when(parsers.parse("the customer clicks the {what}"))
def customer_clicks(engage: EngageWorld, what: str) -> None:
    engage.mark_feeds()
    engage.last = engage.driver.act(engage.party.token, "customer", "click",
                                    elementId=FIELD_IDS[what])


@when(parsers.parse('the customer types "{text}" into the {what}'))
def customer_types(engage: EngageWorld, text: str, what: str) -> None:
    engage.mark_feeds()
    engage.last = engage.driver.act(engage.party.token, "customer", "type",
                                    elementId=FIELD_IDS[what], text=text)
    engage.ok(engage.last, "the customer typing")


@then("the agent's action is refused")
def agent_action_refused(engage: EngageWorld, rule_id: str) -> None:
    _refused(rule_id, engage.last, "an agent action in Pointer Mode")
    events = engage.new_events("customer")
    replayed = [e for e in events if e.get("type") == "agent-action"]
    expect(rule_id, not replayed, "nothing may be replayed on the customer's side", events)


@then("nothing happens on the customer's side")
def nothing_happens(engage: EngageWorld, rule_id: str) -> None:
    assert engage.last is not None
    body = _body(engage.last)
    events = engage.new_events("customer")
    replayed = [e for e in events if e.get("type") == "agent-action"]
    expect(rule_id, not replayed, "the agent's click must not reach the customer's page", events)
    expect(rule_id, isinstance(body, dict) and body.get("performed") is not True,
           "the agent's click must not be performed", body)


@then("the action is performed")
def action_performed(engage: EngageWorld, rule_id: str) -> None:
    assert engage.last is not None
    body = _body(engage.last)
    expect(rule_id, engage.last.status_code == 200 and isinstance(body, dict)
           and body.get("performed") is True, "the action must be performed", body)


@then(parsers.parse("the customer's side replays the agent's {action}"))
def replayed(engage: EngageWorld, action: str, rule_id: str) -> None:
    events = engage.new_events("customer")
    kind = {"typing": "type", "click": "click", "navigation": "navigate"}[action]
    seen = [e for e in events if e.get("type") == "agent-action" and e.get("action") == kind]
    expect(rule_id, bool(seen), f"the agent's {action} must be replayed on the customer's side",
           events)


@when("the agent requests Write Mode")
def request_write(engage: EngageWorld) -> None:
    engage.mark_feeds()
    data = engage.ok(engage.driver.request_mode(engage.party.token, "write"),
                     "the agent requesting Write Mode")
    engage.party.mode_request = str(data.get("requestId", ""))


@then("the customer is asked to switch to Write Mode")
def customer_asked(engage: EngageWorld, rule_id: str) -> None:
    events = engage.new_events("customer")
    asked = [e for e in events if e.get("type") == "mode-requested" and e.get("mode") == "write"]
    expect(rule_id, bool(asked), "the customer must receive the Write Mode request", events)


@when(parsers.parse("the customer {answer} the request"))
@given(parsers.parse("the customer {answer} the request"))
def answer_request(engage: EngageWorld, answer: str) -> None:
    accept = {"accepts": True, "declines": False}[answer]
    engage.ok(engage.driver.answer_mode(engage.party.token, engage.party.mode_request, accept),
              f"the customer answering ({answer})")


@given("the session is in Write Mode")
@when("the session is brought into Write Mode")
def in_write_mode(engage: EngageWorld) -> None:
    """Reach Write Mode the documented way, stopping as soon as the session is in it."""
    if _session(engage)["mode"] != "write":
        request_write(engage)
    if _session(engage)["mode"] != "write":
        answer_request(engage, "accepts")
    if _session(engage)["mode"] != "write":
        raise AssertionError("the session did not reach Write Mode after the customer accepted")


# -- masking and disabled elements ---------------------------------------------------------
def _view(engage: EngageWorld, role: str) -> dict[str, Any]:
    return engage.ok(engage.driver.view(engage.party.token, role), f"the {role}'s view")


def _element(view: dict[str, Any], element_id: str) -> dict[str, Any]:
    for element in (view.get("page") or {}).get("elements", []):
        if element.get("id") == element_id:
            return dict(element)
    raise AssertionError(f"element {element_id} is missing from the view: {view}")


def _leaks(value: str, payload: Any) -> bool:
    import json

    return value in json.dumps(payload, default=str)


@then(parsers.parse("the agent cannot read the {what}"))
def agent_cannot_read(engage: EngageWorld, what: str, rule_id: str) -> None:
    element_id = FIELD_IDS[what]
    secret = _shared_value(element_id)
    view = _view(engage, "agent")
    expect(rule_id, not _leaks(secret, view),
           f"the {what}'s value must be masked in the agent's view", view)


@then(parsers.parse("the agent can read the {what}"))
def agent_can_read(engage: EngageWorld, what: str, rule_id: str) -> None:
    element_id = FIELD_IDS[what]
    secret = _shared_value(element_id)
    view = _view(engage, "agent")
    expect_equal(rule_id, _element(view, element_id).get("value"), secret,
                 f"the {what}'s value in the agent's view", view)


@then(parsers.parse('nothing the agent can read contains "{secret}"'))
def no_leak_anywhere(engage: EngageWorld, secret: str, rule_id: str) -> None:
    view = _view(engage, "agent")
    events = engage.events("agent")
    expect(rule_id, not _leaks(secret, view), "the agent's view leaks a masked value", view)
    expect(rule_id, not _leaks(secret, events), "the agent's event feed leaks a masked value",
           events)


@then(parsers.parse("the customer sees that the {what} is masked"))
def customer_sees_masked(engage: EngageWorld, what: str, rule_id: str) -> None:
    view = _view(engage, "customer")
    element = _element(view, FIELD_IDS[what])
    expect(rule_id, element.get("maskedForAgent") is True,
           f"the customer's view must flag the {what} as hidden from the agent", element)


@then(parsers.parse("the customer sees that the {what} is not masked"))
def customer_sees_unmasked(engage: EngageWorld, what: str, rule_id: str) -> None:
    view = _view(engage, "customer")
    element = _element(view, FIELD_IDS[what])
    expect(rule_id, element.get("maskedForAgent") is False,
           f"the customer's view must not flag the {what} as masked", element)


@then("the customer's form is submitted")
def form_submitted(engage: EngageWorld, rule_id: str) -> None:
    assert engage.last is not None
    body = _body(engage.last)
    expect(rule_id, engage.last.status_code == 200 and isinstance(body, dict)
           and body.get("performed") is True and body.get("submissions", 0) >= 1,
           "the customer's click on Submit must submit the form", body)


@then("the session can be tracked by its ID")
def tracked_by_id(engage: EngageWorld, rule_id: str) -> None:
    response = engage.driver.session(engage.party.token)
    body = _body(response)
    expect(rule_id, response.status_code == 200,
           f"GET session {engage.party.token} must find the live session; got "
           f"{response.status_code}", body)
    expect_equal(rule_id, body.get("historyId"), engage.party.history_id,
                 "the session found by its ID", body)


@then("the session ID no longer refers to a session")
def token_retired(engage: EngageWorld, rule_id: str) -> None:
    response = engage.driver.session(engage.party.token)
    expect(rule_id, 400 <= response.status_code < 500,
           f"the ID of an ended session must not find it; got {response.status_code}",
           _body(response))


@then("the agent sees the customer's page")
def agent_sees_page(engage: EngageWorld, rule_id: str) -> None:
    response = engage.driver.view(engage.party.token, "agent")
    body = _body(response)
    expect(rule_id, response.status_code == 200 and isinstance(body, dict)
           and isinstance(body.get("page"), dict)
           and body["page"].get("url") == PAGE["url"],
           "the agent's browser must display a view of the customer's page", body)


@then("the agent no longer sees the customer's page")
def agent_sees_nothing(engage: EngageWorld, rule_id: str) -> None:
    response = engage.driver.view(engage.party.token, "agent")
    expect(rule_id, 400 <= response.status_code < 500,
           f"after the end the agent must not get a view; got {response.status_code}",
           _body(response))


@then(parsers.parse('the attached "{key}" is the browser\'s value, possibly shortened'))
def browser_value_or_prefix(engage: EngageWorld, key: str, rule_id: str) -> None:
    attached = engage.attached()
    value = attached.get(key)
    original = BROWSER_DATA[key]
    expect(rule_id, isinstance(value, str) and bool(value) and original.startswith(value),
           f"attached {key} must be the browser's value {original!r} or a shortened form of "
           f"it; got {value!r}", attached)


# -- observing every channel, for the rule oracles ----------------------------------------------
@when("both parties look at everything")
def look_at_everything(engage: EngageWorld) -> None:
    """Read what each party can read, judging nothing: the interaction and its attached
    data, the agent's interaction list, every session of the interaction by its permanent
    ID, the latest by its nine-digit ID, both views and both event feeds. The rule
    oracles judge these readings; refusals (an ended session, an idle view) are readings
    too."""
    party = engage.party
    driver = engage.driver
    for history_id in party.history_ids:
        driver.history(history_id)
    if party.token:
        driver.session(party.token)
        for role in ("customer", "agent"):
            driver.view(party.token, role)
    for role in ("customer", "agent"):
        engage.events(role)
    driver.interactions(party.agent_id)
    driver.interaction(party.interaction_id)


def _observe(engage: EngageWorld) -> None:
    look_at_everything(engage)


@when(parsers.parse("session {number:d} runs for {seconds:d} seconds and the {role} exits"))
def session_runs(engage: EngageWorld, number: int, seconds: int, role: str) -> None:
    """A whole session, read at every stage: started, joined, some time later, ended."""
    if len(engage.party.history_ids) != number - 1:
        raise AssertionError(f"session {number} would be session "
                             f"{len(engage.party.history_ids) + 1} of the interaction")
    _start(engage)
    _observe(engage)
    _join(engage)
    _observe(engage)
    if seconds:
        pass_time(engage.control, engage.target, seconds)
        _observe(engage)
    _exit(engage, role)
    _observe(engage)


@when("the agent returns the session to Pointer Mode")
def back_to_pointer(engage: EngageWorld) -> None:
    """The sources do not say how Write Mode ends (silent choice GE-S-04): a target that
    offers no way back is not wrong, and what follows a round trip cannot be judged on it."""
    response = engage.driver.request_mode(engage.party.token, "pointer")
    if 400 <= response.status_code < 500:
        pytest.skip(f"{NEEDS_CAPABILITY} a way back from Write Mode to Pointer Mode (the "
                    f"sources are silent, GE-S-04; the target answered {response.status_code})")
    engage.ok(response, "the agent returning to Pointer Mode")


@when("the customer shares the payment page")
def share_payment_page(engage: EngageWorld) -> None:
    engage.ok(engage.driver.share_page(engage.party.token, PAYMENT_PAGE),
              "sharing the payment page")


def _previous(engage: EngageWorld) -> str:
    tokens = engage.party.tokens
    if len(tokens) < 2:
        raise AssertionError("no previous session of this interaction")
    return tokens[-2]


@when("the agent looks up the previous session by its ID")
def look_up_previous(engage: EngageWorld) -> None:
    engage.last = engage.driver.session(_previous(engage))


@when("the agent tries to view the previous session")
def view_previous(engage: EngageWorld) -> None:
    engage.last = engage.driver.view(_previous(engage), "agent")


@when("the agent tries to join the previous session")
def join_previous(engage: EngageWorld) -> None:
    engage.last = engage.driver.join(_previous(engage), engage.party.agent_id)


@when("the agent lists their interactions")
def list_interactions(engage: EngageWorld) -> None:
    engage.last = engage.driver.interactions(engage.party.agent_id)


@then("the agent's only interaction is the primary interaction")
def only_primary(engage: EngageWorld, rule_id: str) -> None:
    assert engage.last is not None
    body = _body(engage.last)
    expect(rule_id, engage.last.status_code == 200 and isinstance(body, dict)
           and isinstance(body.get("interactions"), list),
           f"the agent's interactions must be listed; got {engage.last.status_code}", body)
    ids = [i.get("interactionId") for i in body["interactions"] if isinstance(i, dict)]
    expect_equal(rule_id, ids, [engage.party.interaction_id],
                 "the agent's interactions after co-browsing", body)
    session = _session(engage)
    expect_equal(rule_id, session.get("interactionId"), engage.party.interaction_id,
                 "the interaction the co-browse session belongs to", session)


# -- parties: a credential presented while claiming to be someone else -----------------------
def _credential(engage: EngageWorld, party: str, name: str | None = None) -> str:
    """The credential the target issued ``party`` with an interaction. These scenarios need
    the parties capability; a target that declares it yet issued nothing cannot be judged."""
    interaction = engage.parties[name or engage.current].interaction_id
    credential = engage.driver.parties.credential(interaction, party)
    if credential is None:
        raise SetupError(f"the target declares the parties capability but issued no "
                         f"{party}'s credential (partyCredentials) with interaction "
                         f"{interaction}")
    return credential


@given(parsers.parse('another live {media} interaction "{name}" with another agent'))
def interaction_with_another_agent(engage: EngageWorld, media: str, name: str) -> None:
    agent = _unique("agent")
    data = engage.ok(engage.driver.create_interaction(media, BROWSER_DATA, agent_id=agent,
                                                      customer_id=_unique("customer")),
                     f"creating a {media} interaction with another agent")
    engage.parties[name] = Party(interaction_id=data["interactionId"], agent_id=agent)


@when("the agent, presenting its own credential, tries to start a co-browse session as the "
      "customer")
def agent_starts_as_customer(engage: EngageWorld) -> None:
    with engage.driver.parties.presenting(_credential(engage, "agent")):
        engage.last = engage.driver.start_session(engage.party.interaction_id, "customer")


@when("the agent, presenting its own credential, tries to accept the request")
def agent_accepts_own_request(engage: EngageWorld) -> None:
    with engage.driver.parties.presenting(_credential(engage, "agent")):
        engage.last = engage.driver.answer_mode(engage.party.token, engage.party.mode_request,
                                                True)


@when("the agent, presenting its own credential, tries to read the customer's view")
def agent_reads_customer_view(engage: EngageWorld) -> None:
    with engage.driver.parties.presenting(_credential(engage, "agent")):
        engage.last = engage.driver.view(engage.party.token, "customer")


@when(parsers.parse('the agent of "{name}", presenting its own credential, tries to join the '
                    'session'))
def other_agent_joins(engage: EngageWorld, name: str) -> None:
    """Another interaction's agent, with that interaction's credential, joins this session
    in the name of this interaction's agent."""
    with engage.driver.parties.presenting(_credential(engage, "agent", name)):
        engage.last = engage.driver.join(engage.party.token, engage.party.agent_id)


@then("the claim is refused")
def claim_refused(engage: EngageWorld, rule_id: str) -> None:
    _refused(rule_id, engage.last, "a request whose credential is another party's")


@then("the answer holds no masked value of the page")
def no_masked_value(engage: EngageWorld, rule_id: str) -> None:
    """Whether refused or answered with what the agent may see, the answer the agent got
    must not hold the password the customer's page holds (masked by default)."""
    assert engage.last is not None
    body = _body(engage.last)
    expect(rule_id, not _leaks(_shared_value("password"), body),
           f"the agent, presenting its own credential, read the masked password field's value "
           f"({engage.last.status_code})", {"status": engage.last.status_code})
