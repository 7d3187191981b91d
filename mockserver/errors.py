"""Domain errors: what went wrong, in words a client can act on.

The core raises these without knowing about HTTP; each adapter maps a kind to
its own wire format (the driver API's error body, the Platform API's
ErrorBody, a Messaging Window error response).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request the domain refuses. ``kind`` picks the 4xx an adapter answers."""

    kind = "invalid"

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class Invalid(DomainError):
    kind = "invalid"


class NotFound(DomainError):
    kind = "not-found"


class Forbidden(DomainError):
    kind = "forbidden"


class Conflict(DomainError):
    kind = "conflict"


class Gone(DomainError):
    kind = "gone"


HTTP_STATUS = {"invalid": 400, "forbidden": 403, "not-found": 404, "conflict": 409, "gone": 410}
