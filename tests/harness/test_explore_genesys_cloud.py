"""The genesys-cloud explorer: bounded walks over the driver and Platform APIs, judged by the
rule oracles and the model after every step."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness.test_explore import finds_nothing, finds_the_variant

PROFILE = "genesys-cloud"


def test_the_reference_survives_a_bounded_exploration() -> None:
    finds_nothing(PROFILE, (), ("customer_starts", "agent_answers", "leaves", "read", "advance"),
                  max_examples=6, steps=15, seed=1)


def test_a_broken_variant_is_found_and_its_rule_named(tmp_path: Path) -> None:
    finding = finds_the_variant(tmp_path, PROFILE, "cloud.viewer-stays-alerting", "GC-004-02",
                                max_examples=6, steps=10, seed=1)
    assert any(step.startswith("agent_answers") for step in finding["steps"]), finding["steps"]
    assert "the agent joins the co-browse session" in finding["gherkin"]
    assert any(c.get("channel") == "platform" for c in finding["calls"]), "Platform API reads"


@pytest.mark.parametrize("fault", ["cloud.disconnect-type-is-other", "cloud.role-capitalised"])
def test_a_legal_variant_is_not_reported(fault: str) -> None:
    """Other choices where the sources are silent (GC-S-01, GC-S-03) break no rule."""
    finds_nothing(PROFILE, (fault,), ("agent_answers", "leaves"), max_examples=6, steps=15,
                  seed=1)

