"""The genesys-cloud profile (placeholder until its issue lands)."""
