"""Contract tests that verify a real deployment against hamta's specs.

Knows a deployment only by its base URL and credentials: it never imports `mockserver`.
"""
