"""Privacy that holds for every way a page can say it (genesys-engage: GE-002-46, 48, 50, 51,
52, 53, 54, 55).

A few hand-written pages proved the reference right for the spellings their authors thought
of, and it leaked for others: a password written as an attribute or in capitals, a masked
field's tooltip, a field named among its attributes, a button of no type. So hypothesis
writes the pages here: tags, attribute names and types in any letter case, ``type`` and
``name`` as properties or attributes, classes as a list or an attribute, nested children,
the configured selectors, and what the customer and the agent do. What each element *is*
(a password, a Submit control, matched by a selector) is known by construction, never by
asking the reference's matcher. The properties: nothing a masked element holds appears in
any byte the agent can read; every submit-like control is dead for the agent and alive for
the customer; both parties are told truthfully what is masked and disabled; and the rule
oracle sees exactly the leaks a broken variant makes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.clients.genesys_engage import EngageDriver
from harness.clients.http import DriverClient
from harness.oracles import genesys_engage as oracles
from harness.oracles import judge, render
from harness.runlog import HttpEntry, RunLog
from harness.targets import TargetInfo
from mockserver.clock import ManualClock
from mockserver.errors import HTTP_STATUS, DomainError
from mockserver.faults import Faults
from mockserver.genesys_engage import restrictions
from mockserver.genesys_engage.core import EngageCore
from mockserver.server import BackgroundServer

PROFILE = "genesys-engage"
URL = "https://bank.example.com/apply"
BROKEN = "engage.masked-title-visible-to-agent"
PRIVACY_ORACLE = "masked_values_never_reach_the_agent"


# -- what a generated element is, known by construction -----------------------------------
@dataclass
class Spec:
    """One generated element: the dict the customer shares and what it is."""

    id: str
    tag: str  # lower case
    kind: str  # password | field | submit | control | box
    name: str | None
    classes: frozenset[str]
    private: bool
    element: dict[str, Any]
    #: Every value the element holds (its value, text, content attributes): secret if masked.
    content: list[str]
    children: list[Spec] = field(default_factory=list)


NAMES = ("card", "ssn", "note")
CLASSES = ("private", "plain", "card")
#: Masking selectors and what each matches, by construction.
MASKS: dict[str, Callable[[Spec], bool]] = {
    "input[name=card]": lambda s: s.tag == "input" and s.name == "card",
    "[name=ssn]": lambda s: s.name == "ssn",
    ".private": lambda s: "private" in s.classes,
    "[data-private=true]": lambda s: s.private,
    "TEXTAREA": lambda s: s.tag == "textarea",
    "#e3": lambda s: s.id == "e3",
}
#: Disabling selectors and what each matches, by construction.
DISABLES: dict[str, Callable[[Spec], bool]] = {
    "a": lambda s: s.tag == "a",
    "[name=note]": lambda s: s.name == "note",
    ".plain": lambda s: "plain" in s.classes,
}
#: (tag, type) shapes of each kind of element; None: no type at all.
SHAPES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "password": (("input", "password"),),
    "field": (("input", None), ("input", "text"), ("input", "email"), ("textarea", None),
              ("select", None)),
    "submit": (("button", None), ("button", "submit"), ("button", "bogus"),
               ("input", "submit"), ("input", "image")),
    "control": (("button", "button"), ("button", "reset"), ("input", "reset"),
                ("input", "checkbox"), ("a", None)),
    "box": (("div", None), ("span", None), ("p", None), ("label", None)),
}
#: Attributes that carry what an element holds (every one must stay hidden when masked).
CONTENT_ATTRIBUTES = ("value", "title", "placeholder", "aria-label", "alt", "data-note")
#: Secrets are "zq" + a unique four-digit number + letters without z or q: none is part of
#: another, of an id, a UUID or a number the target answers with.
SECRET_LETTERS = "ghjkmnprstvwxy"


class Counter:
    def __init__(self) -> None:
        self.n = 0

    def take(self) -> int:
        self.n += 1
        return self.n


@cache
def cased(text: str) -> st.SearchStrategy[str]:
    """``text`` in any mix of letter case (one draw: a bit per letter, shrinking to lower)."""
    return st.integers(0, 2 ** len(text) - 1).map(
        lambda bits: "".join(c.upper() if bits >> i & 1 else c for i, c in enumerate(text)))


SECRET_TAILS = st.text(SECRET_LETTERS, min_size=2, max_size=5)


@st.composite
def specs(draw: st.DrawFn, counter: Counter, depth: int) -> Spec:
    kind = draw(st.sampled_from(tuple(SHAPES)))
    tag, type_ = draw(st.sampled_from(SHAPES[kind]))
    element: dict[str, Any] = {"id": f"e{counter.take()}", "tag": draw(cased(tag))}
    attributes: dict[str, str] = {}

    def secret() -> str:
        return f"zq{counter.take():04d}" + draw(SECRET_TAILS)

    if type_ is not None:
        value = draw(cased(type_))
        where = draw(st.sampled_from(("property", "attribute", "both")))
        if where != "attribute":
            element["type"] = value
        if where != "property":
            attributes[draw(cased("type"))] = value
    name = draw(st.none() | st.sampled_from(NAMES))
    if name is not None:
        if draw(st.booleans()):
            element["name"] = name
        else:
            attributes[draw(cased("name"))] = name
    classes = draw(st.frozensets(st.sampled_from(CLASSES)))
    if classes and draw(st.booleans()):
        element["classes"] = sorted(classes)
    elif classes:
        attributes[draw(cased("class"))] = " ".join(sorted(classes))
    private = draw(st.booleans())
    if private:
        attributes[draw(cased("data-private"))] = "true"
    content = []
    if tag != "input" and draw(st.booleans()):
        element["text"] = secret()
        content.append(element["text"])
    if tag in ("input", "textarea", "select") and draw(st.booleans()):
        element["value"] = secret()
        content.append(element["value"])
    for key in draw(st.lists(st.sampled_from(CONTENT_ATTRIBUTES), unique=True, max_size=3)):
        held = secret()
        attributes[draw(cased(key))] = held
        content.append(held)
    if attributes:
        element["attributes"] = attributes
    children: list[Spec] = []
    if depth > 0 and (kind == "box" or tag == "button"):
        children = draw(st.lists(specs(counter, depth - 1), max_size=2))
        if children:
            element["children"] = [c.element for c in children]
    return Spec(element["id"], tag, kind, name, classes, private, element, content, children)


@dataclass
class Case:
    specs: list[Spec]
    masks: tuple[str, ...]
    disabled: tuple[str, ...]
    write: bool
    #: (role, click or type, which element: an index into the flattened page)
    actions: list[tuple[str, str, int]]


@st.composite
def cases(draw: st.DrawFn, depth: int) -> Case:
    counter = Counter()
    return Case(
        draw(st.lists(specs(counter, depth), min_size=1, max_size=5)),
        tuple(draw(st.lists(st.sampled_from(tuple(MASKS)), unique=True, max_size=3))),
        tuple(draw(st.lists(st.sampled_from(tuple(DISABLES)), unique=True, max_size=2))),
        draw(st.booleans()),
        draw(st.lists(st.tuples(st.sampled_from(("customer", "agent")),
                                st.sampled_from(("click", "type")), st.integers(0, 99)),
                      max_size=6)),
    )


def lineage(items: list[Spec], ancestors: tuple[Spec, ...] = ()
            ) -> Iterator[tuple[Spec, tuple[Spec, ...]]]:
    for spec in items:
        yield spec, ancestors
        yield from lineage(spec.children, (*ancestors, spec))


def is_masked(case: Case, spec: Spec, ancestors: tuple[Spec, ...]) -> bool:
    """Passwords by default, elements a configured selector matches, and all inside them."""
    return any(s.kind == "password" or any(MASKS[m](s) for m in case.masks)
               for s in (*ancestors, spec))


def is_submit_like(spec: Spec, ancestors: tuple[Spec, ...]) -> bool:
    return any(s.kind == "submit" for s in (*ancestors, spec))


def is_disabled(case: Case, spec: Spec, ancestors: tuple[Spec, ...]) -> bool:
    return is_submit_like(spec, ancestors) or any(
        DISABLES[d](s) for d in case.disabled for s in (*ancestors, spec))


# -- two ways to reach the reference ---------------------------------------------------------
class Reference(Protocol):
    def open(self, case: Case) -> None: ...

    def act(self, role: str, kind: str, element_id: str, text: str | None
            ) -> tuple[int, dict[str, Any]]: ...

    def agent_reads(self) -> None: ...

    def view(self, role: str) -> dict[str, Any]: ...

    def agent_readable(self) -> list[bytes]: ...


def _config(case: Case) -> dict[str, Any]:
    return {"maskSelectors": list(case.masks), "disabledSelectors": list(case.disabled)}


def _page(case: Case) -> dict[str, Any]:
    return {"url": URL, "title": "Apply", "elements": [s.element for s in case.specs]}


class OverHttp:
    """The reference on a real socket, through the harness's logging client: the oracles
    judge the same exchanges."""

    def __init__(self, base_url: str) -> None:
        self.log = RunLog()
        target = TargetInfo("reference", base_url, (PROFILE,),
                            {"worlds": True, "configure": True})
        self.client = DriverClient(target, f"privacy-{uuid.uuid4().hex}", self.log)
        self.driver = EngageDriver(self.client)
        self.iid = self.token = ""

    def open(self, case: Case) -> None:
        _ok(self.client.put("/control/config", {PROFILE: _config(case)}))
        self.iid = _ok(self.driver.create_interaction("chat", agent_id="agent-1"))[
            "interactionId"]
        self.token = _ok(self.driver.start_session(self.iid, "customer"))["sessionId"]
        _ok(self.driver.share_page(self.token, _page(case)))
        _ok(self.driver.join(self.token, "agent-1"))
        if case.write:
            request = _ok(self.driver.request_mode(self.token, "write"))
            _ok(self.driver.answer_mode(self.token, request["requestId"], True))

    def act(self, role: str, kind: str, element_id: str, text: str | None
            ) -> tuple[int, dict[str, Any]]:
        fields: dict[str, Any] = {"elementId": element_id}
        if text is not None:
            fields["text"] = text
        response = self.driver.act(self.token, role, kind, **fields)
        return response.status_code, response.json()

    def agent_reads(self) -> None:
        self.driver.view(self.token, "agent")
        self.client.get(f"/driver/{PROFILE}/interactions/{self.iid}/events",
                        params={"role": "agent"})
        self.driver.session(self.token)
        self.driver.interaction(self.iid)
        self.driver.interactions("agent-1")

    def view(self, role: str) -> dict[str, Any]:
        return _ok(self.driver.view(self.token, role))

    def agent_readable(self) -> list[bytes]:
        return [e.raw for e in self.log.exchanges(channel="driver") if not _customers(e)]

    def close(self) -> None:
        self.client.close()


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code < 300, response.text
    body: dict[str, Any] = response.json()
    return body


def _customers(entry: HttpEntry) -> bool:
    """Whether only the customer reads this response: the customer's own requests (their
    role, sharing a page, starting a session, answering a mode request)."""
    body = entry.request if isinstance(entry.request, dict) else {}
    if "customer" in (entry.query.get("role"), body.get("role")):
        return True
    return (entry.path.endswith("/page") or "/mode-requests/" in entry.path
            or (entry.method == "POST" and entry.path.endswith("/sessions")))


class InCore:
    """The domain core itself: nested children (which the driver API's flat page schema
    does not carry) and many more examples per second."""

    def __init__(self) -> None:
        self.core = EngageCore(ManualClock(1_700_000_000.0), Faults())
        self.readable: list[bytes] = []
        self.iid = self.token = ""

    def open(self, case: Case) -> None:
        self.core.configure(_config(case))
        self.iid = self.core.create_interaction("chat", "customer-1", "agent-1", {}).id
        self.token = self.core.start_session(self.iid, "customer").token
        self.core.share_page(self.token, _page(case))
        self.core.join(self.token, "agent-1")
        if case.write:
            request = self.core.request_write_mode(self.token)
            self.core.answer_mode_request(self.token, request["requestId"], True)

    def act(self, role: str, kind: str, element_id: str, text: str | None
            ) -> tuple[int, dict[str, Any]]:
        action: dict[str, Any] = {"type": kind, "elementId": element_id}
        if text is not None:
            action["text"] = text
        try:
            status, body = 200, self.core.act(self.token, role, action)
        except DomainError as error:
            status = HTTP_STATUS[error.kind]
            body = {"error": error.code, "message": error.message, **error.details}
        if role == "agent":
            self.readable.append(_bytes(body))
        return status, body

    def agent_reads(self) -> None:
        self.readable += [_bytes(self.core.view(self.token, "agent")),
                          _bytes(self.core.feed(self.iid, "agent")),
                          _bytes(self.core.interaction(self.iid).attached)]

    def view(self, role: str) -> dict[str, Any]:
        return self.core.view(self.token, role)

    def agent_readable(self) -> list[bytes]:
        return self.readable


def _bytes(value: Any) -> bytes:
    return json.dumps(value, default=str).encode()


# -- the property ----------------------------------------------------------------------------
@dataclass
class Outcome:
    secrets: list[str]
    problems: list[str]

    def leaks(self, reference: Reference) -> list[str]:
        readable = reference.agent_readable()
        return [s for s in self.secrets if any(s.encode() in body for body in readable)]


def play(reference: Reference, case: Case) -> Outcome:
    """Share the case's page, perform its actions with the agent reading after each, and
    note every way the outcome differs from what the elements are."""
    reference.open(case)
    flat = list(lineage(case.specs))
    outcome = Outcome([s for spec, up in flat if is_masked(case, spec, up)
                       for s in spec.content], [])
    submissions = 0
    reference.agent_reads()
    for index, (role, kind, pick) in enumerate(case.actions):
        spec, up = flat[pick % len(flat)]
        text = (f"zq{9000 + index:04d}typed" if role == "customer" else f"agent typed {index}"
                ) if kind == "type" else None
        status, body = reference.act(role, kind, spec.id, text)
        what = f"{role} {kind} on {spec.element}"
        if role == "agent" and not case.write:
            expected: bool | None = None
            if status != 403:
                outcome.problems.append(f"{what} in Pointer Mode answered {status} {body}")
        elif role == "agent":
            expected = not (is_disabled(case, spec, up) if kind == "click"
                            else is_masked(case, spec, up))
        else:
            expected = True
            submissions += kind == "click" and is_submit_like(spec, up)
            if kind == "click" and body.get("submissions") != submissions:
                outcome.problems.append(f"{what}: {body}, not {submissions} submission(s)")
            if kind == "type" and is_masked(case, spec, up):
                outcome.secrets.append(str(text))
        if expected is not None and body.get("performed") is not expected:
            outcome.problems.append(f"{what}: performed {body.get('performed')}, "
                                    f"not {expected}")
        reference.agent_reads()
    outcome.problems += _flag_problems(case, reference)
    return outcome


def _flag_problems(case: Case, reference: Reference) -> list[str]:
    """Both views say, element by element, what the agent may not read or press."""
    truth = {spec.id: (is_masked(case, spec, up), is_disabled(case, spec, up))
             for spec, up in lineage(case.specs)}
    problems = []
    for role, keys in (("agent", ("masked", "disabled")),
                       ("customer", ("maskedForAgent", "disabledForAgent"))):
        shown = {e["id"]: (e.get(keys[0]), e.get(keys[1]))
                 for e in _tree(reference.view(role)["page"]["elements"])}
        if shown != truth:
            problems.append(f"the {role}'s view flags {shown}, not {truth}")
    return problems


def _tree(elements: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for element in elements:
        yield element
        yield from _tree(element.get("children") or [])


def _describe(case: Case) -> str:
    """The case as a reader needs it (the falsifying example, in words)."""
    return json.dumps({"maskSelectors": case.masks, "disabledSelectors": case.disabled,
                       "writeMode": case.write, "elements": [s.element for s in case.specs],
                       "actions": case.actions})


def check(reference: Reference, case: Case) -> None:
    outcome = play(reference, case)
    assert not outcome.problems, "\n".join([_describe(case), *outcome.problems])
    leaks = outcome.leaks(reference)
    assert not leaks, f"{_describe(case)}\nthe agent read {leaks}"


@pytest.fixture(scope="module")
def reference_url() -> Iterator[str]:
    server = BackgroundServer(test_mode=True)
    yield server.start()
    server.stop()


@pytest.fixture(scope="module")
def broken_url() -> Iterator[str]:
    server = BackgroundServer(test_mode=True, faults=[BROKEN])
    yield server.start()
    server.stop()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(depth=2))
def test_the_core_never_shows_the_agent_what_a_masked_element_holds(case: Case) -> None:
    check(InCore(), case)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(depth=0))
def test_no_agent_facing_byte_over_http_holds_a_masked_value(reference_url: str,
                                                              case: Case) -> None:
    """Every response the agent can read over the wire, and the rule oracles agree: none."""
    walk = OverHttp(reference_url)
    try:
        check(walk, case)
        findings = judge(PROFILE, walk.log)
        assert not findings, render(findings)
    finally:
        walk.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(depth=0))
def test_the_oracle_sees_exactly_the_leaks_of_a_broken_variant(broken_url: str,
                                                               case: Case) -> None:
    """Against a variant that shows masked titles and placeholders, the privacy oracle,
    reading nothing but the run log, finds a leak exactly when the bytes hold one."""
    walk = OverHttp(broken_url)
    try:
        leaks = play(walk, case).leaks(walk)
        found = [f for f in judge(PROFILE, walk.log) if f.oracle == PRIVACY_ORACLE]
        assert bool(found) is bool(leaks), (leaks, render(found))
    finally:
        walk.close()


@settings(max_examples=200, deadline=None)
@given(element=specs(Counter(), 1).map(lambda s: s.element),
       selector=st.sampled_from((*MASKS, *DISABLES, "input[type=password]", "[TYPE=Submit]",
                                 "BUTTON", "[class=private]", "[class]", "[Name]",
                                 "input.card[name=card]", "[data-private]")))
def test_the_harness_reads_a_page_as_the_reference_does(element: dict[str, Any],
                                                        selector: str) -> None:
    """The harness may not import the reference: its own reading of selectors, passwords and
    Submit controls must agree with the reference's on every generated element."""
    assert oracles.selector_matches(selector, element) is any(
        s.matches(element) for s in restrictions.parse_selector(selector))
    assert oracles.is_password(element) is restrictions.is_password(element)
    assert oracles.is_submit(element) is restrictions.is_submit(element)


