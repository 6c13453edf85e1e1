"""The search index and the columns never change what a list finds: under any mix of writes, an indexed,
filtered, ordered search equals a scan of every record."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from hamta import load_spec
from mockserver.apis.contacts.model import Contact
from mockserver.listing import search_index
from mockserver.listing.pagination import PageWindow
from mockserver.listing.query import ListQuery
from mockserver.store import Repository
from tests.mock.client import SpecClient

WHEN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
words = st.sampled_from(["علی", "علي", "کاظمی", "رضا", "0912", "example", "سلام دنیا", "ab", "zzz"])
texts = st.lists(words, min_size=0, max_size=3).map(" ".join)
writes = st.lists(
    st.one_of(
        st.tuples(st.just("add"), texts),
        st.tuples(st.just("change"), st.integers(1, 30), texts),
        st.tuples(st.just("delete"), st.integers(1, 30)),
        st.tuples(
            st.just("search"),
            st.sampled_from(
                ["علی", "کاظمي", "0912", "ab", "مثال", "example 0912", "zz", "1", "2 علی", "xample", "ل", "@", "9 ی"]
            ),
        ),
    ),
    max_size=40,
)


def _contact(contact_id: int, text: str) -> Contact:
    # the text lands in a different search field depending on the id, so every field's index is exercised
    email = f"{text.split()[0]}@x.example" if text and contact_id % 3 == 0 else None
    mobile = text if contact_id % 2 else None
    # viewed and created_at follow the text too, so a change moves a contact between filters and in the order;
    # few distinct days make ties that the id tie-break settles
    created = WHEN + dt.timedelta(days=len(text) % 3)
    return Contact(contact_id, text or "s", None, text, None, email, mobile, len(text) % 2 == 0, None, created, WHEN)


def _scan_filtered_ordered(store: Repository[Contact], ids: list[int]) -> list[int]:
    """`is_viewed=true&ordering=-created_at` read literally: keep viewed, newest first, then the -id tie-break."""
    kept = [c for c in store.many(ids) if c.viewed]
    return [
        c.id for c in sorted(sorted(kept, key=lambda c: c.id, reverse=True), key=lambda c: c.created_at, reverse=True)
    ]


def _scan(query: ListQuery, store: Repository[Contact], terms: list[str]) -> list[int]:
    """DRF's SearchFilter read literally: every term in some search field (normalised), by reading every record."""
    assert query.searcher is not None
    fields = load_spec("contacts").operation("contacts_list").search.fields  # type: ignore[union-attr]
    normalize = query.searcher.normalize

    def texts(contact: Contact) -> list[str]:
        return [normalize(str(value)) for name in fields if (value := getattr(contact, name)) is not None]

    return [c.id for c in store.ascending() if all(any(t in text for text in texts(c)) for t in terms)]


PROFILES = ["postgresql", "sqlite", "postgresql,search-folding=persian-letters"]


@settings(max_examples=150, deadline=None)
@given(steps=writes, profile=st.sampled_from(PROFILES), many=st.sampled_from([1024, 0, 3]))
def test_indexed_search_equals_a_full_scan(steps: list[tuple], profile: str, many: int) -> None:
    """`many`: search_index._MANY, from which a field's candidate values are told apart all at once."""
    with mock.patch.object(search_index, "_MANY", many):
        _search_equals_a_full_scan(steps, profile)


def _search_equals_a_full_scan(steps: list[tuple], profile: str) -> None:
    spec = load_spec("contacts")
    query = ListQuery(spec.operation("contacts_list"), spec.profile(profile))
    store: Repository[Contact] = Repository()
    for step in steps:
        if step[0] == "add":
            store.add(lambda contact_id, text=step[1]: _contact(contact_id, text))
        elif step[0] == "change" and store.get(step[1]) is not None:
            store.replace(step[1], _contact(step[1], step[2]))
        elif step[0] == "delete":
            store.delete(step[1])
        elif step[0] == "search":
            assert query.searcher is not None
            terms = query.searcher.terms(step[1])
            expected = _scan(query, store, terms)
            assert query.index is not None
            assert query.index.matching_ids(store, terms) == expected
            found = query.index.found(store, terms)
            assert found.count == len(expected)
            # the id-ordered page path (ids only, then the page's records) agrees too
            count, page = query.page(store, {"search": step[1]}, PageWindow(offset=1, limit=3))
            assert count == len(expected)
            assert [c.id for c in page] == expected[::-1][1:4]
            # filter and ordering read the columns, which follow the same writes
            wanted = _scan_filtered_ordered(store, expected)
            sfo = {"search": step[1], "is_viewed": "true", "ordering": "-created_at"}
            count, page = query.page(store, sfo, PageWindow(offset=0, limit=100))
            assert (count, [c.id for c in page]) == (len(wanted), wanted)


def test_search_follows_a_patch_over_http(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json={"subject": "qqxyz before"}).json()
    assert [c["id"] for c in admin.get("/api/contacts/", params={"search": "qqxyz"}).json()["results"]] == [
        created["id"]
    ]
    admin.patch(f"/api/contacts/{created['id']}/", json={"subject": "rrwvu after"})
    assert admin.get("/api/contacts/", params={"search": "qqxyz"}).json()["count"] == 0
    assert admin.get("/api/contacts/", params={"search": "rrwvu"}).json()["count"] == 1
    admin.delete(f"/api/contacts/{created['id']}/")
    assert admin.get("/api/contacts/", params={"search": "rrwvu"}).json()["count"] == 0


def test_a_term_holding_nul_is_looked_for_value_by_value() -> None:
    """The API refuses a NUL in a search (400) but the index answers it too: not from the values' bytes, where NUL
    pads them, but by testing each value."""
    store: Repository[Contact] = Repository()
    texts = ["a\x00b", "a", "b", "xa\x00bx"] * 300  # 1,200 values in the subject field: past search_index._MANY
    for number, text in enumerate(texts):
        store.add(lambda contact_id, text=f"{text}{number}": _contact(contact_id, text))
    index = search_index.SearchIndex([lambda contact: contact.subject])
    expected = [contact_id for contact_id, text in enumerate(texts, start=1) if "\x00" in text]
    assert index.matching_ids(store, ["\x00b"]) == expected  # too short for trigrams: every value is a candidate


def test_a_value_holding_every_trigram_of_a_term_but_not_the_term_is_not_found() -> None:
    """`xam ample` holds each trigram of `xample` and not `xample`: the candidates a term's trigrams give are
    tested, whichever way a field's values are told apart (one by one, or all at once past _MANY)."""
    store: Repository[Contact] = Repository()
    for text in ["xam ample", "an example", "ample xam"]:
        store.add(lambda contact_id, text=text: _contact(contact_id, text))
    for many in (1024, 0):
        with mock.patch.object(search_index, "_MANY", many):
            index = search_index.SearchIndex([lambda contact: contact.subject])
            assert index.matching_ids(store, ["xample"]) == [2]
            assert index.matching_ids(store, ["ampl"]) == [1, 2, 3]
