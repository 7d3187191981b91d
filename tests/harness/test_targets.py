"""Targets: what a user can get wrong in --target and a target file, and what they see."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.targets import (
    HttpTarget,
    ReferenceTarget,
    TargetConfigError,
    TargetUnreachable,
    load_target_file,
    make_target,
)
from mockserver.server import BackgroundServer


def test_default_target_is_the_reference() -> None:
    assert isinstance(make_target(None), ReferenceTarget)
    assert isinstance(make_target("reference"), ReferenceTarget)


@pytest.mark.parametrize("spec", ["ftp://example.com", "localhost:8080", "http://", "nonsense"])
def test_a_target_that_is_no_url_is_a_configuration_error(spec: str) -> None:
    with pytest.raises(TargetConfigError, match="neither 'reference' nor an http"):
        make_target(spec)


def test_faults_only_apply_to_the_bundled_reference() -> None:
    with pytest.raises(TargetConfigError, match="only be switched on in the bundled reference"):
        make_target("http://127.0.0.1:9", faults=("engage.short-token",))


def test_an_unknown_fault_is_a_configuration_error() -> None:
    with pytest.raises(TargetConfigError, match="unknown fault"):
        ReferenceTarget(("engage.no-such-fault",)).start()


def test_a_closed_port_is_unreachable() -> None:
    with pytest.raises(TargetUnreachable, match="unreachable"):
        HttpTarget("http://127.0.0.1:9").start()


def test_reference_target_declares_what_it_implements() -> None:
    target = ReferenceTarget()
    info = target.start()
    try:
        assert "genesys-engage" in info.profiles
        assert info.can("clock") and info.can("worlds") and info.can("configure")
        assert info.base_url.startswith("http://127.0.0.1:")
    finally:
        target.stop()


def test_http_target_discovers_profiles_and_capabilities() -> None:
    server = BackgroundServer(test_mode=False)
    url = server.start()
    try:
        info = HttpTarget(url).start()
        assert "genesys-engage" in info.profiles
        assert not info.can("clock"), "without test mode the reference offers no control API"
    finally:
        server.stop()


def test_target_file_declarations_win(tmp_path: Path) -> None:
    server = BackgroundServer(test_mode=True)
    url = server.start()
    path = tmp_path / "target.yaml"
    path.write_text(
        f"url: {url}\nheaders: {{X-Api-Key: k}}\nprofiles: [genesys-engage]\n"
        "capabilities: {clock: false, configure: true}\n"
    )
    try:
        info = make_target(None, path).start()
        assert info.profiles == ("genesys-engage",)
        assert not info.can("clock") and info.can("configure")
        assert info.headers == {"X-Api-Key": "k"}
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "must hold a mapping"),
        ("url: http://x\nflavour: 1\n", "unknown keys"),
        ("headers: {a: 1}\n", "'headers' must map names to strings"),
        ("profiles: [nope]\n", "'profiles' must be a list"),
        ("capabilities: {teleport: true}\n", "'capabilities' keys"),
        ("credentials: {genesys-cloud: token}\n", "'credentials' must map"),
        ("url: gopher://x\n", "neither 'reference' nor an http"),
        ("url: [unclosed\n", "not valid YAML/JSON"),
    ],
)
def test_bad_target_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "target.yaml"
    path.write_text(text)
    with pytest.raises(TargetConfigError, match=message):
        load_target_file(path)


def test_missing_target_file(tmp_path: Path) -> None:
    with pytest.raises(TargetConfigError, match="cannot read target file"):
        load_target_file(tmp_path / "absent.yaml")


def test_target_file_with_reference_is_contradictory(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("profiles: [genesys-engage]\n")
    with pytest.raises(TargetConfigError, match="makes no sense with --target reference"):
        make_target("reference", path)


@pytest.mark.parametrize(("credentials", "error"), [
    ("{genesys-cloud: {tokn: abc}}", "unknown credential(s) ['tokn'] for genesys-cloud"),
    ("{liveperson: {accountID: '1', jwtKey: k}}", "unknown credential(s) ['accountID']"),
    ("{genesys-clod: {token: abc}}", "credentials for unknown profile 'genesys-clod'"),
])
def test_a_misspelt_credential_is_an_error_naming_it(tmp_path: Path, credentials: str,
                                                     error: str) -> None:
    path = tmp_path / "target.yaml"
    path.write_text(f"url: http://127.0.0.1:9\ncredentials: {credentials}\n")
    with pytest.raises(TargetConfigError) as raised:
        load_target_file(path)
    assert error in str(raised.value)
