"""The reference implementation the conformance suite is proven against.

A domain core per profile (no I/O, an injected clock), adapters that put each
core on one aiohttp application, the driver API through which a harness plays
every party, and in test mode a control API (reset, configure, clock, faults).
"""
