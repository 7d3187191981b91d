"""The genesys-engage conformance scenarios (features/genesys_engage)."""

from pytest_bdd import scenarios

from harness.paths import features_dir

scenarios(str(features_dir() / "genesys_engage"))