# -- the cases found on the reference -------------------------------------------------------
def _walk(url: str, elements: list[dict[str, Any]], masks: tuple[str, ...] = ()) -> OverHttp:
    walk = OverHttp(url)
    case = Case([], masks, (), True, [])
    walk.open(case)
    _ok(walk.driver.share_page(walk.token, {"url": URL, "title": "Apply",
                                            "elements": elements}))
    return walk


def _agent_bytes(walk: OverHttp) -> bytes:
    walk.agent_reads()
    return b"\n".join(walk.agent_readable())


@pytest.mark.parametrize("field", [
    pytest.param({"tag": "input", "attributes": {"type": "password"}}, id="type-attribute"),
    pytest.param({"tag": "input", "type": "PASSWORD"}, id="type-in-capitals"),
    pytest.param({"tag": "INPUT", "attributes": {"TYPE": "Password"}}, id="all-in-capitals"),
])
def test_every_password_field_is_masked_locked_and_never_echoed(reference_url: str,
                                                                 field: dict[str, Any]) -> None:
    walk = _walk(reference_url, [{"id": "pw", **field, "value": "zq0001shared"},
                                 {"id": "name", "tag": "input", "value": "Ada"}])
    try:
        assert walk.act("agent", "type", "pw", "agent guess")[1]["performed"] is False
        assert walk.act("customer", "type", "pw", "zq0002typed")[1]["performed"] is True
        agent = _agent_bytes(walk)
        assert b"zq0001shared" not in agent and b"zq0002typed" not in agent
        assert b"Ada" in agent  # the unmasked field stays readable
        customer = walk.view("customer")["page"]["elements"]
        assert [e["maskedForAgent"] for e in customer] == [True, False]
        assert not judge(PROFILE, walk.log)
    finally:
        walk.close()


