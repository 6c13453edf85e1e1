"""A text's trigrams: of one value, or the postings of a whole field's values at once.

The search index keeps, per trigram, the slots of the values holding it (`search_index.py`). Adding a field's
values one at a time, each split into trigrams in Python, was half of the index's first build at 100k contacts
(0.6 of 1.2 s, 230,000 values). `postings` makes what adding them one by one in order would make, by numpy: the
values' code points end to end, each trigram's three code points packed into one integer (21 bits each: any
code point, a lone surrogate too), the (trigram, slot) pairs sorted by trigram with the slots kept in order, and a
trigram a value holds twice counted once.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence

import numpy as np

__all__ = ["N", "grams", "postings"]

N = 3
_BITS = 21  # enough for any code point (U+10FFFF)
_MASK = (1 << _BITS) - 1
_CHUNK = 4096  # values split at once: at 8,192 the freed temporaries left RSS 5 MB larger at 100k, at 4,096 none


def grams(text: str) -> set[str]:
    return {text[i : i + N] for i in range(len(text) - N + 1)}


def postings(values: Sequence[str]) -> dict[str, array[int]]:
    """Per trigram of the values, the slots (places in `values`) of those holding it, ascending."""
    found: dict[str, array[int]] = {}
    for start in range(0, len(values), _CHUNK):
        for gram, slots in _postings(values[start : start + _CHUNK], start):
            posting = found.get(gram)
            if posting is None:
                posting = found[gram] = array("i")
            posting.frombytes(slots)
    return found


def _postings(values: Sequence[str], first: int) -> Iterator[tuple[str, memoryview]]:
    """Each trigram of the values and the slots of those holding it (ascending, from `first`), as C ints."""
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    codes = np.frombuffer("".join(values).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)
    if len(codes) < N:
        return
    owner = np.repeat(np.arange(len(values)), lengths)  # the value of each code point
    places = np.arange(len(codes) - N + 1)
    places = places[places + N <= np.cumsum(lengths)[owner[: len(places)]]]  # a trigram within one value
    if not len(places):
        return
    packed = codes[places] << (2 * _BITS) | codes[places + 1] << _BITS | codes[places + 2]
    slots = (owner[places] + first).astype(np.intc)  # array('i')'s items
    order = np.argsort(packed, kind="stable")  # stable: each trigram's slots stay ascending
    packed, slots = packed[order], slots[order]
    once = np.ones(len(packed), dtype=bool)
    once[1:] = (packed[1:] != packed[:-1]) | (slots[1:] != slots[:-1])
    packed, slots = packed[once], slots[once]
    heads = np.flatnonzero(np.concatenate(([True], packed[1:] != packed[:-1])))
    cuts = (np.append(heads, len(packed)) * slots.itemsize).tolist()
    raw = memoryview(slots.tobytes())
    for n, code in enumerate(packed[heads].tolist()):
        yield chr(code >> 2 * _BITS) + chr(code >> _BITS & _MASK) + chr(code & _MASK), raw[cuts[n] : cuts[n + 1]]
