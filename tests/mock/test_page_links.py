"""The fast page-link builder encodes exactly what DRF's replace_query_param / remove_query_param encode."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from mockserver.listing.pagination import QueryLinks, remove_query_param, replace_query_param

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
