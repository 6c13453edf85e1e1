"""The mock's whole state (every API's records), seeded, dumped and loaded as one JSON document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockserver.apis.contacts.model import Contact
from mockserver.apis.contacts.seed import seed_contacts
from mockserver.schemas import validator
from mockserver.store import Repository

__all__ = ["STATE_FORMAT", "MockState", "StateError", "World"]

STATE_FORMAT = "hamta-state/1"


class StateError(ValueError):
    """A state document hamta cannot load: wrong format, wrong version, or records that do not fit."""


@dataclass
class World:
    seed: int
    contacts: Repository[Contact]

    @classmethod
    def seeded(cls, seed: int, contacts: int) -> World:
        world = cls(seed=seed, contacts=Repository())
        records = seed_contacts(seed, contacts)
        world.contacts.load(((c.id, c) for c in records), next_id=len(records) + 1)
        return world

    def dump(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "seed": self.seed,
            "contacts": {
                "next_id": self.contacts.next_id,
                "records": [contact.render() for contact in self.contacts.ascending()],
            },
        }

    @classmethod
    def load(cls, document: Any) -> World:
        if not isinstance(document, dict) or document.get("format") != STATE_FORMAT:
            raise StateError(f"not a {STATE_FORMAT} document")
        try:
            world = cls(seed=int(document["seed"]), contacts=Repository())
            section = document["contacts"]
            contact_schema = validator("contacts", "#/components/schemas/Contact")
            for index, raw in enumerate(section["records"]):
                for error in contact_schema.iter_errors(raw):
                    raise StateError(f"contacts.records[{index}] does not fit the spec: {error.message}")
            records = [Contact.from_rendered(raw) for raw in section["records"]]
            world.contacts.load(((c.id, c) for c in records), next_id=int(section["next_id"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError(f"state document does not fit {STATE_FORMAT}: {exc!r}") from None
        return world


@dataclass
class MockState:
    """The app's keys are frozen once it starts; this holder is what reset, reseed and load swap the world in.

    `seed` and `contacts` are what a reset returns to; a reseed changes them.
    """

    world: World
    seed: int
    contacts: int

    def reset(self) -> None:
        self.world = World.seeded(self.seed, self.contacts)

    def reseed(self, seed: int, contacts: int) -> None:
        self.world = World.seeded(seed, contacts)
        self.seed, self.contacts = seed, contacts
