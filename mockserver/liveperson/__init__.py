"""The liveperson profile (placeholder until its issue lands)."""
