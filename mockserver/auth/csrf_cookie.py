"""Django's CsrfViewMiddleware around the views of a session API, for a request with a malformed cookie.

`process_request` reads the `csrftoken` cookie; a malformed one is replaced at once by a new secret, which every
`get_token()` of that request hands out and which `process_response` sets as the cookie, whatever the view
answers (an error, a 404 page of a path the API owns; with contacts and conversations both served at `/`, an
unknown path belongs to the first served, contacts). A view that hands out a token (`get_token()`) re-sends the
cookie too. As a layer, it runs only for a request that carries a malformed cookie; the views ask
`request_secret` themselves (mockserver.auth.csrf_token).
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.auth.csrf import cookie_secret
from mockserver.auth.csrf_token import CSRF_COOKIE, request_secret, set_csrf_cookie
from mockserver.guard import ApiRequests, Guard
from mockserver.layers import Handler

__all__ = ["CsrfCookieLayer"]


class CsrfCookieLayer:
    """The requests of the session APIs that carry a malformed `csrftoken` cookie: they get a new one."""

    def __init__(self, specs: Iterable[ApiSpec], guard: Guard) -> None:
        self._requests = ApiRequests(list(specs), guard)
        self._guard = guard

    def applies(self, request: web.Request) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE)
        return cookie is not None and cookie_secret(cookie) is None and request in self._requests

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        secret = request_secret(request)  # the cookie is malformed: a new secret
        response = await self._guard.answer(request, handler)
        if not response.prepared and CSRF_COOKIE not in response.cookies:
            set_csrf_cookie(response, secret)
        return response
