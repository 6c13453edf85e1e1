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

__all__ = ["CLOCK_START", "CONTACT_WINDOW", "SEED_CONTACTS", "docs_contacts", "international", "seed_contacts"]

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


# -- the contacts the docs' examples name ----------------------------------------------------------------------

# Mock time starts here on every seed (mockserver.apis.callbell.clock): after every seeded date.
CLOCK_START = dt.datetime(2026, 7, 2, 12, 0, tzinfo=dt.UTC)
# The docs' identifiers (uuids, numbers, a bsuid), so their requests work verbatim; every other value is ours.
DOCS_CONTACT = "414a6d692bd645ed803f2e7ce360d4c8"  # get, patch, delete, open, close, note, bot; by phone, by bsuid
DOCS_LIST_CONTACT = "ff8bec9363bc4c29b8b044eabf2afebd"  # the list example's second contact
DOCS_MESSAGES_CONTACT = "efd7d996470e463b89f079be6cf578ed"  # messages list, update_funnel
DOCS_RECIPIENT = "c7b3d1216d4c4dcd908199d6700f2381"  # the send examples' `to` (the fields=contact example)
DOCS_PHONE = "+57 9037 2023"  # the by-phone example looks up 5790372023
DOCS_RECIPIENT_PHONE = "+31 6 1234 5678"  # every send example goes to +31612345678
DOCS_BSUID = "bsuid_abc123"
DOCS_SENT = "adf3d1216d4c4dcd908199d6700f2381"  # the status example's message
DOCS_DELETABLE = "1da07a20eb0d46728f89d234a727607a"  # the delete example's message
DOCS_LISTED = "cf839626ac7949879b88bcffd41d34fe"  # the messages example's sent message
DOCS_FUNNEL = "ff0f96b9-b003-4d0c-b14f-27f3f6868dd6"
DOCS_USER = "john.doe@email.com"
DOCS_TAGS = ("sales", "lead")
# Our own values for the custom fields the docs' contacts show, by field name; other fields by type.
DOCS_FIELDS = {
    "Address": "خیابان انقلاب ۱۲، تهران",
    "Billing Address": "خیابان انقلاب ۱۲، تهران",
    "VAT": "IR1234567890",
    "Stripe link": "https://pay.example/customers/c1001",
}


def _docs_fields(account: Account, names: tuple[str, ...]) -> dict[str, FieldValue]:
    """The fields the account has (the account side seeds the docs' ones), with our own values."""
    fields: dict[str, FieldValue] = {}
    for name in names:
        field = account.field(name)
        if field is None:
            continue
        if field.type == "checkbox":
            fields[name] = field.options[:2]
        elif field.type == "dropdown":
            fields[name] = field.options[0]
        elif field.type == "email":
            fields[name] = "customer@shop.example"
        elif field.type == "number":
            fields[name] = "12"
        elif field.type == "date":
            fields[name] = "2025-02-14"
        else:
            fields[name] = DOCS_FIELDS.get(name, "-")
    return fields


def docs_contacts(account: Account, first_id: int) -> list[Contact]:
    """Fixed records (no randomness), appended after the Faker ones so those stay as they were. What the
    account lacks (a tag, a field, the user, the funnel) is left out rather than invented here."""
    channel = account.main_channel("whatsapp")
    if channel is None:
        return []
    business = channel.identifier
    tags = tuple(tag for tag in (account.tag(name) for name in DOCS_TAGS) if tag is not None)
    user = account.user(DOCS_USER)
    funnel = DOCS_FUNNEL if any(f.uuid == DOCS_FUNNEL for f in account.funnels) else None
    start = CLOCK_START

    def at(days: float) -> dt.datetime:
        return start - dt.timedelta(days=days)

    def received(customer: str, text: str, when: dt.datetime) -> ContactMessage:
        return ContactMessage(None, text, when, "received", channel.type, customer, business)

    def sent(uuid: str, customer: str, text: str, when: dt.datetime) -> ContactMessage:
        return ContactMessage(uuid, text, when, "sent", channel.type, business, customer)

    main_customer, recipient = "5790372023", "31612345678"
    source, home = channel.type, channel.uuid
    return [
        Contact(
            id=first_id,
            uuid=DOCS_CONTACT,
            name="آرش رستمی",
            phone_number=DOCS_PHONE,
            created_at=at(590),
            tags=tags,
            custom_fields=_docs_fields(account, ("Address", "Billing Address", "VAT", "Join Date", "Preferences")),
            assigned_user=user.email if user else None,
            funnel_id=funnel,
            bot_status="bot_start",
            # The customer wrote two hours before the clock's start: sends to the bsuid are inside the window.
            bot_started_at=start - dt.timedelta(hours=2),
            bsuid=DOCS_BSUID,
            messages=(
                sent(DOCS_DELETABLE, main_customer, "سفارش شما آماده ارسال است.", start - dt.timedelta(minutes=110)),
                received(main_customer, "سلام، سفارشم کی می‌رسد؟", start - dt.timedelta(hours=2)),
            ),
            source=source,
            channel=home,
        ),
        Contact(
            id=first_id + 1,
            uuid=DOCS_LIST_CONTACT,
            name="نگار صالحی",
            phone_number="+33 6 55 01 02 03",
            created_at=at(500),
            tags=tuple(tag for tag in (account.tag(name) for name in (*DOCS_TAGS, "hot")) if tag is not None),
            custom_fields=_docs_fields(account, ("Stripe link",)),
            source=source,
            channel=home,
        ),
        Contact(
            id=first_id + 2,
            uuid=DOCS_MESSAGES_CONTACT,
            name="کاوه نادری",
            phone_number="+39 098 765 4321",
            created_at=at(210),
            messages=(
                sent(DOCS_LISTED, "390987654321", "سلام، چطور می‌توانم کمکتان کنم؟", at(202)),
                ContactMessage(
                    None, "گفتگو به پشتیبانی سپرده شد", at(202.001), "note", channel.type, business, business
                ),
                received("390987654321", "سلام 👋", at(202.002)),
            ),
            source=source,
            channel=home,
        ),
        Contact(
            id=first_id + 3,
            uuid=DOCS_RECIPIENT,
            name="لیلا کریمی",
            phone_number=DOCS_RECIPIENT_PHONE,
            created_at=at(40),
            custom_fields=_docs_fields(account, tuple(f.name for f in account.custom_fields if f.type == "email")[:1]),
            # The customer wrote 20 minutes before the clock's start: the docs' text sends are inside the window.
            messages=(
                sent(DOCS_SENT, recipient, "سفارش شما ثبت شد.", start - dt.timedelta(minutes=10)),
                received(recipient, "سلام، سفارش من ثبت شد؟", start - dt.timedelta(minutes=20)),
            ),
            source=source,
            channel=home,
        ),
    ]
