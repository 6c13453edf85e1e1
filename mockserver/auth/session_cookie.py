"""Django's SessionMiddleware around the views of a session API (`process_response`), for the answers of views
that read the session (every DRF view does; a slash redirect or a 404 page does not, so nothing happens there):
- the answer varies by `Cookie` (one that sets the CSRF cookie does already: CsrfViewMiddleware's own patch,
  `mockserver.auth.csrf_token`);
- a session cookie that names no live session (expired, flushed by a logout, never issued) is expired, whatever
  the view answers: the cookie was sent and the loaded session is empty. A view that sets the cookie itself (a
  login) keeps its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.auth.session import SESSION_ACCESSED, SessionBackend
from mockserver.guard import ApiRequests, Guard
from mockserver.keys import STATE
from mockserver.layers import Handler
from mockserver.vary import patch_vary

__all__ = ["SessionCookieLayer"]


class SessionCookieLayer:
    def __init__(self, specs: Iterable[ApiSpec], guard: Guard) -> None:
        specs = list(specs)
        self._requests = ApiRequests(specs, guard)
        self._guard = guard
        cookies = {spec.session_cookie for spec in specs if spec.session_cookie is not None}
        self._cookies = tuple(sorted(cookies))

    def _stale(self, request: web.Request) -> list[str]:
        backends = [s for s in request.app[STATE].world.states.values() if isinstance(s, SessionBackend)]
        return [
            name
            for name in self._cookies
            if name in request.cookies and not any(b.session_user(request.cookies[name]) for b in backends)
        ]

    def applies(self, request: web.Request) -> bool:
        return request in self._requests

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        stale = self._stale(request) if any(name in request.cookies for name in self._cookies) else []
        response = await self._guard.answer(request, handler)
        if response.prepared:
            return response
        if request.get(SESSION_ACCESSED):
            patch_vary(response, "Cookie")
            for name in stale:
                if name not in response.cookies:
                    response.del_cookie(name, path="/", samesite="Lax")
        return response
