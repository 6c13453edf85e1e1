"""The Webhooks API: subscribe, unsubscribe, and the list of deliveries with the receiver's answers."""

from __future__ import annotations

import math

from aiohttp import web

from hamta.openapi import ApiSpec
from mockserver.apis.callbell.base import CallbellBase
from mockserver.apis.callbell.bodies import Body
from mockserver.apis.callbell.webhooks.store import WebhookState
from mockserver.errors import Problem, json_response
from mockserver.listing.kaminari import lenient_page
from mockserver.operations import Call, operation
from mockserver.settings import Settings

__all__ = ["WebhookHandlers"]

DEFAULT_ITEMS = 25  # Kaminari's default page size (the docs give none)
MAX_ITEMS = 100
WEBHOOK_NOT_FOUND = "Webhook not found"


def _items(raw: str | None) -> int:
    try:
        number = int(raw or "")
    except ValueError:
        return DEFAULT_ITEMS
    return min(number, MAX_ITEMS) if number >= 1 else DEFAULT_ITEMS


class WebhookHandlers(CallbellBase):
    def __init__(self, spec: ApiSpec, settings: Settings) -> None:
        super().__init__(spec, settings)
        self.subscribe_body = Body(spec, "callbell_webhooks_subscribe")

    def webhooks(self, call: Call) -> WebhookState:
        return self.state(call).webhooks

    @operation("callbell_webhooks_subscribe")
    async def subscribe(self, call: Call) -> web.Response:
        data = await self.subscribe_body.read(call)
        # The spec's pattern admits absolute http(s) URLs only, loopback included: the real service refuses
        # localhost (webhooks/introduction.md:42-44), the mock does not, as local development is its point.
        url = data["url"]
        subscriptions = tuple(dict.fromkeys(data["subscriptions"]))
        webhook = self.webhooks(call).subscribe(url, subscriptions, self.state(call).tick())
        return json_response({"webhook": webhook.render()})

    @operation("callbell_webhooks_unsubscribe")
    async def unsubscribe(self, call: Call) -> web.Response:
        if not self.webhooks(call).unsubscribe():
            raise Problem(404, WEBHOOK_NOT_FOUND)
        return json_response({"status": "webhook was destroyed"})

    @operation("callbell_webhooks_events")
    async def events(self, call: Call) -> web.Response:
        """Newest first; `status` and `subscriptions` filter before the page is cut."""
        store = self.webhooks(call)
        if store.webhook is None:
            raise Problem(404, WEBHOOK_NOT_FOUND)
        deliveries = store.newest_first()
        status = call.query.get("status")
        if status is not None:
            deliveries = [d for d in deliveries if ("success" if d.success else "failed") == status]
        names = call.query.get("subscriptions")
        if names is not None:
            wanted = {name.strip() for name in names.split(",")}
            deliveries = [d for d in deliveries if d.event in wanted]
        number, size = lenient_page(call.query.get("page")), _items(call.query.get("items"))
        shown = deliveries[(number - 1) * size : number * size]
        meta = {"page": number, "pages": max(1, math.ceil(len(deliveries) / size))}
        return json_response({"webhook_events": [d.render() for d in shown], "meta": meta})
