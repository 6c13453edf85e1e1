"""DRF's OrderingFilter: comma-separated fields, `-` for descending, unknown fields dropped.

Ties are broken by the spec's default ordering so that every order is total and pages never overlap (DRF adds
no tie-break: a tie's order is the database's, and this is one it may choose). Where NULLs sort is the
database's choice, given by the profile: as the largest value (PostgreSQL: last ascending, first descending)
or the smallest (SQLite).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from hamta.openapi import Ordering
from mockserver.listing.columns import Column

__all__ = ["Orderer", "sort_array", "sort_key"]

_REMEMBERED = 256  # orderings whose effective terms are remembered (a few distinct ones recur all day)


class Orderer:
    def __init__(self, spec: Ordering, nulls_largest: bool = True) -> None:
        self.param = spec.param
        self.nulls_largest = nulls_largest
        self.default = list(spec.default)
        self.fields = frozenset(spec.fields)
        self._effective: dict[tuple[str, ...], tuple[str, ...]] = {}
        # `effective(resolve(raw))`, remembered for the last raw values seen (a list screen's few orderings):
        # splitting, checking and completing them cost a few microseconds of a list query's few dozen.
        self.ordered: Callable[[str | None], tuple[str, ...]] = functools.lru_cache(maxsize=_REMEMBERED)(self._ordered)

    def _ordered(self, raw: str | None) -> tuple[str, ...]:
        return self.effective(self.resolve(raw))

    def resolve(self, raw: str | None) -> list[str]:
        """The effective ordering terms, as DRF's get_ordering computes them."""
        if raw:
            terms = [term.strip() for term in raw.split(",")]
            valid = [term for term in terms if (term[1:] if term.startswith("-") else term) in self.fields]
            if valid:
                return valid
        return list(self.default)

    @property
    def total(self) -> bool:
        """Whether every ordering decides every tie: the tie-break ends in the record id, unique by the store."""
        return any(term.lstrip("-") == "id" for term in self.default)

    def with_tie_break(self, terms: Sequence[str]) -> list[str]:
        return [*terms, *(term for term in self.default if term not in terms)]

    def effective(self, terms: Sequence[str]) -> tuple[str, ...]:
        """Every term that decides the order: the terms, the tie-break, and the id (ascending) when the
        tie-break lacks it, which is where a stable sort from id order leaves the remaining ties."""
        key = tuple(terms)
        full = self._effective.get(key)
        if full is None:
            ties = self.with_tie_break(terms)
            full = tuple(ties if self.total else [*ties, "id"])
            if len(self._effective) < _REMEMBERED:
                self._effective[key] = full
        return full

    def sort_ids(self, ids: list[int], terms: Sequence[str], columns: Callable[[str], Column]) -> list[int]:
        """The ids in this ordering, given each field's column (`Columns.values`)."""
        ordered = sort_array(np.asarray(ids, dtype=np.int64), self.effective(terms), columns, self.nulls_largest)
        return [int(record_id) for record_id in ordered]


def sort_array(
    ids: np.ndarray, terms: Sequence[str], columns: Callable[[str], Column], nulls_largest: bool
) -> np.ndarray:
    """`ids` in the order of `terms` (ending in the id, so every tie is decided): one numpy lexsort over two
    keys per term, where the nulls go and the value's rank, in the same order as comparing the values
    themselves (an aware timestamp by its microseconds, anything else by its place among the distinct values)."""
    keys: list[np.ndarray] = []
    for term in reversed(terms):  # lexsort's last key decides first
        descending = term.startswith("-")
        column = columns(term.lstrip("-"))
        present = column.present[ids]
        ranks = _ranks(column, ids)
        nulls = (~present if nulls_largest else present).astype(np.int64)
        keys += [-ranks, -nulls] if descending else [ranks, nulls]
    return ids[np.lexsort(keys)] if keys else ids


def _ranks(column: Column, ids: np.ndarray) -> np.ndarray:
    """The values at `ids` as integers in the values' order (0 for a null: the nulls key tells them apart)."""
    if column.numbers is not None:
        ranks: np.ndarray = column.numbers[ids]
        return ranks
    values = [column.values[record_id] for record_id in ids.tolist()]
    rank = {value: place for place, value in enumerate(sorted({value for value in values if value is not None}))}
    return np.array([0 if value is None else rank[value] for value in values], dtype=np.int64)


def sort_key(column: Column, nulls_largest: bool) -> Callable[[int], Any]:
    """A record id's sort key in this column, for comparing two records one at a time (`order_index.py`); a
    null is larger or smaller than every value, as the profile's database has it."""
    keys = column.sort_keys()
    if keys is not None:
        return keys.__getitem__
    values = column.values
    if not column.nulls:
        return values.__getitem__
    if nulls_largest:
        return lambda record_id: (values[record_id] is None, 0 if values[record_id] is None else values[record_id])
    return lambda record_id: (values[record_id] is not None, 0 if values[record_id] is None else values[record_id])
