"""The mock's split of a `search` value against DRF's own `search_smart_split` (3.18, rest_framework/filters.py),
run in-process: the same terms for any value made of the characters that steer the split (quotes, commas,
backslashes, spaces). The mock leaves out empty terms, where DRF keeps them: an empty term is `icontains ''`,
which every record passes (its id is never null), so the records found are the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.filters import search_smart_split

from mockserver.listing.search import split_terms

# and whitespace beyond ASCII's (a no-break space, an em space, a file separator): Django's pattern and the mock's
# test for a value with nothing to split must agree on what is whitespace
STEERING = st.text(
    alphabet=st.sampled_from(["'", '"', ",", "\\", " ", "a", "ب", "\t", "\u00a0", "\u2003", "\x1c"]), max_size=12
)


def _drf(value: str) -> list[str]:
    return [term for term in search_smart_split(value) if term]


@given(value=STEERING)
def test_the_search_terms_are_drfs(value: str) -> None:
    assert split_terms(value) == _drf(value)


@pytest.mark.parametrize(
    ("value", "terms"), [("'", []), ("x '", ["x"]), ('"', []), ("'a b'", ["a b"]), ("a,'b", ["a", "'b"])]
)
def test_a_lone_quote_is_an_empty_phrase(value: str, terms: list[str]) -> None:
    """A lone quote is both the first and the last character of its token: DRF takes it as a quoted phrase with
    nothing inside (all records), not as the character to look for."""
    assert split_terms(value) == terms == _drf(value)
