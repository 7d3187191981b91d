"""The genesys-cloud conformance scenarios (features/genesys_cloud)."""

from pytest_bdd import scenarios

from harness.paths import features_dir

scenarios(str(features_dir() / "genesys_cloud"))
