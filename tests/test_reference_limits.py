"""The reference's limits over a real socket: whatever a client sends, the cost is bounded,
the refusal is a 4xx JSON body naming the field and the limit, and other clients are served.

Each test reproduces a finding of the reference as it was (named in its docstring) and fails
on it. Every load here is bounded in size and count and runs on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from harness.clients.genesys_engage import EngageDriver
from harness.clients.http import DriverClient
from harness.runlog import RunLog
from harness.targets import TargetInfo
from harness.validation import errors
from mockserver import retention, world
from mockserver.credentials import REFERENCE_CREDENTIALS
from mockserver.limits import (
    FEED_PAGE_DEFAULT,
    MAX_ARRAY_ITEMS,
    MAX_BODY_BYTES,
    MAX_ELEMENT_ATTRIBUTES,
    MAX_ELEMENT_CLASSES,
    MAX_JSON_DEPTH,
    MAX_PAGE_ELEMENTS,
)
from mockserver.server import BackgroundServer

E = "/driver/genesys-engage"
C = "/driver/genesys-cloud"
L = "/driver/liveperson"
API = "/api/v2/conversations"
AUTH = {"Authorization": f"Bearer {REFERENCE_CREDENTIALS['genesys-cloud']['token']}"}
JSON = {"Content-Type": "application/json"}
DEEP = b"[" * 10_000 + b"]" * 10_000




def _refused(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """A 4xx whose JSON body is the driver API's error (or, under /api/v2, an ErrorBody)."""
    assert response.status_code == status, response.text[:300]
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:300]
    body: dict[str, Any] = response.json()
    if response.request.url.path.startswith("/api/v2/"):
        assert not errors(body, "genesys-cloud:error-body"), body
    else:
        assert not errors(body, "driver:error"), body
        if code is not None:
            assert body["error"] == code, body
    return body


def _session(http: httpx.Client, agent: str = "agent-1") -> tuple[str, str]:
    iid = http.post(f"{E}/interactions", json={"media": "chat", "agentId": agent}
                    ).json()["interactionId"]
    token = http.post(f"{E}/interactions/{iid}/sessions", json={"role": "customer"}).json()
    return iid, str(token["sessionId"])


def _joined(http: httpx.Client, agent: str = "agent-1") -> tuple[str, str]:
    iid, token = _session(http, agent)
    assert http.post(f"{E}/sessions/{token}/join", json={"agentId": agent}).status_code == 200
    return iid, token


def _cloud(http: httpx.Client) -> tuple[str, str, str]:
    """A genesys-cloud conversation with a session: its id, the agent's participant and leg."""
    conversation = http.post(f"{C}/conversations", json={}).json()
    cid = conversation["conversationId"]
    assert http.post(f"{C}/conversations/{cid}/cobrowse").status_code == 201
    agent = conversation["agent"]["participantId"]
    conv = http.get(f"{API}/{cid}", headers=AUTH).json()
    leg = next(p for p in conv["participants"] if p["id"] == agent)["cobrowsesessions"][0]["id"]
    return cid, agent, leg


