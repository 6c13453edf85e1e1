"""The fast page-link builder encodes exactly what DRF's replace_query_param / remove_query_param encode: DRF's
own functions (rest_framework/utils/urls.py) are the reference, and the mock's ports of them must agree too."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.utils.urls import remove_query_param, replace_query_param

from hamta.openapi import Pagination
from mockserver.listing import pagination
from mockserver.listing.pagination import LimitOffset, PageWindow, QueryLinks

keys = st.sampled_from(["limit", "offset", "search", "ordering", "is_viewed", "a b", "ک", "x+y", ""])
values = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
queries = st.lists(st.tuples(keys, values), max_size=6).map(urlencode)


@given(query=queries, limit=st.integers(1, 1000), offset=st.integers(-5, 5000))
def test_links_match_drfs_reference_encoding(query: str, limit: int, offset: int) -> None:
    url = f"http://127.0.0.1:8000/api/contacts/?{query}" if query else "http://127.0.0.1:8000/api/contacts/"
    links = QueryLinks(url)
    expected_next = replace_query_param(replace_query_param(url, "limit", limit), "offset", offset)
    assert links.url(limit=limit, offset=offset) == expected_next
    expected_previous = remove_query_param(replace_query_param(url, "limit", limit), "offset")
    assert links.url(limit=limit, offset=None) == expected_previous
    assert pagination.replace_query_param(url, "limit", limit) == replace_query_param(url, "limit", limit)
    assert pagination.remove_query_param(url, "offset") == remove_query_param(url, "offset")


# Pairs urllib leaves as they are (kept raw by the builder), beside ones it decodes: an encoded key that decodes to a
# plain one, a bare name, an empty key, '+' for a space, a value with '~'.
SPELLINGS = [
    "limit",
    "offset=",
    "lim%69t=3",
    "offset=%37",
    "limit=5",
    "&",
    "a=1=2",
    "=5",
    "=",
    "a+b=1",
    "x=~-_.",
    "%61=2",
    "a=1",
    "a=%41",
    # escapes: as quote_plus writes them (kept raw), and spellings it would not write (decoded):
    # lower-case hex, an escaped space or unreserved character, bytes that are no UTF-8, a bare '%'
    "search=%D8%B9%D9%84%DB%8C",
    "search=%D8%B9%D9%84%DB%8C+%D8%B1%D8%B6%D8%A7",
    "search=%d8%b9%d9%84",
    "search=a%20b",
    "search=%2D",
    "search=%7E",
    "search=a%5Fb%2E",
    "search=%2B%26%3D%25",
    "search=%FF%D8",
    "search=%D8",
    "search=%D8a%B9",
    "search=%E2%80%A8",
    "search=100%",
    "search=%4",
    "%73earch=%D8%B9",
]

raw_pairs = st.lists(
    st.one_of(
        st.tuples(keys, values).map(lambda pair: urlencode([pair])),
        st.sampled_from(SPELLINGS),
        # any text as urlencode spells it, then with its escapes in lower case
        st.tuples(keys, values).map(lambda pair: urlencode([pair])).filter(lambda pair: "%" in pair).map(str.lower),
    ),
    max_size=6,
).map("&".join)


@given(query=raw_pairs, limit=st.integers(1, 100), offset=st.integers(0, 500), count=st.integers(0, 700))
def test_page_links_match_drfs_get_next_and_previous_link(query: str, limit: int, offset: int, count: int) -> None:
    """LimitOffsetPagination.get_next_link / get_previous_link, whatever the request's own limit and offset."""
    url = f"http://127.0.0.1:8000/api/contacts/?{query}" if query else "http://127.0.0.1:8000/api/contacts/"
    pager = LimitOffset(
        Pagination("limit-offset", {"limit-param": "limit", "offset-param": "offset", "default-limit": 10})
    )
    expected_next = None
    if offset + limit < count:
        expected_next = replace_query_param(replace_query_param(url, "limit", limit), "offset", offset + limit)
    expected_previous = None
    if offset > 0:
        with_limit = replace_query_param(url, "limit", limit)
        back = offset - limit
        expected_previous = (
            remove_query_param(with_limit, "offset") if back <= 0 else replace_query_param(with_limit, "offset", back)
        )
    assert pager.links(url, PageWindow(offset, limit), count) == (expected_next, expected_previous)


@pytest.mark.parametrize("pair", SPELLINGS)
def test_each_spelling_links_as_drf_does(pair: str) -> None:
    url = f"http://127.0.0.1:8000/api/contacts/?{pair}&ordering=-id"
    expected = replace_query_param(replace_query_param(url, "limit", 10), "offset", 20)
    assert QueryLinks(url).url(limit=10, offset=20) == expected
