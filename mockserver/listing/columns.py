"""Field values by record id: one list per field, indexed by id, kept up to date from the store's change log.

A filtered, ordered search over a large store touches a thousand scattered records several times (read the
filter field, read each ordering field). Reading `values[id]` from one list per field instead touches one
array of pointers per field, and lets the query carry ids, not records, until it reads the page. A column is
built on its first use (one pass over the store) and then follows the store's writes like the search index.

For sorting, a timestamp column without nulls also has its values as microseconds since the epoch in one
array of machine integers: a sort compares those without reaching the datetime objects scattered over the
heap (the same order: every timestamp is timezone-aware).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Sequence
from typing import Any, cast

from mockserver.heap import settle_heap
from mockserver.listing.fields import getter
from mockserver.store import Repository

__all__ = ["Column", "Columns"]

_ABSENT: Any = object()  # the value at an id no record has: never read, since ids come from the store
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def _sort_key(value: Any) -> int | None:
    """Microseconds since the epoch for an aware datetime; None for anything else."""
    if type(value) is dt.datetime and value.tzinfo is not None:
        return (value - _EPOCH) // _MICROSECOND
    return None


class Column:
    """One field's values by id, how many of the records hold null there, and (lazily) integer sort keys."""

    def __init__(self, get: Callable[[Any], Any], store: Repository[Any]) -> None:
        self._get = get
        self.values: list[Any] = [_ABSENT] * store.next_id
        self.nulls = 0
        self._keys: array[int] | None = None
        self._keyless = False  # some value has no integer key: sort by the values
        for record in store.ascending():
            self._put(record.id, get(record))

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

    def follow(self, record_id: int, record: Any) -> None:
        """Take the record's new value (None: the record is gone)."""
        self._put(record_id, _ABSENT if record is None else self._get(record))

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

    def values(self, store: Repository[Any], path: str) -> Column:
        self._catch_up(store)
        column = self._columns.get(path)
        if column is None:
            column = self._columns[path] = Column(getter(path), store)
            settle_heap()  # a column lives as long as its store: full collections need not walk it
        return column

    def _catch_up(self, store: Repository[Any]) -> None:
        if self._store_id == id(store) and self._version == store.version:
            return
        changed = store.changed_since(self._version) if self._store_id == id(store) else None
        self._store_id, self._version = id(store), store.version
        if changed is None:
            self._columns.clear()  # another store, or too far behind: columns are rebuilt on their next use
            return
        for record_id in changed:
            record = store.get(record_id)
            for column in self._columns.values():
                column.follow(record_id, record)
