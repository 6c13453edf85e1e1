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

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import numpy as np

from hamta.openapi import Operation, Profile
from mockserver.listing.columns import Column, Columns
from mockserver.listing.filters import Predicate, active_predicates, compile_filters
from mockserver.listing.matches import Matches, few
from mockserver.listing.order_index import OrderIndexes, Run
from mockserver.listing.ordering import Orderer
from mockserver.listing.pagination import LimitOffset, PageWindow
from mockserver.listing.search import Searcher
from mockserver.listing.search_index import SearchIndex
from mockserver.listing.selection import bounds, int64_ends
from mockserver.store import Repository

__all__ = ["ListQuery"]

_ID_ORDERS: dict[tuple[str, ...], str] = {("-id",): "descending", ("id",): "ascending"}
_PAGES_KEPT = 64


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
        params = [compiled.param for compiled in self.filters]
        params += [part.param for part in (self.searcher, self.orderer) if part is not None]
        self._params = frozenset(params)  # what a page's key is made of, with its window
        # The last pages answered, until the next write: a page asked again (a frontend polling) is not
        # worked out again. Only the page's ids are kept; any other query does its whole work.
        self._pages: OrderedDict[tuple[Any, ...], tuple[int, list[int]]] = OrderedDict()
        self._pages_of: tuple[int, int] = (0, -1)  # (store identity, version) the pages were answered from

    def window(self, query: Mapping[str, str]) -> PageWindow:
        return self.pager.window(query)

    def page(self, store: Repository[Any], query: Mapping[str, str], window: PageWindow) -> tuple[int, list[Any]]:
        """(count, the records of the page), for this query against the store as it is now."""
        predicates = active_predicates(self.filters, query)
        terms = self.searcher.terms(query.get(self.searcher.param, "")) if self.searcher else ()
        ordering = self.orderer.ordered(query.get(self.orderer.param)) if self.orderer else ()
        direction = _ID_ORDERS.get(ordering[:1] or ("id",))
        if not predicates and not terms and direction:
            # The store already holds records in id order: a page is a slice.
            return len(store), store.window(window.offset, window.limit, descending=direction == "descending")
        key = (
            frozenset([(name, value) for name, value in query.items() if name in self._params]),
            window.offset,
            window.limit,
        )
        page = self._remembered(store, key)
        if page is None:
            page = self._matching(store, predicates, terms, ordering or ("id",), window)
            self._pages[key] = page
            if len(self._pages) > _PAGES_KEPT:
                self._pages.popitem(last=False)
        return page[0], store.many(page[1])

    def _remembered(self, store: Repository[Any], key: tuple[Any, ...]) -> tuple[int, list[int]] | None:
        if self._pages_of != (store.identity, store.version):  # any write, or a new store, makes every page stale
            self._pages.clear()
            self._pages_of = (store.identity, store.version)
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def _matching(
        self,
        store: Repository[Any],
        predicates: list[Predicate],
        terms: tuple[str, ...],
        ordering: tuple[str, ...],
        window: PageWindow,
    ) -> tuple[int, list[int]]:
        """(count, the page's ids), from the indexes as they are after the store's last write."""

        def column(name: str) -> Column:
            return self.columns.values(store, name)

        # With filters, a search's ids are kept up to as many as a query ranks (its candidates: the filters test just
        # those, where a boolean array would be combined with each filter's over every id); alone, from a few hundred
        # on, its boolean array is counted and paged by id at less cost.
        candidates = few(store.next_id)
        found = (
            self.index.found(store, terms, candidates if predicates else 0)
            if self.index is not None and terms
            else None
        )
        # A search that found few ids is the query's candidates whatever the runs: they are not looked up.
        narrow = found is not None and found.ids is not None and len(found.ids) <= candidates
        matches = Matches(
            store=store,
            column=column,
            alive=self.columns.alive(store),
            index=self.orders[ordering],
            predicates=predicates,
            runs={} if narrow else self._runs(store, predicates, ordering[0].lstrip("-")),
            found=found,
        )
        return matches.page((window.offset, window.offset + window.limit))

    def _runs(self, store: Repository[Any], predicates: list[Predicate], ordered_by: str) -> dict[int, Run]:
        """The range filters' runs, by id() of the filter each stands for."""
        runs = ((predicate, self._run(store, predicate, ordered_by)) for predicate in predicates)
        return {id(predicate): run for predicate, run in runs if run is not None}

    def _run(self, store: Repository[Any], predicate: Predicate, ordered_by: str) -> Run | None:
        """The ids a range filter keeps, as a run of its field's order; None for a filter that is no range, and
        for a flag (`is_viewed`) unless the list is ordered by it: its run is about half the ids, rarely few enough
        to rank, and the flag's array by id answers it everywhere else (a bisection of another ordering's 800 KB
        of numbers saved)."""
        if self.orderer is None or predicate.field not in self.orderer.fields:
            return None
        column = self.columns.values(store, predicate.field)
        if column.kind == "bool" and predicate.field != ordered_by:
            return None
        span = bounds(predicate, column)
        if span is None:
            return None
        if column.identity and not column.nulls:
            return self._id_run(store, predicate.field, span)
        index = self.orders[self.orderer.effective([predicate.field])]
        return index.between(store, lambda name: self.columns.values(store, name), *span)

    def _id_run(self, store: Repository[Any], field: str, span: tuple[float, float]) -> Run | None:
        """A range of the ids themselves (`id_min`, rides on most queries): every other way of answering takes it
        as a slice of the arrays by id (`matches._id_range`), so it is a run only when its ids are few enough to
        be the query's candidates, read off `alive` without an order. Its places in an order are never read: an
        order by id is answered by id."""
        ends = int64_ends(span)
        size = store.next_id
        low, high = (0, 0) if not ends else (max(0, ends[0] or 0), min(size, size if ends[1] is None else ends[1]))
        if high - low > few(size):
            return None
        ids = low + np.flatnonzero(self.columns.alive(store)[low : max(low, high)])
        return Run(field, ids, 0, 0)
