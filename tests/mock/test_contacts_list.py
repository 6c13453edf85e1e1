"""LimitOffsetPagination, SearchFilter, OrderingFilter and the seventeen django-filter filters of seed 002.

Expected results are computed from the mock's state dump with plain Python, independently of the mock's code.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.mock.conftest import CONTACTS, TOKENS, all_contacts

LIST = "/api/contacts/"


def ids(response: Any) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def everything(client: SpecClient, **params: str) -> list[dict[str, Any]]:
    """Every result of a query, in order, fetched in one big page."""
    body = client.get(LIST, params={**params, "limit": "100000"}).json()
    assert body["next"] is None
    return list(body["results"])


# -- pagination ---------------------------------------------------------------------------------------------------


def test_default_page_is_ten_newest_first(admin: SpecClient) -> None:
    body = admin.get(LIST).json()
    assert body["count"] == CONTACTS
    assert ids(admin.get(LIST)) == list(range(CONTACTS, CONTACTS - 10, -1))
    assert body["previous"] is None
    assert body["next"] == f"{admin.base_url}/api/contacts/?limit=10&offset=10"


def test_links_are_absolute_with_sorted_parameters(admin: SpecClient) -> None:
    body = admin.get(LIST, params={"offset": "20", "search": "0", "limit": "5"}).json()
    assert body["next"] == f"{admin.base_url}/api/contacts/?limit=5&offset=25&search=0"
    assert body["previous"] == f"{admin.base_url}/api/contacts/?limit=5&offset=15&search=0"


def test_previous_drops_offset_when_it_reaches_zero(admin: SpecClient) -> None:
    body = admin.get(LIST, params={"limit": "10", "offset": "4"}).json()
    assert body["previous"] == f"{admin.base_url}/api/contacts/?limit=10"


@pytest.mark.parametrize("limit", ["abc", "0", "-3", "", "1.5"])
def test_a_bad_limit_falls_back_to_the_page_size(admin: SpecClient, limit: str) -> None:
    response = admin.get(LIST, params={"limit": limit})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 10


@pytest.mark.parametrize("offset", ["abc", "-5", ""])
def test_a_bad_offset_means_zero(admin: SpecClient, offset: str) -> None:
    assert ids(admin.get(LIST, params={"offset": offset, "limit": "3"})) == ids(admin.get(LIST, params={"limit": "3"}))


def test_an_offset_past_the_end_is_an_empty_page(admin: SpecClient) -> None:
    body = admin.get(LIST, params={"offset": str(CONTACTS + 50)}).json()
    assert (body["count"], body["results"], body["next"]) == (CONTACTS, [], None)


def test_walking_next_links_visits_every_contact_once(admin: SpecClient) -> None:
    seen: list[int] = []
    url: str | None = f"{LIST}?limit=7&ordering=subject"
    while url:
        body = admin.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"] and body["next"].replace(admin.base_url, "")
    assert len(seen) == len(set(seen)) == CONTACTS


# -- search -------------------------------------------------------------------------------------------------------

SEARCH_FIELDS = ("id", "subject", "first_name", "last_name", "email", "mobile_number")


def _fold(text: str) -> str:
    """The default profile's icontains: case-folded (PostgreSQL folds every script), letters kept as they are."""
    return text.lower()


def _matches(contact: dict[str, Any], term: str) -> bool:
    return any(contact[f] is not None and _fold(term) in _fold(str(contact[f])) for f in SEARCH_FIELDS)


def test_search_by_a_first_name(admin: SpecClient) -> None:
    name = next(c["first_name"] for c in all_contacts(admin.base_url) if c["first_name"])
    expected = [c["id"] for c in reversed(all_contacts(admin.base_url)) if _matches(c, name)]
    assert [c["id"] for c in everything(admin, search=name)] == expected
    assert expected


