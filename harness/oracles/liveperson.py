"""Rule oracles of the liveperson profile (source 001), over every scenario's log."""
