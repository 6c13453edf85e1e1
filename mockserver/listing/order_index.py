"""Every record's id in one ordering, kept up to date from the store's change log, and pages read from it.

A list screen changes its filter and its ordering all day. Sorting the matches anew for each query costs a
sort of tens of thousands of ids; an order kept per ordering instead lets a query walk the ids in order and
keep those its filters select (`walk`), or rank a few matches by their place (`ranked`), at the cost of what
the page needs.

The order is a numpy array of ids, built by one sort (`ordering.sort_array`) on first use. After a write, a
query catches it up: the changed ids leave the order and those still records are put back where the sort
would put them, found by bisection comparing records as `ordering.sort_key` does. That costs two passes of
numpy over the array and a few comparisons per changed record; many changes at once (a reseed, a state load)
sort anew. Writes themselves never touch it. Made from the order on first use after a change, and kept until
the next: each id's place (`rank`), the first field's numbers in order (a range filter's run, `between`), and
a filter's boolean array put in this order (`in_order`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np

from mockserver.listing.columns import Column
from mockserver.listing.ordering import sort_array, sort_key
from mockserver.store import Repository

__all__ = ["IDS", "OrderIndex", "OrderIndexes", "Run", "nth_selected", "nth_selected_from_end", "ranked", "walk"]

_RESORT_SHARE = 16  # changes above 1/16 of the records (or _RESORT_MIN) sort anew rather than move one by one
_RESORT_MIN = 1024
_INT64_MIN, _INT64_MAX = int(np.iinfo(np.int64).min), int(np.iinfo(np.int64).max)
_INT32_MAX = int(np.iinfo(np.int32).max)
# The least and the greatest value of each integer type an array in order may have (np.iinfo costs microseconds).
_LIMITS = {
    np.dtype(kind).char: (int(np.iinfo(kind).min), int(np.iinfo(kind).max))
    for kind in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
}
IDS = ("ids",)  # the key of the order's own ids among the arrays in order
_FIRST_STEP = 1024  # the least a walk reads at once
_SPREAD = (5, 4)  # and its first chunk holds the page if the selected ids are spread evenly, and a quarter more
# A scan skips to the start of a block of this many places (`OrderIndex.reached`): the blocks' extremes at 100k
# are a few KB per filter and ordering, where every place's would be as large as the array.
_REACH_BLOCK = 1024
_CHUNK = 4096  # nth_selected searches this many at once, where the page is
_BLOCK = 16384  # and counts this many at once before it, then _CHUNK (a count costs about the same for 4096)
_KEPT = 16  # orderings kept at once: every field both ways, and a few orderings by several fields

Columns = Callable[[str], Column]  # a field's column, caught up with the store


@dataclass(frozen=True)
class Run:
    """The ids whose value in one field is in a range: one run of an order by that field, which starts at the
    same place in every order by the field (whatever breaks its ties)."""

    field: str
    ids: np.ndarray
    ascending_start: int
    descending_start: int

    def start_in(self, terms: tuple[str, ...]) -> int:
        """How many ids come before the run in the order of `terms` (0 when it is not an order by the field)."""
        if terms[0] == self.field:
            return self.ascending_start
        return self.descending_start if terms[0] == f"-{self.field}" else 0


class OrderIndex:
    """The ids of every record in the order of `terms` (the ordering with its tie-break, ending in the id)."""

    def __init__(self, terms: tuple[str, ...], nulls_largest: bool) -> None:
        self.terms = terms
        self.nulls_largest = nulls_largest
        self._store_id = 0
        self._version = -1
        self._order = np.zeros(0, dtype=np.int64)
        self._rank: np.ndarray | None = None
        # The first term's numbers in order, for `between` (made on first use after a change), and where they start.
        self._numbers: np.ndarray | None = None
        self._first = 0
        self._in_order: dict[Hashable, np.ndarray] = {}  # filters' boolean arrays in this order, until a change

    def order(self, store: Repository[Any], columns: Columns) -> np.ndarray:
        self._catch_up(store, columns)
        return self._order

    def rank(self, store: Repository[Any], columns: Columns) -> np.ndarray:
        """`rank[id]`: the record's place in the order (made on first use after a change)."""
        self._catch_up(store, columns)
        if self._rank is None:
            self._rank = np.zeros(store.next_id, dtype=np.int64)
            self._rank[self._order] = np.arange(len(self._order))
        return self._rank

    def in_order(
        self, store: Repository[Any], columns: Columns, key: Hashable, by_id: Callable[[], np.ndarray]
    ) -> np.ndarray:
        """An array by id (made by `by_id`: a filter's boolean array, a column's day numbers), put in this order:
        gathered once after each change, so that filters that recur (a checkbox on a list screen, a date range on
        a field) combine in order without gathering."""
        self._catch_up(store, columns)
        kept = self._in_order.get(key)
        if kept is None:
            kept = self._in_order[key] = by_id()[self._order]
        return kept

    def ids_in_order(self, store: Repository[Any], columns: Columns) -> np.ndarray:
        """The order's ids as 32-bit integers when they fit (a range of ids compares them at half the cost),
        made on first use after a change; kept under `IDS`."""
        self._catch_up(store, columns)
        ids = self._in_order.get(IDS)
        if ids is None:
            narrow = store.next_id <= _INT32_MAX
            ids = self._in_order[IDS] = self._order.astype(np.int32) if narrow else self._order
        return ids

    def reached(self, key: Hashable, values: np.ndarray, first: Any, last: Any) -> int:
        """A place of the order before which `values` (an array in this order, just had from `in_order` or
        `ids_in_order` under `key`) hold no value in [first, last) (None: an open end; for flags, `first` is
        True): the start of the first block of _REACH_BLOCK places by which the values have reached `first`
        and dipped below `last`. Read off the running maximum and minimum of the blocks' own (a few hundred
        numbers at 100k, made on first use after a change): two bisections a query.

        Without it, a page whose first match the order puts late (`id_min` in an order by a date: the lowest ids
        come first, and none of them is a match) is found by reading every place up to it."""
        size = len(values)
        least, greatest = (False, True) if values.dtype == bool else _LIMITS[values.dtype.char]
        if not size or (first is not None and first > greatest) or (last is not None and last <= least):
            return size
        block = 0
        if first is not None and first > least:
            peaks = self._derived(("peaks", key), lambda: np.maximum.accumulate(_blocks(np.maximum, values)))
            block = int(peaks.searchsorted(values.dtype.type(first)))  # of the array's type: else it is cast whole
        if last is not None and last <= greatest:
            # the running minimum falls: read from the end, it rises, and those below `last` are its last blocks
            dips = self._derived(("dips", key), lambda: np.minimum.accumulate(_blocks(np.minimum, values))[::-1].copy())
            block = max(block, len(dips) - int(dips.searchsorted(values.dtype.type(last))))
        return min(size, block * _REACH_BLOCK)

    def _derived(self, key: Hashable, make: Callable[[], np.ndarray]) -> np.ndarray:
        """An array made from arrays in this order, kept with them until the next change."""
        kept = self._in_order.get(key)
        if kept is None:
            kept = self._in_order[key] = make()
        return kept

    def between(self, store: Repository[Any], columns: Columns, low: float, high: float) -> Run:
        """The ids whose value in the first term (ascending, a column of numbers) is in [low, high): a run of
        the order, found by bisection of its values in order (nulls are at one end, outside every range)."""
        field = self.terms[0]
        assert not field.startswith("-")
        order = self.order(store, columns)
        if self._numbers is None:
            column = columns(field)
            assert column.numbers is not None
            held = int(np.count_nonzero(column.present[order]))
            first = 0 if self.nulls_largest else len(order) - held
            self._numbers, self._first = column.numbers[order[first : first + held]], first
        below, above = self._place(low), self._place(high)
        held = len(self._numbers)
        # in an order by the field descending: the nulls if they are the largest, then the values from `high` up
        descending_start = (len(order) - held if self.nulls_largest else 0) + held - above
        return Run(field, order[self._first + below : self._first + above], self._first + below, descending_start)

    def _place(self, bound: float) -> int:
        """How many of the numbers in order are below `bound`."""
        assert self._numbers is not None
        if bound <= _INT64_MIN or bound > _INT64_MAX:
            return 0 if bound <= _INT64_MIN else len(self._numbers)
        return int(self._numbers.searchsorted(int(bound)))

    def _catch_up(self, store: Repository[Any], columns: Columns) -> None:
        if self._store_id == store.identity and self._version == store.version:
            return
        changed = store.changed_since(self._version) if self._store_id == store.identity else None
        self._store_id, self._version, self._rank, self._numbers = store.identity, store.version, None, None
        self._in_order = {}
        if changed is None or len(changed) > max(_RESORT_MIN, len(store) // _RESORT_SHARE):
            self._order = sort_array(np.array(store.ids(), dtype=np.int64), self.terms, columns, self.nulls_largest)
        else:
            self._move(store, list(changed), columns)

    def _move(self, store: Repository[Any], changed: list[int], columns: Columns) -> None:
        """Take the changed ids out, and put back those still records, each where the sort puts it."""
        gone = np.zeros(store.next_id, dtype=bool)
        gone[changed] = True
        kept = self._order[~gone[self._order]]
        back = np.array([record_id for record_id in changed if store.get(record_id) is not None], dtype=np.int64)
        if len(back):
            # in order among themselves, so that several put back at one place keep it (np.insert is stable)
            back = sort_array(back, self.terms, columns, self.nulls_largest)
            keys = [sort_key(columns(term.lstrip("-")), self.nulls_largest) for term in self.terms]
            descending = [term.startswith("-") for term in self.terms]
            places = [_place(kept, record_id, keys, descending) for record_id in back.tolist()]
            kept = np.insert(kept, places, back)
        self._order = kept


def _blocks(extreme: np.ufunc, values: np.ndarray) -> np.ndarray:
    """The greatest (or least) value of each block of _REACH_BLOCK values."""
    blocks: np.ndarray = extreme.reduceat(values, np.arange(0, len(values), _REACH_BLOCK))
    return blocks


def _place(order: np.ndarray, record_id: int, keys: list[Callable[[int], Any]], descending: list[bool]) -> int:
    """Where `record_id` goes in `order`: the number of ids there that come before it."""
    mine = [key(record_id) for key in keys]
    low, high = 0, len(order)
    while low < high:
        middle = (low + high) // 2
        if _precedes(int(order[middle]), mine, keys, descending):
            low = middle + 1
        else:
            high = middle
    return low


def _precedes(other: int, mine: list[Any], keys: list[Callable[[int], Any]], descending: list[bool]) -> bool:
    for key, own, reverse in zip(keys, mine, descending, strict=True):
        theirs = key(other)
        if theirs != own:
            return bool(theirs > own) if reverse else bool(theirs < own)
    return False


class OrderIndexes:
    """The orderings asked for lately, each kept up to date; the least recently used is dropped past _KEPT."""

    def __init__(self, nulls_largest: bool) -> None:
        self.nulls_largest = nulls_largest
        self._indexes: OrderedDict[tuple[str, ...], OrderIndex] = OrderedDict()

    def __getitem__(self, terms: tuple[str, ...]) -> OrderIndex:
        index = self._indexes.get(terms)
        if index is None:
            index = self._indexes[terms] = OrderIndex(terms, self.nulls_largest)
            if len(self._indexes) > _KEPT:
                self._indexes.popitem(last=False)
        self._indexes.move_to_end(terms)
        return index


def walk(
    selected: np.ndarray,
    count: int,
    window: tuple[int, int],
    order: np.ndarray,
    *,
    start: int = 0,
    skip: Callable[[], int] | None = None,
    budget: int | None = None,
) -> np.ndarray | None:
    """The selected ids at places [offset, stop) (`window`) of `order`. `selected` is a boolean array by id
    with `count` true, none of them before place `start`; None when the page is not found within `budget`
    places read.

    The order is read in growing chunks from `start`, the first sized to hold the page if the selected ids are
    spread evenly: a first page of a broad filter reads a few thousand ids, a deep page or a narrow filter
    reads further; when the first chunk falls short, `skip()` may give a later place to go on from, where no
    selected id comes before."""
    offset, stop = window[0], min(window[1], count)
    if offset >= stop:
        return np.zeros(0, dtype=np.int64)
    total = len(order)
    step = max(_FIRST_STEP, stop * (total - start) // count * _SPREAD[0] // _SPREAD[1])
    pieces, seen, read = [], 0, 0
    while seen < stop and start < total:
        if budget is not None and read >= budget:
            return None
        end = min(total, start + step)
        part = order[start:end]
        hits = part[selected[part]]
        if seen + len(hits) > offset:
            pieces.append(hits[max(0, offset - seen) : stop - seen])
        seen += len(hits)
        read += end - start
        start = end
        step *= 2
        if skip is not None and seen == 0:
            start, skip = max(start, skip()), None
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)


def nth_selected(selected: np.ndarray, window: tuple[int, int]) -> np.ndarray:
    """The places of the selected entries [offset, stop) of a boolean array: a first page starts at the first
    selected entry (`argmax` stops there), a later one counts blocks before its offset, and only the page's
    chunks are searched."""
    offset, stop = window
    seen = start = 0
    if offset == 0:
        start = int(selected.argmax()) if len(selected) else 0
        if len(selected) and not selected[start]:  # nothing is selected
            return np.zeros(0, dtype=np.int64)
    size = len(selected)
    for step in (_BLOCK, _CHUNK):  # counted in blocks up to the one holding the offset, then in chunks within it
        while start < size and seen + (here := int(np.count_nonzero(selected[start : start + step]))) <= offset:
            seen += here
            start += step
    pieces = []
    while start < size and seen < stop:
        hits = start + np.flatnonzero(selected[start : start + _CHUNK])
        pieces.append(hits[max(0, offset - seen) : stop - seen])
        seen += len(hits)
        start += _CHUNK
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)


