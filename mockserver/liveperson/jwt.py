"""Consumer JWTs: HS256, verified by PyJWT, read strictly.

The reference accepts consumer tokens signed with HS256 and a shared key
(``REFERENCE_CREDENTIALS["liveperson"]["jwtKey"]``); the ``sub`` claim is the
consumer's ID, as on the real service. Every refusal says what is wrong.

PyJWT reads the token (its header rules) and checks the signature with its HS256
implementation; what it leaves lenient is checked here first. Its base64url
decoding skips characters outside the alphabet, so a token with characters inserted in its
signature still verified: each part must be canonical base64url (the alphabet only, no
padding, no stray trailing bits). The claims are read with the server's JSON reader, so
``NaN`` or ``1e400`` is refused instead of becoming an ``exp`` that never comes; and the
expiry is judged against the world's clock (PyJWT would use the wall clock).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

import jwt
from jwt.api_jws import PyJWS

from mockserver.limits import MAX_NAME_CHARS, MAX_TOKEN_CHARS, Refused, parse_json

ALGORITHM = "HS256"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_PARTS = ("header", "payload", "signature")
_JWS = PyJWS(algorithms=[ALGORITHM])
# The algorithm is called directly, not through PyJWS' signature check: that one warns about
# every key shorter than RFC 7518 recommends, and the reference's key is a fixed, public
# credential of a test double (credentials.py) whose length is not ours to choose.
_HS256 = _JWS.get_algorithm_by_name(ALGORITHM)


class JwtError(ValueError):
    """The token is missing, malformed, badly signed or expired; the message says which."""


def _b64decode(part: str, what: str) -> bytes:
    """Canonical base64url only: what decodes must encode back to exactly ``part``."""
    if not _BASE64URL.fullmatch(part) or len(part) % 4 == 1:
        raise JwtError(f"the JWT {what} is not base64url encoded")
    try:
        data = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raise JwtError(f"the JWT {what} is not base64url encoded") from None
    if _b64encode(data) != part:
        raise JwtError(f"the JWT {what} is not canonical base64url (stray trailing bits)")
    return data


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json_part(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = parse_json(data, f"the JWT {what}")
    except Refused as exc:
        raise JwtError(exc.message) from None
    if not isinstance(value, dict):
        raise JwtError(f"the JWT {what} is not a JSON object")
    return value


def sign_hs256(claims: dict[str, Any], key: str) -> str:
    """A token for ``claims`` (used by the reference's own tests)."""
    header = _b64encode(json.dumps({"alg": ALGORITHM, "typ": "JWT"}).encode())
    payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = _HS256.sign(signing_input, _HS256.prepare_key(key))
    return f"{header}.{payload}.{_b64encode(signature)}"


def verify_hs256(token: Any, key: str, now: float) -> dict[str, Any]:
    """The token's claims, or JwtError. ``sub`` must name the consumer; ``exp``, when given,
    must be a finite number of seconds later than ``now``."""
    if not isinstance(token, str) or not token.strip():
        raise JwtError("no JWT was given")
    if len(token) > MAX_TOKEN_CHARS:
        raise JwtError(f"the JWT is longer than {MAX_TOKEN_CHARS} characters")
    if not token.isascii():
        raise JwtError("the JWT must be ASCII (three base64url parts)")
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3:
        raise JwtError("the JWT must have three dot-separated parts")
    decoded = [_b64decode(part, what) for part, what in zip(parts, _PARTS, strict=True)]
    header = _json_part(decoded[0], "header")
    if header.get("alg") != ALGORITHM:
        raise JwtError(f"the JWT algorithm must be {ALGORITHM}, not "
                       f"{str(header.get('alg'))[:20]!r}")
    try:
        read = _JWS.decode_complete(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise JwtError(f"the JWT cannot be read: {str(exc)[:80]}") from None
    signing_input = token.rsplit(".", 1)[0].encode("ascii")
    if not _HS256.verify(signing_input, _HS256.prepare_key(key), read["signature"]):
        raise JwtError("the JWT signature does not verify with the account's key")
    claims = _json_part(read["payload"], "payload")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.strip():
        raise JwtError("the JWT has no 'sub' claim naming the consumer")
    if len(sub) > MAX_NAME_CHARS:
        raise JwtError(f"the JWT 'sub' claim is longer than {MAX_NAME_CHARS} characters")
    exp = claims.get("exp")
    if exp is not None:
        if not isinstance(exp, int | float) or isinstance(exp, bool):
            raise JwtError("the JWT 'exp' claim must be a finite number of seconds")
        if exp <= now:
            raise JwtError("the JWT has expired")
    return claims
