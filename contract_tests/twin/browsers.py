"""Browsers for a session API's twin run: each side has its own, with its own cookies, so one step (a request
by a named browser) means the same thing on both sides while every token and session id stays the side's own.

A step's header, cookie and form values may name the browser's current material, filled in per side:
`{csrf}` the `csrftoken` cookie, `{masked}` the token the last `GET /csrf_token/` answered, `{page}` the token
the last HTML page carried in its `csrfmiddlewaretoken` field, `{session}` the session cookie.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import requests

__all__ = ["NO_BODY", "PAGE_TOKEN", "Browser", "Step", "set_cookies"]

NO_BODY = object()
# What Akinon's storefront scrapes from the logout page (`@akinon/next` 1.24.0 `api/logout.ts:5-6`).
PAGE_TOKEN = re.compile(r'name=["\']csrfmiddlewaretoken["\'] value=["\'](\w+)["\']')
_NAMED = re.compile(r"\{(csrf|masked|page|session)\}")


@dataclass(frozen=True)
class Step:
    label: str  # what the step is grouped under in the report: "POST /users/login/"
    browser: str  # whose cookies: "anon", "first", "second" (the first and second --login)
    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    json: Any = field(default=NO_BODY, compare=False)
    form: tuple[tuple[str, str], ...] | None = None  # form-encoded body (multipart with `upload`)
    upload: tuple[str, str, str, int] | None = None  # a file part: field, file name, content type, size in bytes
    data: str | None = None  # a raw body, with its Content-Type in `headers`
    headers: tuple[tuple[str, str], ...] = ()
    # Cookies of this request only, over the browser's: a value of None leaves that cookie out.
    cookies: tuple[tuple[str, str | None], ...] = ()
    fresh: bool = False  # the browser forgets every cookie first
    keep: bool = True  # the browser takes the answer's Set-Cookie (a curl-like caller does not)
    creates: str | None = None  # a 201's `id` is bound to this name: `{created NAME}` in later paths and bodies


def set_cookies(response: requests.Response) -> list[str]:
    """Every Set-Cookie header of an answer, one each (requests folds them into one string)."""
    raw = getattr(response.raw, "headers", None)
    if raw is not None and hasattr(raw, "getlist"):
        return list(raw.getlist("Set-Cookie"))
    header = response.headers.get("Set-Cookie")
    return [header] if header else []


@dataclass
class Browser:
    """One browser's cookie jar on one side, and the tokens it has seen."""

    session_cookie: str
    cookies: dict[str, str] = field(default_factory=dict)
    masked: str = ""
    page: str = ""

    def fill(self, value: str) -> str:
        known = {
            "csrf": self.cookies.get("csrftoken", ""),
            "masked": self.masked,
            "page": self.page,
            "session": self.cookies.get(self.session_cookie, ""),
        }
        return _NAMED.sub(lambda m: known[m[1]], value)

    def request_cookies(self, step: Step) -> dict[str, str]:
        sent = dict(self.cookies)
        for name, value in step.cookies:
            if value is None:
                sent.pop(name, None)
            else:
                sent[name] = self.fill(value)
        return sent

    def take(self, response: requests.Response) -> None:
        """What a browser keeps from an answer: its cookies (an expired one is dropped) and the tokens shown."""
        for header in set_cookies(response):
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value in ("", '""'):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        media = response.headers.get("Content-Type", "")
        if media.startswith("application/json") and response.request.path_url.startswith("/csrf_token/"):
            with contextlib.suppress(ValueError, AttributeError):
                self.masked = str(response.json().get("csrf_token", ""))
        if media.startswith("text/html"):
            found = PAGE_TOKEN.search(response.text)
            if found:
                self.page = found[1]
