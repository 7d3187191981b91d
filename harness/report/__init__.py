"""Reports as plain data (build), rendered several ways (write, console)."""
