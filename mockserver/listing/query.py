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
from mockserver.listing.order_index import OrderIndex, OrderIndexes, Run, ranked, walk
from mockserver.listing.ordering import Orderer
from mockserver.listing.pagination import LimitOffset, PageWindow
from mockserver.listing.search import Searcher
from mockserver.listing.search_index import Found, SearchIndex
from mockserver.listing.selection import bounds, select
from mockserver.store import Repository

__all__ = ["ListQuery"]

# A search that finds at most this many records, or 1/_FEW_SHARE of the ids, ranks its matches by their place in
# the order; more, and it selects them in a boolean array and walks the order like a filter.
_FEW = 256
_FEW_SHARE = 64
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
            if direction is not None:
                by_id = np.sort(fewest)
                return len(by_id), (by_id[::-1] if direction == "descending" else by_id)[slice(*page)].tolist()
            return len(fewest), ranked(fewest, index().rank(store, column), *page).tolist()

        selected = alive.copy() if found is None else _marked(found, size)
        for predicate in predicates:
            run = runs.get(id(predicate))
            if run is not None and len(run.ids) * _SCATTER_SHARE < size:
                selected &= _members(run.ids, size)  # a short run: setting its ids beats comparing every value
            else:
                selected &= select(predicate, column(predicate.field), alive, slice(0, size))
        count = int(np.count_nonzero(selected))
        if not count:
            return 0, []
        if direction is not None:  # the array by id is in id order already
            descending = direction == "descending"
            start = 0 if fewest is None else (size - 1 - int(fewest.max()) if descending else int(fewest.min()))
            return count, walk(selected, count, page, descending=descending, start=start).tolist()
        # No match comes before a run of the ordering's own field, nor before the first candidate in the order.
        start = max([run.start_in(ordering) for run in runs.values()], default=0)

        def first_candidate() -> int:
            # worth a pass over the candidates' places only when they are far fewer than the order's ids
            if fewest is None or len(fewest) * _SCATTER_SHARE > size:
                return 0
            return int(index().rank(store, column)[fewest].min())

        order = index().order(store, column)
        return count, walk(selected, count, page, order, start=start, skip=first_candidate).tolist()

    def _run(self, store: Repository[Any], predicate: Predicate) -> Run | None:
        """The ids a range filter keeps, as a run of its field's order; None for a filter that is no range."""
        if self.orderer is None or predicate.field not in self.orderer.fields:
            return None
        span = bounds(predicate, self.columns.values(store, predicate.field))
        if span is None:
            return None
        index = self.orders[self.orderer.effective([predicate.field])]
        return index.between(store, lambda name: self.columns.values(store, name), *span)


def _members(ids: np.ndarray, size: int) -> np.ndarray:
    """The ids as a boolean array by id."""
    members = np.zeros(size, dtype=bool)
    members[ids] = True
    return members


def _marked(found: Found, size: int) -> np.ndarray:
    """What a search found, as a boolean array by id of its own."""
    return found.mask if found.mask is not None else _members(cast(np.ndarray, found.ids), size)
