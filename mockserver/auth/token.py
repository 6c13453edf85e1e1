"""DRF TokenAuthentication, message for message (rest_framework/authentication.py)."""

from __future__ import annotations

from aiohttp import web

from mockserver.accounts import Account
from mockserver.auth import Requirement, needs_credentials
from mockserver.errors import Problem
from mockserver.wsgi_headers import header as wsgi_header

__all__ = ["TokenAuth"]


class TokenAuth:
    keyword = "Token"

    def __init__(self, accounts: dict[str, Account]) -> None:
        self._accounts = accounts
        self._challenge = {"WWW-Authenticate": self.keyword}
        # The header a client sends on every request, already resolved: the parse below gives the same account.
        self._by_header = {f"{self.keyword} {key}": account for key, account in accounts.items() if key.isascii()}

    def _fail(self, message: str) -> Problem:
        return Problem(401, message, headers=dict(self._challenge))

    def authenticate(self, request: web.Request) -> Account | None:
        header = wsgi_header(request, "Authorization") or ""
        known = self._by_header.get(header)
        if known is not None:
            return known
        # The header's bytes as sent, as DRF gets them (get_authorization_header: the WSGI text encoded back), so a
        # key that is no UTF-8 fails as DRF's does.
        parts = header.encode("latin-1").split()
        # Another scheme (Basic, Bearer, ...) is "no credentials" for this authenticator, not a failure.
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) == 1:
            raise self._fail("Invalid token header. No credentials provided.")
        if len(parts) > 2:
            raise self._fail("Invalid token header. Token string should not contain spaces.")
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise self._fail("Invalid token header. Token string should not contain invalid characters.") from None
        account = self._accounts.get(key)
        if account is None:
            raise self._fail("Invalid token.")
        return account

    async def check(self, request: web.Request, requirement: Requirement) -> Account | None:
        account = self.authenticate(request)
        if account is None and needs_credentials(requirement):
            raise self._fail("Authentication credentials were not provided.")
        return account
