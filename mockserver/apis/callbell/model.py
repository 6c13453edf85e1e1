"""Callbell's records as the mock stores them: contacts (with their conversation's messages) and sent messages.

Records are frozen: a change stores a new record, so a response already rendered never changes under a client.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "STATUS_STEPS",
    "Contact",
    "ContactMessage",
    "FieldValue",
    "SentMessage",
    "format_time",
    "parse_time",
    "phone_key",
]

# What GET /messages/status shows on successive reads (the spec's MessageStatus enum has them; checked at start-up).
STATUS_STEPS = ("enqueued", "sent", "delivered", "read")

FieldValue = str | tuple[str, ...]

_NON_DIGITS = re.compile(r"[^0-9]")


def format_time(value: dt.datetime) -> str:
    """Rails' JSON time in UTC, to the second: `2020-11-13T21:08:53Z`."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def phone_key(number: str) -> str:
    """The digits that identify a number however it is written: `+98 912 345 6789`, `00989123456789` and the
    local `09123456789` are one number (Iranian local numbers drop 98 for a leading 0)."""
    digits = _NON_DIGITS.sub("", number)
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return "98" + digits[1:]
    return digits


@dataclass(frozen=True)
class ContactMessage:
    """A message of the contact's conversation. Received messages and notes carry no uuid (the docs' example)."""

    uuid: str | None
    text: str
    created_at: dt.datetime
    status: str
    channel: str
    sender: str
    recipient: str

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {} if self.uuid is None else {"uuid": self.uuid}
        rendered.update(
            text=self.text,
            createdAt=format_time(self.created_at),
            status=self.status,
            channel=self.channel,
            to=self.recipient,
        )
        rendered["from"] = self.sender
        return rendered

    @classmethod
    def from_rendered(cls, raw: dict[str, Any]) -> ContactMessage:
        return cls(
            raw.get("uuid"),
            raw["text"],
            parse_time(raw["createdAt"]),
            raw["status"],
            raw["channel"],
            raw["from"],
            raw["to"],
        )


@dataclass(frozen=True)
class Contact:
    """`id` orders contacts whose conversations moved at the same time (the list's tie-break); the API never
    shows it. `team` and `channel` are uuids into the account; `messages` are newest first; `bot_started_at` is
    when the customer first wrote after `bot_start` (None until then)."""

    id: int
    uuid: str
    name: str
    phone_number: str | None
    created_at: dt.datetime
    source: str
    tags: tuple[str, ...] = ()
    custom_fields: dict[str, FieldValue] = field(default_factory=dict)
    assigned_user: str | None = None
    team: str | None = None
    channel: str | None = None
    funnel_id: str | None = None
    closed_at: dt.datetime | None = None
    blocked_at: dt.datetime | None = None
    bot_status: str | None = None
    note: str | None = None
    bsuid: str | None = None
    messages: tuple[ContactMessage, ...] = ()
    bot_started_at: dt.datetime | None = None

    @property
    def activity(self) -> dt.datetime:
        """When the conversation last moved: the list's "most recent conversation first" order."""
        return self.messages[0].created_at if self.messages else self.created_at

    @property
    def last_received(self) -> dt.datetime | None:
        """When the customer last wrote: what the 24-hour window runs from."""
        return next((m.created_at for m in self.messages if m.status == "received"), None)

    def changed(self, **changes: Any) -> Contact:
        return replace(self, **changes)


@dataclass(frozen=True)
class SentMessage:
    """A message sent through the API; `status` is what the next GET /messages/status/{uuid} shows.
    `destination` (the recipient's digits) and `template` (a template message, not a session one) feed
    `messageStatusPayload`; `metadata` is the send's, kept for webhook events."""

    uuid: str
    contact: str
    status: str
    destination: str = ""
    template: bool = False
    metadata: dict[str, str] = field(default_factory=dict)

    def advanced(self) -> SentMessage:
        """One step along STATUS_STEPS; `read` and any status off the path (`failed`, loaded from a state
        document) stay as they are."""
        if self.status not in STATUS_STEPS[:-1]:
            return self
        return replace(self, status=STATUS_STEPS[STATUS_STEPS.index(self.status) + 1])

    def deleted(self) -> SentMessage:
        return replace(self, status="deleted")