def test_nothing_a_masked_field_holds_reaches_the_agent(reference_url: str) -> None:
    """An allow-list, not a deny-list: whatever the attribute and the case of its name."""
    held = {"value": "zq0001v", "Title": "zq0002t", "PLACEHOLDER": "zq0003p",
            "aria-label": "zq0004a", "alt": "zq0005a", "data-account": "zq0006d"}
    walk = _walk(reference_url, [
        {"id": "card", "tag": "input", "classes": ["card"], "name": "card-number",
         "attributes": {**held, "autocomplete": "cc-number"}, "value": "zq0007v"},
        {"id": "note", "tag": "p", "classes": ["card"], "text": "zq0008t"},
    ], masks=(".card",))
    try:
        agent = _agent_bytes(walk)
        assert not [s for s in (*held.values(), "zq0007v", "zq0008t") if s.encode() in agent]
        card = walk.view("agent")["page"]["elements"][0]
        # The structure stays: the agent sees a card-number field, masked.
        assert (card["name"], card["attributes"]["autocomplete"], card["masked"]) == (
            "card-number", "cc-number", True)
        assert not judge(PROFILE, walk.log)
    finally:
        walk.close()


@pytest.mark.parametrize("attributes", [{"name": "card"}, {"NAME": "card"}])
def test_a_selector_finds_a_name_given_among_the_attributes(reference_url: str,
                                                            attributes: dict[str, str]) -> None:
    walk = _walk(reference_url, [{"id": "c", "tag": "input", "attributes": attributes,
                                  "value": "zq0001card"}], masks=("input[name=card]",))
    try:
        assert walk.act("customer", "type", "c", "zq0002card")[1]["performed"] is True
        agent = _agent_bytes(walk)
        assert b"zq0001card" not in agent and b"zq0002card" not in agent
        assert walk.view("customer")["page"]["elements"][0]["maskedForAgent"] is True
    finally:
        walk.close()


