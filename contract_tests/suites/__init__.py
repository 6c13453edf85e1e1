"""The suites; importing this package registers every check."""

from contract_tests.suites import contacts, trailing_slash

__all__ = ["contacts", "trailing_slash"]
