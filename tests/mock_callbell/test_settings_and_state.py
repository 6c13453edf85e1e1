"""Start-up settings (contact shape, trailing-slash profile), determinism, and the state document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from mockserver.settings import Settings
from mockserver.testing import running_mock
from tests.mock_callbell.conftest import SEED, CallbellClient, dump

DOCS_UUIDS = {
    "414a6d692bd645ed803f2e7ce360d4c8",
    "ff8bec9363bc4c29b8b044eabf2afebd",
    "efd7d996470e463b89f079be6cf578ed",
    "c7b3d1216d4c4dcd908199d6700f2381",
}


@pytest.fixture(scope="module")
def slash_off() -> Iterator[CallbellClient]:
    with running_mock(Settings(seed=SEED, apis=("callbell",), quirks="off")) as url:
        yield CallbellClient(url)


def test_an_unknown_contact_shape_refuses_to_start() -> None:
    with (
        pytest.raises(RuntimeError, match="callbell_contact_shape"),
        running_mock(Settings(apis=("callbell",), callbell_contact_shape="tuple")),
    ):
        pass


def test_a_trailing_slash_is_served_as_the_declared_path(api) -> None:
    listed = api.get("/contacts/", params={"source": "whatsapp"})
    assert listed.status_code == 200
    assert listed.json() == api.get("/contacts", params={"source": "whatsapp"}).json()
    uuid = listed.json()["contacts"][0]["uuid"]
    assert api.get(f"/contacts/{uuid}/").json() == api.get(f"/contacts/{uuid}").json()
    created = api.post("/contacts/", json={"source": "whatsapp", "identifier": "1", "name": "x"})
    assert created.status_code == 200
    assert api.get("/teams/").json() == api.get("/teams").json()


def test_a_trailing_slash_request_still_passes_the_layers_after_the_quirk(api) -> None:
    # The quirk hands the twin route's request on through the later layers (Prefer here), not straight to it.
    for path in ("/contacts", "/contacts/"):
        answer = api.get(path, headers={"Prefer": "code=401"})
        assert (answer.status_code, answer.json()) == (401, {"error": "Unauthorized"})


def test_a_trailing_slash_still_needs_a_token(fresh) -> None:
    assert CallbellClient(fresh, token=None).get("/contacts/").status_code == 401


def test_with_quirks_off_a_trailing_slash_is_404(slash_off) -> None:
    response = slash_off.get("/contacts/")
    assert (response.status_code, response.json()) == (404, {"error": "Not found"})
    assert slash_off.get("/contacts").status_code == 200


def _state_bytes(url: str) -> bytes:
    return requests.get(f"{url}/__mock__/state", timeout=30).content


def test_same_seed_same_state_byte_for_byte() -> None:
    with running_mock(Settings(seed=SEED, apis=("callbell",))) as first:
        one = _state_bytes(first)
    with running_mock(Settings(seed=SEED, apis=("callbell",))) as second:
        two = _state_bytes(second)
    assert one == two
    with running_mock(Settings(seed=SEED + 1, apis=("callbell",))) as other:
        assert _state_bytes(other) != one


def test_seeded_contacts_look_real(fresh) -> None:
    state = dump(fresh)
    contacts = [c for c in state["contacts"] if c["uuid"] not in DOCS_UUIDS]  # the docs' own are not Persian
    assert 50 <= len(contacts) <= 100
    assert all(c["phoneNumber"].startswith("+98 9") for c in contacts)
    assert len({c["phoneNumber"] for c in contacts}) == len(contacts)
    assert any(c["tags"] for c in contacts)
    assert any(c["assignedUser"] for c in contacts)
    assert any(c["team"] for c in contacts)
    assert any(c["closedAt"] for c in contacts)
    assert {c["source"] for c in contacts} == {"whatsapp", "instagram", "telegram", "facebook"}
    types = {meta["type"] for c in contacts for meta in c["customFieldsMetadata"].values()}
    assert types == {"text", "email", "number", "date", "dropdown", "checkbox"}
    assert all(c["messages"] for c in contacts)


def _put(url: str, document: Any) -> requests.Response:
    return requests.put(f"{url}/__mock__/state", json=document, timeout=30)


def test_dump_then_load_round_trips_and_restores(api, fresh) -> None:
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    assert _put(fresh, document).status_code == 200
    assert requests.get(f"{fresh}/__mock__/state", timeout=30).json() == document
    uuid = document["callbell"]["contacts"][0]["uuid"]
    api.delete(f"/contacts/{uuid}")
    api.post("/contacts", json={"source": "whatsapp", "identifier": "1", "name": "x", "tags": ["hot"]})
    changed = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    assert _put(fresh, changed).status_code == 200
    assert requests.get(f"{fresh}/__mock__/state", timeout=30).json() == changed
    assert _put(fresh, document).status_code == 200
    assert api.get(f"/contacts/{uuid}").status_code == 200


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("phoneNumber", 12345),
        ("tags", "sales"),
        ("customFields", {"Status": ["a"]}),
        ("team", {"uuid": "0" * 32, "name": "x", "createdAt": "2024-01-01T00:00:00Z", "default": False, "members": 1}),
        ("botStatus", "bot_maybe"),
    ],
    ids=["phone", "tags", "custom-fields", "unknown-team", "bot-status"],
)
def test_a_contact_that_does_not_fit_is_refused_and_nothing_changes(fresh, where: str, value: Any) -> None:
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    before = _state_bytes(fresh)
    document["callbell"]["contacts"][0][where] = value
    response = _put(fresh, document)
    assert response.status_code == 400
    assert "callbell" in response.json()["error"]
    assert _state_bytes(fresh) == before


def test_a_missing_section_is_refused(fresh) -> None:
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    del document["callbell"]["account"]
    assert _put(fresh, document).status_code == 400


@pytest.mark.parametrize(
    ("key", "value"), [("account", []), ("sent", [["x"]]), ("contacts", "none"), ("next_id", "many")]
)
def test_a_section_of_the_wrong_shape_is_400_not_500(fresh, key: str, value: Any) -> None:
    document = requests.get(f"{fresh}/__mock__/state", timeout=30).json()
    document["callbell"][key] = value
    response = _put(fresh, document)
    assert response.status_code == 400
    assert "callbell" in response.json()["error"]
