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
import functools
import math
from decimal import Decimal
from typing import Any, cast

import numpy as np

from mockserver.listing.columns import Column
from mockserver.listing.filters import Predicate

__all__ = ["DAY_LOOKUPS", "bounds", "day_of", "int64_bounds", "int64_ends", "select"]

_DAY = 86_400_000_000  # microseconds
_EPOCH_DAY = dt.date(1970, 1, 1).toordinal()
_INT64_MIN, _INT64_MAX = int(np.iinfo(np.int64).min), int(np.iinfo(np.int64).max)
DAY_LOOKUPS = frozenset({"date", "date-gte", "date-lte"})  # ranges of whole UTC days
_BOUNDS_KEPT = 1024  # filter values whose bounds are kept

Where = slice | np.ndarray  # every id below a bound (a slice), or some ids (an array of them)


def _midnight(day: dt.date) -> int:
    """Microseconds since the epoch at the start of `day` in UTC."""
    return (day.toordinal() - _EPOCH_DAY) * _DAY


def select(predicate: Predicate, column: Column, alive: np.ndarray, where: Where) -> np.ndarray:
    """Whether each id of `where` is a record that passes the predicate (`alive`: which ids are records). An
    array of ids holds records only: nothing is read to tell them from ids no record has."""
    selected = _compared(predicate, column, alive, where)
    return selected if selected is not None else _tested(predicate, column, alive, where)


def _compared(predicate: Predicate, column: Column, alive: np.ndarray, where: Where) -> np.ndarray | None:
    """The answer from the column's arrays, or None when they cannot give it. Each array read at an array of ids
    is a gather from scattered places, most of them out of the processor's cache: only the arrays the lookup
    needs are read, and `present` not for records of a column without nulls (every one holds a value)."""
    lookup, wanted = predicate.lookup, predicate.wanted
    records = not isinstance(where, slice)
    if lookup == "has-value" and type(wanted) is bool:
        filled = column.filled[where]
        if wanted:
            return filled
        return ~filled if records else ~filled & alive[where]
    numbers, kind = column.numbers, column.kind
    if numbers is None:
        return None
    present = None if records and not column.nulls else column.present[where]  # None: every id holds one
    if kind is None:  # no record holds a value: every lookup but has-value is false for null
        return np.zeros(_size(where, alive), dtype=bool)
    if lookup == "exact" and kind == "bool" and type(wanted) in (bool, int):
        # a flag: its set values, or the others that hold one (True == 1 and False == 0, as in Python)
        truth: np.ndarray = column.truth[where]
        if wanted == 1:
            return truth
        if wanted != 0:
            return np.zeros_like(truth)
        return ~truth if present is None else present & ~truth
    if lookup == "exact" and kind in ("bool", "int") and type(wanted) in (bool, int):
        return _held(numbers[where] == int(wanted), present)
    ends = int64_bounds(predicate, column)
    if ends is None:
        return None
    if not ends:
        return np.zeros(_size(where, alive), dtype=bool)
    low, high = ends
    if column.identity and isinstance(where, slice) and not where.start:
        # the values are the ids themselves: the range is a slice of the ids
        kept = cast(np.ndarray, present).copy()
        kept[: max(0, low if low is not None else 0)] = False
        if high is not None:
            kept[max(0, high) :] = False
        return kept
    if column.days is not None and lookup in DAY_LOOKUPS:  # whole UTC days: compare the day numbers
        values, low, high = column.days[where], day_of(low), day_of(high)
    else:
        values = numbers[where]
    # in place where it can be: every temporary array is another pass over memory
    if low is None and high is None:  # no end an int64 reaches
        return np.ones(len(values), dtype=bool) if present is None else present
    within: np.ndarray = values >= low if low is not None else values < high
    if low is not None and high is not None:
        np.logical_and(within, values < high, out=within)
    return _held(within, present)


def _size(where: Where, alive: np.ndarray) -> int:
    """How many ids `where` names."""
    return len(where) if isinstance(where, np.ndarray) else len(range(len(alive))[where])


def _held(kept: np.ndarray, present: np.ndarray | None) -> np.ndarray:
    """`kept`, less the ids that hold no value (`present` None: every one holds one), in place."""
    if present is not None:
        np.logical_and(kept, present, out=kept)
    return kept


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


def int64_bounds(predicate: Predicate, column: Column) -> tuple[int | None, int | None] | tuple[()] | None:
    """`int64_ends` of the predicate's `bounds` in the column."""
    if column.numbers is None:
        return None
    return _int64_bounds(predicate.lookup, predicate.wanted, column.kind)


def bounds(predicate: Predicate, column: Column) -> tuple[float, float] | None:
    """[low, high): the numbers of the column a range lookup keeps (infinite for an open end), or None when the
    lookup is no range of the column's numbers."""
    if column.numbers is None:
        return None
    return _bounds(predicate.lookup, predicate.wanted, column.kind)


# A list screen sends the same few filter values all day, and a query asks a filter's bounds several times (its
# run, the ids' range, the comparison): each is worked out once. `typed`: True, 1 and Decimal(1) are equal keys
# but not the same filter value.
@functools.lru_cache(maxsize=_BOUNDS_KEPT, typed=True)
def _int64_bounds(lookup: str, wanted: Any, kind: str | None) -> tuple[int | None, int | None] | tuple[()] | None:
    return int64_ends(_bounds(lookup, wanted, kind))


@functools.lru_cache(maxsize=_BOUNDS_KEPT, typed=True)
def _bounds(lookup: str, wanted: Any, kind: str | None) -> tuple[float, float] | None:
    if lookup == "exact" and kind in ("bool", "int") and type(wanted) in (bool, int):
        return (int(wanted), int(wanted) + 1)
    if lookup in ("gte", "lte") and kind == "int" and isinstance(wanted, Decimal):
        # Django prepares the value for the integer field: int() of the decimal (101.5 is 101)
        whole = int(wanted)
        return (whole, math.inf) if lookup == "gte" else (-math.inf, whole + 1)
    if lookup in DAY_LOOKUPS and kind == "time" and type(wanted) is dt.date:
        start = _midnight(wanted)
        if lookup == "date":
            return (start, start + _DAY)
        return (start, math.inf) if lookup == "date-gte" else (-math.inf, start + _DAY)
    return None


def _tested(predicate: Predicate, column: Column, alive: np.ndarray, where: Where) -> np.ndarray:
    """The predicate's own test, value by value: for what the arrays cannot answer."""
    ids = np.arange(len(alive))[where].tolist()
    held, values, test = alive[where].tolist(), column.values, predicate.test
    return np.array([is_record and test(values[i]) for i, is_record in zip(ids, held, strict=True)], dtype=bool)
