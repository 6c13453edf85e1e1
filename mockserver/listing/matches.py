"""One query's matches and its page, read from the indexes without sorting or testing record by record.

The matches are a set, never sorted: a search's ids or boolean array (`search_index.py`), a range filter's run
of its field's order (`order_index.Run`), and each other filter a boolean array by id (`selection.py`). The
page then comes out one of four ways, each answering exactly what a scan and a stable sort would:

- few candidates (a narrow search or range): the other filters test just those, and they are ranked by their
  place in the ordering;
- an order by id: the boolean array by id is already in order, and the page is counted off it;
- without a search: every filter put in the ordering's order (`in_order`: flags, day numbers, ids gathered
  into it once per write); a first page is scanned from the start of the order, the count taken from the
  arrays by id, and a deep page counted off the whole span in order, at the same cost on any page;
- with a search: the order walked from the first place a match can be, keeping selected ids.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

import numpy as np

from mockserver.listing.columns import Column
from mockserver.listing.filters import Predicate
from mockserver.listing.order_index import IDS, OrderIndex, Run, nth_selected, nth_selected_from_end, ranked, walk
from mockserver.listing.search_index import Found
from mockserver.listing.selection import DAY_LOOKUPS, day_of, int64_bounds, select
from mockserver.store import Repository

__all__ = ["Matches", "few"]

# Candidates at most this many, or 1/_FEW_SHARE of the ids, are ranked by their place in the order.
_FEW = 256
_FEW_SHARE = 64
_SORTED = 64  # few ids in id order are sorted; more are set in an array by id and counted off
_WALK_SHARE = 8  # a walk that reads past 1/8 of the order without its page gives way to counting in order
# Pages from this offset on are counted off in order when every filter can be put in order (`_in_order`): at a
# flat cost (a comparison or two over the order), where a walk costs what it reads, which a filter that the
# order puts late (a date range in another field's order) makes most of the order.
_IN_ORDER_FROM = 0
_FIRST_SPAN = 1024  # the least a scan of arrays in order reads at once
_SPREAD = (5, 4)  # and its first piece holds the page if the matches are spread evenly, and a quarter more
_LISTED = 4096  # a piece of a scan at most this long has its matches listed; a longer one is counted first
# Few matches (`few`) whose page a walk would find only past 1/_RANK_SHARE of the order are ranked instead.
_RANK_SHARE = 16
# A range filter keeping under 1/64 of the ids sets them in an array by id; more, and it compares values (a pass
# over 2-byte day numbers costs about what setting 1,500 scattered ids does).
_SCATTER_SHARE = 64
# A count over a range of ids holding at most 1/_INSIDE_SHARE of the ids passes over it; over a wider one, over
# the ids outside it (the filter's count over every record less theirs).
_INSIDE_SHARE = 2
# A deep page counted off in order clears the places of the ids outside a range of ids when they are at most
# 1/_OUTSIDE_SHARE of the span; more, and it compares every id in order.
_OUTSIDE_SHARE = 8
_ID_ORDERS: dict[tuple[str, ...], str] = {("-id",): "descending", ("id",): "ascending"}

Window = tuple[int, int]  # places [offset, stop) of the ordered matches
InOrder = tuple[Hashable, np.ndarray, Any, Any]  # a filter's array in an order, under its key, and [first, last)


@dataclass
class Matches:
    """A query's filters, runs and search against the store as it is now, in one ordering (ending in the id)."""

    store: Repository[Any]
    column: Callable[[str], Column]  # a field's column, caught up with the store
    alive: np.ndarray  # which ids are records
    index: OrderIndex  # the ordering's order
    predicates: list[Predicate]
    runs: dict[int, Run]  # by id() of the range filter each stands for
    found: Found | None  # what the search found; None without search terms

    def page(self, window: Window) -> tuple[int, list[int]]:
        """(count, the ids at places [offset, stop) of the ordered matches)."""
        ordering = self.index.terms
        direction = _ID_ORDERS.get(ordering[:1])
        fewest, chosen = self._fewest()
        if fewest is not None and len(fewest) <= few(len(self.alive)):
            return self._few(fewest, chosen, window, direction)
        if self.found is None and direction is None and window[0] >= _IN_ORDER_FROM:
            answer = self._in_order(window)
            if answer is not None:
                return answer
        selected = self._selected()
        # a search alone: the search counted its matches already
        alone = self.found is not None and not self.predicates
        count = cast(Found, self.found).count if alone else int(np.count_nonzero(selected))
        if not count:
            return 0, []
        if direction is not None:  # the array by id is in id order already
            return count, _by_id(selected, window, direction).tolist()
        return self._walked(selected, count, fewest, window)

    def _fewest(self) -> tuple[np.ndarray | None, Predicate | None]:
        """The smallest candidate set (an array of ids: the search's or a run), and the filter it stands for."""
        candidates: list[tuple[np.ndarray, Predicate | None]] = []
        if self.found is not None and self.found.ids is not None:
            candidates.append((self.found.ids, None))
        candidates += [(run.ids, p) for p in self.predicates if (run := self.runs.get(id(p))) is not None]
        return min(candidates, key=lambda pair: len(pair[0]), default=(None, None))

    def _few(
        self, ids: np.ndarray, chosen: Predicate | None, window: Window, direction: str | None
    ) -> tuple[int, list[int]]:
        """The candidates the other filters (and the search) keep, ranked."""
        size = len(self.alive)
        if self.found is not None and chosen is not None:
            ids = ids[_marked(self.found, size)[ids]]
        for predicate in self.predicates:
            if predicate is not chosen:
                field = self.column(predicate.field)
                ends = _id_range(predicate, field)  # a range of the ids themselves: compared with the ids
                ids = ids[select(predicate, field, self.alive, ids) if ends is None else _between(ids, ends)]
        if direction is not None and len(ids) <= _SORTED:
            by_id = np.sort(ids)
            return len(by_id), (by_id[::-1] if direction == "descending" else by_id)[slice(*window)].tolist()
        if direction is not None:  # set in an array by id, which is in id order
            return len(ids), _by_id(_members(ids, size), window, direction).tolist()
        return len(ids), self._ranked(ids, window)

    def _selected(self) -> np.ndarray:
        """The matches as a boolean array by id: the search's, less what each filter drops."""
        size = len(self.alive)
        selected = None if self.found is None else _marked(self.found, size)
        id_ranges = []
        for predicate in self.predicates:
            field = self.column(predicate.field)
            if (ends := _id_range(predicate, field)) is not None:
                id_ranges.append(ends)  # a range of the ids: a slice of the array by id, cleared below
                continue
            run = self.runs.get(id(predicate))
            if run is not None and len(run.ids) * _SCATTER_SHARE < size:
                kept = _members(run.ids, size)  # a short run: setting its ids beats comparing every value
            else:
                kept = select(predicate, field, self.alive, slice(0, size))
            if selected is None:  # the first filter's array: a column's own (a view of it) is copied, not changed
                selected = kept.copy() if kept.base is not None else kept
            else:
                selected = np.logical_and(selected, kept, out=selected)
        selected = self.alive.copy() if selected is None else selected
        for ends in id_ranges:
            _keep_between(selected, ends)
        return selected

    def _walked(
        self, selected: np.ndarray, count: int, fewest: np.ndarray | None, window: Window
    ) -> tuple[int, list[int]]:
        """The page from walking the order; or from counting in order, when the walk would go far."""
        size = len(self.alive)
        order = self.index.order(self.store, self.column)
        # No match comes before a run of the ordering's own field, nor before the first candidate in the order,
        # nor before the first place every filter can pass (`OrderIndex.reached`).
        start = max([run.start_in(self.index.terms) for run in self.runs.values()], default=0)

        def first_candidate() -> int:
            # worth a pass over the candidates' places only when they are far fewer than the order's ids
            if fewest is None or len(fewest) * _SCATTER_SHARE > size:
                return 0
            return int(self.index.rank(self.store, self.column)[fewest].min())

        def first_place() -> int:
            place = 0 if few_matches else first_candidate()
            for predicate in self.predicates:  # there are matches: no filter keeps nothing
                arrays = self._in_order_of(predicate, self.column(predicate.field))
                if arrays:
                    place = max(place, self.index.reached(*arrays))
            return place

        # A first page of a broad filter is near the start of the order. A page the walk would read far for (few
        # matches, or a deep page) comes from counting in order when every filter can be put in order, else, for
        # few matches, from ranking them all: a pass to list them, and their places sorted.
        few_matches = count <= few(size)
        reach = window[1] * (len(order) - start) // count  # what a walk reads, if the matches are spread evenly
        if few_matches and reach * _RANK_SHARE > size:
            return count, self._ranked(np.flatnonzero(selected), window)
        budget = size // _WALK_SHARE
        if reach <= budget:
            ids = walk(selected, count, window, order, start=start, skip=first_place, budget=budget)
            if ids is not None:
                return count, ids.tolist()
        answer = self._in_order(window)
        if answer is not None:
            return answer
        if few_matches:
            return count, self._ranked(np.flatnonzero(selected), window)
        ids = walk(selected, count, window, order, start=start, skip=first_place)
        return count, cast(np.ndarray, ids).tolist()

    def _ranked(self, ids: np.ndarray, window: Window) -> list[int]:
        """The page of a few matches (their ids), ranked by their places in the order."""
        index, store, columns = self.index, self.store, self.column
        page = ranked(ids, index.rank(store, columns), index.order(store, columns), *window)
        return cast(list[int], page.tolist())

    def _in_order(self, window: Window) -> tuple[int, list[int]] | None:
        """(count, the page's ids) from arrays in the ordering's order, when every filter has one: a run of the
        ordering's own field is a span of the order; a filter on a flag or on whether a field is filled is its
        boolean array gathered into the order, a date range compares the field's day numbers gathered into the
        order, another range its numbers, a range of ids the order's ids (each gathered once per write,
        `OrderIndex.in_order`). Every page then costs the same: a comparison or two over the order, a count,
        and the page counted off. None when some filter has no such array (and for a search)."""
        if self.found is not None:
            return None
        terms, index, store, columns = self.index.terms, self.index, self.store, self.column
        order = index.order(store, columns)
        low, high = 0, len(order)
        # No match before each of these places: a filter's first place that can pass it (`OrderIndex.reached`),
        # asked only when the first piece of a scan holds no match.
        floors: list[Callable[[], int]] = []
        tests: list[Callable[[int, int], np.ndarray]] = []  # of places [start, end) of the order
        id_tests: list[Callable[[int, int], np.ndarray]] = []  # the same for ranges of ids
        id_ends: list[tuple[int | None, int | None]] = []
        for predicate in self.predicates:
            field = self.column(predicate.field)
            run = self.runs.get(id(predicate))
            if run is not None and terms[0] in (run.field, f"-{run.field}"):
                start = run.start_in(terms)
                low, high = max(low, start), min(high, start + len(run.ids))
                continue
            arrays = self._in_order_of(predicate, field)
            if arrays is None:
                return None
            if not arrays:
                return 0, []
            key, values, first, last = arrays
            floors.append(partial(index.reached, key, values, first, last))
            if key == IDS:
                id_ends.append((first, last))
                id_tests += _ranged(values, first, last)
            elif values.dtype == bool:  # a flag, or whether a field is filled
                tests.append(_span_of(values))
            else:
                tests += _ranged(values, first, last)
                if field.nulls:  # a null's number is 0: only the values held are in the range
                    name = predicate.field
                    held = index.in_order(store, columns, ("present", name), partial(_vector, field, "present"))
                    tests.append(_span_of(held))
        if low >= high:
            return 0, []
        if not tests and not id_tests:
            return high - low, order[low + window[0] : min(high, low + window[1])].tolist()

        def selected(start: int, end: int) -> np.ndarray:
            """Whether each id at places [start, end) of the order is a match."""
            return cast(np.ndarray, _combined(tests + id_tests, start, end))

        if window[0] * _WALK_SHARE > high - low:  # a deep page: the whole span is read anyway
            outside = self._outside(id_ends, low, high)
            if outside is None:
                kept = selected(low, high)
            else:  # the few ids outside the ids' range cleared at their places, not every id compared
                combined = _combined(tests, low, high, own=True)
                kept = np.ones(high - low, dtype=bool) if combined is None else combined
                kept[outside - low] = False
            return int(np.count_nonzero(kept)), order[low:high][nth_selected(kept, window)].tolist()
        count = self._count()
        places = _scanned(selected, count, window, low, high, lambda: max((floor() for floor in floors), default=0))
        return count, order[places].tolist()

    def _in_order_of(self, predicate: Predicate, field: Column) -> InOrder | tuple[()] | None:
        """A filter as an array in the ordering's order (gathered once per write, `OrderIndex.in_order`) and what
        it keeps there: (its key, the array, [first, last)). A filter on a flag or on whether a field is filled is
        its boolean array (first: True, last: None), a range of ids the order's ids, a date range the field's day
        numbers, another range its numbers (nulls are 0: the caller tests `present` too). () when the filter
        keeps nothing; None when it has no such array."""
        index, store, columns = self.index, self.store, self.column
        if predicate.lookup == "has-value" or (predicate.lookup == "exact" and field.kind == "bool"):
            wanted = (predicate.field, predicate.lookup, predicate.wanted)
            every = partial(select, predicate, field, self.alive, slice(0, len(self.alive)))
            return wanted, index.in_order(store, columns, wanted, every), True, None
        if (ends := _id_range(predicate, field)) is not None:
            return (IDS, index.ids_in_order(store, columns), *ends) if ends else ()
        if (ends := int64_bounds(predicate, field)) is not None:
            if not ends:
                return ()
            (first, last), vector = ends, "numbers"
            if field.days is not None and predicate.lookup in DAY_LOOKUPS:
                vector, first, last = "days", day_of(first), day_of(last)
            key = (vector, predicate.field)
            return key, index.in_order(store, columns, key, partial(_vector, field, vector)), first, last
        return None

    def _outside(self, id_ends: list[tuple[int | None, int | None]], low: int, high: int) -> np.ndarray | None:
        """The places in [low, high) of the order of the records outside the ranges of ids, when they are few
        (`id_min` in the lowest fifth of the ids leaves out a fifth at most): read off the order's places by id
        for just those ids, where comparing every id in order reads the whole span's ids. None when they are
        many (or there is no range of ids)."""
        if not id_ends:
            return None
        size = len(self.alive)
        first = max([0, *[ends[0] for ends in id_ends if ends[0] is not None]])
        last = min([size, *[ends[1] for ends in id_ends if ends[1] is not None]])
        first, last = min(first, size), max(last, 0)
        if first >= last or (first + size - last) * _OUTSIDE_SHARE > high - low:
            return None
        rank, alive = self.index.rank(self.store, self.column), self.alive
        places = np.concatenate((rank[:first][alive[:first]], rank[last:size][alive[last:size]]))
        if low or high < len(self.index.order(self.store, self.column)):  # a span of the order: the places in it
            places = places[(places >= low) & (places < high)]
        return places

    def _count(self) -> int:
        """How many ids match. With one filter besides ranges of ids (the usual list screen: a checkbox or a
        date range, and `id_min`), from that filter's count over every record (a range of an orderable field:
        its run's length; a flag or whether a field is filled: kept by its column until a change,
        `Column.counted`) less its matches outside the ids' range: a pass over the ids outside the range, or
        over those inside when fewer, instead of every filter's array over every id."""
        size = len(self.alive)
        low, high = 0, size
        others: list[tuple[Predicate, Column]] = []
        for predicate in self.predicates:
            field = self.column(predicate.field)
            ends = _id_range(predicate, field)
            if ends is None:
                others.append((predicate, field))
            elif not ends:
                return 0
            else:
                low, high = max(low, ends[0] or 0), min(high, size if ends[1] is None else ends[1])
        if low >= high:
            return 0
        total = self._total(*others[0]) if len(others) == 1 else None
        if total is None:
            return int(np.count_nonzero(self._selected()))
        predicate, field = others[0]

        def counted(start: int, end: int) -> int:
            if start >= end:
                return 0
            return int(np.count_nonzero(select(predicate, field, self.alive, slice(start, end))))

        if (high - low) * _INSIDE_SHARE <= size:
            return counted(low, high)
        return total - counted(0, low) - counted(high, size)

    def _total(self, predicate: Predicate, field: Column) -> int | None:
        """The filter's matches among every record, when kept or cheap to keep; None otherwise."""
        run = self.runs.get(id(predicate))
        if run is not None:
            return len(run.ids)  # a range of the field's values held: a run of its order
        lookup, size = predicate.lookup, len(self.alive)
        if lookup == "has-value" or (lookup == "exact" and field.kind == "bool"):
            every = partial(select, predicate, field, self.alive, slice(0, size))
            return field.counted((lookup, predicate.wanted), lambda: int(np.count_nonzero(every())))
        return None