def test_search_keeps_arabic_and_persian_letters_apart_by_default(admin: SpecClient) -> None:
    """Stock DRF: Arabic ي/ك and Persian ی/ک are different letters to SearchFilter and the database."""
    created = admin.post(LIST, json={"subject": "s", "first_name": "علي", "last_name": "كاظمی"}).json()
    for query, found in (("علي", True), ("كاظمی", True), ("علی", False), ("کاظمی", False)):
        assert (created["id"] in [c["id"] for c in everything(admin, search=query)]) is found, query


def test_search_folds_letters_under_the_folding_profile() -> None:
    with running_mock(
        Settings(seed=3, contacts=5, apis=("contacts",), profile="postgresql,search-folding=persian-letters")
    ) as url:
        admin = SpecClient(url, "contacts", TOKENS["admin"])
        created = admin.post(LIST, json={"subject": "s", "first_name": "علي", "last_name": "كاظمی"}).json()
        for query in ("علی", "علي", "کاظمی", "كاظمي"):
            assert created["id"] in [c["id"] for c in everything(admin, search=query)], query


def test_search_folds_only_ascii_case_under_the_sqlite_profile() -> None:
    with running_mock(Settings(seed=3, contacts=5, apis=("contacts",), profile="sqlite")) as url:
        admin = SpecClient(url, "contacts", TOKENS["admin"])
        created = admin.post(LIST, json={"subject": "Ärger Straße ÉCOLE"}).json()
        for query, found in (("ärger", False), ("Ärger", True), ("straße", True), ("école", False), ("ÉCOLE", True)):
            assert (created["id"] in [c["id"] for c in everything(admin, search=query)]) is found, query


def test_search_terms_are_anded_and_split_on_spaces_and_commas(admin: SpecClient) -> None:
    contact = next(c for c in all_contacts(admin.base_url) if c["first_name"] and c["mobile_number"])
    query = f"{contact['first_name']},{contact['mobile_number'][-4:]}"
    found = everything(admin, search=query)
    assert contact["id"] in [c["id"] for c in found]
    assert all(_matches(c, contact["first_name"]) and _matches(c, contact["mobile_number"][-4:]) for c in found)


def test_search_keeps_quoted_phrases_together(admin: SpecClient) -> None:
    created = admin.post(LIST, json={"subject": "alpha beta"}).json()
    admin.post(LIST, json={"subject": "beta alpha"})
    assert [c["id"] for c in everything(admin, search='"alpha beta"')] == [created["id"]]


def test_search_is_case_insensitive_and_covers_id_and_email(admin: SpecClient) -> None:
    created = admin.post(LIST, json={"subject": "s", "email": "Case.Test@Example.com"}).json()
    assert created["id"] in [c["id"] for c in everything(admin, search="case.test@EXAMPLE")]
    assert created["id"] in [c["id"] for c in everything(admin, search=str(created["id"]))]


def test_search_with_a_null_character_is_400(admin: SpecClient) -> None:
    response = admin.get(LIST, params={"search": "a\x00b"})
    assert response.status_code == 400
    assert response.json() == ["Null characters are not allowed."]


# -- ordering -----------------------------------------------------------------------------------------------------

ORDERING_FIELDS = ("id", "created_at", "updated_at", "viewed", "viewed_at", "subject")


def _key(value: Any) -> Any:
    return (value is None, value if value is not None else 0)


@pytest.mark.parametrize("field", ORDERING_FIELDS)
@pytest.mark.parametrize("descending", [False, True])
def test_ordering_by_each_field(admin: SpecClient, field: str, descending: bool) -> None:
    results = everything(admin, ordering=("-" if descending else "") + field)
    values = [_key(c[field]) for c in results]
    assert values == sorted(values, reverse=descending)
    # ties fall back to newest first, so the order is total
    for before, after in itertools.pairwise(results):
        if before[field] == after[field]:
            assert before["id"] > after["id"]


def test_ordering_by_two_fields(admin: SpecClient) -> None:
    results = everything(admin, ordering="viewed,-subject")
    keys = [(c["viewed"], c["subject"]) for c in results]
    assert keys == sorted(keys, key=lambda k: (k[0], [-ord(ch) for ch in k[1]]))


