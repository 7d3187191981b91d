"""Steps every profile shares: time."""

from __future__ import annotations

import time

import pytest
from pytest_bdd import parsers, then, when

from harness.checks import note_discrepancy
from harness.clients.http import Control
from harness.targets import TargetInfo


def pass_time(control: Control, target: TargetInfo, seconds: float) -> None:
    """Move the target's clock, or wait for real when it has none (--cobrowse-real-time)."""
    if target.can("clock"):
        control.advance(seconds)
    else:
        time.sleep(seconds)
        control.client.log.clock_moved(seconds)


@when(parsers.parse("{seconds:g} seconds pass"))
def seconds_pass(control: Control, cobrowse_target: TargetInfo, seconds: float) -> None:
    pass_time(control, cobrowse_target, seconds)


@then(parsers.parse('the documented discrepancy is noted: "{text}"'))
def documented_discrepancy(request: pytest.FixtureRequest, text: str) -> None:
    """Report where the sources contradict each other, beside the rule, without failing."""
    note_discrepancy(request.node.user_properties, text)
