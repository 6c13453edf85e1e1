"""The id sort gives exactly the order of DRF's ordering read literally: one stable sort per term, from id order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hamta import load_spec
from mockserver.apis.contacts.model import Contact
from mockserver.listing.columns import Column, Columns
from mockserver.listing.ordering import Orderer
from mockserver.store import Repository

WHEN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ORDERER = Orderer(load_spec("contacts").operation("contacts_list").ordering)  # type: ignore[arg-type]
moments = st.one_of(st.none(), st.integers(0, 3).map(lambda days: WHEN + dt.timedelta(days=days)))
rows = st.lists(st.tuples(st.sampled_from(["الف", "ب", "a"]), st.booleans(), moments, moments), max_size=25)
terms = st.lists(
    st.sampled_from(["id", "subject", "viewed", "viewed_at", "created_at", "updated_at"]).flatmap(
        lambda name: st.sampled_from([name, f"-{name}"])
    ),
    min_size=1,
    max_size=4,
)


SQLITE_ORDERER = Orderer(load_spec("contacts").operation("contacts_list").ordering, nulls_largest=False)  # type: ignore[arg-type]


def _reference(records: list[Contact], ordering: list[str], nulls_largest: bool = True) -> list[Contact]:
    ordered = records
    for term in reversed(ORDERER.with_tie_break(ordering)):
        name = term.lstrip("-")

        def key(record: Contact, name: str = name) -> tuple[bool, Any]:
            value = getattr(record, name)
            return ((value is None) is nulls_largest, 0 if value is None else value)

        ordered = sorted(ordered, key=key, reverse=term.startswith("-"))
    return ordered


def _columns(records: list[Contact]) -> Callable[[str], Column]:
    store: Repository[Contact] = Repository()
    store.load([(record.id, record) for record in records], len(records) + 1)
    columns = Columns()
    return lambda name: columns.values(store, name)


@given(rows=rows, ordering=terms, data=st.data())
def test_sort_equals_one_stable_sort_per_term(rows: list[tuple[Any, ...]], ordering: list[str], data: Any) -> None:
    records = [
        Contact(i, subject, None, None, None, None, None, viewed, viewed_at, created or WHEN, WHEN)
        for i, (subject, viewed, viewed_at, created) in enumerate(rows, start=1)
    ]
    values = _columns(records)
    # The search hands over its ids in any order: a total ordering (ending in the id) must not care.
    ids = data.draw(st.permutations([record.id for record in records]))
    assert ORDERER.total
    assert ORDERER.sort_ids(ids, ordering, values) == [c.id for c in _reference(records, ordering)]


@given(rows=rows, ordering=terms)
def test_ties_on_the_first_field_are_refined_by_the_next(rows: list[tuple[Any, ...]], ordering: list[str]) -> None:
    # Few distinct values (three subjects, four days, two booleans): most first-field values are shared, so
    # the refinement of equal runs by the later fields is what decides the order.
    records = [
        Contact(i, subject, None, None, None, None, None, viewed, viewed_at, WHEN, created or WHEN)
        for i, (subject, viewed, viewed_at, created) in enumerate(rows, start=1)
    ]
    values = _columns(records)
    terms = [*ordering, "updated_at", "subject"]  # same-direction runs of several fields
    ids = [record.id for record in records]
    assert ORDERER.sort_ids(ids, terms, values) == [c.id for c in _reference(records, terms)]


@given(rows=rows, ordering=terms)
def test_nulls_sort_as_the_smallest_value_under_the_sqlite_profile(
    rows: list[tuple[Any, ...]], ordering: list[str]
) -> None:
    records = [
        Contact(i, subject, None, None, None, None, None, viewed, viewed_at, created or WHEN, WHEN)
        for i, (subject, viewed, viewed_at, created) in enumerate(rows, start=1)
    ]
    ids = [record.id for record in records]
    expected = [c.id for c in _reference(records, ordering, nulls_largest=False)]
    assert SQLITE_ORDERER.sort_ids(ids, ordering, _columns(records)) == expected