@pytest.mark.parametrize("control", [
    pytest.param({"tag": "button", "text": "Apply"}, id="button-without-type"),
    pytest.param({"tag": "button", "type": "SUBMIT"}, id="type-in-capitals"),
    pytest.param({"tag": "button", "attributes": {"type": "submit"}}, id="type-attribute"),
    pytest.param({"tag": "input", "type": "image"}, id="input-image"),
    pytest.param({"tag": "BUTTON", "type": "bogus"}, id="invalid-type-is-submit"),
])
def test_every_submit_like_control_is_dead_for_the_agent_and_alive_for_the_customer(
        reference_url: str, control: dict[str, Any]) -> None:
    walk = _walk(reference_url, [{"id": "go", **control},
                                 {"id": "other", "tag": "button", "type": "Button"}])
    try:
        assert walk.act("agent", "click", "go", None)[1]["performed"] is False
        assert walk.act("agent", "click", "other", None)[1] == {"performed": True,
                                                                 "submissions": 0}
        assert walk.act("customer", "click", "go", None)[1] == {"performed": True,
                                                                "submissions": 1}
        assert [e["disabled"] for e in walk.view("agent")["page"]["elements"]] == [True, False]
        assert not judge(PROFILE, walk.log)
    finally:
        walk.close()


def test_the_broken_variant_shows_a_masked_title_and_the_oracle_says_so(
        broken_url: str) -> None:
    walk = _walk(broken_url, [{"id": "card", "tag": "input", "classes": ["card"],
                               "attributes": {"TITLE": "zq0001title"}}], masks=(".card",))
    try:
        assert b"zq0001title" in _agent_bytes(walk)
        rules = {r for f in judge(PROFILE, walk.log) if f.oracle == PRIVACY_ORACLE
                 for r in f.rules}
        assert rules == {"GE-002-48"}
    finally:
        walk.close()


