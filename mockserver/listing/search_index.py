"""The search index: per search field, its distinct values and the ids holding each.

A search term matches a record when it is in one of the record's search fields (the separator between fields
never occurs in a term), so the question "which records hold this term" becomes "which distinct values of
each field hold it", then the ids of those values. Names, subjects and the like have a few hundred distinct
values for any number of contacts, so a term is checked against those and not against every record; fields
with many distinct values (ids, emails, mobiles) get a trigram index over their values, so a term of three or
more characters is checked only against the values holding all of its trigrams.

The index catches up on the store's writes from its change log: each changed record leaves the groups of its
old values and joins those of its new ones. A value nobody holds any more stays, with an empty group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from mockserver.heap import settle_heap
from mockserver.store import Repository

__all__ = ["SearchIndex"]

_N = 3
_ENOUGH = 64  # candidate values few enough to check one by one


def _grams(text: str) -> set[str]:
    return {text[i : i + _N] for i in range(len(text) - _N + 1)}


class _FieldValues:
    """One field: distinct normalised values, the ids holding each, and trigrams over the values."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.holders: list[list[int]] = []
        self._slot: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}

    def join(self, value: str, record_id: int) -> int:
        slot = self._slot.get(value)
        if slot is None:
            slot = self._slot[value] = len(self.values)
            self.values.append(value)
            self.holders.append([])
            for gram in _grams(value):
                self._postings.setdefault(gram, []).append(slot)
        self.holders[slot].append(record_id)
        return slot

    def leave(self, slot: int, record_id: int) -> None:
        self.holders[slot].remove(record_id)

    def _candidates(self, term: str) -> Iterable[int]:
        if len(term) < _N:
            return range(len(self.values))
        postings = []
        for gram in _grams(term):
            posting = self._postings.get(gram)
            if posting is None:
                return ()
            postings.append(posting)
        postings.sort(key=len)
        candidates = set(postings[0])
        for posting in postings[1:]:
            if len(candidates) <= _ENOUGH:
                break
            candidates.intersection_update(posting)
        return candidates

    def holding(self, term: str) -> list[list[int]]:
        """The id lists of the values of this field that contain `term` (non-empty ones)."""
        values, holders = self.values, self.holders
        return [holders[slot] for slot in self._candidates(term) if term in values[slot] and holders[slot]]


class SearchIndex:
    """`fields`: one function per search field giving a record's normalised text of that field."""

    def __init__(self, fields: Sequence[Callable[[Any], str]]) -> None:
        self._fields = tuple(fields)
        self._store_id = 0
        self._version = -1
        self._columns: list[_FieldValues] = []
        self._slots: dict[int, tuple[int, ...]] = {}  # record id -> its value slot in each field

    def _add(self, record: Any) -> None:
        self._slots[record.id] = tuple(
            column.join(text(record), record.id) for column, text in zip(self._columns, self._fields, strict=True)
        )

    def _rebuild(self, store: Repository[Any]) -> None:
        self._columns = [_FieldValues() for _ in self._fields]
        self._slots = {}
        for record in store.ascending():
            self._add(record)
        self._store_id, self._version = id(store), store.version
        settle_heap()  # an index lives as long as its store: full collections need not walk it

    def _catch_up(self, store: Repository[Any]) -> None:
        if self._store_id != id(store):
            self._rebuild(store)
            return
        if self._version == store.version:
            return
        changed = store.changed_since(self._version)
        if changed is None:
            self._rebuild(store)
            return
        for record_id in changed:
            before = self._slots.pop(record_id, None)
            if before is not None:
                for column, slot in zip(self._columns, before, strict=True):
                    column.leave(slot, record_id)
            record = store.get(record_id)
            if record is not None:
                self._add(record)
        self._version = store.version

    def matching_ids(self, store: Repository[Any], terms: Sequence[str], *, in_order: bool = True) -> list[int]:
        """The ids of the records holding every term (each in some field): ascending when `in_order`, else in
        whatever order the sets give (sorting a thousand ids is a fair share of a query that sorts anyway)."""
        self._catch_up(store)
        matched: set[int] | None = None
        for term in terms:
            lists = [ids for column in self._columns for ids in column.holding(term)]
            if len(terms) == 1 and len(lists) == 1:
                # One value of one field holds the term (a whole name, often): its ids need no set to dedupe.
                return sorted(lists[0]) if in_order else list(lists[0])
            holding: set[int] = set().union(*lists)
            matched = holding if matched is None else matched & holding
            if not matched:
                return []
        found = matched if matched is not None else self._slots
        return sorted(found) if in_order else list(found)
