"""The fuzz command's set-up: its fixture world, the document it fuzzes, its figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness import fuzz_world
from harness.fuzz import FuzzResult, _read_events
from harness.fuzz_config import declared_links, schemathesis_config
from harness.fuzz_world import Fixture, FixtureWorld, for_walk, with_fixtures

DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/driver/a/things": {"post": {
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"},
                "example": {"kind": "x", "ownerId": "o"}}}},
            "responses": {"201": {"description": "made", "links": {
                "getThing": {"operationId": "getThing",
                             "parameters": {"tid": "$response.body#/id"}}}}}}},
        "/driver/a/things/{tid}": {"get": {
            "operationId": "getThing",
            "parameters": [{"name": "tid", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "the thing"}}}},
        "/driver/b/things/{tid}": {"get": {
            "parameters": [{"name": "tid", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "another profile's thing"}}}},
    },
    "components": {"schemas": {"Thing": {
        "type": "object", "required": ["kind"], "additionalProperties": False,
        "properties": {"kind": {"type": "string"}, "ownerId": {"type": "string"}}}}},
}


def _world() -> FixtureWorld:
    return FixtureWorld(fixtures=[Fixture("one", "/driver/a/", {"tid": "t-1"}),
                                  Fixture("two", "/driver/a/", {"tid": "t-2"})])


def test_fixture_identifiers_become_named_examples_of_their_own_profile_only() -> None:
    out = with_fixtures(DOC, _world())
    parameter = out["paths"]["/driver/a/things/{tid}"]["get"]["parameters"][0]
    assert parameter["examples"] == {"one": {"value": "t-1"}, "two": {"value": "t-2"}}
    other = out["paths"]["/driver/b/things/{tid}"]["get"]["parameters"][0]
    assert "examples" not in other
    assert "examples" not in DOC["paths"]["/driver/a/things/{tid}"]["get"]["parameters"][0]


def test_a_fixture_kept_for_some_paths_names_objects_on_those_only() -> None:
    world = _world()
    world.fixtures.append(Fixture("kept", "/driver/", {"tid": "t-3"}, only=r"^GET .*/b/"))
    pools = world.pools([("get", "/driver/a/things/{tid}"), ("get", "/driver/b/things/{tid}"),
                         ("post", "/driver/a/things/{tid}/end")])
    assert pools[("get", "/driver/a/things/{tid}")] == {"tid": ["t-1", "t-2"]}
    assert pools[("get", "/driver/b/things/{tid}")] == {"tid": ["t-3"]}
    # What ends an object is given objects of its own, never the others' live ones.
    assert ("post", "/driver/a/things/{tid}/end") not in pools


def test_a_body_naming_a_live_object_is_added_beside_the_documents_example() -> None:
    world = _world()
    world.bodies[("post", "/driver/a/things")] = {"kind": "live"}
    media = with_fixtures(DOC, world)["paths"]["/driver/a/things"]["post"]["requestBody"][
        "content"]["application/json"]
    assert media["examples"] == {"document": {"value": {"kind": "x", "ownerId": "o"}},
                                 "fixture": {"value": {"kind": "live"}}}


def test_the_walk_leaves_a_creates_optional_identifiers_to_the_server() -> None:
    out = for_walk(DOC)
    thing = out["components"]["schemas"]["Thing"]
    assert set(thing["properties"]) == {"kind"}
    assert out["paths"]["/driver/a/things"]["post"]["requestBody"]["content"][
        "application/json"]["example"] == {"kind": "x"}
    assert "ownerId" in DOC["components"]["schemas"]["Thing"]["properties"]


def test_the_control_api_runs_in_a_world_of_its_own_or_not_at_all() -> None:
    world = FixtureWorld(fixtures=[Fixture("one", "/driver/a/", {"tid": "t-1"})])
    operations = [("get", path) for path in DOC["paths"]]
    with_world = schemathesis_config({"X-Conformance-World": "w"}, world, operations,
                                     max_steps=9)
    assert 'include-path-regex = "^/control/"' in with_world
    assert '"X-Conformance-World" = "w-control"' in with_world
    assert "max-steps = 9" in with_world
    assert 'values = ["t-1"]' in with_world
    assert '"path.tid" = { "dictionary" = "fixture-0", "probability" = 0.8 }' in with_world
    assert 'include-name = "GET /driver/a/things/{tid}"' in with_world
    assert "/driver/b/" not in with_world
    alone = schemathesis_config({}, FixtureWorld(), operations, max_steps=9)
    assert "enabled = false" in alone and "reset|config|clock/advance" in alone


def _event(label: str, phase: str, cases: list[tuple[str, int, str | None]]) -> str:
    recorder: dict[str, Any] = {"label": label, "cases": {}, "interactions": {}, "checks": {}}
    for number, (operation, status, link) in enumerate(cases):
        method, path = operation.split(" ", 1)
        recorder["cases"][str(number)] = {
            "value": {"method": method, "path": path}, "is_transition_applied": bool(link),
            "transition": {"id": link} if link else None}
        recorder["interactions"][str(number)] = {
            "request": {"method": method, "uri": f"http://t{path}"},
            "response": {"status_code": status}}
    return json.dumps({"ScenarioFinished": {"phase": phase, "recorder": recorder}})


def test_the_figures_count_the_core_answers_not_the_front_doors(tmp_path: Path) -> None:
    events = tmp_path / "events.ndjson"
    events.write_text("\n".join([
        _event("GET /a/{id}", "fuzzing", [("GET /a/{id}", 404, None), ("GET /a/{id}", 400, None)]),
        _event("GET /b/{id}", "fuzzing", [("GET /b/{id}", 409, None)]),
        _event("Stateful tests", "stateful", [
            ("POST /a", 201, None),
            ("GET /a/{id}", 200, "POST /a -> [201] getA -> GET /a/{id}"),
            ("GET /c", 200, "POST /a -> [201] Inferred -> GET /c")]),
    ]) + "\n")
    result = FuzzResult(exit_code=0, seed=1, seconds=2.0, generated=6, operations=4)
    result.links_declared = {("POST /a", "201", "getA"), ("POST /a", "201", "other")}
    _read_events(events, result)
    figures = result.figures()
    assert result.operations_reached == ["GET /a/{id}", "GET /b/{id}", "GET /c", "POST /a"]
    assert result.operations_succeeded == ["GET /a/{id}", "GET /c", "POST /a"]
    assert figures["responses"] == 6 and figures["non404Share"] == round(5 / 6, 3)
    assert figures["linksFollowed"] == 2 and figures["distinctLinksFollowed"] == 2
    assert figures["declaredLinksFollowed"] == 1 and figures["linksDeclared"] == 2
    assert figures["examplesPerSecond"] == 3.0


def test_declared_links_are_named_as_schemathesis_names_their_sources() -> None:
    assert declared_links(DOC, None) == {("POST /driver/a/things", "201", "getThing")}
    assert declared_links(DOC, r"^/driver/b/") == set()


def test_a_target_that_declares_no_profile_gets_no_fixtures() -> None:
    from harness.targets import TargetInfo

    target = TargetInfo("t", "http://127.0.0.1:9", (), {})
    world = fuzz_world.build(target, None)
    assert world.fixtures == [] and world.notes == []
