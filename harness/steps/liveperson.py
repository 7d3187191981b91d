"""Step definitions of the liveperson profile (none yet: the profile is not implemented)."""
