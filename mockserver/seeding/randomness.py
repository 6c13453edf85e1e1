"""Per-resource random sources derived from the world seed by a stable name."""

from __future__ import annotations

import random
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faker import Faker

__all__ = ["faker_for", "rng_for"]


def rng_for(seed: int, name: str) -> random.Random:
    # random.Random seeds a str through SHA-512: stable across machines and processes.
    return random.Random(f"hamta:{seed}:{name}")


def faker_for(seed: int, name: str, locale: str = "fa_IR") -> Faker:
    """Faker is imported here, when a world is seeded, not by every start: a start on a `--state` file seeds
    nothing, and Faker's import lists its locales (~40 ms)."""
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(zlib.crc32(f"hamta:{seed}:{name}".encode()))
    return fake
