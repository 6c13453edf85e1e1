"""A trigram index over the search text, so a search need not read every record.

A term of three or more characters can only be in a record whose text holds all of the term's trigrams, so
the rarest such trigram's postings are the only candidates; each candidate is then checked for real. The
index catches up on the store's writes from its change log. Stale postings are never removed: a replaced
record's new trigrams are added, and every candidate is checked against its current text anyway, so a stale
posting costs one check, never a wrong answer. Too many stale postings trigger a rebuild.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from typing import Any

from mockserver.store import Repository

__all__ = ["TrigramIndex"]

_N = 3
_ENOUGH = 64  # candidates few enough to check one by one


def _grams(text: str) -> set[str]:
    return {text[i : i + _N] for i in range(len(text) - _N + 1)}


class TrigramIndex:
    def __init__(self, haystack: Callable[[Any], str]) -> None:
        self._haystack = haystack
        self._store_id = 0
        self._version = -1
        self._postings: dict[str, array[int]] = {}
        self._indexed: dict[int, str] = {}
        self._stale = 0

    def _rebuild(self, store: Repository[Any]) -> None:
        self._postings, self._indexed, self._stale = {}, {}, 0
        for record in store.ascending():
            self._add(record.id, self._haystack(record), "")
        self._store_id, self._version = id(store), store.version

    def _add(self, record_id: int, text: str, before: str) -> None:
        postings = self._postings
        for gram in _grams(text) - _grams(before):
            posting = postings.get(gram)
            if posting is None:
                postings[gram] = posting = array("l")
            posting.append(record_id)
        self._indexed[record_id] = text

    def _catch_up(self, store: Repository[Any]) -> None:
        if self._store_id != id(store):
            self._rebuild(store)
            return
        if self._version == store.version:
            return
        changed = store.changed_since(self._version)
        if changed is None:
            self._rebuild(store)
            return
        for record_id in changed:
            record = store.get(record_id)
            before = self._indexed.pop(record_id, "")
            if record is not None:
                text = self._haystack(record)
                if before:
                    self._stale += 1
                self._add(record_id, text, before if text != before else text)
        self._version = store.version
        if self._stale > len(store):
            self._rebuild(store)

    def _candidate_ids(self, store: Repository[Any], terms: Sequence[str]) -> list[int] | None:
        long_terms = [term for term in terms if len(term) >= _N]
        if not long_terms:
            return None
        self._catch_up(store)
        postings: list[array[int]] = []
        for term in long_terms:
            for gram in _grams(term):
                posting = self._postings.get(gram)
                if posting is None:
                    return []
                postings.append(posting)
        postings.sort(key=len)
        # Intersect from the rarest up; once few candidates remain, checking them beats reading more postings.
        candidates = set(postings[0])
        for posting in postings[1:]:
            if len(candidates) <= _ENOUGH:
                break
            candidates.intersection_update(posting)
        return sorted(candidates)

    def candidates(self, store: Repository[Any], terms: Sequence[str]) -> list[Any] | None:
        """Records that may hold every term (a superset, each to be checked), in id order; None when no term
        is long enough to use the index (then every record is a candidate)."""
        ids = self._candidate_ids(store, terms)
        if ids is None:
            return None
        records = (store.get(record_id) for record_id in ids)
        return [record for record in records if record is not None]

    def matching_ids(self, store: Repository[Any], terms: Sequence[str]) -> list[int] | None:
        """The ids of the records holding every term, ascending, checked against the indexed text alone (no
        record is read); None when no term is long enough to use the index."""
        ids = self._candidate_ids(store, terms)
        if ids is None:
            return None
        text = self._indexed.get
        for term in terms:  # one plain pass per term: far cheaper than all() over a generator per id
            ids = [i for i in ids if term in text(i, "")]
        return ids
