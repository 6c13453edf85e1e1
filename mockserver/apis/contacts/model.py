"""A contact as the API stores it, and its DRF representation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from json.encoder import encode_basestring
from operator import attrgetter
from typing import Any

from mockserver.jsoncodec import escape_separators

__all__ = ["Contact", "format_timestamp", "parse_timestamp"]


# The newest whole second formatted: its start and its text. A create's two timestamps, and any run of writes
# within one second, share it: the date and time are formatted once, only the microseconds each time (about half
# the cost of a whole isoformat()). An older moment (a patched contact's creation, a page of stored contacts) is
# told by one comparison and formatted whole, and does not take the slot, so the writes of this second keep it.
# One tuple, swapped whole, so that mocks in several threads (tests) never read one second's start with another's
# text.
_SECOND = dt.timedelta(seconds=1)
_last_second: tuple[dt.datetime, str] = (dt.datetime.min.replace(tzinfo=dt.UTC), "")


def format_timestamp(value: dt.datetime) -> str:
    """DRF's DateTimeField output in UTC: ISO 8601 with `Z`, microseconds dropped when they are zero."""
    global _last_second
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    start, text = _last_second
    if value < start:
        return value.isoformat()[:-6] + "Z"  # DRF's own way: "+00:00" cut, "Z" put instead
    if value - start >= _SECOND:
        start = value.replace(microsecond=0)
        text = start.replace(tzinfo=None).isoformat()
        _last_second = (start, text)
    micro = value.microsecond
    return f"{text}.{micro:06d}Z" if micro else text + "Z"


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
    # The contact this one was changed from, until this one's JSON is made (then dropped): see `json`.
    _base: Contact | None = field(default=None, init=False, compare=False, repr=False)

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
        """`jsoncodec.dumps(self.render())` as UTF-8 and DRF's JSONRenderer writes it (U+2028 and U+2029 escaped),
        written straight from the fields (a create answers one, and a page sends ten): encoded once per version of
        the contact. A contact changed from one whose JSON was
        made encodes only its changed fields (`_spliced`)."""
        encoded = self._json
        if encoded is None:
            base = self._base
            if base is not None and base._json is not None:
                encoded = self._spliced(base, base._json)
            else:
                viewed_at = f'"{format_timestamp(self.viewed_at)}"' if self.viewed_at else "null"
                encoded = escape_separators(
                    f'{{"id":{self.id:d},"first_name":{_text(self.first_name)},"last_name":{_text(self.last_name)},'
                    f'"email":{_text(self.email)},"mobile_number":{_text(self.mobile_number)},'
                    f'"subject":{encode_basestring(self.subject)},"message":{_text(self.message)},'
                    f'"viewed":{"true" if self.viewed else "false"},"viewed_at":{viewed_at},'
                    f'"created_at":"{format_timestamp(self.created_at)}",'
                    f'"updated_at":"{format_timestamp(self.updated_at)}"}}'
                ).encode()
            object.__setattr__(self, "_json", encoded)
            object.__setattr__(self, "_base", None)
        return encoded

    def _spliced(self, base: Contact, old: bytes) -> bytes:
        """This contact's JSON from the one it was changed from: what lies between two keys is copied for an
        unchanged field (the same object), encoded for a changed one. A key in quotes followed by a colon never
        occurs inside a JSON string (a quote there is escaped), so `find` lands on the key itself. A patch of
        a stored contact so skips its two older timestamps and its texts, and in the server the cache misses of
        reading their scattered objects: 5.6 -> 3.5 us in process, 9 us less of the mock's CPU per patch under
        wrk (bench/README.md)."""
        values, were = _VALUES(self), _VALUES(base)
        out: list[bytes] = []
        copied = 0  # the old JSON up to here is in `out`
        for index in [index for index in _PLACES if values[index] is not were[index]]:
            key, encode = _PIECES[index]
            start = old.find(key, copied)
            # the comma before the next key (or the closing brace) is where this field's value ends
            end = old.find(_PIECES[index + 1][0], start) - 1 if index + 1 < len(_PIECES) else len(old) - 1
            out += (old[copied:start], key, encode(values[index]))
            copied = end
        out.append(old[copied:])
        return b"".join(out)

    def changed(self, **changes: Any) -> Contact:
        """The contact with some fields changed (a patch, a view): spelled out, where `dataclasses.replace` walks
        the fields' definitions on every call (twice the cost, in each patch)."""
        if not changes.keys() <= _FIELDS:
            raise TypeError(f"Contact has no field {sorted(changes.keys() - _FIELDS)[0]!r}")
        get = changes.get
        contact = Contact(
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
        if self._json is not None:
            object.__setattr__(contact, "_base", self)
        return contact

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


def _quoted_timestamp(value: dt.datetime | None) -> bytes:
    return b"null" if value is None else b'"' + format_timestamp(value).encode() + b'"'


def _text_bytes(value: str | None) -> bytes:
    return escape_separators(_text(value)).encode()


# The JSON's fields in order: each one's key (with the comma before it) and how its value is written.
_JSON_FIELDS: tuple[tuple[str, Callable[[Any], bytes]], ...] = (
    ("id", lambda value: b"%d" % value),
    ("first_name", _text_bytes),
    ("last_name", _text_bytes),
    ("email", _text_bytes),
    ("mobile_number", _text_bytes),
    ("subject", _text_bytes),
    ("message", _text_bytes),
    ("viewed", lambda value: b"true" if value else b"false"),
    ("viewed_at", _quoted_timestamp),
    ("created_at", _quoted_timestamp),
    ("updated_at", _quoted_timestamp),
)
_PIECES = tuple((b'"%s":' % name.encode(), encode) for name, encode in _JSON_FIELDS)
_VALUES = attrgetter(*(name for name, _ in _JSON_FIELDS))
_PLACES = range(len(_JSON_FIELDS))
