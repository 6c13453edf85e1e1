"""DRF SessionAuthentication with Django's CSRF check, for an API whose spec pairs a session cookie scheme
with a CSRF header scheme.

DRF's order: the session cookie names a user (or nobody); an unsafe request then needs a valid CSRF token;
an operation that needs a session refuses nobody with 403 (session auth sends no challenge, so never 401).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from aiohttp import web

from mockserver.auth import Requirement, needs_credentials
from mockserver.auth.csrf import CsrfRejected, check_csrf
from mockserver.errors import Problem
from mockserver.keys import STATE

__all__ = ["SAFE_METHODS", "SessionAuth", "SessionBackend"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@runtime_checkable
class SessionBackend(Protocol):
    """An API state that keeps sessions: the user a session key belongs to."""

    def session_user(self, key: str) -> Any: ...


class SessionAuth:
    def __init__(
        self, session_scheme: str, session_cookie: str, csrf_scheme: str, csrf_cookie: str = "csrftoken"
    ) -> None:
        self.session_scheme = session_scheme
        self.session_cookie = session_cookie
        self.csrf_scheme = csrf_scheme
        self.csrf_cookie = csrf_cookie

    @classmethod
    def from_spec(cls, schemes: dict[str, dict[str, Any]]) -> SessionAuth:
        """The cookie scheme is the session; the header scheme is the CSRF token."""
        session = next(name for name, s in schemes.items() if s.get("type") == "apiKey" and s.get("in") == "cookie")
        csrf = next(name for name, s in schemes.items() if s.get("type") == "apiKey" and s.get("in") == "header")
        return cls(session, schemes[session]["name"], csrf)

    def _backend(self, request: web.Request) -> SessionBackend:
        for state in request.app[STATE].world.states.values():
            if isinstance(state, SessionBackend):
                return state
        raise LookupError("no API state keeps sessions")

    def check(self, request: web.Request, requirement: Requirement) -> Any:
        key = request.cookies.get(self.session_cookie)
        user = self._backend(request).session_user(key) if key else None
        wants_csrf = any(self.csrf_scheme in alternative for alternative in requirement)
        if wants_csrf and request.method not in SAFE_METHODS:
            try:
                check_csrf(request.cookies.get(self.csrf_cookie), request.headers.get("X-CSRFToken"))
            except CsrfRejected as exc:
                # With a session DRF enforces CSRF itself; the anonymous operations that ask for it (contact
                # us, login, logout) are refused the same way.
                if user is not None or not any(self.session_scheme in a for a in requirement):
                    raise Problem(403, f"CSRF Failed: {exc.reason}") from None
        needs_session = needs_credentials(requirement) and all(self.session_scheme in a for a in requirement)
        if needs_session and user is None:
            raise Problem(403, "Authentication credentials were not provided.")
        return user
