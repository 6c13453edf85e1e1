"""A contact as the API stores it, and its DRF representation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any

from mockserver.jsoncodec import dumps

__all__ = ["Contact", "format_timestamp", "parse_timestamp"]


def format_timestamp(value: dt.datetime) -> str:
    """DRF's DateTimeField output in UTC: ISO 8601 with `Z`, microseconds dropped when they are zero."""
    if value.tzinfo is dt.UTC:
        return value.isoformat()[:-6] + "Z"  # "+00:00" -> "Z", without converting
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


def parse_timestamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Contact:
    """Immutable: an update stores a new Contact, so cached renderings and search text never go stale. Slots:
    a hundred thousand of them are read field by field in every filtered or ordered list."""

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
    cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def render(self) -> dict[str, Any]:
        rendered = self.cache.get("json")
        if rendered is None:
            rendered = {
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
            self.cache["json"] = rendered
        return rendered

    def json(self) -> bytes:
        """The rendering as compact JSON bytes, encoded once per version of the contact."""
        encoded = self.cache.get("bytes")
        if encoded is None:
            encoded = dumps(self.render()).encode()
            self.cache["bytes"] = encoded
        return encoded

    def changed(self, **changes: Any) -> Contact:
        return replace(self, cache={}, **changes)

    @classmethod
    def from_rendered(cls, data: dict[str, Any]) -> Contact:
        values = {f.name: data[f.name] for f in fields(cls) if f.name != "cache"}
        for name in ("viewed_at", "created_at", "updated_at"):
            if values[name] is not None:
                values[name] = parse_timestamp(values[name])
        return cls(**values)
