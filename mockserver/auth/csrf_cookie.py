"""Django's CsrfViewMiddleware around the views of a session API: the request's CSRF secret, and the cookie.

`process_request` reads the `csrftoken` cookie; a malformed one is replaced at once by a new secret, which every
`get_token()` of that request hands out and which `process_response` sets as the cookie, whatever the view
answers (an error, a 404 page of a path the API owns; with contacts and conversations both served at `/`, an
unknown path belongs to the first served, contacts). A view that hands out a token (`get_token()`) re-sends the
cookie too. As a layer, it runs only for a request that carries a malformed cookie; the views ask
`request_secret` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.auth.cookies import set_lasting_cookie
from mockserver.auth.csrf import cookie_secret, new_secret
from mockserver.guard import ApiRequests, Guard
from mockserver.layers import Handler
from mockserver.locale.layer import patch_vary

__all__ = ["CSRF_COOKIE", "CsrfCookieLayer", "request_secret", "set_csrf_cookie"]

CSRF_COOKIE = "csrftoken"
CSRF_COOKIE_AGE = 31449600  # Django's CSRF_COOKIE_AGE: one year
_SECRET: web.RequestKey[str] = web.RequestKey("hamta_csrf_secret")


def request_secret(request: web.Request) -> str:
    """`get_token()`'s secret: the one this request was given, the valid cookie's, or a new one (kept, so a
    second `get_token()` in the same request masks the same secret)."""
    secret = request.get(_SECRET)
    if secret is None:
        secret = request[_SECRET] = cookie_secret(request.cookies.get(CSRF_COOKIE)) or new_secret()
    return secret


def set_csrf_cookie(response: web.StreamResponse, secret: str) -> None:
    """Django's `_set_csrf_cookie` (CSRF_COOKIE_AGE, not HttpOnly: a page's script reads it), with its `Vary:
    Cookie` added where CsrfViewMiddleware adds it: before LocaleMiddleware's `Accept-Language` (Django 5.2.19
    `middleware/csrf.py:253-269`)."""
    set_lasting_cookie(response, CSRF_COOKIE, secret, CSRF_COOKIE_AGE)
    patch_vary(response, "Cookie")


class CsrfCookieLayer:
    """The requests of the session APIs that carry a malformed `csrftoken` cookie: they get a new one."""

    def __init__(self, specs: Iterable[ApiSpec], guard: Guard) -> None:
        self._requests = ApiRequests(list(specs), guard)
        self._guard = guard

    def applies(self, request: web.Request) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE)
        return cookie is not None and cookie_secret(cookie) is None and request in self._requests

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        secret = request[_SECRET] = new_secret()
        response = await self._guard.answer(request, handler)
        if not response.prepared and CSRF_COOKIE not in response.cookies:
            set_csrf_cookie(response, secret)
        return response
