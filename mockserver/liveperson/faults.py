"""Broken variants of the liveperson reference, one rule each."""

from mockserver.faults import Fault, register

FAULTS: tuple[Fault, ...] = ()

register(*FAULTS)
