"""The fuzzer's fixture world: objects made through the driver API before a fuzz run.

A fuzzer generating identifiers from a schema makes them up, and every request on a
made-up identifier is answered 404 before it reaches the core. So before the run the
fuzz command plays the parties once, through the same driver API the scenarios use
(any target serves it): interactions with sessions in Write Mode, pending a mode
request, not yet joined; Platform API conversations with their participants'
communications and a pending control request; LivePerson conversations with an
accepted and a pending invitation. Their identifiers become named examples of the
path parameters in the fuzzer's copy of the document (one name per object, so the
identifiers of one object travel together) and the values those parameters take most
of the time (``harness.fuzz_config``); request bodies that must name a live object
(an lpTag event names its invitation's serviceId) get examples too. The operations
that end an object get objects of their own to end, so that the others keep meeting
live ones; the stateful walk gets a world of starting points of its own.

Whatever a target refuses is left out and noted, never fatal: the fuzz run goes on
with what could be made.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import httpx

from harness.clients.genesys_cloud import CloudDriver, PlatformApi
from harness.clients.genesys_engage import EngageDriver
from harness.clients.http import WORLD_HEADER, DriverClient
from harness.clients.liveperson import (
    ConsumerSocket,
    HandshakeRefused,
    LivePersonDriver,
    mint_jwt,
    ws_headers,
)
from harness.clients.liveperson import ws_url as consumer_url
from harness.runlog import RunLog
from harness.targets import TargetInfo

PAGE = {"url": "https://shop.example/cart", "title": "Cart", "elements": [
    {"id": "q", "tag": "input", "type": "text", "value": "2"},
    {"id": "card", "tag": "input", "type": "password", "value": "4111"},
    {"id": "buy", "tag": "button", "type": "submit", "text": "Buy"}]}
#: Where each profile's driver API lives: a profile is seeded when the run selects it.
DRIVER_PREFIXES = {"genesys-engage": "/driver/genesys-engage/",
                   "genesys-cloud": "/driver/genesys-cloud/",
                   "liveperson": "/driver/liveperson/"}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
#: The operations that end what they name (a session, an interaction, a conversation, an
#: invitation; the Platform API's PATCHes disconnect): they get fixtures of their own, so
#: that every other operation keeps meeting live objects through the whole run.
ENDINGS = r"^POST /driver/.*/(end|exit|leave|close|cancel)$|^PATCH /api/v2/"
#: What a fixture world is for. The stateless phases get objects in every state a route
#: may meet; the stateful walk gets starting points its links lead on from (interactions
#: and conversations nobody has co-browsed in), a few of each since every walk uses one up.
STATELESS, WALK = "stateless", "walk"
WALK_STARTS = 4
#: The agent a walk's interactions are given: the one the document's join link names.
WALK_AGENT = "agent-1"


class SetupRefused(Exception):
    """The target refused a step of a fixture; the fixture is left out."""


@dataclass
class Fixture:
    """One object of the fixture world, named by the path parameters of one API."""

    name: str
    #: The paths the values apply to (one profile's API: its driver or its Platform API).
    prefix: str
    values: dict[str, str]
    #: Kept for the operations (``METHOD /path``) this matches only: a pending request for
    #: its answer, which any other operation on its session would replace or end first; an
    #: object to end for the operations that end one (``ENDINGS``). Without it, a fixture is
    #: for every operation under its prefix that does not end what it names.
    only: str | None = None

    def applies_to(self, method: str, path: str) -> bool:
        operation = f"{method.upper()} {path}"
        if not path.startswith(self.prefix):
            return False
        if self.only is None:
            return re.search(ENDINGS, operation) is None
        return re.search(self.only, operation) is not None


@dataclass
class FixtureWorld:
    fixtures: list[Fixture] = field(default_factory=list)
    #: Request body examples per (method, path) that must name a live object.
    bodies: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    #: What could not be made, and why.
    notes: list[str] = field(default_factory=list)
    #: How many starting points of each kind a walk's world gets.
    starts: int = WALK_STARTS

    def as_dict(self) -> dict[str, Any]:
        return {"fixtures": [{"name": f.name, "prefix": f.prefix, "values": f.values,
                              **({"only": f.only} if f.only else {})}
                             for f in self.fixtures], "notes": self.notes}

    def pools(self, operations: Iterable[tuple[str, str]]
              ) -> dict[tuple[str, str], dict[str, list[str]]]:
        """For each (method, path), every value its fixtures give each parameter."""
        out: dict[tuple[str, str], dict[str, list[str]]] = {}
        for method, path in operations:
            for fixture in (f for f in self.fixtures if f.applies_to(method, path)):
                for name, value in fixture.values.items():
                    values = out.setdefault((method, path), {}).setdefault(name, [])
                    if value and value not in values:
                        values.append(value)
        return out


def _ok(response: httpx.Response, what: str) -> dict[str, Any]:
    if response.status_code >= 400:
        raise SetupRefused(f"{what}: {response.status_code} {response.text[:200]}")
    data = response.json() if response.content else {}
    return data if isinstance(data, dict) else {}


# -- genesys-engage ---------------------------------------------------------------------------
#: (name, agent, how far its session goes, the paths it is kept for). A pending request
#: and an idle session each have a copy kept for their answer and their join: any other
#: operation on the session would replace the one or end the other first.
ENGAGE_STAGES = (
    ("engage-write", "fuzz-agent-1", "write", None),
    ("engage-pending", "fuzz-agent-2", "pending", None),
    ("engage-idle", "fuzz-agent-3", "idle", None),
    ("engage-fresh", "fuzz-agent-4", "fresh", None),
    ("engage-answer", "fuzz-agent-5", "pending", r"/mode-requests/\{rid\}$"),
    ("engage-offer", "fuzz-agent-3", "idle", r"/sessions/\{token\}/join$"),
    ("engage-ending", "fuzz-agent-6", "write", ENDINGS),
)


def _engage(client: DriverClient, target: TargetInfo, world: FixtureWorld,
            purpose: str) -> None:
    driver = EngageDriver(client)
    world_name = client.http.headers.get(WORLD_HEADER)
    prefix = DRIVER_PREFIXES["genesys-engage"]
    if purpose == WALK:
        if target.can("configure") and target.can("worlds") and world_name is not None:
            # Every session a walk starts is the default agent's: let them join them all
            # (in the walk's own world only: a shared state's settings are left alone).
            _ok(client.put("/control/config", {"genesys-engage": {"agentSessionsLimit": 1000}}),
                "letting the walk's agent join every session")
        for number in range(world.starts):
            fresh = _ok(driver.create_interaction("chat", {"source": "web"},
                                                  agent_id=WALK_AGENT),
                        "a walk's interaction")
            world.fixtures.append(Fixture(f"engage-start-{number}", prefix,
                                          {"iid": str(fresh["interactionId"])}))
        return
    for name, agent, stage, only in ENGAGE_STAGES:
        interaction = _ok(driver.create_interaction("chat", {"source": "web"}, agent_id=agent),
                          f"{name}: creating an interaction")
        values = {"iid": str(interaction["interactionId"]), "agentId": agent}
        if stage != "fresh":
            session = _ok(driver.start_session(values["iid"], "customer"),
                          f"{name}: starting a session")
            token = values["token"] = str(session["sessionId"])
            values["hid"] = str(session["historyId"])
            _ok(driver.share_page(token, PAGE), f"{name}: sharing a page")
        if stage in ("write", "pending"):
            _ok(driver.join(token, agent), f"{name}: the agent joining")
            request = _ok(driver.request_mode(token, "write"), f"{name}: asking for Write Mode")
            values["rid"] = str(request["requestId"])
        if stage == "write":
            _ok(driver.answer_mode(token, values["rid"], True),
                f"{name}: the customer granting Write Mode")
        world.fixtures.append(Fixture(name, prefix, values, only))
    # The idle sessions' agent, so that a join can succeed.
    world.bodies[("post", f"{prefix}sessions/{{token}}/join")] = {"agentId": "fuzz-agent-3"}


# -- genesys-cloud ----------------------------------------------------------------------------
def _cloud(client: DriverClient, target: TargetInfo, world: FixtureWorld,
           purpose: str) -> None:
    driver, platform = CloudDriver(client), PlatformApi(client, target)
    stages: list[tuple[str, int, str, str | None]] = [
        ("cloud-control", 1, "control", None), ("cloud-offer", 0, "offer", None),
        ("cloud-fresh", 1, "fresh", None),
        ("cloud-answer", 1, "control", r"/control-requests/\{rid\}$"),
        ("cloud-ending", 1, "control", ENDINGS)]
    if purpose == WALK:
        stages = [(f"cloud-start-{n}", 1, "fresh", None) for n in range(world.starts)]
    for name, party, stage, only in stages:
        suffix = uuid.uuid4().hex[:8]
        conversation = _ok(driver.create_conversation(
            "Ada Lovelace", "Grace Hopper", f"fuzz-customer-{suffix}", f"fuzz-agent-{suffix}"),
            f"{name}: creating a conversation")
        cid = str(conversation["conversationId"])
        values = {"cid": cid}
        if stage == "fresh":  # a live conversation nobody has co-browsed in yet
            world.fixtures.append(Fixture(name, DRIVER_PREFIXES["genesys-cloud"], values))
            continue
        session = _ok(driver.start_cobrowse(cid), f"{name}: starting co-browsing")
        sid = values["sid"] = str(session["cobrowseSessionId"])
        if stage == "control":
            _ok(driver.join(sid), f"{name}: the agent joining")
            values["rid"] = str(_ok(driver.request_control(sid),
                                    f"{name}: asking for control")["requestId"])
        world.fixtures.append(Fixture(name, DRIVER_PREFIXES["genesys-cloud"], values, only))
        if not platform.token:
            world.notes.append(f"{name}: no Platform API token, so no Platform API fixture")
            continue
        view = _ok(platform.conversation(cid), f"{name}: reading the Platform conversation")
        who = view["participants"][party]
        legs = who.get("cobrowsesessions") or [{}]
        world.fixtures.append(Fixture(name, "/api/v2/", {
            "conversationId": cid, "participantId": str(who["id"]),
            "communicationId": str(legs[-1].get("id", ""))}, only))


# -- liveperson -------------------------------------------------------------------------------
def _consumer_conversation(target: TargetInfo, world_name: str | None,
                           credentials: dict[str, Any]) -> tuple[ConsumerSocket, str]:
    """A consumer that asked for a messaging conversation over the WebSocket."""
    token = credentials.get("jwt") or mint_jwt(str(credentials["jwtKey"]),
                                                f"fuzz-consumer-{uuid.uuid4().hex[:8]}")
    socket = ConsumerSocket(consumer_url(target, str(credentials["accountId"])),
                            ws_headers(target, world_name)).connect()
    response = socket.request("InitConnection", headers=[
        {"type": ".ams.headers.ClientProperties", "features": ["CO_BROWSE"]},
        {"type": ".ams.headers.ConsumerAuthentication", "jwt": token}])
    if response is None or not 200 <= int(response.get("code", 0)) < 300:
        socket.close()
        raise SetupRefused(f"the consumer's InitConnection was refused: {response}")
    response = socket.request("cm.ConsumerRequestConversation", {"channelType": "MESSAGING"})
    body = (response or {}).get("body")
    if not isinstance(body, dict) or "conversationId" not in body:
        socket.close()
        raise SetupRefused(f"the consumer's conversation request was refused: {response}")
    return socket, str(body["conversationId"])


def _liveperson(client: DriverClient, target: TargetInfo, world: FixtureWorld,
                purpose: str) -> None:
    credentials = target.credentials.get("liveperson", {})
    if not credentials.get("accountId") or not (credentials.get("jwtKey")
                                                or credentials.get("jwt")):
        raise SetupRefused("no liveperson accountId and jwtKey (or jwt) among the credentials")
    driver = LivePersonDriver(client)
    world_name = client.http.headers.get(WORLD_HEADER)
    prefix = DRIVER_PREFIXES["liveperson"]
    # An offer is an invitation only its acceptance names (no other operation ends it).
    stages: list[tuple[str, str, str | None]] = [
        ("lp-accepted", "accepted", None), ("lp-invited", "invited", None),
        ("lp-fresh", "fresh", None), ("lp-offer", "offer", None),
        ("lp-ending", "accepted", ENDINGS)]
    if purpose == WALK:  # half with their agent (to invite), half waiting for one
        stages = [(f"lp-start-{number}", "fresh" if number % 2 else "bare", None)
                  for number in range(2 * world.starts)]
    for name, stage, only in stages:
        socket, cid = _consumer_conversation(target, world_name, credentials)
        try:
            if stage == "bare":
                world.fixtures.append(Fixture(name, prefix, {"cid": cid}))
                continue
            agent = f"fuzz-agent-{uuid.uuid4().hex[:8]}"
            _ok(driver.assign_agent(cid, agent), f"{name}: the agent taking the conversation")
            if stage == "fresh":  # an agent's conversation without an invitation yet
                world.fixtures.append(Fixture(name, prefix, {"cid": cid, "agentId": agent}))
                continue
            dialog = _ok(driver.invite(cid, "view"), f"{name}: inviting to CoBrowse")
            event = {"serviceId": str(dialog["serviceId"]), "agentId": agent,
                     "visitorName": "Ada", "ssid": "1234", "svid": "5678"}
            if stage == "accepted":
                _ok(driver.publish("cobrowseAccepted", event), f"{name}: accepting")
            if stage == "offer":
                world.bodies[("post", f"{prefix}lptag/publish")] = {
                    "appName": "lpCoBrowse", "eventName": "cobrowseAccepted", "data": event}
                continue
        finally:
            socket.close()
        world.fixtures.append(Fixture(name, prefix, {
            "cid": cid, "did": str(dialog["dialogId"]), "agentId": agent}, only))
    world.fixtures.append(Fixture("lp-account", "/ws_api/", {
        "accountId": str(credentials["accountId"])}))


RECIPES: dict[str, Callable[[DriverClient, TargetInfo, FixtureWorld, str], None]] = {
    "genesys-engage": _engage, "genesys-cloud": _cloud, "liveperson": _liveperson}


def build(target: TargetInfo, world_name: str | None, profile_regex: str | None = None,
          purpose: str = STATELESS, walks: int = 0) -> FixtureWorld:
    """Make the fixture world of every profile the target declares and the run selects,
    for the stateless phases or for the stateful walk (``purpose``) of ``walks``
    scenarios (each uses up starting points: there are a few more than walks)."""
    world = FixtureWorld(starts=max(WALK_STARTS, walks + 2))
    client = DriverClient(target, world_name, RunLog())
    try:
        for profile, recipe in RECIPES.items():
            if profile not in target.profiles or (
                    profile_regex and not re.search(profile_regex, DRIVER_PREFIXES[profile])):
                continue
            try:
                recipe(client, target, world, purpose)
            except (SetupRefused, HandshakeRefused, httpx.HTTPError, aiohttp.ClientError,
                    OSError, TimeoutError, KeyError, TypeError, ValueError) as exc:
                world.notes.append(f"{profile}: {exc}")
    finally:
        client.close()
    return world


def with_fixtures(document: dict[str, Any], world: FixtureWorld) -> dict[str, Any]:
    """A copy of ``document`` whose parameters and bodies name the fixture world's objects."""
    out = copy.deepcopy(document)
    for path, item in (out.get("paths") or {}).items():
        shared = item.get("parameters", []) if isinstance(item, dict) else []
        for method, op in item.items():
            if method not in METHODS or not isinstance(op, dict):
                continue
            for parameter in [*shared, *op.get("parameters", [])]:
                if not isinstance(parameter, dict) or parameter.get("in") not in ("path",
                                                                                  "query"):
                    continue
                named = {f.name: {"value": f.values[parameter["name"]]}
                         for f in world.fixtures
                         if f.applies_to(method, path) and parameter.get("name") in f.values}
                if named:
                    parameter.pop("example", None)
                    parameter["examples"] = {**parameter.get("examples", {}), **named}
            body = world.bodies.get((method, path))
            media = ((op.get("requestBody") or {}).get("content") or {}).get("application/json")
            if body is not None and isinstance(media, dict):
                examples = dict(media.get("examples") or {})
                if "example" in media:
                    examples["document"] = {"value": media.pop("example")}
                examples["fixture"] = {"value": body}
                media["examples"] = examples
    return out


def for_walk(document: dict[str, Any]) -> dict[str, Any]:
    """The document as the stateful walk fuzzes it: a create (an operation on no path
    parameter) leaves its optional identifiers (``agentId``, ``customerId``) to the server.

    The walk's links act as the parties the server gives by default (the document's join
    link names the default agent), and schemathesis takes an identifier a create is sent
    for a reference to an object no operation makes, and then never starts a walk there.
    """
    out = copy.deepcopy(document)
    components = (out.get("components") or {}).get("schemas") or {}
    for path, item in (out.get("paths") or {}).items():
        if "{" in path:
            continue
        for method, op in item.items():
            if method not in METHODS or not isinstance(op, dict):
                continue
            media = ((op.get("requestBody") or {}).get("content") or {}).get("application/json")
            ref = str(((media or {}).get("schema") or {}).get("$ref", ""))
            schema = components.get(ref.removeprefix("#/components/schemas/"))
            if not isinstance(media, dict) or not isinstance(schema, dict):
                continue
            required = set(schema.get("required") or [])
            properties = schema.get("properties") or {}
            for name in [n for n in properties if n.endswith("Id") and n not in required]:
                del properties[name]
                if isinstance(media.get("example"), dict):
                    media["example"].pop(name, None)
    return out
