"""Custom statuses (list, one, create, update, delete) and a user's status (PUT and DELETE
/users/{uuid}/status), seen through the team-members list as well as their own answers."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from mockserver.testing import reset_mock
from tests.mock_callbell.conftest import dump

VACATIONING = "0d6041a2-8b88-49ec-a99b-a88a078a16c1"
LUNCH = "8dbd6f6c-ec09-4b87-a04e-bef1c2ca41db"
AGENT = "414a6d692bd645ed803f2e7ce360d4c8"  # the user-status snippets' path id: john.doe@gmail.com
SUPPORT_TEAM = "35402552d90c4041b6bcb9a3249c0263"
GENERAL = "ad42a09715814e6483b1c5debd6a2dbc"
DASHED = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
RUBY = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}")
MILLIS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d")


def _member(api, email: str, team: str = SUPPORT_TEAM) -> dict[str, Any]:
    members = api.get(f"/teams/{team}/members").json()["users"]
    return next(member for member in members if member["email"] == email)


def test_the_list_and_one_status(api, fresh) -> None:
    body = api.get("/custom_statuses").json()
    assert body["customStatuses"] == dump(fresh)["account"]["customStatuses"]
    assert body["meta"] == {"page": 1, "pages": 1}
    for status in body["customStatuses"]:
        assert api.get(f"/custom_statuses/{status['id']}").json() == {"customStatus": status}
        assert DASHED.fullmatch(status["id"]) or status["id"] in (VACATIONING, LUNCH), status["id"]
        assert RUBY.fullmatch(status["createdAt"])
    ids = [status["id"] for status in body["customStatuses"]]
    assert {VACATIONING, LUNCH, "5f5b5ad9-80d3-42d9-b950-2c7bb7b1e307"} <= set(ids)


def test_create_then_update_a_status(api) -> None:
    created = api.post("/custom_statuses", json={"name": "Coffee break"})
    assert created.status_code == 200
    status = created.json()["customStatus"]
    assert DASHED.fullmatch(status["id"])
    assert (status["name"], status["emoji"]) == ("Coffee break", "💬")
    assert status["createdAt"] == status["updatedAt"]
    assert status in api.get("/custom_statuses").json()["customStatuses"]
    with_emoji = api.post("/custom_statuses", json={"name": "Tea", "emoji": "🍵"}).json()["customStatus"]
    assert with_emoji["emoji"] == "🍵"
    assert with_emoji["id"] != status["id"]

    updated = api.request("PUT", f"/custom_statuses/{LUNCH}", json={"name": "Back in a bit"}).json()["customStatus"]
    before = next(s for s in api.get("/custom_statuses").json()["customStatuses"] if s["id"] == LUNCH)
    assert updated == before
    assert (updated["name"], updated["emoji"], updated["createdAt"]) == (
        "Back in a bit",
        "🍙",
        "2024-12-04 14:12:14 +0100",
    )
    assert updated["updatedAt"] != updated["createdAt"]


def test_deleting_a_status_takes_it_off_its_wearers(api) -> None:
    assert _member(api, "john2@gmail.com", GENERAL)["userCustomStatus"]["id"] == VACATIONING
    response = api.delete(f"/custom_statuses/{VACATIONING}")
    assert (response.status_code, response.json()) == (200, {"status": "custom status was destroyed"})
    assert VACATIONING not in [s["id"] for s in api.get("/custom_statuses").json()["customStatuses"]]
    assert "userCustomStatus" not in _member(api, "john2@gmail.com", GENERAL)
    assert api.get(f"/custom_statuses/{VACATIONING}").status_code == 404
    assert api.delete(f"/custom_statuses/{VACATIONING}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("POST", "/custom_statuses", {}, 400, None),
        ("POST", "/custom_statuses", {"name": 3}, 400, None),
        ("POST", "/custom_statuses", {"name": "  "}, 400, None),
        ("POST", "/custom_statuses", {"name": "x", "emoji": ""}, 400, None),
        ("PUT", f"/custom_statuses/{LUNCH}", {"name": ""}, 400, None),
        ("PUT", "/custom_statuses/0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e", {"name": "x"}, 404, "Custom status not found"),
        ("PUT", f"/users/{AGENT}/status", {"available": "no"}, 400, None),
        ("PUT", f"/users/{AGENT}/status", {"custom_status_uuid": 7}, 400, None),
        (
            "PUT",
            f"/users/{AGENT}/status",
            {"available": True, "custom_status_uuid": "0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e"},
            404,
            "Custom status not found",
        ),
        ("PUT", "/users/0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a/status", {"available": True}, 404, "User not found"),
        ("DELETE", "/users/0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a/status", None, 404, "User not found"),
    ],
)
def test_a_refused_change_changes_nothing(
    api, fresh, method: str, path: str, body: Any, status: int, message: Any
) -> None:
    before = dump(fresh)
    response = api.request(method, path, json=body)
    assert response.status_code == status, response.text
    if message is not None:
        assert response.json() == {"error": message}
    assert dump(fresh) == before


def test_putting_a_users_status_as_the_docs_do(api) -> None:
    """The snippet's body: away and on vacation; the team-members list shows the same."""
    api.delete(f"/users/{AGENT}/status")
    api.request("PUT", f"/users/{AGENT}/status", json={"available": True})
    response = api.request(
        "PUT", f"/users/{AGENT}/status", json={"available": False, "custom_status_uuid": VACATIONING}
    )
    assert response.status_code == 200
    body = response.json()["user_status"]
    assert (body["custom_status"]["id"], body["custom_status"]["name"]) == (VACATIONING, "Vacationing")
    assert body["appearance"]["available"] is False
    assert MILLIS.fullmatch(body["custom_status"]["last_updated_at"])
    assert MILLIS.fullmatch(body["appearance"]["last_updated_at"])
    member = _member(api, "john.doe@gmail.com")
    assert member["available"] is False
    assert member["userCustomStatus"]["id"] == VACATIONING


