"""DRF's LimitOffsetPagination, including its silent fallbacks and its absolute, re-sorted page links."""

from __future__ import annotations

import json
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


class QueryLinks:
    """The request URL parsed once; links that change a few parameters, encoded exactly as DRF's
    replace_query_param / remove_query_param would (keys sorted, values quoted by urlencode), without
    re-parsing the URL for every link."""

    def __init__(self, url: str) -> None:
        self._scheme, self._netloc, self._path, query, self._fragment = parse.urlsplit(url)
        parsed = parse.parse_qs(query, keep_blank_values=True)
        self._encoded = {key: parse.urlencode([(key, values)], doseq=True) for key, values in parsed.items()}

    def url(self, **changes: Any) -> str:
        """Set each given parameter (None removes it)."""
        encoded = dict(self._encoded)
        for key, value in changes.items():
            if value is None:
                encoded.pop(key, None)
            else:
                encoded[key] = parse.urlencode([(key, [str(value)])], doseq=True)
        query = "&".join(encoded[key] for key in sorted(encoded))
        return parse.urlunsplit((self._scheme, self._netloc, self._path, query, self._fragment))


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
        next_link, previous_link = self.links(url, window, count)
        return {"count": count, "next": next_link, "previous": previous_link, "results": results}

    def render(self, url: str, window: PageWindow, count: int, fragments: list[bytes]) -> bytes:
        """The page as JSON bytes from already-encoded items: byte for byte what json.dumps of body() gives."""
        next_link, previous_link = self.links(url, window, count)
        head = (
            f'{{"count":{count},"next":{_json_string(next_link)},"previous":{_json_string(previous_link)},"results":['
        )
        return head.encode() + b",".join(fragments) + b"]}"

    def links(self, url: str, window: PageWindow, count: int) -> tuple[str | None, str | None]:
        has_next = window.offset + window.limit < count
        has_previous = window.offset > 0
        if not (has_next or has_previous):
            return None, None
        query = QueryLinks(url)
        next_link = None
        if has_next:
            next_link = query.url(**{self.limit_param: window.limit, self.offset_param: window.offset + window.limit})
        previous_link = None
        if has_previous:
            back = window.offset - window.limit
            previous_link = query.url(**{self.limit_param: window.limit, self.offset_param: back if back > 0 else None})
        return next_link, previous_link


def _json_string(value: str | None) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)
