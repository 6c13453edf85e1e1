"""DRF SessionAuthentication with Django's CSRF check, for an API whose spec has a session cookie scheme (its
CSRF header scheme documents the token DRF checks).

DRF's order (`SessionAuthentication.authenticate`, `enforce_csrf`): the session cookie names a user (or
nobody); only for a user does an unsafe request need a valid CSRF token, checked by Django's own middleware
code (an anonymous caller is never checked, which is why Akinon's storefront can sign in without a token);
then an operation that needs a session refuses nobody with 403 (session auth sends no challenge, never 401).
A plain Django view (`x-view: django`) has no DRF authentication at all: its routes get no auth layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from aiohttp import web

from mockserver.auth import Requirement, needs_credentials
from mockserver.auth.csrf import CsrfRejected, CsrfRequest, check_csrf
from mockserver.bodies import FORM, MULTIPART, content_type, request_body
from mockserver.errors import Problem, ServerCrash, SuspiciousOperation, UncaughtError
from mockserver.header_parameters import known_charset, media_type, text_encoding
from mockserver.keys import ORIGINS, STATE
from mockserver.locale import gettext

__all__ = [
    "CSRF_EXEMPT",
    "NOT_AUTHENTICATED",
    "SAFE_METHODS",
    "SessionAuth",
    "SessionBackend",
    "csrf_request",
    "unreadable_post",
]

NOT_AUTHENTICATED = "Authentication credentials were not provided."  # DRF's NotAuthenticated.default_detail

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Set by `--fault csrf-off` (mockserver/faults.py): this request is served as if CSRF were never enforced.
CSRF_EXEMPT: web.RequestKey[bool] = web.RequestKey("hamta_csrf_exempt")
# Set once a view has read the session (every DRF view authenticates): only then does Django's SessionMiddleware
# know a stale session cookie is stale, and expire it (mockserver.auth.session_cookie).
SESSION_ACCESSED: web.RequestKey[bool] = web.RequestKey("hamta_session_accessed")


@runtime_checkable
class SessionBackend(Protocol):
    """An API state that keeps sessions: the user a session key belongs to."""

    def session_user(self, key: str) -> Any: ...


async def csrf_request(request: web.Request, *, django_view: bool = False) -> CsrfRequest:
    """What Django's CSRF check reads. A POSTed form is parsed here (Django reads `request.POST` for the
    `csrfmiddlewaretoken` field), and the view later gets the same parse; what the parse raises is raised where the
    check reads the form, after the Origin and the cookie (DRF 3.18.3 request.py:366-376 re-raises a parser's
    error). Behind DRF's authentication that is DRF's request, whose parsers read the form in any charset; in a plain
    Django view (`django_view`) it is Django's own `request.POST` (`unreadable_post`)."""
    form: Mapping[str, str] | None = None
    unreadable = unreadable_post(request) if django_view and request.method == "POST" else None
    if unreadable is None and request.method == "POST" and media_type(content_type(request))[0] in (FORM, MULTIPART):
        try:
            data, _ = await request_body(request)
        except (Problem, SuspiciousOperation, UncaughtError) as error:
            unreadable = error  # raised where the check reads the form: after the Origin and the cookie
        else:
            form = data if isinstance(data, dict) else None
    return CsrfRequest(
        method=request.method,
        scheme=request.scheme,
        host=request.headers.get("Host"),
        origin=request.headers.get("Origin"),
        cookies=request.cookies,
        headers=request.headers,
        form=form,
        unreadable=unreadable,
    )


def unreadable_post(request: web.Request) -> Exception | None:
    """What Django's `request.POST` raises for this request's body, where DRF's parsers would read it. A form in a
    charset Python knows under any name but "utf-8" is BadRequest (Django 5.2.20 django/http/request.py:456-463):
    the CSRF check raises it, and again in the error views, which run the same check, so the WSGI server answers
    (`ServerCrash`). A multipart body in a codec that is no text encoding lets the parser's LookupError out: the 500
    page."""
    media, params = media_type(content_type(request))
    charset = params.get("charset")
    if charset is None or not known_charset(charset):
        return None
    if media == FORM and charset.lower() != "utf-8":
        return ServerCrash("HTTP requests with the 'application/x-www-form-urlencoded' content type must be UTF-8")
    if media == MULTIPART and not text_encoding(charset):
        return UncaughtError("LookupError", f"{charset!r} is not a text encoding")
    return None


class SessionAuth:
    def __init__(self, session_scheme: str, session_cookie: str) -> None:
        self.session_scheme = session_scheme
        self.session_cookie = session_cookie

    @classmethod
    def from_spec(cls, schemes: dict[str, dict[str, Any]]) -> SessionAuth:
        """The cookie scheme is the session (the CSRF header scheme only documents what DRF checks)."""
        session = next(name for name, s in schemes.items() if s.get("type") == "apiKey" and s.get("in") == "cookie")
        return cls(session, schemes[session]["name"])

    def _backend(self, request: web.Request) -> SessionBackend:
        for state in request.app[STATE].world.states.values():
            if isinstance(state, SessionBackend):
                return state
        raise LookupError("no API state keeps sessions")

    async def check(self, request: web.Request, requirement: Requirement) -> Any:
        key = request.cookies.get(self.session_cookie)
        request[SESSION_ACCESSED] = True
        user = self._backend(request).session_user(key) if key else None
        # Every DRF view authenticates this way, so a user's unsafe request is checked whatever the operation
        # (a path without POST answers the CSRF failure before its 405).
        if user is not None and request.method not in SAFE_METHODS and not request.get(CSRF_EXEMPT):
            try:
                check_csrf(await csrf_request(request), request.app[ORIGINS].allows)
            except CsrfRejected as exc:
                # Neither DRF's wrapper nor Django's reasons are marked for translation: English in every language.
                raise Problem(403, f"CSRF Failed: {exc.reason}") from None
        needs_session = needs_credentials(requirement) and all(self.session_scheme in a for a in requirement)
        if needs_session and user is None:
            raise Problem(403, gettext(NOT_AUTHENTICATED))
        return user
