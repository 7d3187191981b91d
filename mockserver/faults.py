"""Broken variants of the reference: one documented rule broken each.

The self-test starts the reference with one fault switched on and demands that
the conformance suite reports the fault's rule as failed. Faults are named
switches the core consults at the exact point where the rule is implemented,
so a broken variant differs from the reference in one behaviour only. They can
be switched on only when the server runs in test mode.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fault:
    name: str
    profile: str
    rule: str
    description: str
    #: Rules that truly depend on the broken behaviour and so fail with it (or, where it keeps
    #: their scenarios from being set up, are reported not judged: status error).
    also_fails: tuple[str, ...] = field(default_factory=tuple)
    #: The variant breaks its rule only away from the path that the rule's own scenario
    #: walks (a later session, the other media type, the other party, a secondary channel):
    #: a vendor's bug one step off the scenarios, which only the rule oracles can catch.
    off_path: bool = False
    #: Not broken at all: another choice the sources allow where they are silent (the silent
    #: choice's ID in harness/silent.yaml). The self-test demands the suite passes it.
    legal: str = ""


_REGISTRY: dict[str, Fault] = {}


def register(*faults: Fault) -> None:
    for fault in faults:
        if fault.name in _REGISTRY and _REGISTRY[fault.name] != fault:
            raise ValueError(f"fault {fault.name} registered twice")
        _REGISTRY[fault.name] = fault


def known_faults() -> dict[str, Fault]:
    _load_profile_faults()
    return dict(_REGISTRY)


def _load_profile_faults() -> None:
    # Each profile's fault table registers itself on import.
    from mockserver.genesys_cloud import faults as _gc  # noqa: F401
    from mockserver.genesys_engage import faults as _ge  # noqa: F401
    from mockserver.liveperson import faults as _lp  # noqa: F401


class UnknownFault(ValueError):
    pass


class Faults(frozenset[str]):
    """The set of faults switched on for one server; empty for the reference.

    A frozenset, so that the cores' many ``"name" in faults`` checks run in C: they sit on
    every request's path."""

    def __new__(cls, names: Iterable[str] = ()) -> Faults:
        chosen = frozenset(names)
        unknown = sorted(chosen - known_faults().keys())
        if unknown:
            raise UnknownFault(
                f"unknown fault(s) {', '.join(unknown)}; "
                "`cobrowse-conformance faults` lists the known ones"
            )
        return super().__new__(cls, chosen)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self)

    def __repr__(self) -> str:
        return f"Faults({sorted(self)!r})"

