"""The APIs this mock implements: every package `mockserver.apis.<spec name>` that exposes `MODULE`.

Discovery, not a list, so adding an API is adding its package; a spec without a package is reported as not
implemented at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from hamta import API_NAMES
from hamta.openapi import ApiSpec
from mockserver.locale import Languages
from mockserver.routing import Routes
from mockserver.settings import Settings
from mockserver.state import StateKind

__all__ = ["ApiModule", "Credential", "implemented", "token_credentials"]


@dataclass(frozen=True)
class Credential:
    """One way in, as the banner and GET /__mock__/ show it."""

    user: str
    secret: str
    note: str


@dataclass(frozen=True)
class ApiModule:
    handlers: Callable[[ApiSpec, Settings], object]
    state: StateKind
    # How a client presents a credential (e.g. "Authorization: Token <secret>"), and the seeded ones.
    how: str
    credentials: Callable[[], list[Credential]]
    # The deployment's LANGUAGES and LANGUAGE_CODE, for an API that answers in the request's language (Django's
    # LocaleMiddleware, mockserver.locale); None: one language, its messages as written.
    languages: Callable[[], Languages] | None = None
    # What the API adds beyond its spec's routes (admin triggers, resources living as long as the app), called
    # once the spec's routes are in; None: nothing.
    extend: Callable[[web.Application, Routes, ApiSpec, Settings], None] | None = None


def token_credentials(api: str) -> Callable[[], list[Credential]]:
    """The API's tokens from fixtures/accounts.yaml."""

    def credentials() -> list[Credential]:
        from mockserver.accounts import load_accounts

        return [Credential(a.username, a.token, a.note) for a in load_accounts().for_api(api)]

    return credentials


def implemented() -> dict[str, ApiModule]:
    found: dict[str, ApiModule] = {}
    for name in API_NAMES:
        try:
            package = importlib.import_module(f"mockserver.apis.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"mockserver.apis.{name}":
                raise
            continue
        module = getattr(package, "MODULE", None)
        if isinstance(module, ApiModule):
            found[name] = module
    return found
