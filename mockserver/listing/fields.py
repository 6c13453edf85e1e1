"""Reading a record's field by the spec's (possibly dotted) name: attributes first, then mapping keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["getter"]


def getter(path: str) -> Callable[[Any], Any]:
    parts = path.split(".")

    def get(record: Any) -> Any:
        value = record
        for part in parts:
            if value is None:
                return None
            value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
        return value

    return get
