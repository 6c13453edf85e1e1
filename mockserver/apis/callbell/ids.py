"""New records' uuids, derived from the Callbell clock instead of drawn at random (`uuid4`), so the same seed and
the same requests give the same ids, byte for byte, as they give the same times.

The clock shows each instant to one write only (`CallbellState.tick` moves it one second per write, and a write
that mints ticks it), so a record minted at the clock as it stands is never minted again; `kind` keeps apart
two records one write mints (a send to a new number makes a contact and a message). An id already taken (a
state document loaded with its clock set back) moves on to the next candidate: a new record never replaces one.
The ids look like Callbell's: version 4 uuids, 32 hex digits (dashed for custom statuses, as the docs show them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import uuid
from collections.abc import Container

__all__ = ["mint"]


def mint(kind: str, now: dt.datetime, taken: Container[str], *, dashed: bool = False) -> str:
    for attempt in itertools.count():
        digest = hashlib.sha256(f"{kind}/{now.isoformat()}/{attempt}".encode()).digest()
        value = uuid.UUID(bytes=digest[:16], version=4)
        text = str(value) if dashed else value.hex
        if text not in taken:
            return text
    raise AssertionError("unreachable: itertools.count() never ends")
