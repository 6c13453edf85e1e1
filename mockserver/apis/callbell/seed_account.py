"""The seeded account: a small Iranian shop on Callbell, its names fixed, its uuids and dates from the seed,
next to what the docs' examples name (`docs_account`), which is fixed under every seed.

Names are fixed so that tests and frontends can rely on them ("Billing Address", the `sales` tag, the
`phone_number_1` WhatsApp channel); uuids, dates, memberships and users come from the world seed. The docs'
General is the default team, and the docs' `phone_number_1` the main WhatsApp channel.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from mockserver.apis.callbell.account import Account, Channel, CustomField, Funnel, Team, Template
from mockserver.apis.callbell.docs_account import (
    DOCS_API_KEY,
    DOCS_CHANNELS,
    DOCS_CUSTOM_FIELDS,
    DOCS_CUSTOM_STATUSES,
    DOCS_FUNNELS,
    DOCS_TAGS,
    DOCS_TEAMS,
    DOCS_TEMPLATES,
    DOCS_USERS,
)
from mockserver.apis.callbell.people import ApiKey, CustomStatus, User
from mockserver.seeding.persian import PersianPools, iranian_mobile
from mockserver.seeding.randomness import faker_for, rng_for

__all__ = ["ACCOUNT_WINDOW", "hex_uuid", "seed_account"]

ACCOUNT_WINDOW = (dt.datetime(2024, 3, 1, tzinfo=dt.UTC), dt.datetime(2024, 6, 30, tzinfo=dt.UTC))
TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))

TEAMS = ("عمومی", "پشتیبانی", "فروش")
# (title, type, main, discarded); the WhatsApp numbers are the docs' (docs_account.DOCS_CHANNELS).
CHANNELS = (
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
    CustomField("Status", "dropdown", ("فعال", "غیرفعال", "در انتظار", "Active", "Inactive")),
    CustomField("Features", "checkbox", ("Dark Mode", "Notifications", "Analytics")),
    CustomField("Preferences", "checkbox", ("Newsletter", "Promotions", "Updates")),
)
TEMPLATES = (
    ("order_shipped", "سلام {{1}}، سفارش {{2}} شما ارسال شد."),
    ("welcome", "سلام {{1}}! به فروشگاه ما خوش آمدید."),
)
USERS = 4
CUSTOM_STATUSES = (("ناهار", "🍽️"), ("در جلسه", "📅"))
# The keys behind fixtures/accounts.yaml's own tokens, by username; the docs' token has the docs' key.
API_KEYS = (("api", "hamta_key_main"), ("second-token", "hamta_key_second"))


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


def _users(seed: int, rng: random.Random) -> list[tuple[str, str]]:
    pools = PersianPools.draw(faker_for(seed, "callbell.users"), USERS)
    users: list[tuple[str, str]] = []
    while len(users) < USERS:
        email = f"{rng.choice(pools.email_users)}@shop.example"
        if all(known != email for known, _ in users):
            users.append((email, f"{rng.choice(pools.first_names)} {rng.choice(pools.last_names)}"))
    return users


def _people(
    seed: int, named: list[tuple[str, str]], teams: tuple[Team, ...], statuses: tuple[CustomStatus, ...]
) -> tuple[User, ...]:
    """The shop's agents: each in one or two of the shop's teams, some away, some wearing a custom status.
    Their own generator, so that adding a field here leaves the rest of the account as it was."""
    rng = rng_for(seed, "callbell.account.people")
    people = []
    for email, name in named:
        member_of = tuple(team.uuid for team in rng.sample(teams, rng.randint(1, 2)))
        status = rng.choice((None, None, *statuses))
        people.append(
            User(
                email,
                name,
                hex_uuid(rng),
                member_of,
                rng.random() < 0.7,
                _moment(rng, ACCOUNT_WINDOW),
                status.id if status else None,
                _moment(rng, ACCOUNT_WINDOW) if status else None,
            )
        )
    return tuple(people)


def _status(rng: random.Random, name: str, emoji: str) -> CustomStatus:
    """Dashed uuids and Ruby times, as the docs show custom statuses; never changed since made."""
    made = _moment(rng, ACCOUNT_WINDOW).astimezone(TEHRAN)
    return CustomStatus(str(uuid.UUID(int=rng.getrandbits(128), version=4)), name, emoji, made, made)


def _fields() -> tuple[CustomField, ...]:
    """The shop's fields and the docs' ones, united by name (a dropdown's or checkbox's options too)."""
    merged = {field.name: field for field in CUSTOM_FIELDS}
    for field in DOCS_CUSTOM_FIELDS:
        known = merged.get(field.name)
        options = (*known.options, *(o for o in field.options if o not in known.options)) if known else field.options
        merged[field.name] = CustomField(field.name, field.type, options)
    return tuple(merged.values())


def _tags() -> tuple[str, ...]:
    known = {tag.lower() for tag in TAGS}
    return (*TAGS, *(tag for tag in DOCS_TAGS if tag.lower() not in known))


def seed_account(seed: int) -> Account:
    rng = rng_for(seed, "callbell.account")
    shop_teams = tuple(Team(hex_uuid(rng), name, _moment(rng, ACCOUNT_WINDOW), False, 0) for name in TEAMS)
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
    templates = tuple(
        Template(hex_uuid(rng), name, text, created_at=_moment(rng, ACCOUNT_WINDOW)) for name, text in TEMPLATES
    )
    named = _users(seed, rng)
    statuses = tuple(_status(rng, name, emoji) for name, emoji in CUSTOM_STATUSES)
    people = _people(seed, named, shop_teams, statuses)
    # A team's member count is its members (the docs' example: General, 2 members, 2 listed).
    shop_teams = tuple(
        Team(t.uuid, t.name, t.created_at, t.default, sum(t.uuid in u.teams for u in people)) for t in shop_teams
    )
    keys = tuple(ApiKey(username, key, people[0].email) for username, key in API_KEYS)
    return Account(
        teams=(*DOCS_TEAMS, *shop_teams),
        channels=(*DOCS_CHANNELS, *channels),
        funnels=(*DOCS_FUNNELS, *funnels),
        users=(*DOCS_USERS, *people),
        tags=_tags(),
        custom_fields=_fields(),
        templates=(*DOCS_TEMPLATES, *templates),
        custom_statuses=(*DOCS_CUSTOM_STATUSES, *statuses),
        api_keys=(DOCS_API_KEY, *keys),
    )
