"""Clients the step definitions use to play each party against a target."""
