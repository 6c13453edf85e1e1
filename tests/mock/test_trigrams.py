"""A field's values joined all at once (the search index built) make exactly what joining them one record at a
time makes, whatever the characters: several UTF-8 bytes each, lone surrogates, NUL, values too short for a
trigram, values held by many records."""

from __future__ import annotations

import random
from array import array
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.listing import trigrams
from mockserver.listing.search_index import _FieldValues

# few characters, so that values repeat and share trigrams; a lone surrogate, NUL and the last code point among them
letters = st.sampled_from(["a", "b", "9", "\u0627", "ی", "😀", "\ud800", "\x00", "\U0010ffff"])
texts = st.lists(letters, max_size=7).map("".join)


def _one_by_one(values: list[str]) -> dict[str, array[int]]:
    found: dict[str, array[int]] = {}
    for slot, value in enumerate(values):
        for gram in trigrams.grams(value):
            found.setdefault(gram, array("i")).append(slot)
    return found


@settings(max_examples=300, deadline=None)
@given(values=st.lists(texts, unique=True, max_size=30), chunk=st.sampled_from([4096, 1, 2, 7]))
def test_postings_of_all_values_are_those_made_value_by_value(values: list[str], chunk: int) -> None:
    """`chunk`: trigrams._CHUNK, how many values are split at once (each chunk's postings appended to the last's)."""
    with mock.patch.object(trigrams, "_CHUNK", chunk):
        assert trigrams.postings(values) == _one_by_one(values)


def _state(field: _FieldValues) -> tuple[object, ...]:
    return (
        field.values,
        field.holders,
        field._slot,
        list(field._slot_of),
        {gram: list(posting) for gram, posting in field._postings.items()},
        field._gram_fields,
    )


@settings(max_examples=300, deadline=None)
@given(
    held=st.lists(texts, max_size=40),
    ids=st.randoms(use_true_random=False),
    later=st.lists(texts, max_size=5),
    chunk=st.sampled_from([4096, 3]),
)
def test_a_field_filled_at_once_is_the_field_joined_record_by_record(
    held: list[str], ids: random.Random, later: list[str], chunk: int
) -> None:
    record_ids = sorted(ids.sample(range(1, 200), len(held)))  # ascending, with gaps (deleted records)
    at_once, one_by_one = _FieldValues(2, {"zzz": 1}), _FieldValues(2, {"zzz": 1})
    with mock.patch.object(trigrams, "_CHUNK", chunk):
        at_once.join_all(record_ids, iter(held))  # read as they come, as the index reads its store
    one_by_one._make_room(max(record_ids, default=-1))
    for record_id, value in zip(record_ids, held, strict=True):
        one_by_one._join_each((record_id,), (value,))
    assert _state(at_once) == _state(one_by_one)
    # and both take later records alike (one by one, as writes come)
    for record_id, value in enumerate(later, start=300):
        at_once.join(value, record_id)
        one_by_one.join(value, record_id)
    assert _state(at_once) == _state(one_by_one)
