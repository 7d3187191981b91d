"""Consumer JWTs: HS256 verification, small enough not to need a library.

The reference accepts consumer tokens signed with HS256 and a shared key
(``REFERENCE_CREDENTIALS["liveperson"]["jwtKey"]``); the ``sub`` claim is the
consumer's ID, as on the real service. Every refusal says what is wrong.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

MAX_TOKEN_CHARS = 8192


class JwtError(ValueError):
    """The token is missing, malformed, badly signed or expired; the message says which."""


def _b64decode(part: str) -> bytes:
    padded = part + "=" * (-len(part) % 4)
    try:
        return base64.urlsafe_b64decode(padded.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise JwtError("the JWT is not base64url encoded") from None


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json_part(part: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64decode(part))
    except (ValueError, UnicodeDecodeError):
        raise JwtError(f"the JWT {what} is not JSON") from None
    if not isinstance(value, dict):
        raise JwtError(f"the JWT {what} is not a JSON object")
    return value


def sign_hs256(claims: dict[str, Any], key: str) -> str:
    """A token for ``claims`` (used by the reference's own tests)."""
    header = _b64encode(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = hmac.new(key.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64encode(signature)}"


def verify_hs256(token: Any, key: str, now: float) -> dict[str, Any]:
    """The token's claims, or JwtError. ``sub`` must name the consumer; ``exp`` is honoured."""
    if not isinstance(token, str) or not token.strip():
        raise JwtError("no JWT was given")
    if len(token) > MAX_TOKEN_CHARS:
        raise JwtError(f"the JWT is longer than {MAX_TOKEN_CHARS} characters")
    if not token.isascii():
        raise JwtError("the JWT must be ASCII (three base64url parts)")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise JwtError("the JWT must have three dot-separated parts")
    header = _json_part(parts[0], "header")
    if header.get("alg") != "HS256":
        raise JwtError(f"the JWT algorithm must be HS256, not {header.get('alg')!r}")
    expected = hmac.new(key.encode(), f"{parts[0]}.{parts[1]}".encode("ascii"),
                        hashlib.sha256).digest()
    if not hmac.compare_digest(expected, _b64decode(parts[2])):
        raise JwtError("the JWT signature does not verify with the account's key")
    claims = _json_part(parts[1], "payload")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.strip():
        raise JwtError("the JWT has no 'sub' claim naming the consumer")
    if len(sub) > 256:
        raise JwtError("the JWT 'sub' claim is longer than 256 characters")
    exp = claims.get("exp")
    if exp is not None:
        if not isinstance(exp, int | float) or isinstance(exp, bool):
            raise JwtError("the JWT 'exp' claim must be a number")
        if exp <= now:
            raise JwtError("the JWT has expired")
    return claims