# -- the oracle judges vendors by the same reading -----------------------------------------
P = "http://t/driver/genesys-engage"


def _vendor_log(element: dict[str, Any], shown: dict[str, Any],
                masks: tuple[str, ...] = ()) -> RunLog:
    """A vendor's run: masking selectors, a session, a page with ``element``, the agent's
    view showing ``shown`` for it, and an agent's click in Write Mode reported performed."""
    log = RunLog()
    log.http("PUT", "http://t/control/config", 200, {PROFILE: {"maskSelectors": list(masks)}},
             {})
    session = {"sessionId": "123456789", "historyId": "h1", "interactionId": "i1",
               "state": "idle", "mode": "pointer", "createdAt": 1_700_000_000_000}
    log.http("POST", f"{P}/interactions", 201, {"media": "chat", "agentId": "ag"},
             {"interactionId": "i1", "media": "chat", "state": "live", "agentId": "ag",
              "attachedData": {}})
    log.http("POST", f"{P}/interactions/i1/sessions", 201, {"role": "customer"}, session)
    active = {**session, "state": "active", "activatedAt": 1_700_000_001_000, "agentId": "ag"}
    log.http("POST", f"{P}/sessions/123456789/join", 200, {"agentId": "ag"}, active)
    page = {"url": URL, "title": "Apply", "elements": [element]}
    log.http("PUT", f"{P}/sessions/123456789/page", 200, page, active)
    log.http("POST", f"{P}/sessions/123456789/mode", 202, {"mode": "write", "role": "agent"},
             {"requestId": "r1", "mode": "write", "state": "pending"})
    log.http("POST", f"{P}/sessions/123456789/mode-requests/r1", 200, {"accept": True},
             {**active, "mode": "write"})
    log.http("GET", f"{P}/sessions/123456789/view?role=agent", 200, None,
             {"sessionId": "123456789", "mode": "write",
              "page": {**page, "elements": [shown]}})
    log.http("POST", f"{P}/sessions/123456789/actions", 200,
             {"role": "agent", "type": "click", "elementId": element["id"]},
             {"performed": True, "submissions": 1})
    return log


