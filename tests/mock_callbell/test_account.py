"""GET /teams, /channels and /funnels: the seeded account's configuration, in the spec's shapes."""

from __future__ import annotations

import re

from tests.mock_callbell.conftest import dump


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


def test_funnels(api, fresh) -> None:
    funnels = api.get("/funnels").json()["funnels"]
    assert funnels == dump(fresh)["account"]["funnels"]
    assert [f["position"] for f in funnels] == [1, 2, 3, 4]
    assert all(f["createdAt"].endswith(" +0330") for f in funnels)
