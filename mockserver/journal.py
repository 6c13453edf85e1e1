"""The last N requests and what they got, for the admin endpoint and the browser page."""

from __future__ import annotations

import itertools
import time
from collections import deque
from typing import Any, NamedTuple

__all__ = ["ADMIN_PREFIX", "Entry", "Journal"]

ADMIN_PREFIX = "/__mock__/"


class Entry(NamedTuple):
    """One request in the journal. Stored as a plain tuple and named only when read: one is made on every
    request, and the journal is rarely read."""

    seq: int
    at: float
    method: str
    path: str
    status: int
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "ms": round(self.seconds * 1000, 3),
        }


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: deque[tuple[int, float, str, str, int, float]] = deque(maxlen=size)
        self._seq = itertools.count(1)

    def record(self, method: str, path: str, status: int, started: float) -> None:
        """`path` as the client sent it (path and query, percent-encoded); `started` from time.perf_counter()."""
        self._entries.append((next(self._seq), time.time(), method, path, status, time.perf_counter() - started))

    def entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        items = list(self._entries)
        if limit is not None:
            items = items[-limit:] if limit > 0 else []
        return [Entry._make(entry).as_json() for entry in reversed(items)]

    def clear(self) -> None:
        self._entries.clear()
