"""The search index: per search field, its distinct values and the ids holding each.

A search term matches a record when it is in one of the record's search fields (the separator between fields
never occurs in a term), so the question "which records hold this term" becomes "which distinct values of
each field hold it", then the ids of those values. Names, subjects and the like have a few hundred distinct
values for any number of contacts, so a term is checked against those and not against every record; fields
with many distinct values (ids, emails, mobiles) get a trigram index over their values, so a term of three or
more characters is checked only against the values holding all of its trigrams. A shorter term (a search box's
first letters) is looked for in all of a field's values at once, their bytes a matrix (`haystack.py`), and the ids of
the values found are read off an array by id, never gathered value by value.

The index catches up on the store's writes from its change log: each changed record leaves the groups of its
old values and joins those of its new ones. A value nobody holds any more stays, with an empty group.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from mockserver.heap import settling
from mockserver.listing import trigrams
from mockserver.listing.haystack import Haystack
from mockserver.store import Repository

__all__ = ["Found", "SearchIndex"]

_ENOUGH = 64  # candidate values few enough to check one by one
_KEEP_ARRAY = 32  # holders of a value kept as an array from this many
_TERMS_KEPT = 1024  # search terms whose trigrams are kept
_FEW_IDS = 512  # a search whose rarest term is held by at most this many ids answers with their ids
_NO_SLOT = array("i", [-1])  # what `_FieldValues._slot_of` is filled with: an id that holds no value
_MANY = 1024  # candidate values many enough to be told apart and mapped to their ids by numpy


@functools.lru_cache(maxsize=_TERMS_KEPT)
def _term_grams(term: str) -> tuple[str, ...]:
    """A search term's trigrams, worked out once for the terms searched lately (a list screen's search box
    sends the same term with every filter and page it shows)."""
    return tuple(trigrams.grams(term))


class _FieldValues:
    """One field: distinct normalised values, the ids holding each, and trigrams over the values."""

    def __init__(self, bit: int, gram_fields: dict[str, int]) -> None:
        self.bit = bit  # this field's bit in `gram_fields`
        self._gram_fields = gram_fields  # shared by every field of the index: which fields hold each trigram
        self.values: list[str] = []
        # Per value, the ids holding it: one id as itself, none or several as a list (most values of an id, email
        # or mobile field are held by one contact: a list each would cost ~20 MB more at 100k contacts).
        self.holders: list[int | list[int]] = []
        # Per record id, the slot of the value it holds (-1: none): what a record leaves when it changes, and the
        # ids of thousands of values read off at once (`_many_holding`). 4 bytes an id, where a dict of each
        # record's slots took ~140.
        self._slot_of = array("i")
        self._arrays: dict[int, np.ndarray] = {}  # holders as numpy arrays, made on use, dropped on change
        self._slot: dict[str, int] = {}
        # Per trigram, the slots of the values holding it: 4 bytes a slot (a list took 8, and 80 times as long to
        # make a numpy array of).
        self._postings: dict[str, array[int]] = {}
        self._posting_arrays: dict[str, np.ndarray] = {}  # long postings as arrays, made on use, dropped on change
        self._marks = np.zeros(0, dtype=bool)  # a flag per value, all down between queries (`_intersected`)
        self._haystack: Haystack | None = None  # the values' bytes: made on a short term's first search

    def join(self, value: str, record_id: int) -> None:
        self.join_all((record_id,), (value,))

    def join_all(self, record_ids: Sequence[int], values: Iterable[str]) -> None:
        """Each record holds its value: a store's worth at once when the index is built (one call, where one per
        record and field was a third of the 1.5 s that took at 100k contacts; the values' trigrams, half of the
        rest, are found all at once, `_fill`)."""
        self._make_room(max(record_ids, default=-1))
        if self.values:
            self._join_each(record_ids, values)
        else:
            self._fill(record_ids, values)

    def _join_each(self, record_ids: Sequence[int], values: Iterable[str], *, split: bool = True) -> None:
        """`join_all`, record by record (a write's records); `split`: each new value's trigrams posted too."""
        slot_of, distinct, haystack = self._slot_of, self.values, self._haystack
        slot_get, known, holders, postings = self._slot.get, self._slot, self.holders, self._postings
        gram_fields, bit, posting_arrays, arrays = self._gram_fields, self.bit, self._posting_arrays, self._arrays
        for record_id, value in zip(record_ids, values, strict=True):
            slot = slot_get(value)
            if slot is None:
                slot = known[value] = len(distinct)
                distinct.append(value)
                holders.append(record_id)
                if haystack is not None:
                    haystack.append(value)
                for gram in trigrams.grams(value) if split else ():
                    posting = postings.get(gram)
                    if posting is None:
                        posting = postings[gram] = array("i")
                        gram_fields[gram] = gram_fields.get(gram, 0) | bit
                    elif posting_arrays:
                        posting_arrays.pop(gram, None)
                    posting.append(slot)
            else:
                held = holders[slot]
                if isinstance(held, int):
                    holders[slot] = [held, record_id]
                else:
                    held.append(record_id)
                if arrays:
                    arrays.pop(slot, None)
            slot_of[record_id] = slot

    def _make_room(self, top: int) -> None:
        """`_slot_of` long enough for id `top`, a quarter more than asked: a growing store extends it rarely."""
        if top >= len(self._slot_of):
            self._slot_of.extend(_NO_SLOT * (top + 1 - len(self._slot_of) + top // 4 + 1024))

    def _fill(self, record_ids: Sequence[int], values: Iterable[str]) -> None:
        """`join_all` into a field holding no value yet (the index built): what joining the records one by one
        makes, with the distinct values' trigrams found at once (`trigrams.postings`), not value by value."""
        self._join_each(record_ids, values, split=False)
        self._postings = trigrams.postings(self.values)
        gram_fields, bit = self._gram_fields, self.bit
        for gram in self._postings:
            gram_fields[gram] = gram_fields.get(gram, 0) | bit

    def leave(self, record_id: int) -> None:
        """The record no longer holds its value (if it held one)."""
        slot_of = self._slot_of
        slot = slot_of[record_id] if record_id < len(slot_of) else -1
        if slot >= 0:
            held = self.holders[slot]
            if isinstance(held, int):
                self.holders[slot] = []
            else:
                held.remove(record_id)
            self._arrays.pop(slot, None)
            slot_of[record_id] = -1

    def held_by(self, slot: int) -> np.ndarray:
        """The ids holding the value, as an array (kept for a value many hold: a name, a subject)."""
        ids = self._arrays.get(slot)
        if ids is None:
            held = self.holders[slot]
            ids = np.array([held] if isinstance(held, int) else held, dtype=np.int64)
            if len(ids) >= _KEEP_ARRAY:
                self._arrays[slot] = ids
        return ids

    def _candidates(self, term: str, grams: tuple[str, ...]) -> Collection[int]:
        if len(term) < trigrams.N:
            return range(len(self.values))
        postings = self._postings
        held = [postings.get(gram) for gram in grams]
        if not all(held):
            return ()
        rarest = min(cast("list[array[int]]", held), key=len)
        if len(rarest) <= _ENOUGH or len(grams) == 1:  # few enough, or the term's one trigram: the posting itself
            return rarest
        grams = tuple(sorted(grams, key=lambda gram: (len(postings[gram]), gram)))
        if len(self._postings[grams[0]]) > _ENOUGH * 4:
            return self._intersected(grams)
        candidates = set(self._postings[grams[0]])
        for gram in grams[1:]:
            if len(candidates) <= _ENOUGH:
                break
            candidates.intersection_update(self._postings[gram])
        return candidates

    def _intersected(self, grams: tuple[str, ...]) -> list[int]:
        """The values holding every gram, for long postings (a digit trigram is in a thousand mobile numbers):
        the candidates kept that each further posting holds, read off a flag per value set for that posting and
        cleared again (half the time of bisecting one posting for the other's values, and no array the size of
        the field made per query)."""
        candidates = self._posting(grams[0])
        marks = self._marks = _flags_for(self._marks, len(self.values))
        for gram in grams[1:]:
            if len(candidates) <= _ENOUGH:
                break
            posting = self._posting(gram)
            marks[posting] = True
            try:
                candidates = candidates[marks[candidates]]
            finally:
                marks[posting] = False  # every flag down again for the next query
        return cast(list[int], candidates.tolist())

    def _posting(self, gram: str) -> np.ndarray:
        posting = self._posting_arrays.get(gram)
        if posting is None:
            posting = self._posting_arrays[gram] = np.array(self._postings[gram], dtype=np.int64)
        return posting

    def holding(self, term: str, grams: tuple[str, ...]) -> list[np.ndarray]:
        """The ids of the values of this field that contain `term`, as arrays (none empty); `grams`: the term's.
        A value many hold gives its kept array; those few hold (a mobile number, an email: one contact each)
        give one array together, not one each (making an array costs about a microsecond, whatever its size).
        A record holds one value of a field, so the ids are unique either way."""
        candidates = self._candidates(term, grams)
        if len(candidates) >= _MANY:
            return self._many_holding(term, candidates)
        values, holders = self.values, self.holders
        arrays: list[np.ndarray] = []
        few: list[int] = []
        for slot in candidates:
            if term in values[slot]:
                held = holders[slot]
                if isinstance(held, int):
                    few.append(held)
                elif len(held) >= _KEEP_ARRAY:
                    arrays.append(self.held_by(slot))
                else:
                    few += held
        if few:
            arrays.append(np.array(few, dtype=np.int64))
        return arrays

    def _values_text(self) -> Haystack:
        haystack = self._haystack
        if haystack is None:
            haystack = self._haystack = Haystack.of(self.values)
        return haystack

    def _many_holding(self, term: str, candidates: Collection[int]) -> list[np.ndarray]:
        """`holding` for thousands of candidate values (a term of one or two characters is looked for in every
        value; a common trigram, `com`, is in a third of the emails): the values holding it flagged, and the ids
        whose value is flagged read off `_slot_of`, by numpy, in one array (a record holds one value)."""
        values = self.values
        if len(term) == trigrams.N:  # the posting of its one trigram (`_candidates`): every value in it holds the term
            slots = np.array(candidates, dtype=np.int64)
        elif isinstance(candidates, range) and Haystack.holds(term):  # every value: read at once
            slots = self._values_text().holding(term)
        else:  # the values a longer term's trigrams leave, each tested (reading every value instead measured the same)
            slots = np.fromiter((slot for slot in candidates if term in values[slot]), dtype=np.int64)
        if not len(slots):
            return []
        chosen = np.zeros(len(values) + 1, dtype=bool)  # the last stays down: an id holding no value reads it
        chosen[slots] = True
        ids = np.flatnonzero(chosen[np.frombuffer(self._slot_of, dtype=np.intc)])
        return [ids] if len(ids) else []  # the values found may be held by nobody any more


class SearchIndex:
    """`fields`: one function per search field giving a record's normalised text of that field."""

    def __init__(self, fields: Sequence[Callable[[Any], str]]) -> None:
        self._fields = tuple(fields)
        self._store_id = 0
        self._version = -1
        self._columns: list[_FieldValues] = []
        # Which fields hold each trigram (a bit per field; a posting is never dropped, so a bit never goes stale
        # the wrong way): a term is looked for only in the fields holding all its trigrams. A name is in no id,
        # email or mobile number, a piece of a number in no name, and one lookup per trigram says so, instead
        # of one per trigram and field.
        self._gram_fields: dict[str, int] = {}
        self._all_fields = 0
        self._flags = np.zeros(0, dtype=bool)  # a flag per id, all down between queries (`_united`, `_among`)

    def _add(self, record: Any) -> None:
        for column, text in zip(self._columns, self._fields, strict=True):
            column.join(text(record), record.id)

    def _rebuild(self, store: Repository[Any]) -> None:
        self._gram_fields = {}
        self._columns = [_FieldValues(1 << place, self._gram_fields) for place in range(len(self._fields))]
        self._all_fields = (1 << len(self._fields)) - 1
        with settling():  # an index lives as long as its store: full collections need not walk it
            records = list(store.ascending())
            ids = [record.id for record in records]
            for column, text in zip(self._columns, self._fields, strict=True):
                column.join_all(ids, map(text, records))
        self._store_id, self._version = store.identity, store.version

    def _catch_up(self, store: Repository[Any]) -> None:
        if self._store_id != store.identity:
            self._rebuild(store)
            return
        if self._version == store.version:
            return
        changed = store.changed_since(self._version)
        if changed is None:
            self._rebuild(store)
            return
        for record_id in changed:
            for column in self._columns:
                column.leave(record_id)
            record = store.get(record_id)
            if record is not None:
                self._add(record)
        self._version = store.version

    def found(self, store: Repository[Any], terms: Sequence[str], few_ids: int = 0) -> Found:
        """The records holding every term (each in some field of theirs), as a set: their ids (unique, in no
        order) when the term holding the fewest holds at most _FEW_IDS, or `few_ids`, else a boolean array by id.
        No set of Python ints is built: each term's ids are arrays, united by setting them in an array by id."""
        self._catch_up(store)
        size = store.next_id
        holding = sorted((self._holding(term) for term in terms), key=lambda held: _total(held[0]))
        if not holding:
            return Found(len(store), mask=np.ones(0, dtype=bool))  # no term: every record (never asked for)
        (fewest, disjoint), others = holding[0], [arrays for arrays, _ in holding[1:]]
        if _total(fewest) <= max(_FEW_IDS, few_ids):
            flags = self._flags = _flags_for(self._flags, size)
            ids = np.concatenate(fewest) if disjoint and len(fewest) > 1 else _united(fewest, flags)
            for arrays in others:
                ids = ids[_among(ids, arrays, flags)]
            return Found(len(ids), ids=ids)
        mask = _marked(fewest, size)
        for arrays in others:
            mask &= _marked(arrays, size)
        # one term found in one field: each id once in its arrays, so no pass over the mask to count them
        return Found(_total(fewest) if disjoint and not others else int(np.count_nonzero(mask)), mask=mask)

    def _holding(self, term: str) -> tuple[list[np.ndarray], bool]:
        """The ids of the values holding `term` in any field, as arrays (see `_FieldValues.holding`), and
        whether one field gave them all (a record holds one value of a field: then no id is in two arrays)."""
        grams = _term_grams(term)  # made once for every field
        fields = self._all_fields
        gram_fields = self._gram_fields
        for gram in grams:
            fields &= gram_fields.get(gram, 0)
        arrays: list[np.ndarray] = []
        giving = 0
        for column in self._columns:
            if column.bit & fields and (held := column.holding(term, grams)):
                arrays += held
                giving += 1
        return arrays, giving <= 1

    def matching_ids(self, store: Repository[Any], terms: Sequence[str]) -> list[int]:
        """The ids of the records holding every term, ascending."""
        found = self.found(store, terms)
        ids = np.sort(found.ids) if found.ids is not None else np.flatnonzero(cast(np.ndarray, found.mask))
        return [int(record_id) for record_id in ids]


@dataclass(frozen=True)
class Found:
    """What a search found: `count` records, as their ids (unique, in no order) or as a boolean array by id."""

    count: int
    ids: np.ndarray | None = None
    mask: np.ndarray | None = None


def _total(arrays: list[np.ndarray]) -> int:
    return sum(len(ids) for ids in arrays)


def _flags_for(flags: np.ndarray, size: int) -> np.ndarray:
    """Flags (all down) for at least `size` entries: `flags` itself, or a new array a quarter larger than asked,
    so that a growing store replaces it rarely."""
    return flags if len(flags) >= size else np.zeros(size + size // 4 + 1024, dtype=bool)


def _united(arrays: list[np.ndarray], flags: np.ndarray) -> np.ndarray:
    """The ids of a few arrays, each once (one value's holders are unique; a record may hold two values): of
    each array, the ids no earlier one holds, told by a flag per id raised as they are taken and lowered after
    (`flags`: all down, and down again on return). np.unique would sort them: twenty times the cost at 1,500."""
    if len(arrays) <= 1:
        return arrays[0] if arrays else np.zeros(0, dtype=np.int64)
    taken: list[np.ndarray] = []
    try:
        for ids in arrays:
            fresh = ids[~flags[ids]]
            flags[fresh] = True
            taken.append(fresh)
    finally:
        for ids in taken:
            flags[ids] = False
    return np.concatenate(taken)


def _among(ids: np.ndarray, arrays: list[np.ndarray], flags: np.ndarray) -> np.ndarray:
    """Whether each of the ids is in one of the arrays (`flags`: all down, and down again on return): no array
    the size of the store made for it."""
    try:
        for held in arrays:
            flags[held] = True
        kept: np.ndarray = flags[ids]
        return kept
    finally:
        for held in arrays:
            flags[held] = False


def _marked(arrays: list[np.ndarray], size: int) -> np.ndarray:
    """The ids of the arrays as a boolean array by id."""
    mask = np.zeros(size, dtype=bool)
    for ids in arrays:
        mask[ids] = True
    return mask
