"""DRF's PageNumberPagination: `page` from 1 (or `last`), a 404 "Invalid page." for anything else."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from hamta.openapi import Pagination
from mockserver.errors import Problem
from mockserver.listing.pagination import remove_query_param, replace_query_param

__all__ = ["PageNumber"]


class PageNumber:
    def __init__(self, spec: Pagination) -> None:
        self.param: str = spec.get("page-param")
        self.size: int = spec.get("page-size")

    def number(self, query: Mapping[str, str], count: int) -> int:
        """Django's Paginator.validate_number, with DRF's `last`."""
        pages = max(1, math.ceil(count / self.size))
        raw = query.get(self.param, "1") or "1"
        if raw == "last":
            return pages
        try:
            number = int(raw)
        except ValueError:
            raise Problem(404, "Invalid page.") from None
        if number < 1 or number > pages:
            raise Problem(404, "Invalid page.")
        return number

    def body(self, url: str, query: Mapping[str, str], items: Sequence[Any]) -> dict[str, Any]:
        number = self.number(query, len(items))
        start = (number - 1) * self.size
        pages = max(1, math.ceil(len(items) / self.size))
        previous = None
        if number > 1:
            previous = (
                remove_query_param(url, self.param) if number == 2 else replace_query_param(url, self.param, number - 1)
            )
        return {
            "count": len(items),
            "next": replace_query_param(url, self.param, number + 1) if number < pages else None,
            "previous": previous,
            "results": list(items[start : start + self.size]),
        }
