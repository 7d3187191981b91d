"""Fuzzing any target's HTTP API with schemathesis, bounded, with coverage figures.

The conformance suite checks documented rules; the fuzzer checks the promise
every server makes whatever the input: no 5xx, only documented statuses and
content types, responses that match their schemas. It runs schemathesis's own
command (``st run``) against the target's OpenAPI document (the reference
publishes one at ``/openapi.json``), reads its event stream, and reports each
finding with a curl command that reproduces it, and the figures that say how
deep the fuzzing went: operations reached (answered 2xx at least once), the
share of answers that are not 404, stateful links followed, examples per second.
"""

from __future__ import annotations

import base64
import json
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The checks a fuzz run applies: what every server promises whatever the input.
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance")
#: The operations of each profile (path prefixes), for --profile.
PROFILE_PATHS = {
    "genesys-engage": r"^/driver/genesys-engage/",
    "genesys-cloud": r"^/(driver/genesys-cloud/|api/v2/|oauth/)",
    "liveperson": r"^/driver/liveperson/",
}


class FuzzError(RuntimeError):
    """schemathesis could not run (not installed, no document, an error of its own)."""


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
    #: Operations that answered 2xx at least once: their request reached the core.
    operations_reached: list[str] = field(default_factory=list)
    responses: int = 0
    not_found: int = 0
    links_followed: int = 0
    findings: list[FuzzFinding] = field(default_factory=list)
    output: str = ""

    @property
    def non_404_share(self) -> float:
        return 1 - self.not_found / self.responses if self.responses else 0.0

    def figures(self) -> dict[str, Any]:
        return {
            "operations": self.operations,
            "operationsReached": len(self.operations_reached),
            "responses": self.responses,
            "non404Share": round(self.non_404_share, 3),
            "linksFollowed": self.links_followed,
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


def run_fuzz(openapi: str, headers: dict[str, str], out: Path, *, max_examples: int,
             stateful: bool, seed: int | None, profile_regex: str | None,
             timeout: float) -> FuzzResult:
    """Run schemathesis once, bounded by examples and by ``timeout`` seconds."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.ndjson"):
        old.unlink()
    args = [st_command(), "run", openapi, "--max-examples", str(max_examples),
            "--checks", ",".join(CHECKS), "--request-timeout", "10",
            "--report", "json,ndjson", "--report-dir", str(out),
            "--report-json-path", str(out / "schemathesis.json"),
            "--report-ndjson-path", str(out / "events.ndjson"),
            "--phases", "examples,coverage,fuzzing" + (",stateful" if stateful else "")]
    if seed is not None:
        args += ["--seed", str(seed)]
    for name, value in headers.items():
        args += ["--header", f"{name}: {value}"]
    if profile_regex:
        args += ["--include-path-regex", profile_regex]
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise FuzzError(f"the fuzz run took longer than {timeout:.0f} s; lower "
                        "--max-examples") from None
    summary_path = out / "schemathesis.json"
    if not summary_path.exists():
        raise FuzzError("schemathesis did not run: "
                        + (proc.stderr.strip() or proc.stdout.strip())[-1500:])
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    result = FuzzResult(
        exit_code=proc.returncode, seed=summary.get("seed"),
        seconds=float(summary.get("running_time") or 0),
        generated=int(summary.get("test_cases", {}).get("generated", 0)),
        operations=int(summary.get("operations", {}).get("selected", 0)),
        output=proc.stdout[-20000:])
    _read_events(out / "events.ndjson", result)
    return result


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
    reached: set[str] = set()
    statuses: Counter[int] = Counter()
    seen: set[tuple[str, str, str]] = set()
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished.get("recorder") or {}
        for case_id, case in (recorder.get("cases") or {}).items():
            if case.get("is_transition_applied"):
                result.links_followed += 1
            interaction = (recorder.get("interactions") or {}).get(case_id)
            if not interaction or not interaction.get("response"):
                continue
            status = int(interaction["response"].get("status_code", 0))
            statuses[status] += 1
            value = case.get("value") or {}
            label = str(recorder.get("label", "?"))
            # The stateful phase records one scenario of many operations: name each case's.
            operation = label if " /" in label else \
                f"{value.get('method', '?')} {value.get('path', '?')}"
            if 200 <= status < 300:
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
    result.responses = sum(statuses.values())
    result.not_found = statuses.get(404, 0)
    result.operations_reached = sorted(reached)
