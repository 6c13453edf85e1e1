"""The values' bytes as a matrix find what `in` finds, value by value, whatever the characters: several bytes each in
UTF-8 (Persian, emoji), lone surrogates, NUL inside a value, an empty value."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.listing import haystack
from mockserver.listing.haystack import Haystack

# few characters, so that terms are often found; each kind of UTF-8 length, a lone surrogate and NUL among them
# (\u0627: alef)
letters = st.sampled_from(["a", "b", "9", "@", "\u0627", "ی", "ك", "\u2028", "😀", "\ud800", "\x00", "é"])
texts = st.lists(letters, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    values=st.lists(texts, max_size=40),
    terms=st.lists(texts.filter(bool), min_size=1, max_size=5),
    widest=st.sampled_from([128, 3, 0]),  # haystack._WIDEST: bytes of a value in the matrix; longer ones aside
    capacity=st.sampled_from([1024, 1, 3]),  # haystack._FIRST_CAPACITY: the matrix grows as values come
    made=st.integers(0, 40),  # how many values the haystack is made of at once; the others are appended
)
def test_holding_is_in_value_by_value(
    values: list[str], terms: list[str], widest: int, capacity: int, made: int
) -> None:
    with mock.patch.object(haystack, "_WIDEST", widest), mock.patch.object(haystack, "_FIRST_CAPACITY", capacity):
        stack = Haystack.of(values[:made])
        for value in values[made:]:
            stack.append(value)
    assert len(stack) == len(values)
    for term in terms:
        if not Haystack.holds(term):
            assert "\x00" in term
            continue
        expected = [slot for slot, value in enumerate(values) if term in value]
        assert stack.holding(term).tolist() == expected


def test_values_appended_after_a_search_are_searched() -> None:
    """The matrix grows after a search has read it: wider (a longer value) and with room for more values."""
    with mock.patch.object(haystack, "_FIRST_CAPACITY", 1):
        stack = Haystack.of(["bل"])
    assert stack.holding("ل").tolist() == [0]
    stack.append("علی")  # 6 bytes where the matrix held 3, and a second value where it had room for one
    stack.append("")
    width, room = stack._rows.shape
    assert width == 6
    assert room >= 3
    assert stack.holding("ل").tolist() == [0, 1]
    assert stack.holding("لی").tolist() == [1]
    assert stack.holding("x").tolist() == []


def test_a_term_longer_than_every_value_finds_nothing() -> None:
    stack = Haystack()
    stack.append("ab")
    assert stack.holding("abc").tolist() == []
    assert Haystack().holding("a").tolist() == []
