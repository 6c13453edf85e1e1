"""Django's SessionMiddleware around the views of a session API: a session cookie that names no live session
(expired, flushed by a logout, never issued) is expired on the answer of a view that read the session, whatever
it answers (`process_response`: the cookie was sent and the loaded session is empty). A session nobody read
(a slash redirect, a 404 page) is never loaded, so its cookie is left alone. A view that sets the cookie itself
(a login) keeps its own. As a layer, it runs only for a request whose session cookie names no session.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.auth.session import SESSION_ACCESSED, SessionBackend
from mockserver.guard import ApiRequests, Guard
from mockserver.keys import STATE
from mockserver.layers import Handler

__all__ = ["SessionCookieLayer"]


class SessionCookieLayer:
    def __init__(self, specs: Iterable[ApiSpec], guard: Guard) -> None:
        specs = list(specs)
        self._requests = ApiRequests(specs, guard)
        cookies = {s["name"] for spec in specs for s in spec.security_schemes.values() if s.get("in") == "cookie"}
        self._cookies = tuple(sorted(cookies))

    def _stale(self, request: web.Request) -> list[str]:
        backends = [s for s in request.app[STATE].world.states.values() if isinstance(s, SessionBackend)]
        return [
            name
            for name in self._cookies
            if name in request.cookies and not any(b.session_user(request.cookies[name]) for b in backends)
        ]

    def applies(self, request: web.Request) -> bool:
        return (
            any(name in request.cookies for name in self._cookies)
            and bool(self._stale(request))
            and request in self._requests
        )

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        stale = self._stale(request)
        response = await handler(request)
        if not response.prepared and request.get(SESSION_ACCESSED):
            for name in stale:
                if name not in response.cookies:
                    response.del_cookie(name, path="/", samesite="Lax")
        return response
