"""Quirks of the real frameworks, each a named, pluggable layer driven by the spec's extensions."""
