"""Seed the shop: products, each user's orders and order items, and conversations in Persian.

Every user gets orders (so "must be your order" has something to refuse) and conversations of every type
(so "no reply to a review" and the item shapes are exercised).
"""

from __future__ import annotations

import datetime as dt

from mockserver.apis.conversations.config import ShopConfig
from mockserver.apis.conversations.model import Conversation, Message, Order, OrderItem, Product
from mockserver.seeding.randomness import faker_for, rng_for

__all__ = ["SeededShop", "seed_shop"]

_ITEMS = ("پیراهن", "شلوار", "کفش", "کیف", "ساعت", "هدفون", "کتاب", "لیوان", "کاپشن", "دستبند")
_KINDS = ("کتان", "چرمی", "ورزشی", "نخی", "مشکی", "سفید", "زمستانی", "مردانه", "زنانه", "کلاسیک")
_TYPES = ("message", "question", "review")
_START = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
_SPAN_SECONDS = 200 * 86400


class SeededShop:
    def __init__(self) -> None:
        self.products: list[Product] = []
        self.orders: list[Order] = []
        self.order_items: list[OrderItem] = []
        self.conversations: list[Conversation] = []
        self.next_message_id = 1


def seed_shop(seed: int, config: ShopConfig) -> SeededShop:
    rng = rng_for(seed, "conversations")
    fake = faker_for(seed, "conversations")
    shop = SeededShop()
    for pk in range(1, 41):
        name = f"{rng.choice(_ITEMS)} {rng.choice(_KINDS)}"
        base = f"{pk:04d}{rng.randrange(10**9):09d}"
        shop.products.append(Product(pk, name, base, f"HMT{pk:05d}", f"product-{pk}"))
    order_id, item_pk, conversation_id = 1000, 1, 1
    for user in config.users:
        for _ in range(rng.randrange(2, 5)):
            created = _START + dt.timedelta(seconds=rng.randrange(_SPAN_SECONDS))
            shop.orders.append(Order(order_id, user.id, f"{rng.randrange(10**11):011d}", created))
            for _ in range(rng.randrange(1, 4)):
                product = rng.choice(shop.products)
                price = f"{rng.randrange(50, 5000) * 1000}.00"
                shop.order_items.append(OrderItem(item_pk, order_id, product.pk, rng.choice(("400", "550")), price))
                item_pk += 1
            order_id += 1
        own_items = [
            item for item in shop.order_items if any(o.id == item.order and o.user == user.id for o in shop.orders)
        ]
        for index in range(rng.randrange(4, 8)):
            kind = _TYPES[index % len(_TYPES)]
            item_content, item_id = None, None
            if kind != "message" or rng.random() < 0.5:
                if rng.random() < 0.5:
                    item_content, item_id = "product", rng.choice(shop.products).pk
                else:
                    item_content, item_id = "orderitem", rng.choice(own_items).pk
            conversation = Conversation(
                id=conversation_id,
                user=user.id,
                datasource=rng.choice(config.datasources).pk,
                conversation_type=kind,
                subject=fake.sentence(nb_words=3).rstrip(".") if rng.random() < 0.7 else None,
                item_content=item_content,
                item_id=item_id,
                is_public=kind != "message",
            )
            when = _START + dt.timedelta(seconds=rng.randrange(_SPAN_SECONDS))
            # The first three (one of each type) are answered: the customer asked, the seller replied.
            turns = 2 if index < len(_TYPES) else rng.randrange(1, 5)
            for turn in range(turns):
                seller = turn % 2 == 1
                author = conversation.datasource if seller else user.id
                text = fake.sentence(nb_words=rng.randrange(4, 12))
                conversation.messages.append(
                    Message(shop.next_message_id, text, "datasource" if seller else "registered", author)
                )
                shop.next_message_id += 1
                when += dt.timedelta(minutes=rng.randrange(5, 3000))
            conversation.last_message_date = when
            conversation.is_answered = Conversation.answered_by(conversation.messages)
            shop.conversations.append(conversation)
            conversation_id += 1
    return shop
