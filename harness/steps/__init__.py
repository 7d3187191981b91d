"""Step definitions, one module per profile plus the shared ones (loaded by the plugin)."""
