"""An httpx client that logs every exchange (``harness.runlog``): the oracles' evidence."""

from __future__ import annotations

import json
import ssl
from functools import cache
from typing import Any

import httpx

from harness.checks import SetupError
from harness.runlog import RunLog
from harness.targets import TargetInfo

WORLD_HEADER = "X-Conformance-World"


def _decode(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return content[:2000].decode("utf-8", "replace")


@cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client: loading the CA bundle per scenario costs 25 ms."""
    return ssl.create_default_context()


class DriverClient:
    """HTTP to the target, in one world, recording everything."""

    def __init__(self, target: TargetInfo, world: str | None, log: RunLog) -> None:
        headers = dict(target.headers)
        if world is not None:
            headers[WORLD_HEADER] = world
        self.http = httpx.Client(base_url=target.base_url, headers=headers, timeout=30,
                                 verify=tls_context())
        self.log = log

    def request(self, method: str, path: str, json_body: Any = None,
                **kwargs: Any) -> httpx.Response:
        started = self.log.mark()
        response = self.http.request(method, path, json=json_body, **kwargs)
        self.log.http(method, str(response.request.url), response.status_code,
                      json_body if json_body is not None else _decode(response.request.content),
                      _decode(response.content), response.headers.get("content-type", ""),
                      response.content, started)
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json_body: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, json_body, **kwargs)

    def put(self, path: str, json_body: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, json_body, **kwargs)

    def patch(self, path: str, json_body: Any = None, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, json_body, **kwargs)

    def close(self) -> None:
        self.http.close()


class Control:
    """The control API: configure, move the clock. Absent capabilities are reported."""

    def __init__(self, client: DriverClient, target: TargetInfo) -> None:
        self.client = client
        self.target = target
        self._saved: dict[str, dict[str, Any]] = {}

    def configure(self, profile: str, **settings: Any) -> None:
        if not self.target.can("worlds") and profile not in self._saved:
            # Without a world of its own the scenario changes everybody's settings: note
            # them now so that restore() can put them back afterwards.
            current = self.client.get("/control/config")
            if current.status_code == 200:
                self._saved[profile] = dict(current.json().get(profile, {}))
        response = self.client.put("/control/config", {profile: settings})
        if response.status_code != 200:
            raise SetupError(
                f"the target refused configuration {settings}: {response.status_code} "
                f"{response.text}"
            )

    def restore(self) -> None:
        """Put back the settings this scenario changed (targets without worlds only)."""
        for profile, settings in self._saved.items():
            self.client.put("/control/config", {profile: settings})
        self._saved.clear()

    def advance(self, seconds: float) -> int:
        response = self.client.post("/control/clock/advance", {"seconds": seconds})
        if response.status_code != 200:
            raise SetupError(f"the target refused to advance its clock: {response.text}")
        return int(response.json()["now"])

    def now(self) -> int:
        return int(self.client.get("/control/clock").json()["now"])
