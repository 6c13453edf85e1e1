"""Callbell's page-cursor pagination (`x-pagination` style `page-cursor`): numbered pages up to a limit, and an
opaque keyset cursor that goes on from any batch.

The cursor is base64url JSON `{"ts": <ms>, "id": <id>}` without padding, the shape of the docs' example token:
the sort key of the last item shown. Items must come sorted by that key, descending; the next batch is every
item whose key is smaller, so an item added during a walk (a newer key) never shows up in it, and no item is
seen twice.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from hamta.openapi import Pagination
from mockserver.errors import Problem

__all__ = ["Batch", "CursorKey", "PageCursor", "decode_cursor", "encode_cursor", "lenient_page", "page_number"]

T = TypeVar("T")
CursorKey = tuple[int, int]

LIMIT_EXCEEDED = "Pagination limit exceeded"
INVALID_CURSOR = "Invalid pagination cursor"
INVALID_PAGE = "Invalid page number"
_DIGITS = re.compile(r"[0-9]+")


def page_number(raw: str | None) -> int:
    """A `page` query value: absent or empty is 1; anything but a whole number from 1 (ASCII digits: Python's
    int() would also take Persian ones) is a 400."""
    text = (raw or "1").strip()
    if not _DIGITS.fullmatch(text) or int(text) < 1:
        raise Problem(400, INVALID_PAGE)
    return int(text)


def lenient_page(raw: str | None) -> int:
    """A `page` where the spec declares no 400: anything but a whole number from 1 means page 1 (Kaminari's
    `page(params[:page])` does the same)."""
    try:
        return page_number(raw)
    except Problem:
        return 1


def encode_cursor(key: CursorKey) -> str:
    text = json.dumps({"ts": key[0], "id": key[1]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def decode_cursor(token: str) -> CursorKey:
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True)
        data = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise Problem(400, INVALID_CURSOR) from None
    if not isinstance(data, dict) or set(data) != {"ts", "id"} or not all(_whole(v) for v in data.values()):
        raise Problem(400, INVALID_CURSOR)
    return data["ts"], data["id"]


@dataclass(frozen=True)
class Batch:
    """What one request shows: the items, and the `meta` object that goes with them."""

    items: list[Any]
    meta: dict[str, Any]


class PageCursor:
    def __init__(self, spec: Pagination) -> None:
        self.page_param: str = spec.get("page-param")
        self.cursor_param: str = spec.get("cursor-param")
        self.size: int = spec.get("page-size")
        self.max_page: int = spec.get("max-page")

    def page_number(self, query: Mapping[str, str]) -> int:
        number = page_number(query.get(self.page_param))
        if number > self.max_page:
            raise Problem(400, LIMIT_EXCEEDED)
        return number

    def cursor(self, query: Mapping[str, str]) -> CursorKey | None:
        """The decoded `after`, None without one; checked before anything is read, so a bad token is a 400
        whatever the filters match."""
        token = query.get(self.cursor_param, "")
        return decode_cursor(token) if token else None

    def batch(self, query: Mapping[str, str], items: Sequence[T], key: Callable[[T], CursorKey]) -> Batch:
        """`items` sorted by `key`, descending. With a cursor, `page` is ignored (as the spec says)."""
        after = self.cursor(query)
        if after is not None:
            following = [item for item in items if key(item) < after]
            shown = following[: self.size]
            more = len(following) > len(shown)
            return Batch(shown, {"next": encode_cursor(key(shown[-1])) if more else None})
        number = self.page_number(query)
        start = (number - 1) * self.size
        shown = list(items[start : start + self.size])
        more = start + self.size < len(items)
        return Batch(
            shown,
            {
                "page": number,
                "pages": math.ceil(len(items) / self.size),
                "next": encode_cursor(key(shown[-1])) if more and shown else None,
            },
        )
