"""GET /contacts: 20 a page, numbered pages up to 500, a keyset cursor beyond, and the spec's filters."""

from __future__ import annotations

import base64
import math

import pytest

from tests.mock_callbell.conftest import dump, walk


def test_page_one_is_twenty_contacts_with_page_meta(api, fresh) -> None:
    total = len(dump(fresh)["contacts"])
    body = api.get("/contacts").json()
    assert len(body["contacts"]) == 20
    assert body["meta"]["page"] == 1
    assert body["meta"]["pages"] == math.ceil(total / 20)
    assert isinstance(body["meta"]["next"], str)


def test_most_recent_conversation_first(api, fresh) -> None:
    contacts = dump(fresh)["contacts"]
    latest = {c["uuid"]: max([m["createdAt"] for m in c["messages"]] + [c["createdAt"]]) for c in contacts}
    shown = [c["uuid"] for c in walk(api)]
    assert [latest[u] for u in shown] == sorted((latest[u] for u in shown), reverse=True)


def test_pages_follow_each_other_and_the_last_has_no_next(api, fresh) -> None:
    total = len(dump(fresh)["contacts"])
    pages = math.ceil(total / 20)
    seen: list[str] = []
    for number in range(1, pages + 1):
        body = api.get("/contacts", params={"page": number}).json()
        seen.extend(c["uuid"] for c in body["contacts"])
        assert (body["meta"]["next"] is None) == (number == pages)
    assert sorted(seen) == sorted(c["uuid"] for c in dump(fresh)["contacts"])
    beyond = api.get("/contacts", params={"page": pages + 1}).json()
    assert beyond == {"contacts": [], "meta": {"page": pages + 1, "pages": pages, "next": None}}


def test_the_cursor_walk_shows_every_contact_exactly_once(api, fresh) -> None:
    shown = [c["uuid"] for c in walk(api)]
    assert len(shown) == len(set(shown))
    assert sorted(shown) == sorted(c["uuid"] for c in dump(fresh)["contacts"])


def test_the_cursor_of_page_one_gives_page_two(api) -> None:
    first = api.get("/contacts").json()
    after = api.get("/contacts", params={"after": first["meta"]["next"], "page": "7"}).json()
    assert after["contacts"] == api.get("/contacts", params={"page": 2}).json()["contacts"]
    assert set(after["meta"]) == {"next"}


def test_a_contact_created_during_a_walk_is_not_in_it(api) -> None:
    cursor = api.get("/contacts").json()["meta"]["next"]
    created = api.post("/contacts", json={"source": "whatsapp", "identifier": "1", "name": "x"}).json()["contact"]
    rest = api.get("/contacts", params={"after": cursor}).json()["contacts"]
    assert created["uuid"] not in [c["uuid"] for c in rest]


def test_page_500_is_allowed_and_501_is_the_pagination_limit(api) -> None:
    assert api.get("/contacts", params={"page": 500}).status_code == 200
    response = api.get("/contacts", params={"page": 501})
    assert (response.status_code, response.json()) == (400, {"error": "Pagination limit exceeded"})


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "۲"])
def test_a_page_that_is_not_a_whole_number_from_one_is_400(api, page: str) -> None:
    response = api.get("/contacts", params={"page": page})
    assert (response.status_code, response.json()) == (400, {"error": "Invalid page number"})


def _token(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "cursor",
    ["not a cursor!", "eyJ0cyI6", _token("[1, 2]"), _token('{"ts": 1}'), _token('{"ts": "1", "id": 2}'), "None"],
)
def test_a_malformed_cursor_is_400(api, cursor: str) -> None:
    response = api.get("/contacts", params={"after": cursor})
    assert (response.status_code, response.json()) == (400, {"error": "Invalid pagination cursor"})


def test_the_docs_example_cursor_is_well_formed(api) -> None:
    response = api.get("/contacts", params={"after": "eyJ0cyI6MTc1NDM4NDQwMDAwMCwiaWQiOjEyMzQ1fQ"})
    assert response.status_code == 200


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


def test_filter_by_team(api, fresh) -> None:
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


def test_a_filter_nothing_matches_is_an_empty_last_page(api) -> None:
    body = api.get("/contacts", params={"source": "carrier-pigeon"}).json()
    assert body == {"contacts": [], "meta": {"page": 1, "pages": 0, "next": None}}


def test_include_field_types_adds_typed_metadata(api) -> None:
    plain = api.get("/contacts").json()["contacts"]
    typed = api.get("/contacts", params={"include_field_types": "true"}).json()["contacts"]
    assert all("customFieldsMetadata" not in c for c in plain)
    assert all(set(c["customFieldsMetadata"]) == set(c["customFields"]) for c in typed)
