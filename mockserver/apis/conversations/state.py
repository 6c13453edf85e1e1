"""The user-support API's state: the seeded shop, accepted contact-us messages, and sessions.

Sessions are state too (Django keeps them in the database), so a dumped and reloaded mock keeps its logins.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mockserver.apis.conversations.config import ShopConfig, shop_config
from mockserver.apis.conversations.model import (
    ContactMessage,
    Conversation,
    Message,
    Order,
    OrderItem,
    Product,
    User,
    render_time,
)
from mockserver.apis.conversations.seed import seed_shop
from mockserver.persistence.parts import Keyed, TrackedDict
from mockserver.state import StateError, StateKind

__all__ = ["KIND", "ConversationsState"]


@dataclass
class ConversationsState:
    config: ShopConfig
    products: dict[int, Product]
    orders: dict[int, Order]
    order_items: dict[int, OrderItem]
    conversations: dict[int, Conversation]
    next_message_id: int
    contact_messages: list[ContactMessage] = field(default_factory=list)
    sessions: dict[str, int] = field(default_factory=dict)
    # Django's `user_logged_in` signal stamps `last_login`; a user who never signed in has none.
    last_logins: dict[int, dt.datetime] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # --state logs the records written since the last request (mockserver.persistence.parts); a conversation
        # changed in place is stored again by its handler so that it is seen.
        self.products = TrackedDict(self.products)
        self.orders = TrackedDict(self.orders)
        self.order_items = TrackedDict(self.order_items)
        self.conversations = TrackedDict(self.conversations)
        self.sessions = TrackedDict(self.sessions)
        self.last_logins = TrackedDict(self.last_logins)

    @classmethod
    def seeded(cls, seed: int, settings: Any) -> ConversationsState:
        config = shop_config()
        shop = seed_shop(seed, config)
        return cls(
            config=config,
            products={p.pk: p for p in shop.products},
            orders={o.id: o for o in shop.orders},
            order_items={i.pk: i for i in shop.order_items},
            conversations={c.id: c for c in shop.conversations},
            next_message_id=shop.next_message_id,
        )

    # -- who may see what ----------------------------------------------------------------------------------------

    def session_user(self, key: str) -> User | None:
        user_id = self.sessions.get(key)
        return next((user for user in self.config.users if user.id == user_id), None)

    def user_by_credentials(self, email: str, password: str) -> User | None:
        return next(
            (u for u in self.config.users if u.email.lower() == email.strip().lower() and u.password == password),
            None,
        )

    def owns_order(self, user: User | None, order_id: int) -> bool:
        order = self.orders.get(order_id)
        return user is not None and order is not None and order.user == user.id

    def owns_order_item(self, user: User | None, item_pk: int) -> bool:
        item = self.order_items.get(item_pk)
        return item is not None and self.owns_order(user, item.order)

    def orders_of(self, user: User) -> list[Order]:
        """Newest first (the order list's ordering)."""
        return sorted(
            (o for o in self.orders.values() if o.user == user.id), key=lambda o: (o.created_at, o.id), reverse=True
        )

    def render_order(self, order: Order) -> dict[str, Any]:
        items = [item for item in self.order_items.values() if item.order == order.id]
        amount = sum((Decimal(item.price) for item in items), Decimal("0"))
        return {
            "id": order.id,
            "number": order.number,
            "created_date": render_time(order.created_at),
            # An order is as far along as its least advanced item.
            "status": min((item.status for item in items), default="400"),
            "amount": f"{amount:.2f}",
        }

    def conversations_of(self, user: User) -> list[Conversation]:
        mine = [c for c in self.conversations.values() if c.user == user.id]
        # Newest activity first, conversations without a message last (`-last_message_date` NULLS LAST, `-id`).
        dated = sorted(
            (c for c in mine if c.last_message_date), key=lambda c: (c.last_message_date, c.id), reverse=True
        )
        return dated + sorted((c for c in mine if not c.last_message_date), key=lambda c: c.id, reverse=True)

    # -- rendering -----------------------------------------------------------------------------------------------

    def item_object(self, conversation: Conversation) -> dict[str, Any] | None:
        if conversation.item_content == "product" and conversation.item_id in self.products:
            return self.products[conversation.item_id].render()
        if conversation.item_content == "orderitem" and conversation.item_id in self.order_items:
            item = self.order_items[conversation.item_id]
            return {
                "pk": item.pk,
                "order": item.order,
                "status": item.status,
                "price": item.price,
                "product": self.products[item.product].render(),
            }
        return None

    def render(self, conversation: Conversation) -> dict[str, Any]:
        datasource = next(d for d in self.config.datasources if d.pk == conversation.datasource)
        return {
            "id": conversation.id,
            "user": conversation.user,
            "datasource": datasource.render(),
            "subject": conversation.subject,
            "item_object": self.item_object(conversation),
            "item_content": conversation.item_content,
            "message_set": [message.render() for message in conversation.messages],
            "conversation_type": conversation.conversation_type,
            "last_message_date": render_time(conversation.last_message_date)
            if conversation.last_message_date
            else None,
            "is_public": conversation.is_public,
            "is_answered": conversation.is_answered,
        }

    # -- dump and load -------------------------------------------------------------------------------------------

    def dump(self) -> dict[str, Any]:
        return {
            "products": [_plain(p) for p in self.products.values()],
            "orders": [_plain(o) for o in self.orders.values()],
            "order_items": [_plain(i) for i in self.order_items.values()],
            "conversations": [_plain(c) for c in self.conversations.values()],
            **self.small(),
            "contact_messages": [_plain(m) for m in self.contact_messages],
            "sessions": dict(self.sessions),
            "last_logins": {str(user): when.isoformat() for user, when in self.last_logins.items()},
        }

    # -- what --state logs (mockserver.persistence.parts) --------------------------------------------------------

    def keyed(self) -> list[Keyed]:
        return [
            Keyed.tracked("products", "pk", self.products, _plain),
            Keyed.tracked("orders", "id", self.orders, _plain),
            Keyed.tracked("order_items", "pk", self.order_items, _plain),
            Keyed.tracked("conversations", "id", self.conversations, _plain),
            Keyed.appended("contact_messages", "id", self.contact_messages, _plain),
            Keyed.tracked("sessions", None, self.sessions, lambda user: user),
            Keyed.tracked("last_logins", None, self.last_logins, lambda when: when.isoformat()),
        ]

    def small(self) -> dict[str, Any]:
        return {"next_message_id": self.next_message_id}

    @classmethod
    def load(cls, section: dict[str, Any]) -> ConversationsState:
        try:
            conversations = {}
            for raw in section["conversations"]:
                messages = [Message(**m) for m in raw["messages"]]
                when = _aware(raw["last_message_date"]) if raw["last_message_date"] else None
                # a state written before the flag was stored: the seed's rule
                answered = raw.get("is_answered", Conversation.answered_by(messages))
                fields = {**raw, "messages": messages, "last_message_date": when, "is_answered": bool(answered)}
                conversation = Conversation(**fields)
                conversations[conversation.id] = conversation
            orders = {}
            for raw in section["orders"]:
                order = Order(**{**raw, "created_at": _aware(raw["created_at"])})
                orders[order.id] = order
            contact_messages = [
                ContactMessage(**{**m, "recipients": tuple(m["recipients"])}) for m in section["contact_messages"]
            ]
            return cls(
                config=shop_config(),
                products={p["pk"]: Product(**p) for p in section["products"]},
                orders=orders,
                order_items={i["pk"]: OrderItem(**i) for i in section["order_items"]},
                conversations=conversations,
                next_message_id=int(section["next_message_id"]),
                contact_messages=contact_messages,
                sessions={str(k): int(v) for k, v in section["sessions"].items()},
                last_logins={int(k): _aware(v) for k, v in section.get("last_logins", {}).items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StateError(f"conversations section does not fit: {exc!r}") from None


def _plain(record: Any) -> dict[str, Any]:
    data = dataclasses.asdict(record)
    return {k: v.isoformat() if isinstance(v, dt.datetime) else v for k, v in data.items()}


def _aware(stamp: str) -> dt.datetime:
    """A loaded time must say its zone: a naive one would sort against the others only by raising, and render
    in whatever zone the machine runs in."""
    value = dt.datetime.fromisoformat(stamp)
    if value.tzinfo is None:
        raise ValueError(f"{stamp!r} has no time zone")
    return value


KIND = StateKind("conversations", ConversationsState.seeded, ConversationsState.load)
