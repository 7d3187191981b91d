"""Rule oracles of the genesys-engage profile (sources 000 and 002), over every scenario's log.

Every oracle reads the whole log of a scenario: every interaction reading (its
attached data), every session resource on any route, both parties' event
feeds and views, every action and its response, every clock move. A scenario's
``Then`` steps judge their own rule at one moment; these judge every rule they
can at every moment any scenario observes, and charge a violation to the rule
it breaks.

Where the sources are silent an oracle accepts every reasonable choice; each
such choice is named in the docstring of the oracle that relies on it
("Silent:"). The harness must not import the reference, so which fields are
masked is worked out here from the customer's own page snapshots and the
configured selectors found in the log (:class:`Restrictions`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.oracles import Finding, finding, oracle
from harness.oracles.common import pointer
from harness.runlog import ClockEntry, Entry, HttpEntry

PROFILE = "genesys-engage"
NINE_DIGITS = re.compile(r"^[0-9]{9}$")
EPOCH_MS = re.compile(r"^[1-9][0-9]{11,13}$")
#: Driver routes whose 2xx response is a session resource.
_SESSION_ROUTES = re.compile(
    r"/driver/genesys-engage/(interactions/[^/]+/sessions|sessions/[^/]+"
    r"(/join|/exit|/agent-presence|/mode|/mode-requests/[^/]+|/page)?|history/[^/]+)")
_PREFIX = "/driver/genesys-engage"
#: (operation, path pattern, method): every driver route of the profile.
_ROUTES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (op, re.compile(_PREFIX + pattern), method) for op, pattern, method in (
        ("create", r"/interactions", "POST"),
        ("list", r"/interactions", "GET"),
        ("interaction", r"/interactions/(?P<iid>[^/]+)", "GET"),
        ("end", r"/interactions/(?P<iid>[^/]+)/end", "POST"),
        ("start", r"/interactions/(?P<iid>[^/]+)/sessions", "POST"),
        ("events", r"/interactions/(?P<iid>[^/]+)/events", "GET"),
        ("session", r"/sessions/(?P<token>[^/]+)", "GET"),
        ("history", r"/history/(?P<hid>[^/]+)", "GET"),
        ("join", r"/sessions/(?P<token>[^/]+)/join", "POST"),
        ("exit", r"/sessions/(?P<token>[^/]+)/exit", "POST"),
        ("presence", r"/sessions/(?P<token>[^/]+)/agent-presence", "PUT"),
        ("pointer", r"/sessions/(?P<token>[^/]+)/pointer", "POST"),
        ("mode", r"/sessions/(?P<token>[^/]+)/mode", "POST"),
        ("answer", r"/sessions/(?P<token>[^/]+)/mode-requests/(?P<rid>[^/]+)", "POST"),
        ("page", r"/sessions/(?P<token>[^/]+)/page", "PUT"),
        ("view", r"/sessions/(?P<token>[^/]+)/view", "GET"),
        ("act", r"/sessions/(?P<token>[^/]+)/actions", "POST"),
    ))
#: The keys the co-browse plug-in attaches when an agent joins (source 000).
JOIN_KEYS = ("CoBrowseAssociated", "CoBrowseSessionsQuantity", "CoBrowseSessionId",
             "CoBrowseStartTime")
PLUGIN_KEYS = (*JOIN_KEYS, "CoBrowseDuration", "CoBrowseEndTime", "IsCoBrowseDenied")
#: Browser-attached keys and the rules that own them; custom keys belong to GE-000-07.
BROWSER_KEY_RULES: dict[str, tuple[str, ...]] = {
    "source": ("GE-000-08",), "referrer": ("GE-000-11", "GE-000-13"),
    "url": ("GE-000-14", "GE-000-15"), "pageTitle": ("GE-000-16",),
}
#: Keys whose value "might be shortened" (source 000): a non-empty prefix is accepted.
SHORTENED = ("referrer", "url")
#: Attributes that describe a control, never the data in it: every other attribute value of
#: a masked element (value, title, placeholder, aria-label, alt, data-*, ...) is secret.
HARMLESS_ATTRIBUTES = frozenset({
    "id", "type", "name", "class", "role", "disabled", "readonly", "required", "hidden",
    "tabindex", "autocomplete", "inputmode", "maxlength", "minlength", "size", "form", "for",
    "dir", "lang",
})
#: An element's keys that describe its structure (the agent may see them of any element).
STRUCTURE_KEYS = ("id", "tag", "type", "name")
#: Attributes whose values HTML matches without regard to case in selectors.
CASELESS_VALUES = frozenset({
    "accept", "accept-charset", "align", "checked", "dir", "disabled", "enctype", "lang",
    "media", "method", "multiple", "readonly", "rel", "selected", "shape", "target", "type",
})
#: Tolerance when comparing a time the target attached with its own clock readings, ms.
TOLERANCE_MS = 1000
#: A session must have timed out once this much more than its timeout has passed, s.
TIMEOUT_GRACE = 1.0
LIVE = ("idle", "active")


# -- reading the log ----------------------------------------------------------------------
def session_readings(entries: Sequence[Entry]) -> Iterator[tuple[HttpEntry, dict[str, Any]]]:
    """Every session resource the target returned, on any route, oldest first."""
    for entry in entries:
        if (isinstance(entry, HttpEntry) and entry.profile == PROFILE
                and entry.channel == "driver" and 200 <= entry.status < 300
                and isinstance(entry.response, dict) and "historyId" in entry.response
                and _SESSION_ROUTES.fullmatch(entry.path)):
            yield entry, entry.response


@dataclass(frozen=True)
class Ex:
    """One exchange of the engage driver API, parsed: which operation, on what, by whom."""

    entry: HttpEntry
    op: str
    params: dict[str, str]
    role: str | None

    @property
    def ok(self) -> bool:
        return 200 <= self.entry.status < 300

    @property
    def body(self) -> dict[str, Any]:
        request = self.entry.request
        return request if isinstance(request, dict) else {}

    @property
    def resp(self) -> dict[str, Any]:
        response = self.entry.response
        return response if isinstance(response, dict) else {}

    @property
    def seq(self) -> int:
        return self.entry.seq


def _parse(entry: HttpEntry) -> Ex | None:
    if entry.profile != PROFILE or entry.channel != "driver":
        return None
    for op, pattern, method in _ROUTES:
        if entry.method == method:
            match = pattern.fullmatch(entry.path)
            if match:
                request = entry.request if isinstance(entry.request, dict) else {}
                role = entry.query.get("role") or request.get("role")
                if op in ("join", "presence", "mode") and role is None:
                    role = "agent"
                if op in ("start", "page", "answer") and role is None:
                    role = "customer"
                return Ex(entry, op, match.groupdict(), role if isinstance(role, str) else None)
    return None


@dataclass
class SessionFacts:
    """What the log shows of one session (by its permanent history ID)."""

    history_id: str
    token: str
    interaction_id: str
    started: Ex
    created_at: int | None
    activated_at: int | None = None
    ended_at: int | None = None
    end_reason: str | None = None
    joined: Ex | None = None
    #: The first exchange whose response showed the session ended (or that ended it).
    ended_seen: HttpEntry | None = None
    ended_by_agent_exit: bool = False


@dataclass
class Log:
    """The engage exchanges of one scenario and the facts every oracle needs."""

    entries: Sequence[Entry]
    exchanges: list[Ex]
    sessions: dict[str, SessionFacts]
    #: interaction ID -> what the browser attached at creation, and the creation exchange.
    created: dict[str, Ex]
    #: Cumulative clock seconds before each entry index (clock moves and real waits).
    clock: list[float]

    def session_of(self, ex: Ex) -> SessionFacts | None:
        """The session an exchange addresses: by history ID, or by the live token at the time."""
        hid = ex.params.get("hid") or ex.resp.get("historyId")
        if isinstance(hid, str) and hid in self.sessions:
            return self.sessions[hid]
        token = ex.params.get("token")
        if token is None:
            return None
        candidates = [s for s in self.sessions.values()
                      if s.token == token and s.started.seq <= ex.seq]
        return candidates[-1] if candidates else None

    def elapsed_min(self, a: Entry, b: Entry) -> float:
        """Seconds the target's clock surely moved between two entries (clock moves only)."""
        return self.clock[b.seq] - self.clock[a.seq + 1] if b.seq > a.seq else 0.0

    def elapsed_max(self, a: Entry, b: Entry) -> float:
        """Seconds that may have passed between two entries: clock moves plus real time."""
        return (self.clock[b.seq + 1] - self.clock[a.seq]) + max(0.0, b.at - a.at)

    def interactions(self) -> Iterator[tuple[Ex, dict[str, Any]]]:
        """Every interaction resource the target returned (reading, creation, end, listing)."""
        for ex in self.exchanges:
            if not ex.ok:
                continue
            if ex.op in ("create", "interaction", "end") and "attachedData" in ex.resp:
                yield ex, ex.resp
            elif ex.op == "list":
                for item in ex.resp.get("interactions") or []:
                    if isinstance(item, dict) and "attachedData" in item:
                        yield ex, item


_CACHE: list[tuple[Sequence[Entry], Log]] = []


