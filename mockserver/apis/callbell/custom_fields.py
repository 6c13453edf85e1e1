"""Custom field values by field type: what create and update accept, and how a contact shows them.

The spec says which types exist and that checkbox takes a list of strings, the others a string; the formats
within a string (an email, a number, a `YYYY-MM-DD` date, one of the options) are checked here, each refusal a
422 naming the field, like the spec's "Custom field 'Billing Adress' does not exist".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from mockserver.apis.callbell.account import Account, CustomField
from mockserver.apis.callbell.model import FieldValue
from mockserver.errors import Problem

__all__ = ["CHECKS", "checked_fields", "field_metadata", "field_text"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _free_text(field: CustomField, value: str) -> None:
    return None


def _email(field: CustomField, value: str) -> None:
    if not _EMAIL.match(value):
        raise Problem(422, f"Custom field '{field.name}' must be a valid email address")


def _number(field: CustomField, value: str) -> None:
    if not _NUMBER.match(value.strip()):
        raise Problem(422, f"Custom field '{field.name}' must be a number")


def _date(field: CustomField, value: str) -> None:
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except ValueError:
        raise Problem(422, f"Custom field '{field.name}' must be a date (YYYY-MM-DD)") from None


def _option(field: CustomField, value: str) -> None:
    if value not in field.options:
        raise Problem(422, f"Option '{value}' does not exist for custom field '{field.name}'")


# One check per string type of the spec's CustomFieldMetadata.type (the handlers refuse to start on a gap).
CHECKS: dict[str, Callable[[CustomField, str], None]] = {
    "text": _free_text,
    "email": _email,
    "number": _number,
    "date": _date,
    "dropdown": _option,
    "checkbox": _option,
}


def _checked(field: CustomField, value: Any) -> FieldValue | None:
    """The value to store, None to clear the field (`""`, or `[]` for a checkbox)."""
    check = CHECKS.get(field.type, _free_text)
    if field.type == "checkbox":
        if not isinstance(value, list):
            raise Problem(422, f"Custom field '{field.name}' takes a list of strings")
        for item in value:
            check(field, item)
        return tuple(value) or None
    if field.type == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)  # C21: the docs' own PATCH curl sends a JSON number to a number field
    if not isinstance(value, str):
        raise Problem(422, f"Custom field '{field.name}' takes a string")
    if value == "":
        return None
    check(field, value)
    return value


def checked_fields(
    account: Account, current: Mapping[str, FieldValue], given: Mapping[str, Any]
) -> dict[str, FieldValue]:
    """`current` with `given` merged in, fields left out unchanged; the first refused value raises a 422."""
    merged = dict(current)
    for name, value in given.items():
        field = account.field(name)
        if field is None:
            raise Problem(422, f"Custom field '{name}' does not exist")
        stored = _checked(field, value)
        if stored is None:
            merged.pop(field.name, None)
        else:
            merged[field.name] = stored
    return merged


def field_text(value: FieldValue) -> str:
    """`customFields` holds strings only: a checkbox list is JSON-encoded, as in the docs' example."""
    return value if isinstance(value, str) else json.dumps(list(value), ensure_ascii=False)


def field_metadata(field: CustomField | None, value: FieldValue) -> dict[str, Any]:
    typed: dict[str, Any] = {"value": value if isinstance(value, str) else list(value)}
    typed["type"] = field.type if field else "text"
    if field is not None and field.options:
        typed["options"] = list(field.options)
    return typed
