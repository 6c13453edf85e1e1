"""DRF's OrderingFilter: comma-separated fields, `-` for descending, unknown fields dropped.

Ties are broken by the spec's default ordering so that every order is total and pages never overlap.
Nulls sort as PostgreSQL sorts them: last when ascending, first when descending.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hamta.openapi import Ordering
from mockserver.listing.fields import getter

__all__ = ["Orderer"]


class Orderer:
    def __init__(self, spec: Ordering) -> None:
        self.param = spec.param
        self.default = list(spec.default)
        self._valid = set(spec.fields)
        self._getters: dict[str, Callable[[Any], Any]] = {
            name.lstrip("-"): getter(name.lstrip("-")) for name in [*spec.fields, *spec.default]
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
        """Stable sorts, last key first, each in its own direction."""
        ordered = records
        for term in reversed(self.with_tie_break(terms)):
            descending = term.startswith("-")
            get = self._getters[term.lstrip("-")]
            ordered = sorted(ordered, key=_sort_key(get), reverse=descending)
        return ordered


def _sort_key(get: Callable[[Any], Any]) -> Callable[[Any], tuple[bool, Any]]:
    def key(record: Any) -> tuple[bool, Any]:
        value = get(record)
        return (value is None, 0 if value is None else value)

    return key
