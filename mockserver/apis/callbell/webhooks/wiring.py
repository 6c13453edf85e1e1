"""What the webhooks add to a Callbell mock beyond its spec's routes: the delivery engine, which lives as
long as the app, and the admin triggers for agent and team events."""

from __future__ import annotations

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.base import schema_enum
from mockserver.apis.callbell.webhooks.courier import COURIER, Courier
from mockserver.apis.callbell.webhooks.destinations import Destinations
from mockserver.apis.callbell.webhooks.triggers import add_trigger_routes
from mockserver.routing import Routes
from mockserver.settings import Settings

__all__ = ["extend"]


def extend(app: web.Application, routes: Routes, spec: ApiSpec, settings: Settings) -> None:
    destinations = Destinations(settings.callbell_webhook_hosts)
    courier = Courier(schema_enum(spec, "WebhookEventName"), settings.callbell_webhook_timeout, destinations)
    app[COURIER] = courier
    app.cleanup_ctx.append(courier.lifetime)
    add_trigger_routes(routes, spec)
