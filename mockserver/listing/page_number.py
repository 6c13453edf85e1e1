"""DRF's PageNumberPagination: `page` from 1 (or `last`), a 404 "Invalid page." for anything else."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from hamta.openapi import Pagination
from mockserver.errors import Problem
from mockserver.listing.pagination import remove_query_param, replace_query_param
from mockserver.locale import gettext

__all__ = ["PageNumber"]

INVALID_PAGE = "Invalid page."  # PageNumberPagination.invalid_page_message


class PageNumber:
    def __init__(self, spec: Pagination) -> None:
        self.param: str = spec.get("page-param")
        self.default_size: int = spec.get("page-size")
        self.size_param: str | None = spec.get("page-size-param")
        self.max_size: int | None = spec.get("max-page-size")

    def size(self, query: Mapping[str, str]) -> int:
        """DRF's get_page_size: `_positive_int(value, strict=True, cutoff=max_page_size)`, else the default."""
        raw = query.get(self.size_param) if self.size_param else None
        if raw is None:
            return self.default_size
        try:
            size = int(raw)  # int() allows surrounding whitespace, as DRF does: `limit=12 ` is 12
        except ValueError:
            return self.default_size
        if size <= 0:
            return self.default_size
        return min(size, self.max_size) if self.max_size else size

    def number(self, query: Mapping[str, str], count: int, size: int | None = None) -> int:
        """Django's Paginator.validate_number, with DRF's `last`."""
        size = size or self.size(query)
        pages = max(1, math.ceil(count / size))
        raw = query.get(self.param, "1") or "1"
        if raw == "last":
            return pages
        try:
            number = int(raw)
        except ValueError:
            raise Problem(404, gettext(INVALID_PAGE)) from None
        if number < 1 or number > pages:
            raise Problem(404, gettext(INVALID_PAGE))
        return number

    def body(self, url: str, query: Mapping[str, str], items: Sequence[Any]) -> dict[str, Any]:
        size = self.size(query)
        number = self.number(query, len(items), size)
        start = (number - 1) * size
        pages = max(1, math.ceil(len(items) / size))
        previous = None
        if number > 1:
            previous = (
                remove_query_param(url, self.param) if number == 2 else replace_query_param(url, self.param, number - 1)
            )
        return {
            "count": len(items),
            "next": replace_query_param(url, self.param, number + 1) if number < pages else None,
            "previous": previous,
            "results": list(items[start : start + size]),
        }
