"""Which layer serves which security scheme, keyed by the scheme's (type, scheme) as the spec declares it."""

from __future__ import annotations

from collections.abc import Callable

from hamta.openapi import ApiSpec
from mockserver.accounts import Accounts
from mockserver.auth import AuthLayer
from mockserver.auth.bearer import BearerAuth
from mockserver.auth.session import SessionAuth
from mockserver.auth.token import TokenAuth

__all__ = ["auth_for"]

Factory = Callable[[ApiSpec, Accounts], AuthLayer]

LAYERS: dict[tuple[str, str], Factory] = {
    ("http", "token"): lambda spec, accounts: TokenAuth(accounts.by_token(spec.name)),
    ("http", "bearer"): lambda spec, accounts: BearerAuth(accounts.by_token(spec.name)),
    ("apikey", "cookie"): lambda spec, accounts: SessionAuth.from_spec(spec.security_schemes),
}


def auth_for(spec: ApiSpec, accounts: Accounts) -> AuthLayer | None:
    schemes = spec.security_schemes
    if not schemes:
        return None
    keys = {
        (str(s.get("type", "")).lower(), str(s.get("scheme") or s.get("in") or "").lower()) for s in schemes.values()
    }
    for key in keys:
        if key in LAYERS:
            return LAYERS[key](spec, accounts)
    raise LookupError(f"{spec.name}: no auth layer for security schemes {sorted(keys)}")
