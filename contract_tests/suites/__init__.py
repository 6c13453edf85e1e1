"""The suites; importing this package registers every check."""

from contract_tests.suites import callbell, contacts, conversations, generated, trailing_slash

__all__ = ["callbell", "contacts", "conversations", "generated", "trailing_slash"]