def parsed(entries: Sequence[Entry]) -> Log:
    """The parsed log (built once per scenario; every oracle gets the same entries list)."""
    if _CACHE and _CACHE[0][0] is entries:
        return _CACHE[0][1]
    exchanges = [ex for e in entries if isinstance(e, HttpEntry) and (ex := _parse(e))]
    clock = [0.0]
    for entry in entries:
        clock.append(clock[-1] + (entry.seconds if isinstance(entry, ClockEntry) else 0.0))
    clock.append(clock[-1])
    sessions: dict[str, SessionFacts] = {}
    created = {str(ex.resp.get("interactionId")): ex for ex in exchanges
               if ex.op == "create" and ex.ok}
    for ex in exchanges:
        if not ex.ok:
            continue
        if ex.op == "start" and "historyId" in ex.resp:
            hid = str(ex.resp["historyId"])
            sessions.setdefault(hid, SessionFacts(
                hid, str(ex.resp.get("sessionId")), str(ex.params["iid"]), ex,
                _int(ex.resp.get("createdAt"))))
        if "historyId" in ex.resp and _SESSION_ROUTES.fullmatch(ex.entry.path):
            facts = sessions.get(str(ex.resp["historyId"]))
            if facts is None:
                continue
            facts.activated_at = facts.activated_at or _int(ex.resp.get("activatedAt"))
            if ex.op == "join" and facts.joined is None and ex.resp.get("state") == "active":
                facts.joined = ex
            if ex.resp.get("state") == "ended" and facts.ended_seen is None:
                facts.ended_seen = ex.entry
                facts.ended_at = _int(ex.resp.get("endedAt"))
                facts.end_reason = ex.resp.get("endReason")
                facts.ended_by_agent_exit = ex.op == "exit" and ex.role == "agent"
    log = Log(entries, exchanges, sessions, created, clock)
    _CACHE[:] = [(entries, log)]
    return log


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _dump(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


# -- masking: which elements of a shared page the agent may not read or control ---------------
_SIMPLE = re.compile(r"(?P<tag>[a-zA-Z][a-zA-Z0-9-]*|\*)?(?P<rest>(?:#[\w-]+|\.[\w-]+|"
                     r"\[[\w-]+(?:=(?:\"[^\"]*\"|'[^']*'|[\w-]+))?\])*)$")
_PART = re.compile(r"#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=(\"[^\"]*\"|'[^']*'|[\w-]+))?\]")


def selector_matches(selector: str, element: dict[str, Any]) -> bool:
    """Whether a CSS selector list (``tag``, ``#id``, ``.class``, ``[attr]``, ``[attr=v]``
    compounds) matches a page element of the driver API's flat page model, as HTML would:
    tag and attribute names in any case, ``type`` values in any case, ``id``, ``type`` and
    ``name`` as a property or among ``attributes``."""
    for raw in selector.split(","):
        match = _SIMPLE.fullmatch(raw.strip())
        if match is None or not raw.strip():
            continue
        tag = match.group("tag")
        if tag and tag != "*" and str(element.get("tag", "")).lower() != tag.lower():
            continue
        if all(_part_matches(m, element) for m in _PART.finditer(match.group("rest") or "")):
            return True
    return False


def attribute_values(element: dict[str, Any], name: str) -> list[str]:
    """Every value an element gives an attribute: the property (id, type, name) and the
    ``attributes`` entry under any letter case of the name."""
    wanted = name.lower()
    values = [str(element[wanted])] if wanted in ("id", "type", "name") and element.get(
        wanted) is not None else []
    attributes = element.get("attributes")
    if isinstance(attributes, dict):
        values.extend(str(v) for k, v in attributes.items()
                      if str(k).lower() == wanted and v is not None)
    return values


def _classes(element: dict[str, Any]) -> set[str]:
    classes = {str(c) for c in element.get("classes") or [] if isinstance(c, str)}
    for value in attribute_values(element, "class"):
        classes.update(value.split())
    return classes


def _part_matches(part: re.Match[str], element: dict[str, Any]) -> bool:
    if part.group(1):
        return part.group(1) in attribute_values(element, "id")
    if part.group(2):
        return part.group(2) in _classes(element)
    name, value = part.group(3), part.group(4)
    actual = attribute_values(element, name)
    if name.lower() == "class" and element.get("classes"):
        actual.append(" ".join(str(c) for c in element["classes"]))
    if value is None:
        return bool(actual)
    wanted = value.strip("\"'")
    if name.lower() in CASELESS_VALUES:
        return wanted.lower() in {a.lower() for a in actual}
    return wanted in actual


def _types(element: dict[str, Any]) -> set[str]:
    return {t.lower() for t in attribute_values(element, "type")}


def is_password(element: dict[str, Any]) -> bool:
    """An input whose type is password in any letter case, as a property or an attribute."""
    return str(element.get("tag", "")).lower() == "input" and "password" in _types(element)


def is_submit(element: dict[str, Any]) -> bool:
    """A control that submits its form: a button of no type, of type submit or of an
    invalid type (HTML's default), an input of type submit or image, in any letter case."""
    tag, types = str(element.get("tag", "")).lower(), _types(element)
    if tag == "button":
        return not types or not types <= {"button", "reset"}
    return tag == "input" and bool(types & {"submit", "image"})


Lineage = tuple[dict[str, Any], ...]


def walk(elements: Any, ancestors: Lineage = ()) -> Iterator[tuple[dict[str, Any], Lineage]]:
    """Every element of a page, depth first, with its ancestors (a target whose page model
    nests ``children``: masking and disabling pass down to them, as in HTML)."""
    for element in elements if isinstance(elements, list) else []:
        if isinstance(element, dict):
            yield element, ancestors
            yield from walk(element.get("children"), (*ancestors, element))


@dataclass
class Restrictions:
    """The configured selectors in force at one point of the log (control API requests)."""

    masks: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)

    def mask_rule(self, element: dict[str, Any], ancestors: Lineage = ()) -> str | None:
        """The rule that hides an element (or an ancestor, hiding its children) from the
        agent: passwords by default (GE-002-51), configured selectors (GE-002-48); None
        when the agent may read it."""
        lineage = (*ancestors, element)
        if any(is_password(e) for e in lineage):
            return "GE-002-51"
        if any(selector_matches(s, e) for e in lineage for s in self.masks):
            return "GE-002-48"
        return None

    def disabled_rule(self, element: dict[str, Any], ancestors: Lineage = ()
                      ) -> tuple[str, ...] | None:
        """The rules that make a click of the agent do nothing: on a Submit control or
        inside one (GE-002-53/54), on an element a configured selector disables (GE-002-52)."""
        lineage = (*ancestors, element)
        if any(is_submit(e) for e in lineage):
            return ("GE-002-53", "GE-002-54")
        if any(selector_matches(s, e) for e in lineage for s in self.disabled):
            return ("GE-002-52",)
        return None


def restrictions_at(log: Log, seq: int) -> Restrictions:
    """The masking and disabled selectors configured before entry ``seq``."""
    current = Restrictions()
    for entry in log.entries[:seq]:
        if (isinstance(entry, HttpEntry) and entry.channel == "control" and entry.method == "PUT"
                and entry.path == "/control/config" and 200 <= entry.status < 300
                and isinstance(entry.request, dict)):
            part = entry.request.get(PROFILE)
            if isinstance(part, dict):
                if isinstance(part.get("maskSelectors"), list):
                    current.masks = [str(s) for s in part["maskSelectors"]]
                if isinstance(part.get("disabledSelectors"), list):
                    current.disabled = [str(s) for s in part["disabledSelectors"]]
    return current


def setting_at(log: Log, seq: int, key: str) -> tuple[Any, int | None]:
    """A configured setting in force before ``seq`` and the entry that set it (None, None
    when the scenario never set it: the sources give no defaults for the timeouts)."""
    value: Any = None
    at: int | None = None
    for entry in log.entries[:seq]:
        if (isinstance(entry, HttpEntry) and entry.channel == "control" and entry.method == "PUT"
                and entry.path == "/control/config" and 200 <= entry.status < 300
                and isinstance(entry.request, dict)):
            part = entry.request.get(PROFILE)
            if isinstance(part, dict) and key in part:
                value, at = part[key], entry.seq
    return value, at


@dataclass
class PageState:
    """The customer's page in a session as the log shows it: the latest snapshot shared,
    the values typed since, navigations. ``elements`` holds nested children too, each with
    its ancestors in ``ancestors``."""

    url: str | None = None
    title: str | None = None
    elements: dict[str, dict[str, Any]] = field(default_factory=dict)
    shared_at: int = -1
    navigated_at: int = -1
    ancestors: dict[str, Lineage] = field(default_factory=dict)


def pages(log: Log) -> dict[str, list[tuple[int, PageState]]]:
    """Per session (history ID): the page state after every change, in order."""
    result: dict[str, list[tuple[int, PageState]]] = {}
    current: dict[str, PageState] = {}
    for ex in log.exchanges:
        if not ex.ok or ex.op not in ("page", "act"):
            continue
        facts = log.session_of(ex)
        if facts is None:
            continue
        state = current.get(facts.history_id)
        if ex.op == "page":
            tree = list(walk(ex.body.get("elements")))
            state = PageState(str(ex.body.get("url")), str(ex.body.get("title", "")),
                              {str(e.get("id")): dict(e) for e, _ in tree}, ex.seq, -1,
                              {str(e.get("id")): a for e, a in tree})
        elif state is not None and ex.resp.get("performed") is True:
            state = PageState(state.url, state.title, dict(state.elements), state.shared_at,
                              state.navigated_at, state.ancestors)
            kind = ex.body.get("type")
            element = state.elements.get(str(ex.body.get("elementId")))
            if kind == "type" and element is not None:
                state.elements[element["id"]] = {**element, "value": ex.body.get("text", "")}
            elif kind == "navigate":
                state.url, state.navigated_at = str(ex.body.get("url")), ex.seq
        else:
            continue
        current[facts.history_id] = state
        result.setdefault(facts.history_id, []).append((ex.seq, state))
    return result


def page_at(history: list[tuple[int, PageState]], seq: int) -> PageState | None:
    state = None
    for at, page in history:
        if at < seq:
            state = page
    return state


def mode_readings(log: Log) -> Iterator[tuple[Ex, SessionFacts, str]]:
    """Every report of a session's mode: session resources and both parties' views."""
    for ex in log.exchanges:
        if not ex.ok or not isinstance(ex.resp.get("mode"), str):
            continue
        if ex.op == "view" or ("historyId" in ex.resp and _SESSION_ROUTES.fullmatch(ex.entry.path)):
            facts = log.session_of(ex)
            if facts is not None:
                yield ex, facts, str(ex.resp["mode"])


