"""The shop's records behind the user-support API, and how DRF renders them.

Timestamps render in the shop's time zone, Tehran (+03:30), as Django does with USE_TZ and a local TIME_ZONE.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ContactMessage",
    "Conversation",
    "Datasource",
    "Message",
    "Order",
    "OrderItem",
    "Product",
    "Subject",
    "User",
    "render_time",
]

TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))


def render_time(value: dt.datetime) -> str:
    return value.astimezone(TEHRAN).isoformat()


@dataclass(frozen=True)
class Subject:
    id: int
    texts: dict[str, str]
    is_order_needed: bool

    def render(self, language: str) -> dict[str, Any]:
        return {"id": self.id, "text": self.texts[language], "is_order_needed": self.is_order_needed}


@dataclass(frozen=True)
class Datasource:
    pk: int
    name: str
    slug: str

    def render(self) -> dict[str, Any]:
        return {"pk": self.pk, "name": self.name, "slug": self.slug}


@dataclass(frozen=True)
class User:
    id: int
    email: str
    password: str
    first_name: str
    last_name: str
    verified: bool
    key: str
    phone: str | None
    email_allowed: bool
    sms_allowed: bool
    date_of_birth: str | None
    gender: str | None
    date_joined: str

    def render(self, last_login: dt.datetime | None) -> dict[str, Any]:
        """`GET /current_user/`: the fields Akinon's storefront copies (`@akinon/next` 1.24.0 `api/auth.ts:26-40`)."""
        return {
            "pk": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "phone": self.phone,
            "email_allowed": self.email_allowed,
            "sms_allowed": self.sms_allowed,
            "date_joined": render_time(dt.datetime.fromisoformat(self.date_joined)),
            "last_login": render_time(last_login) if last_login else None,
            "date_of_birth": self.date_of_birth,
            "hashed_email": hashlib.sha256(self.email.lower().encode()).hexdigest(),
            "gender": self.gender,
            # Documented by Akinon (apidocs.akinon.com/commerce-openapis/cms/user) but not read by the storefront.
            "call_allowed": False,
            "attributes": {},
            "is_email_verified": self.verified,
            "is_social_networks_connected": False,
            "segment": None,
            "client_type": "default",
            "selected_address": None,
        }


@dataclass(frozen=True)
class Product:
    pk: int
    name: str
    sku: str
    base_code: str
    slug: str

    def render(self) -> dict[str, Any]:
        return {
            "pk": self.pk,
            "name": self.name,
            "sku": self.sku,
            "base_code": self.base_code,
            "absolute_url": f"/{self.slug}/",
        }


@dataclass(frozen=True)
class OrderItem:
    pk: int
    order: int
    product: int
    status: str
    price: str


@dataclass(frozen=True)
class Order:
    id: int
    user: int
    number: str
    created_at: dt.datetime


@dataclass
class Message:
    id: int
    message_content: str
    user_type: str
    author: int

    def render(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "message_content": self.message_content,
            "user_type": self.user_type,
            "content_object": {"id": self.author},
        }


@dataclass
class Conversation:
    id: int
    user: int
    datasource: int
    conversation_type: str
    subject: str | None
    item_content: str | None
    item_id: int | None
    is_public: bool
    messages: list[Message] = field(default_factory=list)
    last_message_date: dt.datetime | None = None  # none before the first message
    # Stored, as the reference stores it: true once a seller has written in it (the seed's answered ones). This
    # user-side API never sets it, even for a message a caller marks `user_type: datasource`
    # (tests/reference/commerce_drf/README.md, "is_answered").
    is_answered: bool = False

    @staticmethod
    def answered_by(messages: list[Message]) -> bool:
        """Whether a seller wrote one of the messages: what the seed (and a state file without the flag) stores."""
        return any(message.user_type == "datasource" for message in messages)


@dataclass(frozen=True)
class ContactMessage:
    """An accepted contact-us message, kept so that a test (or a person) can see what was sent."""

    id: int
    user: int | None
    subject: int
    full_name: str
    email: str
    phone: str
    message: str
    order: int | None
    operation: str | None
    recipients: tuple[str, ...]
    file: dict[str, Any] | None
    created_at: str
