"""The party credentials a target issues, kept so that every call presents the acting party's.

A target with the ``parties`` capability answers the creation of an interaction (a
conversation, in genesys-cloud) with ``partyCredentials: {"customer": ..., "agent": ...}``
and takes the acting party from the credential a request presents in
``X-Conformance-Party``, not from the ``role`` or ``party`` its body claims. The drivers
know which party acts in every call they make; this book knows each interaction's
credentials and which interaction each session belongs to. A target that issues none gets
no header, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

PARTY_HEADER = "X-Conformance-Party"
PARTIES = ("customer", "agent")


class PartyBook:
    def __init__(self) -> None:
        self._credentials: dict[str, dict[str, str]] = {}
        #: A session's identifiers (live ID, permanent ID) -> its interaction.
        self._interaction_of: dict[str, str] = {}
        self._presenting: str | None = None

    def keep(self, response: httpx.Response, id_field: str) -> str | None:
        """Keep the credentials a create response issued; the new object's id (``id_field``)
        when it answered with one."""
        body = _json(response)
        interaction = body.get(id_field)
        if response.status_code >= 300 or not isinstance(interaction, str):
            return None
        issued = body.get("partyCredentials")
        if isinstance(issued, dict):
            self._credentials[interaction] = {p: issued[p] for p in PARTIES
                                              if isinstance(issued.get(p), str) and issued[p]}
        return interaction

    def link(self, response: httpx.Response, interaction_field: str,
             *session_fields: str) -> None:
        """Note which interaction the session a response describes belongs to."""
        body = _json(response)
        interaction = body.get(interaction_field)
        if response.status_code >= 300 or not isinstance(interaction, str):
            return
        for name in session_fields:
            if isinstance(body.get(name), str):
                self._interaction_of[body[name]] = interaction

    def interaction_of(self, session: str) -> str | None:
        return self._interaction_of.get(session)

    def credential(self, interaction: str | None, party: str) -> str | None:
        """The credential the target issued ``party`` for ``interaction``, if it issued one."""
        return None if interaction is None else self._credentials.get(interaction, {}).get(party)

    def headers(self, interaction: str | None, party: str) -> dict[str, str]:
        """The header ``party`` acting in ``interaction`` sends (none when the target issued
        no credential, or the session is one this book never saw)."""
        credential = self._presenting or self.credential(interaction, party)
        return {PARTY_HEADER: credential} if credential else {}

    @contextmanager
    def presenting(self, credential: str) -> Iterator[None]:
        """Every call in the block presents ``credential``, whichever party it acts as: how a
        scenario plays a party claiming to be someone it is not."""
        before, self._presenting = self._presenting, credential
        try:
            yield
        finally:
            self._presenting = before


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
