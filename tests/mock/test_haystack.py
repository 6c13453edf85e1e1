"""The values laid end to end find what `in` finds, value by value, whatever the characters: several bytes each in
UTF-8 (Persian, emoji), lone surrogates, NUL inside a value, an empty value."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.listing import haystack
from mockserver.listing.haystack import Haystack

# few characters, so that terms are often found; each kind of UTF-8 length, a lone surrogate and NUL among them
letters = st.sampled_from(
    ["a", "b", "9", "@", "\u0627", "ی", "ك", "\u2028", "😀", "\ud800", "\x00", "é"]
)  # \u0627: alef
texts = st.lists(letters, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    values=st.lists(texts, max_size=40),
    terms=st.lists(texts.filter(bool), min_size=1, max_size=5),
    sparse=st.sampled_from([0, 8, 10**9]),  # haystack._SPARSE: the places looked up, or counted per value
)
def test_holding_is_in_value_by_value(values: list[str], terms: list[str], sparse: int) -> None:
    stack = Haystack()
    for value in values:
        stack.append(value)
    assert len(stack) == len(values)
    with mock.patch.object(haystack, "_SPARSE", sparse):
        for term in terms:
            if not Haystack.holds(term):
                assert "\x00" in term
                continue
            expected = [slot for slot, value in enumerate(values) if term in value]
            assert stack.holding(term).tolist() == expected


def test_values_appended_after_a_search_are_searched() -> None:
    """The buffers grow after a search has read them (numpy's views of them are gone by then)."""
    stack = Haystack()
    stack.append("علی")
    assert stack.holding("ل").tolist() == [0]
    stack.append("bل")
    stack.append("")
    assert stack.holding("ل").tolist() == [0, 1]
    assert stack.holding("لی").tolist() == [0]
    assert stack.holding("x").tolist() == []


def test_a_term_longer_than_every_value_finds_nothing() -> None:
    stack = Haystack()
    stack.append("ab")
    assert stack.holding("abc").tolist() == []
    assert Haystack().holding("a").tolist() == []
