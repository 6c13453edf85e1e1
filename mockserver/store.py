"""An in-memory repository per resource.

Every mutation is a plain synchronous method: aiohttp runs handlers on one event loop, so no other request can
run between allocating an id and storing the record. That, not a lock, is why concurrent writes lose nothing;
keep `await` out of these methods to keep it true.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["Repository"]

R = TypeVar("R")


class Repository(Generic[R]):
    """Records by integer id, in id order; ids are never reused (like a database sequence)."""

    def __init__(self) -> None:
        self._items: dict[int, R] = {}
        self._next_id = 1
        self.version = 0  # bumped by every write; list caches key on it

    def add(self, make: Callable[[int], R]) -> R:
        record = make(self._next_id)
        self._items[self._next_id] = record
        self._next_id += 1
        self.version += 1
        return record

    def get(self, record_id: int) -> R | None:
        return self._items.get(record_id)

    def replace(self, record_id: int, record: R) -> None:
        if record_id not in self._items:
            raise KeyError(record_id)
        self._items[record_id] = record
        self.version += 1

    def delete(self, record_id: int) -> bool:
        if self._items.pop(record_id, None) is None:
            return False
        self.version += 1
        return True

    def load(self, records: Iterable[tuple[int, R]], next_id: int) -> None:
        items = sorted(records, key=lambda pair: pair[0])
        self._items = dict(items)
        self._next_id = max(next_id, (items[-1][0] + 1) if items else 1)
        self.version += 1

    @property
    def next_id(self) -> int:
        return self._next_id

    def ascending(self) -> Iterator[R]:
        return iter(self._items.values())

    def descending(self) -> Iterator[R]:
        return reversed(self._items.values())

    def __len__(self) -> int:
        return len(self._items)
