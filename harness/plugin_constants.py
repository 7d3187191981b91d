"""Words the plugin and the reports agree on (kept apart to avoid an import cycle)."""

NOT_APPLICABLE = "not applicable:"
NEEDS_CAPABILITY = "target lacks capability:"
DESELECTED = "not run: its scenarios were deselected"

#: Exit codes the plugin ends a session with, told apart from pytest's own by the command.
EXIT_TARGET_UNREACHABLE = 13
EXIT_TARGET_MISCONFIGURED = 12
