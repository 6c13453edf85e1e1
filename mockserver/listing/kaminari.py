"""Callbell's pages (`x-pagination` style `page`): Kaminari's `page(params[:page])` with no `meta` in the answer.

The docs give only `page` (default 1) for the contacts list and a contact's messages: no size, no cursor, no
limit. The size is the spec's inference; a page past the end is empty, and a malformed page is page 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TypeVar

from hamta.openapi import Pagination
from mockserver.routing import StartupError

__all__ = ["KaminariPages", "lenient_page"]

T = TypeVar("T")
_DIGITS = re.compile(r"[0-9]+")


def lenient_page(raw: str | None) -> int:
    """A `page` where the spec declares no 400: anything but a whole number from 1 (ASCII digits: Python's
    int() would also take Persian ones) means page 1, as Kaminari's `page(params[:page])` does."""
    text = (raw or "").strip()
    return int(text) if _DIGITS.fullmatch(text) and int(text) >= 1 else 1


class KaminariPages:
    def __init__(self, spec: Pagination | None, where: str) -> None:
        if spec is None or spec.style != "page":
            raise StartupError(f"{where} needs x-pagination style page")
        self.param: str = spec.get("page-param")
        self.size: int = spec.get("page-size")

    def page(self, query: Mapping[str, str], items: Sequence[T]) -> list[T]:
        start = (lenient_page(query.get(self.param)) - 1) * self.size
        return list(items[start : start + self.size])
