"""Which of many strings hold a substring, told by numpy over their UTF-8 bytes, one row per place in a value.

A search term too short for trigrams (`a`, `09`: what a search box sends first) has nothing to narrow the values it
must be looked for in, and in a field of 100k distinct values (ids, emails, mobile numbers) testing each string in
Python is 5-10 ms a field. Here the values' bytes are a matrix: row `j` holds byte `j` of every value (NUL past a
value's end), so a term is compared at every place of every value with one numpy call per byte of the term, and a
value holds the term where all of them match at one place. UTF-8 is self-synchronising, so a term's bytes match
only where its first character starts. The padding NUL never matches: a term holding NUL is not asked for
(`holds`). Rows, not the values end to end: telling which value a match fell in cost 1 ms of
`logical_or.reduceat` per 100k values, more than the compare. Values longer than _WIDEST bytes (a rare long email
or subject) are kept aside as bytes and tested one by one, so that one of them does not widen every value's rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["Haystack"]

_WIDEST = 128  # bytes of a value kept in the matrix (64 Persian letters); longer ones are tested one by one
_FIRST_CAPACITY = 1024  # values the matrix first has room for; it grows by a quarter each time it is full


def _utf8(text: str) -> bytes:
    # a lone surrogate (JSON allows one) is encoded alike in a value and in a term
    return text.encode("utf-8", "surrogatepass")


class Haystack:
    """Strings appended in turn, each known by its place in the order they came (a slot)."""

    def __init__(self) -> None:
        self._rows = np.zeros((0, _FIRST_CAPACITY), dtype=np.uint8)  # [byte place, slot]
        self._count = 0
        self._long: dict[int, bytes] = {}  # slot -> the bytes of a value longer than _WIDEST
        # Every character of the values: a term with one they lack is in none of them, told without reading them
        # (a Persian letter in no id, email or mobile number: bench/README.md's typed mix 270 -> 203 us a query).
        self._characters: set[str] = set()

    @classmethod
    def of(cls, values: Sequence[str]) -> Haystack:
        """A haystack of these values, its matrix made at once (appending 100k values one by one took 0.1 s a
        field, copying the matrix as it grew). Each value is encoded twice rather than kept encoded: a list of
        100k small bytes objects left 4 MB of the interpreter's memory behind."""
        stack = cls()
        width = max((size for value in values if (size := len(_utf8(value))) <= _WIDEST), default=0)
        flat = bytearray(width * len(values))  # value by value, each padded to the width with NUL
        for slot, value in enumerate(values):
            encoded = _utf8(value)
            if len(encoded) > _WIDEST:
                stack._long[slot] = encoded
            else:
                flat[slot * width : slot * width + len(encoded)] = encoded
        stack._rows = np.zeros((width, max(_FIRST_CAPACITY, len(values) + len(values) // 4)), dtype=np.uint8)
        stack._rows[:, : len(values)] = np.frombuffer(flat, dtype=np.uint8).reshape(len(values), width).T
        stack._count = len(values)
        stack._characters = set("".join(values))
        return stack

    def __len__(self) -> int:
        return self._count

    def append(self, value: str) -> None:
        encoded = _utf8(value)
        slot = self._count
        places, capacity = self._rows.shape
        wide = len(encoded) if len(encoded) <= _WIDEST else 0  # the rows it needs in the matrix
        if slot == capacity or wide > places:  # a matrix with room, copied over (rarely: it grows by a quarter)
            grown = np.zeros(
                (max(places, wide), capacity + max(1, capacity // 4) if slot == capacity else capacity), dtype=np.uint8
            )
            grown[:places, :slot] = self._rows[:, :slot]
            self._rows = grown
        if len(encoded) > _WIDEST:
            self._long[slot] = encoded
        elif encoded:
            self._rows[: len(encoded), slot] = np.frombuffer(encoded, dtype=np.uint8)
        self._count = slot + 1
        self._characters.update(value)

    @staticmethod
    def holds(term: str) -> bool:
        """Whether `term` can be looked for here."""
        return bool(term) and "\x00" not in term

    def holding(self, term: str) -> np.ndarray:
        """The slots of the values that contain `term` (ascending), for a term `holds` accepts."""
        if not self._characters.issuperset(term):
            return np.zeros(0, dtype=np.int64)
        needle = _utf8(term)
        rows = self._rows[:, : self._count]
        starts = len(rows) - len(needle) + 1  # the places a match can start at in the matrix
        slots = np.zeros(0, dtype=np.int64)
        if starts > 0:  # one call a byte of the term, every place at once: few calls, whatever the width
            here = rows[:starts] == needle[0]
            for offset in range(1, len(needle)):
                here &= rows[offset : offset + starts] == needle[offset]
            slots = np.flatnonzero(here.any(axis=0))
        longer = [slot for slot, encoded in self._long.items() if needle in encoded]
        return np.union1d(slots, longer) if longer else slots
