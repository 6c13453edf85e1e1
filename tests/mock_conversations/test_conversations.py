"""Conversations: only one's own, created and replied to under Akinon's rules, paginated like DRF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.mock_conversations.conftest import ShopClient, state


def _all(client: ShopClient) -> list[dict[str, Any]]:
    return [c for c in state(client.base_url)["conversations"]]


def test_the_list_holds_only_the_callers_conversations_newest_first(sara: ShopClient) -> None:
    body = sara.get("/users/conversations/").json()
    mine = [c for c in _all(sara) if c["user"] == 1]
    assert body["count"] == len(mine) > 0
    assert {c["user"] for c in body["results"]} == {1}
    dates = [c["last_message_date"] for c in body["results"]]
    assert dates == sorted(dates, reverse=True)


def test_two_users_never_see_each_others_conversations(sara: ShopClient, reza: ShopClient) -> None:
    saras = {c["id"] for c in sara.get("/users/conversations/").json()["results"]}
    rezas = {c["id"] for c in reza.get("/users/conversations/").json()["results"]}
    assert saras
    assert rezas
    assert not saras & rezas
    other = next(iter(rezas))
    response = sara.get(f"/users/conversations/{other}/")
    assert (response.status_code, response.json()) == (404, {"detail": "No Conversation matches the given query."})


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99"])
def test_an_invalid_page_is_404(sara: ShopClient, page: str) -> None:
    response = sara.get("/users/conversations/", params={"page": page})
    assert (response.status_code, response.json()) == (404, {"detail": "Invalid page."})


def _start_conversations(sara: ShopClient, count: int) -> None:
    """Enough conversations of Sara's for a second page."""
    for index in range(count):
        sara.unsafe(
            "POST",
            "/users/conversations/",
            json={"user": 1, "datasource": 1, "conversation_type": "message", "message_content": f"m{index}"},
        )


def test_page_last_and_links(sara: ShopClient) -> None:
    _start_conversations(sara, 12)
    first = sara.get("/users/conversations/").json()
    assert first["next"] == f"{sara.base_url}/users/conversations/?page=2"
    assert first["previous"] is None
    last = sara.get("/users/conversations/", params={"page": "last"}).json()
    assert last["next"] is None
    pages = -(-first["count"] // 10)
    expected = "/users/conversations/" if pages == 2 else f"/users/conversations/?page={pages - 1}"
    assert last["previous"] == sara.base_url + expected
    seen = [c["id"] for c in first["results"]] + [c["id"] for c in last["results"]]
    assert len(set(seen)) == len(seen)


def test_create_a_conversation_with_its_first_message(sara: ShopClient) -> None:
    response = sara.unsafe(
        "POST",
        "/users/conversations/",
        json={
            "user": 1,
            "datasource": 2,
            "conversation_type": "question",
            "message_content": "سایزش کوچک است؟",
            "item_content": "product",
            "item_id": 3,
            "subject": "سایز",
            "is_public": "true",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["user"], body["datasource"]["pk"], body["conversation_type"], body["is_public"]) == (
        1,
        2,
        "question",
        True,
    )
    assert body["item_object"]["pk"] == 3
    assert [m["message_content"] for m in body["message_set"]] == ["سایزش کوچک است؟"]
    assert body["is_answered"] is False
    assert sara.get("/users/conversations/").json()["results"][0]["id"] == body["id"]
    assert sara.get(f"/users/conversations/{body['id']}/").json() == body


def test_reply_appends_and_moves_the_last_message_date(sara: ShopClient) -> None:
    answered = next(
        c for c in _all(sara) if c["user"] == 1 and c["conversation_type"] != "review" and len(c["messages"]) % 2 == 0
    )
    before = sara.get(f"/users/conversations/{answered['id']}/").json()
    assert before["is_answered"] is True
    after = sara.unsafe(
        "POST",
        "/users/conversations/",
        json={
            "user": 1,
            "datasource": before["datasource"]["pk"],
            "conversation_type": before["conversation_type"],
            "conversation": answered["id"],
            "message_content": "ممنون",
        },
    ).json()
    assert after["id"] == answered["id"]
    assert len(after["message_set"]) == len(before["message_set"]) + 1
    assert after["is_answered"] is True  # a seller has answered in it; the customer's new words do not undo that
    assert dt.datetime.fromisoformat(after["last_message_date"]) > dt.datetime.fromisoformat(
        before["last_message_date"]
    )


def test_no_seller_reply_to_a_review(sara: ShopClient) -> None:
    """Seed 003: "DataSource cannot reply to a review"; the customer may still answer in their own review."""
    review = next(c for c in _all(sara) if c["user"] == 1 and c["conversation_type"] == "review")
    body = {
        "user": 1,
        "datasource": 1,
        "conversation_type": "review",
        "conversation": review["id"],
        "message_content": "x",
    }
    response = sara.unsafe("POST", "/users/conversations/", json={**body, "user_type": "datasource"})
    assert (response.status_code, response.json()) == (
        400,
        {"non_field_errors": ["DataSource cannot reply to a review."]},
    )
    assert sara.unsafe("POST", "/users/conversations/", json=body).status_code == 201


@pytest.mark.parametrize(
    "change",
    [{"user": 2}, {"content_type": "user", "object_id": 2}, {"content_type": "datasource", "object_id": 1}],
)
def test_the_user_must_be_the_caller_and_the_author(sara: ShopClient, change: dict[str, Any]) -> None:
    body = {"user": 1, "datasource": 1, "conversation_type": "message", "message_content": "x", **change}
    response = sara.unsafe("POST", "/users/conversations/", json=body)
    assert response.json() == {"non_field_errors": ["Users must match the authenticated user and content owner."]}


def test_no_reply_into_another_users_conversation(sara: ShopClient) -> None:
    other = next(c for c in _all(sara) if c["user"] == 2)
    before = len(other["messages"])
    response = sara.unsafe(
        "POST",
        "/users/conversations/",
        json={
            "user": 1,
            "datasource": 1,
            "conversation_type": "message",
            "conversation": other["id"],
            "message_content": "hi",
        },
    )
    assert response.json() == {"conversation": [f'Invalid pk "{other["id"]}" - object does not exist.']}
    assert len(next(c for c in _all(sara) if c["id"] == other["id"])["messages"]) == before


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({}, None),
        ({"conversation_type": "chat"}, {"conversation_type": ['"chat" is not a valid choice.']}),
        ({"datasource": 999}, {"datasource": ['Invalid pk "999" - object does not exist.']}),
        ({"item_content": "category", "item_id": 1}, {"item_content": ['"category" is not a valid choice.']}),
        ({"item_id": "x", "item_content": "product"}, {"item_id": ["A valid integer is required."]}),
        ({"is_public": "maybe"}, {"is_public": ["Must be a valid boolean."]}),
        ({"message_content": " "}, {"message_content": ["This field may not be blank."]}),
        # found by tests/reference/test_commerce_conversations_random.py:
        ({"is_public": None}, {"is_public": ["This field may not be null."]}),  # before BooleanField's reading
        ({"item_id": "", "item_content": "product"}, {"item_id": ["A valid integer is required."]}),  # JSON "" is text
        ({"content_type": ""}, {"content_type": ["This field may not be null."]}),  # a related field's "" is null
        # a bad author type joins the other fields' errors, in the serializer's (seed 003's) field order
        (
            {"content_type": "x", "user": None, "datasource": None},
            {
                "content_type": ["Object with model=x does not exist."],
                "datasource": ["This field may not be null."],
                "user": ["This field may not be null."],
            },
        ),
    ],
)
def test_create_field_errors(sara: ShopClient, change: dict[str, Any], errors: dict[str, Any] | None) -> None:
    body = {"user": 1, "datasource": 1, "conversation_type": "message", "message_content": "x", **change}
    response = sara.unsafe("POST", "/users/conversations/", json=body)
    if errors is None:
        assert response.status_code == 201
    else:
        assert (response.status_code, response.json()) == (400, errors)