class Latency:
    """Another client reading the reference in a loop: the longest wait it saw."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=60)
        self.worst = 0.0
        self.reads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            assert self.client.get("/driver/capabilities").status_code == 200
            self.worst = max(self.worst, time.perf_counter() - started)
            self.reads += 1
            time.sleep(0.01)

    def __enter__(self) -> Latency:
        self._thread.start()
        time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
        self.client.close()


# -- bounded work, and nobody else waits ----------------------------------------------------------
def test_a_megabyte_page_of_empty_elements_is_refused_at_once_and_others_are_served(
        server: BackgroundServer, http: httpx.Client) -> None:
    """Found: 340,000 empty elements (1 MB) blocked every other client for 10-17 s while
    every schema error was collected, and the refusal echoed the input (1.36 MB)."""
    _, token = _session(http)
    body = b'{"url":"u","elements":[' + b",".join([b"{}"] * 340_000) + b"]}"
    assert len(body) <= MAX_BODY_BYTES
    with Latency(server.base_url) as other:
        started = time.perf_counter()
        response = http.put(f"{E}/sessions/{token}/page", content=body, headers=JSON)
        took = time.perf_counter() - started
    refusal = _refused(response, 400, "too_many_items")
    assert len(response.content) < 1000 and "{}" not in response.text
    assert refusal["details"] == {"field": "elements", "limit": MAX_ARRAY_ITEMS}
    assert took < 3.0, f"the refusal took {took:.1f} s"
    assert other.reads > 0 and other.worst < 1.5, f"another client waited {other.worst:.1f} s"


def test_a_page_at_the_limits_is_taken_while_others_are_served(
        server: BackgroundServer, http: httpx.Client) -> None:
    """The largest page the schema allows (every element with every class and attribute it
    may have) is checked on a worker thread: the event loop keeps answering meanwhile."""
    _, token = _session(http)
    element = {"tag": "input", "type": "text", "value": "v" * 50,
               "classes": [f"c{n}" for n in range(MAX_ELEMENT_CLASSES)],
               "attributes": {f"data-{n}": "x" * 10 for n in range(MAX_ELEMENT_ATTRIBUTES)}}
    page = {"url": "https://shop.example/", "elements": [
        {"id": f"e{n}", **element} for n in range(MAX_PAGE_ELEMENTS)]}
    with Latency(server.base_url) as other:
        response = http.put(f"{E}/sessions/{token}/page", json=page)
    assert response.status_code == 200, response.text[:300]
    assert other.worst < 0.4, f"another client waited {other.worst:.2f} s"


def test_a_refusal_names_the_field_and_never_echoes_the_input(http: httpx.Client) -> None:
    """Found: validation errors carried the whole offending value back."""
    big = "x" * 400_000
    response = http.post(f"{E}/interactions", json={"media": big})
    body = _refused(response, 400, "invalid_body")
    assert body["details"]["field"] == "media" and "chat" in body["message"]
    assert len(response.content) < 1000 and "xxxxxxxx" not in response.text
    cid, _, _ = _cloud(http)
    response = http.patch(f"{API}/cobrowsesessions/{cid}", headers=AUTH,
                          json={"state": big})
    assert len(response.content) < 1500 and "xxxxxxxx" not in response.text
    _refused(response, 400)
    response = http.post(f"{E}/interactions", json={"media": "chat", big[:300]: 1})
    assert "xxxxxxxx" * 10 not in _refused(response, 400, "invalid_body")["message"]


def test_a_body_over_the_limit_is_413_in_json(http: httpx.Client) -> None:
    response = http.post(f"{E}/interactions", content=b" " * (MAX_BODY_BYTES + 1),
                         headers=JSON)
    assert _refused(response, 413)["details"]["limit"] == MAX_BODY_BYTES


# -- nesting and numbers --------------------------------------------------------------------------
def test_deep_nesting_gets_a_json_4xx_on_every_kind_of_route(http: httpx.Client) -> None:
    """Found: JSON nested 10,000 deep got a plain-text 500 on the Platform API PATCH routes."""
    cid, agent, leg = _cloud(http)
    party = f"{API}/cobrowsesessions/{cid}/participants/{agent}"
    for method, path, headers in [
        ("PATCH", f"{API}/cobrowsesessions/{cid}", AUTH),
        ("PATCH", party, AUTH),
        ("PATCH", f"{API}/{cid}/participants/{agent}", AUTH),
        ("PATCH", f"{party}/communications/{leg}", AUTH),
        ("POST", f"{party}/communications/{leg}/wrapup", AUTH),
        ("POST", f"{E}/interactions", {}),
        ("POST", f"{C}/conversations", {}),
        ("POST", f"{L}/conversations/nope/cobrowse", {}),
        ("PUT", "/control/config", {}),
    ]:
        response = http.request(method, path, content=DEEP, headers={**headers, **JSON})
        body = _refused(response, 400)
        assert str(MAX_JSON_DEPTH) in body["message"], (path, body)
    shallow = b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1)
    response = http.post(f"{E}/interactions", content=shallow, headers=JSON)
    assert _refused(response, 400, "too_deep")["details"]["limit"] == MAX_JSON_DEPTH


@pytest.mark.parametrize("number", [b"1e400", b"-1e400", b"NaN", b"Infinity", b"-Infinity",
                                    b"12345678901234567890"])
def test_numbers_a_double_cannot_hold_are_refused_not_stored(http: httpx.Client,
                                                             number: bytes) -> None:
    """Found: 1e400 and NaN were stored and sent back as Infinity and NaN (not JSON)."""
    iid, token = _joined(http)
    body = b'{"role": "agent", "x": ' + number + b', "y": 1}'
    response = http.post(f"{E}/sessions/{token}/pointer", content=body, headers=JSON)
    _refused(response, 400)
    feed = http.get(f"{E}/interactions/{iid}/events", params={"role": "customer"})
    assert b"Infinity" not in feed.content and b"NaN" not in feed.content
    assert not [e for e in feed.json()["events"] if e["type"] == "pointer"]
    cid, agent, leg = _cloud(http)
    path = f"{API}/cobrowsesessions/{cid}/participants/{agent}/communications/{leg}/wrapup"
    response = http.post(path, headers={**AUTH, **JSON},
                         content=b'{"code": "c", "durationSeconds": ' + number + b"}")
    _refused(response, 400)


# -- what a web page can send ---------------------------------------------------------------------
@pytest.mark.parametrize(("media", "body"), [
    ("text/plain", b'{"media": "chat"}'),
    ("text/plain;charset=UTF-8", b'{"media": "chat"}'),
    ("application/x-www-form-urlencoded", b"media=chat"),
    ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="media"'
     b"\r\n\r\nchat\r\n--x--\r\n"),
])
def test_json_routes_refuse_other_content_types_with_415(http: httpx.Client, media: str,
                                                         body: bytes) -> None:
    """Found: driver routes took text/plain and form bodies, which any web page can make a
    browser send to 127.0.0.1 without a CORS preflight."""
    for path in (f"{E}/interactions", f"{C}/conversations", "/control/reset"):
        response = http.post(path, content=body, headers={"Content-Type": media})
        refusal = _refused(response, 415, "unsupported_media_type")
        assert "application/json" in refusal["message"]
    interactions = http.get(f"{E}/interactions", params={"customerId": "customer-1"}).json()
    assert interactions["interactions"] == []
    assert http.post(f"{E}/interactions", json={"media": "chat"}).status_code == 201
    # A client that declares no type (curl, scripts) is read as JSON, as before.
    response = http.post(f"{E}/interactions", content=b'{"media": "chat"}')
    assert response.status_code == 201


def test_a_request_from_another_sites_page_is_refused(http: httpx.Client,
                                                      server: BackgroundServer) -> None:
    """A browser marks a page's request with the page's Origin, also one without a body that
    needs no content type: such a request must not end an interaction."""
    iid = http.post(f"{E}/interactions", json={"media": "chat"}).json()["interactionId"]
    response = http.post(f"{E}/interactions/{iid}/end",
                         headers={"Origin": "http://shop.example"})
    _refused(response, 403, "cross_origin")
    assert http.get(f"{E}/interactions/{iid}").json()["state"] == "live"
    own = f"http://127.0.0.1:{server.port}"
    assert http.post(f"{E}/interactions/{iid}/end", headers={"Origin": own}).status_code == 200


# -- feeds ----------------------------------------------------------------------------------------
def test_a_feed_is_served_a_page_at_a_time(http: httpx.Client) -> None:
    """Found: a feed was returned whole (23.6 MB in one answer)."""
    iid, token = _joined(http)
    for n in range(FEED_PAGE_DEFAULT + 30):
        http.post(f"{E}/sessions/{token}/pointer", json={"role": "agent", "x": n, "y": 0})
    first = http.get(f"{E}/interactions/{iid}/events", params={"role": "customer"}).json()
    assert len(first["events"]) == FEED_PAGE_DEFAULT and first["next"] is not None
    rest = http.get(f"{E}/interactions/{iid}/events",
                    params={"role": "customer", "after": first["next"]}).json()
    assert rest["next"] is None
    seen = [e["seq"] for e in first["events"] + rest["events"]]
    assert seen == sorted(set(seen)) and len(seen) == FEED_PAGE_DEFAULT + 31  # + agent-joined
    small = http.get(f"{E}/interactions/{iid}/events",
                     params={"role": "customer", "limit": 5}).json()
    assert [e["seq"] for e in small["events"]] == seen[:5] and small["next"] == seen[4]
    for bad in ("0", "1001", "x", "9" * 30):
        response = http.get(f"{E}/interactions/{iid}/events",
                            params={"role": "customer", "limit": bad})
        _refused(response, 400, "invalid_limit")


def test_the_harness_reads_every_page_of_a_feed(server: BackgroundServer,
                                               http: httpx.Client) -> None:
    """The steps judge a party's whole feed: the engage driver follows ``next``."""
    iid, token = _joined(http)
    for n in range(FEED_PAGE_DEFAULT + 30):
        http.post(f"{E}/sessions/{token}/pointer", json={"role": "agent", "x": n, "y": 0})
    target = TargetInfo("reference", server.base_url, ("genesys-engage",), {})
    log = RunLog()
    driver = EngageDriver(DriverClient(target, http.headers["X-Conformance-World"], log))
    try:
        feed = driver.events(iid, "customer")
    finally:
        driver.client.close()
    assert len(feed) == FEED_PAGE_DEFAULT + 31
    assert [e["x"] for e in feed if e["type"] == "pointer"] == list(range(FEED_PAGE_DEFAULT + 30))


