"""The seeded account: a small Iranian shop on Callbell, its names fixed, its uuids and dates from the seed.

Names are fixed so that tests and frontends can rely on them ("Billing Address", the `sales` tag, the
`phone_number_1` WhatsApp channel); uuids, dates, member counts and users come from the world seed.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from mockserver.apis.callbell.account import Account, Channel, CustomField, Funnel, Team, Template, User
from mockserver.seeding.persian import PersianPools, iranian_mobile
from mockserver.seeding.randomness import faker_for, rng_for

__all__ = ["ACCOUNT_WINDOW", "hex_uuid", "seed_account"]

ACCOUNT_WINDOW = (dt.datetime(2024, 3, 1, tzinfo=dt.UTC), dt.datetime(2024, 6, 30, tzinfo=dt.UTC))
TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))

TEAMS = ("عمومی", "پشتیبانی", "فروش")  # the first is the default team
# (title, type, main, discarded): two WhatsApp numbers (the old one discarded, as in the docs' example).
CHANNELS = (
    ("phone_number_1", "whatsapp", True, False),
    ("phone_number_2", "whatsapp", False, True),
    ("instagram_1", "instagram", False, False),
    ("facebook_1", "facebook", False, False),
    ("telegram_1", "telegram", False, False),
)
FUNNELS = (("آگاهی", "🧘\u200d♂️"), ("علاقه", "👁️"), ("تصمیم", "🤔"), ("خرید", "🛒"))
TAGS = ("sales", "lead", "hot", "Call back", "Interested", "VIP", "مشتری وفادار", "پیگیری")
CUSTOM_FIELDS = (
    CustomField("Billing Address", "text"),
    CustomField("Work Email", "email"),
    CustomField("Order Count", "number"),
    CustomField("Join Date", "date"),
    CustomField("Status", "dropdown", ("فعال", "غیرفعال", "در انتظار")),
    CustomField("Features", "checkbox", ("Dark Mode", "Notifications", "Analytics")),
    CustomField("Preferences", "checkbox", ("Newsletter", "Promotions", "Updates")),
)
TEMPLATES = (
    ("order_shipped", "سلام {{1}}، سفارش {{2}} شما ارسال شد."),
    ("welcome", "سلام {{1}}! به فروشگاه ما خوش آمدید."),
)
USERS = 4


def hex_uuid(rng: random.Random) -> str:
    """Callbell's uuids: 32 hex characters, no dashes."""
    return f"{rng.getrandbits(128):032x}"


def _moment(rng: random.Random, window: tuple[dt.datetime, dt.datetime]) -> dt.datetime:
    start, end = window
    return start + dt.timedelta(seconds=rng.randrange(int((end - start).total_seconds())))


def _channel_identifier(rng: random.Random, kind: str) -> str:
    if kind in ("whatsapp", "telegram"):
        return "98" + iranian_mobile(rng)[1:]
    return str(rng.randrange(10**14, 10**15))  # a page or account id


def _users(seed: int, rng: random.Random) -> tuple[User, ...]:
    pools = PersianPools.draw(faker_for(seed, "callbell.users"), USERS)
    users: list[User] = []
    while len(users) < USERS:
        email = f"{rng.choice(pools.email_users)}@shop.example"
        if all(user.email != email for user in users):
            users.append(User(email, f"{rng.choice(pools.first_names)} {rng.choice(pools.last_names)}"))
    return tuple(users)


def seed_account(seed: int) -> Account:
    rng = rng_for(seed, "callbell.account")
    teams = tuple(
        Team(hex_uuid(rng), name, _moment(rng, ACCOUNT_WINDOW), index == 0, rng.randint(1, 6))
        for index, name in enumerate(TEAMS)
    )
    channels = tuple(
        Channel(hex_uuid(rng), title, kind, main, discarded, _channel_identifier(rng, kind))
        for title, kind, main, discarded in CHANNELS
    )
    funnels = tuple(
        Funnel(
            str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            name,
            emoji,
            position,
            _moment(rng, ACCOUNT_WINDOW).astimezone(TEHRAN),
        )
        for position, (name, emoji) in enumerate(FUNNELS, start=1)
    )
    templates = tuple(Template(hex_uuid(rng), name, text) for name, text in TEMPLATES)
    return Account(teams, channels, funnels, _users(seed, rng), TAGS, CUSTOM_FIELDS, templates)
