"""Reading a record's field by the spec's (possibly dotted) name: attributes first, then mapping keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["getter"]


# Whether a type is a Mapping, asked once per type: an ABC isinstance check on every read of every record
# is a measurable share of building a column or filtering a list.
_MAPPING_TYPES: dict[type, bool] = {}


def _is_mapping(value: Any) -> bool:
    kind = type(value)
    known = _MAPPING_TYPES.get(kind)
    if known is None:
        known = _MAPPING_TYPES[kind] = isinstance(value, Mapping)
    return known


def getter(path: str) -> Callable[[Any], Any]:
    parts = path.split(".")
    if len(parts) == 1:
        name = parts[0]

        def get_field(record: Any) -> Any:
            if record is None:
                return None
            return record.get(name) if _is_mapping(record) else getattr(record, name, None)

        return get_field

    def get(record: Any) -> Any:
        value = record
        for part in parts:
            if value is None:
                return None
            value = value.get(part) if _is_mapping(value) else getattr(value, part, None)
        return value

    return get
