"""Seed contacts: Persian names, valid Iranian mobiles, Persian subjects and messages, spread over months.

Ids rise with `created_at`, as in a real database. Shares of null and empty fields, and of viewed contacts,
are chosen to exercise every filter of seed 002 with realistic proportions.
"""

from __future__ import annotations

import datetime as dt
import random

from mockserver.apis.contacts.model import Contact
from mockserver.progress import report
from mockserver.seeding.persian import PersianPools, iranian_mobile
from mockserver.seeding.randomness import faker_for, rng_for

__all__ = ["SEED_WINDOW", "seed_contacts"]

SEED_WINDOW = (dt.datetime(2025, 6, 1, tzinfo=dt.UTC), dt.datetime(2025, 12, 28, 23, 59, 59, tzinfo=dt.UTC))


def _maybe(rng: random.Random, value: str, null: float, empty: float) -> str | None:
    roll = rng.random()
    if roll < null:
        return None
    if roll < null + empty:
        return ""
    return value


def _micro(rng: random.Random, low_seconds: float, high_seconds: float) -> dt.timedelta:
    return dt.timedelta(microseconds=rng.randrange(int(low_seconds * 1e6), int(high_seconds * 1e6)))


def seed_contacts(seed: int, count: int) -> list[Contact]:
    rng = rng_for(seed, "contacts")
    pools = PersianPools.draw(faker_for(seed, "contacts"), count)
    start, end = SEED_WINDOW
    span = int((end - start).total_seconds() * 1e6)
    created = sorted(start + dt.timedelta(microseconds=rng.randrange(span)) for _ in range(count))
    contacts = []
    step = max(1, count // 20)
    for index, created_at in enumerate(created, start=1):
        if index % step == 0 or index == count:
            report("seeding contacts", index, count)
        # auto_now and auto_now_add are stamped microseconds apart (seed 000: ...977Z and ...983Z).
        updated_at = created_at + dt.timedelta(microseconds=rng.randrange(3, 12))
        viewed_at = None
        if rng.random() < 0.45:
            viewed_at = min(end, created_at + _micro(rng, 60, 10 * 86400))
            updated_at = viewed_at + dt.timedelta(microseconds=rng.randrange(3, 12))
        if rng.random() < 0.15:
            updated_at = min(end, updated_at + _micro(rng, 60, 5 * 86400))
        contacts.append(
            Contact(
                id=index,
                subject=rng.choice(pools.subjects),
                message=_maybe(rng, rng.choice(pools.messages), null=0.15, empty=0.05),
                first_name=_maybe(rng, rng.choice(pools.first_names), null=0.04, empty=0.02),
                last_name=_maybe(rng, rng.choice(pools.last_names), null=0.04, empty=0.02),
                email=_maybe(rng, pools.email(rng), null=0.35, empty=0.03),
                mobile_number=_maybe(rng, iranian_mobile(rng), null=0.10, empty=0.02),
                viewed=viewed_at is not None,
                viewed_at=viewed_at,
                created_at=created_at,
                updated_at=max(updated_at, created_at),
            )
        )
    return contacts
