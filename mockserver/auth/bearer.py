"""Callbell's `Authorization: Bearer <token>` against the account's API tokens."""

from __future__ import annotations

from aiohttp import web

from mockserver.accounts import Account
from mockserver.auth import Requirement, needs_credentials
from mockserver.errors import Problem

__all__ = ["BearerAuth"]


class BearerAuth:
    def __init__(self, accounts: dict[str, Account]) -> None:
        self._accounts = accounts

    async def check(self, request: web.Request, requirement: Requirement) -> Account | None:
        scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
        account = self._accounts.get(token.strip()) if scheme.lower() == "bearer" else None
        if account is None and needs_credentials(requirement):
            raise Problem(401, "Unauthorized")
        return account
