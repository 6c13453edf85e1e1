"""The /__mock__/ endpoints: reset, reseed, state dump and load, journal; and determinism across start-ups."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import requests

from mockserver import admin as admin_endpoints
from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock.client import SpecClient
from tests.mock.conftest import CONTACTS, SEED, TOKENS


def _ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_reset_returns_to_the_seeded_state(admin: SpecClient) -> None:
    before = requests.get(f"{admin.base_url}/__mock__/state", timeout=30).content
    admin.post("/api/contacts/", json={"subject": "temporary"})
    admin.delete("/api/contacts/1/")
    assert requests.post(f"{admin.base_url}/__mock__/reset", timeout=30).status_code == 200
    assert requests.get(f"{admin.base_url}/__mock__/state", timeout=30).content == before


def test_reseed_changes_seed_and_size(admin: SpecClient) -> None:
    response = requests.post(f"{admin.base_url}/__mock__/reseed", json={"seed": 7, "contacts": 15}, timeout=30)
    assert response.json() == {"seed": 7, "contacts": 15}
    assert admin.get("/api/contacts/").json()["count"] == 15
    requests.post(f"{admin.base_url}/__mock__/reseed", json={"seed": SEED, "contacts": CONTACTS}, timeout=30)


def test_reseed_refuses_nonsense(admin: SpecClient) -> None:
    for body in ({"seed": "x"}, {"contacts": -1}, [1]):
        response = requests.post(f"{admin.base_url}/__mock__/reseed", json=body, timeout=30)
        assert response.status_code == 400
    assert admin.get("/api/contacts/").json()["count"] == CONTACTS


def test_state_round_trips_through_dump_and_load(admin: SpecClient) -> None:
    created = admin.post("/api/contacts/", json={"subject": "kept"}).json()
    dumped = requests.get(f"{admin.base_url}/__mock__/state", timeout=30).json()
    requests.post(f"{admin.base_url}/__mock__/reset", timeout=30)
    assert admin.get(f"/api/contacts/{created['id']}/").status_code == 404
    assert requests.put(f"{admin.base_url}/__mock__/state", json=dumped, timeout=30).status_code == 200
    assert admin.get(f"/api/contacts/{created['id']}/").json()["subject"] == "kept"
    # ids continue after the loaded ones
    assert admin.post("/api/contacts/", json={"subject": "next"}).json()["id"] == created["id"] + 1


def test_a_state_larger_than_the_apis_body_limit_round_trips() -> None:
    # `--max-body` is the API's guard; the admin endpoints take a whole state (about 600 bytes a contact).
    with running_mock(Settings(seed=3, contacts=40, apis=("contacts",), max_body_bytes=4096)) as url:
        dumped = requests.get(f"{url}/__mock__/state", timeout=30).content
        assert len(dumped) > 4 * 4096
        requests.post(f"{url}/__mock__/reseed", json={"seed": 4, "contacts": 2}, timeout=30)
        response = requests.put(f"{url}/__mock__/state", data=dumped, timeout=30)
        assert response.status_code == 200, response.text
        assert requests.get(f"{url}/__mock__/state", timeout=30).content == dumped


def test_a_state_document_over_the_admin_limit_is_413_in_the_admin_format(
    admin: SpecClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The mock runs in this process: a small limit stands for the real one (a gibibyte is not sent in a test).
    monkeypatch.setattr(admin_endpoints, "ADMIN_MAX_BODY", 10_000)
    before = requests.get(f"{admin.base_url}/__mock__/state", timeout=30).content
    document = json.dumps({"format": "x", "pad": "p" * 10_000}).encode()
    for chunked in (False, True):  # refused by its Content-Length, or as it arrives
        body = iter([document[:5000], document[5000:]]) if chunked else document
        response = requests.put(f"{admin.base_url}/__mock__/state", data=body, timeout=30)
        assert response.status_code == 413
        assert response.json() == {"error": "Request body exceeds the limit of 10000 bytes."}
    assert requests.get(f"{admin.base_url}/__mock__/state", timeout=30).content == before


def test_loading_a_broken_state_is_refused_and_changes_nothing(admin: SpecClient) -> None:
    before = requests.get(f"{admin.base_url}/__mock__/state", timeout=30).content
    missing = json.loads(before)
    missing["contacts"]["records"][0].pop("subject")
    mistyped = json.loads(before)
    mistyped["contacts"]["records"][5]["viewed"] = "yes"
    bad_mobile = json.loads(before)
    bad_mobile["contacts"]["records"][7]["mobile_number"] = "+98912"
    for document in (missing, mistyped, bad_mobile, {"format": "other"}, {"format": "hamta-state/1"}):
        response = requests.put(f"{admin.base_url}/__mock__/state", json=document, timeout=30)
        assert response.status_code == 400
        assert "error" in response.json()
    assert requests.get(f"{admin.base_url}/__mock__/state", timeout=30).content == before


def test_journal_lists_recent_requests_newest_first(admin: SpecClient) -> None:
    requests.delete(f"{admin.base_url}/__mock__/journal", timeout=30)
    admin.get("/api/contacts/?limit=1")
    admin.get("/api/contacts")
    admin.post("/api/contacts/", json={})
    entries = requests.get(f"{admin.base_url}/__mock__/journal", timeout=30).json()["entries"]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/api/contacts/", 400),
        ("GET", "/api/contacts", 301),
        ("GET", "/api/contacts/?limit=1", 200),
    ]


def test_journal_records_unknown_paths_and_refused_methods(admin: SpecClient) -> None:
    # Neither has a declared route: both still pass through the edge, which journals them.
    requests.delete(f"{admin.base_url}/__mock__/journal", timeout=30)
    admin.get("/api/nowhere/")
    newline = admin.get("/api/x%0Ay/")  # a decoded path with a newline is still a path like any other
    assert newline.headers["Content-Type"].startswith("text/html")  # Django's 404 page, not aiohttp's text
    admin.delete("/api/contacts/")
    entries = requests.get(f"{admin.base_url}/__mock__/journal", timeout=30).json()["entries"]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("DELETE", "/api/contacts/", 405),
        ("GET", "/api/x%0Ay/", 404),
        ("GET", "/api/nowhere/", 404),
    ]


def test_an_admin_endpoint_refuses_other_methods_with_allow(admin: SpecClient) -> None:
    response = requests.get(f"{admin.base_url}/__mock__/reset", timeout=30)
    assert (response.status_code, response.headers["Allow"]) == (405, "POST")
    response = requests.post(f"{admin.base_url}/__mock__/journal", timeout=30)
    assert (response.status_code, set(response.headers["Allow"].split(","))) == (405, {"DELETE", "GET", "HEAD"})


def test_same_seed_gives_byte_identical_state_across_start_ups() -> None:
    dumps = []
    for _ in range(2):
        with running_mock(Settings(seed=99, contacts=300, apis=("contacts",))) as url:
            dumps.append(requests.get(f"{url}/__mock__/state", timeout=30).content)
    assert dumps[0] == dumps[1]
    with running_mock(Settings(seed=100, contacts=300, apis=("contacts",))) as url:
        assert requests.get(f"{url}/__mock__/state", timeout=30).content != dumps[0]


def test_seeded_data_is_realistic(admin: SpecClient) -> None:
    contacts = requests.get(f"{admin.base_url}/__mock__/state", timeout=30).json()["contacts"]["records"]
    persian = [c for c in contacts if c["first_name"] and "\u0600" <= c["first_name"][0] <= "\u06ff"]
    assert len(persian) > CONTACTS * 0.8
    mobiles = [c["mobile_number"] for c in contacts if c["mobile_number"]]
    assert all(len(m) == 11 and m.startswith("09") and m.isascii() and m.isdigit() for m in mobiles)
    viewed = [c for c in contacts if c["viewed"]]
    assert 0.2 < len(viewed) / len(contacts) < 0.7
    # Compare instants, not strings: DRF drops zero microseconds, which breaks lexicographic order.
    assert all(_ts(c["created_at"]) <= _ts(c["viewed_at"]) <= _ts(c["updated_at"]) for c in viewed)
    for field in ("email", "message", "mobile_number", "first_name"):
        assert any(c[field] is None for c in contacts), field
    months = {c["created_at"][:7] for c in contacts}
    assert len(months) >= 5
    assert [c["id"] for c in contacts] == sorted(c["id"] for c in contacts)
    assert [_ts(c["created_at"]) for c in contacts] == sorted(_ts(c["created_at"]) for c in contacts)


def test_seeded_accounts_are_listed_by_the_admin_endpoint(admin: SpecClient) -> None:
    info = requests.get(f"{admin.base_url}/__mock__/", timeout=30).json()
    seeded = info["credentials"]["contacts"]["seeded"]
    assert {c["user"]: c["secret"] for c in seeded} == TOKENS
    assert info["credentials"]["contacts"]["how"] == "Authorization: Token <secret>"
