"""The app's one middleware: the journal, CORS and the guard, then the other layers where they apply.

Each part is its own named object (`Journal`, `Cors`, `Guard`, and the `Layers`); they share one middleware
because every middleware is one more coroutine on every request, and these three only look at the request on
its way in and at the response (or the error) on its way out. From the client inwards:
1. journal: records every request with the status the client saw (admin paths excepted);
2. CORS (when origins are allowed): preflights answered before anything can refuse them, answers marked;
3. guard: Problems raised outside endpoints, unknown paths and bugs, rendered in the API's own format;
4. the layers (`mockserver.layers`): rate limit, slash quirk, Prefer, faults, write notes, then the route.

Being the only middleware, it is handed the route's handler; the layers dispatch on the request's route
themselves (the slash quirk may hand on another route's request).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from mockserver.guard import Guard
from mockserver.journal import ADMIN_PREFIX, Journal
from mockserver.layers import Layers
from mockserver.quirks.cors import Cors

__all__ = ["edge_middleware"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def edge_middleware(journal: Journal, cors: Cors | None, guard: Guard, layers: Layers) -> Middleware:
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
                response = await layers.handler_for(request)(request)
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
            # The raw target as sent: no URL parsing on every request (aiohttp routes on the decoded path, so
            # an admin path spelled with escapes is journalled; that is harmless).
            raw_path = request.raw_path
            if not raw_path.startswith(ADMIN_PREFIX):
                journal.record(request.method, raw_path, status, started)

    return edge
