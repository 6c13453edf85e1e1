"""Per-resource random sources derived from the world seed by a stable name."""

from __future__ import annotations

import random
import zlib

from faker import Faker

__all__ = ["faker_for", "rng_for"]


def rng_for(seed: int, name: str) -> random.Random:
    # random.Random seeds a str through SHA-512: stable across machines and processes.
    return random.Random(f"hamta:{seed}:{name}")


def faker_for(seed: int, name: str, locale: str = "fa_IR") -> Faker:
    fake = Faker(locale)
    fake.seed_instance(zlib.crc32(f"hamta:{seed}:{name}".encode()))
    return fake