@pytest.mark.parametrize(("element", "rules"), [
    ({"id": "pw", "tag": "INPUT", "attributes": {"TYPE": "Password"}, "value": "zq0001pw"},
     {"GE-002-51"}),
    ({"id": "pw", "tag": "input", "type": "PASSWORD", "value": "zq0001pw"}, {"GE-002-51"}),
    ({"id": "c", "tag": "input", "attributes": {"Name": "card", "aria-label": "zq0001pw"}},
     {"GE-002-48"}),
])
def test_the_oracle_finds_a_vendor_showing_what_a_page_masks_in_any_spelling(
        element: dict[str, Any], rules: set[str]) -> None:
    log = _vendor_log(element, dict(element), masks=("input[name=card]",))
    found = {r for f in judge(PROFILE, log) if f.oracle == PRIVACY_ORACLE for r in f.rules}
    assert found == rules


@pytest.mark.parametrize("control", [
    {"id": "go", "tag": "button"}, {"id": "go", "tag": "Button", "type": "SUBMIT"},
    {"id": "go", "tag": "input", "attributes": {"type": "Image"}},
])
def test_the_oracle_finds_a_vendor_letting_the_agent_press_any_submit_like_control(
        control: dict[str, Any]) -> None:
    log = _vendor_log(control, {**control, "disabled": False})
    found = {r for f in judge(PROFILE, log) for r in f.rules}
    assert {"GE-002-53", "GE-002-54"} <= found
    assert "GE-002-52" not in found
