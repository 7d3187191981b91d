"""Party credentials of the driver APIs: who is acting, told by a credential, not by a claim.

A driver route names the party acting (``role`` or ``party`` in its body, or the route
itself: only the agent joins, only the customer answers a Write Mode request). Taken on
its word, that name lets any caller act as either party, so the customer's consent is
only as strong as the caller's honesty. So creating an interaction (genesys-engage) or a
conversation (genesys-cloud) issues one credential per party, and a request that presents
one in ``X-Conformance-Party`` acts as the party it names, in the interaction it names,
and nowhere else. A request without the header keeps the older behaviour, so that a
vendor's driver written before credentials existed still runs.

A credential is ``<party>.<interaction>.<mac>``: an HMAC-SHA256 under a secret drawn when
the process starts, over the profile, the interaction and the party. Reading one needs no
table, so there is nothing to keep per world, bound, or forget when retention drops an
interaction; a credential cannot be forged, nor moved to another party, interaction or
profile, and it dies with the process.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from mockserver.limits import Refused

#: The request header a party presents its credential in.
PARTY_HEADER = "X-Conformance-Party"
CUSTOMER, AGENT = "customer", "agent"
PARTIES = (CUSTOMER, AGENT)
#: Longer than any credential this module issues (an interaction id is a UUID).
MAX_CREDENTIAL_CHARS = 512
#: Drawn once per process: credentials issued by an earlier run are unknown to this one.
_SECRET = secrets.token_bytes(32)


@dataclass(frozen=True)
class Credential:
    """What a verified credential says: the party, and the interaction it acts in."""

    party: str
    interaction: str


def _mac(profile: str, interaction: str, party: str) -> str:
    digest = hmac.new(_SECRET, f"{profile}\n{interaction}\n{party}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue(profile: str, interaction: str) -> dict[str, str]:
    """The credentials of an interaction's two parties, for its create response."""
    return {party: f"{party}.{interaction}.{_mac(profile, interaction, party)}"
            for party in PARTIES}


def read(header: str | None, profile: str) -> Credential | None:
    """The credential a request presents (None without the header); Refused 401 when the
    header holds anything this server did not issue for ``profile``."""
    if header is None:
        return None
    party, _, rest = header.strip().partition(".")
    interaction, _, mac = rest.rpartition(".")
    if (len(header) > MAX_CREDENTIAL_CHARS or party not in PARTIES or not interaction
            or not hmac.compare_digest(mac.encode(),
                                       _mac(profile, interaction, party).encode())):
        raise Refused(401, "unknown_party_credential", f"{PARTY_HEADER} holds no credential "
                      f"this server issued for {profile}: present the one the create "
                      "response gave (partyCredentials)", field=PARTY_HEADER)
    return Credential(party, interaction)


@dataclass(frozen=True)
class Checks:
    """Which comparisons a route makes (all of them, but in a broken variant)."""

    claims: bool = True
    interaction: bool = True
    acts: bool = True


ALL_CHECKS = Checks()


def acting(credential: Credential | None, interaction: str | None, *,
           claimed: object = None, claim_field: str = "role", act: str | None = None,
           checks: Checks = ALL_CHECKS) -> str | None:
    """The party acting: the credential's, once it is seen to fit the request; None without
    a credential (the caller's claim then stands, as before credentials existed).

    ``interaction`` is the interaction the request acts on (None when the target is unknown:
    the core then refuses it on its own); ``claimed`` the party the body or query names (in
    ``claim_field``: ``role`` or ``party``); ``act`` the party the route itself is for.
    Refused 403 naming the mismatch: a credential of another interaction, a claim that is not
    the credential's party, a route that is the other party's."""
    if credential is None:
        return None
    if checks.interaction and interaction is not None and credential.interaction != interaction:
        raise Refused(403, "credential_of_another_interaction", f"the {credential.party}'s "
                      f"credential is for interaction {credential.interaction}, not "
                      f"{interaction}", field=PARTY_HEADER)
    if checks.claims and claimed is not None and claimed != credential.party:
        raise Refused(403, "party_mismatch", f"the request claims to act as the {claimed} but "
                      f"presents the {credential.party}'s credential", field=claim_field)
    if checks.acts and act is not None and act != credential.party:
        raise Refused(403, "not_this_partys_act", f"only the {act} may do this; the request "
                      f"presents the {credential.party}'s credential", field=PARTY_HEADER)
    return credential.party
