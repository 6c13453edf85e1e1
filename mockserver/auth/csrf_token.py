"""Django's `get_token()` and `_set_csrf_cookie`: the request's CSRF secret, and the cookie that carries it.

Whatever hands out a token (the `csrf_token` view, a sign-in's rotation, the browsable API's page, whose forms
carry one) asks `request_secret`, and the answer re-sends the cookie, as CsrfViewMiddleware's `process_response`
does whenever `get_token()` ran.
"""

from __future__ import annotations

from aiohttp import web

from mockserver.auth.cookies import set_lasting_cookie
from mockserver.auth.csrf import cookie_secret, new_secret
from mockserver.vary import patch_vary

__all__ = ["CSRF_COOKIE", "request_secret", "set_csrf_cookie"]

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
