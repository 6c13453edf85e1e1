"""Authentication layers, chosen by each API's security scheme (like connexion's SECURITY_HANDLERS).

A layer gets the request and the operation's security requirement (the spec's alternatives, each a tuple of
scheme names) and returns who is calling (None for anonymous), or raises the API's own refusal: DRF's token
auth answers 401 with a challenge, session auth 403 without one, Callbell 401 `{"error": ...}`.
"""

from __future__ import annotations

from typing import Any, Protocol

from aiohttp import web

__all__ = ["AuthLayer", "Requirement", "needs_credentials"]

Requirement = tuple[tuple[str, ...], ...]


def needs_credentials(requirement: Requirement) -> bool:
    """True unless the requirement is empty or offers an empty (anonymous) alternative."""
    return bool(requirement) and all(requirement)


class AuthLayer(Protocol):
    async def check(self, request: web.Request, requirement: Requirement) -> Any:
        """The caller (an account or a user), None when anonymous is allowed; raises Problem otherwise."""
