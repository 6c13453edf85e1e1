"""The edge: the journal, CORS and the guard, then the other layers where they apply, on every request.

Each part is its own named object (`Journal`, `Cors`, `Guard`, and the `Layers`); the edge runs them in order.
From the client inwards:
1. journal: records every request with the status the client saw (admin paths excepted);
2. the Host check (mockserver.security): a name that is not local or allowed is 403, before anything else;
3. CORS (when origins are allowed): preflights answered before anything can refuse them (a refused origin's
   is 403), answers marked; then the admin guard on the mock's own endpoints (token, no cross-site writes);
4. guard: Problems raised outside endpoints, unknown paths and bugs, rendered in the API's own format;
5. the deployment's middleware headers (`x-middleware-headers`: Django's SecurityMiddleware and
   XFrameOptionsMiddleware), on every answer of an API that declares them;
6. the state log (`--state`, mockserver.persistence): what the request changed, in any layer or handler, is
   logged when they are done (also when they raised), before the guard makes the answer and before it leaves;
7. the layers (`mockserver.layers`): rate limit, slash quirk, Prefer, faults, write notes, then the route.

The edge is not an aiohttp middleware but every route's handler (`Edge.route`; `mockserver.routing` routes
everything through it, unknown paths included): aiohttp runs a middleware through a cached chain of partials
and a coroutine of its own on every request, about 2 us of a create's budget. The layers dispatch on the
request's route themselves (the slash quirk may hand on another route's request).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from aiohttp import web

from mockserver.guard import Guard
from mockserver.journal import ADMIN_PREFIX, Journal
from mockserver.layers import Handler, Layers, Routed
from mockserver.quirks.cors import Cors
from mockserver.quirks.middleware_headers import MiddlewareHeaderStamps
from mockserver.request_target import origin_form
from mockserver.security import AdminGuard, HostGuard

__all__ = ["Edge"]


class Edge:
    def __init__(
        self,
        journal: Journal,
        cors: Cors | None,
        guard: Guard,
        layers: Layers,
        hosts: HostGuard,
        admin: AdminGuard,
        state_log: Callable[[], None] | None = None,
        stamps: MiddlewareHeaderStamps | None = None,
    ) -> None:
        # A part of the edge, not a layer: it applies to every request, and a layer costs a coroutine, two partials
        # and a second pass over the layers per request (2.7 us of an in-process patch's 47, bench/README.md).
        self.state_log = state_log
        self.journal = journal
        self.cors = cors
        self.guard = guard
        self.layers = layers
        self.hosts = hosts
        self.admin = admin
        self.stamps = stamps if stamps else None  # the deployment's middleware headers, when a spec declares some

    def route(self, target: Handler) -> Routed:
        """The handler aiohttp is given for a route whose own handler is `target`."""
        routed = Routed(self.handle)
        routed.target = target
        return routed

    async def handle(self, request: web.Request) -> web.StreamResponse:
        started = time.perf_counter()
        status = 500
        cors = self.cors
        # The mock's own endpoints, by the path aiohttp routed on (escapes decoded, an absolute-form target's
        # path): the raw target would let `/%5F_mock__/state` or `GET http://host/__mock__/state` past the guard.
        admin = request.rel_url.path_safe.startswith(ADMIN_PREFIX)
        try:
            unbuilt = None if admin else self.guard.unbuildable(request)
            if unbuilt is not None:  # Django's WSGI handler failed before any middleware: no CORS, no stamps
                status = unbuilt.status
                return unbuilt
            host = request.headers.get("Host")
            if not self.hosts.allows(host):
                refusal = HostGuard.refusal(host or "")
                status = refusal.status
                return refusal
            cors_headers = cors.headers_for(request) if cors is not None else None
            if cors is not None and cors_headers is None and "Origin" in request.headers and Cors.is_preflight(request):
                refused = Cors.refused(request)
                status = refused.status
                return refused
            preflight = Cors.preflight(request, cors_headers) if cors_headers is not None else None
            if preflight is not None:
                status = preflight.status
                return preflight
            if admin:
                blocked = self.admin.refusal(request)
                if blocked is not None:
                    if cors_headers is not None:
                        Cors.mark(blocked, cors_headers)
                    status = blocked.status
                    return blocked
            state_log = self.state_log
            try:
                try:
                    response = await self.layers.handler_for(request)(request)
                finally:
                    if state_log is not None:
                        state_log()  # raises OSError when the log cannot grow: the guard answers it
            except Exception as error:  # the guard decides what an error becomes; HTTP errors come back raised
                try:
                    response = self.guard.recover(request, error)
                except web.HTTPException as http_error:
                    status = http_error.status
                    if self.stamps is not None:
                        self.stamps.stamp(request, http_error)
                    if cors_headers is not None:
                        http_error.headers.update(cors_headers)
                    raise
            if self.stamps is not None:
                self.stamps.stamp(request, response)
            if cors_headers is not None:
                Cors.mark(response, cors_headers)
            status = response.status
            return response
        finally:
            if not admin:
                self.journal.record(request.method, origin_form(request), status, started)  # the target as sent
