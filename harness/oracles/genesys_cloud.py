"""Rule oracles of the genesys-cloud profile (sources 003 and 004), over every scenario's log."""
