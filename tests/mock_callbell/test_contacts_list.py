"""GET /contacts as the docs document it: `page` only (no meta, no cursor, no limit), the documented keys per
contact, and the spec's filters. The page size (20) and the order are the spec's inferences."""

from __future__ import annotations

import math

import pytest

from tests.mock_callbell.conftest import dump, walk

ELEVEN = {
    "uuid",
    "name",
    "phoneNumber",
    "avatarUrl",
    "createdAt",
    "source",
    "href",
    "conversationHref",
    "tags",
    "assignedUser",
    "customFields",
}


def test_page_one_is_twenty_contacts_with_the_documented_keys_and_no_meta(api, fresh) -> None:
    body = api.get("/contacts").json()
    assert set(body) == {"contacts"}
    assert len(body["contacts"]) == 20
    assert all(set(contact) == ELEVEN for contact in body["contacts"])


def test_most_recent_conversation_first(api, fresh) -> None:
    contacts = dump(fresh)["contacts"]
    latest = {c["uuid"]: max([m["createdAt"] for m in c["messages"]] + [c["createdAt"]]) for c in contacts}
    shown = [c["uuid"] for c in walk(api)]
    assert [latest[u] for u in shown] == sorted((latest[u] for u in shown), reverse=True)


def test_pages_follow_each_other_and_past_the_end_is_empty(api, fresh) -> None:
    total = len(dump(fresh)["contacts"])
    pages = math.ceil(total / 20)
    seen: list[str] = []
    for number in range(1, pages + 1):
        seen.extend(c["uuid"] for c in api.get("/contacts", params={"page": number}).json()["contacts"])
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(c["uuid"] for c in dump(fresh)["contacts"])
    assert api.get("/contacts", params={"page": pages + 1}).json() == {"contacts": []}
    assert api.get("/contacts", params={"page": 501}).json() == {"contacts": []}  # no documented cap


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "۲", ""])
def test_a_page_that_is_not_a_whole_number_from_one_is_page_one(api, page: str) -> None:
    response = api.get("/contacts", params={"page": page})
    assert response.status_code == 200
    assert response.json() == api.get("/contacts").json()


def test_the_undocumented_cursor_is_ignored(api) -> None:
    response = api.get("/contacts", params={"after": "eyJ0cyI6MTc1NDM4NDQwMDAwMCwiaWQiOjEyMzQ1fQ", "page": "2"})
    assert response.json() == api.get("/contacts", params={"page": "2"}).json()


def test_the_docs_contacts_are_listed(api, fresh) -> None:
    uuids = {c["uuid"] for c in walk(api)}
    assert {"414a6d692bd645ed803f2e7ce360d4c8", "ff8bec9363bc4c29b8b044eabf2afebd"} <= uuids


def test_filter_by_source(api, fresh) -> None:
    expected = sorted(c["uuid"] for c in dump(fresh)["contacts"] if c["source"] == "instagram")
    assert expected
    shown = walk(api, source="instagram")
    assert sorted(c["uuid"] for c in shown) == expected


def test_filter_by_tags_is_any_of_them_case_insensitively(api, fresh) -> None:
    contacts = dump(fresh)["contacts"]
    expected = sorted(c["uuid"] for c in contacts if {"sales", "vip"} & {t.lower() for t in c["tags"]})
    assert expected
    shown = walk(api, tags="SALES, vip")
    assert sorted(c["uuid"] for c in shown) == expected


def test_filter_by_team_uses_the_team_the_list_does_not_show(api, fresh) -> None:
    state = dump(fresh)
    team = state["account"]["teams"][0]["uuid"]
    expected = sorted(c["uuid"] for c in state["contacts"] if c["team"].get("uuid") == team)
    assert expected
    assert sorted(c["uuid"] for c in walk(api, team_uuid=team)) == expected


def test_filters_combine_and_an_empty_filter_is_no_filter(api, fresh) -> None:
    contacts = dump(fresh)["contacts"]
    expected = sorted(c["uuid"] for c in contacts if c["source"] == "whatsapp" and "lead" in c["tags"])
    assert sorted(c["uuid"] for c in walk(api, source="whatsapp", tags="lead")) == expected
    assert len(walk(api, source="")) == len(contacts)


def test_a_filter_nothing_matches_is_an_empty_page(api) -> None:
    assert api.get("/contacts", params={"source": "carrier-pigeon"}).json() == {"contacts": []}


def test_include_field_types_shows_the_four_documented_keys(api) -> None:
    typed = api.get("/contacts", params={"include_field_types": "true"}).json()["contacts"]
    assert all(set(c) == {"uuid", "name", "customFields", "customFieldsMetadata"} for c in typed)
    assert all(set(c["customFieldsMetadata"]) == set(c["customFields"]) for c in typed)
    assert all("customFieldsMetadata" not in c for c in api.get("/contacts").json()["contacts"])
