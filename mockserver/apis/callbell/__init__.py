"""The Callbell public API v1 (seed 004): a Rails app answering `{"error": ...}`, Bearer tokens, camelCase."""

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell import admin
from mockserver.apis.callbell.handlers import CallbellApi
from mockserver.apis.callbell.state import KIND
from mockserver.apis.callbell.webhooks import wiring
from mockserver.apis.registry import ApiModule, token_credentials
from mockserver.routing import Routes
from mockserver.settings import Settings


def _extend(app: web.Application, routes: Routes, spec: ApiSpec, settings: Settings) -> None:
    """The webhooks' delivery engine and triggers, and the clock and inbound-message triggers."""
    wiring.extend(app, routes, spec, settings)
    admin.extend(app, routes, spec, settings)


MODULE = ApiModule(CallbellApi, KIND, "Authorization: Bearer <secret>", token_credentials("callbell"), extend=_extend)
