"""Start the reference Akinon Commerce deployment (`commerce_drf/`) as its users start it: `manage.py migrate`,
`loaddata`, then Django's own `runserver` on a free loopback port, in a subprocess.

Its data is the mock's (the same seed, the same records): the users, subjects, recipients and sellers
(datasources) of `fixtures/conversations.yaml`, and the products, orders, order items and conversations with
their messages that `seed_shop` generates, written as a Django fixture and loaded by `loaddata`. Passwords are
hashed here with Django's `MD5PasswordHasher`, the settings' only hasher (a test-speed choice,
commerce_drf/README.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.hashers import MD5PasswordHasher

from hamta import fixtures_dir
from mockserver.apis.conversations.config import shop_config
from mockserver.apis.conversations.seed import seed_shop
from tests.reference.drf_server import serving_project

PROJECT = Path(__file__).resolve().parent / "commerce_drf"
# Browsers on other local ports: what "Commerce's trusted origins" stand for in the reference.
TRUSTED_ORIGINS = ("http://localhost:5173", "http://127.0.0.1:3000")
# For a user the fixture gives no `date_joined`; one fixed instant, so two runs serve the same bodies.
DATE_JOINED = "2025-05-01T00:00:00Z"


@dataclass(frozen=True)
class CommerceReference:
    url: str
    log: Path
    seed: int
    database: Path  # the SQLite file, for a test that wants to see what was stored


def _order_rows(seed: int) -> list[dict[str, Any]]:
    """The mock's seeded orders. `amount` is the sum of the order's item prices and `status` the least advanced
    of its items' status codes (an order is delivered, 550, when all its items are): both inferred."""
    shop = seed_shop(seed, shop_config())
    rows = []
    for order in shop.orders:
        items = [item for item in shop.order_items if item.order == order.id]
        fields = {
            "user": order.user,
            "number": order.number,
            "created_date": order.created_at.isoformat(),
            "status": min((item.status for item in items), key=int),
            "amount": str(sum((Decimal(item.price) for item in items), Decimal("0.00"))),
        }
        rows.append({"model": "support.order", "pk": order.id, "fields": fields})
    return rows


def _catalogue_rows(seed: int) -> list[dict[str, Any]]:
    """The sellers, and the mock's seeded products, order items, conversations and messages, same ids.

    The seed dates a conversation (`last_message_date`), not its messages: each seeded message gets its
    conversation's date. `is_answered` is stored as "a seller has written in it". A message's author is a generic
    relation: the user, or the seller for a `datasource` message (natural keys of ContentType)."""
    config = shop_config()
    shop = seed_shop(seed, config)
    rows: list[dict[str, Any]] = []
    for source in config.datasources:
        fields = {"name": source.name, "slug": source.slug}
        rows.append({"model": "support.datasource", "pk": source.pk, "fields": fields})
    for product in shop.products:
        fields = {"name": product.name, "sku": product.sku, "base_code": product.base_code, "slug": product.slug}
        rows.append({"model": "support.product", "pk": product.pk, "fields": fields})
    for item in shop.order_items:
        fields = {"order": item.order, "product": item.product, "status": item.status, "price": item.price}
        rows.append({"model": "support.orderitem", "pk": item.pk, "fields": fields})
    for conversation in shop.conversations:
        when = conversation.last_message_date.isoformat()
        fields = {
            "user": conversation.user,
            "datasource": conversation.datasource,
            "conversation_type": conversation.conversation_type,
            "subject": conversation.subject,
            "item_content": conversation.item_content,
            "item_id": conversation.item_id,
            "is_public": conversation.is_public,
            "last_message_date": when,
            "is_answered": any(m.user_type == "datasource" for m in conversation.messages),
        }
        rows.append({"model": "support.conversation", "pk": conversation.id, "fields": fields})
        for message in conversation.messages:
            author = ["support", "datasource"] if message.user_type == "datasource" else ["auth", "user"]
            fields = {
                "conversation": conversation.id,
                "message_content": message.message_content,
                "user_type": message.user_type,
                "content_type": author,
                "object_id": message.author,
                "created_date": when,
            }
            rows.append({"model": "support.message", "pk": message.id, "fields": fields})
    return rows


