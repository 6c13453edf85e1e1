"""DRF's LimitOffsetPagination, including its silent fallbacks and its absolute, re-sorted page links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib import parse

from hamta.openapi import Pagination

__all__ = ["LimitOffset", "PageWindow", "remove_query_param", "replace_query_param"]


def replace_query_param(url: str, key: str, value: Any) -> str:
    """rest_framework.utils.urls.replace_query_param: parse, set, re-encode with the keys sorted."""
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    query_dict = parse.parse_qs(query, keep_blank_values=True)
    query_dict[str(key)] = [str(value)]
    return parse.urlunsplit((scheme, netloc, path, parse.urlencode(sorted(query_dict.items()), doseq=True), fragment))


def remove_query_param(url: str, key: str) -> str:
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    query_dict = parse.parse_qs(query, keep_blank_values=True)
    query_dict.pop(key, None)
    return parse.urlunsplit((scheme, netloc, path, parse.urlencode(sorted(query_dict.items()), doseq=True), fragment))


def _positive_int(text: str, *, strict: bool = False, cutoff: int | None = None) -> int:
    number = int(text)
    if number < 0 or (number == 0 and strict):
        raise ValueError(text)
    return min(number, cutoff) if cutoff else number


@dataclass(frozen=True)
class PageWindow:
    offset: int
    limit: int


class LimitOffset:
    def __init__(self, spec: Pagination) -> None:
        self.limit_param: str = spec.get("limit-param")
        self.offset_param: str = spec.get("offset-param")
        self.default_limit: int = spec.get("default-limit")
        self.max_limit: int | None = spec.get("max-limit")

    def window(self, query: Mapping[str, str]) -> PageWindow:
        try:
            limit = _positive_int(query[self.limit_param], strict=True, cutoff=self.max_limit)
        except (KeyError, ValueError):
            limit = self.default_limit
        try:
            offset = _positive_int(query[self.offset_param])
        except (KeyError, ValueError):
            offset = 0
        return PageWindow(offset, limit)

    def body(self, url: str, window: PageWindow, count: int, results: list[Any]) -> dict[str, Any]:
        return {
            "count": count,
            "next": self._next(url, window, count),
            "previous": self._previous(url, window),
            "results": results,
        }

    def _next(self, url: str, window: PageWindow, count: int) -> str | None:
        if window.offset + window.limit >= count:
            return None
        url = replace_query_param(url, self.limit_param, window.limit)
        return replace_query_param(url, self.offset_param, window.offset + window.limit)

    def _previous(self, url: str, window: PageWindow) -> str | None:
        if window.offset <= 0:
            return None
        url = replace_query_param(url, self.limit_param, window.limit)
        if window.offset - window.limit <= 0:
            return remove_query_param(url, self.offset_param)
        return replace_query_param(url, self.offset_param, window.offset - window.limit)
