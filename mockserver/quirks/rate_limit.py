"""Callbell's documented rate limit: past N requests in one second, 429 `{"error": "Too Many Requests"}`.

Off unless `Settings.rate_limit` is set, because tests and benches would trip it. It covers the APIs whose
spec declares a 429 on every operation, counts per credential (the Authorization header, else the client
address) over a sliding one-second window, and runs before authentication, as a gateway limit does. Only
requests let through are counted, so a client that backs off for `Retry-After` seconds gets in again.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.errors import Problem
from mockserver.layers import Handler
from mockserver.routing import base_path

__all__ = ["RateLimitLayer", "RateLimiter"]

WINDOW = 1.0


class RateLimiter:
    def __init__(self, limit: int, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1:
            raise ValueError("a rate limit must be at least 1 request per second")
        self.limit = limit
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}

    def retry_after(self, key: str) -> int | None:
        """None when the request may pass (and it is counted), else the whole seconds to wait."""
        now = self._clock()
        seen = self._seen.setdefault(key, deque())
        while seen and seen[0] <= now - WINDOW:
            seen.popleft()
        if len(seen) >= self.limit:
            return max(1, math.ceil(seen[0] + WINDOW - now))
        seen.append(now)
        return None


def _limited_bases(specs: list[ApiSpec]) -> tuple[str, ...]:
    def limited(spec: ApiSpec) -> bool:
        return bool(spec.operations) and all("429" in op.raw.get("responses", {}) for op in spec.operations)

    return tuple(base_path(spec) for spec in specs if limited(spec))


class RateLimitLayer:
    """Concerns the requests under a limited API's server path."""

    def __init__(self, limit: int, specs: list[ApiSpec]) -> None:
        self.limiter = RateLimiter(limit)
        self._bases = _limited_bases(specs)

    def applies(self, request: web.Request) -> bool:
        path = request.path
        return any(path == base or path.startswith(base + "/") for base in self._bases)

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        key = request.headers.get("Authorization") or f"addr:{request.remote}"
        wait = self.limiter.retry_after(key)
        if wait is not None:
            raise Problem(429, "Too Many Requests", headers={"Retry-After": str(wait)})
        return await handler(request)