def test_unknown_ordering_fields_are_dropped(admin: SpecClient) -> None:
    assert [c["id"] for c in everything(admin, ordering="password,subject,-nope")] == [
        c["id"] for c in everything(admin, ordering="subject")
    ]
    assert ids(admin.get(LIST, params={"ordering": "nope"})) == ids(admin.get(LIST))


def test_nulls_come_last_ascending_and_first_descending(admin: SpecClient) -> None:
    """The default profile plays PostgreSQL."""
    ascending = everything(admin, ordering="viewed_at")
    assert ascending[-1]["viewed_at"] is None
    assert ascending[0]["viewed_at"] is not None
    assert everything(admin, ordering="-viewed_at")[0]["viewed_at"] is None


def test_nulls_come_first_ascending_and_last_descending_under_the_sqlite_profile() -> None:
    with running_mock(Settings(seed=3, contacts=60, apis=("contacts",), profile="sqlite")) as url:
        admin = SpecClient(url, "contacts", TOKENS["admin"])
        ascending = everything(admin, ordering="viewed_at")
        assert ascending[0]["viewed_at"] is None
        assert ascending[-1]["viewed_at"] is not None
        descending = everything(admin, ordering="-viewed_at")
        assert descending[-1]["viewed_at"] is None
        assert descending[0]["viewed_at"] is not None


# -- filters ------------------------------------------------------------------------------------------------------


def _date(text: str | None) -> dt.date | None:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date() if text else None


def _has(value: Any) -> bool:
    return value not in (None, "")


DAY = "2025-09-15"
D = dt.date.fromisoformat(DAY)
FILTERS: dict[str, tuple[str, Any]] = {
    "is_viewed=true": ("is_viewed", lambda c: c["viewed"] is True),
    "is_viewed=false": ("is_viewed", lambda c: c["viewed"] is False),
    "has_message=true": ("has_message", lambda c: _has(c["message"])),
    "has_message=false": ("has_message", lambda c: not _has(c["message"])),
    "has_mobile_number=true": ("has_mobile_number", lambda c: _has(c["mobile_number"])),
    "has_mobile_number=false": ("has_mobile_number", lambda c: not _has(c["mobile_number"])),
    "has_email=true": ("has_email", lambda c: _has(c["email"])),
    "has_email=false": ("has_email", lambda c: not _has(c["email"])),
    "has_first_name=true": ("has_first_name", lambda c: _has(c["first_name"])),
    "has_first_name=false": ("has_first_name", lambda c: not _has(c["first_name"])),
    "has_last_name=true": ("has_last_name", lambda c: _has(c["last_name"])),
    "has_last_name=false": ("has_last_name", lambda c: not _has(c["last_name"])),
    "id_min=40": ("id_min", lambda c: c["id"] >= 40),
    "id_max=40": ("id_max", lambda c: c["id"] <= 40),
    f"created_from={DAY}": ("created_from", lambda c: _date(c["created_at"]) >= D),
    f"created_to={DAY}": ("created_to", lambda c: _date(c["created_at"]) <= D),
    f"updated_from={DAY}": ("updated_from", lambda c: _date(c["updated_at"]) >= D),
    f"updated_to={DAY}": ("updated_to", lambda c: _date(c["updated_at"]) <= D),
    f"viewed_date_from={DAY}": (
        "viewed_date_from",
        lambda c: c["viewed_at"] is not None and _date(c["viewed_at"]) >= D,
    ),
    f"viewed_date_to={DAY}": ("viewed_date_to", lambda c: c["viewed_at"] is not None and _date(c["viewed_at"]) <= D),
}


@pytest.mark.parametrize("query", list(FILTERS))
def test_each_filter_keeps_exactly_what_satisfies_it(admin: SpecClient, query: str) -> None:
    name, predicate = FILTERS[query]
    value = query.split("=", 1)[1]
    expected = [c["id"] for c in reversed(all_contacts(admin.base_url)) if predicate(c)]
    assert 0 < len(expected) < CONTACTS, "the seed must give this filter something to keep and something to drop"
    assert [c["id"] for c in everything(admin, **{name: value})] == expected