def observed_mode(log: Log, facts: SessionFacts, seq: int) -> str:
    """The mode the target last reported for a session before ``seq`` (Pointer Mode until
    it reports otherwise: every session starts there, GE-002-36)."""
    mode = "pointer"
    for ex, session, reported in mode_readings(log):
        if ex.seq >= seq:
            break
        if session is facts:
            mode = reported
    return mode


def last_feed(log: Log, iid: str, role: str, after_seq: int
              ) -> list[tuple[Ex, list[dict[str, Any]]]]:
    """The last complete reading of a party's feed after ``after_seq`` (none if never read):
    what was delivered late is delivered all the same."""
    readings = list(feed_events(log, iid, role, after_seq))
    return readings[-1:]


def feed_events(log: Log, iid: str, role: str, after_seq: int
                ) -> Iterator[tuple[Ex, list[dict[str, Any]]]]:
    """A party's complete event feed of an interaction, as read after ``after_seq``."""
    for ex in log.exchanges:
        if (ex.op == "events" and ex.ok and ex.seq > after_seq and ex.params.get("iid") == iid
                and ex.role == role and ex.entry.query.get("after", "0") == "0"):
            events = ex.resp.get("events")
            if isinstance(events, list):
                yield ex, [e for e in events if isinstance(e, dict)]


