"""Consumer JWT verification (HS256)."""

from __future__ import annotations

import base64
import json

import pytest

from mockserver.liveperson.jwt import JwtError, sign_hs256, verify_hs256

KEY = "k"


def test_a_good_token_names_its_consumer() -> None:
    token = sign_hs256({"sub": "consumer-1", "exp": 2000}, KEY)
    assert verify_hs256(token, KEY, now=1000)["sub"] == "consumer-1"


def _unsigned(header: dict[str, str], claims: dict[str, object]) -> str:
    def part(value: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part(header)}.{part(claims)}."


@pytest.mark.parametrize(("token", "message"), [
    (None, "no JWT"),
    ("", "no JWT"),
    ("abc", "three"),
    ("a.b.c", "not"),
    (sign_hs256({"sub": "c"}, "other-key"), "signature"),
    (sign_hs256({"sub": "c", "exp": 999}, KEY), "expired"),
    (sign_hs256({"sub": ""}, KEY), "sub"),
    (sign_hs256({"name": "x"}, KEY), "sub"),
    (sign_hs256({"sub": "c", "exp": "soon"}, KEY), "exp"),
    (_unsigned({"alg": "none"}, {"sub": "c"}), "HS256"),
    ("é.é.é", "ASCII"),
    ("x" * 9000, "longer"),
])
def test_a_bad_token_is_refused_saying_why(token: object, message: str) -> None:
    with pytest.raises(JwtError) as caught:
        verify_hs256(token, KEY, now=1000)
    assert message in str(caught.value)
