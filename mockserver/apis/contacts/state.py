"""The contacts API's state: one repository of contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.apis.contacts.model import Contact
from mockserver.apis.contacts.seed import seed_contacts
from mockserver.persistence.parts import Keyed
from mockserver.schemas import validator
from mockserver.settings import Settings
from mockserver.state import StateError, StateKind
from mockserver.store import Repository

__all__ = ["KIND", "ContactsState"]


@dataclass
class ContactsState:
    contacts: Repository[Contact] = field(default_factory=Repository)

    @classmethod
    def seeded(cls, seed: int, settings: Settings) -> ContactsState:
        state = cls()
        records = seed_contacts(seed, settings.contacts)
        state.contacts.load(((c.id, c) for c in records), next_id=len(records) + 1)
        return state

    def dump(self) -> dict[str, Any]:
        return {**self.small(), "records": [c.render() for c in self.contacts.ascending()]}

    # -- what --state logs (mockserver.persistence.parts) --------------------------------------------------------

    def keyed(self) -> list[Keyed]:
        return [Keyed.repository("records", "id", self.contacts, Contact.json)]

    def small(self) -> dict[str, Any]:
        return {"next_id": self.contacts.next_id}

    @classmethod
    def load(cls, section: dict[str, Any]) -> ContactsState:
        schema = validator("contacts", "#/components/schemas/Contact")
        for index, raw in enumerate(section["records"]):
            for error in schema.iter_errors(raw):
                raise StateError(f"contacts.records[{index}] does not fit the spec: {error.message}")
        return cls.load_own(section)

    @classmethod
    def load_own(cls, section: dict[str, Any]) -> ContactsState:
        """A section this mock dumped itself: its records fit the spec (mockserver.state.StateKind.load_own)."""
        state = cls()
        records = [Contact.from_rendered(raw) for raw in section["records"]]
        state.contacts.load(((c.id, c) for c in records), next_id=int(section["next_id"]))
        return state


KIND = StateKind("contacts", ContactsState.seeded, ContactsState.load, ContactsState.load_own)