def fixture_users() -> list[dict[str, Any]]:
    """`fixtures/conversations.yaml`'s users as written there. The current-user fields (`phone`,
    `email_allowed`, `sms_allowed`, `date_of_birth`, `gender`, `date_joined`) take the model's defaults (null,
    false, and DATE_JOINED) where the fixture has none."""
    raw = yaml.safe_load((fixtures_dir() / "conversations.yaml").read_text(encoding="utf-8"))
    defaults = {
        "phone": None,
        "email_allowed": False,
        "sms_allowed": False,
        "date_of_birth": None,
        "gender": None,
        "date_joined": DATE_JOINED,
    }
    users = []
    for user in raw["users"]:
        merged = {**defaults, **user}
        if isinstance(merged["date_of_birth"], dt.date):  # an unquoted YAML date
            merged["date_of_birth"] = merged["date_of_birth"].isoformat()
        users.append(merged)
    return users


def fixture_document(seed: int) -> list[dict[str, Any]]:
    """Users with their profiles and tokens, the subjects, the orders, and the conversations' records, in
    Django's fixture format."""
    config = shop_config()
    hasher = MD5PasswordHasher()
    rows: list[dict[str, Any]] = []
    for user in fixture_users():
        user_fields = {
            "username": user["email"],
            "email": user["email"],
            "first_name": user["first_name"],
            "last_name": user["last_name"],
            "password": hasher.encode(user["password"], f"hamta{user['id']}"),
            "is_active": True,
            "date_joined": user["date_joined"],
        }
        rows.append({"model": "auth.user", "pk": user["id"], "fields": user_fields})
        profile = {name: user[name] for name in ("phone", "email_allowed", "sms_allowed", "date_of_birth", "gender")}
        profile_fields = {"user": user["id"], "verified": user["verified"], **profile}
        rows.append({"model": "support.profile", "pk": user["id"], "fields": profile_fields})
        token_fields = {"user": user["id"], "created": DATE_JOINED}
        rows.append({"model": "authtoken.token", "pk": user["key"], "fields": token_fields})
    for subject in config.subjects:
        fields = {
            "text_fa": subject.texts["fa"],
            "text_en": subject.texts["en"],
            "is_order_needed": subject.is_order_needed,
        }
        rows.append({"model": "support.subject", "pk": subject.id, "fields": fields})
    return rows + _order_rows(seed) + _catalogue_rows(seed)


@contextmanager
def running_commerce_reference(seed: int = 1404) -> Iterator[CommerceReference]:
    """A migrated, loaded reference on a free port, on a fresh SQLite file; the mock's data for `seed`."""
    with tempfile.TemporaryDirectory(prefix="hamta-commerce-") as scratch:
        work = Path(scratch)
        log = work / "reference.log"
        fixture = work / "commerce.json"
        fixture.write_text(json.dumps(fixture_document(seed), ensure_ascii=False), encoding="utf-8")
        recipients = {key: list(value) for key, value in shop_config().recipients.items()}
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "commerce_project.settings",
            "COMMERCE_DATABASE": str(work / "db.sqlite3"),
            "COMMERCE_MEDIA_ROOT": str(work / "media"),
            "COMMERCE_TRUSTED_ORIGINS": ",".join(TRUSTED_ORIGINS),
            "COMMERCE_CONTACT_US_EMAIL_TO": json.dumps(recipients),
            "PYTHONUNBUFFERED": "1",
        }
        with serving_project(PROJECT, env, log, fixture) as port:
            yield CommerceReference(f"http://127.0.0.1:{port}", log, seed, work / "db.sqlite3")
