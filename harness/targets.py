"""Targets: where the suite's observations come from.

Modelled on httpx's transports: the suite talks to a ``TargetInfo`` (a base URL,
declared profiles and capabilities, credentials) and never knows whether the
bytes go to the bundled reference on a background thread or to a vendor's
deployment. The reference target is the only place the harness imports the
reference implementation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from harness.catalogue import PROFILES
from harness.files import load_mapping

#: What a target may offer beside its profiles; parties: its genesys drivers tell the
#: customer and the agent apart by the credential each presents (X-Conformance-Party).
CAPABILITIES = ("clock", "configure", "reset", "worlds", "parties")


class TargetConfigError(ValueError):
    """The target specification or target file is wrong; the message says how."""


class TargetUnreachable(RuntimeError):
    """Nothing answered at the target's address."""


@dataclass(frozen=True)
class TargetInfo:
    name: str
    base_url: str
    profiles: tuple[str, ...]
    capabilities: dict[str, bool]
    headers: dict[str, str] = field(default_factory=dict)
    credentials: dict[str, dict[str, Any]] = field(default_factory=dict)

    def can(self, capability: str) -> bool:
        return bool(self.capabilities.get(capability))

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "baseUrl": self.base_url, "profiles": list(self.profiles),
                "capabilities": dict(self.capabilities)}


class Target:
    def start(self) -> TargetInfo:
        raise NotImplementedError

    def stop(self) -> None:
        pass


