"""An in-memory repository per resource.

Every mutation is a plain synchronous method: aiohttp runs handlers on one event loop, so no other request can
run between allocating an id and storing the record. That, not a lock, is why concurrent writes lose nothing;
keep `await` out of these methods to keep it true.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["Repository"]

R = TypeVar("R")

_IDENTITIES = itertools.count(1)


class Repository(Generic[R]):
    """Records by integer id, kept in id order; ids are never reused (like a database sequence).

    Besides the id index, the records sit in a list in id order, so a page of the default order is a slice:
    O(limit) at any offset. A record's place in that list is found by bisecting a list of the ids beside it
    (ids only grow, so it is sorted): a delete moves the rest of both lists down in C (15 us at 100k), where a
    dict of places had to be rebuilt in Python (5 ms at 100k).
    """

    def __init__(self) -> None:
        self._items: dict[int, R] = {}
        self._records: list[R] = []
        self._ids: list[int] = []  # the ids of `_records`, place for place
        self._next_id = 1
        self.version = 0  # bumped by every write; list caches key on it
        # Which repository this is, never reused (an id() can be, once a reset frees the old repository): with
        # `version`, what an index or a list cache was built from.
        self.identity = next(_IDENTITIES)
        # The ids written since version `_log_base`, one per write, so an index can catch up on just those.
        self._log: list[int] = []
        self._log_base = 0

    def _wrote(self, record_id: int) -> None:
        self.version += 1
        self._log.append(record_id)
        if len(self._log) > 100_000:
            del self._log[:50_000]
            self._log_base += 50_000

    def changed_since(self, version: int) -> set[int] | None:
        """The ids written after `version`, or None when the log no longer reaches back that far."""
        if version < self._log_base:
            return None
        return set(self._log[version - self._log_base :])

    def add(self, make: Callable[[int], R]) -> R:
        record_id = self._next_id
        record = make(record_id)
        self._items[record_id] = record
        self._records.append(record)
        self._ids.append(record_id)
        self._next_id += 1
        self._wrote(record_id)
        return record

    def get(self, record_id: int) -> R | None:
        return self._items.get(record_id)

    def many(self, record_ids: Iterable[int]) -> list[R]:
        """The records of these ids that exist, in the order given."""
        return [record for record in map(self._items.get, record_ids) if record is not None]

    def replace(self, record_id: int, record: R) -> None:
        if record_id not in self._items:
            raise KeyError(record_id)
        self._items[record_id] = record
        self._records[bisect_left(self._ids, record_id)] = record
        self._wrote(record_id)

    def delete(self, record_id: int) -> bool:
        if self._items.pop(record_id, None) is None:
            return False
        place = bisect_left(self._ids, record_id)
        del self._records[place], self._ids[place]
        self._wrote(record_id)
        return True

    def load(self, records: Iterable[tuple[int, R]], next_id: int) -> None:
        items = sorted(records, key=lambda pair: pair[0])
        self._items = dict(items)
        self._records = [record for _, record in items]
        self._ids = [key for key, _ in items]
        self._next_id = max(next_id, (items[-1][0] + 1) if items else 1)
        self.version += 1
        self._log, self._log_base = [], self.version  # everything changed: indexes rebuild

    @property
    def next_id(self) -> int:
        return self._next_id

    def ids(self) -> list[int]:
        """Every record's id, ascending."""
        return list(self._items)  # inserted in id order; a replace keeps its place

    def ascending(self) -> Iterator[R]:
        return iter(self._records)

    def descending(self) -> Iterator[R]:
        return reversed(self._records)

    def window(self, offset: int, limit: int, *, descending: bool) -> list[R]:
        """Records [offset, offset + limit) of the id order, or of its reverse."""
        if not descending:
            return self._records[offset : offset + limit]
        end = len(self._records) - offset
        return self._records[max(0, end - limit) : max(0, end)][::-1]

    def __len__(self) -> int:
        return len(self._items)
