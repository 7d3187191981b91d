"""Broken variants of the genesys-cloud reference, one rule each."""

from mockserver.faults import Fault, register

FAULTS: tuple[Fault, ...] = ()

register(*FAULTS)
