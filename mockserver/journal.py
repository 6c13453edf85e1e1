"""The last N requests and what they got, for the admin endpoint and the browser page."""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from aiohttp import web

from mockserver.keys import JOURNAL

__all__ = ["Entry", "Journal", "journal_middleware"]

ADMIN_PREFIX = "/__mock__/"


@dataclass(frozen=True)
class Entry:
    seq: int
    at: float
    method: str
    path: str
    status: int
    ms: float


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: deque[Entry] = deque(maxlen=size)
        self._seq = itertools.count(1)

    def record(self, method: str, path: str, status: int, started: float) -> None:
        ms = round((time.perf_counter() - started) * 1000, 3)
        self._entries.append(Entry(next(self._seq), time.time(), method, path, status, ms))

    def entries(self, limit: int | None = None) -> list[dict[str, Any]]:
        items = list(self._entries)
        if limit is not None:
            items = items[-limit:] if limit > 0 else []
        return [asdict(entry) for entry in reversed(items)]

    def clear(self) -> None:
        self._entries.clear()


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def journal_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Outermost layer, so quirks and errors are recorded with the status the client really saw."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        if not request.path.startswith(ADMIN_PREFIX):
            request.app[JOURNAL].record(request.method, request.path_qs, status, started)