def _combined(
    tests: list[Callable[[int, int], np.ndarray]], start: int, end: int, *, own: bool = False
) -> np.ndarray | None:
    """Whether each place [start, end) passes every test (None: no test); an array of its own when `own`, else
    perhaps a view of an array a test reads (a flag's, not to be written)."""
    if not tests:
        return None
    kept = tests[0](start, end)
    if own and kept.base is not None:
        kept = kept.copy()
    for test in tests[1:]:
        kept = np.logical_and(kept, test(start, end), out=kept if kept.base is None else None)
    return kept


def _scanned(
    selected: Callable[[int, int], np.ndarray],
    count: int,
    window: Window,
    low: int,
    high: int,
    skip: Callable[[], int] | None,
) -> np.ndarray:
    """The places [offset, stop) of the `count` matches in places [low, high) of an order, `selected` telling
    which places of a span are matches. The span is read from its start in growing pieces, the first sized to
    hold the page if the matches are spread evenly, so that a first page reads a few thousand places of each
    array in order (the count came from the arrays by id, which every ordering shares and so are more often in
    the processor's cache); each further piece twice the one before, so that matches the order puts late (an
    `id_min` in an order by a date: the lowest ids come first, and none of them is a match) cost at most twice
    what reading up to them does, not a pass over the whole span. When the first piece holds no match, `skip()`
    may give a later place to go on from, where no match comes before (where every filter can first pass)."""
    offset, stop = window[0], min(window[1], count)
    if offset >= stop:
        return np.zeros(0, dtype=np.int64)
    step = max(_FIRST_SPAN, stop * (high - low) // count * _SPREAD[0] // _SPREAD[1])
    pieces, seen, start = [], 0, low
    while seen < stop and start < high:
        end = min(high, start + step)
        kept = selected(start, end)
        if end - start <= _LISTED:  # a short piece: its matches listed
            hits = start + np.flatnonzero(kept)
            here = hits[max(0, offset - seen) : stop - seen]
            seen = stop if end == high else seen + len(hits)
        else:  # a long one: counted, and only the page's places listed
            here = start + nth_selected(kept, (max(0, offset - seen), stop - seen))
            whole = end == high or len(here) == stop - max(offset, seen)
            seen = stop if whole else seen + int(np.count_nonzero(kept))
        pieces.append(here)
        start, step = end, step * 2
        if not seen and skip is not None:
            start, skip = max(start, skip()), None
    return np.concatenate(pieces)


def _vector(column: Column, name: str) -> np.ndarray:
    """One of a column's arrays by id, as it is when asked (for `OrderIndex.in_order` to gather)."""
    vector: np.ndarray = getattr(column, name)
    return vector


def _span_of(flags: np.ndarray) -> Callable[[int, int], np.ndarray]:
    """The test of places [low, high) that reads them off a boolean array in order."""

    def span(low: int, high: int) -> np.ndarray:
        return flags[low:high]

    return span


def _ranged(values: np.ndarray, first: int | None, last: int | None) -> list[Callable[[int, int], np.ndarray]]:
    """Tests of places [low, high) of values in some order: at least `first`, below `last` (None: open)."""
    tests: list[Callable[[int, int], np.ndarray]] = []
    if first is not None:
        tests.append(lambda low, high: values[low:high] >= first)
    if last is not None:
        tests.append(lambda low, high: values[low:high] < last)
    return tests


def few(size: int) -> int:
    """The most candidates ranked by their place (of `size` ids): more, and the filters are combined as arrays."""
    return max(_FEW, size // _FEW_SHARE)


def _id_range(predicate: Predicate, field: Column) -> tuple[int | None, int | None] | tuple[()] | None:
    """[low, high) of a range filter on the ids themselves (a column whose values are the records' ids)."""
    if not field.identity or field.nulls:
        return None
    return int64_bounds(predicate, field)


def _keep_between(selected: np.ndarray, ends: tuple[int | None, int | None] | tuple[()]) -> None:
    """Clear the ids outside [low, high) (None: open; (): every id) in a boolean array by id."""
    if not ends:
        selected[:] = False
        return
    low, high = ends
    selected[: max(0, low or 0)] = False
    if high is not None:
        selected[max(0, high) :] = False


def _between(ids: np.ndarray, ends: tuple[int | None, int | None] | tuple[()]) -> np.ndarray:
    """Whether each of the ids is in [low, high) (None: open; (): no id is)."""
    if not ends:
        return np.zeros(len(ids), dtype=bool)
    low, high = ends
    kept = ids >= low if low is not None else np.ones(len(ids), dtype=bool)
    if high is not None:
        kept &= ids < high
    return kept


def _by_id(selected: np.ndarray, window: Window, direction: str) -> np.ndarray:
    """The selected ids at places [offset, stop) in id order (or its reverse), from a boolean array by id."""
    if direction == "ascending":
        return nth_selected(selected, window)
    return nth_selected_from_end(selected, window)


def _members(ids: np.ndarray, size: int) -> np.ndarray:
    """The ids as a boolean array by id."""
    members = np.zeros(size, dtype=bool)
    members[ids] = True
    return members


def _marked(found: Found, size: int) -> np.ndarray:
    """What a search found, as a boolean array by id of its own."""
    return found.mask if found.mask is not None else _members(cast(np.ndarray, found.ids), size)