def test_a_feed_keeps_only_its_newest_events(http: httpx.Client,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "MAX_FEED_EVENTS", 10)
    monkeypatch.setattr(world, "SWEEP_EVERY_SECONDS", 0.0)
    iid, token = _joined(http)
    for n in range(40):
        http.post(f"{E}/sessions/{token}/pointer", json={"role": "agent", "x": n, "y": 0})
    events = http.get(f"{E}/interactions/{iid}/events", params={"role": "customer"}).json()
    assert 0 < len(events["events"]) <= 11
    assert events["events"][-1]["x"] == 39


# -- records a world keeps ------------------------------------------------------------------------
def test_a_full_world_forgets_its_oldest_ended_interactions_then_refuses(
        http: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "MAX_RECORDS", 4)
    made = [http.post(f"{E}/interactions", json={"media": "chat"}).json()["interactionId"]
            for _ in range(4)]
    refusal = _refused(http.post(f"{E}/interactions", json={"media": "chat"}), 429,
                       "too_many_interactions")
    assert refusal["details"]["limit"] == 4
    assert http.post(f"{E}/interactions/{made[0]}/end").status_code == 200
    assert http.post(f"{E}/interactions", json={"media": "chat"}).status_code == 201
    assert http.get(f"{E}/interactions/{made[0]}").status_code == 404
    assert all(http.get(f"{E}/interactions/{i}").status_code == 200 for i in made[1:])


