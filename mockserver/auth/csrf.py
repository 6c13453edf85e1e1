"""Django's CSRF tokens and CsrfViewMiddleware's checks, with its exact reasons (Django 5.2
`django/middleware/csrf.py`: `_origin_verified`, `_check_token`, `_bad_token_message`).

Since Django 4.1 the `csrftoken` cookie holds the 32-character secret; `get_token()` hands out a masked,
64-character form of it. A token of either length is accepted when it unmasks to the cookie's secret, and a
64-character cookie is unmasked too (Akinon's storefront stores the masked token as its cookie).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = [
    "FORM_FIELD",
    "HEADER",
    "CsrfRejected",
    "CsrfRequest",
    "check_csrf",
    "cookie_secret",
    "mask",
    "new_secret",
]

CHARS = string.ascii_letters + string.digits
SECRET_LENGTH = 32
FORM_FIELD = "csrfmiddlewaretoken"
HEADER = "X-CSRFToken"
# Django names the header by its META key: HTTP_X_CSRFTOKEN -> 'X-Csrftoken'.
_HEADER_SOURCE = "the 'X-Csrftoken' HTTP header"


class CsrfRejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CsrfRequest:
    """What Django's check reads from a request; `form` is the POSTed form body (None for any other body), and
    `unreadable` what reading it raises instead, when it gets that far (after the Origin and the cookie)."""

    method: str
    scheme: str
    host: str | None
    origin: str | None
    cookies: Mapping[str, str]
    headers: Mapping[str, str]
    form: Mapping[str, str] | None
    unreadable: Exception | None = None


def new_secret() -> str:
    return "".join(secrets.choice(CHARS) for _ in range(SECRET_LENGTH))


def mask(secret: str) -> str:
    salt = "".join(secrets.choice(CHARS) for _ in range(SECRET_LENGTH))
    pairs = zip((CHARS.index(x) for x in secret), (CHARS.index(y) for y in salt), strict=True)
    return salt + "".join(CHARS[(x + y) % len(CHARS)] for x, y in pairs)


def _unmask(token: str) -> str:
    salt, cipher = token[:SECRET_LENGTH], token[SECRET_LENGTH:]
    pairs = zip((CHARS.index(x) for x in cipher), (CHARS.index(y) for y in salt), strict=True)
    return "".join(CHARS[x - y] for x, y in pairs)


def _format_problem(token: str) -> str | None:
    if len(token) not in (SECRET_LENGTH, 2 * SECRET_LENGTH):
        return "has incorrect length"
    if any(char not in CHARS for char in token):
        return "has invalid characters"
    return None


def cookie_secret(cookie: str | None) -> str | None:
    """The secret a valid cookie holds (a 64-character cookie is unmasked), or None."""
    if not cookie or _format_problem(cookie):
        return None
    return _unmask(cookie) if len(cookie) == 2 * SECRET_LENGTH else cookie


def _origin_verified(request: CsrfRequest, trusted: Callable[[str], bool]) -> bool:
    origin = request.origin or ""
    if request.host is not None and origin == f"{request.scheme}://{request.host}":
        return True
    return trusted(origin)


def check_csrf(request: CsrfRequest, trusted: Callable[[str], bool]) -> None:
    """CsrfViewMiddleware.process_view for an unsafe method of a view that is not exempt: the Origin first,
    then the token (the form field of a POST before the header). Loopback is plain HTTP, so the HTTPS-only
    Referer check never runs."""
    if request.origin is not None and not _origin_verified(request, trusted):
        raise CsrfRejected(f"Origin checking failed - {request.origin} does not match any trusted origins.")
    cookie = request.cookies.get("csrftoken")
    if cookie is None:
        raise CsrfRejected("CSRF cookie not set.")
    problem = _format_problem(cookie)
    if problem:
        raise CsrfRejected(f"CSRF cookie {problem}.")
    token = ""
    if request.method == "POST" and request.unreadable is not None:
        raise request.unreadable
    if request.method == "POST" and request.form is not None:
        token = request.form.get(FORM_FIELD, "")
    source = "POST"
    if token == "":
        header = request.headers.get(HEADER)
        if header is None:
            raise CsrfRejected("CSRF token missing.")
        token, source = header, _HEADER_SOURCE
    problem = _format_problem(token)
    if problem:
        raise CsrfRejected(f"CSRF token from {source} {problem}.")
    sent = _unmask(token) if len(token) == 2 * SECRET_LENGTH else token
    if not secrets.compare_digest(sent, cookie_secret(cookie) or ""):
        raise CsrfRejected(f"CSRF token from {source} incorrect.")
