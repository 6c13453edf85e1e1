"""Authentication layers, chosen by each API's security scheme (like connexion's SECURITY_HANDLERS).

A layer turns a request into an `Account` (or None for anonymous) and knows how its API refuses: DRF's token
auth answers 401 with a `WWW-Authenticate` challenge, session auth 403 without one.
"""

from __future__ import annotations

from typing import Protocol

from aiohttp import web

from mockserver.accounts import Account

__all__ = ["AuthLayer"]


class AuthLayer(Protocol):
    def authenticate(self, request: web.Request) -> Account | None:
        """The caller's account, None when the request carries no credentials; raises Problem on bad ones."""

    def not_authenticated(self) -> Exception:
        """What to raise when an operation needs credentials and the request has none."""
