"""Fuzzing any target's HTTP API with schemathesis, bounded, with coverage figures.

The conformance suite checks documented rules; the fuzzer checks the promise
every server makes whatever the input: no 5xx, only documented statuses and
content types, responses that match their schemas. A fuzzer only finds what its
requests reach, so the run is set up to reach the core: a fixture world made
through the driver API first (``harness.fuzz_world``) names live objects in the
fuzzer's copy of the document; the stateful phase walks the document's links
through whole lifecycles; the control API is fuzzed in a world of its own, so
that resetting it or moving its clock never destroys those objects. It then runs
schemathesis's own command (``st run``), reads its event stream, and reports each
finding with a curl command that reproduces it, and the figures that say how deep
the fuzzing went (``FuzzResult.figures``).
"""

from __future__ import annotations

import base64
import json
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import fuzz_world
from harness.fuzz_config import (
    TRANSITION,
    WORLD_HEADER,
    FuzzError,
    base_url_of,
    declared_links,
    load_document,
    operations_of,
    schemathesis_config,
    target_at,
)
from harness.targets import TargetInfo

__all__ = ["CHECKS", "PROFILE_PATHS", "FuzzError", "FuzzFinding", "FuzzResult", "run_fuzz"]

#: The checks a fuzz run applies: what every server promises whatever the input.
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance")
#: The operations of each profile (path prefixes), for --profile.
PROFILE_PATHS = {
    "genesys-engage": r"^/driver/genesys-engage/",
    "genesys-cloud": r"^/(driver/genesys-cloud/|api/v2/|oauth/)",
    "liveperson": r"^/(driver/liveperson/|ws_api/)",
}
#: Answers only the core gives, about an object it found: success, or a refusal because
#: of the object's state (forbidden for this party, conflicting, gone). A 404 or 405
#: never got there, nor did a refusal of the request's form (400, 401, 413, 415, 426).
REACHED = frozenset({403, 409, 410})
#: Steps per stateful scenario: enough for a create, its follow-ups and their follow-ups.
STATEFUL_STEPS = 80


@dataclass
class FuzzFinding:
    check: str
    operation: str
    message: str
    status: int | None
    curl: str

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "operation": self.operation, "message": self.message,
                "status": self.status, "curl": self.curl}


@dataclass
class FuzzResult:
    exit_code: int
    seed: int | None
    seconds: float
    generated: int
    operations: int
    #: Operations the core answered at least once (2xx, or 403/409/410 about an object).
    operations_reached: list[str] = field(default_factory=list)
    #: Operations that answered 2xx at least once.
    operations_succeeded: list[str] = field(default_factory=list)
    responses: int = 0
    not_found: int = 0
    #: Stateful steps whose request took its values from an earlier response's link.
    links_followed: int = 0
    #: The distinct links (source, status, name, target) followed at least once.
    distinct_links: set[str] = field(default_factory=set)
    #: The links the document declares (those of the selected operations' responses).
    links_declared: set[tuple[str, str, str]] = field(default_factory=set)
    findings: list[FuzzFinding] = field(default_factory=list)
    fixtures: dict[str, Any] = field(default_factory=dict)
    output: str = ""

    def declared_links_followed(self) -> set[tuple[str, str, str]]:
        """The document's own links followed at least once (schemathesis also follows links
        it infers from names; those count in ``distinct_links`` only)."""
        found = {(m["source"], m["status"], m["name"])
                 for m in map(TRANSITION.match, self.distinct_links) if m}
        return found & self.links_declared

    @property
    def non_404_share(self) -> float:
        return 1 - self.not_found / self.responses if self.responses else 0.0

    def figures(self) -> dict[str, Any]:
        return {
            "operations": self.operations,
            "operationsReached": len(self.operations_reached),
            "operationsSucceeded": len(self.operations_succeeded),
            "responses": self.responses,
            "non404Share": round(self.non_404_share, 3),
            "linksFollowed": self.links_followed,
            "distinctLinksFollowed": len(self.distinct_links),
            "declaredLinksFollowed": len(self.declared_links_followed()),
            "linksDeclared": len(self.links_declared),
            "examples": self.generated,
            "examplesPerSecond": round(self.generated / self.seconds, 1) if self.seconds else 0,
            "seconds": round(self.seconds, 1),
            "seed": self.seed,
        }


