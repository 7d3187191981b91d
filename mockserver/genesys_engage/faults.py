"""Broken variants of the genesys-engage reference, one rule each."""

from mockserver.faults import Fault, register

PROFILE = "genesys-engage"


def _f(name: str, rule: str, description: str, *also: str) -> Fault:
    return Fault(f"engage.{name}", PROFILE, rule, description, tuple(also))


FAULTS = (
    _f("agent-may-initiate", "GE-002-XX", "an agent may start a co-browse session"),
)

register(*FAULTS)
