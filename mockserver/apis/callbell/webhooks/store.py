"""The account's webhook and the deliveries made to it: plain records of the Callbell state, dumped with it.

One webhook per account (`webhooks_api/subscribe.md:14`); its deliveries belong to it, so unsubscribing
forgets them. A delivery is recorded when the receiver has answered (or failed to): `generation` tells a
late answer for a webhook deleted meanwhile from one for the current webhook, and is never dumped, since a
load replaces the whole state (and with it every delivery still in flight).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mockserver.apis.callbell.model import Contact, format_time, parse_time
from mockserver.apis.callbell.webhooks.payloads import contact as contact_payload
from mockserver.persistence.parts import TrackedDict
from mockserver.schemas import validator
from mockserver.state import StateError

__all__ = ["MAX_DELIVERIES", "RUBY_TIME", "Delivery", "Webhook", "WebhookState"]

# Ruby's Time#to_s: the subscribe example's createdAt (`2022-10-18 17:01:20 +0200`).
RUBY_TIME = "%Y-%m-%d %H:%M:%S %z"
# The oldest deliveries are forgotten past this many, so a long-running mock's memory stays bounded.
MAX_DELIVERIES = 10_000
# The seeded webhook: a receiver of ours that no longer answers, so Callbell has disabled it.
SEEDED_URL = "https://hooks.example.com/callbell"
SEEDED_AT = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)  # without contacts
SEEDED_DELIVERIES = 3


@dataclass(frozen=True)
class Webhook:
    url: str
    subscriptions: tuple[str, ...]
    created_at: dt.datetime
    enabled: bool = True

    def render(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "subscriptions": list(self.subscriptions),
            "createdAt": self.created_at.strftime(RUBY_TIME),
            "enabled": self.enabled,
        }

    @classmethod
    def from_rendered(cls, raw: dict[str, Any]) -> Webhook:
        created = dt.datetime.strptime(raw["createdAt"], RUBY_TIME).astimezone(dt.UTC)
        return cls(raw["url"], tuple(raw["subscriptions"]), created, raw["enabled"])


@dataclass(frozen=True)
class Delivery:
    """One event POSTed to the webhook, and the receiver's `{body, code, headers}` (code None: no answer)."""

    event: str
    payload: dict[str, Any]
    response: dict[str, Any]
    created_at: dt.datetime
    number: int  # the order of the events: the key of the state's deliveries

    @property
    def success(self) -> bool:
        return bool(self.response["code"] == 200)

    def render(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "payload": self.payload,
            "response": self.response,
            "success": self.success,
            "createdAt": format_time(self.created_at),
        }

    @classmethod
    def from_rendered(cls, raw: dict[str, Any], number: int) -> Delivery:
        return cls(raw["event"], raw["payload"], raw["response"], parse_time(raw["createdAt"]), number)


def _fit(raw: Any, schema: str, where: str) -> None:
    for error in validator("callbell", f"#/components/schemas/{schema}").iter_errors(raw):
        raise StateError(f"callbell.webhooks.{where} does not fit the spec's {schema}: {error.message}")


def dump_delivery(delivery: Delivery) -> dict[str, Any]:
    """A delivery as the state document holds it: its number (the order of the events), then the WebhookEvent."""
    return {"number": delivery.number, **delivery.render()}


@dataclass
class WebhookState:
    webhook: Webhook | None = None
    # Keyed by the order the events happened in (1, 2, ...): newest first is highest first.
    deliveries: dict[int, Delivery] = field(default_factory=dict)
    next_delivery: int = 1
    generation: int = 0

    def __post_init__(self) -> None:
        # --state logs the deliveries recorded since the last capture (mockserver.persistence.parts).
        self.deliveries = TrackedDict(self.deliveries)

    @classmethod
    def seeded(cls, contacts: list[Contact]) -> WebhookState:
        """A disabled webhook with the deliveries of its first contacts' creation, so the docs' unsubscribe and
        events requests work as written on a fresh mock, and nothing is delivered until a client subscribes a
        URL of its own (which enables the webhook)."""
        first = sorted(contacts, key=lambda c: c.id)[:SEEDED_DELIVERIES]
        answered = {"body": {"status": "ok"}, "code": 200, "headers": {"Content-Type": "application/json"}}
        deliveries = {
            number: Delivery("contact_created", contact_payload(c), answered, c.created_at, number)
            for number, c in enumerate(sorted(first, key=lambda c: (c.created_at, c.id)), start=1)
        }
        created = min((c.created_at for c in first), default=SEEDED_AT)
        webhook = Webhook(SEEDED_URL, ("contact_created", "message_created"), created, enabled=False)
        return cls(webhook, deliveries, len(deliveries) + 1)

    def subscribe(self, url: str, subscriptions: tuple[str, ...], now: dt.datetime) -> Webhook:
        """Create the webhook, or update it in place (its createdAt and deliveries stay); subscribing enables it."""
        created = self.webhook.created_at if self.webhook else now
        self.webhook = Webhook(url, subscriptions, created)
        return self.webhook

    def unsubscribe(self) -> bool:
        if self.webhook is None:
            return False
        self.webhook = None
        self.deliveries.clear()
        self.generation += 1
        return True

    def wants(self, event: str) -> bool:
        return self.webhook is not None and self.webhook.enabled and event in self.webhook.subscriptions

    def ticket(self) -> int:
        """The number of a delivery about to be made: events are numbered when they happen."""
        number = self.next_delivery
        self.next_delivery += 1
        return number

    def record(self, generation: int, number: int, delivery: Delivery) -> None:
        if generation != self.generation or self.webhook is None:
            return  # the webhook it was for has been deleted
        self.deliveries[number] = delivery
        while len(self.deliveries) > MAX_DELIVERIES:
            del self.deliveries[min(self.deliveries)]

    def newest_first(self) -> list[Delivery]:
        return [self.deliveries[number] for number in sorted(self.deliveries, reverse=True)]

    def dump(self) -> dict[str, Any]:
        """Three keys of the Callbell section, side by side with its other parts (so `--state` can log the
        deliveries one by one and the webhook as a small part)."""
        return {
            "webhook": self.webhook.render() if self.webhook else None,
            "next_delivery": self.next_delivery,
            "webhook_deliveries": [dump_delivery(d) for _, d in sorted(self.deliveries.items())],
        }

    @classmethod
    def load(cls, section: dict[str, Any]) -> WebhookState:
        """From the Callbell section's three keys; a section saved before webhooks existed has no webhook."""
        webhook = None
        if section.get("webhook") is not None:
            _fit(section["webhook"], "Webhook", "webhook")
            webhook = Webhook.from_rendered(section["webhook"])
        deliveries: dict[int, Delivery] = {}
        for index, item in enumerate(section.get("webhook_deliveries", [])):
            entry = {key: value for key, value in item.items() if key != "number"}
            _fit(entry, "WebhookEvent", f"deliveries[{index}]")
            number = int(item["number"])
            deliveries[number] = Delivery.from_rendered(entry, number)
        if deliveries and webhook is None:
            raise StateError("callbell.webhooks: deliveries without a webhook")
        next_delivery = max([int(section.get("next_delivery", 1)), *(n + 1 for n in deliveries)])
        return cls(webhook, deliveries, next_delivery)
