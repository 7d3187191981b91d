"""cobrowse-conformance: the conformance harness for co-browse sessions."""

__version__ = "0.1.0"