def st_command() -> str:
    found = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    if not Path(found).exists():
        raise FuzzError("schemathesis is not installed (pip install schemathesis)")
    return found


# -- the run --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pass:
    """One schemathesis run: its phases, in a world of its own with its own fixtures."""

    name: str
    phases: str
    purpose: str  # what the fixture world is for: fuzz_world.STATELESS or fuzz_world.WALK
    world_suffix: str


STATELESS_PASS = Pass("stateless", "examples,coverage,fuzzing", fuzz_world.STATELESS, "")
#: The walk needs objects no earlier phase has used up: its own world and fixtures.
STATEFUL_PASS = Pass("stateful", "stateful", fuzz_world.WALK, "-walk")


def run_fuzz(openapi: str, headers: dict[str, str], out: Path, *, max_examples: int,
             stateful: bool, seed: int | None, profile_regex: str | None,
             timeout: float, target: TargetInfo | None = None,
             max_steps: int = STATEFUL_STEPS, fixtures: bool = True) -> FuzzResult:
    """Fuzz a target, bounded by examples and by ``timeout`` seconds in all.

    The stateless phases run first; with ``stateful`` the walk follows as a pass of its
    own. ``target`` says where the driver API is and with which credentials (by default
    what the document's server declares at ``/driver/capabilities``); ``fixtures`` makes
    each pass's fixture world there first. Each pass leaves schemathesis's own reports,
    the document it fuzzed and its fixture world under ``out/<pass>/``.
    """
    document = load_document(openapi, headers)
    base_url = target.base_url if target is not None else base_url_of(openapi, document)
    info = (target or target_at(base_url, headers)) if fixtures else None
    result = FuzzResult(exit_code=0, seed=seed, seconds=0.0, generated=0, operations=0)
    deadline = time.monotonic() + timeout
    for step in [STATELESS_PASS, *([STATEFUL_PASS] if stateful else [])]:
        world_name = headers.get(WORLD_HEADER)
        pass_headers = dict(headers)
        if world_name:
            world_name = pass_headers[WORLD_HEADER] = world_name + step.world_suffix
        world = fuzz_world.FixtureWorld()
        if info is not None:
            world = fuzz_world.build(info, world_name, profile_regex, step.purpose,
                                     walks=max_examples)
        _run_pass(step, document, base_url, pass_headers, world, out / step.name, result,
                  max_examples=max_examples, seed=seed, profile_regex=profile_regex,
                  max_steps=max_steps, timeout=deadline - time.monotonic())
        result.fixtures[step.name] = world.as_dict()
    if stateful:
        result.links_declared = declared_links(document, profile_regex)
    return result