# -- identifiers -------------------------------------------------------------------------
@oracle(PROFILE, "GE-002-08")
def live_session_ids_are_nine_digits(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every live session, on every reading and every route, carries a nine-digit ID."""
    for entry, session in session_readings(entries):
        if session.get("state") in ("idle", "active"):
            sid = session.get("sessionId")
            if not (isinstance(sid, str) and NINE_DIGITS.match(sid)):
                yield finding("GE-002-08", f"{pointer(entry)} returned a live session whose "
                              f"ID {sid!r} is not nine digits", entry, observed=session)


@oracle(PROFILE, "GE-002-07")
def session_ids_track_one_session(entries: Sequence[Entry]) -> Iterable[Finding]:
    """A live session's nine-digit ID tracks it: unique among live sessions, the same on
    every reading of the session, and a look-up by it finds that session while it is live.

    Silent: whether an ended session's ID may be given to a later session (only live
    sessions need unique IDs); a look-up is expected to succeed only when nothing since the
    last reading showing the session live (no clock move, no end) could have ended it.
    """
    log = parsed(entries)
    # What may have ended a session without a reading saying so: its interaction's end
    # (the session ends with it) and any clock move (a timeout).
    interaction_ends = {ex.params.get("iid"): ex.seq for ex in log.exchanges
                        if ex.op == "end" and ex.ok}
    clock_moves = [e.seq for e in entries if isinstance(e, ClockEntry)]

    def maybe_ended(facts: SessionFacts, before: int) -> bool:
        if facts.ended_seen is not None and facts.ended_seen.seq < before:
            return True
        ended = interaction_ends.get(facts.interaction_id)
        return (ended is not None and facts.started.seq < ended < before) or any(
            facts.started.seq < seq < before for seq in clock_moves)

    for entry, session in session_readings(entries):
        facts = log.sessions.get(str(session.get("historyId")))
        if facts is None:
            continue
        if session.get("sessionId") != facts.token and session.get("state") in LIVE:
            yield finding("GE-002-07", f"{pointer(entry)} reports live session "
                          f"{facts.history_id} as {session.get('sessionId')!r}, but it was "
                          f"started as {facts.token!r}", entry, facts.started.entry,
                          observed=session)
    for facts in log.sessions.values():
        for other in log.sessions.values():
            if other is facts or other.token != facts.token:
                continue
            if other.started.seq > facts.started.seq and not maybe_ended(
                    facts, other.started.seq):
                yield finding("GE-002-07", f"session {other.history_id} was given the ID "
                              f"{other.token} of session {facts.history_id}, still live",
                              other.started.entry, facts.started.entry)
    last_live: dict[str, Ex] = {}
    for ex in log.exchanges:
        facts = log.session_of(ex)
        if facts is None:
            continue
        if ex.ok and ex.resp.get("state") in LIVE and ex.resp.get("historyId") == facts.history_id:
            last_live[facts.history_id] = ex
        if ex.op != "session":
            continue
        if ex.ok and ex.resp.get("historyId") not in (None, facts.history_id) and (
                facts.ended_seen is None or facts.ended_seen.seq > ex.seq):
            yield finding("GE-002-07", f"{pointer(ex.entry)} found session "
                          f"{ex.resp.get('historyId')}, not the live session "
                          f"{facts.history_id} with that ID", ex.entry, observed=ex.resp)
        before = last_live.get(facts.history_id)
        if (not ex.ok and 400 <= ex.entry.status < 500 and before is not None
                and (facts.ended_seen is None or facts.ended_seen.seq > ex.seq)
                and log.elapsed_max(before.entry, ex.entry) < 1.0
                and not any(e.op in ("exit", "end") and e.seq > before.seq and e.seq < ex.seq
                            for e in log.exchanges)):
            yield finding("GE-002-07", f"{pointer(ex.entry)} did not find the live session "
                          f"{facts.history_id} by its ID ({ex.entry.status})", ex.entry,
                          before.entry, observed=ex.entry.response)


@oracle(PROFILE, "GE-002-34")
def new_session_gets_new_id(entries: Sequence[Entry]) -> Iterable[Finding]:
    """A session started after an earlier one of the same interaction ended has a new
    nine-digit ID and a new permanent ID (no earlier session's of that interaction)."""
    log = parsed(entries)
    for facts in log.sessions.values():
        for earlier in log.sessions.values():
            if (earlier is facts or earlier.interaction_id != facts.interaction_id
                    or earlier.started.seq > facts.started.seq):
                continue
            if earlier.token == facts.token:
                yield finding("GE-002-34", f"the new session {facts.history_id} reuses the ID "
                              f"{facts.token} of the interaction's earlier session",
                              facts.started.entry, earlier.started.entry,
                              observed=facts.started.resp)


# -- initiation ------------------------------------------------------------------------------
@oracle(PROFILE, "GE-002-10", "GE-002-11", "GE-002-13")
def only_customers_on_live_interactions_start(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Only the customer starts a session (an agent's start is refused), and only while the
    primary interaction is live (every start after its end is refused)."""
    log = parsed(entries)
    ended: dict[str, HttpEntry] = {}
    for ex in log.exchanges:
        if ex.ok and ex.op in ("end", "interaction") and ex.resp.get("state") == "ended":
            ended.setdefault(str(ex.resp.get("interactionId")), ex.entry)
        if ex.op != "start" or not ex.ok:
            continue
        if ex.role != "customer":
            yield finding(("GE-002-10", "GE-002-11"), f"{pointer(ex.entry)} let the {ex.role} "
                          "start a co-browse session", ex.entry, observed=ex.resp)
        iid = ex.params.get("iid", "")
        if iid in ended:
            yield finding("GE-002-13", f"{pointer(ex.entry)} started a session on an "
                          "interaction that had ended", ex.entry, ended[iid], observed=ex.resp)


@oracle(PROFILE, "GE-000-01")
def no_interaction_of_its_own(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Co-browse has no interaction type of its own: every interaction a party can list is a
    primary chat or voice interaction the scenario created, and every session belongs to
    one of them."""
    log = parsed(entries)
    for ex in log.exchanges:
        if ex.op == "list" and ex.ok:
            for item in ex.resp.get("interactions") or []:
                iid = item.get("interactionId") if isinstance(item, dict) else None
                media = item.get("media") if isinstance(item, dict) else None
                if iid not in log.created or media not in ("chat", "voice"):
                    yield finding("GE-000-01", f"{pointer(ex.entry)} lists interaction "
                                  f"{iid!r} ({media!r}), which is no primary chat or voice "
                                  "interaction", ex.entry, observed=item)
    for facts in log.sessions.values():
        if facts.interaction_id not in log.created:
            continue
        for entry, session in session_readings(entries):
            if (session.get("historyId") == facts.history_id
                    and session.get("interactionId") not in (None, facts.interaction_id)):
                yield finding("GE-000-01", f"{pointer(entry)} puts the session on interaction "
                              f"{session.get('interactionId')!r}, not its primary "
                              "interaction", entry, facts.started.entry, observed=session)


# -- attached data: value domains ----------------------------------------------------------
def _domain_problem(key: str, value: Any) -> tuple[str, str] | None:
    """(rule, what is wrong) when an attached value breaks its key's documented type."""
    text = isinstance(value, str)
    if key == "source":
        if not text:
            return "GE-000-08", "must be a String"
        if value not in ("web", "mobile"):
            return "GE-000-09", "must be web or mobile"
    elif key in ("referrer", "url", "pageTitle"):
        if not text:
            return BROWSER_KEY_RULES[key][0], "must be a String"
    elif key == "CoBrowseAssociated":
        if value not in ("Yes", "No"):
            return "GE-000-17", "must be the String Yes or No"
    elif key == "CoBrowseSessionsQuantity":
        if _int(value) is None or value < 1:
            return "GE-000-21", "must be a positive Integer"
    elif key == "CoBrowseSessionId":
        if not (text and value):
            return "GE-000-23", "must be a non-empty String"
    elif key == "CoBrowseStartTime":
        if not (text and EPOCH_MS.match(value)):
            return "GE-000-24", "must be an epoch time in milliseconds, as a String"
    elif key == "CoBrowseDuration":
        if _int(value) is None or value < 0:
            return "GE-000-37", "must be an Integer number of seconds"
    elif key == "CoBrowseEndTime":
        if not (text and EPOCH_MS.match(value)):
            return "GE-000-40", "must be an epoch time in milliseconds, as a String"
    elif key == "IsCoBrowseDenied" and value not in ("Yes", "No"):
        return "GE-000-26", "must be the String Yes or No"
    return None


@oracle(PROFILE, "GE-000-08", "GE-000-09", "GE-000-11", "GE-000-14", "GE-000-16", "GE-000-17",
        "GE-000-21", "GE-000-23", "GE-000-24", "GE-000-26", "GE-000-37", "GE-000-40")
def attached_values_have_their_types(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every attached key of every interaction reading has its documented type and values,
    charged to that key's own rule."""
    log = parsed(entries)
    for ex, interaction in log.interactions():
        attached = interaction.get("attachedData")
        if not isinstance(attached, dict):
            continue
        for key, value in attached.items():
            problem = _domain_problem(key, value)
            if problem is not None:
                rule, what = problem
                yield finding(rule, f"{pointer(ex.entry)}: attached {key} = {value!r} {what}",
                              ex.entry, observed=attached)


@oracle(PROFILE, "GE-000-04", "GE-000-07", "GE-000-08", "GE-000-11", "GE-000-13", "GE-000-14",
        "GE-000-15", "GE-000-16")
def browser_data_kept(entries: Sequence[Entry]) -> Iterable[Finding]:
    """What the browser attached at creation stays, on every later reading of the
    interaction (after joins, exits, timeouts, further sessions): the same value, or for
    referrer and url a non-empty prefix of it ("might be shortened") that then stays the
    same; a browser key the browser did not attach is never added (GE-000-04)."""
    log = parsed(entries)
    first: dict[tuple[str, str], Any] = {}
    for ex, interaction in log.interactions():
        iid = str(interaction.get("interactionId"))
        creation = log.created.get(iid)
        attached = interaction.get("attachedData")
        if creation is None or not isinstance(attached, dict):
            continue
        written = creation.body.get("attachedData")
        written = written if isinstance(written, dict) else {}
        for key, value in written.items():
            if key in PLUGIN_KEYS:
                continue
            rules = BROWSER_KEY_RULES.get(key, ("GE-000-07",))
            actual = attached.get(key)
            good = actual == value or (key in SHORTENED and isinstance(actual, str)
                                       and bool(actual) and str(value).startswith(actual))
            seen = first.setdefault((iid, key), actual)
            if not good:
                yield finding(rules, f"{pointer(ex.entry)}: attached {key} is {actual!r}; the "
                              f"browser attached {value!r} at creation", ex.entry,
                              creation.entry, observed=attached)
            elif actual != seen:
                yield finding(rules, f"{pointer(ex.entry)}: attached {key} changed from "
                              f"{seen!r} to {actual!r}", ex.entry, creation.entry,
                              observed=attached)
        for key in BROWSER_KEY_RULES:
            if key not in written and key in attached:
                yield finding("GE-000-04", f"{pointer(ex.entry)}: {key} = {attached[key]!r} "
                              "was attached although the browser did not attach it", ex.entry,
                              creation.entry, observed=attached)


# -- attached data: the plug-in's keys over the sessions of an interaction -----------------
@dataclass
class Step:
    """One event in the life of an interaction's co-browse data, in log order."""

    seq: int
    iid: str
    kind: str  # start | join | refused | agent-exit | end | clock | reading
    ex: Ex | None = None
    facts: SessionFacts | None = None
    attached: dict[str, Any] | None = None


def interaction_steps(log: Log) -> dict[str, list[Step]]:
    """Per interaction: its sessions' starts, joins, refused joins, ends, the clock moves
    (which may end sessions by timeout) and every reading of its attached data."""
    steps: dict[str, list[Step]] = {}
    by_seq = {ex.seq: ex for ex in log.exchanges}
    for entry in log.entries:
        if isinstance(entry, ClockEntry):
            for known, moved in steps.items():
                moved.append(Step(entry.seq, known, "clock"))
            continue
        ex = by_seq.get(entry.seq)
        if ex is None:
            continue
        facts = log.session_of(ex)
        iid = facts.interaction_id if facts else ex.params.get("iid", "")
        if iid:
            history = steps.setdefault(iid, [])
            if ex.op == "start" and ex.ok and facts is not None:
                history.append(Step(ex.seq, iid, "start", ex, facts))
            elif ex.op == "join" and facts is not None:
                if ex.ok and ex.resp.get("state") == "active":
                    history.append(Step(ex.seq, iid, "join", ex, facts))
                elif (400 <= ex.entry.status < 500
                      and (facts.joined is None or facts.joined.seq > ex.seq)
                      and (facts.ended_seen is None or facts.ended_seen.seq > ex.seq)
                      and ex.body.get("agentId") == _agent_of(log, facts.interaction_id)):
                    history.append(Step(ex.seq, iid, "refused", ex, facts))
            elif ex.op == "exit" and ex.ok and ex.resp.get("state") == "ended" and facts:
                kind = "agent-exit" if ex.role == "agent" else "end"
                history.append(Step(ex.seq, iid, kind, ex, facts))
            elif ex.op == "end" and ex.ok:
                history.append(Step(ex.seq, iid, "end", ex))
        if not ex.ok:
            continue
        items = [ex.resp] if ex.op in ("create", "interaction", "end") else (
            [i for i in ex.resp.get("interactions") or [] if isinstance(i, dict)]
            if ex.op == "list" else [])
        for item in items:
            attached = item.get("attachedData")
            if isinstance(attached, dict) and "interactionId" in item:
                key = str(item["interactionId"])
                steps.setdefault(key, []).append(Step(ex.seq, key, "reading", ex, None,
                                                      attached))
    return steps


def _clock_at(step: Step, reported: int | None) -> int | None:
    """When a start or join happened: the target's clock as the harness last read it
    (entries carry it once the scenario read or moved the clock), else the time the target
    reported for it in the session resource."""
    if step.ex is not None and step.ex.entry.target_ms is not None:
        return step.ex.entry.target_ms
    return reported


def _end_clock(facts: SessionFacts) -> int:
    """When a session ended: the target's clock at the exit that ended it, if read, else
    the end the target reported for it."""
    seen = facts.ended_seen
    if facts.ended_by_agent_exit and seen is not None and seen.target_ms is not None:
        return seen.target_ms
    return facts.ended_at or 0


def _agent_of(log: Log, iid: str) -> Any:
    creation = log.created.get(iid)
    if creation is None:
        return None
    return creation.resp.get("agentId", creation.body.get("agentId"))


@oracle(PROFILE, "GE-000-02", "GE-000-30")
def plugin_data_attached_when_agent_joins(entries: Sequence[Entry]) -> Iterable[Finding]:
    """The plug-in's four join keys appear on the primary chat or voice interaction when
    an agent joins, and not before: none while no agent has joined any of its sessions,
    all four on every reading after a join."""
    log = parsed(entries)
    for iid, history in interaction_steps(log).items():
        joined: Step | None = None
        for step in history:
            if step.kind == "join":
                joined = joined or step
            if step.kind != "reading" or step.attached is None or step.ex is None:
                continue
            present = [k for k in JOIN_KEYS if k in step.attached]
            if joined is None and present:
                yield finding("GE-000-30", f"{pointer(step.ex.entry)}: {present} attached "
                              "before any agent joined a session of the interaction",
                              step.ex.entry, observed=step.attached)
            elif joined is not None and joined.ex is not None and len(present) < len(JOIN_KEYS):
                if not any(k.startswith("CoBrowse") for k in step.attached):
                    yield finding("GE-000-02", f"{pointer(step.ex.entry)}: no co-browse data "
                                  f"on primary interaction {iid} although an agent joined "
                                  "its session", step.ex.entry, joined.ex.entry,
                                  observed=step.attached)
                missing = [k for k in JOIN_KEYS if k not in present]
                yield finding("GE-000-30", f"{pointer(step.ex.entry)}: {missing} missing after "
                              "the agent joined", step.ex.entry, joined.ex.entry,
                              observed=step.attached)


@oracle(PROFILE, "GE-000-18", "GE-000-31", "GE-000-19", "GE-000-44", "GE-000-20", "GE-000-36")
def associated_follows_joins_and_exits(entries: Sequence[Entry]) -> Iterable[Finding]:
    """CoBrowseAssociated is Yes on every reading while an agent is in a session of the
    interaction (the first: GE-000-18; later ones: GE-000-19), and No on every reading
    after an agent exit until the next join (GE-000-20).

    Silent: what a customer exit, a timeout or the end of the interaction does to the key
    (the sources name the agent exiting only), and whether a new session sets Yes when the
    customer starts it or when the agent joins it: either value is accepted then.
    """
    log = parsed(entries)
    for history in interaction_steps(log).values():
        expected: str | None = None
        rules: tuple[str, ...] = ()
        since: Step | None = None
        joins = 0
        for step in history:
            if step.kind == "join":
                joins += 1
                expected, since = "Yes", step
                rules = ("GE-000-18", "GE-000-31") if joins == 1 else ("GE-000-19", "GE-000-44")
            elif step.kind == "agent-exit":
                expected, since, rules = "No", step, ("GE-000-20", "GE-000-36")
            elif step.kind in ("start", "end", "clock"):
                if step.kind == "start" and joins == 0:
                    continue
                expected = None
            elif step.kind == "reading" and expected is not None and step.attached is not None:
                value = step.attached.get("CoBrowseAssociated")
                if value != expected and value in ("Yes", "No", None):
                    assert step.ex is not None and since is not None and since.ex is not None
                    yield finding(rules, f"{pointer(step.ex.entry)}: CoBrowseAssociated is "
                                  f"{value!r}, not {expected!r}, after {pointer(since.ex.entry)}",
                                  step.ex.entry, since.ex.entry, observed=step.attached)


@oracle(PROFILE, "GE-000-32", "GE-000-22", "GE-000-45")
def quantity_counts_sessions(entries: Sequence[Entry]) -> Iterable[Finding]:
    """CoBrowseSessionsQuantity is the number of co-browse sessions of the interaction on
    every reading: never down, at least the number of sessions an agent joined, at most
    the number the customer started.

    Silent: whether a session that was started but never joined counts (the reference
    counts only joined sessions): every value between the two counts is accepted.
    """
    log = parsed(entries)
    for history in interaction_steps(log).values():
        starts = joins = 0
        previous: int | None = None
        for step in history:
            if step.kind == "start":
                starts += 1
            elif step.kind == "join":
                joins += 1
            elif step.kind == "reading" and step.attached is not None and step.ex is not None:
                value = _int(step.attached.get("CoBrowseSessionsQuantity"))
                if value is None or joins == 0:
                    continue
                rules = ("GE-000-32",) if joins == 1 else ("GE-000-22", "GE-000-45")
                if not joins <= value <= starts:
                    yield finding(rules, f"{pointer(step.ex.entry)}: CoBrowseSessionsQuantity "
                                  f"is {value} after {joins} joined of {starts} started "
                                  "session(s)", step.ex.entry, observed=step.attached)
                elif previous is not None and value < previous:
                    yield finding(rules, f"{pointer(step.ex.entry)}: CoBrowseSessionsQuantity "
                                  f"went down from {previous} to {value}", step.ex.entry,
                                  observed=step.attached)
                previous = value


@oracle(PROFILE, "GE-000-33", "GE-000-46")
def session_id_is_the_latest_sessions(entries: Sequence[Entry]) -> Iterable[Finding]:
    """CoBrowseSessionId identifies the session the agent joined last, on every reading
    until the next join (first session: GE-000-33; later ones: GE-000-46).

    Silent: whether it carries the nine-digit live ID or a permanent ID (see the catalogue
    note of GE-000-23): either of the session's own IDs is accepted; and whether a new
    session replaces it when the customer starts it or when the agent joins it.
    """
    log = parsed(entries)
    for history in interaction_steps(log).values():
        accepted: set[Any] = set()
        rules: tuple[str, ...] = ()
        since: Step | None = None
        joins = 0
        for step in history:
            if step.kind == "join" and step.facts is not None:
                joins += 1
                accepted = {step.facts.history_id, step.facts.token}
                rules = ("GE-000-33",) if joins == 1 else ("GE-000-46",)
                since = step
            elif step.kind == "start" and step.facts is not None and joins:
                accepted |= {step.facts.history_id, step.facts.token}
            elif step.kind == "reading" and joins and step.attached is not None:
                value = step.attached.get("CoBrowseSessionId")
                if value not in accepted:
                    assert step.ex is not None and since is not None and since.ex is not None
                    yield finding(rules, f"{pointer(step.ex.entry)}: CoBrowseSessionId is "
                                  f"{value!r}, not an ID of the session joined at "
                                  f"{pointer(since.ex.entry)} ({sorted(map(str, accepted))})",
                                  step.ex.entry, since.ex.entry, observed=step.attached)


@oracle(PROFILE, "GE-000-25", "GE-000-34")
def start_time_is_first_sessions(entries: Sequence[Entry]) -> Iterable[Finding]:
    """CoBrowseStartTime never changes once attached (GE-000-25) and is the start of the
    interaction's first session (GE-000-34): between the customer starting it and the
    agent joining it, on the target's own clock as the control API reads it, or else as the
    session resource reports it (one second's tolerance).

    Silent: whether the "start" is the customer's request or the agent joining, and
    whether a first session nobody joined counts as the first: any instant from the first
    session's start to the first join is accepted.
    """
    log = parsed(entries)
    for history in interaction_steps(log).values():
        first_start: int | None = None
        first_join: int | None = None
        seen: tuple[str, Step] | None = None
        for step in history:
            if step.kind == "start" and step.facts is not None and first_start is None:
                first_start = _clock_at(step, step.facts.created_at)
            elif step.kind == "join" and step.facts is not None and first_join is None:
                first_join = _clock_at(step, step.facts.activated_at)
            elif step.kind == "reading" and step.attached is not None and step.ex is not None:
                value = step.attached.get("CoBrowseStartTime")
                if not (isinstance(value, str) and EPOCH_MS.match(value)):
                    continue
                if seen is not None and value != seen[0]:
                    assert seen[1].ex is not None
                    yield finding("GE-000-25", f"{pointer(step.ex.entry)}: CoBrowseStartTime "
                                  f"changed from {seen[0]} to {value}", step.ex.entry,
                                  seen[1].ex.entry, observed=step.attached)
                seen = seen or (value, step)
                if first_start is not None and first_join is not None and not (
                        first_start - TOLERANCE_MS <= int(value) <= first_join + TOLERANCE_MS):
                    yield finding("GE-000-34", f"{pointer(step.ex.entry)}: CoBrowseStartTime "
                                  f"{value} is not the first session's start (between "
                                  f"{first_start} and {first_join})", step.ex.entry,
                                  observed=step.attached)


@oracle(PROFILE, "GE-000-37", "GE-000-38", "GE-000-41")
def end_time_and_duration_follow_exits(entries: Sequence[Entry]) -> Iterable[Finding]:
    """After an agent exit, CoBrowseEndTime is the end of the last session (GE-000-41)
    and CoBrowseDuration the sum of the sessions' durations in seconds (GE-000-38; more
    than all of them lasted is no duration in seconds either: GE-000-37), on every reading,
    with the target's own session times (one second's rounding each).

    Silent: whether sessions that ended otherwise (customer exit, timeout, interaction
    end) update the two keys, and whether a session's duration counts from the customer's
    start or the agent's join: every combination is accepted. Readings taken while a
    session may have ended unobserved (a timeout or an interaction end nobody has read
    yet) are not judged.
    """
    log = parsed(entries)
    for iid, history in interaction_steps(log).items():
        for step in history:
            if step.kind != "reading" or step.attached is None or step.ex is None:
                continue
            reading = step.ex.entry
            joined = [s for s in log.sessions.values() if s.interaction_id == iid
                      and s.joined is not None and s.joined.seq < reading.seq]
            ended = [s for s in joined if s.ended_seen is not None
                     and s.ended_seen.seq < reading.seq and s.ended_at is not None]
            if any(s not in ended and s.ended_seen is not None and s.joined is not None
                   and any(x.kind in ("clock", "end") and s.joined.seq < x.seq <= reading.seq
                           for x in history) for s in joined):
                continue
            exits = [s for s in ended if s.ended_by_agent_exit]
            if not exits:
                continue
            last_exit = max(s.ended_at or 0 for s in exits)
            candidates = sorted(_end_clock(s) for s in ended
                                if s.ended_at is not None and s.ended_at >= last_exit)
            value = step.attached.get("CoBrowseEndTime")
            if isinstance(value, str) and EPOCH_MS.match(value) and not any(
                    abs(int(value) - c) <= TOLERANCE_MS for c in candidates):
                yield finding("GE-000-41", f"{pointer(reading)}: CoBrowseEndTime {value} is "
                              f"not the end of the last session ({candidates})", reading,
                              observed=step.attached)
            duration = _int(step.attached.get("CoBrowseDuration"))
            if duration is not None:
                low = sum((s.ended_at or 0) - (s.activated_at or 0) for s in exits) / 1000
                high = sum((s.ended_at or 0) - (s.created_at or s.activated_at or 0)
                           for s in ended) / 1000
                slack = len(ended)
                if not low - slack <= duration <= high + slack:
                    rules = ("GE-000-37", "GE-000-38") if duration > high else ("GE-000-38",)
                    yield finding(rules, f"{pointer(reading)}: CoBrowseDuration is "
                                  f"{duration} s; the sessions so far add up to between "
                                  f"{low:g} and {high:g} s", reading, observed=step.attached)


@oracle(PROFILE, "GE-000-27", "GE-000-48", "GE-000-28", "GE-000-49", "GE-000-29", "GE-000-50")
def denied_flag_follows_refusals(entries: Sequence[Entry]) -> Iterable[Finding]:
    """IsCoBrowseDenied on every reading: Yes after a refused join (GE-000-27/48); after an
    allowed join No if it was attached (GE-000-28/49) and absent if it was absent
    (GE-000-29/50). A join counts as refused when the interaction's own agent is refused a
    live session nobody has joined (the per-agent limit is the only reason the sources give).
    """
    log = parsed(entries)
    for history in interaction_steps(log).values():
        expected: str | None = None
        rules: tuple[str, ...] = ()
        since: Step | None = None
        for step in history:
            if step.kind == "refused":
                expected, rules, since = "Yes", ("GE-000-27", "GE-000-48"), step
            elif step.kind == "join":
                if expected in ("Yes", "No"):
                    expected, rules = "No", ("GE-000-28", "GE-000-49")
                else:
                    expected, rules = None, ("GE-000-29", "GE-000-50")
                since = step
            elif step.kind == "reading" and step.attached is not None and step.ex is not None:
                value = step.attached.get("IsCoBrowseDenied")
                if value not in ("Yes", "No", None):
                    continue
                if since is not None and value != expected and since.ex is not None:
                    yield finding(rules, f"{pointer(step.ex.entry)}: IsCoBrowseDenied is "
                                  f"{value!r}, expected {expected!r} after "
                                  f"{pointer(since.ex.entry)} ({since.ex.entry.status})",
                                  step.ex.entry, since.ex.entry, observed=step.attached)
                expected, since = value, None


# -- the life of a session -----------------------------------------------------------------
@oracle(PROFILE, "GE-002-02", "GE-002-03", "GE-002-25", "GE-002-26", "GE-002-30", "GE-002-33")
def session_states_move_forward(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every session is idle from its start until an agent joins (GE-002-02), active from
    then on, ended once a party's exit succeeded (GE-002-03) or its primary interaction
    ended (GE-002-30), and never live again after a reading showed it ended (GE-002-33)."""
    log = parsed(entries)
    ended_interactions: dict[str, HttpEntry] = {}
    state: dict[str, tuple[str, HttpEntry]] = {}
    for ex in log.exchanges:
        if ex.ok and ex.op == "end":
            ended_interactions.setdefault(str(ex.params.get("iid")), ex.entry)
        if not ex.ok or "historyId" not in ex.resp or not _SESSION_ROUTES.fullmatch(ex.entry.path):
            continue
        facts = log.sessions.get(str(ex.resp["historyId"]))
        if facts is None:
            continue
        now = ex.resp.get("state")
        before = state.get(facts.history_id)
        joined = facts.joined is not None and facts.joined.seq <= ex.seq
        if ex.op in ("start",) and now != "idle":
            yield finding("GE-002-02", f"{pointer(ex.entry)}: a new session is {now!r}, not "
                          "idle", ex.entry, observed=ex.resp)
        elif ex.op == "join" and now != "active":
            yield finding("GE-002-02", f"{pointer(ex.entry)}: the session is {now!r} after the "
                          "agent joined", ex.entry, observed=ex.resp)
        elif now == "active" and not joined:
            yield finding("GE-002-02", f"{pointer(ex.entry)}: the session is active before "
                          "any agent joined it", ex.entry, observed=ex.resp)
        elif now == "idle" and joined:
            yield finding("GE-002-02", f"{pointer(ex.entry)}: the session is idle again after "
                          "the agent joined", ex.entry, facts.joined.entry if facts.joined
                          else None, observed=ex.resp)
        if ex.op == "exit" and now != "ended":
            yield finding(("GE-002-03", "GE-002-25", "GE-002-26"),
                          f"{pointer(ex.entry)}: the {ex.role}'s exit succeeded but the "
                          f"session is {now!r}", ex.entry, observed=ex.resp)
        if before is not None and before[0] == "ended" and now in LIVE:
            yield finding("GE-002-33", f"{pointer(ex.entry)}: the session is {now!r} again "
                          "after it ended", ex.entry, before[1], observed=ex.resp)
        end = ended_interactions.get(facts.interaction_id)
        if end is not None and end.seq < ex.seq and now in LIVE and facts.started.seq < end.seq:
            yield finding("GE-002-30", f"{pointer(ex.entry)}: the session is still {now!r} "
                          "after its primary interaction ended", ex.entry, end,
                          observed=ex.resp)
        if now in LIVE or now == "ended":
            state[facts.history_id] = (str(now), ex.entry)


@oracle(PROFILE, "GE-002-04", "GE-002-05", "GE-002-09", "GE-002-29")
def ended_sessions_stay_ended(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Once a session is seen ended, nothing reaches it any more by its nine-digit ID: no
    join succeeds (GE-002-04/05), no look-up finds it (GE-002-09), and the agent gets no
    view of the customer's page through it (GE-002-29).

    Silent: whether the ID may later be given to a new live session (then answers about
    that new session are no violation).
    """
    log = parsed(entries)
    for ex in log.exchanges:
        if not ex.ok or ex.op not in ("join", "session", "view"):
            continue
        token = ex.params.get("token")
        ended = [s for s in log.sessions.values() if s.token == token
                 and s.ended_seen is not None and s.ended_seen.seq < ex.seq]
        if not ended:
            continue
        dead = ended[-1]
        assert dead.ended_seen is not None
        reused = any(s.token == token and s.started.seq > dead.ended_seen.seq
                     and s.started.seq < ex.seq for s in log.sessions.values())
        same = ex.resp.get("historyId") == dead.history_id
        if ex.op == "join" and (same or not reused):
            yield finding(("GE-002-04", "GE-002-05"), f"{pointer(ex.entry)}: an ended session "
                          "was joined again", ex.entry, dead.ended_seen, observed=ex.resp)
        elif ex.op == "session" and (same or not reused):
            yield finding("GE-002-09", f"{pointer(ex.entry)}: the ID of an ended session still "
                          "finds it", ex.entry, dead.ended_seen, observed=ex.resp)
        elif ex.op == "view" and ex.role == "agent" and not reused and isinstance(
                ex.resp.get("page"), dict):
            yield finding("GE-002-29", f"{pointer(ex.entry)}: the agent still gets a view after "
                          "the session ended", ex.entry, dead.ended_seen, observed=ex.resp)


@oracle(PROFILE, "GE-002-31", "GE-002-32")
def timeouts_end_sessions_on_time(entries: Sequence[Entry]) -> Iterable[Finding]:
    """With a configured inactivity timeout, a session is never read live once that long
    has passed since anything touched it (GE-002-31), and never ends for inactivity before
    that long has passed since its last action; likewise for the agent's time away from
    the session page (GE-002-32), counted from the agent's last leaving.

    Silent: what counts as activity (any request about the session or its interaction is
    taken as activity before saying it must have ended; only a party's successful action
    before saying it ended too early) and the default timeouts (only configured ones are
    judged); one second of grace before a due session must be read ended.
    """
    log = parsed(entries)
    for facts in log.sessions.values():
        touched = mutated = facts.started.entry
        away: HttpEntry | None = None
        for ex in log.exchanges:
            if ex.seq <= facts.started.seq:
                continue
            mine = log.session_of(ex) is facts
            about = mine or ex.params.get("iid") == facts.interaction_id
            if mine and ex.op not in ("session", "history", "view", "events", "interaction"):
                if ex.ok:
                    mutated = ex.entry
                if ex.op == "presence" and ex.ok:
                    # Counted from the first leaving since the agent last returned.
                    away = (away or ex.entry) if ex.body.get("present") is False else None
            reading = (ex.ok and ex.resp.get("historyId") == facts.history_id
                       and _SESSION_ROUTES.fullmatch(ex.entry.path) is not None)
            if reading:
                yield from _judge_timeouts(log, facts, ex, touched, mutated, away)
                if ex.resp.get("state") == "ended":
                    break
            if about:
                touched = ex.entry


def _judge_timeouts(log: Log, facts: SessionFacts, ex: Ex, touched: HttpEntry,
                    mutated: HttpEntry, away: HttpEntry | None) -> Iterator[Finding]:
    inactivity, set_at = setting_at(log, ex.seq, "inactivityTimeoutSeconds")
    away_limit, away_set = setting_at(log, ex.seq, "agentAwayTimeoutSeconds")
    state, reason = ex.resp.get("state"), ex.resp.get("endReason")
    if isinstance(inactivity, int | float) and (set_at or 0) < facts.started.seq:
        if state in LIVE and log.elapsed_min(touched, ex.entry) >= inactivity + TIMEOUT_GRACE:
            yield finding("GE-002-31", f"{pointer(ex.entry)}: the session is still {state} "
                          f"{log.elapsed_min(touched, ex.entry):g} s after it was last "
                          f"touched; the inactivity timeout is {inactivity:g} s", ex.entry,
                          touched, observed=ex.resp)
        if reason == "inactivity-timeout" and log.elapsed_max(mutated, ex.entry) < inactivity:
            yield finding("GE-002-31", f"{pointer(ex.entry)}: the session ended for inactivity "
                          f"at most {log.elapsed_max(mutated, ex.entry):g} s after its last "
                          f"action; the timeout is {inactivity:g} s", ex.entry, mutated,
                          observed=ex.resp)
    if isinstance(away_limit, int | float) and (away_set or 0) < facts.started.seq:
        if (state in LIVE and away is not None
                and log.elapsed_min(away, ex.entry) >= away_limit + TIMEOUT_GRACE):
            yield finding("GE-002-32", f"{pointer(ex.entry)}: the session is still {state} "
                          f"{log.elapsed_min(away, ex.entry):g} s after the agent left the "
                          f"session page; the timeout is {away_limit:g} s", ex.entry, away,
                          observed=ex.resp)
        if reason == "agent-away-timeout" and (
                away is None or log.elapsed_max(away, ex.entry) < away_limit):
            yield finding("GE-002-32", f"{pointer(ex.entry)}: the session ended because the "
                          "agent stayed away, before the timeout since the agent last left "
                          "ran out", ex.entry, away, observed=ex.resp)


@oracle(PROFILE, "GE-002-28")
def other_party_notified_of_exit(entries: Sequence[Entry]) -> Iterable[Finding]:
    """After a party's exit ended a session, the other party's event feed, as last read,
    announces that the session ended (by its nine-digit or permanent ID)."""
    log = parsed(entries)
    for ex in log.exchanges:
        if ex.op != "exit" or not ex.ok or ex.resp.get("state") != "ended":
            continue
        facts = log.session_of(ex)
        if facts is None or ex.role not in ("customer", "agent"):
            continue
        other = "agent" if ex.role == "customer" else "customer"
        for reading, events in last_feed(log, facts.interaction_id, other, ex.seq):
            if not any(e.get("type") == "session-ended" and (
                    e.get("historyId") == facts.history_id or e.get("sessionId") == facts.token)
                    for e in events):
                yield finding("GE-002-28", f"{pointer(reading.entry)}: the {other} is not told "
                              f"that the {ex.role} ended session {facts.token}", reading.entry,
                              ex.entry, observed=events[-5:])
            break


# -- modes, pointers and the agent's actions -----------------------------------------------
@oracle(PROFILE, "GE-002-36", "GE-002-39")
def write_mode_needs_consent(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every session is in Pointer Mode when the agent joins it (GE-002-36), and is never
    reported in Write Mode unless the customer accepted a request since it was last in
    Pointer Mode; an accepted request puts it in Write Mode (GE-002-39).

    Silent: how Write Mode ends (a return to Pointer Mode is accepted from either party,
    and a session reported back in Pointer Mode is accepted at any time).
    """
    log = parsed(entries)
    consent: dict[str, Ex] = {}
    wrong_start: set[str] = set()
    for ex in log.exchanges:
        facts = log.session_of(ex)
        if facts is None or not ex.ok:
            continue
        hid = facts.history_id
        if ex.op == "join" and ex.resp.get("mode") != "pointer":
            wrong_start.add(hid)
            yield finding("GE-002-36", f"{pointer(ex.entry)}: the agent joined in "
                          f"{ex.resp.get('mode')!r} mode, not Pointer Mode", ex.entry,
                          observed=ex.resp)
            continue
        if ex.op == "answer":
            if ex.body.get("accept") is True:
                consent[hid] = ex
                if ex.resp.get("mode") not in (None, "write"):
                    yield finding("GE-002-39", f"{pointer(ex.entry)}: the customer accepted "
                                  "Write Mode but the session is in "
                                  f"{ex.resp.get('mode')!r} mode", ex.entry, observed=ex.resp)
            continue
        mode = ex.resp.get("mode")
        if mode == "pointer":
            consent.pop(hid, None)
        elif (mode == "write" and hid not in consent and hid not in wrong_start
              and (ex.op == "view" or "historyId" in ex.resp)):
            yield finding("GE-002-39", f"{pointer(ex.entry)}: the session is in Write Mode "
                          "without the customer having accepted a request", ex.entry,
                          observed=ex.resp)
            wrong_start.add(hid)


def _agent_action_verdict(log: Log, ex: Ex, facts: SessionFacts,
                          page: PageState | None) -> tuple[tuple[str, ...], str] | None:
    """Why an agent action may not be applied: (rules, reason), or None when it may."""
    if observed_mode(log, facts, ex.seq) != "write":
        return ("GE-002-38",), "in Pointer Mode"
    kind = ex.body.get("type")
    if page is None or kind not in ("click", "type"):
        return None
    element = page.elements.get(str(ex.body.get("elementId")))
    if element is None:
        return None
    restrictions = restrictions_at(log, ex.seq)
    ancestors = page.ancestors.get(str(element.get("id")), ())
    if kind == "type" and restrictions.mask_rule(element, ancestors) is not None:
        return ("GE-002-46",), f"into the masked field {element.get('id')!r}"
    disabled = restrictions.disabled_rule(element, ancestors)
    if kind == "click" and disabled is not None:
        return disabled, f"on the disabled element {element.get('id')!r}"
    return None


def _matches(event: dict[str, Any], action: dict[str, Any]) -> bool:
    if event.get("action") != action.get("type"):
        return False
    if action.get("type") == "navigate":
        return bool(event.get("url") == action.get("url"))
    if event.get("elementId") != action.get("elementId"):
        return False
    return action.get("type") != "type" or event.get("text") == action.get("text", "")


@oracle(PROFILE, "GE-002-38", "GE-002-46", "GE-002-52", "GE-002-53", "GE-002-54")
def agent_input_only_where_allowed(entries: Sequence[Entry]) -> Iterable[Finding]:
    """No agent action is applied where the agent may not act (Pointer Mode: GE-002-38;
    typing into a masked field: GE-002-46; clicking a configured disabled element:
    GE-002-52, a Submit button: GE-002-53/54): not reported performed, not replayed in the
    customer's feed, not visible in the customer's view afterwards (the typed text, the
    navigated URL).

    Silent: whether the agent may click a masked field or type into a disabled one
    (accepted either way); the mode is the one the target last reported.
    """
    log = parsed(entries)
    history = pages(log)
    for ex in log.exchanges:
        if ex.op != "act" or ex.role != "agent":
            continue
        facts = log.session_of(ex)
        if facts is None:
            continue
        page = page_at(history.get(facts.history_id, []), ex.seq)
        verdict = _agent_action_verdict(log, ex, facts, page)
        if verdict is None:
            continue
        rules, why = verdict
        what = f"the agent's {ex.body.get('type')} {why}"
        if ex.ok and ex.resp.get("performed") is True:
            yield finding(rules, f"{pointer(ex.entry)}: {what} was performed", ex.entry,
                          observed=ex.resp)
            continue
        for reading, events in feed_events(log, facts.interaction_id, "customer", ex.seq):
            replayed = [e for e in events if e.get("type") == "agent-action"
                        and e.get("sessionId", facts.token) == facts.token
                        and _matches(e, ex.body)]
            performed = [x for x in log.exchanges if x.op == "act" and x.role == "agent"
                         and x.ok and x.resp.get("performed") is True and x.seq < reading.seq
                         and log.session_of(x) is facts and _same_action(x.body, ex.body)]
            if len(replayed) > len(performed):
                yield finding(rules, f"{pointer(reading.entry)}: {what} was replayed on the "
                              "customer's side", reading.entry, ex.entry, observed=replayed)
                break
        yield from _visible_afterwards(log, ex, facts, rules, what)


def _same_action(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("type", "elementId", "text", "url"))


def _visible_afterwards(log: Log, ex: Ex, facts: SessionFacts, rules: tuple[str, ...],
                        what: str) -> Iterator[Finding]:
    """The customer's next view of the page must not show what a refused action did."""
    kind = ex.body.get("type")
    for later in log.exchanges:
        if later.seq <= ex.seq or log.session_of(later) is not facts:
            continue
        if later.op in ("page", "act") and later.ok:
            return  # the page changed since: the view no longer tells
        if later.op != "view" or later.role != "customer" or not later.ok:
            continue
        page = later.resp.get("page")
        if not isinstance(page, dict):
            return
        if kind == "navigate" and page.get("url") == ex.body.get("url"):
            yield finding(rules, f"{pointer(later.entry)}: {what} moved the customer's page "
                          f"to {page.get('url')}", later.entry, ex.entry, observed=page)
        if kind == "type":
            for element in page.get("elements") or []:
                if (isinstance(element, dict) and element.get("id") == ex.body.get("elementId")
                        and element.get("value") == ex.body.get("text")):
                    yield finding(rules, f"{pointer(later.entry)}: {what} changed the field on "
                                  "the customer's page", later.entry, ex.entry,
                                  observed=element)
        return


@oracle(PROFILE, "GE-002-17", "GE-002-40", "GE-002-41")
def agent_actions_replayed(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every agent action the target performed reaches the customer's side: the customer's
    feed, as last read after it, carries it, in any mode and any session."""
    log = parsed(entries)
    for ex in log.exchanges:
        if ex.op != "act" or ex.role != "agent" or not ex.ok:
            continue
        if ex.resp.get("performed") is not True:
            continue
        facts = log.session_of(ex)
        if facts is None:
            continue
        for reading, events in last_feed(log, facts.interaction_id, "customer", ex.seq):
            if not any(e.get("type") == "agent-action" and _matches(e, ex.body) for e in events):
                yield finding(("GE-002-17", "GE-002-40", "GE-002-41"),
                              f"{pointer(reading.entry)}: the agent's performed "
                              f"{ex.body.get('type')} never reached the customer's side",
                              reading.entry, ex.entry, observed=events[-5:])
            break


@oracle(PROFILE, "GE-002-35", "GE-002-37", "GE-002-44")
def pointers_reach_the_other_party(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every pointer move of either party reaches the other party's feed (as last read),
    in Pointer Mode (GE-002-37) and in Write Mode (GE-002-44); the agent's guides the
    customer (GE-002-35)."""
    log = parsed(entries)
    for ex in log.exchanges:
        if ex.op != "pointer" or not ex.ok or ex.role not in ("customer", "agent"):
            continue
        facts = log.session_of(ex)
        if facts is None:
            continue
        mode = observed_mode(log, facts, ex.seq)
        rules = ("GE-002-44",) + (("GE-002-37",) if mode == "pointer" else ())
        if ex.role == "agent":
            rules = ("GE-002-35", *rules)
        other = "agent" if ex.role == "customer" else "customer"
        for reading, events in last_feed(log, facts.interaction_id, other, ex.seq):
            if not any(e.get("type") == "pointer" and e.get("role") == ex.role
                       and e.get("x") == ex.body.get("x") and e.get("y") == ex.body.get("y")
                       for e in events):
                yield finding(tuple(sorted(rules)), f"{pointer(reading.entry)}: the {other} "
                              f"never saw the {ex.role}'s pointer at {ex.body.get('x')},"
                              f"{ex.body.get('y')} ({mode} mode)", reading.entry, ex.entry,
                              observed=events[-5:])
            break


@oracle(PROFILE, "GE-002-55")
def customer_can_submit(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every click of the customer on a Submit button of the shared page submits it, while
    the session is co-browsed (joined and not ended).

    Silent: before an agent joins there is no co-browsing of the page yet; a driver may
    refuse the customer's actions on an idle session (the reference answers 409)."""
    log = parsed(entries)
    history = pages(log)
    for ex in log.exchanges:
        if ex.op != "act" or ex.role != "customer" or ex.body.get("type") != "click":
            continue
        facts = log.session_of(ex)
        page = page_at(history.get(facts.history_id, []), ex.seq) if facts else None
        element = page.elements.get(str(ex.body.get("elementId"))) if page else None
        if element is None or page is None or not any(
                is_submit(e) for e in (*page.ancestors.get(str(element.get("id")), ()), element)):
            continue
        if facts is not None and facts.ended_seen is not None and facts.ended_seen.seq < ex.seq:
            continue
        if facts is None or facts.joined is None or facts.joined.seq > ex.seq:
            continue
        if not ex.ok or ex.resp.get("performed") is not True:
            yield finding("GE-002-55", f"{pointer(ex.entry)}: the customer's click on Submit "
                          f"{element.get('id')!r} was not performed", ex.entry,
                          observed=ex.entry.response)


# -- what the agent can read ---------------------------------------------------------------
def _strings(element: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(content, structure): what an element holds (its value, its text, every attribute
    value but the harmless ones) and what only describes it (the rest)."""
    content = [element.get("value"), element.get("text")]
    structure: list[Any] = [*(element.get(k) for k in STRUCTURE_KEYS),
                            *(element.get("classes") or [])]
    attributes = element.get("attributes")
    for key, value in (attributes.items() if isinstance(attributes, dict) else ()):
        structure.append(key)
        (structure if str(key).lower() in HARMLESS_ATTRIBUTES else content).append(value)
    return ([t for t in content if isinstance(t, str) and t],
            [t for t in structure if isinstance(t, str) and t])


def _secrets(log: Log) -> list[tuple[str, str, HttpEntry]]:
    """(secret, rule, where it was introduced): everything a masked element holds (itself or
    through a masked ancestor) that the customer shared or typed, in any of the forms a page
    carries it. What the agent may read anyway (an unmasked element's content, any
    element's structure, the page's URL and title, the attached data, what the agent
    typed, the configured selectors) is not secret, nor is anything shorter than four
    characters or spelling a JSON literal (``data-private="true"`` cannot be told apart
    from ``"masked": true`` in the bytes)."""
    found: list[tuple[str, str, HttpEntry]] = []
    public: set[str] = {"true", "false", "null"}
    history = pages(log)
    for ex in log.exchanges:
        if not ex.ok:
            continue
        if ex.op == "page":
            restrictions = restrictions_at(log, ex.seq)
            public.update({str(ex.body.get("url")), str(ex.body.get("title", "")),
                           *restrictions.masks, *restrictions.disabled})
            for element, ancestors in walk(ex.body.get("elements")):
                content, structure = _strings(element)
                public.update(structure)
                rule = restrictions.mask_rule(element, ancestors)
                if rule is None:
                    public.update(content)
                else:
                    found.extend((text, rule, ex.entry) for text in content)
        elif ex.op == "act" and ex.body.get("type") == "type":
            text = ex.body.get("text")
            if not isinstance(text, str) or not text:
                continue
            if ex.role == "agent":
                public.add(text)
                continue
            facts = log.session_of(ex)
            page = page_at(history.get(facts.history_id, []), ex.seq) if facts else None
            target_id = str(ex.body.get("elementId"))
            typed_into = page.elements.get(target_id) if page else None
            rule = restrictions_at(log, ex.seq).mask_rule(
                typed_into, page.ancestors.get(target_id, ())) if typed_into and page else None
            if rule is not None:
                found.append((text, rule, ex.entry))
        elif ex.op == "create":
            public.update(str(v) for v in (ex.body.get("attachedData") or {}).values())
    return [(s, r, e) for s, r, e in found
            if len(s) >= 4 and not any(s in p for p in public)]


def _reaches_agent(ex: Ex) -> bool:
    """Whether a response can reach the agent: everything but what the customer's own
    requests return (the customer's view, feed, actions, page shares and answers)."""
    return ex.role != "customer" and ex.op not in ("page", "answer", "start")


@oracle(PROFILE, "GE-002-48", "GE-002-51")
def masked_values_never_reach_the_agent(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Nothing a masked element holds (a password by default: GE-002-51; an element matched
    by a configured masking selector, or inside one: GE-002-48), in any form (its value,
    its text, any attribute value but those that only describe the control, such as type
    and name; what the customer typed into it), appears in any byte of any response the
    agent can read: views, event feeds with the customer's typing echoed, action responses,
    error bodies, session and interaction readings, on every page the customer shares.

    Which elements are masked follows HTML, as a page can say it: tag, attribute names and
    ``type`` values in any letter case; ``type``, ``name`` and ``id`` as a property or among
    ``attributes``. Silent: how a masked value is shown instead (a mask, nothing, the
    element left out) is the target's choice."""
    log = parsed(entries)
    secrets = _secrets(log)
    if not secrets:
        return
    for ex in log.exchanges:
        if not _reaches_agent(ex):
            continue
        text = ex.entry.raw.decode("utf-8", "replace") if ex.entry.raw else _dump(
            ex.entry.response)
        for secret, rule, origin in secrets:
            if origin.seq < ex.seq and (secret in text or _dump(secret)[1:-1] in text):
                yield finding(rule, f"{pointer(ex.entry)} ({ex.entry.status}) shows the agent "
                              f"the masked value {secret!r}", ex.entry, origin,
                              observed=ex.entry.response)


@oracle(PROFILE, "GE-002-50")
def customer_sees_what_is_masked(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every element of every customer view says whether it is hidden from the agent
    (``maskedForAgent``), truthfully: compared with what the agent's views of the same page
    show (a field flagged masked is never shown to the agent as it is; a field flagged
    visible is)."""
    log = parsed(entries)
    views = [ex for ex in log.exchanges if ex.op == "view" and ex.ok
             and isinstance(ex.resp.get("page"), dict)]
    known: dict[str, set[Any]] = {}
    for states in pages(log).values():
        for _, state in states:
            for element_id, element in state.elements.items():
                known.setdefault(element_id, set()).add(element.get("value"))
    for view in views:
        if view.role != "customer":
            continue
        facts = log.session_of(view)
        elements = [e for e in view.resp["page"].get("elements") or [] if isinstance(e, dict)]
        for element in elements:
            if not isinstance(element.get("maskedForAgent"), bool):
                yield finding("GE-002-50", f"{pointer(view.entry)}: element "
                              f"{element.get('id')!r} does not say whether it is masked "
                              "from the agent", view.entry, observed=element)
        for agent in views:
            if agent.role != "agent" or log.session_of(agent) is not facts or facts is None:
                continue
            if _changed_between(log, facts, min(view.seq, agent.seq), max(view.seq, agent.seq)):
                continue
            shown = {str(e.get("id")): e for e in agent.resp["page"].get("elements") or []
                     if isinstance(e, dict)}
            for element in elements:
                value = element.get("value")
                seen = shown.get(str(element.get("id")))
                if not isinstance(value, str) or not value or seen is None:
                    continue
                # Shown as it is: any value the field has had (an agent's view may lag).
                hidden = seen.get("value") not in known.get(str(element.get("id")), {value})
                flag = element.get("maskedForAgent")
                if isinstance(flag, bool) and flag != hidden:
                    yield finding("GE-002-50", f"{pointer(view.entry)}: the customer is told "
                                  f"{element.get('id')!r} is {'' if flag else 'not '}masked, "
                                  f"but the agent's view shows {seen.get('value')!r}",
                                  view.entry, agent.entry, observed=element)


def _changed_between(log: Log, facts: SessionFacts, a: int, b: int) -> bool:
    """Whether the page or the restrictions may have changed between two entries."""
    for ex in log.exchanges:
        if a < ex.seq < b and ex.ok and (ex.op in ("page", "act") and log.session_of(ex) is facts):
            return True
    return any(isinstance(e, HttpEntry) and e.channel == "control" and e.method == "PUT"
               and a < e.seq < b for e in log.entries)


@oracle(PROFILE, "GE-002-14")
def agent_sees_the_current_page(entries: Sequence[Entry]) -> Iterable[Finding]:
    """Every agent view of an active session shows the page the customer shared last (its
    URL, or the URL navigated to since; its title and elements), on every page shared."""
    log = parsed(entries)
    history = pages(log)
    for ex in log.exchanges:
        if ex.op != "view" or ex.role != "agent" or not ex.ok:
            continue
        facts = log.session_of(ex)
        if facts is None:
            continue
        page = page_at(history.get(facts.history_id, []), ex.seq)
        if page is None:
            continue
        shown = ex.resp.get("page")
        if not isinstance(shown, dict):
            yield finding("GE-002-14", f"{pointer(ex.entry)}: the agent sees no page although "
                          "the customer shared one", ex.entry, observed=ex.resp)
            continue
        ids = {str(e.get("id")) for e, _ in walk(shown.get("elements"))}
        restrictions = restrictions_at(log, ex.seq)
        # Silent: a masked element may be left out of the agent's view altogether.
        visible = {i for i, e in page.elements.items()
                   if restrictions.mask_rule(e, page.ancestors.get(i, ())) is None}
        problems = []
        if shown.get("url") != page.url:
            problems.append(f"url {shown.get('url')!r}, not {page.url!r}")
        if page.navigated_at < page.shared_at:
            if shown.get("title") != page.title:
                problems.append(f"title {shown.get('title')!r}, not {page.title!r}")
            if not visible <= ids <= set(page.elements):
                problems.append(f"elements {sorted(ids)}, not those of the page "
                                f"{sorted(page.elements)}")
        if problems:
            yield finding("GE-002-14", f"{pointer(ex.entry)}: the agent's view is not the "
                          f"customer's current page: {'; '.join(problems)}", ex.entry,
                          observed=shown)


# -- limits --------------------------------------------------------------------------------
@oracle(PROFILE, "GE-002-06", "GE-000-47")
def agent_within_session_limit(entries: Sequence[Entry]) -> Iterable[Finding]:
    """No join succeeds while the agent is surely in as many active sessions as the
    configured agentSessionsLimit allows: one (002's one-session limitation, GE-002-06) or
    more (GE-000-47). Silent (GE-S-01): the default is the target's, so an unconfigured
    limit is not judged. A session counts from its join until anything could have ended it
    (an end, a clock move)."""
    log = parsed(entries)
    active: dict[str, list[SessionFacts]] = {}
    by_seq = {ex.seq: ex for ex in log.exchanges}
    for entry in log.entries:
        if isinstance(entry, ClockEntry):
            active.clear()
            continue
        ex = by_seq.get(entry.seq)
        if ex is None or not ex.ok:
            continue
        if ex.op == "end":
            for sessions in active.values():
                sessions[:] = [s for s in sessions if s.interaction_id != ex.params.get("iid")]
        facts = log.session_of(ex)
        if facts is None:
            continue
        if ex.resp.get("state") == "ended":
            for sessions in active.values():
                if facts in sessions:
                    sessions.remove(facts)
        if ex.op == "join" and ex.resp.get("state") == "active":
            agent = str(ex.body.get("agentId"))
            sessions = active.setdefault(agent, [])
            limit, configured = setting_at(log, ex.seq, "agentSessionsLimit")
            # Silent (GE-S-01): the default number is the target's; only a configured limit
            # (1 enables 002's one-session limitation) is judged.
            if configured is None or not isinstance(limit, int):
                if facts not in sessions:
                    sessions.append(facts)
                continue
            allowed = limit
            if len(sessions) >= allowed and facts not in sessions:
                rule = "GE-002-06" if allowed == 1 else "GE-000-47"
                yield finding(rule, f"{pointer(ex.entry)}: agent {agent} joined while already "
                              f"in {len(sessions)} active session(s); the limit is {allowed}",
                              ex.entry, sessions[-1].joined.entry if sessions[-1].joined
                              else None, observed=ex.resp)
            if facts not in sessions:
                sessions.append(facts)