def test_create_field_errors_come_in_seed_003s_order(sara: ShopClient) -> None:
    body = {"content_type": "x", "is_public": "maybe", "conversation_type": "chat", "message_content": " "}
    response = sara.unsafe("POST", "/users/conversations/", json=body)
    assert list(response.json()) == [
        "message_content",
        "content_type",
        "datasource",
        "user",
        "conversation_type",
        "is_public",
    ]


def test_an_empty_form_value_of_an_optional_field_is_no_value(sara: ShopClient) -> None:
    # DRF's Field.get_value: `message_content=` in a form is not sent at all (no blank error, no message)
    form = {"user": "1", "datasource": "1", "conversation_type": "message", "message_content": "", "content_type": ""}
    response = sara.unsafe("POST", "/users/conversations/", data=form)
    assert response.status_code == 201, response.text
    assert response.json()["message_set"] == []


def test_a_reply_checks_its_item_as_a_new_conversation_does(sara: ShopClient) -> None:
    mine = next(c["id"] for c in _all(sara) if c["user"] == 1)
    body = {"user": 1, "datasource": 1, "conversation_type": "message", "conversation": mine, "item_id": 999}
    response = sara.unsafe("POST", "/users/conversations/", json={**body, "message_content": "hi"})
    assert (response.status_code, response.json()) == (400, {"item_content": ["This field is required."]})


def test_a_message_the_caller_marks_as_a_sellers_does_not_answer_the_conversation(sara: ShopClient) -> None:
    # is_answered is stored, set by a seller's message; this user-side API never sets it
    body = {"user": 1, "datasource": 1, "conversation_type": "message", "message_content": "hi"}
    response = sara.unsafe("POST", "/users/conversations/", json={**body, "user_type": "datasource"})
    assert (response.status_code, response.json()["is_answered"]) == (201, False)
    answered = [c for c in sara.get("/users/conversations/").json()["results"] if c["is_answered"]]
    assert answered, "the seed's answered conversations stay answered"


def test_an_order_item_must_be_the_callers(sara: ShopClient) -> None:
    data = state(sara.base_url)
    rezas_orders = {o["id"] for o in data["orders"] if o["user"] == 2}
    item = next(i["pk"] for i in data["order_items"] if i["order"] in rezas_orders)
    body = {"user": 1, "datasource": 1, "conversation_type": "message", "item_content": "orderitem", "item_id": item}
    response = sara.unsafe("POST", "/users/conversations/", json=body)
    assert response.json() == {"item_id": [f'Invalid pk "{item}" - object does not exist.']}


def test_a_repeated_query_parameter_counts_with_its_last_value(sara: ShopClient) -> None:
    # Django's QueryDict answers .get() with a repeated key's last value (django/utils/datastructures.py:116).
    _start_conversations(sara, 12)
    second = sara.get("/users/conversations/", params={"page": "2"}).json()
    assert (
        sara.get("/users/conversations/", params=[("page", "1"), ("page", "2")]).json()["results"] == second["results"]
    )
    refused = sara.get("/users/conversations/", params=[("page", "2"), ("page", "abc")])
    assert (refused.status_code, refused.json()) == (404, {"detail": "Invalid page."})
