"""The fuzz command: schemathesis against any target, with findings and coverage figures."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli

DOC = {
    "openapi": "3.0.3",
    "info": {"title": "a small target", "version": "1"},
    "paths": {
        "/items/{id}": {"get": {
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "the item", "content": {"application/json": {
                "schema": {"type": "object", "required": ["id"],
                           "properties": {"id": {"type": "integer"}}}}}},
                          "404": {"description": "no such item", "content": {
                              "application/json": {"schema": {"type": "object"}}}}}}},
        "/boom": {"post": {
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"type": "object"}}}},
            "responses": {"200": {"description": "never"}}}},
    },
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/openapi.json":
            self._send(200, DOC)
        elif self.path.startswith("/items/") and self.path[7:].lstrip("-").isdigit():
            self._send(200, {"id": int(self.path[7:])})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(500, {"error": "boom"}) if self.path == "/boom" else self._send(404, {})

    def _not_allowed(self) -> None:
        self._send(405, {"error": "method not allowed"})

    do_PUT = do_PATCH = do_DELETE = do_TRACE = do_OPTIONS = do_QUERY = _not_allowed

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def small_target(tmp_path: Path) -> Iterator[Path]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target_file = tmp_path / "target.yaml"
    target_file.write_text(f"url: http://127.0.0.1:{server.server_address[1]}\n"
                           "profiles: []\ncapabilities: {}\n")
    try:
        yield target_file
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_a_route_answering_500_is_found_with_a_curl_reproduction(small_target: Path,
                                                                 tmp_path: Path) -> None:
    code, out, err = run_cli("fuzz", "--target-file", str(small_target), "--max-examples", "5",
                             "--seed", "1", "--report-dir", str(tmp_path / "out"))
    assert code == 1, out + err
    report = json.loads((tmp_path / "out" / "fuzz.json").read_text())
    boom = [f for f in report["findings"] if f["check"] == "not_a_server_error"]
    assert boom and boom[0]["operation"] == "POST /boom" and boom[0]["status"] == 500
    assert boom[0]["curl"].startswith("curl -X POST http://127.0.0.1:")
    figures = report["figures"]
    assert figures["operations"] == 2 and figures["responses"] > 2
    assert 0 < figures["non404Share"] <= 1 and figures["examples"] > 0


@pytest.mark.slow
def test_one_profile_is_fuzzed_with_its_own_fixture_world(tmp_path: Path) -> None:
    code, out, err = run_cli("fuzz", "--profile", "genesys-engage", "--max-examples", "3",
                             "--stateful", "--seed", "1", "--report-dir", str(tmp_path))
    assert code == 0, out + err
    figures = json.loads((tmp_path / "fuzz.json").read_text())["figures"]
    assert figures["operations"] == 17
    assert figures["operationsReached"] >= 15 and figures["non404Share"] >= 0.8, figures
    assert figures["declaredLinksFollowed"] > 0, figures
    for step in ("stateless", "stateful"):
        world = json.loads((tmp_path / "fuzz" / step / "fixtures.json").read_text())
        assert world["fixtures"] and not world["notes"], world
        assert {f["prefix"] for f in world["fixtures"]} == {"/driver/genesys-engage/"}