def _run_pass(step: Pass, document: dict[str, Any], base_url: str, headers: dict[str, str],
              world: fuzz_world.FixtureWorld, out: Path, result: FuzzResult, *,
              max_examples: int, seed: int | None, profile_regex: str | None,
              max_steps: int, timeout: float) -> None:
    """Run schemathesis once and add what it found and measured to ``result``."""
    if timeout <= 0:
        raise FuzzError("the fuzz run took longer than its --timeout; lower --max-examples")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.ndjson"):
        old.unlink()
    copy_path = out / "openapi.json"
    fuzzed = fuzz_world.with_fixtures(document, world)
    if step.purpose == fuzz_world.WALK:
        fuzzed = fuzz_world.for_walk(fuzzed)
    copy_path.write_text(json.dumps(fuzzed, indent=1), encoding="utf-8")
    config = out / "schemathesis.toml"
    config.write_text(schemathesis_config(headers, world, operations_of(document),
                                          max_steps=max_steps),
                      encoding="utf-8")
    (out / "fixtures.json").write_text(json.dumps(world.as_dict(), indent=1) + "\n",
                                       encoding="utf-8")
    args = [st_command(), "--config-file", str(config), "run", str(copy_path),
            "--url", base_url, "--max-examples", str(max_examples),
            "--checks", ",".join(CHECKS), "--request-timeout", "10",
            "--report", "json,ndjson", "--report-dir", str(out),
            "--report-json-path", str(out / "schemathesis.json"),
            "--report-ndjson-path", str(out / "events.ndjson"), "--phases", step.phases]
    if seed is not None:
        args += ["--seed", str(seed)]
    if profile_regex:
        args += ["--include-path-regex", profile_regex]
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise FuzzError("the fuzz run took longer than its --timeout; lower "
                        "--max-examples") from None
    summary_path = out / "schemathesis.json"
    if not summary_path.exists():
        raise FuzzError("schemathesis did not run: "
                        + (proc.stderr.strip() or proc.stdout.strip())[-1500:])
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    result.exit_code = max(result.exit_code, proc.returncode)
    result.seed = summary.get("seed", result.seed)
    result.seconds += float(summary.get("running_time") or 0)
    result.generated += int(summary.get("test_cases", {}).get("generated", 0))
    result.operations = max(result.operations,
                            int(summary.get("operations", {}).get("selected", 0)))
    result.output += proc.stdout[-10000:]
    _read_events(out / "events.ndjson", result)
    for error in summary.get("errors") or []:
        # An error of the run itself (links that name no operation, a document it cannot
        # use): the document promises what its server cannot be checked against.
        result.findings.append(FuzzFinding("schemathesis_error", f"({step.name} pass)",
                                           str(error.get("title", error)), None, ""))


def _decode(body: Any) -> str:
    if isinstance(body, dict) and "$base64" in body:
        return base64.b64decode(body["$base64"]).decode("utf-8", "replace")
    return "" if body is None else str(body)


def curl(request: dict[str, Any]) -> str:
    """A curl command that sends the request again."""
    args = ["curl", "-X", str(request.get("method", "GET")), str(request.get("uri", ""))]
    for name, values in (request.get("headers") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            args += ["-H", f"{name}: {value}"]
    body = _decode(request.get("body"))
    if body:
        args += ["--data-raw", body]
    return shlex.join(args)


def _read_events(path: Path, result: FuzzResult) -> None:
    """Add one pass's answers, links and failures (from its event stream) to ``result``."""
    if not path.exists():
        return
    reached, succeeded = set(result.operations_reached), set(result.operations_succeeded)
    seen = {(f.check, f.operation, str((f.status or 0) // 100)) for f in result.findings}
    for line in path.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder") or {}
        for case_id, case in (recorder.get("cases") or {}).items():
            if case.get("is_transition_applied"):
                result.links_followed += 1
                result.distinct_links.add(str((case.get("transition") or {}).get("id")))
            interaction = (recorder.get("interactions") or {}).get(case_id)
            if not interaction or not interaction.get("response"):
                continue
            status = int(interaction["response"].get("status_code", 0))
            result.responses += 1
            result.not_found += status == 404
            value = case.get("value") or {}
            label = str(recorder.get("label", "?"))
            # The stateful phase records one scenario of many operations: name each case's.
            operation = label if " /" in label else \
                f"{value.get('method', '?')} {value.get('path', '?')}"
            if 200 <= status < 300:
                succeeded.add(operation)
            if 200 <= status < 300 or status in REACHED:
                reached.add(operation)
            for check in (recorder.get("checks") or {}).get(case_id, []):
                if check.get("status") != "failure":
                    continue
                key = (check.get("name", ""), operation, str(status // 100))
                if key in seen:
                    continue
                seen.add(key)
                info = check.get("failure_info") or {}
                failure = info.get("failure") or {}
                message = str(failure.get("title") or failure.get("message") or check["name"])
                result.findings.append(FuzzFinding(check["name"], operation, message, status,
                                                   curl(interaction["request"])))
    result.operations_reached = sorted(reached)
    result.operations_succeeded = sorted(succeeded)
