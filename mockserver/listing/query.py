"""One list operation's query semantics, compiled from its spec: filter, search, order, page.

The order of the steps is DRF's filter-backend order (django-filter, then search, then ordering), so a bad
filter value is a 400 even when the search would have found nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from hamta.openapi import Operation, Profile
from mockserver.listing.columns import Columns
from mockserver.listing.filters import Predicate, active_predicates, compile_filters
from mockserver.listing.ordering import Orderer
from mockserver.listing.pagination import LimitOffset, PageWindow
from mockserver.listing.search import Searcher
from mockserver.listing.search_index import SearchIndex
from mockserver.store import Repository

__all__ = ["ListQuery"]

_CACHE_SIZE = 64
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
        params = [compiled.param for compiled in self.filters]
        if self.searcher is not None:
            params.append(self.searcher.param)
        self._params = tuple(params)
        self._cache: OrderedDict[tuple[Any, ...], list[int]] = OrderedDict()
        self._cache_of: tuple[int, int] = (0, -1)  # (store identity, version) the cache was filled from

    def _searched_ids(self, store: Repository[Any], terms: list[str], *, in_order: bool) -> list[int]:
        """The ids of every record holding every term; in id order when `in_order` (else any order)."""
        if not terms or self.index is None:
            return store.ids()
        return self.index.matching_ids(store, terms, in_order=in_order)

    def window(self, query: Mapping[str, str]) -> PageWindow:
        return self.pager.window(query)

    def page(self, store: Repository[Any], query: Mapping[str, str], window: PageWindow) -> tuple[int, list[Any]]:
        """(count, the records of the page), for this query against the store as it is now."""
        predicates = active_predicates(self.filters, query)
        terms = self.searcher.terms(query.get(self.searcher.param, "")) if self.searcher else []
        ordering = self.orderer.resolve(query.get(self.orderer.param)) if self.orderer else ["id"]
        direction = _ID_ORDERS.get(tuple(ordering))
        stop = window.offset + window.limit
        if not predicates and direction:
            descending = direction == "descending"
            if not terms:
                # The store already holds records in id order: a page is a slice, not a sort.
                return len(store), store.window(window.offset, window.limit, descending=descending)
            ordered = self._search_ids(store, terms, descending)
            # An id-ordered search needs only the ids of the matches; read just the page's records.
            return len(ordered), store.many(ordered[window.offset : stop])
        matched = self._matching(store, query, predicates, terms, ordering)
        return len(matched), store.many(matched[window.offset : stop])

    def _cached(self, store: Repository[Any], key: tuple[Any, ...]) -> list[int] | None:
        # Any write (or a reset, which brings a new store) makes every cached list stale at once.
        if self._cache_of != (id(store), store.version):
            self._cache.clear()
            self._cache_of = (id(store), store.version)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
        return cached

    def _remember(self, key: tuple[Any, ...], items: list[int]) -> list[int]:
        self._cache[key] = items
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return items

    def _search_ids(self, store: Repository[Any], terms: list[str], descending: bool) -> list[int]:
        """The matching ids in id order (or reversed), cached like any list until the next write."""
        assert self.index is not None  # terms come only from a searcher, and a searcher always has an index
        key = ("ids", tuple(terms), descending)
        cached = self._cached(store, key)
        if cached is not None:
            return cached
        ids = self.index.matching_ids(store, terms)
        return self._remember(key, ids[::-1] if descending else ids)

    def _matching(
        self,
        store: Repository[Any],
        query: Mapping[str, str],
        predicates: list[Predicate],
        terms: list[str],
        order: list[str],
    ) -> list[int]:
        """The ids of the whole result in order, cached until the next write. Ids, not records, flow through
        filter and sort: each step reads one column of values by id."""
        key = (tuple(query.get(param) for param in self._params), tuple(order))
        cached = self._cached(store, key)
        if cached is not None:
            return cached
        # A total ordering decides every tie itself, so the search need not sort its ids first.
        total = self.orderer is not None and self.orderer.total
        ids = self._searched_ids(store, terms, in_order=not total)
        for predicate in predicates:
            ids = predicate.keep_ids(ids, self.columns.values(store, predicate.field).values)
        if self.orderer is not None:
            ids = self.orderer.sort_ids(ids, order, lambda name: self.columns.values(store, name))
        return self._remember(key, ids)
