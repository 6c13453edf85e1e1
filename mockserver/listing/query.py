"""One list operation's query semantics, compiled from its spec: filter, search, order, page.

The order of the steps is DRF's filter-backend order (django-filter, then search, then ordering), so a bad
filter value is a 400 even when the search would have found nothing.

No query sorts the records or tests them one by one: everything it reads is kept up to date from the store's
change log. Filters are sets, computed by numpy over each field's column (`selection.py`), or, for a range of
an orderable field, read off that field's order (`order_index.py`); the search index gives its matches as a
set too. The page is then read from the ordering's maintained order, so a query costs about what combining
its sets costs plus what its page needs, whatever the filter, the ordering and the store's size.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import numpy as np

from hamta.openapi import Operation, Profile
from mockserver.listing.columns import Column, Columns
from mockserver.listing.filters import Predicate, active_predicates, compile_filters
from mockserver.listing.order_index import OrderIndex, OrderIndexes, Run, nth_selected, ranked, walk
from mockserver.listing.ordering import Orderer
from mockserver.listing.pagination import LimitOffset, PageWindow
from mockserver.listing.search import Searcher
from mockserver.listing.search_index import Found, SearchIndex
from mockserver.listing.selection import bounds, int64_ends, select
from mockserver.store import Repository

__all__ = ["ListQuery"]

# A search that finds at most this many records, or 1/_FEW_SHARE of the ids, ranks its matches by their place in
# the order; more, and it selects them in a boolean array and walks the order like a filter.
_FEW = 256
_FEW_SHARE = 64
_SORTED = 64  # few ids in id order are sorted; more are set in an array by id and counted off
_WALK_SHARE = 8  # a walk that reads past 1/8 of the order without its page gives way to counting in order
_SCATTER_SHARE = 4  # a range filter keeping under a quarter of the ids sets them; more, and it compares values
_ID_ORDERS: dict[tuple[str, ...], str] = {("-id",): "descending", ("id",): "ascending"}


class ListQuery:
    def __init__(self, operation: Operation, profile: Profile | None = None) -> None:
        """`profile` decides what the database decides: NULL placement, case folding, letter folding."""
        if operation.pagination is None or operation.pagination.style != "limit-offset":
            raise ValueError(f"{operation.operation_id}: only limit-offset lists are supported here")
        settings = profile.settings if profile else {}
        self.filters = compile_filters(operation.filters)
        self.searcher = (
            Searcher(operation.search, settings.get("case-folding", "unicode"), settings.get("normalize"))
            if operation.search
            else None
        )
        self.index = SearchIndex(self.searcher.field_texts()) if self.searcher else None
        nulls_largest = settings.get("nulls", "largest") == "largest"
        self.orderer = Orderer(operation.ordering, nulls_largest) if operation.ordering else None
        self.pager = LimitOffset(operation.pagination)
        self.columns = Columns()
        self.orders = OrderIndexes(nulls_largest)

    def window(self, query: Mapping[str, str]) -> PageWindow:
        return self.pager.window(query)

    def page(self, store: Repository[Any], query: Mapping[str, str], window: PageWindow) -> tuple[int, list[Any]]:
        """(count, the records of the page), for this query against the store as it is now."""
        predicates = active_predicates(self.filters, query)
        terms = self.searcher.terms(query.get(self.searcher.param, "")) if self.searcher else []
        ordering = self.orderer.effective(self.orderer.resolve(query.get(self.orderer.param))) if self.orderer else ()
        direction = _ID_ORDERS.get(ordering[:1] or ("id",))
        if not predicates and not terms and direction:
            # The store already holds records in id order: a page is a slice.
            return len(store), store.window(window.offset, window.limit, descending=direction == "descending")
        count, ids = self._matching(store, predicates, terms, ordering or ("id",), window)
        return count, store.many(ids)

    def _matching(
        self,
        store: Repository[Any],
        predicates: list[Predicate],
        terms: list[str],
        ordering: tuple[str, ...],
        window: PageWindow,
    ) -> tuple[int, list[int]]:
        """(count, the page's ids). The matches are a set, never sorted. When a search or a range filter (read
        off its field's order by bisection) leaves few candidates, the other filters test just those, and they
        are ranked by their place in the ordering. Otherwise the matches are a boolean array by id (every
        record, less what each filter drops), and the page comes from walking the ordering's maintained order
        (or the ids themselves, for an order by id) from the first place a match can be."""
        alive = self.columns.alive(store)
        size = len(alive)
        page = (window.offset, window.offset + window.limit)
        direction = _ID_ORDERS.get(ordering[:1])

        def column(name: str) -> Column:
            return self.columns.values(store, name)

        def index() -> OrderIndex:
            return self.orders[ordering]

        # Candidate sets (arrays of ids), each with the filter it stands for (None: the search), fewest first.
        found = self.index.found(store, terms) if self.index is not None and terms else None
        runs = {id(predicate): run for predicate in predicates if (run := self._run(store, predicate)) is not None}
        candidates: list[tuple[np.ndarray, Predicate | None]] = []
        if found is not None and found.ids is not None:
            candidates.append((found.ids, None))
        candidates += [(runs[id(predicate)].ids, predicate) for predicate in predicates if id(predicate) in runs]
        candidates.sort(key=lambda pair: len(pair[0]))
        fewest, chosen = candidates[0] if candidates else (None, None)

        if fewest is not None and len(fewest) <= max(_FEW, size // _FEW_SHARE):
            if found is not None and chosen is not None:
                fewest = fewest[_marked(found, size)[fewest]]
            for predicate in predicates:
                if predicate is not chosen:
                    fewest = fewest[select(predicate, column(predicate.field), alive, fewest)]
            if direction is not None and len(fewest) <= _SORTED:
                by_id = np.sort(fewest)
                return len(by_id), (by_id[::-1] if direction == "descending" else by_id)[slice(*page)].tolist()
            if direction is not None:  # set in an array by id, which is in id order
                return len(fewest), _by_id(_members(fewest, size), page, direction).tolist()
            return len(fewest), ranked(fewest, index().rank(store, column), *page).tolist()

        if found is None and direction is None and page[0] * _WALK_SHARE > size:  # a deep page: count in order
            answer = self._in_order(store, predicates, runs, ordering, page)
            if answer is not None:
                return answer
        selected = None if found is None else _marked(found, size)
        id_ranges = []
        for predicate in predicates:
            field = column(predicate.field)
            run = runs.get(id(predicate))
            if field.identity and not field.nulls and (ends := int64_ends(bounds(predicate, field))) is not None:
                id_ranges.append(ends)  # a range of the ids: a slice of the array by id, cleared below
                continue
            if run is not None and len(run.ids) * _SCATTER_SHARE < size:
                kept = _members(run.ids, size)  # a short run: setting its ids beats comparing every value
            else:
                kept = select(predicate, field, alive, slice(0, size))
            selected = kept.copy() if selected is None else np.logical_and(selected, kept, out=selected)
        selected = alive.copy() if selected is None else selected
        for ends in id_ranges:
            _keep_between(selected, ends)
        count = int(np.count_nonzero(selected))
        if not count:
            return 0, []
        if direction is not None:  # the array by id is in id order already
            return count, _by_id(selected, page, direction).tolist()
        # No match comes before a run of the ordering's own field, nor before the first candidate in the order.
        start = max([run.start_in(ordering) for run in runs.values()], default=0)

        def first_candidate() -> int:
            # worth a pass over the candidates' places only when they are far fewer than the order's ids
            if fewest is None or len(fewest) * _SCATTER_SHARE > size:
                return 0
            return int(index().rank(store, column)[fewest].min())

        order = index().order(store, column)
        # A first page of a broad filter is near the start of the order; a deep page, or matches the order puts
        # late, are counted off in order instead, when every filter can be put in order.
        budget = None if found is not None else size // _WALK_SHARE
        far = budget is not None and page[1] * (len(order) - start) // count > budget  # evenly spread, still far
        ids = None if far else walk(selected, count, page, order, start=start, skip=first_candidate, budget=budget)
        if ids is None:
            answer = self._in_order(store, predicates, runs, ordering, page)
            if answer is not None:
                return answer
            ids = walk(selected, count, page, order, start=start, skip=first_candidate)
        assert ids is not None
        return count, ids.tolist()

    def _in_order(
        self,
        store: Repository[Any],
        predicates: list[Predicate],
        runs: dict[int, Run],
        ordering: tuple[str, ...],
        page: tuple[int, int],
    ) -> tuple[int, list[int]] | None:
        """(count, the page's ids) from boolean arrays in the ordering's order, when every filter has one: a
        run of the ordering's own field is a span of the order, a filter on a flag or on whether a field is
        filled is gathered into the order once per write (`OrderIndex.in_order`), a range of ids compares the
        order itself. The page is then counted off in order, at the same cost on any page; None when some
        filter has no such array."""
        alive = self.columns.alive(store)
        size = len(alive)

        def column(name: str) -> Column:
            return self.columns.values(store, name)

        index = self.orders[ordering]
        order = index.order(store, column)
        low, high = 0, len(order)
        flags: list[np.ndarray] = []
        id_ranges: list[tuple[int | None, int | None]] = []
        for predicate in predicates:
            field = column(predicate.field)
            run = runs.get(id(predicate))
            if run is not None and ordering[0] in (run.field, f"-{run.field}"):
                start = run.start_in(ordering)
                low, high = max(low, start), min(high, start + len(run.ids))
            elif predicate.lookup == "has-value" or (predicate.lookup == "exact" and field.kind == "bool"):

                def by_id(predicate: Predicate = predicate, field: Column = field) -> np.ndarray:
                    return select(predicate, field, alive, slice(0, size))

                flags.append(
                    index.in_order(store, column, (predicate.field, predicate.lookup, predicate.wanted), by_id)
                )
            elif field.identity and not field.nulls and (ends := int64_ends(bounds(predicate, field))) is not None:
                if not ends:
                    return 0, []
                id_ranges.append(ends)
            else:
                return None
        if low >= high:
            return 0, []
        span = order[low:high]
        tests = [flag[low:high] for flag in flags]
        for first, last in id_ranges:
            tests += [span >= first] if first is not None else []
            tests += [span < last] if last is not None else []
        if not tests:
            return high - low, span[page[0] : page[1]].tolist()
        selected = tests[0]
        for test in tests[1:]:
            selected = selected & test
        return int(np.count_nonzero(selected)), span[nth_selected(selected, page)].tolist()

    def _run(self, store: Repository[Any], predicate: Predicate) -> Run | None:
        """The ids a range filter keeps, as a run of its field's order; None for a filter that is no range."""
        if self.orderer is None or predicate.field not in self.orderer.fields:
            return None
        span = bounds(predicate, self.columns.values(store, predicate.field))
        if span is None:
            return None
        index = self.orders[self.orderer.effective([predicate.field])]
        return index.between(store, lambda name: self.columns.values(store, name), *span)


def _keep_between(selected: np.ndarray, ends: tuple[int | None, int | None] | tuple[()]) -> None:
    """Clear the ids outside [low, high) (None: open) in a boolean array by id."""
    if not ends:
        selected[:] = False
        return
    low, high = ends
    selected[: max(0, low or 0)] = False
    if high is not None:
        selected[max(0, high) :] = False


def _by_id(selected: np.ndarray, page: tuple[int, int], direction: str) -> np.ndarray:
    """The selected ids at places [offset, stop) in id order (or its reverse), from a boolean array by id."""
    if direction == "ascending":
        return nth_selected(selected, page)
    return len(selected) - 1 - nth_selected(selected[::-1], page)


def _members(ids: np.ndarray, size: int) -> np.ndarray:
    """The ids as a boolean array by id."""
    members = np.zeros(size, dtype=bool)
    members[ids] = True
    return members


def _marked(found: Found, size: int) -> np.ndarray:
    """What a search found, as a boolean array by id of its own."""
    return found.mask if found.mask is not None else _members(cast(np.ndarray, found.ids), size)
