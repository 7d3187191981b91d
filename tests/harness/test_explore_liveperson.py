"""The liveperson explorer: consumers on real sockets, the agent and the page on the driver,
judged by the rule oracles and the model after every step."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness.test_explore import explore_reference, finds_nothing, finds_the_variant

PROFILE = "liveperson"


def test_the_reference_survives_a_bounded_exploration() -> None:
    finds_nothing(PROFILE, (), ("invite", "publish", "close_conversation", "connection_drops",
                                "advance"), max_examples=6, steps=12, seed=1)


def test_a_broken_variant_is_found_and_its_rule_named(tmp_path: Path) -> None:
    finding = finds_the_variant(tmp_path, PROFILE, "lp.service-id-without-consumer",
                                "LP-001-14", max_examples=4, steps=8, seed=2)
    assert finding["steps"][-1].startswith("invite(#1"), finding["steps"]
    assert 'the agent sends a CoBrowse invitation in "' in finding["gherkin"]
    assert any(c.get("kind") == "frame" for c in finding["calls"]), "the socket's frames"


def test_a_promise_never_kept_is_found_by_the_model() -> None:
    """An absence no oracle can see in the log: an invitation that expired (the agent reads
    it CLOSED) without a change reaching the consumer (LP-001-44)."""
    result = explore_reference(PROFILE, ("lp.expiry-not-pushed",), max_examples=10, steps=8,
                               seed=2)
    (finding,) = result.findings
    assert finding.rules == ["LP-001-44"], finding.findings
    assert finding.findings[0]["oracle"] == "", "the model's check, not an oracle's"
    assert [a.call.partition("(")[0] for a in finding.actions][-2:] == ["advance", "expired"]


@pytest.mark.parametrize("fault", ["lp.expires-in-milliseconds", "lp.expiry-shortly-after",
                                   "lp.other-notification-keys"])
def test_a_legal_variant_is_not_reported(fault: str) -> None:
    """Other choices where the source is silent (LP-S-01, LP-S-02) break no rule, though an
    invitation went 2 minutes unanswered."""
    finds_nothing(PROFILE, (fault,), ("expired",), max_examples=4, steps=12, seed=5)

