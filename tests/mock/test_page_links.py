"""The fast page-link builder encodes exactly what DRF's replace_query_param / remove_query_param encode: DRF's
own functions (rest_framework/utils/urls.py) are the reference, and the mock's ports of them must agree too."""

from __future__ import annotations

from urllib.parse import urlencode

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


raw_pairs = st.lists(
    st.one_of(
        st.tuples(keys, values).map(lambda pair: urlencode([pair])),
        # pairs urllib leaves as they are (kept raw by the builder), beside ones it decodes: an encoded key that
        # decodes to a plain one, a bare name, an empty key, '+' for a space, a value with '~'
        st.sampled_from(
            [
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
            ]
        ),
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