def nth_selected_from_end(selected: np.ndarray, window: tuple[int, int]) -> np.ndarray:
    """`nth_selected` of the array read from its end (the places, in the array's own numbering): without a
    reversed view, which numpy reads far slower (no fast path for a negative stride)."""
    offset, stop = window
    seen, end = 0, len(selected)
    for step in (_BLOCK, _CHUNK):
        while end > 0 and seen + (here := int(np.count_nonzero(selected[max(0, end - step) : end]))) <= offset:
            seen += here
            end -= step
    pieces = []
    while end > 0 and seen < stop:
        begin = max(0, end - _CHUNK)
        hits = (begin + np.flatnonzero(selected[begin:end]))[::-1]
        pieces.append(hits[max(0, offset - seen) : stop - seen])
        seen += len(hits)
        end = begin
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)


def ranked(ids: np.ndarray, rank: np.ndarray, order: np.ndarray, offset: int, stop: int) -> np.ndarray:
    """The ids at places [offset, stop) once put in order by their `rank` (`order[rank[id]] == id`): only the
    first `stop` places are sorted, and the page's ids read back off the order (places are unique: partitioning
    them needs no index array beside them, as argpartition does)."""
    places = rank[ids]
    if stop < len(ids):
        places = np.partition(places, stop - 1)[:stop]
    places.sort()
    page: np.ndarray = order[places[offset:stop]]
    return page
