"""Seed contacts: Persian names, Iranian mobiles in international form, tags, typed custom field values, some
assigned users, teams and funnels, and a short Persian conversation each (the customer writes first).

Shares are chosen so that every list filter and both conversation states have several matches.
"""

from __future__ import annotations

import datetime as dt
import random

from mockserver.apis.callbell.account import Account, Channel, CustomField
from mockserver.apis.callbell.model import Contact, ContactMessage, FieldValue
from mockserver.apis.callbell.seed_account import hex_uuid
from mockserver.seeding.persian import PersianPools, iranian_mobile
from mockserver.seeding.randomness import faker_for, rng_for

__all__ = ["CONTACT_WINDOW", "SEED_CONTACTS", "international", "seed_contacts"]

SEED_CONTACTS = 60
CONTACT_WINDOW = (dt.datetime(2025, 6, 1, tzinfo=dt.UTC), dt.datetime(2025, 12, 28, tzinfo=dt.UTC))
SOURCE_WEIGHTS = {"whatsapp": 6, "instagram": 2, "telegram": 2, "facebook": 1}


def international(mobile: str) -> str:
    """`09123456789` as the docs write numbers: `+98 912 345 6789`."""
    return f"+98 {mobile[1:4]} {mobile[4:7]} {mobile[7:]}"


def _value(rng: random.Random, fake_address: str, pools: PersianPools, field: CustomField) -> FieldValue:
    if field.type == "email":
        return pools.email(rng)
    if field.type == "number":
        return str(rng.randint(0, 40))
    if field.type == "date":
        start, end = CONTACT_WINDOW
        return (start + dt.timedelta(days=rng.randrange((end - start).days))).date().isoformat()
    if field.type == "dropdown":
        return rng.choice(field.options)
    if field.type == "checkbox":
        return tuple(sorted(rng.sample(field.options, rng.randint(1, len(field.options))), key=field.options.index))
    return fake_address


def _conversation(
    rng: random.Random, pools: PersianPools, channel: Channel, customer: str, start: dt.datetime
) -> tuple[ContactMessage, ...]:
    messages: list[ContactMessage] = []
    when = start
    for index in range(rng.randint(1, 6)):
        when += dt.timedelta(seconds=rng.randrange(30, 3 * 86400))
        text = rng.choice(pools.messages)
        if index == 0 or rng.random() < 0.35:
            message = ContactMessage(None, text, when, "received", channel.type, customer, channel.identifier)
        elif rng.random() < 0.15:
            message = ContactMessage(None, rng.choice(pools.subjects), when, "note", channel.type, customer, customer)
        else:
            message = ContactMessage(hex_uuid(rng), text, when, "sent", channel.type, channel.identifier, customer)
        messages.append(message)
    return tuple(reversed(messages))


def seed_contacts(seed: int, account: Account, count: int = SEED_CONTACTS) -> list[Contact]:
    rng = rng_for(seed, "callbell.contacts")
    fake = faker_for(seed, "callbell.contacts")
    pools = PersianPools.draw(fake, count)
    addresses = [fake.address().replace("\n", "، ") for _ in range(max(1, count // 2))]
    channels = [c for c in account.channels if not c.discarded and c.type in SOURCE_WEIGHTS]
    start, end = CONTACT_WINDOW
    span = int((end - start).total_seconds())
    created = sorted(start + dt.timedelta(seconds=rng.randrange(span)) for _ in range(count))
    phones: set[str] = set()
    contacts: list[Contact] = []
    for index, created_at in enumerate(created, start=1):
        mobile = iranian_mobile(rng)
        while mobile in phones:
            mobile = iranian_mobile(rng)
        phones.add(mobile)
        channel = rng.choices(channels, weights=[SOURCE_WEIGHTS[c.type] for c in channels])[0]
        fields = {
            field.name: _value(rng, rng.choice(addresses), pools, field)
            for field in account.custom_fields
            if rng.random() < 0.35
        }
        messages = _conversation(rng, pools, channel, "98" + mobile[1:], created_at)
        last = messages[0].created_at if messages else created_at
        contacts.append(
            Contact(
                id=index,
                uuid=hex_uuid(rng),
                name=f"{rng.choice(pools.first_names)} {rng.choice(pools.last_names)}",
                phone_number=international(mobile),
                created_at=created_at,
                source=channel.type,
                tags=tuple(rng.sample(account.tags, rng.choice((0, 0, 1, 1, 2, 3)))),
                custom_fields=fields,
                assigned_user=rng.choice(account.users).email if rng.random() < 0.5 else None,
                team=rng.choice(account.teams).uuid if rng.random() < 0.6 else None,
                channel=channel.uuid,
                funnel_id=rng.choice(account.funnels).uuid if rng.random() < 0.5 else None,
                closed_at=last + dt.timedelta(minutes=rng.randrange(5, 600)) if rng.random() < 0.3 else None,
                blocked_at=created_at + dt.timedelta(days=rng.randrange(1, 30)) if rng.random() < 0.05 else None,
                note=rng.choice(pools.subjects) if rng.random() < 0.2 else None,
                bsuid=f"bsuid_{rng.getrandbits(48):012x}"
                if channel.type == "whatsapp" and rng.random() < 0.2
                else None,
                messages=messages,
            )
        )
    return contacts
