"""DRF's OrderingFilter: comma-separated fields, `-` for descending, unknown fields dropped.

Ties are broken by the spec's default ordering so that every order is total and pages never overlap (DRF adds
no tie-break: a tie's order is the database's, and this is one it may choose). Where NULLs sort is the
database's choice, given by the profile: as the largest value (PostgreSQL: last ascending, first descending)
or the smallest (SQLite).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from typing import Any

from hamta.openapi import Ordering
from mockserver.listing.columns import Column

__all__ = ["Orderer"]


class Orderer:
    def __init__(self, spec: Ordering, nulls_largest: bool = True) -> None:
        self.param = spec.param
        self.nulls_largest = nulls_largest
        self.default = list(spec.default)
        self._valid = set(spec.fields)

    def resolve(self, raw: str | None) -> list[str]:
        """The effective ordering terms, as DRF's get_ordering computes them."""
        if raw:
            terms = [term.strip() for term in raw.split(",")]
            valid = [term for term in terms if (term[1:] if term.startswith("-") else term) in self._valid]
            if valid:
                return valid
        return list(self.default)

    @property
    def total(self) -> bool:
        """Whether every ordering decides every tie: the tie-break ends in the record id, unique by the store."""
        return any(term.lstrip("-") == "id" for term in self.default)

    def with_tie_break(self, terms: Sequence[str]) -> list[str]:
        return [*terms, *(term for term in self.default if term not in terms)]

    def _runs(self, terms: Sequence[str]) -> list[tuple[bool, list[str]]]:
        """The effective terms (tie-break included) as runs of consecutive terms in one direction."""
        runs: list[tuple[bool, list[str]]] = []
        for term in self.with_tie_break(terms):
            descending = term.startswith("-")
            if runs and runs[-1][0] == descending:
                runs[-1][1].append(term.lstrip("-"))
            else:
                runs.append((descending, [term.lstrip("-")]))
        return runs

    def sort_ids(self, ids: list[int], terms: Sequence[str], columns: Callable[[str], Column]) -> list[int]:
        """The ids in this ordering, given each field's column (`Columns.values`).

        Stable sorts, last run of terms first; consecutive terms in one direction share one sort (the same
        order as one stable sort per term, in fewer passes)."""
        ordered = ids
        for descending, names in reversed(self._runs(terms)):
            ordered = _sorted_by(ordered, [columns(name) for name in names], descending, self.nulls_largest)
        return ordered


def _key(column: Column, nulls_largest: bool) -> Callable[[int], Any]:
    """A record id's sort key in this column; a null is larger or smaller than every value, as the profile's
    database has it."""
    keys = column.sort_keys()
    if keys is not None:
        return keys.__getitem__
    values = column.values
    if not column.nulls:
        return values.__getitem__
    if nulls_largest:
        return lambda record_id: (values[record_id] is None, 0 if values[record_id] is None else values[record_id])
    return lambda record_id: (values[record_id] is not None, 0 if values[record_id] is None else values[record_id])


def _sorted_by(ids: list[int], columns: list[Column], descending: bool, nulls_largest: bool) -> list[int]:
    """`ids` stably sorted by their values in one or more columns, in one direction.

    Sorted by the first column, then each run of equal first keys by the others: the order of one sort by
    the tuple of keys, without building and comparing a tuple per id when (as with timestamps) the first
    column nearly always decides."""
    first = _key(columns[0], nulls_largest)
    ordered = sorted(ids, key=first, reverse=descending)
    if len(columns) > 1:
        ranked = list(map(first, ordered))
        if any(map(operator.eq, ranked, itertools.islice(ranked, 1, None))):
            later = [_key(column, nulls_largest) for column in columns[1:]]
            rest = later[0] if len(later) == 1 else (lambda record_id: tuple(key(record_id) for key in later))
            start = 0
            for end in range(1, len(ordered) + 1):
                if end == len(ordered) or ranked[end] != ranked[start]:
                    if end - start > 1:
                        ordered[start:end] = sorted(ordered[start:end], key=rest, reverse=descending)
                    start = end
    return ordered
