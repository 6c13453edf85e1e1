"""A contact as the API stores it, and its DRF representation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from json.encoder import encode_basestring
from typing import Any

__all__ = ["Contact", "format_timestamp", "parse_timestamp"]


# The newest whole second formatted, and its text. A create's two timestamps, and any run of writes within one
# second, share it: the date and time are formatted once, only the microseconds each time (about half the cost
# of a whole isoformat()). An older second (a patched contact's creation, a page of stored contacts) is
# formatted whole and does not take the slot, so the writes of this second keep it. One tuple, swapped whole,
# so that mocks in several threads (tests) never read one second's key with another's text.
_last_second: tuple[tuple[int, ...], str] = ((), "")


def format_timestamp(value: dt.datetime) -> str:
    """DRF's DateTimeField output in UTC: ISO 8601 with `Z`, microseconds dropped when they are zero."""
    global _last_second
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    second = (value.year, value.month, value.day, value.hour, value.minute, value.second)
    last = _last_second
    if last[0] != second:
        if second < last[0]:
            return value.isoformat()[:-6] + "Z"  # DRF's own way: "+00:00" cut, "Z" put instead
        last = _last_second = (second, value.replace(microsecond=0, tzinfo=None).isoformat())
    micro = value.microsecond
    return f"{last[1]}.{micro:06d}Z" if micro else last[1] + "Z"


def _text(value: str | None) -> str:
    """A nullable string as JSON, non-ASCII kept (ensure_ascii=False)."""
    return "null" if value is None else encode_basestring(value)


def parse_timestamp(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)  # Python 3.11 reads the `Z`
    return value if value.tzinfo is dt.UTC else value.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Contact:
    """Immutable: an update stores a new Contact, so its cached JSON, the search index and the list columns
    never hold a stale value unnoticed. Slots: a hundred thousand of them stay in memory."""

    id: int
    subject: str
    message: str | None
    first_name: str | None
    last_name: str | None
    email: str | None
    mobile_number: str | None
    viewed: bool
    viewed_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    # The JSON bytes, made on first use: a cache, not state (set once through object.__setattr__, never compared).
    _json: bytes | None = field(default=None, init=False, compare=False, repr=False)

    def render(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "mobile_number": self.mobile_number,
            "subject": self.subject,
            "message": self.message,
            "viewed": self.viewed,
            "viewed_at": format_timestamp(self.viewed_at) if self.viewed_at else None,
            "created_at": format_timestamp(self.created_at),
            "updated_at": format_timestamp(self.updated_at),
        }

    def json(self) -> bytes:
        """`jsoncodec.dumps(self.render())` as UTF-8, written straight from the fields (a create answers one, and
        a page sends ten): encoded once per version of the contact."""
        encoded = self._json
        if encoded is None:
            viewed_at = f'"{format_timestamp(self.viewed_at)}"' if self.viewed_at else "null"
            encoded = (
                f'{{"id":{self.id:d},"first_name":{_text(self.first_name)},"last_name":{_text(self.last_name)},'
                f'"email":{_text(self.email)},"mobile_number":{_text(self.mobile_number)},'
                f'"subject":{encode_basestring(self.subject)},"message":{_text(self.message)},'
                f'"viewed":{"true" if self.viewed else "false"},"viewed_at":{viewed_at},'
                f'"created_at":"{format_timestamp(self.created_at)}","updated_at":"{format_timestamp(self.updated_at)}"}}'
            ).encode()
            object.__setattr__(self, "_json", encoded)
        return encoded

    def changed(self, **changes: Any) -> Contact:
        """The contact with some fields changed (a patch, a view): spelled out, where `dataclasses.replace` walks
        the fields' definitions on every call (twice the cost, in each patch)."""
        if not changes.keys() <= _FIELDS:
            raise TypeError(f"Contact has no field {sorted(changes.keys() - _FIELDS)[0]!r}")
        get = changes.get
        return Contact(
            id=get("id", self.id),
            subject=get("subject", self.subject),
            message=get("message", self.message),
            first_name=get("first_name", self.first_name),
            last_name=get("last_name", self.last_name),
            email=get("email", self.email),
            mobile_number=get("mobile_number", self.mobile_number),
            viewed=get("viewed", self.viewed),
            viewed_at=get("viewed_at", self.viewed_at),
            created_at=get("created_at", self.created_at),
            updated_at=get("updated_at", self.updated_at),
        )

    @classmethod
    def from_rendered(cls, data: dict[str, Any]) -> Contact:
        # Once per record when a state is loaded (100k at a restart of a large --state): spelled out, no walk
        # over the fields.
        viewed_at = data["viewed_at"]
        return cls(
            id=data["id"],
            subject=data["subject"],
            message=data["message"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            mobile_number=data["mobile_number"],
            viewed=data["viewed"],
            viewed_at=None if viewed_at is None else parse_timestamp(viewed_at),
            created_at=parse_timestamp(data["created_at"]),
            updated_at=parse_timestamp(data["updated_at"]),
        )


_FIELDS = frozenset(item.name for item in fields(Contact) if item.init)
