"""Step definitions of the genesys_cloud profile (none yet: the profile is not implemented)."""
