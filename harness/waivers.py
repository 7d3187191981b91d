"""Waivers: known failures a vendor accepts for now, each with a reason, a ticket and an end.

A vendor keeps the file in their repository::

    waivers:
      - rule: GE-002-08
        reason: "IDs are ten digits until the ID service is migrated"
        ticket: CB-1234
        expires: 2027-03-31

A waived rule that fails does not fail the run, and every report shows it apart.
A waiver must not outlive its purpose: one that has expired, or whose rule now
passes, fails the run and says so, so waivers are removed when they are done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.catalogue import Catalogue
from harness.files import load_mapping

REQUIRED = ("rule", "reason", "ticket", "expires")


class WaiverError(ValueError):
    """A waiver file that cannot be read or names what the catalogue does not know."""


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    ticket: str
    expires: dt.date

    def expired(self, today: dt.date) -> bool:
        return today > self.expires

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "reason": self.reason, "ticket": self.ticket,
                "expires": self.expires.isoformat()}


def load_waivers(path: Path, catalogue: Catalogue) -> dict[str, Waiver]:
    """Read and check a waiver file (YAML or JSON): every mistake is a WaiverError."""
    data = load_mapping(path, "waiver file", WaiverError)
    if set(data) != {"waivers"} or not isinstance(data["waivers"], list):
        raise WaiverError(f"waiver file {path} must hold one key, 'waivers', with a list")
    waivers: dict[str, Waiver] = {}
    for n, entry in enumerate(data["waivers"], 1):
        where = f"waiver file {path}, entry {n}"
        if not isinstance(entry, dict):
            raise WaiverError(f"{where} is not a mapping")
        unknown = set(entry) - set(REQUIRED)
        missing = [k for k in REQUIRED if not entry.get(k)]
        if unknown or missing:
            raise WaiverError(f"{where}: " + "; ".join(
                ([f"unknown keys {sorted(unknown)}"] if unknown else [])
                + ([f"missing {', '.join(missing)}"] if missing else [])))
        rule = str(entry["rule"])
        if rule not in catalogue:
            raise WaiverError(f"{where} waives {rule!r}, which is no catalogued rule")
        if rule in waivers:
            raise WaiverError(f"{where} waives {rule} a second time")
        expires = entry["expires"]
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                raise WaiverError(f"{where}: expires {expires!r} is not a date "
                                  "(YYYY-MM-DD)") from None
        if not isinstance(expires, dt.date):
            raise WaiverError(f"{where}: expires must be a date (YYYY-MM-DD)")
        waivers[rule] = Waiver(rule, str(entry["reason"]), str(entry["ticket"]), expires)
    return waivers
