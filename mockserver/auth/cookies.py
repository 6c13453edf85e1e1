"""How Django sets a cookie that lasts (`HttpResponse.set_cookie` with `max_age`): `Max-Age` and, beside it, an
`expires` date for clients that only read that, both from the same age."""

from __future__ import annotations

import datetime as dt
import email.utils

from aiohttp import web

__all__ = ["set_lasting_cookie"]


def set_lasting_cookie(
    response: web.StreamResponse, name: str, value: str, max_age: int, *, httponly: bool = False
) -> None:
    """`Path=/` and `SameSite=Lax` as Django's settings default them (SESSION_COOKIE_*, CSRF_COOKIE_*)."""
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=max_age)
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        expires=email.utils.format_datetime(expires, usegmt=True),
        path="/",
        httponly=httponly,
        samesite="Lax",
    )
