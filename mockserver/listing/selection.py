"""A filter's matches among many records at once: one numpy comparison over a column's vectors.

Testing a predicate record by record costs a Python call per contact: 100,000 of them for a filter on the
whole list. Every lookup of seed 002's filters is a comparison a column can answer over its arrays instead
(`columns.py`): `has-value` is the column's `filled`, `exact` on a boolean and `gte`/`lte` on an integer
compare its `numbers`, and a date lookup on a timestamp is a range of microseconds (a UTC day is
[midnight, next midnight), as Django's `__date` takes the date in UTC). A lookup or a column the arrays cannot
answer (a value no number stands for, `contains-any`) is tested value by value, with the same answer.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np

from mockserver.listing.columns import Column
from mockserver.listing.filters import Predicate

__all__ = ["DAY_LOOKUPS", "bounds", "day_of", "int64_ends", "select"]

_DAY = 86_400_000_000  # microseconds
_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()
_INT64_MIN, _INT64_MAX = int(np.iinfo(np.int64).min), int(np.iinfo(np.int64).max)
DAY_LOOKUPS = frozenset({"date", "date-gte", "date-lte"})  # ranges of whole UTC days

Where = slice | np.ndarray  # every id below a bound (a slice), or some ids (an array of them)


def _midnight(day: dt.date) -> int:
    """Microseconds since the epoch at the start of `day` in UTC."""
    return (day.toordinal() - _EPOCH_DAY) * _DAY


def select(predicate: Predicate, column: Column, alive: np.ndarray, where: Where) -> np.ndarray:
    """Whether each id of `where` is a record that passes the predicate (`alive`: which ids are records)."""
    selected = _compared(predicate, column, alive, where)
    return selected if selected is not None else _tested(predicate, column, alive, where)


def _compared(predicate: Predicate, column: Column, alive: np.ndarray, where: Where) -> np.ndarray | None:
    """The answer from the column's arrays, or None when they cannot give it."""
    lookup, wanted = predicate.lookup, predicate.wanted
    if lookup == "has-value" and type(wanted) is bool:
        filled = column.filled[where]
        return filled if wanted else ~filled & alive[where]
    numbers, kind = column.numbers, column.kind
    if numbers is None:
        return None
    present = column.present[where]
    if kind is None:  # no record holds a value: every lookup but has-value is false for null
        return np.zeros_like(present)
    if lookup == "exact" and kind == "bool" and type(wanted) in (bool, int):
        # a flag: its set values, or the others that hold one (True == 1 and False == 0, as in Python)
        if wanted == 1:
            truth: np.ndarray = column.truth[where]
            return truth
        return present & ~column.truth[where] if wanted == 0 else np.zeros_like(present)
    values: np.ndarray = numbers[where]
    if lookup == "exact" and kind in ("bool", "int") and type(wanted) in (bool, int):
        equal: np.ndarray = present & (values == int(wanted))
        return equal
    ends = int64_ends(bounds(predicate, column))
    if ends is None:
        return None
    if not ends:
        return np.zeros_like(present)
    low, high = ends
    if column.days is not None and lookup in DAY_LOOKUPS:  # whole UTC days: compare the day numbers
        values, low, high = column.days[where], day_of(low), day_of(high)
    if column.identity and isinstance(where, slice) and not where.start:
        # the values are the ids themselves: the range is a slice of the ids
        kept = present.copy()
        kept[: max(0, low if low is not None else 0)] = False
        if high is not None:
            kept[max(0, high) :] = False
        return kept
    # in place where it can be: every temporary array is another pass over memory
    if low is None and high is None:  # no end an int64 reaches
        return present
    within: np.ndarray = values >= low if low is not None else values < high
    if low is not None and high is not None:
        np.logical_and(within, values < high, out=within)
    np.logical_and(within, present, out=within)
    return within


def day_of(micros: int | None) -> int | None:
    """The day number of a midnight (a date lookup's bound), for comparing a column's `days`."""
    return None if micros is None else micros // _DAY


def int64_ends(span: tuple[float, float] | None) -> tuple[int | None, int | None] | tuple[()] | None:
    """[low, high) as machine integers, None for an end no int64 reaches; () for a range no int64 is in."""
    if span is None:
        return None
    low, high = span
    if low >= high or low > _INT64_MAX or high <= _INT64_MIN:
        return ()
    return (int(low) if low > _INT64_MIN else None, int(high) if high <= _INT64_MAX else None)


def bounds(predicate: Predicate, column: Column) -> tuple[float, float] | None:
    """[low, high): the numbers of the column a range lookup keeps (infinite for an open end), or None when the
    lookup is no range of the column's numbers."""
    lookup, wanted, kind = predicate.lookup, predicate.wanted, column.kind
    if column.numbers is None:
        return None
    if lookup == "exact" and kind in ("bool", "int") and type(wanted) in (bool, int):
        return (int(wanted), int(wanted) + 1)
    if lookup in ("gte", "lte") and kind == "int" and isinstance(wanted, Decimal):
        # Django prepares the value for the integer field: int() of the decimal (101.5 is 101)
        whole = int(wanted)
        return (whole, math.inf) if lookup == "gte" else (-math.inf, whole + 1)
    if lookup in ("date", "date-gte", "date-lte") and kind == "time" and type(wanted) is dt.date:
        start = _midnight(wanted)
        return {
            "date": (start, start + _DAY),
            "date-gte": (start, math.inf),
            "date-lte": (-math.inf, start + _DAY),
        }[lookup]
    return None


def _tested(predicate: Predicate, column: Column, alive: np.ndarray, where: Where) -> np.ndarray:
    """The predicate's own test, value by value: for what the arrays cannot answer."""
    ids = np.arange(len(alive))[where].tolist()
    held, values, test = alive[where].tolist(), column.values, predicate.test
    return np.array([is_record and test(values[i]) for i, is_record in zip(ids, held, strict=True)], dtype=bool)
