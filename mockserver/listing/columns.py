"""Field values by record id: one list per field, indexed by id, kept up to date from the store's change log.

A filtered, ordered list over a large store would otherwise read a thousand scattered records several times
(read the filter field, read each ordering field). Reading `values[id]` from one list per field instead
touches one array of pointers per field, and lets the query carry ids, not records, until it reads the page.
A column is built on its first use (one pass over the store) and then follows the store's writes like the
search index.

Beside the values, a column keeps what a filter asks of every record at once, as numpy arrays by id: whether
the record holds a value there (`present`), whether that value is neither null nor "" (`filled`) or is True
(`truth`, for a flag), and, when every value is an integer, a boolean or an aware timestamp, the values as
machine integers (`numbers`; microseconds since the epoch for timestamps, which keeps their order). A filter
is then one comparison over an array instead of a test per record in Python (`selection.py`).
`Columns.alive` says which ids are records.

For sorting, a timestamp column without nulls also has its values as microseconds since the epoch in one
array of machine integers: a sort compares those without reaching the datetime objects scattered over the
heap (the same order: every timestamp is timezone-aware).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np

from mockserver.heap import settling
from mockserver.listing.fields import getter
from mockserver.store import Repository

__all__ = ["Column", "Columns"]

_ABSENT: Any = object()  # the value at an id no record has: never read, since ids come from the store
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)
_NUMBER_KINDS = {int: "int", bool: "bool"}
_DAY = 86_400_000_000  # microseconds
_SHORT_MIN, _SHORT_MAX = int(np.iinfo(np.int16).min), int(np.iinfo(np.int16).max)


def _sort_key(value: Any) -> int | None:
    """Microseconds since the epoch for an aware datetime; None for anything else."""
    if type(value) is dt.datetime and value.tzinfo is not None:
        return (value - _EPOCH) // _MICROSECOND
    return None


def _number(value: Any) -> tuple[str, int] | None:
    """(kind, machine integer) for a value a filter can compare as a number; None for anything else."""
    kind = _NUMBER_KINDS.get(type(value))
    if kind is not None:
        return kind, int(value)
    micros = _sort_key(value)
    return None if micros is None else ("time", micros)


def _narrow(days: np.ndarray) -> np.ndarray:
    """Day numbers as 16-bit integers when every one fits, else 32-bit (any datetime's day fits those)."""
    fits = not len(days) or (int(days.min()) >= _SHORT_MIN and int(days.max()) <= _SHORT_MAX)
    return days.astype(np.int16 if fits else np.int32)


def _room(vector: np.ndarray, size: int) -> np.ndarray:
    """`vector` with room for `size` ids (grown by a quarter at least, so that creates grow it rarely)."""
    if size <= len(vector):
        return vector
    grown = np.zeros(max(size, len(vector) + len(vector) // 4 + 1024), dtype=vector.dtype)
    grown[: len(vector)] = vector
    return grown


class Column:
    """One field's values by id, how many of the records hold null there, their numpy vectors, and (lazily)
    integer sort keys."""

    def __init__(self, get: Callable[[Any], Any], store: Repository[Any]) -> None:
        self._get = get
        self.values: list[Any] = [_ABSENT] * store.next_id
        self.nulls = 0
        self._keys: array[int] | None = None
        self._keyless = False  # some value has no integer key: sort by the values
        # Counts over every record (a flag filter's matches), until the next change:
        # a count over a range of ids is then a pass over the ids outside it (`matches.Matches._count`).
        self._counts: dict[Any, Any] = {}
        for record in store.ascending():
            self._put(record.id, get(record))
        self._vectorize()

    def _vectorize(self) -> None:
        values = self.values
        held = [value is not None and value is not _ABSENT for value in values]
        self.present = np.array(held, dtype=bool)
        self.filled = np.array([is_held and value != "" for is_held, value in zip(held, values, strict=True)], bool)
        self.truth = np.array([value is True for value in values], dtype=bool)  # a flag's set values, for `exact`
        pairs = [_number(value) if is_held else None for is_held, value in zip(held, values, strict=True)]
        kinds = {pair[0] if pair else None for pair, is_held in zip(pairs, held, strict=True) if is_held}
        # kind None with numbers: no value yet, the first one decides; numbers None: some value is no number
        self.kind: str | None = None
        self.numbers: np.ndarray | None = None
        if None not in kinds and len(kinds) <= 1:
            self.kind = kinds.pop() if kinds else None
            self.numbers = np.array([pair[1] if pair else 0 for pair in pairs], dtype=np.int64)
        self._days()
        # Whether every value is its record's own id (the primary key): a range of it is a slice of the ids.
        self.identity = self.numbers is not None and self.kind in (None, "int")
        if self.identity and self.numbers is not None:
            self.identity = bool(np.array_equal(self.numbers[self.present], np.flatnonzero(self.present)))

    def _days(self) -> None:
        """`days`: a timestamp column's UTC day numbers since the epoch (0 for a null), as 16-bit integers while
        every day fits (1880 to 2059), else 32-bit. Every date filter is a range of whole days, and a list query
        compares 100,000 of them: comparing 2 bytes a value costs about a quarter of comparing the 8 bytes of
        the microseconds, and keeps the copies put in each ordering's order small."""
        self.days: np.ndarray | None = None
        if self.kind == "time" and self.numbers is not None:
            self.days = _narrow(self.numbers // _DAY)

    def _put(self, record_id: int, value: Any) -> None:
        values = self.values
        if record_id >= len(values):
            values.extend([_ABSENT] * (record_id + 1 - len(values)))
        old = values[record_id]
        self.nulls += (value is None) - (old is None)
        values[record_id] = value
        if self._keys is not None:
            key = _sort_key(value) if value is not _ABSENT else 0
            if key is None:
                self._keys, self._keyless = None, True
            else:
                if record_id >= len(self._keys):
                    self._keys.extend([0] * (record_id + 1 - len(self._keys)))
                self._keys[record_id] = key

    def _put_vectors(self, record_id: int, value: Any) -> None:
        self.reserve(record_id + 1)
        held = value is not None and value is not _ABSENT
        self.present[record_id] = held
        self.filled[record_id] = held and value != ""
        self.truth[record_id] = value is True
        if self.numbers is not None and not held:
            self.numbers[record_id] = 0  # nulls tie with each other wherever the numbers are compared
        elif self.numbers is not None:
            number = _number(value)
            if number is None or number[0] != (self.kind or number[0]):
                self.numbers, self.kind = None, None  # a value no number stands for: filters test the values
            else:
                self.kind = number[0]
                self.numbers[record_id] = number[1]
                self.identity = self.identity and number == ("int", record_id)
        if self.days is not None and self.numbers is not None:
            day = int(self.numbers[record_id]) // _DAY
            if not _SHORT_MIN <= day <= _SHORT_MAX and self.days.dtype == np.int16:
                self.days = self.days.astype(np.int32)
            self.days[record_id] = day
        elif (self.days is None) is (self.kind == "time"):  # the first timestamp, or a value that is none
            self._days()

    def reserve(self, size: int) -> None:
        """Room in the vectors for ids below `size`."""
        self.present = _room(self.present, size)
        self.filled = _room(self.filled, size)
        self.truth = _room(self.truth, size)
        if self.numbers is not None:
            self.numbers = _room(self.numbers, size)
        if self.days is not None:
            self.days = _room(self.days, size)

    def follow(self, record_id: int, record: Any) -> None:
        """Take the record's new value (None: the record is gone)."""
        value = _ABSENT if record is None else self._get(record)
        if self._counts:
            self._counts.clear()
        self._put(record_id, value)
        self._put_vectors(record_id, value)

    def counted(self, key: Any, count: Callable[[], int]) -> int:
        """`count()` over every record, kept until the column's next change (`key` names what it counts)."""
        counted: int | None = self._counts.get(key)
        if counted is None:
            counted = self._counts[key] = count()
        return counted

    def sort_keys(self) -> Sequence[Any] | None:
        """Integer keys by id in the values' order, when every value is a timestamp; else None."""
        if self._keys is None and not self._keyless and self.nulls == 0:
            keys = [0 if value is _ABSENT else _sort_key(value) for value in self.values]
            if None in keys:
                self._keyless = True
            else:
                self._keys = array("q", cast(list[int], keys))
        return self._keys


class Columns:
    """`values(store, path).values[record_id]` is `getter(path)(record)` for every record of the store."""

    def __init__(self) -> None:
        self._store_id = 0
        self._version = -1
        self._columns: dict[str, Column] = {}
        self._alive = np.zeros(0, dtype=bool)

    def values(self, store: Repository[Any], path: str) -> Column:
        self._catch_up(store)
        column = self._columns.get(path)
        if column is None:
            with settling():  # a column lives as long as its store: full collections need not walk it
                column = self._columns[path] = Column(getter(path), store)
        return column

    def alive(self, store: Repository[Any]) -> np.ndarray:
        """Which ids below `store.next_id` are records now, as a boolean array by id."""
        self._catch_up(store)
        return self._alive[: store.next_id]

    def _catch_up(self, store: Repository[Any]) -> None:
        if self._store_id == store.identity and self._version == store.version:
            return
        changed = store.changed_since(self._version) if self._store_id == store.identity else None
        self._store_id, self._version = store.identity, store.version
        size = store.next_id
        if changed is None:
            self._columns.clear()  # another store, or too far behind: columns are rebuilt on their next use
            self._alive = np.zeros(size, dtype=bool)
            self._alive[store.ids()] = True
            return
        self._alive = _room(self._alive, size)
        for record_id in changed:
            record = store.get(record_id)
            self._alive[record_id] = record is not None
            for column in self._columns.values():
                column.follow(record_id, record)
        for column in self._columns.values():
            column.reserve(size)
