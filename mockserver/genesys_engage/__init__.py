"""The genesys-engage profile: Genesys Co-browse sessions on a primary interaction."""
