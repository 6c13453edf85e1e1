"""The Callbell API's state: the account's configuration, its contacts (keyed by uuid), and sent messages.

Every mutation is one synchronous method, so no other request runs between a lookup and the write (the
reason `mockserver.store` gives); handlers check everything first and write last, so an error changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mockserver.apis.callbell.account import Account
from mockserver.apis.callbell.model import Contact, SentMessage, format_time, parse_time, phone_key
from mockserver.apis.callbell.seed import CLOCK_START, DOCS_RECIPIENT, DOCS_SENT, docs_contacts, seed_contacts
from mockserver.apis.callbell.seed_account import seed_account
from mockserver.apis.callbell.state_document import dump_contact, dump_sent, load_account, load_contact, load_sent
from mockserver.apis.callbell.webhooks.store import WebhookState, dump_delivery
from mockserver.persistence.parts import Keyed, TrackedDict
from mockserver.state import StateError, StateKind

__all__ = ["KIND", "CallbellState"]


@dataclass
class CallbellState:
    account: Account
    contacts: dict[str, Contact] = field(default_factory=dict)
    next_id: int = 1
    sent: dict[str, SentMessage] = field(default_factory=dict)
    # The mock's clock (see `tick`): where "now" is for every time this API writes and for the 24-hour window.
    clock: dt.datetime = CLOCK_START
    webhooks: WebhookState = field(default_factory=WebhookState)

    def __post_init__(self) -> None:
        # --state logs the records written since the last request (mockserver.persistence.parts).
        self.contacts = TrackedDict(self.contacts)
        self.sent = TrackedDict(self.sent)

    @classmethod
    def seeded(cls, seed: int, settings: Any) -> CallbellState:
        account = seed_account(seed)
        records = seed_contacts(seed, account)
        records += docs_contacts(account, len(records) + 1)
        contacts = {c.uuid: c for c in records}
        sent: dict[str, SentMessage] = {}
        if DOCS_RECIPIENT in contacts:
            sent[DOCS_SENT] = SentMessage(DOCS_SENT, DOCS_RECIPIENT, "enqueued", "31612345678")
        return cls(account, contacts, len(records) + 1, sent, webhooks=WebhookState.seeded(records))

    # -- the clock -----------------------------------------------------------------------------------------------

    def tick(self) -> dt.datetime:
        """Now, for something that happens: the clock moves one second per event and stands still between
        them, so a seed always gives the same times and two events never share one. The admin API moves it
        further (`advance`), e.g. past a 24-hour window."""
        self.clock += dt.timedelta(seconds=1)
        return self.clock

    def advance(self, seconds: int) -> dt.datetime:
        self.clock += dt.timedelta(seconds=seconds)
        return self.clock

    # -- contacts ------------------------------------------------------------------------------------------------

    def by_activity(self) -> list[Contact]:
        """Most recent conversation first; the internal id breaks ties, so the order is total."""
        return sorted(self.contacts.values(), key=lambda c: (c.activity, c.id), reverse=True)

    def add(self, make: Callable[[int], Contact]) -> Contact:
        contact = make(self.next_id)
        self.contacts[contact.uuid] = contact
        self.next_id += 1
        return contact

    def put(self, contact: Contact) -> None:
        self.contacts[contact.uuid] = contact

    def remove(self, uuid: str) -> None:
        del self.contacts[uuid]

    def by_phone(self, number: str, channel: str | None = None) -> Contact | None:
        """The newest contact with this number (on `channel`, when given): numbers need not be unique."""
        key = phone_key(number)
        matches = [
            c
            for c in self.contacts.values()
            if c.phone_number is not None
            and phone_key(c.phone_number) == key
            and (channel is None or c.channel == channel)
        ]
        return max(matches, key=lambda c: c.id, default=None)

    def by_bsuid(self, bsuid: str) -> Contact | None:
        return max((c for c in self.contacts.values() if c.bsuid == bsuid), key=lambda c: c.id, default=None)

    # -- dump and load -------------------------------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        return {
            "account": self.account.dump(),
            "next_id": self.next_id,
            "contacts": [dump_contact(c, self.account) for c in sorted(self.contacts.values(), key=lambda c: c.id)],
            "sent": [dump_sent(s) for s in self.sent.values()],
            "clock": format_time(self.clock),
            **self.webhooks.dump(),
        }

    # -- what --state logs (mockserver.persistence.parts) --------------------------------------------------------

    def keyed(self) -> list[Keyed]:
        return [
            Keyed.tracked("contacts", "uuid", self.contacts, lambda contact: dump_contact(contact, self.account)),
            Keyed.tracked("sent", "uuid", self.sent, dump_sent),
            Keyed.tracked("webhook_deliveries", "number", self.webhooks.deliveries, dump_delivery),
        ]

    def small(self) -> dict[str, Any]:
        """The account's configuration is small and bounded, and immutable (a change stores a new Account):
        logged whole when it is another one. The webhook is one small record."""
        webhook = self.webhooks.webhook
        return {
            "account": self.account,
            "next_id": self.next_id,
            "clock": format_time(self.clock),
            "webhook": webhook.render() if webhook else None,
            "next_delivery": self.webhooks.next_delivery,
        }

    @classmethod
    def load(cls, section: dict[str, Any]) -> CallbellState:
        try:
            account = load_account(section["account"])
            contacts = [load_contact(raw, account, index) for index, raw in enumerate(section["contacts"])]
            sent = [load_sent(raw, index) for index, raw in enumerate(section["sent"])]
            next_id = max([int(section["next_id"]), *(c.id + 1 for c in contacts)])
            clock = parse_time(section["clock"]) if "clock" in section else CLOCK_START
            webhooks = WebhookState.load(section)
        except StateError:
            raise
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            # A hand-edited document with a list where an object belongs: refuse it, never a 500.
            raise StateError(f"callbell section does not fit: {exc!r}") from None
        return cls(
            account, {c.uuid: c for c in contacts}, next_id, {s.uuid: s for s in sent}, clock=clock, webhooks=webhooks
        )


KIND = StateKind("callbell", CallbellState.seeded, CallbellState.load)