@pytest.fixture
def long_running(monkeypatch: pytest.MonkeyPatch) -> Iterator[httpx.Client]:
    """A reference outside test mode (one world, the wall clock) that keeps what ended for a
    fraction of a second instead of an hour."""
    monkeypatch.setattr(world, "RETAIN_ENDED_SECONDS", 0.2)
    monkeypatch.setattr(world, "SWEEP_EVERY_SECONDS", 0.0)
    running = BackgroundServer(test_mode=False)
    running.start()
    try:
        with httpx.Client(base_url=running.base_url, timeout=30) as client:
            yield client
    finally:
        running.stop()


def test_a_long_running_server_forgets_what_ended_after_the_retention(
        long_running: httpx.Client) -> None:
    """Found: in a long-running server interactions, ended sessions, feeds and conversations
    were never removed."""
    http = long_running
    ended, ended_token = _joined(http)
    history = http.get(f"{E}/sessions/{ended_token}").json()["historyId"]
    live, live_token = _joined(http, "agent-2")
    assert http.post(f"{E}/interactions/{ended}/end").status_code == 200
    cloud = http.post(f"{C}/conversations", json={}).json()["conversationId"]
    http.post(f"{C}/conversations/{cloud}/cobrowse")
    assert http.post(f"{C}/conversations/{cloud}/end").status_code == 200
    assert http.get(f"{E}/history/{history}").status_code == 200  # kept while retained
    time.sleep(0.5)
    http.get("/driver/capabilities")
    assert http.get(f"{E}/interactions/{ended}").status_code == 404
    assert http.get(f"{E}/history/{history}").status_code == 404
    assert http.get(f"{E}/sessions/{ended_token}").status_code == 404
    assert http.get(f"{C}/conversations/{cloud}").status_code == 404
    assert http.get(f"{API}/{cloud}", headers=AUTH).status_code == 404
    assert http.get(f"{E}/interactions/{live}").json()["state"] == "live"
    assert http.get(f"{E}/sessions/{live_token}").json()["state"] == "active"


def test_openapi_still_serves_with_the_limits(http: httpx.Client) -> None:
    document = http.get("/openapi.json").json()
    feed = document["paths"][f"{E}/interactions/{{iid}}/events"]["get"]
    limit = next(p for p in feed["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 1000 and json.dumps(document)