def test_only_what_the_body_names_changes(api) -> None:
    first = api.request("PUT", f"/users/{AGENT}/status", json={"custom_status_uuid": LUNCH}).json()["user_status"]
    second = api.request("PUT", f"/users/{AGENT}/status", json={"available": True}).json()["user_status"]
    assert second["custom_status"] == first["custom_status"]
    assert second["appearance"]["available"] is True
    third = api.request("PUT", f"/users/{AGENT}/status", json={}).json()["user_status"]
    assert third == second


def test_null_or_delete_unassigns_the_custom_status(api) -> None:
    cleared = api.request("PUT", f"/users/{AGENT}/status", json={"custom_status_uuid": None}).json()["user_status"]
    assert cleared["custom_status"] is None
    assert "userCustomStatus" not in _member(api, "john.doe@gmail.com")
    api.request("PUT", f"/users/{AGENT}/status", json={"custom_status_uuid": LUNCH})
    available = _member(api, "john.doe@gmail.com")["available"]
    response = api.delete(f"/users/{AGENT}/status")
    assert (response.status_code, response.content) == (204, b"")
    member = _member(api, "john.doe@gmail.com")
    assert "userCustomStatus" not in member
    assert member["available"] is available
    assert api.delete(f"/users/{AGENT}/status").status_code == 204


def test_changes_survive_a_state_round_trip(api, fresh) -> None:
    api.post("/custom_statuses", json={"name": "Coffee break"})
    api.request("PUT", f"/users/{AGENT}/status", json={"available": True, "custom_status_uuid": LUNCH})
    api.patch(f"/templates/{GENERAL}", json={"title": "Renamed"})
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    reset_mock(fresh)
    assert requests.put(f"{fresh}/__mock__/state", json=document, timeout=30).status_code == 200
    assert requests.get(f"{fresh}/__mock__/state", timeout=30).json() == document
    assert _member(api, "john.doe@gmail.com")["userCustomStatus"]["id"] == LUNCH


@pytest.mark.parametrize(
    ("where", "value"),
    [("customStatus", "0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e"), ("teams", ["0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a"])],
)
def test_a_user_pointing_at_nothing_is_refused(fresh, where: str, value: Any) -> None:
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    document["callbell"]["account"]["users"][0][where] = value
    response = requests.put(f"{fresh}/__mock__/state", json=document, timeout=30)
    assert response.status_code == 400
    assert requests.get(f"{fresh}/__mock__/state", timeout=30).json() != document


def test_concurrent_creates_and_renames_lose_nothing(api, fresh) -> None:
    """Each handler re-reads the account after its body arrived and stores the new one in one step."""
    before = len(api.get("/custom_statuses").json()["customStatuses"])

    def create(index: int) -> int:
        return api.post("/custom_statuses", json={"name": f"status {index}"}).status_code

    def rename(index: int) -> int:
        return api.patch(f"/teams/{GENERAL}", json={"name": f"team {index}"}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(create, range(24))) + list(pool.map(rename, range(8)))
    assert statuses == [200] * 32
    names = {s["name"] for s in api.get("/custom_statuses").json()["customStatuses"]}
    assert {f"status {index}" for index in range(24)} <= names
    assert len(api.get("/custom_statuses").json()["customStatuses"]) == before + 24
    assert api.get(f"/teams/{GENERAL}").json()["team"]["name"] in {f"team {index}" for index in range(8)}
