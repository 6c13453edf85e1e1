"""The list indexes never change what a list answers: under any interleaving of creates, changes, deletes, a
reload of the store (a state load) and a new store (a reset or reseed), every query's count and page equal a
literal scan of every record (each filter's own test, the search read literally) and one stable sort per
ordering term, under each database profile.

Each query is asked twice, the second time answered from the pages kept until the next write. The thresholds
that choose between the ways of answering (ids or a boolean array, ranking or walking, moving ids or sorting
anew, setting a run or comparing values) are drawn too, so each way answers every query."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from typing import Any
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hamta import load_spec
from mockserver.apis.contacts.model import Contact
from mockserver.listing import haystack, matches, order_index, search_index
from mockserver.listing.filters import active_predicates
from mockserver.listing.pagination import PageWindow
from mockserver.listing.query import ListQuery
from mockserver.store import Repository

SPEC = load_spec("contacts")
OPERATION = SPEC.operation("contacts_list")
UTC = dt.UTC
TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))
# Few distinct moments, around midnight in UTC and in Tehran, so that ties, day boundaries and the UTC date of a
# non-UTC timestamp all matter.
MOMENTS = [
    dt.datetime(2025, 1, 1, 23, 59, 59, 999999, tzinfo=UTC),
    dt.datetime(2025, 1, 2, 0, 0, tzinfo=UTC),
    dt.datetime(2025, 1, 2, 2, 0, tzinfo=TEHRAN),  # 2025-01-01 22:30 UTC
    dt.datetime(2025, 1, 3, 12, 0, tzinfo=UTC),
    dt.datetime(2025, 1, 3, 12, 0, 0, 1, tzinfo=UTC),
    dt.datetime(2100, 1, 2, tzinfo=UTC),  # past 2059: day numbers no longer fit 16 bits (columns.Column.days)
]
DAYS = ["2025-01-01", "2025-01-02", "2025-01-03", "01/02/2025", "2100-01-02", "1970-01-01"]  # a null's day is 0
words = st.sampled_from(["علی", "علي", "Ali", "ali", "0912", "a@x.example", "رضا کاظمی"])
optional_text = st.one_of(st.none(), st.just(""), words)
moments = st.sampled_from(MOMENTS)

fields = st.fixed_dictionaries(
    {
        "subject": st.sampled_from(["الف", "ب", "a", "B", "علی"]),
        "message": optional_text,
        "first_name": optional_text,
        "last_name": optional_text,
        "email": st.one_of(st.none(), st.just(""), st.sampled_from(["a@x.example", "Ali@y.example"])),
        "mobile_number": st.one_of(st.none(), st.just(""), st.sampled_from(["09121234567", "09350000000"])),
        "viewed": st.booleans(),
        "viewed_at": st.one_of(st.none(), moments),
        "created_at": moments,
        "updated_at": moments,
    }
)

FILTER_VALUES: dict[str, st.SearchStrategy[str]] = {
    "is_viewed": st.sampled_from(["true", "false", "1", "maybe"]),
    "has_message": st.sampled_from(["true", "false"]),
    "has_email": st.sampled_from(["true", "false"]),
    "has_mobile_number": st.sampled_from(["true", "false"]),
    "has_first_name": st.sampled_from(["true", "false"]),
    "has_last_name": st.sampled_from(["true", "false"]),
    "id_min": st.sampled_from(["0", "2", "3", "7", "4.5", "-2", "1e50", ""]),
    "id_max": st.sampled_from(["0", "3", "12", "5.9", "-2"]),
    "created_date": st.sampled_from(DAYS),
    "updated_date": st.sampled_from(DAYS),
    "viewed_date": st.sampled_from(DAYS),
    "created_from": st.sampled_from(DAYS),
    "created_to": st.sampled_from(DAYS),
    "updated_from": st.sampled_from(DAYS),
    "updated_to": st.sampled_from(DAYS),
    "viewed_date_from": st.sampled_from(DAYS),
    "viewed_date_to": st.sampled_from(DAYS),
}
ORDER_FIELDS = ["id", "created_at", "updated_at", "viewed", "viewed_at", "subject"]
orderings = st.lists(st.sampled_from(ORDER_FIELDS + [f"-{name}" for name in ORDER_FIELDS]), max_size=3).map(",".join)


@st.composite
def queries(draw: st.DrawFn) -> dict[str, str]:
    chosen = draw(st.lists(st.sampled_from(sorted(FILTER_VALUES)), max_size=2, unique=True))
    if draw(st.sampled_from([False, True, False])):
        chosen.append(draw(st.sampled_from(["id_min", "id_max"])))  # the id range rides on many queries
    params = {name: draw(FILTER_VALUES[name]) for name in chosen}
    if draw(st.booleans()):
        params["search"] = draw(
            st.sampled_from(["علی", "ali", "0912", "example", "ب", "zzz", "1", "a b", "@", "09", "لی", "e"])
        )
    if draw(st.booleans()):
        # mostly a few orderings, so that one ordering's index is asked again after writes
        params["ordering"] = draw(st.one_of(st.sampled_from(["created_at", "-viewed_at", "subject"]), orderings))
    return params


writes = st.one_of(
    st.tuples(st.just("add"), fields),
    st.tuples(st.just("change"), st.integers(1, 25), fields),
    st.tuples(st.just("delete"), st.integers(1, 25)),
    st.tuples(st.just("load"), st.integers(0, 3)),
    st.tuples(st.just("new store"), st.just(None)),
)
pages = st.one_of(st.tuples(st.integers(0, 12), st.integers(1, 6)), st.just((0, 100)))
# Each step writes (or not), then asks a query: the indexes the last query used must follow the write.
steps = st.lists(st.tuples(st.one_of(st.none(), writes), queries(), pages), min_size=3, max_size=25)
# (thresholds): how each way of answering is chosen; extreme values force one way or the other.
ways = st.fixed_dictionaries(
    {
        "few": st.sampled_from([(0, 10**9), (0, 10**9), (256, 64)]),  # matches._FEW, _FEW_SHARE: rank few candidates
        "scatter": st.sampled_from([1, 64, 10**9]),  # matches._SCATTER_SHARE: set a run's ids, or compare values
        # matches._SORTED, _WALK_SHARE: sort few ids or count them off; walk, or count in order after a while
        "walk": st.sampled_from([(0, 1), (64, 8), (10**9, 10**9)]),
        "in_order": st.sampled_from([0, 3, 10**9]),
        # matches._INSIDE_SHARE: a count over a range of ids passes over it, or over the ids outside it
        "inside": st.sampled_from([0, 2, 10**9]),
        # matches._OUTSIDE_SHARE: a deep page clears the places of the ids outside a range, or compares every id
        "outside": st.sampled_from([0, 8, 10**9]),  # matches._IN_ORDER_FROM: count off in order, or walk
        "rank": st.sampled_from([0, 16, 10**9]),  # matches._RANK_SHARE: rank few matches, or walk to them
        "few_ids": st.sampled_from([0, 4096]),  # search_index._FEW_IDS: a search's ids, or its boolean array
        # search_index._KEEP_ARRAY, _ENOUGH: a value's holders as its own array or with others'; trigram postings
        # intersected as sets or arrays
        "holders": st.sampled_from([(32, 64), (1, 0)]),
        # search_index._MANY, haystack._WIDEST: a field's values tested one by one, or all at once (their ids read
        # off by id); a value's bytes in the matrix, or kept aside and tested one by one
        "many": st.sampled_from([(1024, 128), (0, 128), (0, 2), (2, 0)]),
        "resort": st.sampled_from([(0, 1), (1024, 16)]),  # order_index._RESORT_MIN, _RESORT_SHARE
        # order_index._FIRST_STEP, matches._FIRST_SPAN: the walk and the scan in order read in chunks from 1 up
        "step": st.sampled_from([1, 1024]),
        # order_index._SPREAD, matches._SPREAD: the first chunk sized to hold the page, or a single place (so that
        # the walk and the scan skip ahead to where the filters can first pass, `OrderIndex.reached`)
        "spread": st.sampled_from([(5, 4), (0, 1)]),
        "reach": st.sampled_from([1, 2, 1024]),  # order_index._REACH_BLOCK: where a skip lands, to a block
        "chunks": st.sampled_from([(4096, 16384), (1, 2), (3, 2)]),  # order_index._CHUNK, _BLOCK: nth_selected
    }
)


# The filters that are a range of each ordering field (a run of its order: the span a page is read from).
OWN_RANGES = {
    "created_at": ["created_from", "created_to", "created_date"],
    "updated_at": ["updated_from", "updated_to", "updated_date"],
    "viewed_at": ["viewed_date_from", "viewed_date_to", "viewed_date"],
    "viewed": ["is_viewed"],
    "subject": [],
}


@st.composite
def screen_queries(draw: st.DrawFn) -> dict[str, str]:
    """What a list screen sends all day: at most one filter, a range of ids, an ordering not by id (answered in
    the ordering's order, `matches.Matches._in_order`), and at times a range of the ordering's own field."""
    field = draw(st.sampled_from(sorted(OWN_RANGES)))
    params = {"ordering": draw(st.sampled_from([field, f"-{field}"]))}
    flags = ["is_viewed", "has_message", "has_email", "has_mobile_number", "has_first_name", "has_last_name"]
    chosen = draw(st.lists(st.sampled_from(sorted(FILTER_VALUES)) | st.sampled_from(flags), max_size=1))
    if OWN_RANGES[field] and draw(st.booleans()):
        chosen.append(draw(st.sampled_from(OWN_RANGES[field])))
    params.update({name: draw(FILTER_VALUES[name]) for name in chosen})
    for name in draw(st.lists(st.sampled_from(["id_min", "id_max"]), min_size=1, max_size=2, unique=True)):
        params[name] = draw(st.sampled_from(["0", "2", "3", "7", "12", "20", "-2"]))
    return params


def _contact(contact_id: int, values: dict[str, Any]) -> Contact:
    return Contact(id=contact_id, **values)


def _text_of(record: Contact, name: str, normalize: Any) -> str | None:
    value = getattr(record, name)
    return None if value is None else normalize(str(value))


def _expected(ask: ListQuery, store: Repository[Contact], params: dict[str, str]) -> list[int]:
    """Every record read literally: each active filter's own test, then the search's terms, each in some search
    field, then one stable sort per ordering term (the tie-break last), NULLs where the profile puts them."""
    records = list(store.ascending())
    for predicate in active_predicates(ask.filters, params):
        records = [record for record in records if predicate(record)]
    assert ask.searcher is not None
    assert ask.orderer is not None
    terms = ask.searcher.terms(params.get("search", ""))
    search_fields = OPERATION.search.fields  # type: ignore[union-attr]
    records = [
        record
        for record in records
        if all(
            any(term in text for name in search_fields if (text := _text_of(record, name, ask.searcher.normalize)))
            for term in terms
        )
    ]
    nulls_largest = ask.orderer.nulls_largest
    for term in reversed(ask.orderer.with_tie_break(ask.orderer.resolve(params.get("ordering")))):
        name = term.lstrip("-")

        def key(record: Contact, name: str = name) -> tuple[bool, Any]:
            value = getattr(record, name)
            return ((value is None) is nulls_largest, 0 if value is None else value)

        records = sorted(records, key=key, reverse=term.startswith("-"))
    return [record.id for record in records]


@settings(max_examples=300, deadline=None)
@given(
    seeded=st.lists(fields, min_size=5, max_size=30),
    steps=steps,
    profile=st.sampled_from(["postgresql", "sqlite"]),
    ways=ways,
)
def test_every_query_equals_a_scan_and_a_stable_sort(
    seeded: list[dict[str, Any]], steps: list[tuple], profile: str, ways: dict[str, Any]
) -> None:
    with ExitStack() as patches:
        for module, names, values in [
            (matches, ("_FEW", "_FEW_SHARE"), ways["few"]),
            (matches, ("_SCATTER_SHARE",), (ways["scatter"],)),
            (matches, ("_SORTED", "_WALK_SHARE"), ways["walk"]),
            (matches, ("_IN_ORDER_FROM",), (ways["in_order"],)),
            (matches, ("_INSIDE_SHARE",), (ways["inside"],)),
            (matches, ("_OUTSIDE_SHARE",), (ways["outside"],)),
            (matches, ("_RANK_SHARE",), (ways["rank"],)),
            (search_index, ("_FEW_IDS",), (ways["few_ids"],)),
            (search_index, ("_KEEP_ARRAY", "_ENOUGH"), ways["holders"]),
            (search_index, ("_MANY",), ways["many"][:1]),
            (haystack, ("_WIDEST",), ways["many"][1:]),
            (order_index, ("_RESORT_MIN", "_RESORT_SHARE"), ways["resort"]),
            (order_index, ("_FIRST_STEP",), (ways["step"],)),
            (matches, ("_FIRST_SPAN",), (ways["step"],)),
            (order_index, ("_SPREAD",), (ways["spread"],)),
            (matches, ("_SPREAD",), (ways["spread"],)),
            (order_index, ("_REACH_BLOCK",), (ways["reach"],)),
            (order_index, ("_CHUNK", "_BLOCK"), ways["chunks"]),
        ]:
            for name, value in zip(names, values, strict=True):
                patches.enter_context(mock.patch.object(module, name, value))
        _run(seeded, steps, profile)


def _run(seeded: list[dict[str, Any]], steps: list[tuple], profile: str) -> None:
    ask = ListQuery(OPERATION, SPEC.profile(profile))
    store: Repository[Contact] = Repository()
    store.load([(index, _contact(index, values)) for index, values in enumerate(seeded, start=1)], len(seeded) + 1)
    for write, params, (offset, limit) in steps:
        if write is None:
            pass
        elif write[0] == "add":
            store.add(lambda contact_id, values=write[1]: _contact(contact_id, values))
        elif write[0] == "change" and store.get(write[1]) is not None:
            store.replace(write[1], _contact(write[1], write[2]))
        elif write[0] == "delete":
            store.delete(write[1])
        elif write[0] == "load":
            # a state load into the same store: every record again but every fourth one, the id sequence ahead
            kept = [(record.id, record) for index, record in enumerate(store.ascending()) if not write[1] or index % 4]
            store.load(kept, store.next_id + write[1])
        elif write[0] == "new store":
            fresh: Repository[Contact] = Repository()
            fresh.load([(record.id, record) for record in store.ascending()], store.next_id)
            store = fresh
        expected = _expected(ask, store, params)
        count, page = ask.page(store, params, PageWindow(offset, limit))
        assert count == len(expected), params
        assert [record.id for record in page] == expected[offset : offset + limit], params
        again = ask.page(store, params, PageWindow(offset, limit))  # the same page, from the pages kept
        assert (again[0], [record.id for record in again[1]]) == (count, [record.id for record in page])


# A contact with nothing but a subject and fixed moments: what a flag test varies is set on top.
PLAIN = {
    "subject": "a",
    "message": None,
    "first_name": None,
    "last_name": None,
    "mobile_number": None,
    "viewed": False,
    "viewed_at": None,
    "created_at": MOMENTS[0],
    "updated_at": MOMENTS[1],
}


def _emails_every(step: int) -> tuple[Repository[Contact], list[dict[str, Any]]]:
    """A store of 40 plain contacts, an email on every id that `step` does not divide; and their fields."""
    seeded = [{**PLAIN, "email": "a@x.example" if index % step else None} for index in range(1, 41)]
    store: Repository[Contact] = Repository()
    store.load([(index, _contact(index, values)) for index, values in enumerate(seeded, start=1)], 41)
    return store, seeded


def test_a_filters_kept_count_follows_writes() -> None:
    """The count of a flag filter over every record is kept by its column (`Column.counted`) and a count over
    a range of ids subtracts the matches outside it: each write to the field, a create and a delete must each
    show in the next count."""
    ask = ListQuery(OPERATION, SPEC.profile("postgresql"))
    store, seeded = _emails_every(2)
    writes = [
        lambda: store.replace(3, _contact(3, {**seeded[2], "email": None})),
        lambda: store.replace(4, _contact(4, {**seeded[3], "email": "b@x.example"})),
        lambda: store.add(lambda contact_id: _contact(contact_id, {**PLAIN, "email": "c@x.example"})),
        lambda: store.delete(5),
    ]
    with ExitStack() as patches:
        patches.enter_context(mock.patch.object(matches, "_INSIDE_SHARE", 10**9))  # the kept count less outside
        patches.enter_context(mock.patch.multiple(matches, _FEW=0, _FEW_SHARE=10**9))  # no candidates ranked
        for write in [None, *writes]:
            if write is not None:
                write()
            for params in (
                {"has_email": "true", "ordering": "created_at", "id_min": "2"},
                {"has_email": "false", "ordering": "-updated_at", "id_max": "39"},
            ):
                count, page = ask.page(store, params, PageWindow(0, 5))
                expected = _expected(ask, store, params)
                assert (count, [record.id for record in page]) == (len(expected), expected[:5]), params


@settings(max_examples=200, deadline=None)
@given(
    seeded=st.lists(fields, min_size=5, max_size=30),
    steps=st.lists(
        st.tuples(st.one_of(st.none(), writes), screen_queries(), st.tuples(st.integers(0, 12), st.integers(1, 6))),
        min_size=3,
        max_size=25,
    ),
    profile=st.sampled_from(["postgresql", "sqlite"]),
    shares=st.tuples(st.sampled_from([0, 2, 10**9]), st.sampled_from([0, 8, 10**9])),
    skipping=st.booleans(),
)
def test_a_screens_pages_in_order_equal_a_scan(
    seeded: list[dict[str, Any]], steps: list[tuple], profile: str, shares: tuple[int, int], skipping: bool
) -> None:
    """Pages of a filter and a range of ids in an ordering's order, under writes: a first page's count from the
    filter's kept count less the ids outside the range (`_INSIDE_SHARE`), a deep page from clearing the places
    of the ids outside the range (`_OUTSIDE_SHARE`), or each the other way; a first page read from the start of
    the order, or (`skipping`: a first piece of one place) from where every filter can first pass."""
    inside, outside = shares
    first = {"_FIRST_SPAN": 1, "_SPREAD": (0, 1)} if skipping else {}
    with (
        mock.patch.multiple(
            matches, _FEW=0, _FEW_SHARE=10**9, _WALK_SHARE=8, _INSIDE_SHARE=inside, _OUTSIDE_SHARE=outside, **first
        ),
        mock.patch.object(order_index, "_REACH_BLOCK", 1 if skipping else 1024),
    ):
        _run(seeded, steps, profile)


def test_a_deep_page_leaves_the_flags_in_order_as_they_were() -> None:
    """A deep page clears the places of the ids outside its range in its own copy of the flag's array in order
    (`Matches._outside`), never in the array kept for the next queries of that flag and ordering."""
    ask = ListQuery(OPERATION, SPEC.profile("postgresql"))
    store, _ = _emails_every(3)
    with mock.patch.multiple(matches, _FEW=0, _FEW_SHARE=10**9, _WALK_SHARE=8, _OUTSIDE_SHARE=0):
        for params, window in (
            ({"has_email": "true", "ordering": "-created_at", "id_min": "20"}, PageWindow(8, 5)),  # deep
            ({"has_email": "true", "ordering": "-created_at"}, PageWindow(8, 5)),  # the same flag and ordering
            ({"has_email": "true", "ordering": "-created_at", "id_max": "10"}, PageWindow(0, 5)),
        ):
            count, page = ask.page(store, params, window)
            expected = _expected(ask, store, params)
            assert (count, [record.id for record in page]) == (len(expected), expected[window.offset :][:5]), params


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["bool", "int16", "int32", "int64"]),
    values=st.lists(st.integers(-40_000, 40_000), max_size=40),
    first=st.one_of(st.none(), st.integers(-(2**70), 2**70), st.integers(-40_000, 40_000)),
    last=st.one_of(st.none(), st.integers(-(2**70), 2**70), st.integers(-40_000, 40_000)),
    block=st.sampled_from([1, 3, 1024]),
)
def test_reached_is_a_place_before_which_no_value_passes_a_range(
    kind: str, values: list[int], first: int | None, last: int | None, block: int
) -> None:
    """`OrderIndex.reached`: no place before it holds a value in [first, last), so a scan skipping to it loses
    no match; and it is the start of the first block by which the values have reached `first` and dipped below
    `last` (running maximum and minimum), so that it skips what a bound alone rules out, up to a block. For any
    bound, in any integer type's range or outside it (`id_min=1e50`), for flags too (`first` True: the first set
    flag)."""
    array = np.array([value % 2 == 0 for value in values] if kind == "bool" else values).astype(kind)
    if kind == "int16":
        array = np.clip(np.array(values, dtype=np.int64), -(2**15), 2**15 - 1).astype(np.int16)
    if kind == "bool":
        first, last = True, None
    index = order_index.OrderIndex(("created_at", "id"), True)
    with mock.patch.object(order_index, "_REACH_BLOCK", block):
        place = index.reached(("key", kind), array, first, last)
        again = index.reached(("key", kind), array, first, last)  # from the kept running values
    numbers = [int(value) for value in array.tolist()]

    def passes(value: int) -> bool:
        return (first is None or value >= first) and (last is None or value < last)

    assert not any(passes(value) for value in numbers[:place])
    reaching = (
        at
        for at in range(len(numbers))
        if (first is None or max(numbers[: at + 1]) >= first) and (last is None or min(numbers[: at + 1]) < last)
    )
    exact = next(reaching, len(numbers))
    assert place == (len(numbers) if exact == len(numbers) else exact // block * block)
    assert again == place


def test_a_digit_search_leaves_no_flag_of_its_intersection_up() -> None:
    """The trigram postings of a long field (a thousand mobile numbers share a digit trigram) are intersected by
    flags set per value and cleared again: a flag left up would not change an answer (each candidate's text is
    checked) but would make every later query check more candidates."""
    store: Repository[Contact] = Repository()
    numbers = [f"0912{n:07d}" for n in range(2000)]
    for number in numbers:
        store.add(
            lambda contact_id, number=number: _contact(contact_id, {**PLAIN, "email": None, "mobile_number": number})
        )
    index = search_index.SearchIndex([lambda contact: contact.mobile_number or ""])
    with mock.patch.object(search_index, "_ENOUGH", 1):
        for term in ("00123", "0001", "1999", "91200"):
            expected = [contact_id for contact_id, number in enumerate(numbers, start=1) if term in number]
            assert index.matching_ids(store, [term]) == expected
            marks = index._columns[0]._marks
            assert len(marks) >= len(numbers)
            assert not marks.any()


def test_a_search_finds_values_and_holders_that_joined_after_it() -> None:
    """What the index keeps as numpy arrays once searched (a long trigram posting, a value's holders) is dropped
    when a value joins that posting or a holder that value: the next search finds the newcomers."""
    store: Repository[Contact] = Repository()

    def add(number: str) -> None:
        store.add(lambda contact_id: _contact(contact_id, {**PLAIN, "email": None, "mobile_number": number}))

    for number in ("09121234567", "09121234567", "09121234568"):
        add(number)
    index = search_index.SearchIndex([lambda contact: contact.mobile_number or ""])
    # every posting intersected as arrays, every value's holders kept as an array
    with mock.patch.object(search_index, "_ENOUGH", 0), mock.patch.object(search_index, "_KEEP_ARRAY", 1):
        assert index.matching_ids(store, ["912123456"]) == [1, 2, 3]
        add("09121234569")  # a new value in the term's postings
        add("09121234567")  # a third holder of a value searched
        assert index.matching_ids(store, ["912123456"]) == [1, 2, 3, 4, 5]
