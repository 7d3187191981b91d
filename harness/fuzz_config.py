"""What a fuzz run is given: the document, the target, and schemathesis's configuration.

The document comes from the target (or a file); the target's declared profiles and
credentials say which fixture world can be made; the configuration carries the
headers of every request, binds path and query parameters to the fixture world's
identifiers most of the time, sets the stateful walk's length, and keeps the control
API away from the fixtures (in a world of its own, or out of the run).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml

from harness import fuzz_world
from harness.targets import TargetConfigError, TargetInfo, TargetUnreachable, discover

WORLD_HEADER = "X-Conformance-World"
#: Control routes that change a whole world: without worlds of its own a run leaves them out.
WORLD_CHANGING = r"^/control/(reset|config|clock/advance)$"
#: How often a parameter the fixture world has values for takes one of them.
FIXTURE_SHARE = 0.8


class FuzzError(RuntimeError):
    """schemathesis could not run (not installed, no document, an error of its own)."""


def load_document(openapi: str, headers: dict[str, str]) -> dict[str, Any]:
    """The OpenAPI document at a URL or in a file (JSON or YAML)."""
    try:
        if urlsplit(openapi).scheme in ("http", "https"):
            response = httpx.get(openapi, headers=headers, timeout=30)
            response.raise_for_status()
            text = response.text
        else:
            text = Path(openapi).read_text(encoding="utf-8")
        document = yaml.safe_load(text)
    except (httpx.HTTPError, OSError, ValueError, yaml.YAMLError) as exc:
        raise FuzzError(f"the OpenAPI document {openapi} cannot be read: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
        raise FuzzError(f"{openapi} is not an OpenAPI document (no paths)")
    return document


def base_url_of(openapi: str, document: dict[str, Any]) -> str:
    """Where the operations are: the document's first absolute server, else its own origin."""
    for server in document.get("servers") or []:
        url = str(server.get("url", "")) if isinstance(server, dict) else ""
        if urlsplit(url).scheme in ("http", "https"):
            return url.rstrip("/")
    parts = urlsplit(openapi)
    if parts.scheme not in ("http", "https"):
        raise FuzzError(f"the document {openapi} names no server URL; fuzz it with --target")
    return f"{parts.scheme}://{parts.netloc}"


def target_at(base_url: str, headers: dict[str, str]) -> TargetInfo:
    """What a target at ``base_url`` declares (``/driver/capabilities``), for a caller that
    gives no TargetInfo; a target that declares nothing gets no fixture world. A bearer
    ``Authorization`` among ``headers`` is the Platform API's token (the fuzz command
    sends it with every request): the fixtures send it to the Platform API only, since
    the consumer's WebSocket reads that header as the consumer's own credential."""
    plain = {k: v for k, v in headers.items()
             if k.lower() not in (WORLD_HEADER.lower(), "authorization")}
    try:
        declared = discover(base_url, plain)
    except (TargetConfigError, TargetUnreachable):  # it declares nothing: no fixtures
        declared = {"profiles": [], "capabilities": {}, "credentials": {}}
    credentials = dict(declared["credentials"])
    scheme, _, token = headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        credentials["genesys-cloud"] = {**credentials.get("genesys-cloud", {}), "token": token}
    return TargetInfo(name=base_url, base_url=base_url, profiles=tuple(declared["profiles"]),
                      capabilities=dict(declared["capabilities"]), headers=plain,
                      credentials=credentials)


def operations_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (method, path) the document lists."""
    return [(method, path) for path, item in document.get("paths", {}).items()
            for method in item if method in fuzz_world.METHODS]


def declared_links(document: dict[str, Any], include: str | None) -> set[tuple[str, str, str]]:
    """Every link the document declares on the selected operations: (source, status, name),
    the source named as schemathesis labels it (``POST /path``)."""
    out: set[tuple[str, str, str]] = set()
    for path, item in document.get("paths", {}).items():
        if include and not re.search(include, path):
            continue
        for method, op in item.items():
            if not isinstance(op, dict):
                continue
            for status, answer in (op.get("responses") or {}).items():
                if isinstance(answer, dict):
                    out |= {(f"{method.upper()} {path}", str(status), str(name))
                            for name in answer.get("links") or {}}
    return out


#: schemathesis's name of a transition: "<source> -> [<status>] <link name> -> <target>".
TRANSITION = re.compile(
    r"^(?P<source>.+?) -> \[(?P<status>[^\]]+)\] (?P<name>.+) -> (?P<target>.+)$")


def _toml(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value))


def schemathesis_config(headers: dict[str, str], world: fuzz_world.FixtureWorld,
                        operations: Iterable[tuple[str, str]], *, max_steps: int) -> str:
    """schemathesis.toml: the headers of every request; the fixture world's identifiers as
    the values a path or query parameter takes ``FIXTURE_SHARE`` of the time (the rest are
    made up, so unknown identifiers are still tried); the stateful walk's length; and the
    control API kept out of the fixtures' world (a world of its own, or left out)."""
    lines = [f"headers = {_toml(headers)}" if headers else "", "", "[phases.stateful]",
             f"max-steps = {max_steps}", "",
             # The walk follows the document's links only: links schemathesis would infer
             # from names pair identifiers the document does not (a participant of one
             # conversation with another), and each such step is a 404 that reaches nothing.
             "[phases.stateful.inference]", "algorithms = []", ""]
    for phase in ("examples", "coverage", "fuzzing"):
        # Identifiers schemathesis would take from earlier answers and send anywhere, to an
        # ending too: the fixtures alone decide which objects an operation meets.
        lines += [f"[phases.{phase}.extra-data-sources]", "responses = false", ""]
    entries: list[list[str]] = []
    names: dict[str, str] = {}  # one dictionary per distinct list of values
    for (method, path), parameters in sorted(world.pools(operations).items()):
        bindings: dict[str, Any] = {}
        for name, values in sorted(parameters.items()):
            key = json.dumps(values)
            if key not in names:
                names[key] = f"fixture-{len(names)}"
                lines += [f"[dictionaries.{json.dumps(names[key])}]", f"values = {key}", ""]
            for location in ("path", "query"):
                bindings[f"{location}.{name}"] = {"dictionary": names[key],
                                                  "probability": FIXTURE_SHARE}
        # One filter per entry: schemathesis selects by any of an entry's filters.
        entries.append(["[[operations]]",
                        f"include-name = {json.dumps(f'{method.upper()} {path}')}",
                        f"parameters = {_toml(bindings)}", ""])
    for entry in entries:
        lines += entry
    world_name = headers.get(WORLD_HEADER)
    if world_name:
        lines += ["[[operations]]", 'include-path-regex = "^/control/"',
                  f"headers = {_toml({**headers, WORLD_HEADER: f'{world_name}-control'})}"]
    else:
        lines += ["[[operations]]", f"include-path-regex = {json.dumps(WORLD_CHANGING)}",
                  "enabled = false"]
    return "\n".join(lines) + "\n"
