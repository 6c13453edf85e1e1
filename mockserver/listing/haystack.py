"""Which of many strings hold a substring, told by numpy over their UTF-8 bytes laid end to end.

A search term too short for trigrams (`a`, `09`: what a search box sends first) has nothing to narrow the values it
must be looked for in, and in a field of 100k distinct values (ids, emails, mobile numbers) testing each string in
Python is 5-10 ms a field. Here the values are one buffer, each followed by a NUL byte: the term's bytes are
compared at every place at once, and the places found are turned into the values they fall in. UTF-8 is
self-synchronising, so a term's bytes start only where its first character starts in a value, and no match can
cross into the next value: a term never holds the NUL between them (one that does is not asked for, `holds`).
"""

from __future__ import annotations

from array import array

import numpy as np

__all__ = ["Haystack"]

_SEPARATOR = b"\x00"
_SPARSE = 8  # values per place found below which the places are looked up, not counted per value


def _utf8(text: str) -> bytes:
    # a lone surrogate (JSON allows one) is encoded alike in a value and in a term
    return text.encode("utf-8", "surrogatepass")


class Haystack:
    """Strings appended in turn, each known by its place in the order they came (a slot)."""

    def __init__(self) -> None:
        self._bytes = bytearray()
        self._starts = array("q")  # where each value's bytes start
        # Every character of the values: a term with one they lack is in none of them, told without reading them
        # (a Persian letter in no id, email or mobile number: bench/README.md's typed mix 270 -> 203 us a query).
        self._characters: set[str] = set()

    def __len__(self) -> int:
        return len(self._starts)

    def append(self, value: str) -> None:
        self._starts.append(len(self._bytes))
        self._bytes += _utf8(value)
        self._bytes += _SEPARATOR
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
        text = np.frombuffer(self._bytes, dtype=np.uint8)  # views, dropped on return: the buffers may grow again
        starts = np.frombuffer(self._starts, dtype=np.int64)
        places = len(text) - len(needle) + 1
        if places <= 0 or not len(starts):
            return np.zeros(0, dtype=np.int64)
        found = np.zeros(len(text), dtype=bool)  # up to the end, so that every value's run is in it
        np.equal(text[:places], needle[0], out=found[:places])
        for offset in range(1, len(needle)):
            found[:places] &= text[offset : offset + places] == needle[offset]
        count = np.count_nonzero(found)
        if count * _SPARSE >= len(starts):  # common: told per value
            return np.flatnonzero(np.logical_or.reduceat(found, starts))
        hits = np.flatnonzero(found) if count else np.zeros(0, dtype=np.int64)
        return np.unique(np.searchsorted(starts, hits, side="right") - 1)