class ReferenceTarget(Target):
    """The bundled reference server on a loopback socket in this process."""

    def __init__(self, faults: tuple[str, ...] = ()) -> None:
        self.faults = faults
        self._server: Any = None

    def start(self) -> TargetInfo:
        from mockserver.faults import UnknownFault
        from mockserver.server import BackgroundServer

        try:
            self._server = BackgroundServer(test_mode=True, faults=self.faults)
        except UnknownFault as exc:
            raise TargetConfigError(str(exc)) from None
        try:
            base_url = self._server.start()
            declared = discover(base_url, {})
        except Exception as exc:
            self.stop()
            raise TargetConfigError(f"the bundled reference did not start: {exc}") from exc
        return TargetInfo(
            name="reference" + (f" (faults: {', '.join(self.faults)})" if self.faults else ""),
            base_url=base_url,
            profiles=tuple(declared["profiles"]),
            capabilities=dict(declared["capabilities"]),
            credentials=reference_credentials(),
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def reference_credentials() -> dict[str, dict[str, Any]]:
    """What the reference accepts as credentials, per profile."""
    from mockserver.credentials import REFERENCE_CREDENTIALS

    return {k: dict(v) for k, v in REFERENCE_CREDENTIALS.items()}


class HttpTarget(Target):
    """Any implementation that serves the driver API at a URL."""

    def __init__(self, url: str, target_file: Path | None = None) -> None:
        self.url = check_url(url)
        self.file = load_target_file(target_file) if target_file else {}

    def start(self) -> TargetInfo:
        headers = dict(self.file.get("headers", {}))
        profiles = self.file.get("profiles")
        capabilities = self.file.get("capabilities")
        credentials: dict[str, dict[str, Any]] = {}
        if profiles is None or capabilities is None:
            declared = discover(self.url, headers)
            profiles = declared["profiles"] if profiles is None else profiles
            capabilities = declared["capabilities"] if capabilities is None else capabilities
            credentials = declared["credentials"]
        else:
            ping(self.url, headers)
        for profile, values in self.file.get("credentials", {}).items():
            credentials[profile] = {**credentials.get(profile, {}), **values}
        return TargetInfo(
            name=self.url,
            base_url=self.url.rstrip("/"),
            profiles=tuple(profiles),
            capabilities={c: bool(capabilities.get(c)) for c in CAPABILITIES},
            headers=headers,
            credentials=credentials,
        )


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetConfigError(
            f"target {url!r} is neither 'reference' nor an http(s) URL such as "
            "http://127.0.0.1:8080"
        )
    return url.rstrip("/")


def ping(url: str, headers: dict[str, str]) -> None:
    try:
        httpx.get(f"{url}/driver/capabilities", headers=headers, timeout=10)
    except httpx.TransportError as exc:
        raise TargetUnreachable(f"target {url} is unreachable: {exc}") from None


def discover(url: str, headers: dict[str, str]) -> dict[str, Any]:
    """Ask the target what it implements (``GET /driver/capabilities``)."""
    try:
        response = httpx.get(f"{url}/driver/capabilities", headers=headers, timeout=10)
    except httpx.TransportError as exc:
        raise TargetUnreachable(f"target {url} is unreachable: {exc}") from None
    if response.status_code != 200:
        raise TargetConfigError(
            f"target {url} answered {response.status_code} to GET /driver/capabilities; "
            "declare 'profiles' and 'capabilities' in a target file instead"
        )
    try:
        data = response.json()
        profiles = [p for p in data["profiles"] if p in PROFILES]
        capabilities = {c: bool(data.get("capabilities", {}).get(c)) for c in CAPABILITIES}
        credentials = {k: dict(v) for k, v in (data.get("credentials") or {}).items()
                       if k in PROFILES and isinstance(v, dict)}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise TargetConfigError(
            f"target {url} gave an unreadable /driver/capabilities document; declare "
            "'profiles' and 'capabilities' in a target file instead"
        ) from None
    return {"profiles": profiles, "capabilities": capabilities, "credentials": credentials}


#: One harmless request per profile: it creates nothing (a body the driver must refuse, or a
#: read), and its answer tells whether the target serves the profile at all.
PROBES: dict[str, tuple[str, str, Any, tuple[int, ...]]] = {
    "genesys-engage": ("POST", "/driver/genesys-engage/interactions", {}, (400, 422)),
    "genesys-cloud": ("GET", "/api/v2/conversations/cobrowsesessions", None, (200,)),
    "liveperson": ("POST", "/driver/liveperson/lptag/publish", {}, (400, 422)),
}


def preflight(info: TargetInfo, profiles: Iterable[str]) -> None:
    """Before any scenario: stop with one clear line if the target cannot serve a selected
    profile at all (every route 404, credentials refused), instead of failing every rule."""
    for profile in profiles:
        if profile not in info.profiles or profile not in PROBES:
            continue
        method, path, body, wanted = PROBES[profile]
        headers = dict(info.headers)
        if profile == "genesys-cloud":
            token = info.credentials.get(profile, {}).get("token")
            if not token:
                continue  # its scenarios are skipped for the missing credential, saying so
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = httpx.request(method, f"{info.base_url}{path}", json=body,
                                     headers=headers, timeout=10)
        except httpx.TransportError as exc:
            raise TargetUnreachable(f"target {info.name} is unreachable: {exc}") from None
        if response.status_code in wanted:
            if profile == "liveperson":
                _preflight_liveperson(info)
            continue
        status = response.status_code
        if status in (401, 403):
            why = "refused the credentials (check the target file's headers/credentials)"
        elif status in (404, 405):
            why = f"does not serve {method} {path}"
        else:
            why = f"answered {status} to {method} {path} (expected {' or '.join(map(str, wanted))})"
        raise TargetConfigError(
            f"target {info.name} declares profile {profile} but {why}; nothing was run")


def _preflight_liveperson(info: TargetInfo) -> None:
    from harness.clients.liveperson import HandshakeRefused, credentials_refusal

    try:
        why = credentials_refusal(info)
    except HandshakeRefused as exc:
        why = f"refused the Messaging Window connection ({exc})"
    except (OSError, TimeoutError) as exc:
        why = f"could not be reached over its Messaging Window WebSocket ({exc!r})"
    if why is not None:
        raise TargetConfigError(f"target {info.name} declares profile liveperson but {why} "
                                "(check the target file's credentials: {liveperson: "
                                "{accountId, jwtKey or jwt}}); nothing was run")


#: The credential names each profile's steps read (anything else is a misspelling).
CREDENTIAL_NAMES: dict[str, set[str]] = {
    "genesys-engage": set(),
    "genesys-cloud": {"token"},
    "liveperson": {"accountId", "jwtKey", "jwt", "jwts"},
}

TARGET_FILE_KEYS = {"url", "headers", "profiles", "capabilities", "credentials"}


def load_target_file(path: Path) -> dict[str, Any]:
    """Read a YAML or JSON target file; every mistake is a TargetConfigError."""
    data = load_mapping(path, "target file", TargetConfigError)
    unknown = set(data) - TARGET_FILE_KEYS
    if unknown:
        raise TargetConfigError(
            f"target file {path}: unknown keys {sorted(unknown)}; known: "
            f"{sorted(TARGET_FILE_KEYS)}"
        )
    headers = data.get("headers", {})
    if not isinstance(headers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
    ):
        raise TargetConfigError(f"target file {path}: 'headers' must map names to strings")
    profiles = data.get("profiles")
    if profiles is not None:
        if not isinstance(profiles, list) or any(p not in PROFILES for p in profiles):
            raise TargetConfigError(
                f"target file {path}: 'profiles' must be a list drawn from {list(PROFILES)}"
            )
    capabilities = data.get("capabilities")
    if capabilities is not None:
        if not isinstance(capabilities, dict) or any(c not in CAPABILITIES for c in capabilities):
            raise TargetConfigError(
                f"target file {path}: 'capabilities' keys must be drawn from {list(CAPABILITIES)}"
            )
        if not all(isinstance(v, bool) for v in capabilities.values()):
            raise TargetConfigError(
                f"target file {path}: 'capabilities' values must be true or false"
            )
    credentials = data.get("credentials", {})
    if not isinstance(credentials, dict) or any(not isinstance(v, dict)
                                                for v in credentials.values()):
        raise TargetConfigError(
            f"target file {path}: 'credentials' must map a profile to a mapping"
        )
    for profile, values in credentials.items():
        if profile not in CREDENTIAL_NAMES:
            raise TargetConfigError(
                f"target file {path}: credentials for unknown profile {profile!r}; "
                f"known: {sorted(CREDENTIAL_NAMES)}")
        unknown_names = sorted(set(values) - CREDENTIAL_NAMES[profile])
        if unknown_names:
            known = sorted(CREDENTIAL_NAMES[profile]) or ["none"]
            raise TargetConfigError(
                f"target file {path}: unknown credential(s) {unknown_names} for {profile}; "
                f"known: {known} (a misspelt name would leave its rules skipped)")
    if "url" in data:
        check_url(str(data["url"]))
    return data


def make_target(spec: str | None, target_file: Path | None = None,
                faults: tuple[str, ...] = ()) -> Target:
    """Build a target from ``--target`` (``reference`` or a URL) and ``--target-file``."""
    file_data = load_target_file(target_file) if target_file else {}
    if not spec:
        if target_file and "url" not in file_data:
            raise TargetConfigError(f"the target file {target_file} has no url; give one there "
                                    "or with --target URL")
        spec = str(file_data.get("url", "reference"))
    if spec == "reference":
        if target_file:
            raise TargetConfigError("a target file describes a remote target; it makes no "
                                    "sense with --target reference")
        return ReferenceTarget(faults)
    if faults:
        raise TargetConfigError("faults can only be switched on in the bundled reference "
                                "(serve a remote one with `serve --test-mode --fault ...`)")
    return HttpTarget(spec, target_file)
