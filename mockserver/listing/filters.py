"""django-filter's parsing and lookups for the spec's `x-filter` parameters.

Parsing follows the form fields django-filter uses (BooleanWidget, DecimalField, DateField), so the same raw
value gives the same filter, "no filter" or 400 as on the real API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from hamta.openapi import FilterParam
from mockserver.errors import Problem
from mockserver.listing.fields import getter

__all__ = ["CompiledFilter", "FilterError", "compile_filters"]

Predicate = Callable[[Any], bool]

# Django's default DATE_INPUT_FORMATS (the English locale's, which the Persian locale falls back to).
DATE_INPUT_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%b %d %Y",
    "%b %d, %Y",
    "%d %b %Y",
    "%d %b, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%d %B, %Y",
)
_BOOLEANS = {"1": True, "0": False, "true": True, "false": False}


class FilterError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_boolean(raw: str) -> bool | None:
    return _BOOLEANS.get(raw.lower())


def parse_number(raw: str) -> Decimal | None:
    text = raw.strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FilterError("Enter a number.") from None
    if not number.is_finite():
        raise FilterError("Enter a number.")
    return number


def parse_date(raw: str) -> dt.date | None:
    text = raw.strip()
    if not text:
        return None
    for form in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise FilterError("Enter a valid date.")


def parse_string(raw: str) -> str | None:
    return raw or None


PARSERS: dict[str, Callable[[str], Any]] = {
    "boolean": parse_boolean,
    "number": parse_number,
    "date": parse_date,
    "string": parse_string,
}


def _date(value: Any) -> dt.date | None:
    return value.astimezone(dt.UTC).date() if isinstance(value, dt.datetime) else None


def _lookup(kind: str, get: Callable[[Any], Any], wanted: Any) -> Predicate:
    if kind == "exact":
        return lambda record: get(record) == wanted
    if kind == "gte":
        return lambda record: (value := get(record)) is not None and value >= wanted
    if kind == "lte":
        return lambda record: (value := get(record)) is not None and value <= wanted
    if kind == "date":
        return lambda record: _date(get(record)) == wanted
    if kind == "date-gte":
        return lambda record: (day := _date(get(record))) is not None and day >= wanted
    if kind == "date-lte":
        return lambda record: (day := _date(get(record))) is not None and day <= wanted
    if kind == "has-value":
        return lambda record: (get(record) not in (None, "")) is wanted
    if kind == "contains-any":
        wanted_set = {part.strip().lower() for part in str(wanted).split(",") if part.strip()}
        return lambda record: any(str(item).lower() in wanted_set for item in get(record) or ())
    raise ValueError(f"unknown lookup {kind!r}")


@dataclass(frozen=True)
class CompiledFilter:
    param: str
    parse: Callable[[str], Any]
    lookup: str
    get: Callable[[Any], Any]

    def predicate(self, raw: str) -> Predicate | None:
        """None when the value means "no filter"; raises FilterError for a value the form refuses."""
        wanted = self.parse(raw)
        if wanted is None:
            return None
        return _lookup(self.lookup, self.get, wanted)


def compile_filters(params: tuple[FilterParam, ...]) -> tuple[CompiledFilter, ...]:
    return tuple(CompiledFilter(p.param, PARSERS[p.value], p.lookup, getter(p.field)) for p in params)


def active_predicates(filters: tuple[CompiledFilter, ...], query: Mapping[str, str]) -> list[Predicate]:
    """Predicates for the filters present in the query; every refused value at once, as a form's errors."""
    predicates: list[Predicate] = []
    errors: dict[str, list[str]] = {}
    for compiled in filters:
        if compiled.param not in query:
            continue
        try:
            predicate = compiled.predicate(query[compiled.param])
        except FilterError as exc:
            errors[compiled.param] = [exc.message]
            continue
        if predicate is not None:
            predicates.append(predicate)
    if errors:
        raise Problem(400, fields=errors)
    return predicates
