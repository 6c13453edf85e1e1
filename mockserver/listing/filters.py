"""django-filter's parsing and lookups for the spec's `x-filter` parameters.

Parsing follows the form fields django-filter uses (BooleanWidget, DecimalField, DateField), so the same raw
value gives the same filter, "no filter" or 400 as on the real API.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from typing import Any

from hamta.openapi import FilterParam
from mockserver.errors import Problem
from mockserver.listing.fields import getter

__all__ = ["CompiledFilter", "FilterError", "Predicate", "active_predicates", "compile_filters"]

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
# django-filter's NumberFilter adds MaxValueValidator(1e50) (django_filters/filters.py), compared exactly.
_NUMBER_FILTER_MAX = Decimal(float("1e50"))  # the float Django compares with, exactly
_BOOLEANS = {"1": True, "0": False, "true": True, "false": False}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_PARSED_KEPT = 1024  # raw values whose parse each filter keeps (a list screen sends the same few all day)


class FilterError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_boolean(raw: str) -> bool | None:
    return _BOOLEANS.get(raw.lower())


def parse_number(raw: str) -> Decimal | None:
    # Django's form fields treat only "" as empty; whitespace is stripped after that test, so " " is refused.
    if raw == "":
        return None
    try:
        number = Decimal(raw.strip())
    except InvalidOperation:
        raise FilterError("Enter a number.") from None
    if not number.is_finite():
        raise FilterError("Enter a number.")
    if number > _NUMBER_FILTER_MAX:
        raise FilterError("Ensure this value is less than or equal to 1e+50.")
    return number


def parse_date(raw: str) -> dt.date | None:
    if raw == "":
        return None
    text = raw.strip()
    if _ISO_DATE.fullmatch(text):
        # what the first format, %Y-%m-%d, reads from a zero-padded date, without strptime's cost
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(text)
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


def _test(kind: str, wanted: Any) -> Callable[[Any], bool]:
    """The lookup as a test of the field's value."""
    if kind == "exact":
        return lambda value: value == wanted
    # Django prepares the value for the model field: an integer field takes int() of the decimal (101.5 is 101).
    whole = int(wanted) if isinstance(wanted, Decimal) else wanted
    if kind == "gte":
        return lambda value: value is not None and value >= (whole if type(value) is int else wanted)
    if kind == "lte":
        return lambda value: value is not None and value <= (whole if type(value) is int else wanted)
    if kind == "date":
        return lambda value: _date(value) == wanted
    if kind == "date-gte":
        return lambda value: (day := _date(value)) is not None and day >= wanted
    if kind == "date-lte":
        return lambda value: (day := _date(value)) is not None and day <= wanted
    if kind == "has-value":
        return lambda value: (value not in (None, "")) is wanted
    if kind == "contains-any":
        wanted_set = {part.strip().lower() for part in str(wanted).split(",") if part.strip()}
        return lambda value: any(str(item).lower() in wanted_set for item in value or ())
    raise ValueError(f"unknown lookup {kind!r}")


@dataclass(frozen=True)
class Predicate:
    """One active filter: a lookup of one field against the parsed value, as a test of one value (`test`), or
    of every record at once (`selection.select`)."""

    field: str
    get: Callable[[Any], Any]
    test: Callable[[Any], bool]
    lookup: str
    wanted: Any

    def __call__(self, record: Any) -> bool:
        return self.test(self.get(record))


@dataclass(frozen=True)
class CompiledFilter:
    param: str
    parse: Callable[[str], Any]
    lookup: str
    field: str
    get: Callable[[Any], Any]

    # The outcome of each raw value parsed lately: its predicate, None ("no filter") or the form's message. A
    # predicate is immutable, so every query with the same raw value shares one, and skips the form's parsing
    # (a Decimal, a date) and the test's closure: a few microseconds of a list query's few dozen.
    _outcome: Callable[[str], Predicate | FilterError | None] = dataclass_field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_outcome", functools.lru_cache(maxsize=_PARSED_KEPT)(self._parse))

    def predicate(self, raw: str) -> Predicate | None:
        """None when the value means "no filter"; raises FilterError for a value the form refuses."""
        outcome = self._outcome(raw)
        if isinstance(outcome, FilterError):
            raise FilterError(outcome.message)
        return outcome

    def _parse(self, raw: str) -> Predicate | FilterError | None:
        try:
            wanted = self.parse(raw)
        except FilterError as exc:
            return exc
        if wanted is None:
            return None
        return Predicate(self.field, self.get, _test(self.lookup, wanted), self.lookup, wanted)


def compile_filters(params: tuple[FilterParam, ...]) -> tuple[CompiledFilter, ...]:
    return tuple(CompiledFilter(p.param, PARSERS[p.value], p.lookup, p.field, getter(p.field)) for p in params)


def active_predicates(filters: tuple[CompiledFilter, ...], query: Mapping[str, str]) -> list[Predicate]:
    """Predicates for the filters present in the query; every refused value at once, as a form's errors."""
    predicates: list[Predicate] = []
    errors: dict[str, list[str]] = {}
    for compiled in filters:
        if compiled.param not in query:
            continue
        raw = query[compiled.param]
        try:
            predicate = compiled.predicate(raw)
        except FilterError as exc:
            errors[compiled.param] = [exc.message]
            continue
        if predicate is not None:
            predicates.append(predicate)
    if errors:
        raise Problem(400, fields=errors)
    return predicates
