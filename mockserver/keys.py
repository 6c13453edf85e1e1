"""Typed keys for what hangs off the aiohttp application (never module-level state)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from mockserver.accounts import Accounts
    from mockserver.journal import Journal
    from mockserver.layers import Layers
    from mockserver.security import OriginPolicy
    from mockserver.settings import Settings
    from mockserver.state import MockState

__all__ = ["ACCOUNTS", "JOURNAL", "LAYERS", "ORIGINS", "SETTINGS", "STATE"]

SETTINGS: web.AppKey[Settings] = web.AppKey("settings")
STATE: web.AppKey[MockState] = web.AppKey("state")
ACCOUNTS: web.AppKey[Accounts] = web.AppKey("accounts")
JOURNAL: web.AppKey[Journal] = web.AppKey("journal")
LAYERS: web.AppKey[Layers] = web.AppKey("layers")
# The browser origins the mock trusts: for CORS, and as Django's CSRF_TRUSTED_ORIGINS.
ORIGINS: web.AppKey[OriginPolicy] = web.AppKey("origins")
