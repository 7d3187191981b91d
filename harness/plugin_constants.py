"""Words the plugin and the reports agree on (kept apart to avoid an import cycle)."""

NOT_APPLICABLE = "not applicable:"
NEEDS_CAPABILITY = "target lacks capability:"
