"""DRF's OrderingFilter: comma-separated fields, `-` for descending, unknown fields dropped.

Ties are broken by the spec's default ordering so that every order is total and pages never overlap.
Nulls sort as PostgreSQL sorts them: last when ascending, first when descending.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hamta.openapi import Ordering
from mockserver.listing.fields import column

__all__ = ["Orderer"]


class Orderer:
    def __init__(self, spec: Ordering) -> None:
        self.param = spec.param
        self.default = list(spec.default)
        self._valid = set(spec.fields)
        self._columns: dict[str, Callable[[Sequence[Any]], list[Any]]] = {
            name.lstrip("-"): column(name.lstrip("-")) for name in [*spec.fields, *spec.default]
        }

    def resolve(self, raw: str | None) -> list[str]:
        """The effective ordering terms, as DRF's get_ordering computes them."""
        if raw:
            terms = [term.strip() for term in raw.split(",")]
            valid = [term for term in terms if (term[1:] if term.startswith("-") else term) in self._valid]
            if valid:
                return valid
        return list(self.default)

    def with_tie_break(self, terms: Sequence[str]) -> list[str]:
        return [*terms, *(term for term in self.default if term not in terms)]

    def sort(self, records: list[Any], terms: Sequence[str]) -> list[Any]:
        """Stable sorts, last run of terms first; consecutive terms in one direction share one sort (the same
        order as one stable sort per term, in fewer passes). Keys are read a column at a time."""
        runs: list[tuple[bool, list[Callable[[Sequence[Any]], list[Any]]]]] = []
        for term in self.with_tie_break(terms):
            descending = term.startswith("-")
            read = self._columns[term.lstrip("-")]
            if runs and runs[-1][0] == descending:
                runs[-1][1].append(read)
            else:
                runs.append((descending, [read]))
        ordered = records
        for descending, readers in reversed(runs):
            columns = [_nulls_last(read(ordered)) for read in readers]
            keys = columns[0] if len(columns) == 1 else list(zip(*columns, strict=True))
            positions = sorted(range(len(ordered)), key=keys.__getitem__, reverse=descending)
            ordered = [ordered[position] for position in positions]
        return ordered


def _nulls_last(values: list[Any]) -> list[Any]:
    """(is null, value) keys when a value is null, so nulls sort after every value: last ascending, first
    descending, as in PostgreSQL; the values themselves when none is."""
    if None not in values:
        return values
    return [(value is None, 0 if value is None else value) for value in values]
