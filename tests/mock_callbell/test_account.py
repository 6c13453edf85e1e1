"""The account's configuration in the spec's shapes: /auth/me, /plan, teams (one, members, rename), channels
(one, rename) and funnels; the docs' identifiers next to the Persian shop's."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.mock_callbell.conftest import TOKENS, CallbellClient, dump


def test_teams(api, fresh) -> None:
    body = api.get("/teams").json()
    assert body["teams"] == dump(fresh)["account"]["teams"]
    assert body["meta"] == {"page": 1, "pages": 1}
    assert [team["default"] for team in body["teams"]].count(True) == 1
    assert all(re.fullmatch(r"[0-9a-f]{32}", team["uuid"]) for team in body["teams"])
    assert api.get("/teams", params={"page": 2}).json() == {"teams": [], "meta": {"page": 2, "pages": 1}}


def test_channels_and_their_filters(api) -> None:
    channels = api.get("/channels").json()["channels"]
    assert {c["type"] for c in channels} == {"whatsapp", "instagram", "facebook", "telegram"}
    assert [c["main"] for c in channels].count(True) == 1
    whatsapp = api.get("/channels", params={"type": "whatsapp"}).json()["channels"]
    assert whatsapp == [c for c in channels if c["type"] == "whatsapp"]
    active = api.get("/channels", params={"active": "true"}).json()["channels"]
    assert active == [c for c in channels if not c["discardedAt"]]
    inactive = api.get("/channels", params={"active": "false"}).json()["channels"]
    assert inactive == [c for c in channels if c["discardedAt"]]
    assert inactive


def test_channels_read_values_they_cannot_use_leniently(api) -> None:
    """The spec declares no 400 for GET /channels."""
    everything = api.get("/channels").json()["channels"]
    assert api.get("/channels", params={"active": "maybe"}).json()["channels"] == everything
    assert api.get("/channels", params={"page": "0"}).json()["meta"] == {"page": 1, "pages": 1}


DOCS_FUNNELS = [
    "ff0f96b9-b003-4d0c-b14f-27f3f6868dd6",
    "1cd7845e-6b93-453d-b015-9dce35d16f39",
    "1e6c0c57-c81d-49d2-81d2-fcec053a1ab6",
    "8c51dfc8-667a-4f7f-9c83-ae065524483a",
]


def test_funnels(api, fresh) -> None:
    """The docs' four (all at position 1, as their example has them), then the shop's four in order."""
    funnels = api.get("/funnels").json()["funnels"]
    assert funnels == dump(fresh)["account"]["funnels"]
    assert [f["uuid"] for f in funnels[:4]] == DOCS_FUNNELS
    assert [f["position"] for f in funnels] == [1, 1, 1, 1, 1, 2, 3, 4]
    assert all(f["createdAt"].endswith(" +0100") for f in funnels[:4])
    assert all(f["createdAt"].endswith(" +0330") for f in funnels[4:])


GENERAL = "ad42a09715814e6483b1c5debd6a2dbc"
SUPPORT_TEAM = "35402552d90c4041b6bcb9a3249c0263"
MAIN_CHANNEL = "7c996996fea947f4a1d5a11e7fac84db"
UNKNOWN = "0a0a0a0a0a0a4a0a8a0a0a0a0a0a0a0a"


def _users(base_url: str) -> list[dict[str, Any]]:
    users: list[dict[str, Any]] = dump(base_url)["account"]["users"]
    return users


def test_the_docs_teams_and_channels_are_seeded_under_every_seed(api) -> None:
    teams = {team["uuid"]: team for team in api.get("/teams").json()["teams"]}
    assert (teams[GENERAL]["name"], teams[GENERAL]["default"]) == ("General", True)
    assert [team["default"] for team in teams.values()].count(True) == 1
    channels = {channel["uuid"]: channel for channel in api.get("/channels").json()["channels"]}
    assert channels[MAIN_CHANNEL]["main"] is True
    # the text-send snippet's dashed channel exists and is active
    assert channels["35f6f8cc-b550-4278-a2ea-099f3a4e0730"]["discardedAt"] is False


def test_auth_me_names_the_key_and_user_behind_each_token(api, fresh) -> None:
    keys = {key["username"]: key for key in dump(fresh)["account"]["apiKeys"]}
    names = {user["email"]: user["name"] for user in _users(fresh)}
    for username, token in TOKENS.items():
        body = api.get("/auth/me", token=token).json()
        key = keys[username]
        assert body == {
            "status": "ok",
            "user_email": key["userEmail"],
            "user_name": names[key["userEmail"]],
            "api_key": key["apiKey"],
        }
        assert body["api_key"] != token
    assert api.get("/auth/me", token=TOKENS["docs"]).json()["user_email"] == "john_doe@email.com"


def test_auth_me_needs_a_valid_token(fresh) -> None:
    response = CallbellClient(fresh, token="test_notAToken").get("/auth/me")
    assert (response.status_code, response.json()) == (401, {"error": "Unauthorized"})


def test_plan_counts_the_accounts_users_and_lists_its_teams(api, fresh) -> None:
    body = api.get("/plan").json()
    assert body["activeUsers"] == len(_users(fresh))
    assert body["teams"] == api.get("/teams").json()["teams"]
    assert set(body) == {"plan", "includedChannels", "licenses", "activeUsers", "teams"}


def test_a_team_by_uuid_and_its_members(api, fresh) -> None:
    teams = api.get("/teams").json()["teams"]
    users = _users(fresh)
    for team in teams:
        assert api.get(f"/teams/{team['uuid']}").json() == {"team": team}
        members = api.get(f"/teams/{team['uuid']}/members").json()
        expected = [user["email"] for user in users if team["uuid"] in user["teams"]]
        assert [member["email"] for member in members["users"]] == expected
        assert team["members"] == len(expected)
        assert members["meta"] == {"page": 1, "pages": 1}
    general = api.get(f"/teams/{GENERAL}/members").json()["users"]
    assert [m["email"] for m in general] == ["john1@gmail.com", "john2@gmail.com"]
    assert "userCustomStatus" not in general[0]
    assert general[1]["userCustomStatus"]["id"] == "0d6041a2-8b88-49ec-a99b-a88a078a16c1"


def test_team_members_filter_by_status_and_page(api, fresh) -> None:
    everyone = api.get(f"/teams/{SUPPORT_TEAM}/members").json()["users"]
    available = api.get(f"/teams/{SUPPORT_TEAM}/members", params={"status": "available"}).json()["users"]
    away = api.get(f"/teams/{SUPPORT_TEAM}/members", params={"status": "away"}).json()["users"]
    assert available == [m for m in everyone if m["available"]]
    assert away == [m for m in everyone if not m["available"]]
    assert available
    assert away
    assert api.get(f"/teams/{SUPPORT_TEAM}/members", params={"status": "busy"}).json()["users"] == everyone
    assert api.get(f"/teams/{SUPPORT_TEAM}/members", params={"page": "2"}).json() == {
        "users": [],
        "meta": {"page": 2, "pages": 1},
    }


@pytest.mark.parametrize("path", [f"/teams/{UNKNOWN}", f"/teams/{UNKNOWN}/members", f"/channels/{UNKNOWN}"])
def test_an_unknown_team_or_channel_is_404(api, path: str) -> None:
    response = api.get(path)
    kind = "Team" if path.startswith("/teams") else "Channel"
    assert (response.status_code, response.json()) == (404, {"error": f"{kind} not found"})


def test_renaming_a_team_shows_everywhere_it_is_rendered(api) -> None:
    response = api.patch(f"/teams/{GENERAL}", json={"name": "Customer care", "ignored": 1})
    assert response.status_code == 200
    team = response.json()["team"]
    assert team["name"] == "Customer care"
    assert api.get(f"/teams/{GENERAL}").json() == {"team": team}
    assert team in api.get("/teams").json()["teams"]
    assert team in api.get("/plan").json()["teams"]
    unchanged = api.patch(f"/teams/{GENERAL}", json={}).json()["team"]
    assert unchanged == team


def test_a_channel_by_uuid_has_no_discarded_at_and_can_be_renamed(api) -> None:
    listed = {c["uuid"]: c for c in api.get("/channels").json()["channels"]}
    for uuid, channel in listed.items():
        one = api.get(f"/channels/{uuid}").json()["channel"]
        assert one == {key: value for key, value in channel.items() if key != "discardedAt"}
    renamed = api.patch(f"/channels/{MAIN_CHANNEL}", json={"title": "WhatsApp sales"}).json()["channel"]
    assert renamed == {**api.get(f"/channels/{MAIN_CHANNEL}").json()["channel"], "title": "WhatsApp sales"}
    assert next(c for c in api.get("/channels").json()["channels"] if c["uuid"] == MAIN_CHANNEL)["title"] == (
        "WhatsApp sales"
    )


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        (f"/teams/{GENERAL}", {"name": "   "}, 400, None),
        (f"/teams/{GENERAL}", {"name": 5}, 400, None),
        (f"/teams/{GENERAL}", {"name": "x" * 256}, 422, "Name is too long (maximum is 255 characters)"),
        (f"/channels/{MAIN_CHANNEL}", {"title": "x" * 256}, 422, "Title is too long (maximum is 255 characters)"),
        (f"/teams/{GENERAL}", [], 400, None),
        (f"/channels/{MAIN_CHANNEL}", {"title": ""}, 400, None),
        (f"/channels/{MAIN_CHANNEL}", {"title": None}, 400, None),
        (f"/teams/{UNKNOWN}", {"name": "x"}, 404, "Team not found"),
        (f"/channels/{UNKNOWN}", {"title": "x"}, 404, "Channel not found"),
    ],
)
def test_a_refused_rename_changes_nothing(api, fresh, path: str, body: Any, status: int, message: str | None) -> None:
    before = dump(fresh)
    response = api.patch(path, json=body)
    assert response.status_code == status, response.text
    if message is not None:
        assert response.json() == {"error": message}
    assert "error" in response.json()
    assert dump(fresh) == before


def test_a_rename_without_a_body_is_400(api) -> None:
    response = api.patch(f"/teams/{GENERAL}", data=b"", headers={"Content-Type": "application/json"})
    assert response.status_code == 400


def test_a_repeated_query_parameter_counts_with_its_last_value(api) -> None:
    # Rack's query parser sets a plain key again for each later value: Rails' params[:page] is the last one.
    assert (
        api.get("/teams", params=[("page", "1"), ("page", "2")]).json() == api.get("/teams", params={"page": 2}).json()
    )
    assert api.get("/teams", params=[("page", "2"), ("page", "1")]).json()["meta"] == {"page": 1, "pages": 1}
    whatsapp = api.get("/channels", params={"type": "whatsapp"}).json()["channels"]
    assert api.get("/channels", params=[("type", "telegram"), ("type", "whatsapp")]).json()["channels"] == whatsapp
