"""Credentials the reference accepts, per profile.

They are fixed and public on purpose: the reference is a test double, and
the harness's reference target hands them to the steps (a real target's come
from its target file).
"""

from typing import Any

REFERENCE_CREDENTIALS: dict[str, dict[str, Any]] = {
    # Platform API: any request must carry "Authorization: Bearer <token>".
    "genesys-cloud": {"token": "reference-token"},
    # Messaging Window API: consumer JWTs are HS256-signed with this key.
    "liveperson": {"jwtKey": "reference-jwt-key", "accountId": "12345678"},
}
