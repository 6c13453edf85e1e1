"""Callbell's pages (`x-pagination` style `page`): Kaminari's `page(params[:page])` with no `meta` in the answer.

The docs give only `page` (default 1) for the contacts list and a contact's messages: no size, no cursor, no
limit. The size is the spec's inference; a page past the end is empty, and a malformed page is page 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from hamta.openapi import Pagination
from mockserver.listing.page_cursor import lenient_page
from mockserver.routing import StartupError

__all__ = ["KaminariPages"]

T = TypeVar("T")


class KaminariPages:
    def __init__(self, spec: Pagination | None, where: str) -> None:
        if spec is None or spec.style != "page":
            raise StartupError(f"{where} needs x-pagination style page")
        self.param: str = spec.get("page-param")
        self.size: int = spec.get("page-size")

    def page(self, query: Mapping[str, str], items: Sequence[T]) -> list[T]:
        start = (lenient_page(query.get(self.param)) - 1) * self.size
        return list(items[start : start + self.size])
