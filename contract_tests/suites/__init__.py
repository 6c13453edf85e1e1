"""The suites; importing this package registers every check."""

from contract_tests.suites import callbell, callbell_window, contacts, conversations, generated, trailing_slash

__all__ = ["callbell", "callbell_window", "contacts", "conversations", "generated", "trailing_slash"]