@pytest.mark.parametrize(
    ("param", "field"), [("created_date", "created_at"), ("updated_date", "updated_at"), ("viewed_date", "viewed_at")]
)
def test_exact_date_filters(admin: SpecClient, param: str, field: str) -> None:
    contacts = all_contacts(admin.base_url)
    day = next(_date(c[field]) for c in contacts if c[field])
    expected = [c["id"] for c in reversed(contacts) if _date(c[field]) == day]
    assert [c["id"] for c in everything(admin, **{param: day.isoformat()})] == expected


@pytest.mark.parametrize("value", ["TRUE", "True", "1"])
def test_boolean_filters_accept_djangos_true_spellings(admin: SpecClient, value: str) -> None:
    assert everything(admin, is_viewed=value) == everything(admin, is_viewed="true")


@pytest.mark.parametrize("value", ["yes", "2", "", "null"])
def test_any_other_boolean_value_is_no_filter(admin: SpecClient, value: str) -> None:
    assert admin.get(LIST, params={"is_viewed": value}).json()["count"] == CONTACTS


def test_filters_combine_with_search_and_ordering(admin: SpecClient) -> None:
    results = everything(admin, is_viewed="true", has_email="true", search="@", ordering="-subject")
    assert results
    assert all(c["viewed"] and _has(c["email"]) for c in results)
    assert [c["subject"] for c in results] == sorted((c["subject"] for c in results), reverse=True)


@pytest.mark.parametrize("value", ["2025-13-01", "yesterday", "2025/01/01"])
def test_an_invalid_date_is_400(admin: SpecClient, value: str) -> None:
    response = admin.get(LIST, params={"created_from": value})
    assert response.status_code == 400
    assert response.json() == {"created_from": ["Enter a valid date."]}


def test_django_date_input_formats_are_accepted(admin: SpecClient) -> None:
    assert everything(admin, created_from="09/15/2025") == everything(admin, created_from=DAY)


def test_an_invalid_number_is_400_and_all_errors_come_together(admin: SpecClient) -> None:
    response = admin.get(LIST, params={"id_min": "ten", "viewed_date": "x", "id_max": "5"})
    assert response.status_code == 400
    assert response.json() == {"viewed_date": ["Enter a valid date."], "id_min": ["Enter a number."]}


def test_empty_filter_values_are_no_filter(admin: SpecClient) -> None:
    assert admin.get(LIST, params={"id_min": "", "created_from": ""}).json()["count"] == CONTACTS


@pytest.mark.parametrize(("param", "message"), [("id_min", "Enter a number."), ("created_from", "Enter a valid date.")])
def test_a_value_of_only_whitespace_is_not_empty(admin: SpecClient, param: str, message: str) -> None:
    # Django's form fields test for "" before they strip: " " is a value, and not a valid one
    response = admin.get(LIST, params={param: " "})
    assert (response.status_code, response.json()) == (400, {param: [message]})


def test_a_number_filter_truncates_on_the_integer_id_and_stops_at_1e50(admin: SpecClient) -> None:
    assert [c["id"] for c in everything(admin, id_min="101.5", id_max="103.9")] == [103, 102, 101]
    assert admin.get(LIST, params={"id_min": "1e50"}).json()["count"] == 0
    response = admin.get(LIST, params={"id_max": "1.1e50"})
    assert response.json() == {"id_max": ["Ensure this value is less than or equal to 1e+50."]}


def test_next_link_keeps_the_filters(admin: SpecClient) -> None:
    body = admin.get(LIST, params={"is_viewed": "false", "limit": "2"}).json()
    query = dict(parse_qsl(urlsplit(body["next"]).query))
    assert query == {"is_viewed": "false", "limit": "2", "offset": "2"}
