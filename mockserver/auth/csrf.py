"""Django's CSRF tokens and CsrfViewMiddleware's checks, with its exact reasons.

Since Django 4.1 the `csrftoken` cookie holds the 32-character secret; `get_token()` hands out a masked,
64-character form of it. A header token of either length is accepted when it unmasks to the cookie's secret.
"""

from __future__ import annotations

import secrets
import string

__all__ = ["HEADER_SOURCE", "CsrfRejected", "check_csrf", "mask", "new_secret"]

CHARS = string.ascii_letters + string.digits
SECRET_LENGTH = 32
HEADER_SOURCE = "the 'X-Csrftoken' HTTP header"


class CsrfRejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
    """The secret a valid cookie holds (a legacy 64-character cookie is unmasked), or None."""
    if not cookie or _format_problem(cookie):
        return None
    return _unmask(cookie) if len(cookie) == 2 * SECRET_LENGTH else cookie


def check_csrf(cookie: str | None, header: str | None) -> None:
    """CsrfViewMiddleware._check_token for a token sent in the X-CSRFToken header."""
    if cookie is None:
        raise CsrfRejected("CSRF cookie not set.")
    problem = _format_problem(cookie)
    if problem:
        raise CsrfRejected(f"CSRF cookie {problem}.")
    if not header:
        raise CsrfRejected("CSRF token missing.")
    problem = _format_problem(header)
    if problem:
        raise CsrfRejected(f"CSRF token from {HEADER_SOURCE} {problem}.")
    secret = cookie_secret(cookie)
    sent = _unmask(header) if len(header) == 2 * SECRET_LENGTH else header
    if not secrets.compare_digest(sent, secret or ""):
        raise CsrfRejected(f"CSRF token from {HEADER_SOURCE} incorrect.")
