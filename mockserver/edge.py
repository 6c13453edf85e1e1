"""The outermost layer: the journal, CORS and the guard, in one middleware.

Each part is its own named object (`Journal`, `Cors`, `Guard`); they share one middleware because every
middleware is one more coroutine on every request, and these three only look at the request on its way in
and at the response (or the error) on its way out. From the client inwards:
1. journal: records every request with the status the client saw (admin paths excepted);
2. CORS (when origins are allowed): preflights answered before anything can refuse them, answers marked;
3. guard: Problems raised outside endpoints, unknown paths and bugs, rendered in the API's own format.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from mockserver.guard import Guard
from mockserver.journal import ADMIN_PREFIX, Journal
from mockserver.quirks.cors import Cors

__all__ = ["edge_middleware"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def edge_middleware(journal: Journal, cors: Cors | None, guard: Guard) -> Middleware:
    @web.middleware
    async def edge(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        status = 500
        try:
            cors_headers = cors.headers_for(request) if cors is not None else None
            preflight = Cors.preflight(request, cors_headers) if cors_headers is not None else None
            if preflight is not None:
                status = preflight.status
                return preflight
            try:
                response = await handler(request)
            except Exception as error:  # the guard decides what an error becomes; HTTP errors come back raised
                try:
                    response = guard.recover(request, error)
                except web.HTTPException as http_error:
                    status = http_error.status
                    if cors_headers is not None:
                        http_error.headers.update(cors_headers)
                    raise
            if cors_headers is not None:
                Cors.mark(response, cors_headers)
            status = response.status
            return response
        finally:
            if not request.path.startswith(ADMIN_PREFIX):
                journal.record(request.method, request.path_qs, status, started)

    return edge
