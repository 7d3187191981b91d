"""The liveperson conformance scenarios (features/liveperson)."""

from pytest_bdd import scenarios

from harness.paths import features_dir

scenarios(str(features_dir() / "liveperson"))
