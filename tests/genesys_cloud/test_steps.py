"""The genesys-cloud Then steps judge only what they saw.

Every Cobrowsesession property is [optional] (sources 003 and 004), so a step
whose rule concerns one property cannot pass when that property never
appeared: it reports the rule as not proven (skipped). Where the life cycle
needs the value (``self`` naming its participant, ``disconnectType`` once
disconnected), an absent property is still a violation.

The readings are rendered by the reference's own core and wire format, through
one life cycle: offered, joined, control granted, the agent leaves, wrap-up.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, cast

import pytest

from harness.checks import RuleViolation
from harness.steps import genesys_cloud as steps
from harness.steps.genesys_cloud import AGENT, CUSTOMER, CloudWorld, Conv, Snapshot
from mockserver.clock import ManualClock, epoch_ms
from mockserver.faults import Faults
from mockserver.genesys_cloud import wire
from mockserver.genesys_cloud.core import CloudCore

START = 1_700_000_000.0
WRAPPED = "the agent wraps up"


def _life_cycle() -> CloudWorld:
    clock = ManualClock(START)
    core = CloudCore(clock, Faults())
    conversation = core.create_conversation("Ada Lovelace", "Grace Hopper", "customer-1",
                                            "agent-1")
    conv = Conv("first", conversation.id,
                {CUSTOMER: conversation.customer.id, AGENT: conversation.agent.id},
                {CUSTOMER: "Ada Lovelace", AGENT: "Grace Hopper"})
    target = SimpleNamespace(can=lambda capability: capability == "clock")
    world = CloudWorld(cast(Any, None), cast(Any, None), cast(Any, None), cast(Any, target))
    world.convs["first"] = conv

    def snap(stage: str, event: str | None = None) -> None:
        now = epoch_ms(clock.now())
        if event is not None:
            conv.events[(0, event)] = (now, now)
        world.snapshots.append(Snapshot(
            stage, conv, wire.conversation(core, conversation), now, now,
            frozenset(conv.joined), frozenset(conv.ended), frozenset(conv.granted),
            dict(conv.events), len(conv.sessions)))
        clock.advance(10)

    record = core.start_cobrowse(conversation.id)
    conv.sessions.append(record.history_id)
    snap("the customer starts co-browsing", "offered")
    core.join(record.history_id)
    conv.joined.add(0)
    snap("the agent joins the co-browse session", "joined")
    request = core.request_control(record.history_id)
    core.answer_control(record.history_id, str(request["requestId"]), True)
    conv.granted.add(0)
    snap("the customer grants control", "granted")
    core.leave(record.history_id, AGENT)
    conv.ended.add(0)
    conv.granted.discard(0)
    snap("the agent leaves the co-browse session", "ended")
    core.wrap_up(record.viewer, {"code": "resolved", "notes": "form completed together"})
    snap(WRAPPED)
    return world


def _without(world: CloudWorld, name: str,
             where: Callable[[str, dict[str, Any]], bool] = lambda stage, comm: True
             ) -> CloudWorld:
    """The same readings with ``name`` left out of the communications ``where`` selects."""
    stripped = copy.copy(world)
    stripped.snapshots = []
    for snapshot in world.snapshots:
        data = copy.deepcopy(snapshot.data)
        for participant in data["participants"]:
            for comm in participant["cobrowsesessions"]:
                if where(snapshot.stage, comm):
                    comm.pop(name, None)
        stripped.snapshots.append(dataclasses.replace(snapshot, data=data))
    return stripped


def _date_003(name: str) -> Callable[[CloudWorld, str], None]:
    return lambda cloud, rule: steps.date_003(cloud, name, rule)


def _date_004(name: str) -> Callable[[CloudWorld, str], None]:
    return lambda cloud, rule: steps.date_004(cloud, name, rule)


#: (rule, property, the Then step's check); the property is optional for that rule.
OPTIONAL: list[tuple[str, str, Callable[[CloudWorld, str], None]]] = [
    ("GC-003-14", "providerEventTime", _date_003("providerEventTime")),
    ("GC-004-12", "providerEventTime", _date_004("providerEventTime")),
    ("GC-004-12", "providerEventTime", steps.provider_event_time),
    ("GC-003-15", "startAlertingTime", _date_003("startAlertingTime")),
    ("GC-004-14", "connectedTime", _date_004("connectedTime")),
    ("GC-003-17", "disconnectedTime", _date_003("disconnectedTime")),
    ("GC-004-16", "provider", steps.provider_same),
    ("GC-003-19", "peerId", steps.peer_ids),
    ("GC-004-18", "segments", steps.segments_time_line),
    ("GC-004-20", "afterCallWork", steps.after_call_work),
    ("GC-003-23", "afterCallWorkRequired", steps.after_call_work_required),
    ("GC-004-06", "self", steps.self_is_address),
    ("GC-004-23", "initialState", steps.initial_state_kept),
    ("GC-004-27", "initialState", steps.initial_state_enum),
    ("GC-004-24", "state", steps.state_enum),
    ("GC-004-26", "disconnectType", steps.disconnect_type_enum),
]


@pytest.fixture(scope="module")
def world() -> CloudWorld:
    return _life_cycle()


@pytest.mark.parametrize(("rule", "name", "step"), OPTIONAL,
                         ids=[f"{r}-{n}" for r, n, _ in OPTIONAL])
def test_the_reference_readings_pass(world: CloudWorld, rule: str, name: str,
                                     step: Callable[[CloudWorld, str], None]) -> None:
    step(world, rule)


@pytest.mark.parametrize(("rule", "name", "step"), OPTIONAL,
                         ids=[f"{r}-{n}" for r, n, _ in OPTIONAL])
def test_a_property_never_sent_is_not_proven(world: CloudWorld, rule: str, name: str,
                                             step: Callable[[CloudWorld, str], None]) -> None:
    expected = f"not proven: {name} never appeared in any Cobrowsesession the target returned"
    with pytest.raises(pytest.skip.Exception, match=expected):
        step(_without(world, name), rule)


def test_controlling_never_sent_before_a_grant_is_not_proven(world: CloudWorld) -> None:
    with pytest.raises(pytest.skip.Exception, match="not proven: controlling never appeared"):
        steps.controlling_empty(_without(world, "controlling"), "GC-004-10")


def test_a_provider_on_one_leg_only_cannot_be_compared(world: CloudWorld) -> None:
    one_leg = _without(world, "provider", lambda stage, comm: comm["cobrowseRole"] == "viewer")
    with pytest.raises(pytest.skip.Exception, match="never appeared in both Cobrowsesessions"):
        steps.provider_same(one_leg, "GC-003-18")


def test_after_call_work_gone_after_the_wrap_up_is_not_proven(world: CloudWorld) -> None:
    gone = _without(world, "afterCallWork", lambda stage, comm: stage == WRAPPED)
    with pytest.raises(pytest.skip.Exception, match="read after the wrap-up"):
        steps.after_call_work(gone, "GC-003-22")


def test_a_present_value_is_still_checked(world: CloudWorld) -> None:
    broken = _without(world, "providerEventTime")
    broken.snapshots[0].data["participants"][0]["cobrowsesessions"][0]["providerEventTime"] = (
        "2023-11-14T22:13:20Z")
    with pytest.raises(RuleViolation, match="GC-003-14"):
        steps.date_003(broken, "providerEventTime", "GC-003-14")


@pytest.mark.parametrize(("name", "step", "rule"), [
    ("self", steps.self_names_participant, "GC-003-09"),
    ("disconnectType", steps.disconnect_type_null_until, "GC-004-05"),
    ("startAlertingTime", steps.start_alerting_time, "GC-004-13"),
    ("connectedTime", steps.connected_time, "GC-004-14"),
    ("disconnectedTime", steps.disconnected_time, "GC-004-15"),
])
def test_a_property_the_life_cycle_needs_fails_when_absent(
        world: CloudWorld, name: str, step: Callable[[CloudWorld, str], None],
        rule: str) -> None:
    with pytest.raises(RuleViolation, match=rule):
        step(_without(world, name), rule)


def test_after_call_work_required_under_another_acw_setting_fails(world: CloudWorld) -> None:
    """The reference's default (Agent Requested) sends the property, so a scenario that chose
    another setting must see it refused; left out everywhere, it passes."""
    chosen = copy.copy(world)
    chosen.acw_setting = "MANDATORY"
    with pytest.raises(RuleViolation, match="GC-003-24"):
        steps.after_call_work_required_unused(chosen, "GC-003-24")
    absent = _without(world, "afterCallWorkRequired")
    absent.acw_setting = "MANDATORY"
    steps.after_call_work_required_unused(absent, "GC-004-22")
