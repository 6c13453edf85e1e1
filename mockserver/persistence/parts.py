"""What an API state declares so `--state` can log its changes record by record.

A state's `dump()` section is made of two kinds of parts, and the state names every key of that section once:
- `keyed()`: the collections that grow with use (contacts, sessions, sent messages...). Each is a `Keyed`:
  where it sits in the section (`path`), how a record is found there (`field`: the record's key field in a list
  of records; None: the section holds an object keyed by the key), and `changes`, which returns the records
  written since its last call as `(key, JSON of the record as dump() writes it)`, or `(key, None)` for a
  deleted one. The helpers below make one from a `TrackedDict`, a `Repository` or an append-only list in one
  line, given the function that dumps one record (it may return the record's JSON as bytes). The parts
  keep where they are up to; `keyed()` is called again after each snapshot, and the earlier parts dropped.
- `small()`: everything else, bounded (counters, an account's configuration), by its `dump()` key. A value is
  either its dump (JSON, made fresh on each call) or an immutable object with a `dump()` method (a frozen
  dataclass of tuples, replaced whole when it changes: compared by identity first, so it costs nothing while
  unchanged); never a list or dict the state changes in place. After every request the capture compares each
  value with the one it logged last and logs those that differ (as `dump()` writes them), so a new small part
  is covered by adding it to `small()` besides `dump()`.

Registering a new collection, e.g. Callbell webhook subscriptions kept in a dict by uuid:
    `self.webhooks = TrackedDict(self.webhooks)` in `__post_init__`, then in `keyed()`:
    `Keyed.tracked("webhooks", "uuid", self.webhooks, dump_webhook)`.
`tests/mock/test_persistence_parts.py` fails for a `dump()` key that is neither keyed nor small.

After a crash the records replayed into a list land where they were, new ones at its end (as a dict keeps
them): a state whose order is another must sort when it loads (contacts do, by id).

A record must be written through the collection (`d[key] = record`, `del d[key]`, `repo.replace(...)`): an
object changed in place is not seen; store it again (`d[key] = record`) after changing it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

from mockserver.jsoncodec import dumps
from mockserver.store import Repository

__all__ = ["Change", "Keyed", "Overrun", "Persisted", "TrackedDict"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
R = TypeVar("R")

# (key, the record as the section holds it, as JSON text), or (key, None) for a deleted record. Text, so that a
# record whose JSON the response already made (a contact's cached bytes) is not encoded twice.
Change = tuple[Any, bytes | None]


def _encoder(dump: Callable[[R], Any]) -> Callable[[R], bytes]:
    """`dump` may give the record's JSON text itself (bytes) or a value to encode."""

    def encode(record: R) -> bytes:
        value = dump(record)
        return value if isinstance(value, bytes) else dumps(value).encode()

    return encode


class Overrun(Exception):
    """A collection cannot say which records changed (it was replaced whole): a new snapshot is needed."""


class TrackedDict(dict[K, V]):
    """A dict that notes every key written or deleted, until `drain()` hands them over."""

    written: set[K]

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        super().__init__(items)
        self.written = set()

    def __setitem__(self, key: K, value: V) -> None:
        super().__setitem__(key, value)
        self.written.add(key)

    def __delitem__(self, key: K) -> None:
        super().__delitem__(key)
        self.written.add(key)

    def pop(self, key: K, *default: Any) -> Any:
        if key in self:
            self.written.add(key)
        return super().pop(key, *default)

    def popitem(self) -> tuple[K, V]:
        key, value = super().popitem()
        self.written.add(key)
        return key, value

    def setdefault(self, key: K, default: Any = None) -> Any:
        if key not in self:
            self.written.add(key)
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other: Any) -> TrackedDict[K, V]:  # type: ignore[override,misc]
        self.update(other)
        return self

    def clear(self) -> None:
        self.written.update(self)
        super().clear()

    def drain(self) -> set[K]:
        written, self.written = self.written, set()
        return written


@dataclass(frozen=True)
class Keyed:
    """A collection logged record by record (see the module docstring)."""

    path: str
    field: str | None
    changes: Callable[[], list[Change]]

    @classmethod
    def tracked(cls, path: str, field: str | None, records: dict[Any, R], dump: Callable[[R], Any]) -> Keyed:
        if not isinstance(records, TrackedDict):
            raise TypeError(f"{path}: a keyed collection kept in a dict must be a TrackedDict")
        encode = _encoder(dump)

        def changes() -> list[Change]:
            return [(key, encode(records[key]) if key in records else None) for key in records.drain()]

        return cls(path, field, changes)

    @classmethod
    def repository(cls, path: str, field: str, records: Repository[R], dump: Callable[[R], Any]) -> Keyed:
        seen = records.version
        encode = _encoder(dump)

        def changes() -> list[Change]:
            nonlocal seen
            if records.version == seen:
                return []
            written = records.changed_since(seen)
            seen = records.version
            if written is None:  # reloaded whole in place (Repository.load): the snapshot must be rewritten
                raise Overrun(path)
            return [(key, None if (record := records.get(key)) is None else encode(record)) for key in written]

        return cls(path, field, changes)

    @classmethod
    def appended(cls, path: str, field: str, records: list[R], dump: Callable[[R], Any]) -> Keyed:
        """A list that only grows: the records past the last capture."""
        seen = len(records)

        def changes() -> list[Change]:
            nonlocal seen
            fresh = [dump(record) for record in records[seen:]]
            seen = len(records)
            return [(raw[field], dumps(raw).encode()) for raw in fresh]

        return cls(path, field, changes)


@runtime_checkable
class Persisted(Protocol):
    """What an API state provides besides `dump()` for `--state` (see the module docstring)."""

    def keyed(self) -> list[Keyed]: ...

    def small(self) -> dict[str, Any]: ...
